"""Factories for proposals, handling units, social-conditions reports and clues.

Plain factories build rows as they are; ``proposal_in_state``, ``social_report_in_state`` and
``clue_in_state`` reach a state by running the real services, so every field that goes with the
state (serial number, assignments, answer, rating …) is set the way the product sets it.
"""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from committees.models import Term
from members.models import Member, Party
from proposals import services
from proposals.models import (
    AnswerCategory,
    ClueStatus,
    Conversion,
    HandlingUnit,
    HandlingUnitUser,
    Proposal,
    ProposalAssignment,
    ProposalCategory,
    ProposalClue,
    ProposalCoSigner,
    ProposalFollowUp,
    ProposalSerialCounter,
    ProposalState,
    Satisfaction,
    SocialReport,
    SocialReportAuthor,
    SocialReportInstruction,
    SocialReportState,
    SubmitterKind,
)
from tests.factories.core import (
    CommitteeFactory,
    MemberFactory,
    SectorFactory,
    SpecialCommitteeFactory,
    StaffUserFactory,
    TermFactory,
    UserFactory,
)

YEAR = 2024


def term_of(committee) -> Term:
    """The committee's current term, created the first time it is needed."""
    return Term.objects.filter(committee=committee).order_by("-number").first() or TermFactory(
        committee=committee
    )


def member_of(committee, **kwargs) -> Member:
    """A member of ``committee`` in its current term (MemberFactory alone starts a new term)."""
    kwargs.setdefault("term", term_of(committee))
    return MemberFactory(committee=committee, **kwargs)


class HandlingUnitFactory(DjangoModelFactory):
    class Meta:
        model = HandlingUnit

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"县第{n}局")
    contact_person = "王科长"
    contact_phone = "0571-88888888"


class HandlingUnitUserFactory(DjangoModelFactory):
    class Meta:
        model = HandlingUnitUser

    unit = factory.SubFactory(HandlingUnitFactory)
    user = factory.LazyAttribute(lambda o: UserFactory(committee=o.unit.committee))


class ProposalFactory(DjangoModelFactory):
    """A draft proposal by one member."""

    class Meta:
        model = Proposal

    committee = factory.SubFactory(CommitteeFactory)
    term = factory.LazyAttribute(lambda o: term_of(o.committee))
    year = YEAR
    session = "十二届三次会议"
    title = factory.Sequence(lambda n: f"关于加强农村养老服务的建议（{n}）")
    body = "目前农村养老服务供给不足，建议……"
    category = ProposalCategory.SOCIAL
    submitter_kind = SubmitterKind.MEMBER
    first_proposer = factory.LazyAttribute(
        lambda o: (
            member_of(o.committee, term=o.term)
            if o.submitter_kind in (SubmitterKind.MEMBER, SubmitterKind.JOINT)
            else None
        )
    )
    submitting_sector = factory.LazyAttribute(
        lambda o: (
            SectorFactory(committee=o.committee)
            if o.submitter_kind == SubmitterKind.SECTOR
            else None
        )
    )
    submitting_party = factory.LazyAttribute(
        lambda o: Party.CDL if o.submitter_kind == SubmitterKind.PARTY else ""
    )
    submitting_special_committee = factory.LazyAttribute(
        lambda o: (
            SpecialCommitteeFactory(committee=o.committee)
            if o.submitter_kind == SubmitterKind.SPECIAL_COMMITTEE
            else None
        )
    )
    session_group = factory.LazyAttribute(
        lambda o: "经济界别第一组" if o.submitter_kind == SubmitterKind.SESSION_GROUP else ""
    )


class ProposalCoSignerFactory(DjangoModelFactory):
    class Meta:
        model = ProposalCoSigner

    proposal = factory.SubFactory(ProposalFactory, submitter_kind=SubmitterKind.JOINT)
    member = factory.LazyAttribute(lambda o: member_of(o.proposal.committee, term=o.proposal.term))
    status = ProposalCoSigner.Status.INVITED


class ProposalSerialCounterFactory(DjangoModelFactory):
    class Meta:
        model = ProposalSerialCounter

    committee = factory.SubFactory(CommitteeFactory)
    year = YEAR


