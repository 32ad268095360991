"""Reminders to members behind pace: no proposal before the plenary, no contact activity."""

import datetime

import pytest
import time_machine

from members.models import Member
from notifications.models import Notification, Reason
from notifications.reminders import reminder_run
from proposals.models import ProposalState
from tests.factories.liaison import ContactActivityFactory, MemberFactory
from tests.factories.meetings import PlenaryFactory
from tests.factories.proposals import proposal_in_state

from .conftest import member_with_login

pytestmark = pytest.mark.django_db


def reached():
    return set(Notification.objects.values_list("recipient_id", flat=True))


def test_members_without_a_proposal_hear_two_weeks_before_the_plenary(committee, member):
    proposer = member_with_login(committee)
    draft_only = member_with_login(committee)
    left = member_with_login(committee)
    Member.objects.filter(pk=left.pk).update(
        status=Member.Status.RESIGNED, left_on=datetime.date(2024, 12, 1)
    )
    with time_machine.travel(datetime.datetime(2024, 12, 5, 9, 0), tick=False):
        proposal_in_state(
            ProposalState.SUBMITTED, committee=committee, first_proposer=proposer, year=2025
        )
        proposal_in_state(ProposalState.DRAFT, committee=committee, first_proposer=draft_only)
    # Proposals of 2025 are submitted for the plenary of January 2025.
    PlenaryFactory(
        committee=committee,
        start_date=datetime.date(2025, 1, 8),
        end_date=datetime.date(2025, 1, 10),
    )
    assert reminder_run(reason=Reason.NO_PROPOSAL_YET, today=datetime.date(2024, 12, 20)) == 0
    assert reminder_run(reason=Reason.NO_PROPOSAL_YET, today=datetime.date(2024, 12, 26)) == 2
    assert reached() == {member.user_id, draft_only.user_id}
    assert reminder_run(reason=Reason.NO_PROPOSAL_YET, today=datetime.date(2024, 12, 27)) == 0


def test_members_without_contact_activity_hear_in_the_last_month_of_the_half_year(
    committee, member
):
    active = member_with_login(committee)
    only_draft = member_with_login(committee)
    ContactActivityFactory(
        committee=committee, date=datetime.date(2024, 3, 2), verified=True, participants=[active]
    )
    ContactActivityFactory(
        committee=committee, date=datetime.date(2024, 3, 2), participants=[only_draft]
    )
    assert reminder_run(reason=Reason.NO_CONTACT_ACTIVITY, today=datetime.date(2024, 5, 31)) == 0
    assert reminder_run(reason=Reason.NO_CONTACT_ACTIVITY, today=datetime.date(2024, 6, 1)) == 2
    assert reached() == {member.user_id, only_draft.user_id}
    assert reminder_run(reason=Reason.NO_CONTACT_ACTIVITY, today=datetime.date(2024, 6, 20)) == 0
    # A new half-year: the activity of March no longer counts.
    assert reminder_run(reason=Reason.NO_CONTACT_ACTIVITY, today=datetime.date(2024, 12, 1)) == 3


def test_the_behind_pace_reminder_costs_the_same_queries_for_many_members(
    committee, django_assert_max_num_queries
):
    MemberFactory(committee=committee, email="a@example.cn")
    with django_assert_max_num_queries(7) as few:
        reminder_run(reason=Reason.NO_CONTACT_ACTIVITY, today=datetime.date(2024, 6, 1))
    Notification.objects.all().delete()
    for i in range(20):
        MemberFactory(committee=committee, email=f"m{i}@example.cn")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert (
            reminder_run(reason=Reason.NO_CONTACT_ACTIVITY, today=datetime.date(2024, 6, 1)) == 21
        )
