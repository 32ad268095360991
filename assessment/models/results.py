"""What the score engine writes: the ledger of scored facts, and each member's result for a year.

The ledger (``ScoredFact``) holds one row per duty record and member that can earn or lose points,
with the attributes the scheme's rules filter on, the member's sector and liaison group *on the
day of the duty*, and the record it came from. It does not depend on the scheme: rebuilding it
from the duty tables is idempotent, and scoring matches its rows to the rules in SQL.

A ``Result`` is one member's year: totals, grade, ranks, the scheme version it was computed with.
Its lines (per rule), categories (caps and floors), minimums and qualitative parts explain it.
Results are kept by (member, year) and updated in place, so disputes and notifications that point
at a result survive a recompute.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import transition
from simple_history.models import HistoricalRecords

from cppcc.workflow import StateField

from .rules import DutyKind, MinimumRequirement, SchemeRule
from .schemes import (
    SCORE_DIGITS,
    AssessmentScheme,
    GradeBand,
    QualitativePart,
    SchemeCategory,
)

#: Points of a single fact carry more decimals (a co-signer's share of 15 among 7 people).
FACT_DIGITS = {"max_digits": 12, "decimal_places": 4}


class ScoredFact(models.Model):
    """One duty record of one member, as the score engine sees it.

    The ledger is rewritten on every recompute, and each index costs an entry per written row:
    foreign keys that the composite indexes below already lead with (committee, member), or
    that nothing looks facts up by (sector, liaison group, record type: only their rare
    deletion scans), have no index of their own.

    For the same reason the references a fact copies from its duty record (committee, member,
    sector and group of the day, record type) are not checked again by the database on every
    written fact (``db_constraint=False``; the checks were 40% of a rebuild): the facts are
    written in one statement from rows whose own foreign keys the database checks, in the
    transaction that reads them, and deletions still go through Django's ``on_delete``. The
    scheme's rule, which changes with the scheme, keeps its database check."""

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        db_index=False,
        db_constraint=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="scored_facts",
        db_index=False,
        db_constraint=False,
    )
    sector = models.ForeignKey(
        "sectors.Sector",
        verbose_name=_("sector on the day"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    liaison_group = models.ForeignKey(
        "liaison.LiaisonGroup",
        verbose_name=_("liaison group on the day"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    standing = models.BooleanField(_("on the Standing Committee on the day"), default=False)
    duty_kind = models.CharField(_("duty kind"), max_length=20, choices=DutyKind.choices)
    occurred_on = models.DateField(_("date"))
    # What the rules filter on; empty where it does not apply.
    meeting_kind = models.CharField(_("meeting kind"), max_length=30, blank=True)
    attendance_status = models.CharField(_("attendance"), max_length=24, blank=True)
    speech_kind = models.CharField(_("speech form"), max_length=8, blank=True)
    role = models.CharField(_("role"), max_length=20, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, blank=True)
    training_completion = models.CharField(_("training completion"), max_length=8, blank=True)
    commendation_level = models.CharField(_("commendation level"), max_length=12, blank=True)
    qualitative_kind = models.CharField(_("evaluation"), max_length=20, blank=True)
    off_site = models.BooleanField(_("off-site"), default=False)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=7,
        decimal_places=2,
        default=1,
        help_text=_("Half-days for attendance, the score for an evaluation, otherwise 1."),
    )
    credit_rank = models.PositiveSmallIntegerField(
        _("place among those credited"), default=1, help_text=_("1 for the first proposer.")
    )
    co_credited = models.PositiveSmallIntegerField(
        _("others credited"), default=0, help_text=_("Co-signers or co-authors of joint work.")
    )
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    source_id = models.PositiveBigIntegerField(_("record"))
    description = models.CharField(_("description"), max_length=200)
    # Filled in by scoring: the rule the fact counted under and the points it earned.
    rule = models.ForeignKey(
        SchemeRule,
        verbose_name=_("counted under"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facts",
    )
    points = models.DecimalField(_("points"), null=True, blank=True, **FACT_DIGITS)

    class Meta:
        verbose_name = _("scored fact")
        verbose_name_plural = _("scored facts")
        ordering = ["member", "occurred_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "member",
                    "year",
                    "duty_kind",
                    "source_type",
                    "source_id",
                    "outcome",
                    "qualitative_kind",
                ],
                name="assessment_fact_once_per_record",
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "year", "member"], name="assessment_fact_scope"),
            models.Index(fields=["member", "year", "rule"], name="assessment_fact_line"),
        ]

    def __str__(self) -> str:
        return self.description


class Result(models.Model):
    """A member's assessment for one year."""

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="assessment_results",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="assessment_results",
    )
    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("assessment scheme"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    scheme_version = models.PositiveIntegerField(_("scheme version"))
    sector = models.ForeignKey(
        "sectors.Sector",
        verbose_name=_("sector"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The sector on the member's last day of the year."),
    )
    liaison_group = models.ForeignKey(
        "liaison.LiaisonGroup",
        verbose_name=_("liaison group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    days_served = models.PositiveSmallIntegerField(_("days served"), default=0)
    prorate_factor = models.DecimalField(
        _("pro-rating factor"), max_digits=5, decimal_places=4, default=1
    )
    quantitative = models.DecimalField(_("points for duties"), default=0, **SCORE_DIGITS)
    total = models.DecimalField(_("total score"), default=0, **SCORE_DIGITS)
    grade = models.ForeignKey(
        GradeBand,
        verbose_name=_("grade"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    grade_capped = models.BooleanField(
        _("grade capped by a minimum"), default=False, help_text=_("A minimum was not met.")
    )
    rank_in_committee = models.PositiveIntegerField(_("rank in the committee"), null=True)
    rank_in_sector = models.PositiveIntegerField(_("rank in the sector"), null=True)
    served_from = models.DateField(_("served from"), null=True)
    served_until = models.DateField(_("served until"), null=True)
    computed_at = models.DateTimeField(_("computed at"))
    notified_at = models.DateTimeField(_("result notified at"), null=True, blank=True)

    committee_guards = (("committee", "member"), ("committee", "scheme"))

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["committee", "-year", "rank_in_committee", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="assessment_result_one_per_member_year",
                violation_error_message=_("The member already has a result for this year."),
            ),
        ]
        indexes = [models.Index(fields=["committee", "year"], name="assessment_result_scope")]

    def __str__(self) -> str:
        return f"{self.year} {self.member}"


class ResultLine(models.Model):
    """What one rule gave a member: count × points, with the rule's yearly cap applied."""

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="lines"
    )
    rule = models.ForeignKey(
        SchemeRule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveIntegerField(_("records"))
    quantity = models.DecimalField(_("quantity"), max_digits=9, decimal_places=2)
    raw_points = models.DecimalField(_("points before the cap"), **FACT_DIGITS)
    points = models.DecimalField(_("points"), **FACT_DIGITS)
    capped = models.BooleanField(_("cap applied"), default=False)

    class Meta:
        verbose_name = _("result line")
        verbose_name_plural = _("result lines")
        ordering = ["result", "rule__order", "rule"]
        constraints = [
            models.UniqueConstraint(fields=["result", "rule"], name="assessment_line_per_rule"),
        ]

    def __str__(self) -> str:
        return str(self.rule)


class ResultCategory(models.Model):
    """A category's points for a member: its starting points plus its lines, within cap and floor."""

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="categories"
    )
    category = models.ForeignKey(
        SchemeCategory, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+"
    )
    raw_points = models.DecimalField(_("points before the cap"), **FACT_DIGITS)
    points = models.DecimalField(_("points"), **FACT_DIGITS)
    capped = models.BooleanField(_("cap applied"), default=False)
    floored = models.BooleanField(_("floor applied"), default=False)

    class Meta:
        verbose_name = _("category result")
        verbose_name_plural = _("category results")
        ordering = ["result", "category__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "category"], name="assessment_category_result_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.category)


class ResultMinimum(models.Model):
    """Whether a member met one minimum requirement."""

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="minimums"
    )
    minimum = models.ForeignKey(
        MinimumRequirement,
        verbose_name=_("minimum requirement"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("records"))
    required = models.PositiveSmallIntegerField(_("required"))
    met = models.BooleanField(_("met"))

    class Meta:
        verbose_name = _("minimum met")
        verbose_name_plural = _("minimums met")
        ordering = ["result", "minimum__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "minimum"], name="assessment_minimum_result_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.minimum)


class ResultQualitative(models.Model):
    """An evaluation's score for a member (0–100) and what it adds to the total."""

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="qualitative"
    )
    part = models.ForeignKey(
        QualitativePart,
        verbose_name=_("qualitative part"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    score = models.DecimalField(_("evaluation score"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        ordering = ["result", "part__order"]
        constraints = [
            models.UniqueConstraint(fields=["result", "part"], name="assessment_qual_result_once"),
        ]

    def __str__(self) -> str:
        return str(self.part)


class RecomputeRequest(models.Model):
    """A member whose result must be recomputed soon because one of their records changed.

    Changes within a few seconds of each other leave one row (it is unique), and the task that
    takes the row recomputes once: this is how per-member recomputes are coalesced."""

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recompute request")
        verbose_name_plural = _("recompute requests")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="assessment_recompute_once"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.member_id}"


class RecomputeRun(models.Model):
    """One call of the score engine on a committee's year, or on some of its members: when, with
    which scheme version, and why — the staff member who asked for it, or what set it off.

    Person-made changes to results keep their own authors (disputes, ``YearAction``); a run names
    the cause of what the engine rewrote, and its ``ResultRevision`` rows keep what it replaced."""

    class Reason(models.TextChoices):
        STAFF = "staff", _("Asked for by staff")
        RECORDS = "records", _("Duty records changed")
        NIGHTLY = "nightly", _("Nightly recompute")
        SYSTEM = "system", _("Data load or command")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("assessment scheme"),
        on_delete=models.PROTECT,
        related_name="recompute_runs",
    )
    scheme_version = models.PositiveIntegerField(_("scheme version"))
    members = models.PositiveIntegerField(
        _("members recomputed"), null=True, blank=True, help_text=_("Empty: the whole year.")
    )
    reason = models.CharField(_("why"), max_length=10, choices=Reason.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked for by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    results_changed = models.PositiveIntegerField(
        _("results changed"),
        default=0,
        help_text=_("Results that came out different or went away; new results are not counted."),
    )

    class Meta:
        verbose_name = _("results recompute")
        verbose_name_plural = _("results recomputes")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["committee", "-started_at"], name="assessment_run_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="staff") | Q(by__isnull=False),
                name="assessment_run_staff_named",
                violation_error_message=_("A recompute asked for by staff names who asked."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.get_reason_display()} · {self.started_at:%Y-%m-%d %H:%M}"


class ResultRevision(models.Model):
    """What a result was before a recompute changed it (kept only when it did change; a result
    the recompute removed — its member no longer served in the year — keeps its last value).

    Written in bulk by the engine, one statement per recompute, from the results themselves: the
    references it copies from a result are not checked again by the database (as for the
    ledger), and the result may since be gone, so the revision outlives it."""

    run = models.ForeignKey(
        RecomputeRun,
        verbose_name=_("replaced by the recompute"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    result = models.ForeignKey(
        Result,
        verbose_name=_("result"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="revisions",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        db_index=False,
        db_constraint=False,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    scheme_version = models.PositiveIntegerField(_("scheme version"))
    quantitative = models.DecimalField(_("points for duties"), **SCORE_DIGITS)
    total = models.DecimalField(_("total score"), **SCORE_DIGITS)
    grade = models.ForeignKey(
        GradeBand,
        verbose_name=_("grade"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
        related_name="+",
    )
    grade_name = models.CharField(_("grade name"), max_length=50, blank=True)
    grade_capped = models.BooleanField(_("grade capped by a minimum"), default=False)
    rank_in_committee = models.PositiveIntegerField(_("rank in the committee"), null=True)
    rank_in_sector = models.PositiveIntegerField(_("rank in the sector"), null=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("earlier result")
        verbose_name_plural = _("earlier results")
        ordering = ["-run_id", "pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.member_id} · {self.total}"


class YearAction(models.Model):
    """A recorded act on a committee's assessment year: finalising it, or re-opening it."""

    class Action(models.TextChoices):
        FINALISE = "finalise", _("Finalised")
        REOPEN = "reopen", _("Re-opened")

    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("assessment scheme"),
        on_delete=models.CASCADE,
        related_name="year_actions",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    results = models.PositiveIntegerField(_("number of results"), default=0)

    class Meta:
        verbose_name = _("year finalised or re-opened")
        verbose_name_plural = _("years finalised or re-opened")
        ordering = ["scheme", "-at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="finalise") | ~Q(reason=""),
                name="assessment_reopen_needs_reason",
                violation_error_message=_("Say why the year is re-opened."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.get_action_display()}"


class Dispute(models.Model):
    """A member's objection to one line of their result, and how staff resolved it."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("dispute", "Open")
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", pgettext_lazy("dispute", "Rejected")

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.PROTECT, related_name="disputes"
    )
    rule = models.ForeignKey(
        SchemeRule,
        verbose_name=_("rule"),
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    comment = models.TextField(_("member's comment"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"))
    state = StateField(
        pgettext_lazy("dispute", "state"), max_length=10, choices=State.choices, default=State.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "rule"],
                condition=Q(state="open"),
                name="assessment_dispute_one_open_per_line",
                violation_error_message=_("This line is already disputed."),
            ),
            models.CheckConstraint(
                condition=Q(state="open", resolved_at__isnull=True)
                | (~Q(state="open") & Q(resolved_at__isnull=False) & ~Q(resolution="")),
                name="assessment_dispute_resolution_recorded",
                violation_error_message=_("A resolved dispute needs its resolution and date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result} · {self.rule}"

    @transition(field=state, source=State.OPEN, target=State.UPHELD)
    def uphold(self) -> None:
        pass

    @transition(field=state, source=State.OPEN, target=State.REJECTED)
    def reject(self) -> None:
        pass
