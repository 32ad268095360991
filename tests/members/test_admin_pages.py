"""Every page of the members, sectors and committees back office opens, in Chinese, at a cost
that does not grow with the number of rows."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.core import MemberFactory, SpecialCommitteeFactory, TermFactory
from tests.factories.members import (
    CommendationFactory,
    PositionFactory,
    SectorConvenerFactory,
    SpecialCommitteeMembershipFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    ("members", "member"),
    ("members", "position"),
    ("members", "specialcommitteemembership"),
    ("members", "commendation"),
    ("members", "sectormembership"),
    ("sectors", "sector"),
    ("sectors", "sectorconvener"),
    ("committees", "term"),
    ("committees", "specialcommittee"),
    ("committees", "committee"),
    ("accounts", "user"),
]


def add_rows(committee, term, count):
    """``count`` members, each with one record of every kind listed above."""
    for _ in range(count):
        member = MemberFactory(committee=committee, term=term)
        PositionFactory(member=member)
        SpecialCommitteeMembershipFactory(member=member)
        CommendationFactory(member=member)
        SectorConvenerFactory(member=member)


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_each_list_opens_in_chinese_at_a_cost_independent_of_its_length(
    staff_client, committee, term, app, model
):
    url = reverse(f"admin:{app}_{model}_changelist")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(url)
        assert response.status_code == 200
        assert 'lang="zh-hans"' in response.content.decode()
        return len(captured)

    add_rows(committee, term, 1)
    few = queries()
    add_rows(committee, term, 6)
    assert queries() == few


@pytest.mark.parametrize(("app", "model"), MODELS[:-3])
def test_each_add_page_opens_for_staff(staff_client, term, app, model):
    response = staff_client.get(reverse(f"admin:{app}_{model}_add"))
    expected = 403 if model == "sectormembership" else 200
    assert response.status_code == expected


def test_the_member_pages_open_for_a_superuser(superuser_client, member):
    for url in (
        reverse("admin:members_member_changelist"),
        reverse("admin:members_member_add"),
        reverse("admin:members_member_change", args=(member.pk,)),
        reverse("admin:members_member_history", args=(member.pk,)),
        reverse("admin:members_member_export"),
    ):
        assert superuser_client.get(url).status_code == 200, url


def test_the_import_page_names_the_roster_columns(staff_client):
    page = staff_client.get(reverse("admin:members_member_import")).content.decode()
    for column in ("姓名", "界别", "党派", "工作单位", "乡镇（街道）/机关", "届次", "任职日期"):
        assert column in page


def test_member_autocomplete_offers_only_own_committees_members(staff_client, member, county):
    MemberFactory(committee=county, name="县里的委员")
    MemberFactory(name="外地委员")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "members", "model_name": "position", "field_name": "member", "term": ""},
    )
    names = {row["text"] for row in json.loads(response.content)["results"]}
    assert names == {member.name}


def test_special_committee_page_lists_its_members(staff_client, member, committee):
    place = SpecialCommitteeMembershipFactory(
        member=member, special_committee=SpecialCommitteeFactory(committee=committee)
    )
    page = staff_client.get(
        reverse("admin:committees_specialcommittee_change", args=(place.special_committee.pk,))
    )
    assert member.name in page.content.decode()


def test_term_list_counts_members(staff_client, member, committee):
    TermFactory(committee=committee, number=11, start_date="2017-01-10", end_date="2022-01-09")
    response = staff_client.get(reverse("admin:committees_term_changelist"))
    counts = {t.number: t.member_total for t in response.context["cl"].result_list}
    assert counts == {12: 1, 11: 0}
