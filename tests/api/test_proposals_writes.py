"""The proposals workflow moves added to the API: each moves the record as the office would see it,
refuses a move the record's state forbids (409), bad data per field in Chinese (400) with nothing
saved, and keeps to the same people as the services (403 for a role, 404 for another's record)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from proposals import services
from proposals.models import (
    ClueStatus,
    HandlingUnitUser,
    ProposalAssignment,
    ProposalClue,
    ProposalCoSigner,
    ProposalFollowUp,
    ProposalState,
    SocialReport,
    SocialReportInstruction,
    SocialReportState,
    SubmitterKind,
)
from tests.factories.proposals import (
    HandlingUnitFactory,
    ProposalCoSignerFactory,
    ProposalFactory,
    SocialReportAuthorFactory,
    SocialReportFactory,
    clue_in_state,
    member_of,
    proposal_assigned_to,
    proposal_in_state,
    social_report_in_state,
)

pytestmark = pytest.mark.django_db

REQUIRED = ["该字段是必填项。"]
#: The staff list of reports, whatever its length (authors fetched in one query).
QUERIES_PER_REPORT_LIST = 7


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(basename: str, action: str, pk: int) -> str:
    return reverse(f"api:{basename}-{action}", kwargs={"pk": pk})


def post(user, basename: str, action: str, pk: int, data=None):
    return client_for(user).post(url(basename, action, pk), data, format="json")


def today() -> datetime.date:
    return timezone.localdate()


def mine(people, state, **kwargs):
    return proposal_in_state(
        state,
        committee=people.member.member.committee,
        first_proposer=people.member.member,
        **kwargs,
    )


def unit_of(people):
    return HandlingUnitUser.objects.get(user=people.unit_user).unit


# Proposals: the proposer's moves -------------------------------------------------------------


def test_the_proposer_withdraws_a_submitted_proposal_with_the_reason(people):
    proposal = mine(people, ProposalState.SUBMITTED)
    response = post(people.member, "proposal", "withdraw", proposal.pk, {"reason": "已合并提交"})
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == ProposalState.WITHDRAWN
    assert response.json()["withdrawn_reason"] == "已合并提交"
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
    assert proposal.history.latest().history_user == people.member


def test_withdrawing_needs_a_reason_and_changes_nothing_without_one(people):
    proposal = mine(people, ProposalState.SUBMITTED)
    response = post(people.member, "proposal", "withdraw", proposal.pk, {"reason": "  "})
    assert response.status_code == 400
    assert response.json() == {"reason": REQUIRED}
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED


def test_a_registered_proposal_cannot_be_withdrawn(people):
    proposal = mine(people, ProposalState.REGISTERED)
    response = post(people.member, "proposal", "withdraw", proposal.pk, {"reason": "不再需要"})
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REGISTERED


def test_a_cosigner_cannot_withdraw_the_proposal(people):
    proposal = mine(people, ProposalState.DRAFT, submitter_kind=SubmitterKind.JOINT)
    ProposalCoSignerFactory(proposal=proposal, member=people.other_member.member)
    response = post(people.other_member, "proposal", "withdraw", proposal.pk, {"reason": "x"})
    assert response.status_code == 404


def test_staff_withdraw_a_proposal_of_their_committee_only(people, other_committee):
    ours = mine(people, ProposalState.DRAFT)
    response = post(people.staff, "proposal", "withdraw", ours.pk, {"reason": "纸质提案撤回"})
    assert response.status_code == 200
    theirs = proposal_in_state(ProposalState.DRAFT, committee=other_committee)
    response = post(people.staff, "proposal", "withdraw", theirs.pk, {"reason": "x"})
    assert response.status_code == 404


def test_the_proposer_removes_a_cosigner_from_the_draft(people):
    proposal = mine(people, ProposalState.DRAFT, submitter_kind=SubmitterKind.JOINT)
    ProposalCoSignerFactory(proposal=proposal, member=people.other_member.member)
    response = post(
        people.member,
        "proposal",
        "remove-cosigner",
        proposal.pk,
        {"member": people.other_member.member.pk},
    )
    assert response.status_code == 200, response.json()
    assert not ProposalCoSigner.objects.filter(proposal=proposal).exists()


def test_removing_someone_who_is_no_cosigner_is_a_field_error(people):
    proposal = mine(people, ProposalState.DRAFT, submitter_kind=SubmitterKind.JOINT)
    response = post(
        people.member,
        "proposal",
        "remove-cosigner",
        proposal.pk,
        {"member": people.leader.member.pk},
    )
    assert response.status_code == 400
    assert response.json() == {"member": ["该委员不是本提案的附议人。"]}
    response = post(people.member, "proposal", "remove-cosigner", proposal.pk, {"member": "x"})
    assert response.status_code == 400
    assert response.json() == {"member": ["输入整数。"]}


def test_cosigners_of_a_submitted_proposal_stay(people):
    proposal = mine(people, ProposalState.SUBMITTED, submitter_kind=SubmitterKind.JOINT)
    cosigner = proposal.cosigners.get()
    response = post(
        people.member, "proposal", "remove-cosigner", proposal.pk, {"member": cosigner.member_id}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert ProposalCoSigner.objects.filter(pk=cosigner.pk).exists()


# Proposals: the office's moves ---------------------------------------------------------------


def test_staff_return_a_submitted_proposal_to_its_proposer(people):
    proposal = mine(people, ProposalState.SUBMITTED)
    response = post(
        people.staff, "proposal", "return-for-revision", proposal.pk, {"reason": "请补充数据"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == ProposalState.DRAFT
    assert response.json()["returned_reason"] == "请补充数据"
    response = post(people.staff, "proposal", "return-for-revision", proposal.pk, {})
    assert response.status_code == 400
    assert response.json() == {"reason": REQUIRED}


def test_a_draft_cannot_be_returned_and_a_member_may_not_return(people):
    proposal = mine(people, ProposalState.DRAFT)
    response = post(people.staff, "proposal", "return-for-revision", proposal.pk, {"reason": "x"})
    assert response.status_code == 409
    response = post(people.member, "proposal", "return-for-revision", proposal.pk, {"reason": "x"})
    assert response.status_code == 403


def test_staff_change_the_units_and_deadline_of_the_round(people, committee):
    proposal = proposal_assigned_to(unit_of(people), first_proposer=people.member.member)
    new_lead = HandlingUnitFactory(committee=committee)
    deadline = today() + datetime.timedelta(days=20)
    response = post(
        people.staff,
        "proposal",
        "change-units",
        proposal.pk,
        {"lead_unit": new_lead.pk, "co_units": [unit_of(people).pk], "deadline": str(deadline)},
    )
    assert response.status_code == 200, response.json()
    roles = {a.unit_id: (a.role, a.deadline) for a in proposal.assignments.all()}
    assert roles == {
        new_lead.pk: (ProposalAssignment.Role.LEAD, deadline),
        unit_of(people).pk: (ProposalAssignment.Role.CO, deadline),
    }


def test_changing_units_refuses_bad_data_and_leaves_the_round_alone(people, other_committee):
    proposal = proposal_assigned_to(unit_of(people), first_proposer=people.member.member)
    foreign = HandlingUnitFactory(committee=other_committee)
    response = post(
        people.staff,
        "proposal",
        "change-units",
        proposal.pk,
        {"lead_unit": foreign.pk, "deadline": str(today() + datetime.timedelta(days=20))},
    )
    assert response.status_code == 400
    assert response.json() == {"lead_unit": ["请选择承办单位。"]}
    response = post(
        people.staff,
        "proposal",
        "change-units",
        proposal.pk,
        {"lead_unit": unit_of(people).pk, "deadline": str(today())},
    )
    assert response.status_code == 400
    assert response.json() == {"deadline": ["答复期限须晚于交办日期。"]}
    assert list(proposal.assignments.values_list("unit_id", flat=True)) == [unit_of(people).pk]


def test_units_of_a_registered_proposal_are_assigned_not_changed(people):
    proposal = mine(people, ProposalState.REGISTERED)
    response = post(
        people.staff,
        "proposal",
        "change-units",
        proposal.pk,
        {"lead_unit": unit_of(people).pk, "deadline": str(today() + datetime.timedelta(days=9))},
    )
    assert response.status_code == 409
    assert not proposal.assignments.exists()


def test_staff_close_a_rated_proposal_but_not_a_registered_one(people):
    rated = mine(people, ProposalState.EVALUATED)
    response = post(people.staff, "proposal", "close", rated.pk)
    assert response.status_code == 200
    assert response.json()["state"] == ProposalState.CLOSED
    assert response.json()["closed_at"] is not None
    registered = mine(people, ProposalState.REGISTERED)
    assert post(people.staff, "proposal", "close", registered.pk).status_code == 409
    assert post(people.member, "proposal", "close", rated.pk).status_code == 403


def test_staff_record_a_look_back_on_a_category_b_answer(people):
    proposal = mine(people, ProposalState.EVALUATED, answer_category="B")
    data = {
        "kind": "look_back",
        "followed_on": str(today()),
        "progress": "in_progress",
        "summary": "已开工建设",
        "participants": "提案委",
    }
    response = post(people.staff, "proposal", "follow-up", proposal.pk, data)
    assert response.status_code == 201, response.json()
    follow_up = ProposalFollowUp.objects.get(proposal=proposal)
    assert response.json() == {"id": follow_up.pk, "proposal": proposal.pk, **data}
    assert follow_up.recorded_by == people.staff


def test_a_follow_up_with_bad_data_is_refused_per_field(people):
    proposal = mine(people, ProposalState.REGISTERED)
    response = post(
        people.staff,
        "proposal",
        "follow-up",
        proposal.pk,
        {"kind": "supervision", "followed_on": str(today()), "summary": "督办"},
    )
    assert response.status_code == 400
    assert response.json() == {"kind": ["只有重点提案才进行督办。"]}
    response = post(people.staff, "proposal", "follow-up", proposal.pk, {"kind": "nope"})
    assert response.status_code == 400
    assert set(response.json()) == {"kind", "followed_on", "summary"}
    assert not ProposalFollowUp.objects.exists()


def test_a_draft_is_not_followed_up(people):
    proposal = mine(people, ProposalState.DRAFT)
    data = {"kind": "other", "followed_on": str(today()), "summary": "走访"}
    response = post(people.staff, "proposal", "follow-up", proposal.pk, data)
    assert response.status_code == 409
    assert not ProposalFollowUp.objects.exists()


def test_staff_mark_and_unmark_a_key_proposal(people):
    proposal = mine(people, ProposalState.REGISTERED)
    response = post(
        people.staff, "proposal", "mark-key", proposal.pk, {"supervising_leader": "王副主席"}
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["is_key"], response.json()["supervising_leader"]) == (True, "王副主席")
    response = post(people.staff, "proposal", "unmark-key", proposal.pk)
    assert (response.json()["is_key"], response.json()["supervising_leader"]) == (False, "")
    response = post(people.staff, "proposal", "mark-key", proposal.pk, {})
    assert response.status_code == 400
    assert response.json() == {"supervising_leader": REQUIRED}


def test_only_a_registered_proposal_is_key_or_excellent(people):
    proposal = mine(people, ProposalState.SUBMITTED)
    data = {"supervising_leader": "王副主席"}
    assert post(people.staff, "proposal", "mark-key", proposal.pk, data).status_code == 409
    assert post(people.staff, "proposal", "mark-excellent", proposal.pk).status_code == 409
    proposal.refresh_from_db()
    assert (proposal.is_key, proposal.is_excellent) == (False, False)


def test_staff_mark_an_excellent_proposal(people, other_committee):
    proposal = mine(people, ProposalState.CLOSED)
    response = post(people.staff, "proposal", "mark-excellent", proposal.pk)
    assert response.status_code == 200
    assert response.json()["is_excellent"] is True
    theirs = proposal_in_state(ProposalState.CLOSED, committee=other_committee)
    assert post(people.staff, "proposal", "mark-excellent", theirs.pk).status_code == 404


# Social-conditions reports ------------------------------------------------------------------


def draft_report(people, **kwargs):
    report = SocialReportFactory(committee=people.member.member.committee, **kwargs)
    SocialReportAuthorFactory(report=report, member=people.member.member, order=1)
    return report


def report_detail(pk):
    return reverse("api:social-report-detail", kwargs={"pk": pk})


def test_an_author_changes_the_draft(people):
    report = draft_report(people, title="旧标题")
    response = client_for(people.member).patch(
        report_detail(report.pk), {"title": "关于加装电梯的建议"}, format="json"
    )
    assert response.status_code == 200, response.json()
    report.refresh_from_db()
    assert report.title == "关于加装电梯的建议"
    assert report.history.latest().history_user == people.member


def test_a_change_with_bad_data_is_refused_and_nothing_saved(people):
    report = draft_report(people, title="旧标题")
    response = client_for(people.member).patch(
        report_detail(report.pk), {"title": "", "body": "新正文"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"title": REQUIRED}
    report.refresh_from_db()
    assert (report.title, report.body) != ("", "新正文")


def test_a_submitted_report_is_not_changed_by_its_author(people):
    report = draft_report(people)
    services.social_report_submit(report=report, by=people.member)
    response = client_for(people.member).patch(
        report_detail(report.pk), {"title": "改"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"


def test_someone_elses_report_is_404_and_staff_do_not_edit_drafts(people):
    report = draft_report(people)
    patch = {"title": "改"}
    assert client_for(people.other_member).patch(report_detail(report.pk), patch).status_code == 404
    assert client_for(people.staff).patch(report_detail(report.pk), patch).status_code == 403


def test_an_author_adds_and_removes_a_coauthor(people):
    report = draft_report(people)
    other = people.other_member.member
    response = post(people.member, "social-report", "add-author", report.pk, {"member": other.pk})
    assert response.status_code == 200, response.json()
    assert response.json()["authors"] == [people.member.member.pk, other.pk]
    assert report.authorships.get(member=other).order == 2
    response = post(people.member, "social-report", "add-author", report.pk, {"member": other.pk})
    assert response.status_code == 400
    assert response.json() == {"member": ["该委员已是本信息的反映人。"]}
    response = post(
        people.member, "social-report", "remove-author", report.pk, {"member": other.pk}
    )
    assert response.status_code == 200
    assert response.json()["authors"] == [people.member.member.pk]


def test_a_coauthor_from_another_committee_is_a_field_error(people, other_committee):
    report = draft_report(people)
    stranger = member_of(other_committee)
    response = post(
        people.member, "social-report", "add-author", report.pk, {"member": stranger.pk}
    )
    assert response.status_code == 400
    assert response.json() == {"member": ["请选择本委员会的委员。"]}
    response = post(
        people.member,
        "social-report",
        "remove-author",
        report.pk,
        {"member": people.leader.member.pk},
    )
    assert response.status_code == 400
    assert response.json() == {"member": ["该委员不是本信息的反映人。"]}
    assert report.authorships.count() == 1


def test_authors_of_a_submitted_report_are_settled(people):
    report = draft_report(people)
    services.social_report_submit(report=report, by=people.member)
    other = people.other_member.member
    response = post(people.member, "social-report", "add-author", report.pk, {"member": other.pk})
    assert response.status_code == 409
    assert report.authorships.count() == 1


def test_staff_return_a_submitted_report_for_revision(people):
    report = social_report_in_state(
        SocialReportState.SUBMITTED, committee=people.member.member.committee
    )
    response = post(
        people.staff, "social-report", "return-for-revision", report.pk, {"reason": "请核实"}
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["review_note"]) == ("draft", "请核实")
    again = post(people.staff, "social-report", "return-for-revision", report.pk, {"reason": "x"})
    assert again.status_code == 409
    empty = post(people.staff, "social-report", "return-for-revision", report.pk, {"reason": ""})
    assert empty.status_code == 400
    assert empty.json() == {"reason": REQUIRED}


def adopted(people) -> SocialReport:
    return social_report_in_state(
        SocialReportState.ADOPTED, committee=people.member.member.committee
    )


def test_staff_forward_an_adopted_report_and_record_its_adoption_up_there(people):
    report = adopted(people)
    response = post(
        people.staff,
        "social-report",
        "forward",
        report.pk,
        {"forwarded_to": "市政协", "forwarded_on": str(today())},
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["forwarded_to"], response.json()["forwarded_on"]) == (
        "市政协",
        str(today()),
    )
    again = post(
        people.staff,
        "social-report",
        "forward",
        report.pk,
        {"forwarded_to": "省政协", "forwarded_on": str(today())},
    )
    assert again.status_code == 409
    response = post(
        people.staff,
        "social-report",
        "record-higher-adoption",
        report.pk,
        {"adopted_by": "市政协", "adopted_on": str(today())},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["higher_adopted_by"] == "市政协"


def test_forwarding_checks_the_dates_per_field(people):
    report = adopted(people)
    yesterday = str(today() - datetime.timedelta(days=1))
    response = post(
        people.staff,
        "social-report",
        "forward",
        report.pk,
        {"forwarded_to": "市政协", "forwarded_on": yesterday},
    )
    assert response.status_code == 400
    assert response.json() == {"forwarded_on": ["信息须在采用后才能报送上级。"]}
    services.social_report_forward(
        report=report, forwarded_to="市政协", forwarded_on=today(), by=people.staff
    )
    response = post(
        people.staff,
        "social-report",
        "record-higher-adoption",
        report.pk,
        {"adopted_by": "市政协", "adopted_on": yesterday},
    )
    assert response.status_code == 400
    assert response.json() == {"adopted_on": ["上级采用日期不能早于报送日期。"]}
    report.refresh_from_db()
    assert report.higher_adopted_on is None


def test_only_an_adopted_report_is_forwarded_or_instructed(people):
    report = social_report_in_state(
        SocialReportState.SUBMITTED, committee=people.member.member.committee
    )
    forward = {"forwarded_to": "市政协", "forwarded_on": str(today())}
    assert post(people.staff, "social-report", "forward", report.pk, forward).status_code == 409
    higher = {"adopted_by": "市政协", "adopted_on": str(today())}
    response = post(people.staff, "social-report", "record-higher-adoption", report.pk, higher)
    assert response.status_code == 409
    instruction = {
        "leader": "李市长",
        "level": "municipal",
        "instructed_on": str(today()),
        "content": "请研究",
    }
    response = post(people.staff, "social-report", "record-instruction", report.pk, instruction)
    assert response.status_code == 409
    assert not SocialReportInstruction.objects.exists()


def test_staff_record_a_leaders_instruction(people):
    report = adopted(people)
    data = {
        "leader": "李市长",
        "level": "municipal",
        "instructed_on": str(today()),
        "content": "请市住建局研究落实。",
    }
    response = post(people.staff, "social-report", "record-instruction", report.pk, data)
    assert response.status_code == 201, response.json()
    instruction = report.instructions.get()
    assert response.json() == {"id": instruction.pk, "report": report.pk, **data}
    assert instruction.recorded_by == people.staff
    bad = post(people.staff, "social-report", "record-instruction", report.pk, {"level": "moon"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"leader", "level", "instructed_on", "content"}
    assert report.instructions.count() == 1


def test_another_committees_report_is_404_for_staff(people, other_committee):
    report = social_report_in_state(SocialReportState.ADOPTED, committee=other_committee)
    data = {"forwarded_to": "市政协", "forwarded_on": str(today())}
    assert post(people.staff, "social-report", "forward", report.pk, data).status_code == 404


# Clues ---------------------------------------------------------------------------------------


def test_staff_refer_a_clue_to_a_member(people, committee):
    clue = clue_in_state(ClueStatus.UNDER_REVIEW, committee=committee)
    member = people.member.member
    response = post(
        people.staff, "proposal-clue", "refer", clue.pk, {"member": member.pk, "note": "请参考"}
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["referred_member"]) == (
        ClueStatus.REFERRED,
        member.pk,
    )
    assert response.json()["triage_note"] == "请参考"


def test_a_clue_goes_to_an_active_member_of_its_committee(people, committee, other_committee):
    clue = clue_in_state(ClueStatus.UNDER_REVIEW, committee=committee)
    stranger = member_of(other_committee)
    response = post(people.staff, "proposal-clue", "refer", clue.pk, {"member": stranger.pk})
    assert response.status_code == 400
    assert list(response.json()) == ["member"]
    clue.refresh_from_db()
    assert clue.status == ClueStatus.UNDER_REVIEW


def test_a_declined_clue_is_not_referred_or_adopted(people, committee):
    clue = clue_in_state(ClueStatus.NOT_ADOPTED, committee=committee)
    response = post(
        people.staff, "proposal-clue", "refer", clue.pk, {"member": people.member.member.pk}
    )
    assert response.status_code == 409
    proposal = ProposalFactory(committee=committee)
    response = post(people.staff, "proposal-clue", "adopt", clue.pk, {"proposal": proposal.pk})
    assert response.status_code == 409
    assert ProposalClue.objects.get(pk=clue.pk).status == ClueStatus.NOT_ADOPTED


def test_staff_adopt_a_clue_into_a_proposal_of_the_committee(people, committee, other_committee):
    clue = clue_in_state(ClueStatus.REFERRED, committee=committee)
    theirs = ProposalFactory(committee=other_committee)
    response = post(people.staff, "proposal-clue", "adopt", clue.pk, {"proposal": theirs.pk})
    assert response.status_code == 400
    assert list(response.json()) == ["proposal"]
    proposal = ProposalFactory(committee=committee)
    response = post(people.staff, "proposal-clue", "adopt", clue.pk, {"proposal": proposal.pk})
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["resulting_proposal"]) == (
        ClueStatus.ADOPTED,
        proposal.pk,
    )


def test_members_do_not_triage_clues(people, committee, other_committee):
    clue = clue_in_state(ClueStatus.UNDER_REVIEW, committee=committee)
    data = {"member": people.member.member.pk}
    assert post(people.member, "proposal-clue", "refer", clue.pk, data).status_code == 403
    assert post(people.other_staff, "proposal-clue", "refer", clue.pk, data).status_code == 404


@pytest.mark.parametrize("count", [2, 6])
def test_the_report_list_names_the_authors_in_constant_queries(
    people, committee, count, django_assert_num_queries
):
    for _ in range(count):
        report = SocialReportFactory(committee=committee)
        SocialReportAuthorFactory(report=report, member=member_of(committee), order=1)
        SocialReportAuthorFactory(report=report, member=member_of(committee), order=2)
    client = client_for(people.staff)
    list_url = reverse("api:social-report-list")
    client.get(list_url)  # the person's roles and the session, once
    with django_assert_num_queries(QUERIES_PER_REPORT_LIST):
        rows = client.get(list_url).json()["results"]
    assert len(rows) == count
    assert all(len(row["authors"]) == 2 for row in rows)
