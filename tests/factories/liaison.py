"""Factories for liaison groups, leader approvals, plans, contact points, activities and rosters.

Related records default to the same committee, so a factory call never trips a cross-committee
guard unless a test asks for it.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from liaison.models import (
    ContactActivity,
    ContactActivityParticipant,
    ContactPoint,
    DocumentState,
    LeaderApproval,
    LiaisonGroup,
    LiaisonGroupMembership,
    OnDutyShift,
    WorkPlan,
    YearEndReport,
)
from tests.factories.core import CommitteeFactory, TermFactory
from tests.factories.core import MemberFactory as CoreMemberFactory


class MemberFactory(CoreMemberFactory):
    """A member of the committee's existing term (the core factory opens a new term with the
    same number each time, so it cannot make two members of one committee)."""

    term = factory.LazyAttribute(
        lambda o: (
            o.committee.terms.order_by("-number").first() or TermFactory(committee=o.committee)
        )
    )


class LiaisonGroupFactory(DjangoModelFactory):
    class Meta:
        model = LiaisonGroup

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"第{n}联络组")
    kind = LiaisonGroup.Kind.TOWNSHIP
    area_name = factory.Sequence(lambda n: f"第{n}镇")


class LiaisonGroupMembershipFactory(DjangoModelFactory):
    """An ordinary member's period; use ``LeaderMembershipFactory`` for a leader or deputy."""

    class Meta:
        model = LiaisonGroupMembership

    group = factory.SubFactory(LiaisonGroupFactory)
    member = factory.LazyAttribute(lambda o: MemberFactory(committee=o.group.committee))
    role = LiaisonGroupMembership.Role.MEMBER
    start_date = datetime.date(2022, 1, 10)


class LeaderApprovalFactory(DjangoModelFactory):
    """A nomination; the ``discussed`` and ``approved`` traits carry it further."""

    class Meta:
        model = LeaderApproval

    group = factory.SubFactory(LiaisonGroupFactory)
    committee = factory.SelfAttribute("group.committee")
    member = factory.LazyAttribute(lambda o: MemberFactory(committee=o.group.committee))
    role = LeaderApproval.Role.LEADER
    nominated_on = datetime.date(2022, 2, 1)

    class Params:
        discussed = factory.Trait(
            state=LeaderApproval.State.DISCUSSED,
            chairmans_meeting_on=datetime.date(2022, 2, 10),
        )
        approved = factory.Trait(
            state=LeaderApproval.State.APPROVED,
            chairmans_meeting_on=datetime.date(2022, 2, 10),
            standing_committee_approved_on=datetime.date(2022, 3, 1),
            document_number=factory.Sequence(lambda n: f"县政协常〔2022〕{n}号"),
        )


class LeaderMembershipFactory(LiaisonGroupMembershipFactory):
    """A leader's period, backed by an approved nomination of the same member and group."""

    role = LiaisonGroupMembership.Role.LEADER
    start_date = datetime.date(2022, 3, 1)
    approval = factory.LazyAttribute(
        lambda o: LeaderApprovalFactory(group=o.group, member=o.member, role=o.role, approved=True)
    )


class WorkPlanFactory(DjangoModelFactory):
    class Meta:
        model = WorkPlan

    group = factory.SubFactory(LiaisonGroupFactory)
    year = 2024
    tasks = "走访群众，收集社情民意"
    goals = "每名委员全年开展联系群众活动不少于4次"
    learning_content = "学习人民政协理论"
    activity_methods = "集中学习与分散走访相结合"
    requirements = "按时报送活动记录"

    class Params:
        submitted = factory.Trait(
            state=DocumentState.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )


class YearEndReportFactory(DjangoModelFactory):
    class Meta:
        model = YearEndReport

    group = factory.SubFactory(LiaisonGroupFactory)
    year = 2024
    body = "全年开展活动12次，走访群众300余人次。"
    highlights = "设立委员工作室"

    class Params:
        submitted = factory.Trait(
            state=DocumentState.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )


class ContactPointFactory(DjangoModelFactory):
    class Meta:
        model = ContactPoint

    committee = factory.SubFactory(CommitteeFactory)
    kind = ContactPoint.Kind.CONTACT_POINT
    name = factory.Sequence(lambda n: f"第{n}委员联系群众联络点")
    address = factory.Sequence(lambda n: f"城关镇人民路{n}号")
    township = "城关镇"

    class Params:
        # Every one of the "ten haves", with the data behind the items that need some.
        complete = factory.Trait(
            phone="0731-1234567",
            liaison_person_name="张联络",
            convener=factory.LazyAttribute(lambda o: MemberFactory(committee=o.committee)),
            has_place=True,
            has_convener=True,
            has_liaison_person=True,
            has_sign=True,
            has_phone=True,
            has_mailbox=True,
            has_rules=True,
            has_work_plan=True,
            has_notice_board=True,
            has_archives=True,
        )


class ContactActivityFactory(DjangoModelFactory):
    """A draft activity with no participants; ``participants`` takes members to add."""

    class Meta:
        model = ContactActivity
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    kind = ContactActivity.Kind.VISIT
    title = factory.Sequence(lambda n: f"走访群众活动{n}")
    date = datetime.date(2024, 5, 6)
    place = "城关镇幸福村"
    people_reached = 20
    issues_raised = 3
    issues_resolved = 1

    class Params:
        submitted = factory.Trait(
            status=ContactActivity.Status.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )
        verified = factory.Trait(
            status=ContactActivity.Status.VERIFIED,
            submitted_at=factory.LazyFunction(timezone.now),
            verified_at=factory.LazyFunction(timezone.now),
        )
        returned = factory.Trait(
            status=ContactActivity.Status.RETURNED,
            submitted_at=factory.LazyFunction(timezone.now),
            returned_reason="缺少活动照片",
        )

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            for member in extracted:
                ContactActivityParticipant.objects.create(activity=self, member=member)


class ContactActivityParticipantFactory(DjangoModelFactory):
    class Meta:
        model = ContactActivityParticipant

    activity = factory.SubFactory(ContactActivityFactory)
    member = factory.LazyAttribute(lambda o: MemberFactory(committee=o.activity.committee))


class OnDutyShiftFactory(DjangoModelFactory):
    class Meta:
        model = OnDutyShift

    contact_point = factory.SubFactory(ContactPointFactory)
    member = factory.LazyAttribute(lambda o: MemberFactory(committee=o.contact_point.committee))
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