class ProposalAssignmentFactory(DjangoModelFactory):
    """A raw assignment row; a proposal gets real ones through ``proposal_assign``."""

    class Meta:
        model = ProposalAssignment

    proposal = factory.SubFactory(ProposalFactory)
    unit = factory.LazyAttribute(lambda o: HandlingUnitFactory(committee=o.proposal.committee))
    role = ProposalAssignment.Role.LEAD
    round = 1
    assigned_on = factory.LazyFunction(timezone.localdate)
    deadline = factory.LazyAttribute(lambda o: o.assigned_on + datetime.timedelta(days=90))


class ProposalFollowUpFactory(DjangoModelFactory):
    class Meta:
        model = ProposalFollowUp

    proposal = factory.LazyFunction(
        lambda: proposal_in_state(ProposalState.EVALUATED, answer_category=AnswerCategory.B)
    )
    kind = ProposalFollowUp.Kind.LOOK_BACK
    followed_on = factory.LazyFunction(timezone.localdate)
    summary = "项目已开工建设。"
    progress = ProposalFollowUp.Progress.IN_PROGRESS


class SocialReportFactory(DjangoModelFactory):
    """A draft report; add authors with ``SocialReportAuthorFactory`` or use the helper below."""

    class Meta:
        model = SocialReport

    committee = factory.SubFactory(CommitteeFactory)
    year = YEAR
    title = factory.Sequence(lambda n: f"群众反映老旧小区加装电梯难（{n}）")
    body = "近期群众反映……"


class SocialReportAuthorFactory(DjangoModelFactory):
    class Meta:
        model = SocialReportAuthor

    report = factory.SubFactory(SocialReportFactory)
    member = factory.LazyAttribute(lambda o: member_of(o.report.committee))
    order = factory.Sequence(lambda n: n + 1)


class SocialReportInstructionFactory(DjangoModelFactory):
    class Meta:
        model = SocialReportInstruction

    report = factory.LazyFunction(lambda: social_report_in_state(SocialReportState.ADOPTED))
    leader = "李书记（县委书记）"
    level = SocialReportInstruction.Level.COUNTY
    instructed_on = factory.LazyFunction(timezone.localdate)
    content = "请有关部门研究办理。"


class ProposalClueFactory(DjangoModelFactory):
    class Meta:
        model = ProposalClue

    committee = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"建议在学校门口增设红绿灯（{n}）")
    content = "上下学高峰期交通拥堵，存在安全隐患。"
    contact_name = "张女士"
    contact_phone = "13800000000"


def _staff_for(committee, staff):
    return staff or StaffUserFactory(committee=committee)


def _answer(proposal, staff, answer_category):
    lead = proposal.assignments.get(
        round=proposal.handling_round, role=ProposalAssignment.Role.LEAD
    )
    services.proposal_reply_submit(
        assignment=lead, category=answer_category, body="经研究，答复如下……", by=staff
    )


_STEPS = {
    "submit": lambda p, s, o: services.proposal_submit(proposal=p, by=s),
    "withdraw": lambda p, s, o: services.proposal_withdraw(proposal=p, reason="另行提交", by=s),
    "register": lambda p, s, o: services.proposal_register(proposal=p, by=s),
    "decline": lambda p, s, o: services.proposal_decline_registration(
        proposal=p, reason="不属于提案受理范围", conversion=o["conversion"], by=s
    ),
    "assign": lambda p, s, o: services.proposal_assign(
        proposal=p,
        lead_unit=HandlingUnitFactory(committee=p.committee),
        co_units=[HandlingUnitFactory(committee=p.committee)],
        deadline=timezone.localdate() + datetime.timedelta(days=90),
        by=s,
    ),
    "answer": lambda p, s, o: _answer(p, s, o["answer_category"]),
    "evaluate": lambda p, s, o: services.proposal_rate(
        proposal=p, satisfaction=o["satisfaction"], by=s
    ),
    "reopen": lambda p, s, o: services.proposal_rate(
        proposal=p, satisfaction=Satisfaction.UNSATISFIED, comment="答复未解决实际问题", by=s
    ),
    "close": lambda p, s, o: services.proposal_close(proposal=p, by=s),
}

