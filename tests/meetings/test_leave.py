"""Leave requests: submitted, then approved or rejected once; approval excuses the member."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from meetings import services
from meetings.models import Attendance, AttendanceStatus, LeaveRequest
from tests.factories.meetings import AttendanceFactory, LeaveRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def invited(meeting, members):
    AttendanceFactory(meeting=meeting, member=members[0])
    return members[0]


@pytest.fixture
def pending(meeting, invited, staff):
    return services.leave_request_submit(
        meeting=meeting, member=invited, reason="出差", submitted_by=staff
    )


def test_it_submits_a_pending_request(pending, staff):
    assert pending.state == LeaveRequest.State.PENDING
    assert pending.submitted_by == staff


def test_approving_excuses_the_member_from_the_meeting(meeting, invited, pending, staff):
    services.leave_request_approve(leave_request=pending, approver=staff, note="同意")
    pending.refresh_from_db()
    assert (pending.state, pending.approver, pending.decision_note) == ("approved", staff, "同意")
    attendance = Attendance.objects.get(meeting=meeting, member=invited)
    assert attendance.status == AttendanceStatus.APPROVED_LEAVE
    assert attendance.marked_by == staff
    assert attendance.history.first().history_user == staff


def test_rejecting_leaves_the_member_expected_at_the_meeting(meeting, invited, pending, staff):
    services.leave_request_reject(leave_request=pending, approver=staff, note="会议重要")
    pending.refresh_from_db()
    assert pending.state == LeaveRequest.State.REJECTED
    assert pending.decided_at is not None
    assert Attendance.objects.get(meeting=meeting, member=invited).status == "invited"


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("leave_request_approve", "leave_request_approve"),
        ("leave_request_approve", "leave_request_reject"),
        ("leave_request_reject", "leave_request_approve"),
        ("leave_request_reject", "leave_request_reject"),
    ],
)
def test_it_refuses_to_decide_a_request_twice(pending, staff, first, then):
    getattr(services, first)(leave_request=pending, approver=staff)
    decided = LeaveRequest.objects.get(pk=pending.pk)
    with pytest.raises(ValidationError, match="only a pending request can be decided"):
        getattr(services, then)(leave_request=pending, approver=staff)
    assert LeaveRequest.objects.get(pk=pending.pk).state == decided.state


def test_the_refusal_is_in_chinese_for_chinese_staff(pending, staff):
    services.leave_request_reject(leave_request=pending, approver=staff)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.leave_request_approve(leave_request=pending, approver=staff)
    assert "未批准" in refused.value.messages[0]


def test_it_refuses_a_decision_by_staff_of_another_committee(pending, other_staff):
    with pytest.raises(ValidationError, match="Only staff of the meeting's committee"):
        services.leave_request_approve(leave_request=pending, approver=other_staff)
    pending.refresh_from_db()
    assert pending.state == LeaveRequest.State.PENDING


def test_an_approval_that_fails_halfway_leaves_the_request_pending(
    meeting, invited, pending, staff, monkeypatch
):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Attendance, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.leave_request_approve(leave_request=pending, approver=staff)
    monkeypatch.undo()
    pending.refresh_from_db()
    assert pending.state == LeaveRequest.State.PENDING
    assert Attendance.objects.get(meeting=meeting, member=invited).status == "invited"


def test_it_refuses_a_second_pending_request(meeting, invited, pending):
    with pytest.raises(ValidationError, match="already has a leave request waiting"):
        services.leave_request_submit(meeting=meeting, member=invited, reason="再次请假")
    assert LeaveRequest.objects.count() == 1


def test_it_accepts_a_new_request_after_a_rejection(meeting, invited, pending, staff):
    services.leave_request_reject(leave_request=pending, approver=staff)
    again = services.leave_request_submit(meeting=meeting, member=invited, reason="家中有事")
    assert again.state == LeaveRequest.State.PENDING


def test_it_refuses_a_request_from_a_member_not_invited(meeting, members):
    with pytest.raises(ValidationError, match="李四 is not invited"):
        services.leave_request_submit(meeting=meeting, member=members[1], reason="出差")
    assert not LeaveRequest.objects.exists()


def test_it_refuses_a_request_from_a_member_marked_present(meeting, invited, staff):
    services.attendance_mark(
        meeting=meeting, members=[invited], status=AttendanceStatus.PRESENT, by=staff
    )
    with pytest.raises(ValidationError, match="already marked as attending"):
        services.leave_request_submit(meeting=meeting, member=invited, reason="出差")


def test_it_refuses_a_request_from_a_member_of_another_committee(meeting, outsider):
    with pytest.raises(ValidationError, match="another committee: 赵六"):
        services.leave_request_submit(meeting=meeting, member=outsider, reason="出差")


def test_approving_later_excuses_a_member_already_marked_absent(meeting, members, staff):
    services.attendance_mark(
        meeting=meeting,
        members=members[:1],
        status=AttendanceStatus.ABSENT_WITHOUT_LEAVE,
        by=staff,
    )
    request = LeaveRequestFactory(meeting=meeting, member=members[0])
    services.leave_request_approve(leave_request=request, approver=staff)
    assert Attendance.objects.get(meeting=meeting, member=members[0]).status == "approved_leave"
