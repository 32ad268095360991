"""The database refuses impossible liaison-group records, whatever code path writes them."""

import datetime

import pytest
from django.db.models import ProtectedError

from liaison.models import LeaderApproval, LiaisonGroup, LiaisonGroupMembership
from tests.factories.core import CommitteeFactory
from tests.factories.liaison import (
    LeaderApprovalFactory,
    LeaderMembershipFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
    MemberFactory,
)
from tests.liaison.helpers import refused_by_db

D = datetime.date
pytestmark = pytest.mark.django_db


def test_it_refuses_two_groups_of_one_name_in_a_committee(group):
    with refused_by_db(
        "liaison_group_unique_name",
        "liaison_liaisongroup.committee_id",
        "liaison_liaisongroup.name",
    ):
        LiaisonGroupFactory(committee=group.committee, name=group.name)
    LiaisonGroupFactory(committee=CommitteeFactory(), name=group.name)
    assert LiaisonGroup.objects.filter(name=group.name).count() == 2


def test_it_refuses_a_membership_ending_before_it_starts(group, make_member):
    with refused_by_db("liaison_membership_dates_in_order"):
        LiaisonGroupMembershipFactory(
            group=group, member=make_member(), start_date=D(2024, 3, 1), end_date=D(2024, 2, 1)
        )


def test_it_refuses_a_second_open_membership_for_a_member(group, other_group, make_member):
    member = make_member()
    LiaisonGroupMembershipFactory(group=group, member=member, start_date=D(2022, 1, 10))
    # SQLite's overlap trigger fires before the unique index; either refusal will do.
    with refused_by_db(
        "liaison_membership_one_open_per_member",
        "liaison_liaisongroupmembership.member_id",
        also="liaison_membership_no_overlap",
    ):
        LiaisonGroupMembershipFactory(group=other_group, member=member, start_date=D(2024, 1, 1))


def test_it_refuses_overlapping_closed_periods_of_one_member(group, other_group, make_member):
    member = make_member()
    LiaisonGroupMembershipFactory(
        group=group, member=member, start_date=D(2022, 1, 10), end_date=D(2023, 12, 31)
    )
    with refused_by_db("liaison_membership_no_overlap"):
        LiaisonGroupMembershipFactory(
            group=other_group, member=member, start_date=D(2023, 6, 1), end_date=D(2024, 6, 1)
        )
    # Back to back is fine: the member's group on any day has one answer.
    LiaisonGroupMembershipFactory(group=other_group, member=member, start_date=D(2024, 1, 1))
    assert member.liaison_memberships.count() == 2


def test_it_refuses_reopening_a_period_over_a_later_one(group, other_group, make_member):
    member = make_member()
    early = LiaisonGroupMembershipFactory(
        group=group, member=member, start_date=D(2022, 1, 10), end_date=D(2023, 12, 31)
    )
    LiaisonGroupMembershipFactory(group=other_group, member=member, start_date=D(2024, 1, 1))
    early.end_date = D(2024, 3, 1)
    with refused_by_db("liaison_membership_no_overlap"):
        early.save()


def test_it_refuses_two_open_leaders_of_one_group(group):
    LeaderMembershipFactory(group=group)
    with refused_by_db(
        "liaison_membership_one_open_leader",
        "liaison_liaisongroupmembership.group_id",
        also="liaison_membership_no_overlapping_leaders",
    ):
        LeaderMembershipFactory(group=group)


def test_it_refuses_overlapping_leaders_of_one_group(group):
    LeaderMembershipFactory(group=group, start_date=D(2022, 3, 1), end_date=D(2023, 12, 31))
    with refused_by_db("liaison_membership_no_overlapping_leaders"):
        LeaderMembershipFactory(group=group, start_date=D(2023, 6, 1), end_date=D(2024, 6, 1))
    LeaderMembershipFactory(group=group, start_date=D(2024, 1, 1))
    assert group.memberships.filter(role="leader").count() == 2


def test_it_allows_several_deputies_at_once(group):
    for _ in range(2):
        LeaderMembershipFactory(group=group, role=LiaisonGroupMembership.Role.DEPUTY)
    assert group.memberships.filter(role="deputy", end_date__isnull=True).count() == 2


