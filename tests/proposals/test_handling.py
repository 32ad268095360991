"""Assigning proposals to handling units, their replies, the proposer's rating, follow-ups."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from proposals import services
from proposals.models import Proposal, ProposalAssignment, ProposalFollowUp, ProposalState
from tests.factories.proposals import (
    HandlingUnitFactory,
    HandlingUnitUserFactory,
    proposal_in_state,
)

pytestmark = pytest.mark.django_db
S = ProposalState


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def registered(staff):
    return proposal_in_state(S.REGISTERED, staff=staff, committee=staff.committee)


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def assign(proposal, staff, lead, co=(), days=90):
    return services.proposal_assign(
        proposal=proposal, lead_unit=lead, co_units=list(co), deadline=in_days(days), by=staff
    )


def current(proposal, role="lead"):
    proposal.refresh_from_db()
    return proposal.assignments.get(round=proposal.handling_round, role=role)


def test_it_assigns_a_lead_unit_and_co_units_with_a_deadline(registered, staff, lead_unit, co_unit):
    assign(registered, staff, lead_unit, [co_unit], days=90)
    rows = list(
        registered.assignments.order_by("role").values_list("unit", "role", "round", "deadline")
    )
    assert rows == [(co_unit.pk, "co", 1, in_days(90)), (lead_unit.pk, "lead", 1, in_days(90))]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("lead_also_co", "cannot also be a co-handling unit"),
        ("other_committee", "belongs to another committee"),
        ("inactive", "no longer handles proposals"),
        ("deadline_today", "deadline must be after the assignment date"),
    ],
)
def test_it_refuses_an_impossible_assignment(registered, staff, lead_unit, case, message):
    lead, co, days = lead_unit, [], 30
    if case == "lead_also_co":
        co = [lead_unit]
    elif case == "other_committee":
        lead = HandlingUnitFactory()
    elif case == "inactive":
        lead = HandlingUnitFactory(committee=staff.committee, is_active=False)
    elif case == "deadline_today":
        days = 0
    with pytest.raises(ValidationError, match=message):
        assign(registered, staff, lead, co, days=days)
    registered.refresh_from_db()
    assert registered.state == S.REGISTERED
    assert not registered.assignments.exists()


def test_a_cohandling_units_reply_does_not_answer_the_proposal(
    registered, staff, lead_unit, co_unit
):
    assign(registered, staff, lead_unit, [co_unit])
    services.proposal_reply_submit(
        assignment=current(registered, "co"), body="协办意见：同意主办单位意见", by=staff
    )
    assert Proposal.objects.get(pk=registered.pk).state == S.ASSIGNED


def test_the_lead_units_reply_answers_with_its_category(registered, staff, lead_unit, unit_officer):
    assign(registered, staff, lead_unit)
    with pytest.raises(ValidationError, match="needs an answer category"):
        services.proposal_reply_submit(
            assignment=current(registered), body="已办理", by=unit_officer
        )
    services.proposal_reply_submit(
        assignment=current(registered),
        category="A",
        body="所提问题已解决。",
        signer="李局长",
        by=unit_officer,
    )
    registered.refresh_from_db()
    assert (registered.state, registered.answer_category) == (S.ANSWERED, "A")
    reply = current(registered)
    assert (reply.reply_signer, reply.replied_by) == ("李局长", unit_officer)


def test_an_officer_replies_only_for_their_own_unit(registered, staff, lead_unit, co_unit):
    assign(registered, staff, lead_unit, [co_unit])
    co_officer = HandlingUnitUserFactory(unit=co_unit).user
    with pytest.raises(PermissionDenied):
        services.proposal_reply_submit(
            assignment=current(registered), category="A", body="越权答复", by=co_officer
        )
    assert not current(registered).has_replied


def test_a_unit_replies_once_per_round(registered, staff, lead_unit, co_unit):
    assign(registered, staff, lead_unit, [co_unit])
    services.proposal_reply_submit(assignment=current(registered, "co"), body="意见", by=staff)
    with pytest.raises(ValidationError, match="already replied"):
        services.proposal_reply_submit(assignment=current(registered, "co"), body="再答", by=staff)


def test_an_unsatisfied_rating_starts_a_new_round_with_the_same_units(staff):
    proposal = proposal_in_state(S.ANSWERED, staff=staff, committee=staff.committee)
    first_round = set(proposal.assignments.values_list("unit", "role"))
    with pytest.raises(ValidationError, match="Say what is unsatisfactory"):
        services.proposal_rate(proposal=proposal, satisfaction="unsatisfied", by=staff)
    services.proposal_rate(
        proposal=proposal, satisfaction="unsatisfied", comment="没有实质进展", by=staff
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.handling_round) == (S.REOPENED, 2)
    second_round = proposal.assignments.filter(round=2)
    assert set(second_round.values_list("unit", "role")) == first_round
    assert {a.deadline for a in second_round} == {timezone.localdate() + services.REHANDLING_PERIOD}

    old_lead = proposal.assignments.get(round=1, role="lead")
    with pytest.raises(ValidationError):
        services.proposal_reply_submit(assignment=old_lead, category="A", body="旧轮", by=staff)

    services.proposal_reply_submit(
        assignment=current(proposal), category="A", body="已重新办理并解决", by=staff
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.answer_category, proposal.satisfaction) == (
        S.ANSWERED,
        "A",
        "",
    )
    services.proposal_rate(proposal=proposal, satisfaction="satisfied", by=staff)
    assert Proposal.objects.get(pk=proposal.pk).state == S.EVALUATED


def test_only_the_proposer_or_staff_rate(staff, proposer):
    proposal = proposal_in_state(
        S.ANSWERED, staff=staff, committee=staff.committee, first_proposer=proposer
    )
    outsider = HandlingUnitUserFactory(unit=HandlingUnitFactory(committee=staff.committee)).user
    with pytest.raises(PermissionDenied):
        services.proposal_rate(proposal=proposal, satisfaction="satisfied", by=outsider)
    services.proposal_rate(proposal=proposal, satisfaction="basically_satisfied", by=proposer.user)
    assert Proposal.objects.get(pk=proposal.pk).satisfaction == "basically_satisfied"


def test_an_unknown_rating_is_refused(staff):
    proposal = proposal_in_state(S.ANSWERED, staff=staff, committee=staff.committee)
    with pytest.raises(ValidationError, match="Unknown satisfaction"):
        services.proposal_rate(proposal=proposal, satisfaction="ecstatic", by=staff)


def test_staff_change_units_and_extend_the_deadline(registered, staff, lead_unit, co_unit):
    assign(registered, staff, lead_unit, [co_unit], days=30)
    third = HandlingUnitFactory(committee=staff.committee)
    services.proposal_units_change(
        proposal=registered, lead_unit=co_unit, co_units=[third], deadline=in_days(60), by=staff
    )
    rows = set(registered.assignments.values_list("unit", "role", "deadline"))
    assert rows == {(co_unit.pk, "lead", in_days(60)), (third.pk, "co", in_days(60))}


def test_a_unit_that_replied_keeps_its_place(registered, staff, lead_unit, co_unit):
    assign(registered, staff, lead_unit, [co_unit])
    services.proposal_reply_submit(assignment=current(registered, "co"), body="协办意见", by=staff)
    with pytest.raises(ValidationError, match="already replied and keeps its role"):
        services.proposal_units_change(
            proposal=registered, lead_unit=lead_unit, deadline=in_days(60), by=staff
        )
    assert registered.assignments.count() == 2


def test_units_change_only_while_handling(staff, lead_unit):
    proposal = proposal_in_state(S.EVALUATED, staff=staff, committee=staff.committee)
    with pytest.raises(
        ValidationError, match="only be changed while the proposal is being handled"
    ):
        services.proposal_units_change(
            proposal=proposal, lead_unit=lead_unit, deadline=in_days(30), by=staff
        )


def test_a_category_b_answer_gets_look_backs_across_years(staff):
    proposal = proposal_in_state(
        S.EVALUATED, staff=staff, committee=staff.committee, answer_category="B"
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=400)):
        follow_up = services.proposal_followup_record(
            proposal=proposal,
            kind="look_back",
            followed_on=timezone.localdate(),
            summary="项目已竣工投用",
            progress="resolved",
            by=staff,
        )
    assert follow_up.followed_on.year > proposal.registered_at.year
    assert proposal.follow_ups.get().progress == "resolved"


def test_a_look_back_follows_only_category_b(staff):
    proposal = proposal_in_state(
        S.EVALUATED, staff=staff, committee=staff.committee, answer_category="A"
    )
    with pytest.raises(ValidationError, match="answered in category B"):
        services.proposal_followup_record(
            proposal=proposal,
            kind="look_back",
            followed_on=timezone.localdate(),
            summary="x",
            progress="resolved",
            by=staff,
        )
    assert not ProposalFollowUp.objects.exists()


def test_supervision_is_for_key_proposals(staff):
    proposal = proposal_in_state(S.ASSIGNED, staff=staff, committee=staff.committee)
    record = dict(
        proposal=proposal,
        kind="supervision",
        followed_on=timezone.localdate(),
        summary="主席会议成员带队督办",
        by=staff,
    )
    with pytest.raises(ValidationError, match="Only key proposals are supervised"):
        services.proposal_followup_record(**record)
    services.proposal_mark_key(proposal=proposal, supervising_leader="王主席", by=staff)
    services.proposal_followup_record(**record)
    assert proposal.follow_ups.get().kind == "supervision"


def test_a_follow_up_is_not_dated_before_registration(staff):
    proposal = proposal_in_state(S.ASSIGNED, staff=staff, committee=staff.committee)
    with pytest.raises(ValidationError, match="before the proposal was registered"):
        services.proposal_followup_record(
            proposal=proposal,
            kind="other",
            followed_on=timezone.localdate() - datetime.timedelta(days=3),
            summary="x",
            by=staff,
        )


def test_closing_leaves_the_answer_and_rating_in_place(staff):
    proposal = proposal_in_state(S.CLOSED, staff=staff, committee=staff.committee)
    assert (proposal.answer_category, proposal.satisfaction) == ("A", "satisfied")
    assert proposal.closed_at >= proposal.rated_at
    assert ProposalAssignment.objects.filter(proposal=proposal, replied_on__isnull=False).exists()
