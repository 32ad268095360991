"""Every (state, transition) pair of the proposal workflow, legal and illegal.

Legal steps move the proposal and leave the records that go with them; illegal ones are refused
with a message naming the state and the step, and change nothing at all.
"""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from proposals import services
from proposals.models import (
    AnswerCategory,
    Conversion,
    Proposal,
    ProposalAssignment,
    ProposalSerialCounter,
    ProposalState,
    Satisfaction,
    SocialReport,
)
from tests.factories.proposals import (
    HandlingUnitFactory,
    ProposalAssignmentFactory,
    proposal_in_state,
)

S = ProposalState

#: The workflow as the committee's rules describe it: transition -> (sources, target).
WORKFLOW = {
    "submit": ({S.DRAFT}, S.SUBMITTED),
    "return_for_revision": ({S.SUBMITTED}, S.DRAFT),
    "withdraw": ({S.DRAFT, S.SUBMITTED}, S.WITHDRAWN),
    "register": ({S.SUBMITTED}, S.REGISTERED),
    "decline_registration": ({S.SUBMITTED}, S.NOT_REGISTERED),
    "assign": ({S.REGISTERED}, S.ASSIGNED),
    "answer": ({S.ASSIGNED, S.REOPENED}, S.ANSWERED),
    "evaluate": ({S.ANSWERED}, S.EVALUATED),
    "reopen": ({S.ANSWERED}, S.REOPENED),
    "close": ({S.ANSWERED, S.EVALUATED}, S.CLOSED),
}

LABELS_EN = {
    "submit": "submit",
    "return_for_revision": "return for revision",
    "withdraw": "withdraw",
    "register": "register",
    "decline_registration": "decline registration",
    "assign": "assign",
    "answer": "answer",
    "evaluate": "evaluate",
    "reopen": "reopen for handling",
    "close": "close",
}


def _lead_assignment(proposal):
    round_ = max(proposal.handling_round, 1)
    current = proposal.assignments.filter(round=round_, role=ProposalAssignment.Role.LEAD).first()
    return current or ProposalAssignmentFactory(proposal=proposal, round=round_)


def _run(name, proposal, staff):
    if name == "submit":
        return services.proposal_submit(proposal=proposal, by=staff)
    if name == "return_for_revision":
        return services.proposal_return_for_revision(
            proposal=proposal, reason="请补充调研数据", by=staff
        )
    if name == "withdraw":
        return services.proposal_withdraw(proposal=proposal, reason="与他人提案重复", by=staff)
    if name == "register":
        return services.proposal_register(proposal=proposal, by=staff)
    if name == "decline_registration":
        return services.proposal_decline_registration(
            proposal=proposal, reason="属于个人诉求", conversion=Conversion.NONE, by=staff
        )
    if name == "assign":
        return services.proposal_assign(
            proposal=proposal,
            lead_unit=HandlingUnitFactory(committee=proposal.committee),
            co_units=[HandlingUnitFactory(committee=proposal.committee)],
            deadline=timezone.localdate() + datetime.timedelta(days=60),
            by=staff,
        )
    if name == "answer":
        return services.proposal_reply_submit(
            assignment=_lead_assignment(proposal),
            category=AnswerCategory.B,
            body="已列入明年计划逐步解决。",
            by=staff,
        )
    if name == "evaluate":
        return services.proposal_rate(
            proposal=proposal, satisfaction=Satisfaction.BASICALLY_SATISFIED, by=staff
        )
    if name == "reopen":
        return services.proposal_rate(
            proposal=proposal,
            satisfaction=Satisfaction.UNSATISFIED,
            comment="答复没有回应核心问题",
            by=staff,
        )
    if name == "close":
        return services.proposal_close(proposal=proposal, by=staff)
    raise AssertionError(name)


def _snapshot(proposal):
    return {
        "row": Proposal.objects.filter(pk=proposal.pk).values().get(),
        "assignments": list(
            ProposalAssignment.objects.filter(proposal=proposal).order_by("pk").values()
        ),
        "cosigners": list(proposal.cosigners.order_by("pk").values()),
        "reports": SocialReport.objects.count(),
        "counters": list(ProposalSerialCounter.objects.values()),
        "history": proposal.history.count(),
    }


