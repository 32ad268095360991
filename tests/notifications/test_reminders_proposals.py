"""Reminders about proposals: units' replies due soon or overdue, proposers' ratings."""

import datetime

import pytest
import time_machine

from notifications.models import Notification, Reason
from notifications.reminders import reminder_run
from proposals import services
from proposals.models import AnswerCategory, ProposalAssignment, ProposalState
from tests.factories.core import StaffUserFactory, UserFactory
from tests.factories.proposals import HandlingUnitUserFactory, member_of, proposal_in_state

pytestmark = pytest.mark.django_db

ASSIGNED_ON = datetime.datetime(2024, 3, 1, 10, 0)
DEADLINE = datetime.date(2024, 5, 30)  # 90 days after the assignment


@pytest.fixture
def assigned(committee):
    """An assigned proposal whose lead unit has an officer and a contact address."""
    with time_machine.travel(ASSIGNED_ON, tick=False):
        proposal = proposal_in_state(ProposalState.ASSIGNED, committee=committee)
    lead = proposal.assignments.get(role=ProposalAssignment.Role.LEAD)
    lead.unit.contact_email = "fgj@example.cn"
    lead.unit.save()
    HandlingUnitUserFactory(unit=lead.unit)
    return proposal


def unit_recipients(reason):
    return set(Notification.objects.filter(reason=reason).values_list("recipient_id", "email"))


def test_a_unit_is_reminded_a_week_before_its_deadline(assigned):
    lead = assigned.assignments.get(role=ProposalAssignment.Role.LEAD)
    officer = lead.unit.officers.get().user
    assert reminder_run(reason=Reason.REPLY_DUE_SOON, today=datetime.date(2024, 5, 20)) == 0
    created = reminder_run(reason=Reason.REPLY_DUE_SOON, today=datetime.date(2024, 5, 24))
    # The lead unit's officer and its contact address; the co-unit has neither.
    assert created == 2
    assert unit_recipients(Reason.REPLY_DUE_SOON) == {(officer.pk, ""), (None, "fgj@example.cn")}
    # Every later run before the deadline finds them notified already.
    assert reminder_run(reason=Reason.REPLY_DUE_SOON, today=datetime.date(2024, 5, 27)) == 0


def test_a_unit_whose_reply_is_in_is_not_reminded(assigned, committee):
    lead = assigned.assignments.get(role=ProposalAssignment.Role.LEAD)
    with time_machine.travel(datetime.datetime(2024, 5, 2, 10, 0), tick=False):
        services.proposal_reply_submit(
            assignment=lead,
            category=AnswerCategory.A,
            body="已落实。",
            by=StaffUserFactory(committee=committee),
        )
    assert reminder_run(reason=Reason.REPLY_DUE_SOON, today=datetime.date(2024, 5, 24)) == 0
    assert reminder_run(reason=Reason.REPLY_OVERDUE, today=datetime.date(2024, 6, 3)) == 0


def test_an_overdue_unit_is_reminded_once_a_week(assigned):
    assert reminder_run(reason=Reason.REPLY_OVERDUE, today=datetime.date(2024, 5, 30)) == 0
    assert reminder_run(reason=Reason.REPLY_OVERDUE, today=datetime.date(2024, 6, 3)) == 2
    assert reminder_run(reason=Reason.REPLY_OVERDUE, today=datetime.date(2024, 6, 5)) == 0
    assert reminder_run(reason=Reason.REPLY_OVERDUE, today=datetime.date(2024, 6, 10)) == 2


def test_the_unit_reminders_query_count_does_not_grow_with_the_units(
    committee, django_assert_max_num_queries
):
    today = datetime.date(2024, 6, 3)
    with time_machine.travel(ASSIGNED_ON, tick=False):
        first = proposal_in_state(ProposalState.ASSIGNED, committee=committee)
    HandlingUnitUserFactory(unit=first.assignments.first().unit)
    with django_assert_max_num_queries(8) as few:
        reminder_run(reason=Reason.REPLY_OVERDUE, today=today)
    with time_machine.travel(ASSIGNED_ON, tick=False):
        for _ in range(4):
            proposal = proposal_in_state(ProposalState.ASSIGNED, committee=committee)
            for assignment in proposal.assignments.all():
                HandlingUnitUserFactory(unit=assignment.unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert reminder_run(reason=Reason.REPLY_OVERDUE, today=today) == 8


def test_a_proposer_who_has_not_rated_the_reply_is_reminded_after_two_weeks(committee):
    proposer = member_of(committee, user=UserFactory(committee=committee))
    with time_machine.travel(ASSIGNED_ON, tick=False):
        answered = proposal_in_state(
            ProposalState.ANSWERED, committee=committee, first_proposer=proposer
        )
        proposal_in_state(
            ProposalState.EVALUATED,
            committee=committee,
            first_proposer=member_of(committee, user=UserFactory(committee=committee)),
        )
    assert reminder_run(reason=Reason.RATING_DUE, today=datetime.date(2024, 3, 10)) == 0
    assert reminder_run(reason=Reason.RATING_DUE, today=datetime.date(2024, 3, 20)) == 1
    assert reminder_run(reason=Reason.RATING_DUE, today=datetime.date(2024, 3, 27)) == 0
    notification = Notification.objects.get(reason=Reason.RATING_DUE)
    assert notification.recipient == proposer.user
    assert answered.title in notification.title
