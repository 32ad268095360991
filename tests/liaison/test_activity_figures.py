"""The figures staff report: per committee and year, per member, per liaison group."""

import datetime

import pytest

from liaison import selectors
from members.models import Member
from tests.factories.liaison import (
    ContactActivityFactory,
    LiaisonGroupMembershipFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def test_the_years_totals_count_verified_activities_in_one_query(
    committee, make_member, django_assert_num_queries
):
    member = make_member()
    ContactActivityFactory(
        committee=committee,
        verified=True,
        people_reached=30,
        issues_raised=5,
        issues_resolved=4,
        participants=[member],
    )
    ContactActivityFactory(
        committee=committee,
        verified=True,
        people_reached=12,
        issues_raised=2,
        issues_resolved=1,
        participants=[member],
    )
    ContactActivityFactory(committee=committee, submitted=True, people_reached=500)
    ContactActivityFactory(committee=committee, verified=True, date=D(2023, 12, 31))
    ContactActivityFactory(verified=True)  # another committee

    with django_assert_num_queries(1):
        totals = selectors.activity_totals(committee, 2024)

    assert totals == {
        "activities": 2,
        "people_reached": 42,
        "issues_raised": 7,
        "issues_resolved": 5,
    }


def test_an_empty_year_reads_as_zeros(committee):
    assert selectors.activity_totals(committee, 2030) == {
        "activities": 0,
        "people_reached": 0,
        "issues_raised": 0,
        "issues_resolved": 0,
    }


def test_it_counts_each_participating_member_once(committee, make_member):
    a, b = make_member(), make_member()
    ContactActivityFactory(committee=committee, verified=True, participants=[a, b])
    ContactActivityFactory(committee=committee, verified=True, participants=[a])
    ContactActivityFactory(committee=committee, submitted=True, participants=[make_member()])
    assert selectors.participating_member_count(committee, 2024) == 2


def test_it_lists_a_members_activities_of_a_year(committee, make_member):
    member = make_member()
    first = ContactActivityFactory(
        committee=committee, verified=True, date=D(2024, 3, 1), participants=[member]
    )
    second = ContactActivityFactory(
        committee=committee, verified=True, date=D(2024, 9, 1), participants=[member]
    )
    ContactActivityFactory(
        committee=committee, verified=True, date=D(2023, 9, 1), participants=[member]
    )
    ContactActivityFactory(committee=committee, returned=True, participants=[member])
    assert list(selectors.activities_for_member(member, 2024)) == [first, second]


def test_it_counts_activities_per_member_and_finds_those_with_none(
    committee, make_member, django_assert_num_queries
):
    busy, idle, departed = make_member(), make_member(), make_member()
    departed.status, departed.left_on = "resigned", D(2024, 2, 1)
    departed.save()
    ContactActivityFactory(committee=committee, verified=True, participants=[busy])
    ContactActivityFactory(committee=committee, verified=True, participants=[busy])
    ContactActivityFactory(committee=committee, submitted=True, participants=[idle])

    with django_assert_num_queries(1):
        counts = {
            m.pk: m.activity_count
            for m in selectors.with_activity_count(Member.objects.all(), 2024)
        }
    assert counts == {busy.pk: 2, idle.pk: 0, departed.pk: 0}
    assert list(selectors.members_without_activity(committee, 2024)) == [idle]


def test_a_moved_member_keeps_last_years_activities_with_last_years_group(
    committee, group, other_group, make_member, django_assert_num_queries
):
    mover, stayer = make_member(), make_member()
    LiaisonGroupMembershipFactory(
        group=group, member=mover, start_date=D(2022, 1, 10), end_date=D(2024, 6, 30)
    )
    LiaisonGroupMembershipFactory(group=other_group, member=mover, start_date=D(2024, 7, 1))
    LiaisonGroupMembershipFactory(group=group, member=stayer, start_date=D(2022, 1, 10))
    # Before the move, both were in the first group: the activity counts once for it.
    ContactActivityFactory(
        committee=committee,
        verified=True,
        date=D(2024, 3, 1),
        people_reached=10,
        issues_raised=2,
        issues_resolved=2,
        participants=[mover, stayer],
    )
    ContactActivityFactory(
        committee=committee,
        verified=True,
        date=D(2024, 9, 1),
        people_reached=7,
        issues_raised=1,
        issues_resolved=1,
        participants=[mover],
    )
    ContactActivityFactory(
        committee=committee, submitted=True, date=D(2024, 9, 2), participants=[stayer]
    )

    with django_assert_num_queries(1):
        rows = {
            g.name: (g.activities_count, g.people_reached, g.issues_resolved)
            for g in selectors.groups_with_activity_totals(committee, 2024)
        }
    assert rows == {group.name: (1, 10, 2), other_group.name: (1, 7, 1)}


def test_each_participation_carries_the_group_of_its_day(
    committee, group, other_group, make_member
):
    mover = make_member()
    LiaisonGroupMembershipFactory(
        group=group, member=mover, start_date=D(2022, 1, 10), end_date=D(2024, 6, 30)
    )
    LiaisonGroupMembershipFactory(group=other_group, member=mover, start_date=D(2024, 7, 1))
    before = ContactActivityFactory(committee=committee, date=D(2024, 6, 30), participants=[mover])
    after = ContactActivityFactory(committee=committee, date=D(2024, 7, 1), participants=[mover])

    rows = dict(
        selectors.with_group_at_activity(mover.contact_activity_participations.all()).values_list(
            "activity_id", "group_at_activity_id"
        )
    )
    assert rows == {before.pk: group.pk, after.pk: other_group.pk}
