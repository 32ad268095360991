"""No download runs a formula: text starting with =, +, -, @, a tab or a carriage return is
written with a leading apostrophe (``reports.excel.safe_cell``, the one helper) in every export:
the API's CSV and Excel downloads, the yearly figures workbook, the member board workbook and the
admin's import-export downloads (roster, attendance). Excel cells written as text never hold a
formula either. The workbook and board paths also have their own tests
(tests/reports/test_excel.py, tests/portal/test_board_export.py)."""

from __future__ import annotations

import csv
import io

import pytest
import tablib
from django.contrib import admin
from django.urls import reverse
from import_export.admin import ImportExportMixinBase
from openpyxl import load_workbook
from rest_framework.test import APIClient

from cppcc.export_formats import FormulaSafeMixin
from meetings.models import Attendance
from members.models import Member
from members.resources import MemberRosterResource
from reports.excel import safe_cell
from tests.factories.core import CommitteeFactory, StaffUserFactory
from tests.factories.meetings import AttendanceFactory, MeetingFactory, member_of
from tests.opendata.exports import download

pytestmark = pytest.mark.django_db

#: One text per trigger character, each one a spreadsheet would otherwise run.
DANGEROUS = [
    '=HYPERLINK("http://evil.example","点我")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_the_helper_puts_an_apostrophe_before_every_trigger(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["委员1", "1+1", "a=b", 12, -3, None])
def test_the_helper_leaves_other_values_alone(value):
    assert safe_cell(value) == value


def as_read(texts, fmt: str) -> list[str]:
    """``texts`` as read back from the file: XML (xlsx) turns a carriage return into a newline."""
    return sorted(text.replace("\r", "\n") if fmt == "xlsx" else text for text in texts)


def cells_of(content: bytes, fmt: str) -> list[list]:
    if fmt == "csv":
        text = content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text, newline="")))
    sheet = load_workbook(io.BytesIO(content)).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} holds a formula"
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_api_downloads_escape_every_trigger(fmt):
    city = CommitteeFactory(name="政协某市委员会")
    for text in DANGEROUS:
        CommitteeFactory(parent=city, name=text)
    client = APIClient()
    client.force_authenticate(StaffUserFactory(committee=city))

    headings, rows = download(client, "/api/v1/committees/", fmt)

    names = [
        row[headings.index("名称")] for row in rows if row[headings.index("名称")] != city.name
    ]
    assert len(names) == len(DANGEROUS)
    assert all(name.startswith("'") for name in names), names
    if fmt == "csv":
        assert sorted(names) == sorted("'" + text for text in DANGEROUS)


def test_every_import_export_admin_escapes_formulae_on_export():
    offering = {
        type(model_admin).__name__: model_admin.get_export_formats()
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ImportExportMixinBase)
    }

    assert offering  # the roster and the attendance sheets at least
    for name, formats in offering.items():
        unsafe = [fmt.__name__ for fmt in formats if not issubclass(fmt, FormulaSafeMixin)]
        assert not unsafe, f"{name} exports {unsafe} without escaping formulae"


def admin_export(client, url: str, resource_class, fmt_index: int) -> bytes:
    fields = {f"{resource_class.__name__.lower()}_{f}": "on" for f in resource_class._meta.fields}
    response = client.post(url, {"resource": "0", "format": str(fmt_index), **fields})
    assert response.status_code == 200, response.content[:300]
    return response.content


def format_index(model, fmt: str) -> int:
    formats = admin.site._registry[model].get_export_formats()
    return next(i for i, f in enumerate(formats) if f().get_title() == fmt)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_roster_export_escapes_and_re_imports_unchanged(staff_client, committee, fmt):
    for i, text in enumerate(DANGEROUS):
        member_of(committee, name=f"委员{i}", work_unit=text)

    content = admin_export(
        staff_client,
        reverse("admin:members_member_export"),
        MemberRosterResource,
        format_index(Member, fmt),
    )

    table = cells_of(content, fmt)
    units = [row[table[0].index("工作单位")] for row in table[1:]]
    assert sorted(units) == as_read(("'" + text for text in DANGEROUS), fmt)
    # Reading the file back (as the admin's import does) takes the apostrophes off again.
    formats = admin.site._registry[Member].get_export_formats()
    read = formats[format_index(Member, fmt)]().create_dataset(content)
    # (Excel's XML has no carriage return: that one comes back as a newline, apostrophe kept.)
    kept = [text for text in DANGEROUS if fmt == "csv" or "\r" not in text]
    assert set(read["工作单位"]) >= set(kept)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_attendance_export_escapes_every_trigger(staff_client, committee, fmt):
    from meetings.resources import AttendanceResource

    meeting = MeetingFactory(committee=committee, title="@常委会会议")
    for text in DANGEROUS:
        AttendanceFactory(meeting=meeting, member=member_of(committee), note=text)

    content = admin_export(
        staff_client,
        reverse("admin:meetings_attendance_export"),
        AttendanceResource,
        format_index(Attendance, fmt),
    )

    table = cells_of(content, fmt)
    notes = [row[-1] for row in table[1:]]
    assert sorted(notes) == as_read(("'" + text for text in DANGEROUS), fmt)
    assert all(row[1] == "'@常委会会议" for row in table[1:])


def test_escaping_copies_the_dataset_and_keeps_numbers():
    from cppcc.export_formats import escaped_dataset

    data = tablib.Dataset(["=1", 5], headers=["-a", "b"])
    escaped = escaped_dataset(data)
    assert escaped.headers == ["'-a", "b"] and list(escaped[0]) == ["'=1", 5]
    assert list(data[0]) == ["=1", 5]
