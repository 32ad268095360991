"""A liaison-group leader files the group's work plan and year-end report and records the
group's activities; another group's are not found."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liaison.models import ContactActivity, DocumentState, WorkPlan, YearEndReport
from tests.factories.core import UserFactory
from tests.factories.liaison import (
    ContactActivityFactory,
    LeaderMembershipFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
)
from tests.factories.meetings import member_of

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture(autouse=True)
def in_march(time_machine):
    time_machine.move_to(datetime.datetime(YEAR, 3, 10, tzinfo=datetime.UTC))


@pytest.fixture
def group(committee):
    return LiaisonGroupFactory(committee=committee, name="城关联络组")


@pytest.fixture
def leader(client, committee, group):
    member = member_of(committee, user=UserFactory(committee=committee), name="组长")
    LeaderMembershipFactory(group=group, member=member, start_date=datetime.date(YEAR, 1, 1))
    client.force_login(member.user)
    return member


@pytest.fixture
def colleague(committee, group):
    member = member_of(committee, name="李组员")
    LiaisonGroupMembershipFactory(group=group, member=member, start_date=datetime.date(YEAR, 1, 1))
    return member


def plan_url(group, year=YEAR):
    return reverse("group_work:work_plan", kwargs={"group_id": group.pk, "year": year})


PLAN = {
    "tasks": "走访群众，收集社情民意",
    "goals": "每名委员全年联系群众不少于4次",
    "learning_content": "学习人民政协理论",
    "activity_methods": "集中学习与分散走访相结合",
    "requirements": "按时报送活动记录",
}


def test_the_leader_saves_a_draft_then_submits_the_work_plan(client, leader, group):
    response = client.post(plan_url(group), {**PLAN, "action": "save"}, follow=True)

    plan = WorkPlan.objects.get(group=group, year=YEAR)
    assert plan.state == DocumentState.DRAFT and plan.tasks == PLAN["tasks"]
    html = response.content.decode()
    assert "草稿已保存" in html and PLAN["goals"] in html

    response = client.post(plan_url(group), {**PLAN, "action": "submit"}, follow=True)

    plan.refresh_from_db()
    assert plan.state == DocumentState.SUBMITTED and plan.submitted_by == leader.user
    html = response.content.decode()
    assert "已提交" in html and "<textarea" not in html  # read only once submitted


def test_submitting_a_plan_without_goals_shows_the_error_and_saves_nothing(client, leader, group):
    response = client.post(plan_url(group), {**PLAN, "goals": "", "action": "submit"})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["goals"] == ["提交前请填写此项。"]
    assert 'id="id_goals_error"' in response.content.decode()
    assert PLAN["tasks"] in response.content.decode()  # what was typed is kept
    assert not WorkPlan.objects.exists()


def test_the_leader_submits_the_year_end_report(client, leader, group):
    url = reverse("group_work:year_end_report", kwargs={"group_id": group.pk, "year": YEAR})

    bad = client.post(url, {"body": "", "highlights": "设立委员工作室", "action": "submit"})
    assert bad.context["form"].errors["body"] == ["提交前请填写此项。"]
    assert not YearEndReport.objects.exists()

    client.post(url, {"body": "全年开展活动12次", "highlights": "", "action": "submit"})
    assert YearEndReport.objects.get(group=group).state == DocumentState.SUBMITTED


def test_another_groups_documents_are_not_found(client, committee, leader):
    other = LiaisonGroupFactory(committee=committee)
    assert client.get(plan_url(other)).status_code == 404
    assert client.post(plan_url(other), {**PLAN, "action": "save"}).status_code == 404
    assert not WorkPlan.objects.exists()


ACTIVITY = {
    "kind": ContactActivity.Kind.VISIT,
    "title": "走访城关镇困难群众",
    "date": "2025-03-05",
    "place": "城关镇幸福村",
    "people_reached": "25",
    "issues_raised": "4",
    "issues_resolved": "1",
    "summary": "收集到养老服务方面的意见",
}


def test_the_leader_records_and_submits_a_group_activity(client, leader, group, colleague):
    new = reverse("group_work:activity_new", kwargs={"group_id": group.pk})

    response = client.post(
        new, {**ACTIVITY, "participants": [leader.pk, colleague.pk], "action": "submit"}
    )

    activity = ContactActivity.objects.get()
    assert activity.liaison_group == group and activity.status == ContactActivity.Status.SUBMITTED
    assert set(activity.members.all()) == {leader, colleague}
    listing = client.get(
        reverse("group_work:activities", kwargs={"group_id": group.pk, "year": YEAR})
    ).content.decode()
    assert "走访城关镇困难群众" in listing and "已提交" in listing
    detail = client.get(response.url).content.decode()
    assert "李组员" in detail and "<textarea" not in detail  # submitted: read only


def test_an_activity_with_bad_input_shows_errors_and_saves_nothing(client, leader, group):
    new = reverse("group_work:activity_new", kwargs={"group_id": group.pk})

    response = client.post(
        new, {**ACTIVITY, "issues_resolved": "9", "place": "", "action": "submit"}
    )

    errors = response.context["form"].errors
    assert errors["issues_resolved"] == ["解决问题数不能多于收集问题数。"]
    assert errors["place"] == ["请选择联络点或填写活动地点。"]
    assert errors["participants"] == ["提交前请至少填写一名参加委员。"]
    assert "走访城关镇困难群众" in response.content.decode()
    assert not ContactActivity.objects.exists()


def test_a_returned_activity_is_corrected_and_resubmitted(client, committee, leader, group):
    activity = ContactActivityFactory(
        committee=committee, liaison_group=group, returned=True, participants=[leader]
    )
    url = reverse("group_work:activity", kwargs={"group_id": group.pk, "pk": activity.pk})
    assert "缺少活动照片" in client.get(url).content.decode()

    client.post(url, {**ACTIVITY, "participants": [leader.pk], "action": "submit"})

    activity.refresh_from_db()
    assert activity.status == ContactActivity.Status.SUBMITTED
    assert activity.title == ACTIVITY["title"]


def test_another_groups_activity_is_not_found(client, committee, leader, group):
    other_group = LiaisonGroupFactory(committee=committee)
    other = ContactActivityFactory(committee=committee, liaison_group=other_group)
    url = reverse(
        "group_work:activity", kwargs={"group_id": other.liaison_group_id, "pk": other.pk}
    )
    assert client.get(url).status_code == 404
    url = reverse("group_work:activity", kwargs={"group_id": group.pk, "pk": other.pk})
    assert client.get(url).status_code == 404


def test_the_activity_list_costs_the_same_queries_for_2_and_10_activities(
    client, committee, leader, group, colleague, django_assert_num_queries
):
    url = reverse("group_work:activities", kwargs={"group_id": group.pk, "year": YEAR})

    def record(n):
        for _ in range(n):
            ContactActivityFactory(
                committee=committee,
                liaison_group=group,
                date=datetime.date(YEAR, 3, 1),
                participants=[leader, colleague],
            )

    record(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).content.decode().count("走访群众活动") == 2
    record(8)
    with django_assert_num_queries(len(few)):
        assert client.get(url).content.decode().count("走访群众活动") == 10
