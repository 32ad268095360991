"""Putting members into liaison groups, moving them, and reading a member's group on a past day."""

import datetime

import pytest

from liaison import selectors, services
from liaison.models import LiaisonGroupMembership
from members.models import Member
from tests.factories.liaison import (
    LeaderApprovalFactory,
    LeaderMembershipFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
    MemberFactory,
)
from tests.liaison.helpers import refused_with

D = datetime.date
pytestmark = pytest.mark.django_db


def test_it_adds_a_member_to_a_group(group, make_member):
    member = make_member()
    membership = services.group_add_member(group=group, member=member, start_date=D(2022, 2, 1))
    assert membership.role == LiaisonGroupMembership.Role.MEMBER
    assert selectors.group_on(member, D(2022, 2, 1)) == group
    assert selectors.group_on(member, D(2022, 1, 31)) is None


def test_it_tells_staff_to_move_a_member_who_is_already_in_a_group(group, other_group, make_member):
    member = make_member()
    services.group_add_member(group=group, member=member, start_date=D(2022, 2, 1))
    with refused_with(f"{member} is already in liaison group {group}; move them instead."):
        services.group_add_member(group=other_group, member=member, start_date=D(2023, 1, 1))
    assert member.liaison_memberships.count() == 1


def test_it_refuses_a_member_of_another_committee(group):
    outsider = MemberFactory()
    with refused_with(f"{outsider} is a member of another committee."):
        services.group_add_member(group=group, member=outsider, start_date=D(2022, 2, 1))
    assert not LiaisonGroupMembership.objects.exists()


def test_it_refuses_a_day_the_member_held_no_seat(group, make_member):
    member = make_member(joined_on=D(2023, 1, 1))
    with refused_with(f"{member} did not hold a seat on 2022-06-01."):
        services.group_add_member(group=group, member=member, start_date=D(2022, 6, 1))


def test_it_refuses_an_inactive_group(make_member, committee):
    closed = LiaisonGroupFactory(committee=committee, is_active=False)
    with refused_with(f"Liaison group {closed} is no longer active."):
        services.group_add_member(group=closed, member=make_member(), start_date=D(2022, 2, 1))


def test_moving_a_member_keeps_last_years_group(group, other_group, make_member):
    member = make_member()
    services.group_add_member(group=group, member=member, start_date=D(2022, 2, 1))

    services.group_move_member(member=member, group=other_group, effective_date=D(2024, 1, 1))

    periods = list(member.liaison_memberships.order_by("start_date"))
    assert [(p.group, p.start_date, p.end_date) for p in periods] == [
        (group, D(2022, 2, 1), D(2023, 12, 31)),
        (other_group, D(2024, 1, 1), None),
    ]
    assert selectors.group_on(member, D(2023, 12, 31)) == group
    assert selectors.group_on(member, D(2024, 1, 1)) == other_group


def test_a_moved_leader_is_an_ordinary_member_of_the_new_group(group, other_group):
    leader = LeaderMembershipFactory(group=group)
    moved = services.group_move_member(
        member=leader.member, group=other_group, effective_date=D(2024, 1, 1)
    )
    assert moved.role == LiaisonGroupMembership.Role.MEMBER
    assert moved.approval is None


def test_it_refuses_a_move_dated_before_the_current_period_and_saves_nothing(
    group, other_group, make_member
):
    member = make_member()
    services.group_add_member(group=group, member=member, start_date=D(2023, 5, 1))
    with refused_with(f"The move must take effect after {member} joined {group} on 2023-05-01."):
        services.group_move_member(member=member, group=other_group, effective_date=D(2023, 5, 1))
    current = member.liaison_memberships.get()
    assert (current.group, current.end_date) == (group, None)


def test_it_refuses_a_move_into_the_same_group(group, make_member):
    member = make_member()
    services.group_add_member(group=group, member=member, start_date=D(2022, 2, 1))
    with refused_with(f"{member} is already in liaison group {group}."):
        services.group_move_member(member=member, group=group, effective_date=D(2024, 1, 1))


def test_moving_a_member_in_no_group_just_adds_them(other_group, make_member):
    member = make_member()
    services.group_move_member(member=member, group=other_group, effective_date=D(2024, 1, 1))
    assert selectors.group_on(member, D(2024, 1, 1)) == other_group


def test_it_ends_a_members_period(group, make_member):
    member = make_member()
    services.group_add_member(group=group, member=member, start_date=D(2022, 2, 1))
    services.group_remove_member(member=member, end_date=D(2024, 6, 30))
    assert selectors.group_on(member, D(2024, 6, 30)) == group
    assert selectors.group_on(member, D(2024, 7, 1)) is None


