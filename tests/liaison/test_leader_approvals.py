"""A leader is nominated by the party group, discussed at the Chairman's Meeting and approved
by the Standing Committee; only then does the leader take up the role."""

import datetime

import pytest
from django.utils import translation

from liaison import services
from liaison.models import LeaderApproval, LiaisonGroupMembership
from tests.factories.liaison import LeaderApprovalFactory, LeaderMembershipFactory, MemberFactory
from tests.liaison.helpers import refused_with

D = datetime.date
pytestmark = pytest.mark.django_db


def test_the_whole_path_makes_the_member_leader_with_the_document_on_record(group, make_member):
    member = make_member()
    approval = services.leader_approval_nominate(
        group=group, member=member, nominated_on=D(2024, 1, 5)
    )
    services.leader_approval_record_discussion(approval=approval, meeting_on=D(2024, 1, 12))
    membership = services.leader_approval_approve(
        approval=approval, approved_on=D(2024, 1, 20), document_number=" 县政协常〔2024〕2号 "
    )

    approval.refresh_from_db()
    assert approval.state == LeaderApproval.State.APPROVED
    assert approval.document_number == "县政协常〔2024〕2号"
    assert approval.committee == group.committee
    assert (membership.group, membership.member, membership.role) == (group, member, "leader")
    assert (membership.start_date, membership.approval) == (D(2024, 1, 20), approval)


def test_an_approved_deputy_becomes_deputy_from_the_given_day(group, make_member):
    member = make_member()
    services.group_add_member(group=group, member=member, start_date=D(2022, 2, 1))
    approval = LeaderApprovalFactory(group=group, member=member, role="deputy", discussed=True)

    services.leader_approval_approve(
        approval=approval,
        approved_on=D(2024, 1, 20),
        document_number="常〔2024〕3号",
        effective_date=D(2024, 2, 1),
    )

    roles = list(member.liaison_memberships.order_by("start_date").values_list("role", "end_date"))
    assert roles == [("member", D(2024, 1, 31)), ("deputy", None)]


def test_it_refuses_approving_a_nomination_not_yet_discussed_and_changes_nothing(group):
    approval = LeaderApprovalFactory(group=group)
    with refused_with(
        "Only a nomination discussed at the Chairman's Meeting can be approved; "
        "this one is “Nominated by the party group”."
    ):
        services.leader_approval_approve(
            approval=approval, approved_on=D(2024, 1, 20), document_number="常〔2024〕2号"
        )
    approval.refresh_from_db()
    assert approval.state == LeaderApproval.State.NOMINATED
    assert not LiaisonGroupMembership.objects.exists()


def test_the_illegal_move_is_explained_in_chinese(group):
    approval = LeaderApprovalFactory(group=group)
    with (
        translation.override("zh-hans"),
        refused_with("只有经主席会议讨论的提名才能批准；当前状态为“党组已提名”。"),
    ):
        services.leader_approval_approve(
            approval=approval, approved_on=D(2024, 1, 20), document_number="常〔2024〕2号"
        )


def test_it_refuses_an_approval_dated_before_the_meeting_and_saves_nothing(group):
    approval = LeaderApprovalFactory(group=group, discussed=True)
    with refused_with(
        "The Standing Committee's approval cannot come before the Chairman's Meeting."
    ):
        services.leader_approval_approve(
            approval=approval, approved_on=D(2022, 2, 1), document_number="常〔2022〕1号"
        )
    approval.refresh_from_db()
    assert (approval.state, approval.document_number) == ("discussed", "")
    assert not LiaisonGroupMembership.objects.exists()


def test_it_requires_a_document_number(group):
    approval = LeaderApprovalFactory(group=group, discussed=True)
    with refused_with("Give the number of the Standing Committee's document."):
        services.leader_approval_approve(
            approval=approval, approved_on=D(2022, 3, 1), document_number="  "
        )


def test_an_approval_that_cannot_take_effect_leaves_the_nomination_as_it_was(group):
    member = MemberFactory(committee=group.committee, joined_on=D(2022, 1, 10))
    approval = LeaderApprovalFactory(group=group, member=member, discussed=True)
    member.status, member.left_on = "resigned", D(2022, 2, 20)
    member.save()
    with refused_with(f"{member} did not hold a seat on 2022-03-01."):
        services.leader_approval_approve(
            approval=approval, approved_on=D(2022, 3, 1), document_number="常〔2022〕1号"
        )
    approval.refresh_from_db()
    assert approval.state == LeaderApproval.State.DISCUSSED


def test_it_refuses_a_meeting_dated_before_the_nomination(group):
    approval = LeaderApprovalFactory(group=group, nominated_on=D(2024, 1, 5))
    with refused_with("The Chairman's Meeting cannot come before the nomination."):
        services.leader_approval_record_discussion(approval=approval, meeting_on=D(2024, 1, 4))
    approval.refresh_from_db()
    assert approval.state == LeaderApproval.State.NOMINATED


def test_it_refuses_a_second_leader_nomination_while_one_is_under_way(group, make_member):
    services.leader_approval_nominate(group=group, member=make_member(), nominated_on=D(2024, 1, 5))
    with refused_with("A leader nomination for this group is already under way."):
        services.leader_approval_nominate(
            group=group, member=make_member(), nominated_on=D(2024, 1, 6)
        )
    assert group.leader_approvals.count() == 1


def test_it_refuses_nominating_a_member_of_another_committee(group):
    outsider = MemberFactory()
    with refused_with(f"{outsider} is a member of another committee."):
        services.leader_approval_nominate(group=group, member=outsider, nominated_on=D(2024, 1, 5))


def test_a_rejection_needs_a_reason_and_ends_the_nomination(group):
    approval = LeaderApprovalFactory(group=group, discussed=True)
    with refused_with("Give the reason the nomination was not approved."):
        services.leader_approval_reject(approval=approval, reason=" ")
    services.leader_approval_reject(approval=approval, reason="常委会未通过")
    approval.refresh_from_db()
    assert (approval.state, approval.rejection_reason) == ("rejected", "常委会未通过")


def test_it_refuses_rejecting_an_approved_nomination(group):
    approval = LeaderMembershipFactory(group=group).approval
    with refused_with(
        "Only a nomination still under way can be marked not approved; "
        "this one is “Approved by the Standing Committee”."
    ):
        services.leader_approval_reject(approval=approval, reason="改变主意")


def test_a_membership_cannot_cite_someone_elses_approval(group, make_member):
    approval = LeaderApprovalFactory(group=group, approved=True)
    membership = LiaisonGroupMembership(
        group=group,
        member=make_member(),
        role="leader",
        approval=approval,
        start_date=D(2022, 3, 1),
    )
    with refused_with(
        "This approval is for another member, group or role, or has not been approved yet."
    ):
        membership.full_clean()
