"""Members through the API: who sees which fields, filters, search, ordering, pagination."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories.core import SectorFactory
from tests.factories.liaison import LiaisonGroupMembershipFactory
from tests.factories.proposals import member_of

pytestmark = pytest.mark.django_db

PERSONAL = {"phone", "email", "birth_date", "township", "member_number", "work_unit_email"}


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def by_id(response):
    return {row["id"]: row for row in response.json()["results"]}


def test_a_member_sees_their_own_whole_record_and_only_public_fields_of_fellows(people, committee):
    me, fellow = people.member.member, people.other_member.member
    type(me).objects.filter(pk__in=[me.pk, fellow.pk]).update(phone="13800000000")

    rows = by_id(client_for(people.member).get(reverse("api:member-list")))

    assert rows[me.pk]["phone"] == "13800000000"
    assert PERSONAL <= rows[me.pk].keys()
    assert not PERSONAL & rows[fellow.pk].keys()
    assert rows[fellow.pk]["name"] == fellow.name
    assert rows[fellow.pk]["sector_name"] == fellow.sector.name
    detail = client_for(people.member).get(reverse("api:member-detail", args=[fellow.pk]))
    assert "phone" not in detail.json()


def test_conveners_and_leaders_see_no_personal_data_of_their_members(people):
    target = people.member.member
    for user in (people.convener, people.leader):
        data = client_for(user).get(reverse("api:member-detail", args=[target.pk])).json()
        assert data["name"] == target.name
        assert not PERSONAL & data.keys()


def test_staff_see_every_field_and_not_other_committees_members(people, other_committee):
    stranger = member_of(other_committee)
    staff = client_for(people.staff)

    rows = by_id(staff.get(reverse("api:member-list")))

    assert people.member.member.pk in rows and stranger.pk not in rows
    assert PERSONAL <= rows[people.member.member.pk].keys()
    assert staff.get(reverse("api:member-detail", args=[stranger.pk])).status_code == 404
    member = client_for(people.member)
    assert member.get(reverse("api:member-detail", args=[stranger.pk])).status_code == 404


def test_filters_search_ordering_and_pagination(people, committee):
    sector = SectorFactory(committee=committee, name="经济界")
    alpha = member_of(committee, name="阿明", sector=sector, work_unit="县农业局")
    beta = member_of(
        committee, name="白华", sector=sector, status="resigned", left_on=datetime.date(2024, 1, 1)
    )
    grouped = LiaisonGroupMembershipFactory(group=people.group_led).member
    staff = client_for(people.staff)
    url = reverse("api:member-list")

    assert set(by_id(staff.get(url, {"sector": sector.pk}))) == {alpha.pk, beta.pk}
    assert set(by_id(staff.get(url, {"sector": sector.pk, "status": "resigned"}))) == {beta.pk}
    group_ids = set(by_id(staff.get(url, {"group": people.group_led.pk})))
    assert grouped.pk in group_ids and alpha.pk not in group_ids
    assert set(by_id(staff.get(url, {"search": "农业局"}))) == {alpha.pk}
    names = [
        r["name"]
        for r in staff.get(url, {"sector": sector.pk, "ordering": "-name"}).json()["results"]
    ]
    assert names == sorted(names, reverse=True)
    page = staff.get(url, {"page_size": 2}).json()
    assert len(page["results"]) == 2 and page["count"] > 2 and page["next"]


def test_an_unknown_filter_value_is_a_400_in_chinese(people):
    response = client_for(people.staff).get(reverse("api:member-list"), {"status": "nonsense"})
    assert response.status_code == 400
    assert "选择" in str(response.json()["status"])
