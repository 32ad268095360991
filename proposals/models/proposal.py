"""The proposal (提案) and its workflow.

The state machine lives on the model as django-fsm transitions; each transition only changes the
proposal's own fields. Who may run it, the rows it touches elsewhere (co-signers, assignments,
counters) and the saving are the job of ``proposals.services``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from members.models import Party

from .base import StateMachineModel


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    REGISTERED = "registered", _("Registered")
    NOT_REGISTERED = "not_registered", _("Not registered")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ASSIGNED = "assigned", _("Assigned")
    ANSWERED = "answered", _("Answered")
    EVALUATED = "evaluated", _("Evaluated")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")


S = ProposalState
#: States a proposal is in once it was registered (立案) and holds a serial number.
REGISTERED_STATES = (S.REGISTERED, S.ASSIGNED, S.ANSWERED, S.EVALUATED, S.REOPENED, S.CLOSED)
#: States in which handling units have been assigned.
ASSIGNED_STATES = (S.ASSIGNED, S.ANSWERED, S.EVALUATED, S.REOPENED, S.CLOSED)
#: States in which the lead unit's answer (and its A/B/C/D category) is on record.
ANSWERED_STATES = (S.ANSWERED, S.EVALUATED, S.REOPENED, S.CLOSED)
#: States that follow a submission (a withdrawn proposal may or may not have been submitted).
SUBMITTED_STATES = tuple(s for s in S if s not in (S.DRAFT, S.WITHDRAWN))


class ProposalCategory(models.TextChoices):
    ECONOMIC = "economic", _("Economic development")
    POLITICAL = "political", _("Political development")
    CULTURAL = "cultural", _("Cultural development")
    SOCIAL = "social", _("Social development")
    ECOLOGICAL = "ecological", _("Ecological conservation")
    OTHER = "other", _("Other")


class SubmitterKind(models.TextChoices):
    MEMBER = "member", _("By a member")
    JOINT = "joint", _("Jointly by members")
    SECTOR = "sector", _("By a sector")
    PARTY = "party", _("By a party")
    SPECIAL_COMMITTEE = "special_committee", _("By a special committee")
    SESSION_GROUP = "session_group", _("By a session group")


class Conversion(models.TextChoices):
    NONE = "none", _("Not converted")
    SOCIAL_REPORT = "social_report", _("Converted to a social-conditions report")
    OPINION = "opinion", _("Converted to an opinion and suggestion")


class AnswerCategory(models.TextChoices):
    A = "A", _("A: solved or adopted")
    B = "B", _("B: being solved or planned")
    C = "C", _("C: to be solved later when conditions allow")
    D = "D", _("D: kept for reference, with an explanation")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


_FILLED = {
    "submitting_sector": Q(submitting_sector__isnull=False),
    "submitting_party": Q(submitting_party__in=Party.values),
    "submitting_special_committee": Q(submitting_special_committee__isnull=False),
    "session_group": ~Q(session_group=""),
}
_EMPTY = {
    "submitting_sector": Q(submitting_sector__isnull=True),
    "submitting_party": Q(submitting_party=""),
    "submitting_special_committee": Q(submitting_special_committee__isnull=True),
    "session_group": Q(session_group=""),
}


def _submitter_is(kind: str, filled: str) -> Q:
    """A kind of proposal fills in its own submitter field and leaves the others empty."""
    condition = Q(submitter_kind=kind)
    for field, empty in _EMPTY.items():
        condition &= _FILLED[field] if field == filled else empty
    if filled == "first_proposer":
        condition &= Q(first_proposer__isnull=False)
    return condition


def _only_in(states, present: Q, absent: Q) -> Q:
    """Fields are ``present`` in one of ``states`` and ``absent`` in every other state."""
    return (Q(state__in=states) & present) | (~Q(state__in=states) & absent)


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
        _("session"), max_length=40, blank=True, help_text=_("e.g. 十二届三次会议")
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

    state = FSMField(
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
        indexes = [models.Index(fields=["committee", "year", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "serial_number"],
                name="proposal_unique_serial_number",
                violation_error_message=_("This serial number is already used this year."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=S.values),
                name="proposal_state_valid",
                violation_error_message=_("Unknown proposal state."),
            ),
            models.CheckConstraint(
                condition=Q(category__in=ProposalCategory.values),
                name="proposal_category_valid",
                violation_error_message=_("Unknown proposal category."),
            ),
            models.CheckConstraint(
                condition=_submitter_is(SubmitterKind.MEMBER, "first_proposer")
                | _submitter_is(SubmitterKind.JOINT, "first_proposer")
                | _submitter_is(SubmitterKind.SECTOR, "submitting_sector")
                | _submitter_is(SubmitterKind.PARTY, "submitting_party")
                | _submitter_is(SubmitterKind.SPECIAL_COMMITTEE, "submitting_special_committee")
                | _submitter_is(SubmitterKind.SESSION_GROUP, "session_group"),
                name="proposal_submitter_matches_kind",
                violation_error_message=_(
                    "Fill in exactly the submitter this kind of proposal needs: the first proposer "
                    "for a member or joint proposal, otherwise the sector, party, special "
                    "committee or session group."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(state=S.DRAFT) | Q(submitted_at__isnull=True),
                name="proposal_draft_not_submitted",
                violation_error_message=_("A draft has no submission time."),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=SUBMITTED_STATES) | Q(submitted_at__isnull=False),
                name="proposal_submitted_at_set",
                violation_error_message=_("A submitted proposal needs its submission time."),
            ),
            models.CheckConstraint(
                condition=_only_in(
                    [S.WITHDRAWN],
                    Q(withdrawn_at__isnull=False) & ~Q(withdrawn_reason=""),
                    Q(withdrawn_at__isnull=True) & Q(withdrawn_reason=""),
                ),
                name="proposal_withdrawal_matches_state",
                violation_error_message=_("A withdrawn proposal needs a reason and a time."),
            ),
            models.CheckConstraint(
                condition=_only_in(
                    REGISTERED_STATES,
                    Q(serial_number__isnull=False) & Q(registered_at__isnull=False),
                    Q(serial_number__isnull=True) & Q(registered_at__isnull=True),
                ),
                name="proposal_serial_number_iff_registered",
                violation_error_message=_(
                    "A registered proposal has a serial number and a registration time; "
                    "other proposals have neither."
                ),
            ),
            models.CheckConstraint(
                condition=Q(serial_number__isnull=True) | Q(serial_number__gte=1),
                name="proposal_serial_number_positive",
                violation_error_message=_("Serial numbers start at 1."),
            ),
            models.CheckConstraint(
                condition=_only_in(
                    [S.NOT_REGISTERED],
                    Q(declined_at__isnull=False) & ~Q(not_registered_reason=""),
                    Q(declined_at__isnull=True) & Q(not_registered_reason=""),
                ),
                name="proposal_not_registered_has_reason",
                violation_error_message=_("A proposal that is not registered needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(conversion__in=Conversion.values)
                & (Q(conversion=Conversion.NONE) | Q(state=S.NOT_REGISTERED)),
                name="proposal_conversion_only_when_not_registered",
                violation_error_message=_(
                    "Only a proposal that is not registered can be converted."
                ),
            ),
            models.CheckConstraint(
                condition=_only_in(ASSIGNED_STATES, Q(handling_round__gte=1), Q(handling_round=0)),
                name="proposal_handling_round_matches_state",
                violation_error_message=_("Only an assigned proposal has handling rounds."),
            ),
            models.CheckConstraint(
                condition=Q(answer_category="") | Q(answer_category__in=AnswerCategory.values),
                name="proposal_answer_category_valid",
                violation_error_message=_("Unknown answer category."),
            ),
            models.CheckConstraint(
                condition=_only_in(
                    ANSWERED_STATES,
                    ~Q(answer_category="") & Q(answered_at__isnull=False),
                    Q(answer_category="") & Q(answered_at__isnull=True),
                ),
                name="proposal_answer_matches_state",
                violation_error_message=_(
                    "An answered proposal has an answer category and time; others have none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(satisfaction="") | ~Q(answer_category=""),
                name="proposal_satisfaction_needs_answer",
                violation_error_message=_("A proposal can only be rated once it is answered."),
            ),
            models.CheckConstraint(
                condition=(Q(satisfaction="") & Q(rated_at__isnull=True))
                | (Q(satisfaction__in=Satisfaction.values) & Q(rated_at__isnull=False)),
                name="proposal_satisfaction_has_time",
                violation_error_message=_("A rating needs its time, and a time needs a rating."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(state=S.EVALUATED)
                    & Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED])
                )
                | (Q(state=S.REOPENED) & Q(satisfaction=Satisfaction.UNSATISFIED))
                | (~Q(state__in=[S.EVALUATED, S.REOPENED, S.CLOSED]) & Q(satisfaction=""))
                | Q(state=S.CLOSED),
                name="proposal_satisfaction_matches_state",
                violation_error_message=_(
                    "An evaluated proposal was rated satisfied or basically satisfied, a reopened "
                    "one unsatisfied; a proposal awaiting its rating has none."
                ),
            ),
            models.CheckConstraint(
                condition=_only_in(
                    [S.CLOSED], Q(closed_at__isnull=False), Q(closed_at__isnull=True)
                ),
                name="proposal_closed_at_matches_state",
                violation_error_message=_("A closed proposal needs its closing time."),
            ),
            models.CheckConstraint(
                condition=(Q(is_key=False) & Q(supervising_leader=""))
                | (Q(is_key=True) & ~Q(supervising_leader="") & Q(state__in=REGISTERED_STATES)),
                name="proposal_key_has_supervising_leader",
                violation_error_message=_(
                    "A key proposal must be registered and name its supervising leader."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_excellent=False) | Q(state__in=REGISTERED_STATES),
                name="proposal_excellent_only_registered",
                violation_error_message=_("Only a registered proposal can be rated excellent."),
            ),
            models.CheckConstraint(
                condition=(Q(registered_at__isnull=True) | Q(registered_at__gte=F("submitted_at")))
                & (Q(declined_at__isnull=True) | Q(declined_at__gte=F("submitted_at")))
                & (Q(answered_at__isnull=True) | Q(answered_at__gte=F("registered_at")))
                & (Q(rated_at__isnull=True) | Q(rated_at__gte=F("answered_at")))
                & (Q(closed_at__isnull=True) | Q(closed_at__gte=F("answered_at"))),
                name="proposal_times_in_order",
                violation_error_message=_(
                    "The workflow times must follow each other: submitted, registered, answered, "
                    "rated, closed."
                ),
            ),
        ]

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
