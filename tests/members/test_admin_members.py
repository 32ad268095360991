"""The member roster in the admin, as committee staff use it."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Member, SectorMembership
from members.selectors import sector_on
from tests.factories.core import MemberFactory, SectorFactory
from tests.factories.members import PositionFactory
from tests.members.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"admin:members_member_{name}", args=args)


# --- who sees what ----------------------------------------------------------------------------


def test_staff_list_their_committees_members_and_those_below_only(staff_client, member, county):
    below = MemberFactory(committee=county)
    MemberFactory()  # another committee's

    response = staff_client.get(url("changelist"))

    assert set(response.context["cl"].result_list) == {member, below}


def test_another_committees_member_cannot_be_opened_changed_or_traced(staff_client):
    elsewhere = MemberFactory(name="外委员")

    response = staff_client.get(url("change", elsewhere.pk))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    response = staff_client.post(url("change", elsewhere.pk), {"name": "改名", "_save": "1"})
    assert response.status_code == 302
    assert staff_client.get(url("history", elsewhere.pk)).status_code == 403
    elsewhere.refresh_from_db()
    assert elsewhere.name == "外委员"


def test_a_lower_committees_member_can_be_read_but_not_changed(staff_client, county):
    below = MemberFactory(committee=county, name="县委员")

    page = staff_client.get(url("change", below.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert b'name="_save"' not in page.content
    assert staff_client.get(url("history", below.pk)).status_code == 200

    response = staff_client.post(url("change", below.pk), {"name": "改名", "_save": "1"})
    assert response.status_code == 403
    below.refresh_from_db()
    assert below.name == "县委员"


def test_the_list_costs_the_same_queries_for_two_or_twenty_members(
    staff_client, committee, term, sector
):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(url("changelist"))
        assert response.status_code == 200
        return len(queries)

    for _ in range(2):
        PositionFactory(member=MemberFactory(committee=committee, term=term, sector=sector))
    few = count_queries()
    for _ in range(18):
        MemberFactory(committee=committee, term=term, sector=SectorFactory(committee=committee))
    assert count_queries() == few


def test_the_list_shows_who_sits_on_the_standing_committee(staff_client, member, committee, term):
    PositionFactory(member=member)
    plain = MemberFactory(committee=committee, term=term)

    response = staff_client.get(url("changelist"), {"standing": "yes"})
    assert list(response.context["cl"].result_list) == [member]
    response = staff_client.get(url("changelist"), {"standing": "no"})
    assert list(response.context["cl"].result_list) == [plain]


def test_staff_find_members_by_work_unit_or_phone(staff_client, member, committee, term):
    MemberFactory(committee=committee, term=term, work_unit="县农业农村局", phone="13900000000")

    response = staff_client.get(url("changelist"), {"q": "13900000000"})
    assert [m.work_unit for m in response.context["cl"].result_list] == ["县农业农村局"]


# --- adding and changing through the services -------------------------------------------------


def test_staff_add_a_member_to_their_own_committee_with_a_sector_period(
    staff_client, committee, term, sector
):
    page = staff_client.get(url("add"))
    data = change_form_data(
        page,
        name="王五",
        gender="male",
        party="capd",
        work_unit="县实验小学",
        term=term.pk,
        sector=sector.pk,
        joined_on="2022-01-10",
    )

    response = staff_client.post(url("add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    member = Member.objects.get(name="王五")
    assert member.committee == committee
    assert list(member.sector_periods.values_list("sector", "start_date", "end_date")) == [
        (sector.pk, datetime.date(2022, 1, 10), None)
    ]


@time_machine.travel(datetime.datetime(2024, 3, 1, 10, 0), tick=False)
def test_changing_the_sector_records_a_move_dated_today_in_the_history_of_that_user(
    staff_client, staff, member, sector, other_sector
):
    page = staff_client.get(url("change", member.pk))
    data = change_form_data(page, sector=other_sector.pk, work_unit="县第二中学")

    response = staff_client.post(url("change", member.pk), data)

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.sector, member.work_unit) == (other_sector, "县第二中学")
    assert sector_on(member, datetime.date(2024, 2, 29)) == sector
    assert sector_on(member, datetime.date(2024, 3, 1)) == other_sector
    latest = member.history.get(history_type="~")  # one change, saved once
    assert latest.history_user == staff
    assert (latest.sector_id, latest.work_unit) == (other_sector.pk, "县第二中学")
    history_page = staff_client.get(url("history", member.pk))
    assert str(staff) in history_page.content.decode()


def test_a_leaving_date_on_an_active_member_is_refused_on_the_form(staff_client, member):
    page = staff_client.get(url("change", member.pk))

    response = staff_client.post(
        url("change", member.pk), change_form_data(page, left_on="2024-01-01", title="新职务")
    )

    assert response.status_code == 200
    assert "在任委员没有离任日期。" in response.content.decode()
    member.refresh_from_db()
    assert (member.left_on, member.title) == (None, "")


def test_setting_a_leaving_status_on_the_form_closes_the_members_periods(staff_client, member):
    PositionFactory(member=member)
    page = staff_client.get(url("change", member.pk))

    response = staff_client.post(
        url("change", member.pk),
        change_form_data(page, status="resigned", left_on="2024-01-31", status_note="工作调动"),
    )

    assert response.status_code == 302
    assert not SectorMembership.objects.filter(member=member, end_date__isnull=True).exists()
    assert not member.positions.filter(end_date__isnull=True).exists()
    page = staff_client.get(url("change", member.pk))
    assert {"status", "left_on", "sector"} <= set(page.context["adminform"].readonly_fields)


def test_history_cannot_be_reverted_around_the_services(staff_client, member):
    member.name = "改名"
    member.save()
    version = member.history.earliest()
    response = staff_client.post(
        reverse("admin:members_member_simple_history", args=(member.pk, version.history_id)),
        {"name": "原名"},
    )
    assert response.status_code == 403


# --- bulk steps -------------------------------------------------------------------------------


def test_record_leaving_asks_for_a_date_then_applies_to_own_members_only(
    staff_client, member, county
):
    below = MemberFactory(committee=county)
    selection = {"action": "record_leaving", "_selected_action": [member.pk, below.pk]}

    page = staff_client.post(url("changelist"), selection)
    assert page.status_code == 200
    assert "admin/committees/action_form.html" in [t.name for t in page.templates]

    response = staff_client.post(
        url("changelist"),
        {**selection, "apply": "1", "status": "replaced", "left_on": "2024-05-01", "note": ""},
        follow=True,
    )

    member.refresh_from_db()
    below.refresh_from_db()
    assert (member.status, member.left_on) == ("replaced", datetime.date(2024, 5, 1))
    assert below.status == "active"
    shown = [str(m) for m in response.context["messages"]]
    assert any("1 条选中的记录属于其他委员会" in m for m in shown), shown


def test_move_sector_reports_each_member_it_could_not_move(
    staff_client, member, committee, term, sector, other_sector
):
    already_there = MemberFactory(committee=committee, term=term, sector=other_sector, name="甲")

    response = staff_client.post(
        url("changelist"),
        {
            "action": "move_sector",
            "_selected_action": [member.pk, already_there.pk],
            "apply": "1",
            "sector": other_sector.pk,
            "effective_date": "2024-03-01",
        },
        follow=True,
    )

    assert sector_on(member, datetime.date(2024, 3, 1)) == other_sector
    shown = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("甲：") and "已在该界别" in m for m in shown), shown
