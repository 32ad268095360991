"""The database rules of a proposal: its fields must agree with its state and its submitter."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from members.models import Party

from .proposal_choices import (
    ANSWERED_STATES,
    ASSIGNED_STATES,
    REGISTERED_STATES,
    SUBMITTED_STATES,
    AnswerCategory,
    Conversion,
    ProposalCategory,
    ProposalState,
    Satisfaction,
    SubmitterKind,
)

S = ProposalState

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


PROPOSAL_CONSTRAINTS = [
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
        violation_error_message=_("Only a proposal that is not registered can be converted."),
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
        condition=_only_in([S.CLOSED], Q(closed_at__isnull=False), Q(closed_at__isnull=True)),
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
