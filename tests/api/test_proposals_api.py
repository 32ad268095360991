"""Proposals through the API: drafting with the page's checks, workflow moves through the
services, who sees what, filters, search, ordering, pagination and constant query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from proposals.models import HandlingUnitUser, Proposal, ProposalCoSigner, ProposalState
from tests.factories.core import CommitteeFactory
from tests.factories.proposals import (
    ProposalCoSignerFactory,
    ProposalFactory,
    member_of,
    proposal_assigned_to,
    proposal_in_state,
)

pytestmark = pytest.mark.django_db

LIST = reverse("api:proposal-list")

VALID = {
    "title": "关于完善农村养老服务体系的建议",
    "category": "social",
    "submitter_kind": "member",
    "session": "十二届三次会议",
    "body": "建议加大投入……",
}


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def detail(pk, action=None):
    if action:
        return reverse(f"api:proposal-{action}", kwargs={"pk": pk})
    return reverse("api:proposal-detail", kwargs={"pk": pk})


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# Drafting ------------------------------------------------------------------------------------


def test_a_member_drafts_a_proposal_in_their_committee(people, committee):
    response = client_for(people.member).post(LIST, VALID, format="json")
    assert response.status_code == 201, response.json()
    proposal = Proposal.objects.get(pk=response.json()["id"])
    assert proposal.first_proposer == people.member.member
    assert proposal.committee == committee
    assert proposal.state == ProposalState.DRAFT
    assert response.json()["state_display"] == "草稿"


def test_a_draft_with_missing_fields_is_refused_in_chinese_and_nothing_saved(people):
    response = client_for(people.member).post(
        LIST, {**VALID, "title": "", "category": "nonsense"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["title"] == ["该字段是必填项。"]
    assert "category" in errors and "选择" in errors["category"][0]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("role, code", [("staff", 403), ("unit_user", 403), ("other_staff", 403)])
def test_only_members_draft(people, role, code):
    response = client_for(getattr(people, role)).post(LIST, VALID, format="json")
    assert response.status_code == code
    assert not Proposal.objects.exists()


def test_anonymous_cannot_draft():
    assert client_for().post(LIST, VALID, format="json").status_code == 401


def test_the_proposer_edits_their_draft(people, committee):
    proposal = ProposalFactory(committee=committee, first_proposer=people.member.member)
    response = client_for(people.member).patch(
        detail(proposal.pk), {"title": "新的题目"}, format="json"
    )
    assert response.status_code == 200, response.json()
    proposal.refresh_from_db()
    assert proposal.title == "新的题目"


def test_an_edit_with_bad_data_changes_nothing(people, committee):
    proposal = ProposalFactory(committee=committee, first_proposer=people.member.member)
    response = client_for(people.member).patch(detail(proposal.pk), {"title": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["title"] == ["该字段是必填项。"]
    proposal.refresh_from_db()
    assert proposal.title != ""


def test_a_submitted_proposal_cannot_be_edited(people, committee):
    proposal = proposal_in_state(
        ProposalState.SUBMITTED, committee=committee, first_proposer=people.member.member
    )
    response = client_for(people.member).patch(detail(proposal.pk), {"title": "改"}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "只有草稿可以修改。", "code": "illegal_transition"}
    proposal.refresh_from_db()
    assert proposal.title != "改"


def test_a_cosigner_sees_the_proposal_but_cannot_edit_or_submit_it(people, committee):
    cosigner = ProposalCoSignerFactory(
        proposal__committee=committee,
        proposal__first_proposer=people.member.member,
        member=people.other_member.member,
    )
    client = client_for(people.other_member)
    assert client.get(detail(cosigner.proposal_id)).status_code == 200
    assert (
        client.patch(detail(cosigner.proposal_id), {"title": "x"}, format="json").status_code == 404
    )
    assert client.post(detail(cosigner.proposal_id, "submit")).status_code == 404


# Workflow ------------------------------------------------------------------------------------


def test_submit_moves_the_draft_and_a_second_submit_is_refused(people, committee):
    proposal = ProposalFactory(committee=committee, first_proposer=people.member.member)
    client = client_for(people.member)
    response = client.post(detail(proposal.pk, "submit"))
    assert response.status_code == 200
    assert response.json()["state"] == ProposalState.SUBMITTED
    again = client.post(detail(proposal.pk, "submit"))
    assert again.status_code == 409
    assert again.json()["code"] == "illegal_transition"
    assert "已提交" in again.json()["detail"]


def test_invite_and_cosign(people, committee):
    proposal = ProposalFactory(
        committee=committee, first_proposer=people.member.member, submitter_kind="joint"
    )
    invited = client_for(people.member).post(
        detail(proposal.pk, "invite"), {"member": people.other_member.member.pk}, format="json"
    )
    assert invited.status_code == 200
    answer = client_for(people.other_member).post(
        detail(proposal.pk, "cosign"), {"accept": True}, format="json"
    )
    assert answer.status_code == 200
    assert (
        ProposalCoSigner.objects.get(proposal=proposal).status == ProposalCoSigner.Status.CONFIRMED
    )


def test_inviting_a_member_of_another_committee_is_a_field_error(people, committee):
    proposal = ProposalFactory(
        committee=committee, first_proposer=people.member.member, submitter_kind="joint"
    )
    stranger = member_of(CommitteeFactory())
    response = client_for(people.member).post(
        detail(proposal.pk, "invite"), {"member": stranger.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["member"] == ["请选择本委员会的委员进行邀请。"]
    assert not ProposalCoSigner.objects.exists()


def test_staff_register_and_assign(people, committee):
    proposal = proposal_in_state(ProposalState.SUBMITTED, committee=committee)
    client = client_for(people.staff)
    registered = client.post(detail(proposal.pk, "register"))
    assert registered.status_code == 200
    assert registered.json()["serial_number"] == 1
    unit = HandlingUnitUser.objects.get(user=people.unit_user).unit
    deadline = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    assigned = client.post(
        detail(proposal.pk, "assign"), {"lead_unit": unit.pk, "deadline": deadline}, format="json"
    )
    assert assigned.status_code == 200
    assert assigned.json()["state"] == ProposalState.ASSIGNED
    # The unit now sees it.
    assert client_for(people.unit_user).get(detail(proposal.pk)).status_code == 200


def test_registering_a_draft_is_an_illegal_move(people, committee):
    proposal = ProposalFactory(committee=committee)
    response = client_for(people.staff).post(detail(proposal.pk, "register"))
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition" and response.json()["detail"]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DRAFT


def test_decline_registration_needs_a_reason(people, committee):
    proposal = proposal_in_state(ProposalState.SUBMITTED, committee=committee)
    response = client_for(people.staff).post(
        detail(proposal.pk, "decline-registration"), {"reason": ""}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED


def test_unsatisfied_rating_needs_a_comment(people, committee):
    proposal = proposal_in_state(
        ProposalState.ANSWERED, committee=committee, first_proposer=people.member.member
    )
    response = client_for(people.member).post(
        detail(proposal.pk, "rate"), {"satisfaction": "unsatisfied"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["satisfaction_comment"] == ["请说明对答复不满意的原因。"]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ANSWERED


def test_another_committees_proposal_is_404_for_staff(people, other_committee):
    proposal = proposal_in_state(ProposalState.SUBMITTED, committee=other_committee)
    client = client_for(people.staff)
    assert client.get(detail(proposal.pk)).status_code == 404
    assert client.post(detail(proposal.pk, "register")).status_code == 404


# Who sees what, filters ------------------------------------------------------------------------


def test_each_role_lists_what_its_page_shows(people, committee, other_committee):
    own = ProposalFactory(committee=committee, first_proposer=people.member.member)
    someone_elses = ProposalFactory(committee=committee)
    unit = HandlingUnitUser.objects.get(user=people.unit_user).unit
    assigned = proposal_assigned_to(unit)
    elsewhere = ProposalFactory(committee=other_committee)
    assert ids(client_for(people.member).get(LIST)) == {own.pk}
    assert ids(client_for(people.unit_user).get(LIST)) == {assigned.pk}
    assert ids(client_for(people.staff).get(LIST)) == {own.pk, someone_elses.pk, assigned.pk}
    assert ids(client_for(people.other_staff).get(LIST)) == {elsewhere.pk}


def test_filters_search_ordering_and_pagination(people, committee):
    first = ProposalFactory(committee=committee, title="关于教育的建议", year=2023)
    second = proposal_in_state(
        ProposalState.SUBMITTED,
        committee=committee,
        title="关于交通的建议",
        first_proposer=people.member.member,
    )
    client = client_for(people.staff)
    assert ids(client.get(LIST, {"year": 2023})) == {first.pk}
    assert ids(client.get(LIST, {"state": "submitted"})) == {second.pk}
    assert ids(client.get(LIST, {"member": people.member.member.pk})) == {second.pk}
    assert ids(client.get(LIST, {"search": "交通"})) == {second.pk}
    assert ids(client.get(LIST, {"committee": committee.pk})) == {first.pk, second.pk}
    titles = [row["title"] for row in client.get(LIST, {"ordering": "title"}).json()["results"]]
    assert titles == sorted(titles)
    page = client.get(LIST, {"page_size": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1
    assert client.get(LIST, {"state": "nonsense"}).status_code == 400


@pytest.mark.parametrize("role", ["staff", "member", "unit_user"])
def test_list_query_count_does_not_grow(people, committee, role, django_assert_num_queries):
    unit = HandlingUnitUser.objects.get(user=people.unit_user).unit

    def add(n):
        for _ in range(n):
            proposal_assigned_to(unit, first_proposer=people.member.member)

    client = client_for(getattr(people, role))
    add(2)
    client.get(LIST)  # warm the caches that are not per row
    with CaptureQueriesContext(connection) as captured:
        assert len(client.get(LIST).json()["results"]) == 2
    two = len(captured.captured_queries)
    add(8)
    with django_assert_num_queries(two):
        assert len(client.get(LIST).json()["results"]) == 10


def test_a_body_that_is_not_an_object_is_a_400_not_a_crash(people, committee):
    client = client_for(people.member)
    assert client.post(LIST, ["title"], format="json").status_code == 400
    proposal = ProposalFactory(committee=committee, first_proposer=people.member.member)
    assert client.patch(detail(proposal.pk), [1, 2], format="json").status_code == 400


@pytest.mark.parametrize(
    "role, code",
    [("member", 200), ("other_member", 404), ("staff", 403), ("unit_user", 403), (None, 401)],
)
def test_who_may_edit_a_draft(people, committee, role, code):
    proposal = ProposalFactory(committee=committee, first_proposer=people.member.member)
    client = client_for(getattr(people, role) if role else None)
    response = client.patch(detail(proposal.pk), {"title": "新题目"}, format="json")
    assert response.status_code == code
    proposal.refresh_from_db()
    assert (proposal.title == "新题目") == (code == 200)
