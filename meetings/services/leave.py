"""Leave requests (请假): submitted by or for a member, approved or rejected by staff."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from committees import access
from cppcc.workflow import run_transition
from members.models import Member

from ..models import ATTENDED_STATUSES, Attendance, AttendanceStatus, LeaveRequest, Meeting
from ._checks import ensure_members_of


def leave_request_check_submission(*, meeting: Meeting, member: Member) -> Attendance:
    """Refuse a request that cannot be made; return the member's (locked) invitation."""
    ensure_members_of(meeting.committee_id, [member])
    # Locking the invitation serialises two submissions for the same member and meeting.
    attendance = (
        Attendance.objects.select_for_update().filter(meeting=meeting, member=member).first()
    )
    if attendance is None:
        raise ValidationError(_("%(name)s is not invited to this meeting.") % {"name": member.name})
    if attendance.status in ATTENDED_STATUSES:
        raise ValidationError(
            _("%(name)s is already marked as attending this meeting.") % {"name": member.name}
        )
    if attendance.status == AttendanceStatus.APPROVED_LEAVE:
        raise ValidationError(
            _("%(name)s is already on approved leave from this meeting.") % {"name": member.name}
        )
    if LeaveRequest.objects.filter(
        meeting=meeting, member=member, state=LeaveRequest.State.PENDING
    ).exists():
        raise ValidationError(
            _("%(name)s already has a leave request waiting for a decision.")
            % {"name": member.name}
        )
    return attendance


@transaction.atomic
def leave_request_submit(
    *, meeting: Meeting, member: Member, reason: str, submitted_by: User | None = None
) -> LeaveRequest:
    leave_request_check_submission(meeting=meeting, member=member)
    request = LeaveRequest(
        meeting=meeting, member=member, reason=reason.strip(), submitted_by=submitted_by
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def leave_request_submit_by_member(
    *, meeting: Meeting, member: Member, reason: str, by: User
) -> LeaveRequest:
    """A member asks for leave themselves: only before the meeting is over (staff may still
    record leave afterwards through ``leave_request_submit``)."""
    if meeting.end_date < timezone.localdate():
        raise ValidationError(
            _("This meeting is over; leave can no longer be asked for. Contact the staff.")
        )
    return leave_request_submit(meeting=meeting, member=member, reason=reason, submitted_by=by)


def _decide(leave_request: LeaveRequest, action: str, by: User, note: str) -> LeaveRequest:
    locked = (
        LeaveRequest.objects.select_for_update()
        .select_related("meeting", "member")
        .get(pk=leave_request.pk)
    )
    if not access.can_write_committee(by, locked.meeting.committee_id):
        raise ValidationError(
            _("Only staff of the meeting's committee may decide this leave request.")
        )
    run_transition(
        locked,
        action,
        _("This leave request is already %(state)s; only a pending request can be decided."),
        by=by,
        at=timezone.now(),
        note=note.strip(),
    )
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def leave_request_approve(
    *, leave_request: LeaveRequest, approver: User, note: str = ""
) -> LeaveRequest:
    """Approve the request and mark the member's attendance as approved leave, together."""
    decided = _decide(leave_request, "approve", approver, note)
    attendance, _created = Attendance.objects.select_for_update().get_or_create(
        meeting=decided.meeting, member=decided.member
    )
    attendance.status = AttendanceStatus.APPROVED_LEAVE
    attendance.half_days_present = 0
    attendance.training_completion = ""
    attendance.marked_by, attendance.marked_at = approver, decided.decided_at
    attendance.full_clean()
    attendance._history_user = approver
    attendance.save()
    return decided


@transaction.atomic
def leave_request_reject(
    *, leave_request: LeaveRequest, approver: User, note: str = ""
) -> LeaveRequest:
    """Reject the request; the member stays invited and is expected to attend."""
    return _decide(leave_request, "reject", approver, note)


@transaction.atomic
def leave_request_withdraw(*, leave_request: LeaveRequest, by: User) -> None:
    """The member takes back a request nobody has decided yet; it is removed, and the member
    stays invited. The delete is conditional on the request still pending, so a decision made a
    moment earlier wins and the member is told so."""
    member_user_id = (
        Member.objects.filter(pk=leave_request.member_id).values_list("user_id", flat=True).first()
    )
    if by.pk not in (member_user_id, leave_request.submitted_by_id):
        raise ValidationError(_("Only the member who asked for leave can withdraw the request."))
    deleted, _rows = LeaveRequest.objects.filter(
        pk=leave_request.pk, state=LeaveRequest.State.PENDING
    ).delete()
    if not deleted:
        raise ValidationError(
            _("This leave request has already been decided and can no longer be withdrawn.")
        )
