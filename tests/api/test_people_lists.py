"""Every list of sectors, members, groups, points, rosters and activities: a constant number of
queries whatever the number of rows; and the activity, roster and point filters filter."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories.core import SectorFactory
from tests.factories.liaison import (
    ContactActivityFactory,
    ContactPointFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
    OnDutyShiftFactory,
)
from tests.factories.members import SectorConvenerFactory
from tests.factories.proposals import member_of

pytestmark = pytest.mark.django_db


def _activity(committee, people):
    ContactActivityFactory(
        committee=committee,
        submitted=True,
        participants=[people.member.member, member_of(committee)],
    )


#: list route → (who asks, how to add one row that person sees)
LISTS = {
    "api:sector-list": ("member", lambda c, p: SectorFactory(committee=c)),
    "api:sector-convener-list": (
        "member",
        lambda c, p: SectorConvenerFactory(member=member_of(c)),
    ),
    "api:member-list": ("member", lambda c, p: member_of(c)),
    "api:member-list#staff": ("staff", lambda c, p: member_of(c)),
    "api:sector-membership-list": ("staff", lambda c, p: member_of(c)),
    "api:liaison-group-list": ("member", lambda c, p: LiaisonGroupFactory(committee=c)),
    "api:liaison-group-membership-list": (
        "leader",
        lambda c, p: LiaisonGroupMembershipFactory(group=p.group_led),
    ),
    "api:contact-point-list": ("member", lambda c, p: ContactPointFactory(committee=c)),
    "api:duty-shift-list": ("member", lambda c, p: OnDutyShiftFactory(contact_point__committee=c)),
    "api:contact-activity-list": ("member", _activity),
    "api:contact-activity-list#staff": ("staff", _activity),
}


@pytest.mark.parametrize("route", LISTS)
def test_list_query_count_does_not_grow_with_rows(
    route, people, committee, django_assert_num_queries
):
    cache.clear()
    role, add = LISTS[route]
    client = APIClient()
    client.force_authenticate(getattr(people, role))
    url = reverse(route.split("#")[0])
    for _ in range(2):
        add(committee, people)
    with CaptureQueriesContext(connection) as two:
        first = client.get(url).json()["count"]
    for _ in range(8):
        add(committee, people)
    with django_assert_num_queries(len(two.captured_queries)):
        second = client.get(url).json()["count"]
    assert second == first + 8


def ids(response):
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_activity_filters_search_and_ordering(people, committee, other_committee):
    me, fellow = people.member.member, people.other_member.member
    old = ContactActivityFactory(
        committee=committee, participants=[me], submitted=True, date=datetime.date(2023, 3, 1)
    )
    seminar = ContactActivityFactory(
        committee=committee,
        participants=[fellow],
        verified=True,
        kind="seminar",
        title="乡村振兴座谈会",
        date=datetime.date(2024, 6, 1),
        liaison_group=people.group_led,
    )
    ContactActivityFactory(committee=other_committee, submitted=True)
    client = APIClient()
    client.force_authenticate(people.staff)
    url = reverse("api:contact-activity-list")

    assert ids(client.get(url)) == {old.pk, seminar.pk}  # not the other committee's
    assert ids(client.get(url, {"year": 2023})) == {old.pk}
    assert ids(client.get(url, {"kind": "seminar"})) == {seminar.pk}
    assert ids(client.get(url, {"status": "verified"})) == {seminar.pk}
    assert ids(client.get(url, {"member": me.pk})) == {old.pk}
    assert ids(client.get(url, {"group": people.group_led.pk})) == {seminar.pk}
    assert ids(client.get(url, {"date_from": "2024-01-01", "date_to": "2024-12-31"})) == {
        seminar.pk
    }
    assert ids(client.get(url, {"search": "乡村振兴"})) == {seminar.pk}
    ordered = client.get(url, {"ordering": "date"}).json()["results"]
    assert [row["id"] for row in ordered] == [old.pk, seminar.pk]


def test_a_member_sees_only_activities_they_took_part_in_and_no_drafts_go_to_staff(
    people, committee
):
    me = people.member.member
    mine = ContactActivityFactory(committee=committee, participants=[me])  # a draft
    theirs = ContactActivityFactory(
        committee=committee, participants=[people.other_member.member], submitted=True
    )
    member, staff = APIClient(), APIClient()
    member.force_authenticate(people.member)
    staff.force_authenticate(people.staff)

    assert ids(member.get(reverse("api:contact-activity-list"))) == {mine.pk}
    detail = member.get(reverse("api:contact-activity-detail", args=[theirs.pk]))
    assert detail.status_code == 404
    assert ids(staff.get(reverse("api:contact-activity-list"))) == {theirs.pk}


def test_roster_and_point_filters(people, committee):
    point = ContactPointFactory(committee=committee, liaison_group=people.group_led)
    other_point = ContactPointFactory(committee=committee)
    early = OnDutyShiftFactory(contact_point=point, date=datetime.date(2024, 1, 5))
    late = OnDutyShiftFactory(contact_point=other_point, date=datetime.date(2024, 3, 5))
    client = APIClient()
    client.force_authenticate(people.member)

    shifts = reverse("api:duty-shift-list")
    assert ids(client.get(shifts, {"date_from": "2024-02-01"})) == {late.pk}
    assert ids(client.get(shifts, {"contact_point": point.pk})) == {early.pk}
    assert ids(client.get(shifts, {"member": late.member_id})) == {late.pk}
    points = reverse("api:contact-point-list")
    assert ids(client.get(points, {"group": people.group_led.pk})) == {point.pk}
    assert ids(client.get(points, {"search": other_point.name})) == {other_point.pk}


def test_a_year_out_of_range_is_a_400_not_a_server_error(people):
    client = APIClient()
    client.force_authenticate(people.staff)
    for year in ("0", "10000", "2024.5"):
        response = client.get(reverse("api:contact-activity-list"), {"year": year})
        assert response.status_code == 400 and "year" in response.json()


def test_ids_and_booleans_are_checked_not_ignored(people):
    client = APIClient()
    client.force_authenticate(people.staff)
    huge = client.get(reverse("api:duty-shift-list"), {"member": str(2**70)})
    assert huge.status_code == 400 and "member" in huge.json()
    unknown = client.get(reverse("api:duty-shift-list"), {"member": 987654})
    assert unknown.status_code == 200 and unknown.json()["count"] == 0
    maybe = client.get(reverse("api:contact-point-list"), {"is_active": "maybe"})
    assert maybe.status_code == 400 and "is_active" in maybe.json()
    active = client.get(reverse("api:contact-point-list"), {"is_active": "true"})
    assert active.status_code == 200
