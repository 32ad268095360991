"""Reminders about meetings: tomorrow's meeting to the invited, pending leave to the staff."""

import datetime

import pytest
import time_machine
from django.core import mail

from meetings.models import AttendanceStatus
from notifications import tasks
from notifications.models import Notification, Reason
from notifications.reminders import REMINDERS, reminder_run
from tests.factories.core import StaffUserFactory
from tests.factories.meetings import (
    AttendanceFactory,
    DecidedLeaveRequestFactory,
    LeaveRequestFactory,
    MeetingFactory,
)

from .conftest import member_with_login

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 5, 9)
TOMORROW = TODAY + datetime.timedelta(days=1)


def recipients(reason):
    return set(Notification.objects.filter(reason=reason).values_list("recipient_id", "email"))


def test_every_daily_reminder_is_registered():
    assert set(REMINDERS) == set(Reason.values) - {
        Reason.ASSESSMENT_RESULT,
        Reason.ASSESSMENT_SUMMARY,
    }


def test_members_invited_to_tomorrows_meeting_are_reminded(committee, member):
    meeting = MeetingFactory(committee=committee, start_date=TOMORROW, title="常委会第五次会议")
    AttendanceFactory(meeting=meeting, member=member)
    by_email = member_with_login(committee)
    by_email.user = None
    by_email.email = "zhao@example.cn"
    by_email.save()
    AttendanceFactory(meeting=meeting, member=by_email)
    excused = member_with_login(committee)
    AttendanceFactory(
        meeting=meeting,
        member=excused,
        status=AttendanceStatus.APPROVED_LEAVE,
        marked_at=datetime.datetime(2024, 5, 8, tzinfo=datetime.UTC),
    )
    unreachable = member_with_login(committee)
    unreachable.user = None
    unreachable.save()
    AttendanceFactory(meeting=meeting, member=unreachable)
    later = MeetingFactory(committee=committee, start_date=TOMORROW + datetime.timedelta(days=1))
    AttendanceFactory(meeting=later, member=member)

    assert reminder_run(reason=Reason.MEETING_TOMORROW, today=TODAY) == 2
    assert recipients(Reason.MEETING_TOMORROW) == {
        (member.user_id, "wang@example.cn"),
        (None, "zhao@example.cn"),
    }
    notification = Notification.objects.get(recipient=member.user)
    assert "常委会第五次会议" in notification.title


def test_running_the_task_twice_notifies_and_emails_once(committee, member):
    meeting = MeetingFactory(committee=committee, start_date=TOMORROW)
    AttendanceFactory(meeting=meeting, member=member)
    with time_machine.travel(datetime.datetime(2024, 5, 9, 8, 0), tick=False):
        assert tasks.send_reminders.delay(Reason.MEETING_TOMORROW).get() == 1
        assert tasks.send_reminders.delay(Reason.MEETING_TOMORROW).get() == 0
    assert Notification.objects.count() == 1


def test_the_email_of_a_reminder_goes_out_once(
    committee, member, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(committee=committee, start_date=TOMORROW)
    AttendanceFactory(meeting=meeting, member=member)
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.send_reminders.delay(Reason.MEETING_TOMORROW, TODAY.isoformat())
    assert [m.to for m in mail.outbox] == [["wang@example.cn"]]


def test_the_query_count_does_not_grow_with_the_invitations(
    committee, django_assert_max_num_queries
):
    meeting = MeetingFactory(committee=committee, start_date=TOMORROW)
    for _ in range(2):
        AttendanceFactory(meeting=meeting, member=member_with_login(committee, email="a@b.cn"))
    with django_assert_max_num_queries(7) as few:
        reminder_run(reason=Reason.MEETING_TOMORROW, today=TODAY)
    for _ in range(15):
        AttendanceFactory(meeting=meeting, member=member_with_login(committee))
    Notification.objects.all().delete()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert reminder_run(reason=Reason.MEETING_TOMORROW, today=TODAY) == 17


def test_staff_hear_of_leave_requests_waiting_once_a_day(committee, other_committee):
    staff = StaffUserFactory(committee=committee)
    StaffUserFactory(committee=committee, is_active=False)
    outsider = StaffUserFactory(committee=other_committee)
    meeting = MeetingFactory(committee=committee, start_date=TOMORROW)
    LeaveRequestFactory(meeting=meeting)
    LeaveRequestFactory(meeting=meeting)
    DecidedLeaveRequestFactory(
        meeting=MeetingFactory(committee=other_committee, start_date=TOMORROW)
    )
    past = MeetingFactory(committee=other_committee, start_date=TODAY - datetime.timedelta(days=3))
    LeaveRequestFactory(meeting=past)  # the meeting is over: nothing left to decide in time

    assert reminder_run(reason=Reason.LEAVE_REQUEST_PENDING, today=TODAY) == 1
    assert reminder_run(reason=Reason.LEAVE_REQUEST_PENDING, today=TODAY) == 0
    notification = Notification.objects.get()
    assert notification.recipient == staff
    assert notification.recipient != outsider
    assert "2" in notification.title
    # Still waiting the next day: another digest.
    assert reminder_run(reason=Reason.LEAVE_REQUEST_PENDING, today=TOMORROW) == 1


def test_no_leave_digest_when_every_request_is_decided(committee):
    StaffUserFactory(committee=committee)
    DecidedLeaveRequestFactory(meeting=MeetingFactory(committee=committee, start_date=TOMORROW))
    assert reminder_run(reason=Reason.LEAVE_REQUEST_PENDING, today=TODAY) == 0
