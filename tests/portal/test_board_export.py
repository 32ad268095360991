"""A convener exports the (filtered) board to Excel."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.models import SectorMembership
from tests.assessment.engine_helpers import YEAR, activity, score
from tests.assessment.test_engine_year import county_scheme
from tests.factories.core import UserFactory
from tests.factories.meetings import member_of
from tests.factories.members import SectorConvenerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def next_january(time_machine):
    time_machine.move_to(datetime.datetime(YEAR + 1, 1, 10, tzinfo=datetime.UTC))


@pytest.fixture
def convener(committee):
    member = member_of(committee, user=UserFactory(committee=committee), name="召集人")
    SectorConvenerFactory(member=member, sector=member.sector, start_date=member.joined_on)
    return member


def colleague(committee, sector, name, **kwargs):
    member = member_of(committee, sector=sector, name=name, **kwargs)
    SectorMembership.objects.filter(member=member).update(sector=sector)
    return member


def sheet_of(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_the_convener_downloads_the_filtered_board_with_chinese_headings(
    client, committee, convener
):
    county_scheme(committee)
    busy = colleague(committee, convener.sector, "李勤", work_unit="县教育局")
    colleague(committee, convener.sector, "张闲")
    activity(committee, busy, day=datetime.date(YEAR, 5, 1))
    score(committee)
    client.force_login(convener.user)
    url = reverse(
        "portal:sector_board_export", kwargs={"sector_id": convener.sector_id, "year": YEAR}
    )

    response = client.get(url, {"q": "李"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    sheet = sheet_of(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert convener.sector.name in rows[0][0]
    headers = rows[1]
    assert headers[:4] == ("委员", "工作单位", "得分", "等次")
    assert "联系界别群众活动" in headers and "最近履职日期" in headers
    assert [row[0] for row in rows[2:]] == ["李勤"]  # the filter applies to the file too
    line = dict(zip(headers, rows[2], strict=True))
    assert line["工作单位"] == "县教育局"
    assert line["联系界别群众活动"] == 1
    assert float(line["得分"]) == float(score(committee)[busy.pk].total)


def test_text_that_looks_like_a_formula_is_written_as_text(client, committee, convener):
    colleague(committee, convener.sector, "=HYPERLINK(1)", work_unit="+cmd|' /C calc'!A0")
    client.force_login(convener.user)
    url = reverse(
        "portal:sector_board_export", kwargs={"sector_id": convener.sector_id, "year": YEAR}
    )

    sheet = sheet_of(client.get(url, {"q": "HYPERLINK"}))

    name, unit = sheet["A3"], sheet["B3"]
    assert name.value == "'=HYPERLINK(1)" and name.data_type == "s"
    assert unit.value == "'+cmd|' /C calc'!A0" and unit.data_type == "s"


def test_another_sectors_export_does_not_exist(client, committee, convener):
    other = member_of(committee)
    client.force_login(convener.user)
    url = reverse("portal:sector_board_export", kwargs={"sector_id": other.sector_id, "year": YEAR})
    assert client.get(url).status_code == 404
