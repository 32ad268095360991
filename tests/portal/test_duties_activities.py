"""A member logs a contact activity on their phone, sends it to staff, changes it only while it
is theirs to change, and finds it in their performance file once staff verified it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from liaison import services
from liaison.models import ContactActivity
from tests.assessment.engine_helpers import YEAR
from tests.assessment.test_engine_year import county_scheme
from tests.factories.core import UserFactory
from tests.factories.liaison import ContactActivityFactory, ContactPointFactory
from tests.factories.meetings import member_of

pytestmark = pytest.mark.django_db

CREATE = reverse("activities:create")


@pytest.fixture
def in_year(time_machine):
    time_machine.move_to(datetime.datetime(YEAR, 6, 1, 9, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def member(committee):
    return member_of(committee, user=UserFactory(committee=committee), name="李梅")


@pytest.fixture
def signed_in(client, member):
    client.force_login(member.user)
    return client


def form_data(**changes):
    data = {
        "kind": "visit",
        "title": "走访幸福村困难群众",
        "date": f"{YEAR}-05-20",
        "contact_point": "",
        "place": "幸福村村委会",
        "people_reached": "25",
        "issues_raised": "4",
        "issues_resolved": "2",
        "summary": "了解饮水安全问题",
        "submit": "1",
    }
    data.update(changes)
    return data


def test_it_logs_an_activity_and_sends_it_for_verification(signed_in, member):
    response = signed_in.post(CREATE, form_data(), follow=True)
    activity = ContactActivity.objects.get()
    assert activity.status == ContactActivity.Status.SUBMITTED
    assert list(activity.members.all()) == [member]
    assert activity.created_by == member.user
    html = response.content.decode()
    assert "走访幸福村困难群众" in html and "报送工作人员审核" in html
    # The success message leads to the performance file (a real link, not escaped text).
    assert f'<a href="{reverse("portal:performance")}">查看我的履职档案</a>' in html


def test_it_saves_a_draft_with_fellow_members(signed_in, committee, member):
    fellow = member_of(committee, name="赵强")
    data = form_data(co_participants=[fellow.pk])
    data.pop("submit")
    data["draft"] = "1"
    signed_in.post(CREATE, data)
    activity = ContactActivity.objects.get()
    assert activity.status == ContactActivity.Status.DRAFT
    assert set(activity.members.all()) == {member, fellow}


def test_a_reception_needs_its_contact_point_next_to_the_field(signed_in):
    response = signed_in.post(CREATE, form_data(kind="reception"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "联络点" in form.errors["contact_point"][0]
    assert 'value="走访幸福村困难群众"' in response.content.decode()  # typed values kept
    assert not ContactActivity.objects.exists()


def test_more_issues_resolved_than_raised_is_refused_next_to_the_field(signed_in):
    response = signed_in.post(CREATE, form_data(issues_resolved="9"))
    assert "不能多于" in response.context["form"].errors["issues_resolved"][0]
    assert not ContactActivity.objects.exists()


def test_a_place_or_a_contact_point_is_needed(signed_in, committee):
    response = signed_in.post(CREATE, form_data(place=""))
    assert response.context["form"].errors["place"]
    point = ContactPointFactory(committee=committee)
    signed_in.post(CREATE, form_data(place="", contact_point=point.pk))
    assert ContactActivity.objects.get().contact_point == point


def test_an_activity_cannot_be_logged_for_a_day_to_come(signed_in):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = signed_in.post(CREATE, form_data(date=tomorrow.isoformat()))
    assert "晚于今天" in response.context["form"].errors["date"][0]
    assert not ContactActivity.objects.exists()


def test_another_committees_contact_point_cannot_be_chosen(signed_in, other_committee):
    point = ContactPointFactory(committee=other_committee)
    response = signed_in.post(CREATE, form_data(contact_point=point.pk))
    assert response.context["form"].errors["contact_point"]
    assert not ContactActivity.objects.exists()


def own_activity(committee, member, **kwargs):
    return ContactActivityFactory(
        committee=committee, participants=[member], created_by=member.user, **kwargs
    )


def test_a_returned_activity_is_corrected_and_resubmitted(signed_in, committee, member):
    activity = own_activity(committee, member, returned=True)
    url = reverse("activities:edit", kwargs={"pk": activity.pk})
    page = signed_in.get(url).content.decode()
    assert "缺少活动照片" in page  # the reason it came back
    signed_in.post(url, form_data(title="走访幸福村（补充照片）"))
    activity.refresh_from_db()
    assert activity.title == "走访幸福村（补充照片）"
    assert activity.status == ContactActivity.Status.SUBMITTED


def test_a_verified_activity_cannot_be_changed(signed_in, committee, member):
    activity = own_activity(committee, member, verified=True)
    url = reverse("activities:edit", kwargs={"pk": activity.pk})
    response = signed_in.post(url, form_data(title="改名"), follow=True)
    assert "已经工作人员审核，不能再修改" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title != "改名"


def test_a_fellow_participant_sees_but_cannot_change_it(client, committee, member):
    fellow = member_of(committee, user=UserFactory(committee=committee))
    activity = ContactActivityFactory(
        committee=committee, participants=[member, fellow], created_by=member.user
    )
    client.force_login(fellow.user)
    assert client.get(reverse("activities:detail", kwargs={"pk": activity.pk})).status_code == 200
    client.post(reverse("activities:edit", kwargs={"pk": activity.pk}), form_data(title="改名"))
    activity.refresh_from_db()
    assert activity.title != "改名"


def test_another_members_activity_does_not_exist(signed_in, committee):
    stranger = member_of(committee)
    activity = ContactActivityFactory(committee=committee, participants=[stranger])
    for name in ("detail", "edit"):
        url = reverse(f"activities:{name}", kwargs={"pk": activity.pk})
        assert signed_in.get(url).status_code == 404
    assert (
        signed_in.post(reverse("activities:submit", kwargs={"pk": activity.pk})).status_code == 404
    )


def test_the_list_shows_each_activity_with_its_state(signed_in, committee, member):
    own_activity(committee, member, title="已核实的走访", verified=True)
    own_activity(committee, member, title="退回的走访", returned=True)
    html = signed_in.get(reverse("activities:list")).content.decode()
    assert "已核实的走访" in html and "退回的走访" in html
    assert "已退回" in html


def test_the_list_takes_the_same_queries_with_more_rows(
    signed_in, committee, member, django_assert_num_queries
):
    for _ in range(2):
        own_activity(committee, member)
    with CaptureQueriesContext(connection) as two:
        signed_in.get(reverse("activities:list"))
    for _ in range(8):
        own_activity(committee, member)
    with django_assert_num_queries(len(two)):
        response = signed_in.get(reverse("activities:list"))
    assert response.content.decode().count("state-draft") == 10


@pytest.mark.django_db(transaction=True)
def test_a_verified_activity_reaches_the_performance_file(
    in_year, signed_in, committee, member, staff
):
    """Member logs → staff verifies through the service → the file shows the line. Every step
    commits, as in real life, so the recompute the assessment signals ask for really runs."""
    county_scheme(committee)
    response = signed_in.post(CREATE, form_data(), follow=True)
    assert reverse("portal:performance") in response.content.decode()
    activity = ContactActivity.objects.get()

    before = signed_in.get(reverse("portal:performance")).content.decode()
    # Listed as logged but not counted while waiting for staff; no line earns points yet.
    assert 'id="awaiting-verification"' in before and "走访幸福村困难群众" in before
    assert "<summary>联系群众活动" not in before

    services.activity_verify(activity=activity, by=staff)

    html = signed_in.get(reverse("portal:performance")).content.decode()
    assert "<summary>联系群众活动" in html  # the rule line
    assert "走访幸福村困难群众" in html  # the record behind it
    assert 'id="awaiting-verification"' not in html
    detail = signed_in.get(reverse("activities:detail", kwargs={"pk": activity.pk}))
    assert "已审核" in detail.content.decode()
