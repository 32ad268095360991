"""CSV and Excel downloads of list endpoints (``?format=csv|xlsx``): every row the list's filters
select (not one page), Chinese column headings, a Chinese file name, a byte-order mark for Excel,
nested objects flattened and formula-looking text escaped.

To cover another list at merge time, add a line to ``EXPORTABLE``: its URL and a function making
``count`` rows that the given staff user may see.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from committees.models import Committee
from members.models import Position
from tests.factories.core import CommitteeFactory, SectorFactory, StaffUserFactory
from tests.factories.meetings import member_of
from tests.factories.members import PositionFactory
from tests.opendata.exports import BOM, download, filename, read

pytestmark = pytest.mark.django_db
FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _committees_below(staff, count: int) -> None:
    """``count`` committees the staff user reads: theirs and ones below it."""
    own = staff.committee
    while Committee.objects.filter(path__startswith=own.path).count() < count:
        CommitteeFactory(parent=own, level=Committee.Level.COUNTY)


def _results(staff, count: int) -> None:
    """``count`` members of the staff user's committee, each with a computed result."""
    from assessment.engine import recompute
    from assessment.models import AssessmentScheme
    from members.models import Member
    from tests.assessment.test_engine_year import YEAR, county_scheme

    committee = staff.committee
    if not AssessmentScheme.objects.filter(committee=committee, year=YEAR).exists():
        county_scheme(committee)
    while Member.objects.filter(committee=committee).count() < count:
        member_of(committee)
    recompute(committee_id=committee.pk, year=YEAR)


def _attendances(staff, count: int) -> None:
    """``count`` invitations to one meeting of the staff user's committee."""
    from meetings.models import Attendance, Meeting
    from tests.factories.meetings import AttendanceFactory, MeetingFactory

    meeting = Meeting.objects.filter(committee=staff.committee).first() or MeetingFactory(
        committee=staff.committee
    )
    while Attendance.objects.filter(meeting__committee=staff.committee).count() < count:
        AttendanceFactory(meeting=meeting)


def _proposals(staff, count: int) -> None:
    """``count`` registered proposals of the staff user's committee."""
    from proposals.models import Proposal, ProposalState
    from tests.factories.proposals import proposal_in_state

    while Proposal.objects.filter(committee=staff.committee).count() < count:
        proposal_in_state(ProposalState.REGISTERED, staff=staff, committee=staff.committee)


#: list URL → make ``count`` rows visible to ``staff``.
EXPORTABLE = {
    "/api/v1/committees/": _committees_below,
    "/api/v1/assessment-results/": _results,
    "/api/v1/attendances/": _attendances,
    "/api/v1/proposals/": _proposals,
}


@pytest.fixture
def city():
    return CommitteeFactory(name="政协某市委员会", level=Committee.Level.MUNICIPAL)


@pytest.fixture
def city_staff(city):
    return StaffUserFactory(committee=city)


@pytest.fixture
def api(city_staff):
    client = APIClient()
    client.force_authenticate(city_staff)
    return client


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("url", EXPORTABLE)
def test_the_download_holds_every_row_not_one_page(api, city_staff, url, fmt):
    EXPORTABLE[url](city_staff, 7)

    page = api.get(f"{url}?page_size=2").json()
    _headings, rows = download(api, f"{url}?page_size=2", fmt)

    assert len(page["results"]) == 2 and page["count"] == 7
    assert len(rows) == 7


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("url", EXPORTABLE)
def test_the_query_count_does_not_grow_with_the_rows(api, city_staff, url, fmt):
    def measure(count: int) -> int:
        EXPORTABLE[url](city_staff, count)
        with CaptureQueriesContext(connection) as captured:
            assert len(download(api, url, fmt)[1]) == count
        return len(captured)

    assert measure(2) == measure(10)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_lists_filters_search_and_ordering_apply(api, city, fmt):
    CommitteeFactory(parent=city, name="A县政协", region="甲县")
    CommitteeFactory(parent=city, name="B县政协", region="乙县")
    CommitteeFactory(parent=city, name="C区政协", region="丙区")

    headings, counties = download(api, "/api/v1/committees/?level=county&ordering=-name", fmt)
    name = headings.index("名称")
    _h, found = download(api, "/api/v1/committees/?search=乙县", fmt)

    assert [row[name] for row in counties] == ["C区政协", "B县政协", "A县政协"]
    assert [row[name] for row in found] == ["B县政协"]