def test_it_refuses_a_leader_without_an_approval_on_record(group, make_member):
    with refused_by_db("liaison_membership_role_approved"):
        LiaisonGroupMembershipFactory(group=group, member=make_member(), role="leader")


def test_it_refuses_a_member_of_another_committee_in_a_group(group):
    with refused_by_db("cross_committee_reference"):
        LiaisonGroupMembershipFactory(group=group, member=MemberFactory())


def test_it_refuses_an_approval_of_another_committee_behind_a_leader(group, make_member):
    foreign = LeaderApprovalFactory(approved=True)
    with refused_by_db("cross_committee_reference"):
        LiaisonGroupMembershipFactory(
            group=group, member=make_member(), role="leader", approval=foreign
        )


def test_it_keeps_a_group_that_has_memberships(group):
    LiaisonGroupMembershipFactory(group=group)
    with pytest.raises(ProtectedError):
        group.delete()


# --- leader approvals ---------------------------------------------------------------------


def test_it_refuses_an_approval_for_a_member_of_another_committee(group):
    with refused_by_db("cross_committee_reference"):
        LeaderApprovalFactory(group=group, member=MemberFactory())


def test_it_refuses_a_chairmans_meeting_before_the_nomination(group):
    with refused_by_db("leader_approval_meeting_after_nomination"):
        LeaderApprovalFactory(
            group=group,
            state="discussed",
            nominated_on=D(2024, 3, 1),
            chairmans_meeting_on=D(2024, 2, 1),
        )


def test_it_refuses_an_approval_before_the_chairmans_meeting(group):
    with refused_by_db("leader_approval_approval_after_meeting"):
        LeaderApprovalFactory(
            group=group, approved=True, standing_committee_approved_on=D(2022, 2, 9)
        )


def test_it_refuses_an_approval_without_a_document_number(group):
    with refused_by_db("leader_approval_approved_has_document"):
        LeaderApprovalFactory(group=group, approved=True, document_number="")


def test_it_refuses_an_approval_date_on_a_nomination_still_under_way(group):
    with refused_by_db("leader_approval_approved_has_document"):
        LeaderApprovalFactory(
            group=group, discussed=True, standing_committee_approved_on=D(2022, 3, 1)
        )


def test_it_refuses_a_discussed_nomination_without_the_meeting_date(group):
    with refused_by_db("leader_approval_discussed_has_meeting_date"):
        LeaderApprovalFactory(group=group, state="discussed")


def test_it_refuses_a_rejection_without_a_reason(group):
    with refused_by_db("leader_approval_rejection_has_reason"):
        LeaderApprovalFactory(group=group, state="rejected")


def test_it_refuses_two_leader_nominations_under_way_for_one_group(group):
    LeaderApprovalFactory(group=group)
    with refused_by_db("leader_approval_one_pending_leader", "liaison_leaderapproval.group_id"):
        LeaderApprovalFactory(group=group, discussed=True)
    # Deputies are several; a decided nomination no longer blocks a new one.
    LeaderApprovalFactory(group=group, role=LeaderApproval.Role.DEPUTY)
    LeaderApprovalFactory(group=group, approved=True)
    assert group.leader_approvals.count() == 3


def test_it_refuses_one_document_number_twice_for_one_member(group, make_member):
    member = make_member()
    LeaderApprovalFactory(
        group=group, member=member, approved=True, document_number="常〔2024〕1号"
    )
    with refused_by_db(
        "leader_approval_unique_document_per_member",
        "liaison_leaderapproval.committee_id",
        "liaison_leaderapproval.document_number",
        "liaison_leaderapproval.member_id",
    ):
        LeaderApprovalFactory(
            group=group,
            member=member,
            role="deputy",
            approved=True,
            document_number="常〔2024〕1号",
        )
    # One decision appoints several leaders: the same number for another member is fine.
    LeaderApprovalFactory(
        approved=True,
        group=LiaisonGroupFactory(committee=group.committee),
        document_number="常〔2024〕1号",
    )
    assert LeaderApproval.objects.filter(document_number="常〔2024〕1号").count() == 2