def _check_effects(name, before, proposal, staff):
    if name == "submit":
        assert proposal.submitted_at is not None
    elif name == "return_for_revision":
        assert proposal.returned_reason == "请补充调研数据"
        assert proposal.submitted_at is None
    elif name == "withdraw":
        assert proposal.withdrawn_reason == "与他人提案重复"
        assert proposal.withdrawn_at is not None
    elif name == "register":
        assert proposal.serial_number == 1
        assert proposal.serial_label == "2024-0001"
        assert proposal.registered_at is not None
        assert proposal.reviewed_by == staff
    elif name == "decline_registration":
        assert proposal.not_registered_reason == "属于个人诉求"
        assert proposal.declined_at is not None
        assert proposal.serial_number is None
    elif name == "assign":
        assert proposal.handling_round == 1
        roles = sorted(proposal.assignments.values_list("role", flat=True))
        assert roles == ["co", "lead"]
    elif name == "answer":
        assert proposal.answer_category == "B"
        assert proposal.answered_at is not None
        assert proposal.satisfaction == ""
        lead = proposal.assignments.get(round=proposal.handling_round, role="lead")
        assert lead.reply_category == "B"
        assert lead.replied_on == timezone.localdate()
    elif name == "evaluate":
        assert proposal.satisfaction == Satisfaction.BASICALLY_SATISFIED
        assert proposal.rated_at is not None
    elif name == "reopen":
        assert proposal.satisfaction == Satisfaction.UNSATISFIED
        assert proposal.handling_round == before["row"]["handling_round"] + 1
        new_round = proposal.assignments.filter(round=proposal.handling_round)
        old_round = proposal.assignments.filter(round=proposal.handling_round - 1)
        assert sorted(new_round.values_list("unit_id", "role")) == sorted(
            old_round.values_list("unit_id", "role")
        )
        assert not new_round.filter(replied_on__isnull=False).exists()
    elif name == "close":
        assert proposal.closed_at is not None
    assert proposal.history.count() > before["history"]


PAIRS = list(itertools.product(list(S), WORKFLOW))


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "name"), PAIRS, ids=[f"{s}-{n}" for s, n in PAIRS])
def test_every_transition_from_every_state(state, name, staff):
    proposal = proposal_in_state(state, staff=staff, committee=staff.committee)
    if name == "answer":
        _lead_assignment(proposal)  # the unit that tries to answer, even where none is due
    before = _snapshot(proposal)
    sources, target = WORKFLOW[name]

    if state in sources:
        _run(name, proposal, staff)
        proposal.refresh_from_db()
        assert proposal.state == target
        _check_effects(name, before, proposal, staff)
    else:
        with translation.override("en"), pytest.raises(ValidationError) as excinfo:
            _run(name, proposal, staff)
        assert excinfo.value.code == "illegal_transition"
        with translation.override("en"):
            state_label = str(S(state).label)
            assert excinfo.value.messages == [
                f"The proposal is “{state_label}”; it cannot be “{LABELS_EN[name]}”."
            ]
        assert _snapshot(proposal) == before


@pytest.mark.django_db
def test_the_model_declares_exactly_the_documented_workflow():
    declared = {}
    for t in Proposal._meta.get_field("state").get_all_transitions(Proposal):
        sources, target = declared.setdefault(t.name, (set(), t.target))
        sources.add(t.source)
    assert declared == WORKFLOW


@pytest.mark.django_db
def test_the_refusal_reads_in_chinese_for_staff(staff):
    proposal = proposal_in_state(S.REGISTERED, staff=staff, committee=staff.committee)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        services.proposal_withdraw(proposal=proposal, reason="不想提了", by=staff)
    with translation.override("zh-hans"):
        assert excinfo.value.messages == ["提案当前状态为“已立案”，不能执行“撤回”。"]
