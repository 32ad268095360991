"""A member's meetings: asking for leave and withdrawing it, the report of a research trip with
its file, and a study note after a training."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import AttendanceStatus, LeaveRequest, MeetingKind, ResearchReport, StudyNote
from tests.factories.core import UserFactory
from tests.factories.meetings import (
    AttendanceFactory,
    LeaveRequestFactory,
    MeetingFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def member(committee):
    return member_of(committee, user=UserFactory(committee=committee), name="陈静")


@pytest.fixture
def signed_in(client, member):
    client.force_login(member.user)
    return client


def invite(member, kind=MeetingKind.STANDING_COMMITTEE, days_ahead=5, **kwargs):
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    meeting = MeetingFactory(
        committee=member.committee, kind=kind, start_date=day, end_date=day, **kwargs
    )
    AttendanceFactory(meeting=meeting, member=member)
    return meeting


def test_a_member_asks_for_leave_and_sees_it_pending(signed_in, member):
    meeting = invite(member, title="常委会第五次会议")
    url = reverse("my_meetings:leave", kwargs={"meeting_id": meeting.pk})
    response = signed_in.post(url, {"reason": "赴省城参加培训"}, follow=True)
    leave = LeaveRequest.objects.get()
    assert (leave.member, leave.reason, leave.state) == (member, "赴省城参加培训", "pending")
    html = response.content.decode()
    assert "常委会第五次会议" in html and "待审批" in html


def test_an_empty_reason_is_refused_next_to_the_field(signed_in, member):
    meeting = invite(member)
    url = reverse("my_meetings:leave", kwargs={"meeting_id": meeting.pk})
    response = signed_in.post(url, {"reason": ""})
    assert response.context["form"].errors["reason"]
    assert not LeaveRequest.objects.exists()


def test_a_second_request_while_one_waits_is_refused_with_the_reason(signed_in, member):
    meeting = invite(member)
    url = reverse("my_meetings:leave", kwargs={"meeting_id": meeting.pk})
    signed_in.post(url, {"reason": "出差"})
    response = signed_in.post(url, {"reason": "再次请假"})
    assert "等待" in response.content.decode()
    assert LeaveRequest.objects.count() == 1


def test_leave_cannot_be_asked_for_a_meeting_that_is_over(signed_in, member):
    meeting = invite(member, days_ahead=-2)
    url = reverse("my_meetings:leave", kwargs={"meeting_id": meeting.pk})
    response = signed_in.post(url, {"reason": "忘了请假"})
    assert "已经结束" in response.content.decode()
    assert not LeaveRequest.objects.exists()


def test_a_meeting_the_member_is_not_invited_to_does_not_exist(signed_in, committee):
    meeting = MeetingFactory(committee=committee)
    url = reverse("my_meetings:leave", kwargs={"meeting_id": meeting.pk})
    assert signed_in.get(url).status_code == 404


def test_a_pending_request_is_withdrawn(signed_in, member):
    meeting = invite(member)
    leave = LeaveRequestFactory(meeting=meeting, member=member, submitted_by=member.user)
    url = reverse("my_meetings:leave_withdraw", kwargs={"pk": leave.pk})
    response = signed_in.post(url, follow=True)
    assert not LeaveRequest.objects.exists()
    assert "已撤回" in response.content.decode()


def test_a_decided_request_cannot_be_withdrawn(signed_in, member, staff):
    meeting = invite(member)
    leave = services.leave_request_submit(meeting=meeting, member=member, reason="出差")
    services.leave_request_approve(leave_request=leave, approver=staff)
    url = reverse("my_meetings:leave_withdraw", kwargs={"pk": leave.pk})
    response = signed_in.post(url, follow=True)
    assert LeaveRequest.objects.get().state == LeaveRequest.State.APPROVED
    assert "不能再撤回" in response.content.decode()
    assert "已批准" in response.content.decode()


def test_another_members_request_cannot_be_withdrawn(signed_in, committee):
    other = member_of(committee)
    leave = LeaveRequestFactory(meeting=invite(other), member=other)
    url = reverse("my_meetings:leave_withdraw", kwargs={"pk": leave.pk})
    assert signed_in.post(url).status_code == 404
    assert LeaveRequest.objects.exists()


def report_data(**changes):
    data = {
        "title": "关于乡村饮水安全的调研报告",
        "written_on": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "summary": "调研了三个村的饮水情况",
    }
    data.update(changes)
    return data


def test_a_member_records_a_research_report_with_its_file(signed_in, committee, member):
    trip = invite(member, MeetingKind.RESEARCH, title="乡村饮水安全调研")
    fellow = member_of(committee, name="周明")
    url = reverse("my_meetings:report_create", kwargs={"meeting_id": trip.pk})
    data = report_data(co_authors=[fellow.pk])
    data["attachment"] = SimpleUploadedFile("调研报告.pdf", PDF, "application/pdf")
    response = signed_in.post(url, data, follow=True)
    report = ResearchReport.objects.get()
    assert report.meeting == trip
    assert {a.member for a in report.author_links.all()} == {member, fellow}
    assert report.author_links.get(is_lead=True).member == member
    assert report.attachment.name.endswith(".pdf") and "调研报告" not in report.attachment.name
    html = response.content.decode()
    assert "关于乡村饮水安全的调研报告" in html
    file_url = reverse("my_meetings:report_attachment", kwargs={"pk": report.pk})
    assert file_url in html
    assert signed_in.get(file_url).status_code == 200


def test_a_file_that_is_not_what_its_name_says_is_refused_next_to_the_field(signed_in, member):
    trip = invite(member, MeetingKind.RESEARCH)
    url = reverse("my_meetings:report_create", kwargs={"meeting_id": trip.pk})
    data = report_data()
    data["attachment"] = SimpleUploadedFile(
        "报告.pdf", b"MZ\x90\x00" + b"\0" * 40, "application/pdf"
    )
    response = signed_in.post(url, data)
    errors = response.context["form"].errors["attachment"]
    assert "文件内容" in errors[0]
    assert 'id="id_attachment_error"' in response.content.decode()
    assert not ResearchReport.objects.exists()


def test_a_too_large_file_is_refused(signed_in, member, settings):
    settings.UPLOAD_MAX_BYTES = 30
    trip = invite(member, MeetingKind.RESEARCH)
    url = reverse("my_meetings:report_create", kwargs={"meeting_id": trip.pk})
    data = report_data()
    data["attachment"] = SimpleUploadedFile("报告.pdf", PDF, "application/pdf")
    response = signed_in.post(url, data)
    assert (
        "超过" in response.context["form"].errors["attachment"][0]
        or "最大" in (response.context["form"].errors["attachment"][0])
    )
    assert not ResearchReport.objects.exists()


def test_a_report_before_the_trip_is_refused_next_to_the_date(signed_in, member):
    trip = invite(member, MeetingKind.RESEARCH)
    url = reverse("my_meetings:report_create", kwargs={"meeting_id": trip.pk})
    response = signed_in.post(url, report_data(written_on="2020-01-01"))
    assert response.context["form"].errors["written_on"]
    assert not ResearchReport.objects.exists()


def test_only_a_research_trip_takes_a_report(signed_in, member):
    meeting = invite(member, MeetingKind.STANDING_COMMITTEE)
    url = reverse("my_meetings:report_create", kwargs={"meeting_id": meeting.pk})
    assert signed_in.get(url).status_code == 404


def test_a_member_writes_a_study_note_after_a_training(signed_in, member):
    training = invite(member, MeetingKind.TRAINING, days_ahead=-3, title="新任委员培训班")
    AttendanceFactory._meta.model.objects.filter(meeting=training).update(
        status=AttendanceStatus.PRESENT, half_days_present=1, marked_at=timezone.now()
    )
    url = reverse("my_meetings:note_create")
    assert "新任委员培训班" in signed_in.get(f"{url}?meeting={training.pk}").content.decode()
    response = signed_in.post(
        url,
        {
            "meeting": training.pk,
            "title": "培训心得",
            "written_on": timezone.localdate().isoformat(),
            "body": "进一步明确了委员的履职要求。",
        },
        follow=True,
    )
    note = StudyNote.objects.get()
    assert (note.member, note.meeting) == (member, training)
    assert "培训心得" in response.content.decode()


def test_a_study_note_cannot_refer_to_someone_elses_training(signed_in, committee):
    other = member_of(committee)
    training = invite(other, MeetingKind.TRAINING)
    response = signed_in.post(
        reverse("my_meetings:note_create"),
        {"meeting": training.pk, "title": "x", "written_on": "2024-01-01", "body": "y"},
    )
    assert response.context["form"].errors["meeting"]
    assert not StudyNote.objects.exists()


def test_my_meetings_takes_the_same_queries_with_more_rows(
    client, member, django_assert_num_queries, time_machine
):
    """Invitations of every kind, with leave asked, reports and notes: 2 rows or 10, one count."""
    time_machine.move_to(datetime.datetime(2024, 6, 15, 9, tzinfo=datetime.UTC), tick=False)
    client.force_login(member.user)
    kinds = [MeetingKind.STANDING_COMMITTEE, MeetingKind.RESEARCH, MeetingKind.TRAINING]

    def add(n):
        for i in range(n):
            meeting = invite(member, kind=kinds[i % len(kinds)], days_ahead=(i % 7) - 3)
            if i % 2:
                LeaveRequestFactory(meeting=meeting, member=member)

    add(2)
    url = reverse("my_meetings:list")
    with CaptureQueriesContext(connection) as two:
        first = client.get(url)
    assert first.status_code == 200
    add(8)
    with django_assert_num_queries(len(two)):
        response = client.get(url)
    assert response.content.decode().count("<tr>") == 1 + 10  # the heading and every meeting