def test_csv_has_a_byte_order_mark_chinese_headings_and_a_chinese_file_name(api, city):
    response = api.get("/api/v1/committees/?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM)
    headings, rows = read(response.content, "csv")
    assert {"名称", "级别", "行政区域"} <= set(headings)
    assert filename(response) == f"委员会-{timezone.localdate():%Y%m%d}.csv"
    assert rows[0][headings.index("名称")] == "政协某市委员会"


def test_xlsx_opens_in_a_spreadsheet_with_numbers_as_numbers(api, city):
    response = api.get("/api/v1/committees/?format=xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert filename(response) == f"委员会-{timezone.localdate():%Y%m%d}.xlsx"
    headings, rows = read(response.content, "xlsx")
    assert rows[0][headings.index("ID")] == city.pk


@pytest.mark.parametrize("fmt", FORMATS)
def test_choices_are_written_as_the_labels_people_read(api, city, city_staff, fmt):
    _attendances(city_staff, 1)
    headings, rows = download(api, "/api/v1/committees/", fmt)
    assert rows[0][headings.index("级别")] == "市级"
    headings, rows = download(api, "/api/v1/attendances/", fmt)
    assert rows[0][headings.index("出勤")] == "已通知（未登记）"


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_that_looks_like_a_formula_is_escaped(api, city, fmt):
    CommitteeFactory(parent=city, name='=HYPERLINK("http://evil","点我")', region="+1-2")

    headings, rows = download(api, "/api/v1/committees/?level=county", fmt)

    assert rows[0][headings.index("名称")] == '\'=HYPERLINK("http://evil","点我")'
    assert rows[0][headings.index("行政区域")] == "'+1-2"


@pytest.mark.parametrize("fmt", FORMATS)
def test_refusals_are_not_downloads(fmt):
    response = APIClient().get(f"/api/v1/committees/?format={fmt}")

    assert response.status_code == 401
    assert "Content-Disposition" not in response


@pytest.mark.parametrize("fmt", FORMATS)
def test_another_committees_rows_are_not_in_the_download(api, city, fmt):
    CommitteeFactory(name="政协别的市委员会")

    headings, rows = download(api, "/api/v1/committees/", fmt)

    assert [row[headings.index("名称")] for row in rows] == ["政协某市委员会"]


# --- nested objects, lists and booleans: a test-only endpoint ---------------------------------


@pytest.fixture
def members(committee):
    economy = SectorFactory(committee=committee, name="经济界")
    chair = member_of(committee, name="张三", sector=economy)
    PositionFactory(member=chair, kind=Position.Kind.VICE_CHAIR)
    PositionFactory(member=chair, kind=Position.Kind.STANDING_MEMBER)
    member_of(committee, name="李四", left_on=datetime.date(2024, 6, 30), status="resigned")
    return chair


@pytest.mark.urls("tests.opendata.export_urls")
@pytest.mark.parametrize("fmt", FORMATS)
def test_nested_objects_become_columns_with_their_labels(members, staff, fmt):
    client = APIClient()
    client.force_authenticate(staff)

    headings, rows = download(client, "/export-test/test-members/?ordering=name", fmt)

    assert headings == [
        "ID",
        "姓名",
        "界别 · ID",
        "界别 · 名称",
        "常委会职务",
        "Active",
        "数字",
    ]
    zhang = rows[1] if rows[1][1] == "张三" else rows[0]
    assert zhang[3] == "经济界"
    assert zhang[4] == "vice_chair; standing_member"
    assert zhang[5] == "是"
    assert [row[5] for row in rows].count("否") == 1


@pytest.mark.urls("tests.opendata.export_urls")
def test_a_detail_downloads_as_one_row(members, staff):
    client = APIClient()
    client.force_authenticate(staff)

    _headings, rows = download(client, f"/export-test/test-members/{members.pk}/", "csv")

    assert len(rows) == 1 and rows[0][1] == "张三"


def test_the_schema_documents_downloads_as_files_and_the_popolo_endpoint():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    listing = schema["paths"]["/api/v1/committees/"]["get"]
    content = listing["responses"]["200"]["content"]

    assert {"csv", "xlsx"} <= set(
        next(p for p in listing["parameters"] if p["name"] == "format")["schema"]["enum"]
    )
    assert content["text/csv"]["schema"] == {"type": "string"}
    assert content[XLSX]["schema"] == {"type": "string", "format": "binary"}
    popolo = schema["paths"]["/api/v1/popolo/{id}/"]["get"]["responses"]
    assert set(popolo) >= {"200", "401", "404"}
