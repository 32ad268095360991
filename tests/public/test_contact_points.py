"""The public's contact-point pages: where the points are, when they open, who is on duty."""

import datetime

import pytest
from django.urls import reverse

from tests.factories.core import CommitteeFactory
from tests.factories.liaison import ContactPointFactory, MemberFactory, OnDutyShiftFactory

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime.date(2024, 5, 15)
MONDAY = WEDNESDAY - datetime.timedelta(days=2)


@pytest.fixture(autouse=True)
def on_a_wednesday(time_machine):
    time_machine.move_to(datetime.datetime(2024, 5, 15, 9, 0, tzinfo=datetime.UTC))


def on_duty(point, name, day, **kwargs):
    member = MemberFactory(committee=point.committee, name=name)
    return OnDutyShiftFactory(contact_point=point, member=member, date=day, **kwargs)


@pytest.fixture
def point(committee):
    return ContactPointFactory(
        committee=committee,
        name="城关镇委员工作室",
        address="城关镇人民路8号",
        opening_hours="工作日 9:00–17:00",
        phone="0731 1234567",
    )


def test_it_lists_active_points_with_their_details_and_who_is_on_duty(client, committee, point):
    on_duty(point, "王值班", WEDNESDAY)
    on_duty(point, "李周五", WEDNESDAY + datetime.timedelta(days=2))
    on_duty(point, "赵下周", WEDNESDAY + datetime.timedelta(days=7))
    ContactPointFactory(committee=committee, name="已撤销联络点", is_active=False)

    page = client.get(reverse("contact_points:list"))

    html = page.content.decode()
    assert page.status_code == 200
    assert committee.name in html
    assert "城关镇委员工作室" in html and "城关镇人民路8号" in html
    assert "工作日 9:00–17:00" in html and 'href="tel:07311234567"' in html
    today = html.split("今日值班")[1].split("</dd>")[0]
    assert "王值班" in today
    assert "李周五" in html  # later this week
    assert "赵下周" not in html  # next week is on the point's own page
    assert "已撤销联络点" not in html


def test_it_says_when_nobody_is_on_duty_today(client, point):
    on_duty(point, "李周五", WEDNESDAY + datetime.timedelta(days=2))

    html = client.get(reverse("contact_points:list")).content.decode()

    assert "今日无委员值班。" in html


def test_it_narrows_the_list_to_one_committee(client, committee, point):
    other = ContactPointFactory(committee=CommitteeFactory(), name="外县联络点")

    both = client.get(reverse("contact_points:list")).content.decode()
    one = client.get(reverse("contact_points:list"), {"committee": committee.pk}).content.decode()

    assert "城关镇委员工作室" in both and "外县联络点" in both
    assert "城关镇委员工作室" in one and "外县联络点" not in one
    assert f'<option value="{other.committee_id}">' in one  # the filter still offers the other


def test_a_points_page_shows_today_this_week_and_next_week(client, point):
    shift = on_duty(point, "王值班", WEDNESDAY, note="接待企业代表")
    on_duty(point, "孙上周", MONDAY - datetime.timedelta(days=1))
    on_duty(point, "赵下周", WEDNESDAY + datetime.timedelta(days=7))

    page = client.get(reverse("contact_points:detail", kwargs={"pk": point.pk}))

    html = page.content.decode()
    assert page.status_code == 200
    assert "城关镇委员工作室" in html and "城关镇人民路8号" in html
    today = html.split('id="h-today"')[1].split("</section>")[0]
    assert "王值班" in today and shift.member.sector.name in today and "接待企业代表" in today
    this_week = html.split('id="h-this-week"')[1].split("</section>")[0]
    next_week = html.split('id="h-next-week"')[1].split("</section>")[0]
    assert "5月15日 星期三" in this_week and "王值班" in this_week
    assert "赵下周" in next_week and "赵下周" not in this_week
    assert "孙上周" not in html
    assert f"?committee={point.committee_id}" in html  # the clue form, for this committee


def test_an_inactive_or_unknown_point_is_not_found(client, committee):
    closed = ContactPointFactory(committee=committee, is_active=False)

    assert client.get(reverse("contact_points:detail", kwargs={"pk": closed.pk})).status_code == 404
    assert client.get(reverse("contact_points:detail", kwargs={"pk": 99999})).status_code == 404


def _fill(committee, count):
    for n in range(count):
        point = ContactPointFactory(committee=committee)
        on_duty(point, f"委员甲{n}", WEDNESDAY)
        on_duty(point, f"委员乙{n}", WEDNESDAY + datetime.timedelta(days=1))


def test_the_lists_query_count_does_not_grow_with_points_or_shifts(
    client, committee, django_assert_num_queries
):
    # The page count, the points, their week's shifts (with members and sectors), the
    # committees for the filter; and the request's savepoint and its release.
    _fill(committee, 2)
    with django_assert_num_queries(6):
        assert client.get(reverse("contact_points:list")).status_code == 200

    _fill(committee, 8)
    with django_assert_num_queries(6):
        page = client.get(reverse("contact_points:list"))
    assert page.content.decode().count('class="card contact-point"') == 10


def test_a_points_page_query_count_does_not_grow_with_its_roster(
    client, committee, point, django_assert_num_queries
):
    url = reverse("contact_points:detail", kwargs={"pk": point.pk})
    for n in range(2):
        on_duty(point, f"委员{n}", MONDAY + datetime.timedelta(days=n))
    # The point (with committee, convener, liaison person and group), then its shifts; and the
    # request's savepoint and its release.
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200

    for n in range(2, 10):
        on_duty(point, f"委员{n}", MONDAY + datetime.timedelta(days=n))
    with django_assert_num_queries(4):
        page = client.get(url)
    assert "委员9" in page.content.decode()
