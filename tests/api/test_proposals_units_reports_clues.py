"""Handling units' assignments and replies, social-conditions reports and clues through the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from proposals.models import (
    ClueStatus,
    HandlingUnitUser,
    ProposalAssignment,
    ProposalClue,
    ProposalState,
    SocialReport,
    SocialReportState,
)
from tests.factories.proposals import (
    HandlingUnitFactory,
    ProposalClueFactory,
    SocialReportAuthorFactory,
    SocialReportFactory,
    clue_in_state,
    proposal_assigned_to,
)

pytestmark = pytest.mark.django_db

ASSIGNMENTS = reverse("api:proposal-assignment-list")
REPORTS = reverse("api:social-report-list")
CLUES = reverse("api:proposal-clue-list")


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def unit_of(people):
    return HandlingUnitUser.objects.get(user=people.unit_user).unit


def same_queries(client, url, add, expected_first=2, expected_then=10):
    add(expected_first)
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        assert len(client.get(url).json()["results"]) == expected_first
    add(expected_then - expected_first)
    with CaptureQueriesContext(connection) as ten:
        assert len(client.get(url).json()["results"]) == expected_then
    assert len(ten.captured_queries) == len(two.captured_queries)


# Assignments ---------------------------------------------------------------------------------


def test_a_unit_sees_its_assignments_only(people, committee):
    mine = proposal_assigned_to(unit_of(people)).assignments.get()
    other = proposal_assigned_to(HandlingUnitFactory(committee=committee)).assignments.get()
    assert ids(client_for(people.unit_user).get(ASSIGNMENTS)) == {mine.pk}
    assert ids(client_for(people.staff).get(ASSIGNMENTS)) == {mine.pk, other.pk}
    assert ids(client_for(people.member).get(ASSIGNMENTS)) == set()
    url = reverse("api:proposal-assignment-detail", kwargs={"pk": other.pk})
    assert client_for(people.unit_user).get(url).status_code == 404


def test_the_lead_unit_replies_and_the_proposal_is_answered(people):
    assignment = proposal_assigned_to(unit_of(people)).assignments.get()
    url = reverse("api:proposal-assignment-reply", kwargs={"pk": assignment.pk})
    response = client_for(people.unit_user).post(
        url,
        {
            "reply_category": "B",
            "reply_body": "正在研究办理。",
            "replied_on": timezone.localdate().isoformat(),
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assignment.refresh_from_db()
    assert assignment.reply_category == "B"
    assert assignment.proposal.state == ProposalState.ANSWERED


def test_a_reply_without_category_or_dated_in_the_future_is_refused(people):
    assignment = proposal_assigned_to(unit_of(people)).assignments.get()
    url = reverse("api:proposal-assignment-reply", kwargs={"pk": assignment.pk})
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(people.unit_user).post(
        url, {"reply_body": "", "replied_on": tomorrow.isoformat()}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["reply_category"] == ["该字段是必填项。"]
    assert errors["reply_body"] == ["该字段是必填项。"]
    assert errors["replied_on"] == ["答复日期不能晚于今天。"]
    assignment.refresh_from_db()
    assert assignment.replied_on is None


def test_assignment_filters(people, committee):
    unit = unit_of(people)
    soon = proposal_assigned_to(unit, deadline=timezone.localdate() + datetime.timedelta(days=5))
    later = proposal_assigned_to(unit, deadline=timezone.localdate() + datetime.timedelta(days=90))
    client = client_for(people.staff)
    limit = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    assert ids(client.get(ASSIGNMENTS, {"deadline_before": limit})) == {soon.assignments.get().pk}
    assert ids(client.get(ASSIGNMENTS, {"replied": "false"})) == {
        soon.assignments.get().pk,
        later.assignments.get().pk,
    }
    assert ids(client.get(ASSIGNMENTS, {"search": later.title})) == {later.assignments.get().pk}


@pytest.mark.parametrize("role", ["staff", "unit_user"])
def test_assignment_list_queries_do_not_grow(people, role):
    unit = unit_of(people)

    def add(n):
        for _ in range(n):
            proposal_assigned_to(unit)

    same_queries(client_for(getattr(people, role)), ASSIGNMENTS, add)


# Social-conditions reports -------------------------------------------------------------------


def test_a_member_writes_a_report_and_sees_only_theirs(people, committee):
    response = client_for(people.member).post(
        REPORTS, {"title": "老旧小区加装电梯难", "body": "群众反映……"}, format="json"
    )
    assert response.status_code == 201, response.json()
    report = SocialReport.objects.get(pk=response.json()["id"])
    assert list(report.authors.all()) == [people.member.member]
    assert report.state == SocialReportState.DRAFT
    assert ids(client_for(people.member).get(REPORTS)) == {report.pk}
    assert ids(client_for(people.other_member).get(REPORTS)) == set()
    assert ids(client_for(people.staff).get(REPORTS)) == {report.pk}
    assert ids(client_for(people.other_staff).get(REPORTS)) == set()


def test_a_report_without_title_is_refused_and_nothing_saved(people):
    response = client_for(people.member).post(REPORTS, {"title": "", "body": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["title"] == ["该字段是必填项。"]
    assert not SocialReport.objects.exists()


def test_staff_cannot_write_a_members_report(people):
    assert client_for(people.staff).post(REPORTS, {"title": "t", "body": "b"}).status_code == 403


def test_submit_then_adopt_and_adopting_a_draft_is_refused(people, committee):
    report = SocialReportFactory(committee=committee)
    SocialReportAuthorFactory(report=report, member=people.member.member, order=1)
    adopt = reverse("api:social-report-adopt", kwargs={"pk": report.pk})
    refused = client_for(people.staff).post(adopt, {}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "illegal_transition" and refused.json()["detail"]
    submit = reverse("api:social-report-submit", kwargs={"pk": report.pk})
    assert client_for(people.member).post(submit).status_code == 200
    response = client_for(people.staff).post(adopt, {"issue": "第5期"}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == SocialReportState.ADOPTED


def test_report_filters_and_ordering(people, committee):
    first = SocialReportFactory(committee=committee, year=2023, title="甲")
    second = SocialReportFactory(committee=committee, year=2024, title="乙")
    SocialReportAuthorFactory(report=second, member=people.member.member)
    client = client_for(people.staff)
    assert ids(client.get(REPORTS, {"year": 2023})) == {first.pk}
    assert ids(client.get(REPORTS, {"member": people.member.member.pk})) == {second.pk}
    assert ids(client.get(REPORTS, {"search": "乙"})) == {second.pk}
    titles = [row["title"] for row in client.get(REPORTS, {"ordering": "-title"}).json()["results"]]
    assert titles == sorted([first.title, second.title], reverse=True)


@pytest.mark.parametrize("role", ["staff", "member"])
def test_report_list_queries_do_not_grow(people, committee, role):
    def add(n):
        for _ in range(n):
            SocialReportAuthorFactory(
                report=SocialReportFactory(committee=committee), member=people.member.member
            )

    same_queries(client_for(getattr(people, role)), REPORTS, add)


# Clues ---------------------------------------------------------------------------------------

CLUE = {
    "title": "学校门口增设红绿灯",
    "content": "上下学高峰期交通拥堵。",
    "contact_name": "张女士",
    "contact_phone": "138-0000-0000",
    "contact_email": "",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def test_anyone_hands_in_a_clue_as_on_the_public_form(committee):
    response = client_for().post(CLUES, {**CLUE, "committee": committee.pk}, format="json")
    assert response.status_code == 201
    clue = ProposalClue.objects.get()
    assert clue.committee == committee and clue.status == ClueStatus.NEW


def test_a_clue_with_bad_data_gets_the_forms_chinese_errors(committee):
    response = client_for().post(
        CLUES, {**CLUE, "committee": committee.pk, "title": "", "contact_phone": "abc"}, "json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["title"] == ["请为线索填写一个简短的标题。"]
    assert "contact_phone" in errors
    assert not ProposalClue.objects.exists()


def test_the_honeypot_stores_nothing(committee):
    response = client_for().post(
        CLUES, {**CLUE, "committee": committee.pk, "website": "http://spam"}, format="json"
    )
    assert response.status_code == 201
    assert not ProposalClue.objects.exists()


def test_clues_are_rate_limited_per_address(committee, settings):
    settings.PUBLIC_CLUE_RATE_LIMIT = 2
    client = client_for()
    codes = [
        client.post(CLUES, {**CLUE, "committee": committee.pk}, format="json").status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 429]
    assert ProposalClue.objects.count() == 2


def test_only_staff_read_clues_and_only_their_committees(people, committee, other_committee):
    mine = ProposalClueFactory(committee=committee)
    ProposalClueFactory(committee=other_committee)
    assert ids(client_for(people.staff).get(CLUES)) == {mine.pk}
    assert ids(client_for(people.member).get(CLUES)) == set()
    assert client_for().get(CLUES).status_code == 401
    url = reverse("api:proposal-clue-detail", kwargs={"pk": mine.pk})
    assert client_for(people.other_staff).get(url).status_code == 404


def test_triage_moves_and_refuses_an_illegal_one(people, committee):
    clue = clue_in_state(ClueStatus.NOT_ADOPTED, committee=committee)
    url = reverse("api:proposal-clue-start-review", kwargs={"pk": clue.pk})
    response = client_for(people.staff).post(url)
    assert response.status_code == 409
    fresh = ProposalClueFactory(committee=committee)
    url = reverse("api:proposal-clue-start-review", kwargs={"pk": fresh.pk})
    assert client_for(people.staff).post(url).json()["status"] == ClueStatus.UNDER_REVIEW


def test_clue_filters(people, committee):
    new = ProposalClueFactory(committee=committee, title="增设公交站台")
    reviewed = clue_in_state(ClueStatus.UNDER_REVIEW, committee=committee)
    client = client_for(people.staff)
    assert ids(client.get(CLUES, {"status": "new"})) == {new.pk}
    assert ids(client.get(CLUES, {"status": "under_review"})) == {reviewed.pk}
    assert ids(client.get(CLUES, {"search": "公交站台"})) == {new.pk}


def test_clue_list_queries_do_not_grow(people, committee):
    def add(n):
        for _ in range(n):
            ProposalClueFactory(committee=committee)

    same_queries(client_for(people.staff), CLUES, add)


def test_assignments_of_proposals_ids_are_consistent(people):
    # The assignment's proposal is in the payload, for a client to fetch it.
    proposal = proposal_assigned_to(unit_of(people))
    row = client_for(people.unit_user).get(ASSIGNMENTS).json()["results"][0]
    assert row["proposal"] == proposal.pk
    assert ProposalAssignment.objects.get(pk=row["id"]).unit == unit_of(people)