_PATHS = {
    ProposalState.DRAFT: [],
    ProposalState.SUBMITTED: ["submit"],
    ProposalState.WITHDRAWN: ["submit", "withdraw"],
    ProposalState.REGISTERED: ["submit", "register"],
    ProposalState.NOT_REGISTERED: ["submit", "decline"],
    ProposalState.ASSIGNED: ["submit", "register", "assign"],
    ProposalState.ANSWERED: ["submit", "register", "assign", "answer"],
    ProposalState.EVALUATED: ["submit", "register", "assign", "answer", "evaluate"],
    ProposalState.REOPENED: ["submit", "register", "assign", "answer", "reopen"],
    ProposalState.CLOSED: ["submit", "register", "assign", "answer", "evaluate", "close"],
}


def proposal_in_state(
    state: str,
    *,
    staff=None,
    answer_category: str = AnswerCategory.A,
    satisfaction: str = Satisfaction.SATISFIED,
    conversion: str = Conversion.NONE,
    **factory_kwargs,
) -> Proposal:
    """A proposal brought to ``state`` through the real workflow services.

    Staff of the proposal's committee act throughout (committee staff may act for proposers).
    A joint proposal gets one confirmed co-signer before it is submitted.
    """
    proposal = ProposalFactory(**factory_kwargs)
    staff = _staff_for(proposal.committee, staff)
    if proposal.submitter_kind == SubmitterKind.JOINT and _PATHS[state]:
        cosigner = services.proposal_cosigner_invite(
            proposal=proposal,
            member=member_of(proposal.committee, term=proposal.term),
            by=staff,
        )
        services.proposal_cosigner_respond(cosigner=cosigner, accept=True, by=staff)
    options = {
        "answer_category": answer_category,
        "satisfaction": satisfaction,
        "conversion": conversion,
    }
    for step in _PATHS[state]:
        _STEPS[step](proposal, staff, options)
    proposal.refresh_from_db()
    return proposal


def social_report_in_state(state: str, *, staff=None, authors: int = 1, **factory_kwargs):
    """A report by ``authors`` members brought to ``state`` through the real services."""
    report = SocialReportFactory(**factory_kwargs)
    for order in range(1, authors + 1):
        SocialReportAuthorFactory(report=report, order=order)
    staff = _staff_for(report.committee, staff)
    if state != SocialReportState.DRAFT:
        services.social_report_submit(report=report, by=staff)
    if state == SocialReportState.ADOPTED:
        services.social_report_adopt(report=report, issue="《社情民意》第1期", by=staff)
    elif state == SocialReportState.NOT_ADOPTED:
        services.social_report_reject(report=report, note="内容重复", by=staff)
    report.refresh_from_db()
    return report


def clue_in_state(state: str, *, staff=None, **factory_kwargs) -> ProposalClue:
    clue = ProposalClueFactory(**factory_kwargs)
    staff = _staff_for(clue.committee, staff)
    if state == ClueStatus.UNDER_REVIEW:
        services.clue_start_review(clue=clue, by=staff)
    elif state == ClueStatus.REFERRED:
        services.clue_refer(clue=clue, member=member_of(clue.committee), by=staff)
    elif state == ClueStatus.ADOPTED:
        services.clue_start_review(clue=clue, by=staff)
        services.clue_adopt(clue=clue, proposal=ProposalFactory(committee=clue.committee), by=staff)
    elif state == ClueStatus.NOT_ADOPTED:
        services.clue_decline(clue=clue, note="不属于政协职能范围", by=staff)
    clue.refresh_from_db()
    return clue


def proposal_assigned_to(unit, *, staff=None, deadline=None, **factory_kwargs) -> Proposal:
    """A registered proposal of ``unit``'s committee handed to ``unit`` as its lead unit."""
    proposal = proposal_in_state(
        ProposalState.REGISTERED, staff=staff, committee=unit.committee, **factory_kwargs
    )
    services.proposal_assign(
        proposal=proposal,
        lead_unit=unit,
        deadline=deadline or timezone.localdate() + datetime.timedelta(days=90),
        by=_staff_for(unit.committee, staff),
    )
    proposal.refresh_from_db()
    return proposal
