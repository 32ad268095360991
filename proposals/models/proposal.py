"""The proposal (提案) and its workflow.

The state machine lives on the model as django-fsm transitions; each transition only changes the
proposal's own fields. Who may run it, the rows it touches elsewhere (co-signers, assignments,
counters) and the saving are the job of ``proposals.services``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import transition
from simple_history.models import HistoricalRecords

from cppcc.workflow import StateField
from members.models import Party

from .base import StateMachineModel
from .proposal_choices import (
    AnswerCategory,
    Conversion,
    ProposalCategory,
    ProposalState,
    Satisfaction,
    SubmitterKind,
)
from .proposal_constraints import PROPOSAL_CONSTRAINTS

S = ProposalState


class Proposal(StateMachineModel):
    State = ProposalState
    Category = ProposalCategory
    SubmitterKind = SubmitterKind
    Conversion = Conversion
    AnswerCategory = AnswerCategory
    Satisfaction = Satisfaction

    illegal_transition_message = _("The proposal is “%(state)s”; it cannot be “%(action)s”.")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    term = models.ForeignKey(
        "committees.Term",
        verbose_name=_("term"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    session = models.CharField(
        pgettext_lazy("plenary session", "session"),
        max_length=40,
        blank=True,
        help_text=_("e.g. 十二届三次会议"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    category = models.CharField(_("category"), max_length=12, choices=ProposalCategory.choices)

    submitter_kind = models.CharField(
        _("submitted as"),
        max_length=20,
        choices=SubmitterKind.choices,
        default=SubmitterKind.MEMBER,
    )
    first_proposer = models.ForeignKey(
        "members.Member",
        verbose_name=_("first proposer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="first_proposals",
        help_text=_(
            "Required for member and joint proposals; the lead drafter of a collective one."
        ),
    )
    submitting_sector = models.ForeignKey(
        "sectors.Sector",
        verbose_name=_("submitting sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    submitting_party = models.CharField(
        _("submitting party"), max_length=12, choices=Party.choices, blank=True
    )
    submitting_special_committee = models.ForeignKey(
        "committees.SpecialCommittee",
        verbose_name=_("submitting special committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    session_group = models.CharField(_("session group"), max_length=60, blank=True)

    state = StateField(
        _("state"), max_length=20, choices=ProposalState.choices, default=S.DRAFT, protected=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    returned_reason = models.TextField(
        _("reason for return"), blank=True, help_text=_("Why staff returned it for revision.")
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)

    serial_number = models.PositiveIntegerField(_("serial number"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("not registered at"), null=True, blank=True)
    not_registered_reason = models.TextField(_("reason for not registering"), blank=True)
    conversion = models.CharField(
        _("conversion"), max_length=16, choices=Conversion.choices, default=Conversion.NONE
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    handling_round = models.PositiveSmallIntegerField(
        _("handling round"),
        default=0,
        help_text=_("1 once assigned; each unsatisfied rating starts another round."),
    )
    answer_category = models.CharField(
        _("answer category"), max_length=1, choices=AnswerCategory.choices, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    satisfaction_comment = models.TextField(_("proposer's comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    is_key = models.BooleanField(_("key proposal"), default=False)
    supervising_leader = models.CharField(
        _("supervising leader"), max_length=100, blank=True, help_text=_("Name and title.")
    )
    is_excellent = models.BooleanField(_("excellent proposal"), default=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    committee_guards = (
        ("committee", "term"),
        ("committee", "first_proposer"),
        ("committee", "submitting_sector"),
        ("committee", "submitting_special_committee"),
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-year", "serial_number", "-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["committee", "year", "state"]),
            # The default order (the back office's list of a whole province reads its first
            # page off this index instead of sorting every proposal).
            models.Index(
                fields=["-year", "serial_number", "-submitted_at", "-id"],
                name="proposals_default_order",
            ),
        ]
        constraints = PROPOSAL_CONSTRAINTS

    def __str__(self) -> str:
        if self.serial_number:
            return f"{self.serial_label} {self.title}"
        return self.title

    @property
    def serial_label(self) -> str:
        """The number printed on the proposal, e.g. ``2024-0031``."""
        if self.serial_number is None:
            return ""
        return f"{self.year}-{self.serial_number:04d}"

    @property
    def is_collective(self) -> bool:
        return self.submitter_kind not in (SubmitterKind.MEMBER, SubmitterKind.JOINT)

    @property
    def submitter_display(self) -> str:
        """Who submitted it, as printed in a list."""
        if self.submitter_kind == SubmitterKind.SECTOR:
            return str(self.submitting_sector)
        if self.submitter_kind == SubmitterKind.PARTY:
            return self.get_submitting_party_display()
        if self.submitter_kind == SubmitterKind.SPECIAL_COMMITTEE:
            return str(self.submitting_special_committee)
        if self.submitter_kind == SubmitterKind.SESSION_GROUP:
            return self.session_group
        return str(self.first_proposer) if self.first_proposer_id else ""

    def clean(self) -> None:
        errors = {}
        for field in (
            "term",
            "first_proposer",
            "submitting_sector",
            "submitting_special_committee",
        ):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if (
                related is not None
                and self.committee_id
                and related.committee_id != self.committee_id
            ):
                errors[field] = _("This belongs to another committee.")
        if self.term_id and self.year and "term" not in errors:
            if not self.term.start_date.year <= self.year <= self.term.end_date.year:
                errors["year"] = _("The year must fall within the term (%(start)s to %(end)s).") % {
                    "start": self.term.start_date.year,
                    "end": self.term.end_date.year,
                }
        if errors:
            raise ValidationError(errors)

    # Transitions. Each sets the fields that go with the new state; services do the rest.

    @transition(field=state, source=S.DRAFT, target=S.SUBMITTED, custom={"label": _("submit")})
    def submit(self, *, at) -> None:
        self.submitted_at = at

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.DRAFT,
        custom={"label": _("return for revision")},
    )
    def return_for_revision(self, *, reason: str) -> None:
        self.returned_reason = reason
        self.submitted_at = None

    @transition(
        field=state,
        source=[S.DRAFT, S.SUBMITTED],
        target=S.WITHDRAWN,
        custom={"label": _("withdraw")},
    )
    def withdraw(self, *, reason: str, at) -> None:
        self.withdrawn_reason = reason
        self.withdrawn_at = at

    @transition(
        field=state, source=S.SUBMITTED, target=S.REGISTERED, custom={"label": _("register")}
    )
    def register(self, *, serial_number: int, at, by) -> None:
        self.serial_number = serial_number
        self.registered_at = at
        self.reviewed_by = by

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.NOT_REGISTERED,
        custom={"label": _("decline registration")},
    )
    def decline_registration(self, *, reason: str, conversion: str, at, by) -> None:
        self.not_registered_reason = reason
        self.conversion = conversion
        self.declined_at = at
        self.reviewed_by = by

    @transition(field=state, source=S.REGISTERED, target=S.ASSIGNED, custom={"label": _("assign")})
    def assign(self) -> None:
        self.handling_round = 1

    @transition(
        field=state,
        source=[S.ASSIGNED, S.REOPENED],
        target=S.ANSWERED,
        custom={"label": _("answer")},
    )
    def answer(self, *, category: str, at) -> None:
        self.answer_category = category
        self.answered_at = at
        # A new answer awaits a new rating; the earlier one stays in the history.
        self.satisfaction = ""
        self.satisfaction_comment = ""
        self.rated_at = None

    @transition(field=state, source=S.ANSWERED, target=S.EVALUATED, custom={"label": _("evaluate")})
    def evaluate(self, *, satisfaction: str, comment: str, at) -> None:
        self.satisfaction = satisfaction
        self.satisfaction_comment = comment
        self.rated_at = at

    @transition(
        field=state,
        source=S.ANSWERED,
        target=S.REOPENED,
        custom={"label": _("reopen for handling")},
    )
    def reopen(self, *, comment: str, at) -> None:
        self.satisfaction = Satisfaction.UNSATISFIED
        self.satisfaction_comment = comment
        self.rated_at = at
        self.handling_round += 1

    @transition(
        field=state, source=[S.ANSWERED, S.EVALUATED], target=S.CLOSED, custom={"label": _("close")}
    )
    def close(self, *, at) -> None:
        self.closed_at = at


class ProposalSerialCounter(models.Model):
    """The last serial number handed out per committee and year; locked while registering."""

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last serial number"), default=0)

    class Meta:
        verbose_name = _("proposal serial counter")
        verbose_name_plural = _("proposal serial counters")
        ordering = ["committee", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"],
                name="proposal_serial_counter_unique",
                violation_error_message=_(
                    "This committee already counts serial numbers this year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.year}: {self.last_number}"