def test_it_refuses_ending_a_period_of_a_member_in_no_group(make_member):
    member = make_member()
    with refused_with(f"{member} is not in any liaison group."):
        services.group_remove_member(member=member, end_date=D(2024, 6, 30))


def test_it_refuses_an_end_before_the_period_began(group, make_member):
    member = make_member()
    services.group_add_member(group=group, member=member, start_date=D(2023, 5, 1))
    with refused_with(f"The end date cannot be before {member} joined {group} on 2023-05-01."):
        services.group_remove_member(member=member, end_date=D(2023, 4, 30))


# --- leaders ------------------------------------------------------------------------------


def test_it_refuses_a_leader_whose_nomination_is_not_approved(group, make_member):
    approval = LeaderApprovalFactory(group=group, member=make_member(), discussed=True)
    with refused_with("Only a nomination approved by the Standing Committee can take up the role."):
        services.group_set_leader(approval=approval, effective_date=D(2022, 3, 1))
    assert not group.memberships.exists()


def test_a_new_leader_takes_over_and_the_old_one_stays_in_the_group(group, make_member):
    old = LeaderMembershipFactory(group=group, start_date=D(2022, 3, 1))
    newcomer = make_member()
    services.group_add_member(group=group, member=newcomer, start_date=D(2022, 2, 1))
    approval = LeaderApprovalFactory(group=group, member=newcomer, approved=True)

    services.group_set_leader(approval=approval, effective_date=D(2024, 1, 1))

    on_2024 = {m.member_id: m.role for m in group.memberships.on(D(2024, 1, 1))}
    assert on_2024 == {old.member_id: "member", newcomer.pk: "leader"}
    on_2023 = {m.member_id: m.role for m in group.memberships.on(D(2023, 12, 31))}
    assert on_2023 == {old.member_id: "leader", newcomer.pk: "member"}


def test_setting_the_same_leader_twice_changes_nothing(group, make_member):
    approval = LeaderApprovalFactory(group=group, member=make_member(), approved=True)
    first = services.group_set_leader(approval=approval, effective_date=D(2022, 3, 1))
    second = services.group_set_leader(approval=approval, effective_date=D(2022, 4, 1))
    assert first == second
    assert group.memberships.count() == 1


# --- reading the group on a day ----------------------------------------------------------


def test_it_annotates_each_member_with_their_group_on_a_day_in_one_query(
    group, other_group, make_member, django_assert_num_queries
):
    stayed, moved, outside = make_member(), make_member(), make_member()
    LiaisonGroupMembershipFactory(group=group, member=stayed, start_date=D(2022, 1, 10))
    LiaisonGroupMembershipFactory(
        group=group, member=moved, start_date=D(2022, 1, 10), end_date=D(2023, 12, 31)
    )
    LiaisonGroupMembershipFactory(group=other_group, member=moved, start_date=D(2024, 1, 1))

    with django_assert_num_queries(1):
        in_2023 = {
            m.pk: m.liaison_group_on_id
            for m in selectors.with_group_on(Member.objects.all(), D(2023, 6, 1))
        }
    assert in_2023 == {stayed.pk: group.pk, moved.pk: group.pk, outside.pk: None}
    in_2024 = selectors.with_group_on(Member.objects.filter(pk=moved.pk), D(2024, 6, 1)).get()
    assert in_2024.liaison_group_on_id == other_group.pk


def test_it_lists_a_groups_members_on_a_day(group, other_group, make_member):
    moved = make_member()
    LiaisonGroupMembershipFactory(
        group=group, member=moved, start_date=D(2022, 1, 10), end_date=D(2023, 12, 31)
    )
    LiaisonGroupMembershipFactory(group=other_group, member=moved, start_date=D(2024, 1, 1))
    assert list(selectors.members_of_group_on(group, D(2023, 1, 1))) == [moved]
    assert not selectors.members_of_group_on(group, D(2024, 1, 1)).exists()


def test_it_summarises_groups_with_leader_and_size_in_one_query(
    group, other_group, make_member, django_assert_num_queries
):
    leader = LeaderMembershipFactory(group=group)
    LiaisonGroupMembershipFactory(group=group, member=make_member())
    with django_assert_num_queries(1):
        rows = {
            g.name: (g.leader_name_on, g.member_count_on)
            for g in selectors.groups_with_summary(
                group.committee.liaison_groups.all(), D(2024, 1, 1)
            )
        }
    assert rows == {group.name: (leader.member.name, 2), other_group.name: (None, 0)}
