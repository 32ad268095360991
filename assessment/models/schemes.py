"""A committee's assessment scheme for one year, and the parts that are not point rules."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import transition
from simple_history.models import HistoricalRecords

from cppcc.workflow import StateField

SCORE_DIGITS = {"max_digits": 7, "decimal_places": 2}


class AssessmentScheme(models.Model):
    """How one committee scores its members for one year (考核办法), kept as data.

    A scheme is drafted, put into force, and frozen once a year's results rest on it; a frozen
    scheme no longer changes, so results computed from it can always be explained.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", pgettext_lazy("assessment scheme", "In force")
        FROZEN = "frozen", _("Frozen")

    class ScoringMode(models.TextChoices):
        BASE_PLUS_BONUS = "base_plus_bonus", _("Base score plus capped bonus")
        FROM_ZERO = "from_zero", _("Built up from zero")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="assessment_schemes",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    state = StateField(
        pgettext_lazy("assessment scheme", "state"),
        max_length=10,
        choices=State.choices,
        default=State.DRAFT,
    )
    scoring_mode = models.CharField(_("scoring mode"), max_length=16, choices=ScoringMode.choices)
    base_score = models.DecimalField(
        _("base score"),
        null=True,
        blank=True,
        help_text=_("Only when scoring a base plus a capped bonus, e.g. 70."),
        **SCORE_DIGITS,
    )
    bonus_cap = models.DecimalField(
        _("bonus cap"),
        null=True,
        blank=True,
        help_text=_("The most bonus points counted above the base, e.g. 50."),
        **SCORE_DIGITS,
    )
    max_score = models.DecimalField(
        _("maximum score"),
        null=True,
        blank=True,
        help_text=_("Leave empty when a score built up from zero has no ceiling."),
        **SCORE_DIGITS,
    )
    prorate_partial_year = models.BooleanField(
        _("pro-rate partial years"),
        default=False,
        help_text=_("Scale the expected work of members who served only part of the year."),
    )
    prorate_basis_days = models.PositiveSmallIntegerField(
        _("days in the pro-rating year"), default=365
    )
    prorate_excludes_long_leave = models.BooleanField(
        _("exclude approved long leave"),
        default=False,
        help_text=_("Days of approved long leave do not count as days served."),
    )
    long_leave_min_days = models.PositiveSmallIntegerField(
        _("long leave from (days)"),
        null=True,
        blank=True,
        help_text=_("Approved leave this long or longer counts as long leave."),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Goes up by one with every change.")
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    committee_guards = (("committee", "copied_from"),)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["committee", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"],
                name="assessment_scheme_one_per_committee_year",
                violation_error_message=_("The committee already has a scheme for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="assessment_scheme_year_sensible",
                violation_error_message=_("Enter a year between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "active", "frozen"]),
                name="assessment_scheme_state_valid",
                violation_error_message=_("Unknown state."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        scoring_mode="base_plus_bonus",
                        base_score__isnull=False,
                        bonus_cap__isnull=False,
                        max_score__isnull=False,
                    )
                    | Q(scoring_mode="from_zero", base_score__isnull=True, bonus_cap__isnull=True)
                ),
                name="assessment_scheme_scoring_mode_fields",
                violation_error_message=_(
                    "A base plus capped bonus needs the base, the bonus cap and the maximum; "
                    "a score built from zero has neither base nor bonus cap."
                ),
            ),
            models.CheckConstraint(
                condition=Q(base_score__isnull=True) | Q(base_score__gte=0),
                name="assessment_scheme_base_not_negative",
                violation_error_message=_("The base score cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(bonus_cap__isnull=True) | Q(bonus_cap__gt=0),
                name="assessment_scheme_bonus_cap_positive",
                violation_error_message=_("The bonus cap must be above zero."),
            ),
            models.CheckConstraint(
                condition=Q(max_score__isnull=True) | Q(max_score__gt=0),
                name="assessment_scheme_max_positive",
                violation_error_message=_("The maximum score must be above zero."),
            ),
            models.CheckConstraint(
                condition=Q(scoring_mode="from_zero")
                | Q(max_score__gte=F("base_score") + F("bonus_cap")),
                name="assessment_scheme_base_and_bonus_within_max",
                violation_error_message=_(
                    "The base score plus the bonus cap cannot exceed the maximum score."
                ),
            ),
            models.CheckConstraint(
                condition=Q(prorate_basis_days__gte=360, prorate_basis_days__lte=366),
                name="assessment_scheme_prorate_basis_a_year",
                violation_error_message=_("A pro-rating year has between 360 and 366 days."),
            ),
            models.CheckConstraint(
                condition=Q(prorate_excludes_long_leave=False)
                | Q(
                    prorate_partial_year=True,
                    long_leave_min_days__isnull=False,
                    long_leave_min_days__gte=1,
                ),
                name="assessment_scheme_long_leave_needs_prorating",
                violation_error_message=_(
                    "Excluding long leave needs pro-rating and the number of days that "
                    "makes leave long."
                ),
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="assessment_scheme_version_positive",
                violation_error_message=_("The version starts at 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    @property
    def is_frozen(self) -> bool:
        return self.state == self.State.FROZEN

    @transition(field=state, source=State.DRAFT, target=State.ACTIVE)
    def activate(self) -> None:
        pass

    @transition(field=state, source=State.ACTIVE, target=State.FROZEN)
    def freeze(self) -> None:
        pass

    @transition(field=state, source=State.FROZEN, target=State.ACTIVE)
    def reopen(self) -> None:
        pass

    def clean(self) -> None:
        if self.copied_from_id and self.committee_id:
            if self.copied_from.committee_id != self.committee_id:
                raise ValidationError(
                    {"copied_from": _("The scheme copied from belongs to another committee.")}
                )


class SchemePart(models.Model):
    """Something a scheme is made of (each subclass names its ``scheme`` foreign key)."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True


class SchemeCategory(SchemePart):
    """A group of rules scored together (履职 / 出勤 / 学习), with its own ceiling and floor."""

    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("assessment scheme"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    name = models.CharField(_("name"), max_length=100)
    cap = models.DecimalField(
        pgettext_lazy("assessment", "cap"),
        null=True,
        blank=True,
        help_text=_("The most points the category counts, e.g. 80."),
        **SCORE_DIGITS,
    )
    start_points = models.DecimalField(
        _("starting points"),
        default=0,
        help_text=_("Points every member starts the category with, before deductions, e.g. 10."),
        **SCORE_DIGITS,
    )
    floor = models.DecimalField(
        _("floor"),
        null=True,
        blank=True,
        help_text=_("Deductions never take the category below this, e.g. 0."),
        **SCORE_DIGITS,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scheme category")
        verbose_name_plural = _("scheme categories")
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "name"],
                name="assessment_category_unique_name",
                violation_error_message=_("The scheme already has a category of this name."),
            ),
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(cap__gt=0),
                name="assessment_category_cap_positive",
                violation_error_message=_("A cap must be above zero."),
            ),
            models.CheckConstraint(
                condition=Q(start_points__gte=0)
                & (Q(cap__isnull=True) | Q(start_points__lte=F("cap"))),
                name="assessment_category_start_within_cap",
                violation_error_message=_(
                    "The starting points cannot be negative nor above the cap."
                ),
            ),
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(floor__isnull=True) | Q(floor__lt=F("cap")),
                name="assessment_category_floor_below_cap",
                violation_error_message=_("The floor must be below the cap."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class QualitativePart(SchemePart):
    """An evaluation by people rather than a count of records, with its weight or points."""

    class Kind(models.TextChoices):
        STANDING_COMMITTEE = "standing_committee", _("Standing Committee evaluation")
        LIAISON_GROUP = "liaison_group", _("Liaison group evaluation")
        PUBLIC = "public", _("Public evaluation")

    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("assessment scheme"),
        on_delete=models.CASCADE,
        related_name="qualitative_parts",
    )
    kind = models.CharField(_("evaluation"), max_length=20, choices=Kind.choices)
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Share of the final score, between 0 and 1, e.g. 0.2."),
    )
    max_points = models.DecimalField(_("maximum points"), null=True, blank=True, **SCORE_DIGITS)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("qualitative part")
        verbose_name_plural = _("qualitative parts")
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "kind"],
                name="assessment_qualitative_unique_kind",
                violation_error_message=_("The scheme already has this evaluation."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["standing_committee", "liaison_group", "public"]),
                name="assessment_qualitative_kind_valid",
                violation_error_message=_("Unknown evaluation."),
            ),
            models.CheckConstraint(
                condition=Q(
                    weight__isnull=False, max_points__isnull=True, weight__gt=0, weight__lte=1
                )
                | Q(weight__isnull=True, max_points__isnull=False, max_points__gt=0),
                name="assessment_qualitative_weight_or_points",
                violation_error_message=_(
                    "Give either a weight between 0 and 1 or a maximum of points above zero."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class GradeBand(SchemePart):
    """A grade (优秀 / 称职 …) reached from a minimum score, and what follows from it."""

    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("assessment scheme"),
        on_delete=models.CASCADE,
        related_name="grades",
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=50)
    min_score = models.DecimalField(_("minimum score"), **SCORE_DIGITS)
    consequence = models.TextField(
        _("consequence"),
        blank=True,
        help_text=_("E.g. a talk with the convener after one such year."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["scheme", "-min_score"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"],
                name="assessment_grade_unique_code",
                violation_error_message=_("The scheme already has a grade with this code."),
            ),
            models.UniqueConstraint(
                fields=["scheme", "min_score"],
                name="assessment_grade_unique_min_score",
                violation_error_message=_("Another grade starts at this score."),
            ),
            models.CheckConstraint(
                condition=Q(min_score__gte=0),
                name="assessment_grade_min_score_not_negative",
                violation_error_message=_("The minimum score cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(code="") & ~Q(name=""),
                name="assessment_grade_code_and_name",
                violation_error_message=_("Enter the code and the name of the grade."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
