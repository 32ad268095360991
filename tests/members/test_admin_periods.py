"""Seats, sector history, sectors and conveners in the admin."""

import datetime

import pytest
from django.urls import reverse

from sectors.models import SectorConvener
from tests.factories.core import MemberFactory, SectorFactory
from tests.factories.members import (
    CommendationFactory,
    PositionFactory,
    SectorConvenerFactory,
    SpecialCommitteeMembershipFactory,
)
from tests.members.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

LISTS = [
    ("members", "position", PositionFactory),
    ("members", "specialcommitteemembership", SpecialCommitteeMembershipFactory),
    ("members", "commendation", CommendationFactory),
    ("sectors", "sectorconvener", SectorConvenerFactory),
]


@pytest.mark.parametrize(("app", "model", "factory"), LISTS)
def test_each_list_shows_own_and_lower_committees_records_only(
    staff_client, member, county, app, model, factory
):
    own = factory(member=member)
    below = factory(member=MemberFactory(committee=county))
    elsewhere = factory()

    changelist = staff_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert set(changelist.context["cl"].result_list) == {own, below}
    response = staff_client.get(reverse(f"admin:{app}_{model}_change", args=(elsewhere.pk,)))
    assert response.status_code == 302
    response = staff_client.get(reverse(f"admin:{app}_{model}_change", args=(below.pk,)))
    assert response.context["has_change_permission"] is False


def test_sector_history_is_read_only_for_staff(staff_client, member):
    period = member.sector_periods.get()
    assert staff_client.get(reverse("admin:members_sectormembership_add")).status_code == 403
    page = staff_client.get(reverse("admin:members_sectormembership_change", args=(period.pk,)))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False


def test_end_positions_action_ends_own_open_positions(staff_client, member):
    position = PositionFactory(member=member)
    staff_client.post(
        reverse("admin:members_position_changelist"),
        {
            "action": "end_positions",
            "_selected_action": [position.pk],
            "apply": "1",
            "end_date": "2024-06-30",
        },
    )
    position.refresh_from_db()
    assert position.end_date == datetime.date(2024, 6, 30)


def test_the_sector_page_lists_its_conveners(staff_client, member, sector):
    SectorConvenerFactory(member=member, sector=sector)
    page = staff_client.get(reverse("admin:sectors_sector_change", args=(sector.pk,)))
    assert page.status_code == 200
    assert member.name in page.content.decode()


def test_sector_list_is_scoped_and_counts_active_members(staff_client, member, sector):
    SectorFactory(name="外委员会界别")
    response = staff_client.get(reverse("admin:sectors_sector_changelist"))
    rows = list(response.context["cl"].result_list)
    assert rows == [sector]
    assert rows[0].active_member_count == 1


def test_a_convener_outside_the_sector_is_refused_with_a_message(
    staff_client, member, other_sector
):
    response = staff_client.post(
        reverse("admin:sectors_sectorconvener_add"),
        {
            "sector": other_sector.pk,
            "member": member.pk,
            "role": "convener",
            "start_date": "2023-01-01",
        },
    )
    assert response.status_code == 200
    assert "该委员不在界别" in response.content.decode()
    assert not SectorConvener.objects.exists()


@pytest.mark.parametrize(
    ("model", "data", "message"),
    [
        ("sectors_sector", {"name": "教育界", "display_order": "0"}, "本委员会已有同名界别。"),
        (
            "committees_term",
            {"number": "12", "start_date": "2022-01-10", "end_date": "2027-01-09"},
            "本委员会已有该届次。",
        ),
    ],
)
def test_a_duplicate_in_own_committee_is_a_form_error_not_a_crash(
    staff_client, sector, term, model, data, message
):
    page = staff_client.get(reverse(f"admin:{model}_add"))
    response = staff_client.post(reverse(f"admin:{model}_add"), change_form_data(page, **data))
    assert response.status_code == 200
    assert message in response.content.decode()
