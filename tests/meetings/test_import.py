"""Attendance sheets from Excel and CSV: bad rows are reported one by one and nothing is saved;
a good sheet goes through the admin's preview and confirm steps."""

import datetime

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from meetings.models import Attendance, AttendanceStatus
from meetings.resources import AttendanceResource
from tests.factories.meetings import AttendanceFactory, MeetingFactory, member_of

pytestmark = pytest.mark.django_db

HEADERS = ["会议编号", "会议", "会议日期", "委员编号", "委员姓名", "出勤情况", "出席半天数", "备注"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def sheet_world(committee, other_committee):
    meeting = MeetingFactory(
        committee=committee, title="常委会第三次会议", start_date=datetime.date(2024, 3, 15)
    )
    people = {
        "张三": member_of(committee, name="张三", member_number="001"),
        "李四": member_of(committee, name="李四", member_number="002"),
        "王五甲": member_of(committee, name="王五", member_number="003"),
        "王五乙": member_of(committee, name="王五", member_number="004"),
    }
    for member in people.values():
        AttendanceFactory(meeting=meeting, member=member)
    foreign = MeetingFactory(committee=other_committee, title="外委员会会议")
    return meeting, people, foreign


def dataset(rows):
    return tablib.Dataset(*rows, headers=HEADERS)


def test_it_reports_each_bad_row_and_imports_nothing(sheet_world, staff):
    meeting, people, foreign = sheet_world
    rows = [
        [meeting.pk, "", "", "", "张三", "出席", "", ""],  # fine on its own
        [meeting.pk, "", "", "", "李四", "到了", "", ""],
        [meeting.pk, "", "", "", "王五", "出席", "", ""],
        [foreign.pk, "", "", "", "张三", "出席", "", ""],
        [meeting.pk, "", "", "002", "张三", "缺席", "", ""],
        [meeting.pk, "", "", "003", "", "出席", 3, ""],
        ["", "常委会第三次会议", "2024-03-16", "", "李四", "请假", "", ""],
        [meeting.pk, "", "", "", "张三", "缺席", "", ""],
    ]
    result = AttendanceResource().import_data(dataset(rows), user=staff)

    assert result.has_validation_errors()
    errors = {row.number: " ".join(row.error.messages) for row in result.invalid_rows}
    assert sorted(errors) == [2, 3, 4, 5, 6, 7, 8]
    assert "Unknown attendance 到了" in errors[2]
    assert "Several members are named 王五" in errors[3]
    assert f"no meeting numbered {foreign.pk} in your committee" in errors[4]
    assert "Member number 002 is 李四, not 张三" in errors[5]
    assert "lasts only 1 half-day" in errors[6]
    assert "no meeting titled 常委会第三次会议 on that date" in errors[7]
    assert "appears more than once" in errors[8]
    assert not Attendance.objects.exclude(status=AttendanceStatus.INVITED).exists()


def test_it_refuses_a_sheet_without_the_member_columns(sheet_world, staff):
    meeting, _, _ = sheet_world
    sheet = tablib.Dataset([meeting.pk, "出席"], headers=["会议编号", "出勤情况"])
    result = AttendanceResource().import_data(sheet, user=staff)
    assert result.has_errors()
    assert "委员编号 / 委员姓名" in str(result.base_errors[0].error)


def upload(client, content, name, fmt):
    url = reverse("admin:meetings_attendance_import")
    return client.post(
        url,
        {
            "import_file": SimpleUploadedFile(name, content),
            "format": fmt,
            "resource": "0",
        },
    )


def confirm(client, preview):
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(reverse("admin:meetings_attendance_process_import"), data)


def good_rows(meeting):
    return [
        [meeting.pk, "", "", "", "张三", "出席", "", ""],
        ["", meeting.title, "2024-03-15", "002", "李四", "请假", "", "出差"],
        ["", meeting.title, "", "004", "", "迟到早退", 1, "迟到20分钟"],
    ]


def assert_good_import_done(meeting, people, staff):
    rows = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    assert rows[people["张三"].pk].status == AttendanceStatus.PRESENT
    assert rows[people["张三"].pk].half_days_present == 1
    assert rows[people["李四"].pk].status == AttendanceStatus.APPROVED_LEAVE
    assert rows[people["李四"].pk].note == "出差"
    assert rows[people["王五乙"].pk].status == AttendanceStatus.LATE_OR_EARLY
    assert rows[people["王五甲"].pk].status == AttendanceStatus.INVITED
    assert rows[people["张三"].pk].marked_by == staff
    latest = Attendance.history.filter(member=people["李四"]).first()
    assert (latest.history_user, latest.status) == (staff, AttendanceStatus.APPROVED_LEAVE)


def test_a_bad_sheet_in_the_admin_shows_errors_and_no_confirm_button(sheet_world, staff_client):
    meeting, _, _ = sheet_world
    content = dataset([[meeting.pk, "", "", "", "王五", "出席", "", ""]]).export("csv")
    preview = upload(staff_client, content.encode(), "考勤.csv", 0)
    assert preview.status_code == 200
    assert preview.context["result"].has_validation_errors()
    assert "confirm_form" not in preview.context
    assert "王五" in preview.content.decode()


def test_a_good_csv_sheet_is_previewed_then_imported(sheet_world, staff, staff_client):
    meeting, people, _ = sheet_world
    content = dataset(good_rows(meeting)).export("csv")
    preview = upload(staff_client, content.encode("utf-8"), "考勤.csv", 0)
    assert preview.status_code == 200
    assert not preview.context["result"].has_validation_errors()
    # The preview is a dry run: nothing changed yet.
    assert not Attendance.objects.exclude(status=AttendanceStatus.INVITED).exists()

    response = confirm(staff_client, preview)
    assert response.status_code == 302
    assert_good_import_done(meeting, people, staff)


def test_a_good_xlsx_sheet_is_imported(sheet_world, staff, staff_client):
    meeting, people, _ = sheet_world
    content = dataset(good_rows(meeting)).export("xlsx")
    preview = upload(staff_client, content, "考勤.xlsx", 1)
    assert not preview.context["result"].has_validation_errors()
    confirm(staff_client, preview)
    assert_good_import_done(meeting, people, staff)


def test_it_exports_the_columns_it_imports_and_reimports_them_unchanged(sheet_world, staff):
    meeting, people, _ = sheet_world
    AttendanceResource().import_data(dataset(good_rows(meeting)), user=staff)
    exported = AttendanceResource().export(Attendance.objects.filter(meeting=meeting))
    assert exported.headers == HEADERS
    by_name = {(row[3], row[4]): row for row in exported}
    assert by_name[("002", "李四")][5] == "请假"
    assert by_name[("002", "李四")][7] == "出差"
    assert by_name[("003", "王五")][5] == "未登记"

    result = AttendanceResource().import_data(exported, user=staff)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Attendance.objects.get(meeting=meeting, member=people["李四"]).note == "出差"


def test_it_exports_from_the_admin_only_the_staffs_committee(sheet_world, staff_client):
    meeting, _, foreign = sheet_world
    AttendanceFactory(meeting=foreign)
    response = staff_client.post(
        reverse("admin:meetings_attendance_export"),
        {"format": "0", "resource": "0", **{f"attendanceresource_{f}": "on" for f in FIELDS}},
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].split(",") == HEADERS
    assert "外委员会会议" not in text
    assert text.count(meeting.title) == 4


FIELDS = [
    "meeting_id",
    "meeting",
    "meeting_date",
    "member_number",
    "member_name",
    "status",
    "half_days_present",
    "note",
]
