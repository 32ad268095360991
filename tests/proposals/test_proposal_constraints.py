"""The database itself refuses a proposal whose fields contradict its state.

Each case starts from a proposal the real services produced, breaks one rule with a raw UPDATE
(as a careless script or a future bug would) and expects the named constraint to stop it.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from proposals.models import Proposal, ProposalState
from tests.factories.core import MemberFactory, SectorFactory, SpecialCommitteeFactory
from tests.factories.proposals import ProposalFactory, proposal_in_state

S = ProposalState
NOW = timezone.now()
EARLIER = NOW - datetime.timedelta(days=30)

CASES = [
    # (id, state, factory kwargs, changes, constraint)
    ("unknown state", S.DRAFT, {}, {"state": "archived"}, "proposal_state_valid"),
    ("unknown category", S.DRAFT, {}, {"category": "military"}, "proposal_category_valid"),
    (
        "member proposal without proposer",
        S.DRAFT,
        {},
        {"first_proposer": None},
        "proposal_submitter_matches_kind",
    ),
    (
        "joint proposal without proposer",
        S.DRAFT,
        {"submitter_kind": "joint"},
        {"first_proposer": None},
        "proposal_submitter_matches_kind",
    ),
    (
        "member proposal that also names a party",
        S.DRAFT,
        {},
        {"submitting_party": "cdl"},
        "proposal_submitter_matches_kind",
    ),
    (
        "sector proposal without its sector",
        S.DRAFT,
        {"submitter_kind": "sector"},
        {"submitting_sector": None},
        "proposal_submitter_matches_kind",
    ),
    (
        "party proposal with an unknown party",
        S.DRAFT,
        {"submitter_kind": "party"},
        {"submitting_party": "whigs"},
        "proposal_submitter_matches_kind",
    ),
    (
        "special-committee proposal without it",
        S.DRAFT,
        {"submitter_kind": "special_committee"},
        {"submitting_special_committee": None},
        "proposal_submitter_matches_kind",
    ),
    (
        "session-group proposal without its group",
        S.DRAFT,
        {"submitter_kind": "session_group"},
        {"session_group": ""},
        "proposal_submitter_matches_kind",
    ),
    (
        "draft with a submission time",
        S.DRAFT,
        {},
        {"submitted_at": NOW},
        "proposal_draft_not_submitted",
    ),
    (
        "submitted without a submission time",
        S.SUBMITTED,
        {},
        {"submitted_at": None},
        "proposal_submitted_at_set",
    ),
    (
        "withdrawn without a reason",
        S.WITHDRAWN,
        {},
        {"withdrawn_reason": ""},
        "proposal_withdrawal_matches_state",
    ),
    (
        "withdrawal reason on a live proposal",
        S.SUBMITTED,
        {},
        {"withdrawn_reason": "x", "withdrawn_at": NOW},
        "proposal_withdrawal_matches_state",
    ),
    (
        "registered without a serial number",
        S.REGISTERED,
        {},
        {"serial_number": None},
        "proposal_serial_number_iff_registered",
    ),
    (
        "serial number before registration",
        S.SUBMITTED,
        {},
        {"serial_number": 7},
        "proposal_serial_number_iff_registered",
    ),
    (
        "serial number zero",
        S.REGISTERED,
        {},
        {"serial_number": 0},
        "proposal_serial_number_positive",
    ),
    (
        "not registered without a reason",
        S.NOT_REGISTERED,
        {},
        {"not_registered_reason": ""},
        "proposal_not_registered_has_reason",
    ),
    (
        "a refusal reason on a registered proposal",
        S.REGISTERED,
        {},
        {"not_registered_reason": "x", "declined_at": NOW},
        "proposal_not_registered_has_reason",
    ),
    (
        "a registered proposal converted",
        S.REGISTERED,
        {},
        {"conversion": "opinion"},
        "proposal_conversion_only_when_not_registered",
    ),
    (
        "unknown conversion",
        S.NOT_REGISTERED,
        {},
        {"conversion": "poem"},
        "proposal_conversion_only_when_not_registered",
    ),
    (
        "assigned without a handling round",
        S.ASSIGNED,
        {},
        {"handling_round": 0},
        "proposal_handling_round_matches_state",
    ),
    (
        "handling round before assignment",
        S.REGISTERED,
        {},
        {"handling_round": 1},
        "proposal_handling_round_matches_state",
    ),
    (
        "unknown answer category",
        S.ANSWERED,
        {},
        {"answer_category": "E"},
        "proposal_answer_category_valid",
    ),
    (
        "answered without a category",
        S.ANSWERED,
        {},
        {"answer_category": ""},
        "proposal_answer_matches_state",
    ),
    (
        "answer before the unit replied",
        S.ASSIGNED,
        {},
        {"answer_category": "A", "answered_at": NOW},
        "proposal_answer_matches_state",
    ),
    (
        "satisfaction without an answer",
        S.ASSIGNED,
        {},
        {"satisfaction": "satisfied", "rated_at": NOW},
        "proposal_satisfaction_needs_answer|proposal_satisfaction_matches_state",
    ),
    (
        "rating without its time",
        S.EVALUATED,
        {},
        {"rated_at": None},
        "proposal_satisfaction_has_time",
    ),
    (
        "evaluated as unsatisfied",
        S.EVALUATED,
        {},
        {"satisfaction": "unsatisfied"},
        "proposal_satisfaction_matches_state",
    ),
    (
        "reopened although satisfied",
        S.REOPENED,
        {},
        {"satisfaction": "satisfied"},
        "proposal_satisfaction_matches_state",
    ),
    (
        "answered and already rated",
        S.ANSWERED,
        {},
        {"satisfaction": "satisfied", "rated_at": NOW},
        "proposal_satisfaction_matches_state",
    ),
    (
        "closed without a closing time",
        S.CLOSED,
        {},
        {"closed_at": None},
        "proposal_closed_at_matches_state",
    ),
    (
        "closing time on an open proposal",
        S.EVALUATED,
        {},
        {"closed_at": NOW},
        "proposal_closed_at_matches_state",
    ),
    (
        "key proposal without a supervising leader",
        S.REGISTERED,
        {},
        {"is_key": True},
        "proposal_key_has_supervising_leader",
    ),
    (
        "key proposal before registration",
        S.SUBMITTED,
        {},
        {"is_key": True, "supervising_leader": "王副主席"},
        "proposal_key_has_supervising_leader",
    ),
    (
        "excellent before registration",
        S.SUBMITTED,
        {},
        {"is_excellent": True},
        "proposal_excellent_only_registered",
    ),
    (
        "registered before it was submitted",
        S.REGISTERED,
        {},
        {"submitted_at": NOW, "registered_at": EARLIER},
        "proposal_times_in_order",
    ),
    (
        "rated before it was answered",
        S.EVALUATED,
        {},
        {"rated_at": EARLIER},
        "proposal_times_in_order",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "kwargs", "changes", "constraint"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_database_refuses(state, kwargs, changes, constraint):
    proposal = proposal_in_state(state, **kwargs)
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(**changes)


@pytest.mark.django_db
def test_every_proposal_the_services_produce_satisfies_every_constraint():
    for state in S:
        proposal = proposal_in_state(state)
        proposal.full_clean()


@pytest.mark.django_db
def test_serial_numbers_are_unique_per_committee_and_year(staff):
    first = proposal_in_state(S.REGISTERED, staff=staff, committee=staff.committee)
    second = proposal_in_state(S.REGISTERED, staff=staff, committee=staff.committee)
    assert (first.serial_number, second.serial_number) == (1, 2)
    # PostgreSQL names the constraint, SQLite the columns.
    duplicate = "proposal_unique_serial_number|committee_id, proposals_proposal.year"
    with pytest.raises(IntegrityError, match=duplicate):
        with transaction.atomic():
            Proposal.objects.filter(pk=second.pk).update(serial_number=1)


@pytest.mark.django_db
def test_the_same_serial_number_is_fine_in_another_year_or_committee(staff):
    proposal_in_state(S.REGISTERED, staff=staff, committee=staff.committee)
    next_year = proposal_in_state(S.REGISTERED, staff=staff, committee=staff.committee, year=2025)
    elsewhere = proposal_in_state(S.REGISTERED)
    assert next_year.serial_number == 1
    assert elsewhere.serial_number == 1


@pytest.mark.django_db
def test_full_clean_explains_a_duplicate_serial_number(staff):
    first = proposal_in_state(S.REGISTERED, staff=staff, committee=staff.committee)
    second = proposal_in_state(S.REGISTERED, staff=staff, committee=staff.committee)
    second.serial_number = first.serial_number
    with pytest.raises(ValidationError) as excinfo:
        second.full_clean()
    assert "本年度已使用该案号。" in str(excinfo.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "other"),
    [
        ("first_proposer", lambda p: MemberFactory()),
        ("submitting_sector", lambda p: SectorFactory()),
        ("submitting_special_committee", lambda p: SpecialCommitteeFactory()),
    ],
)
def test_a_proposal_cannot_point_into_another_committee(field, other):
    kind = {
        "first_proposer": "member",
        "submitting_sector": "sector",
        "submitting_special_committee": "special_committee",
    }[field]
    proposal = ProposalFactory(submitter_kind=kind)
    with pytest.raises(IntegrityError, match="cross_committee_reference"), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(**{field: other(proposal)})


@pytest.mark.django_db
def test_a_member_with_proposals_cannot_be_deleted():
    proposal = ProposalFactory()
    with pytest.raises(ProtectedError):
        proposal.first_proposer.delete()


@pytest.mark.django_db
def test_an_assigned_proposal_cannot_be_deleted():
    proposal = proposal_in_state(S.ASSIGNED)
    with pytest.raises(ProtectedError):
        proposal.delete()
