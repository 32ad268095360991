"""Marking attendance: many members at once in a constant number of queries, or one row."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from members.models import Member

from ..models import ATTENDED_STATUSES, Attendance, AttendanceStatus, Meeting
from ._checks import unique_members
from .invitations import meeting_invite_members


@transaction.atomic
def attendance_mark(
    *,
    meeting: Meeting,
    members: Iterable[Member],
    status: str,
    by: User,
    half_days_present: int | None = None,
    training_completion: str = "",
    note: str | None = None,
) -> int:
    """Mark the same attendance for many members of one meeting.

    Members not yet invited are invited first, so an activity can be recorded from a sign-in
    sheet. ``half_days_present`` defaults to the whole meeting for members who attended.
    ``note`` replaces the existing notes when given. Returns how many rows were marked.
    """
    if status not in AttendanceStatus.values or status == AttendanceStatus.INVITED:
        raise ValidationError(_("Choose present, late or left early, leave or absence."))
    members = unique_members(members)
    if not members:
        return 0
    # The same rules as for one row, checked once for the whole set.
    probe = Attendance(
        meeting=meeting,
        status=status,
        half_days_present=half_days_present or 0,
        training_completion=training_completion,
    )
    probe.clean()
    meeting_invite_members(meeting=meeting, members=members, by=by)

    now = timezone.now()
    changes = {
        "status": status,
        "half_days_present": probe.half_days_present,
        "training_completion": probe.training_completion,
        "marked_by": by,
        "marked_at": now,
    }
    if note is not None:
        changes["note"] = note
    rows = Attendance.objects.filter(meeting=meeting, member__in=members)
    count = rows.update(**changes)
    # queryset.update() sends no signals, so the history rows are written here in one batch.
    Attendance.history.bulk_history_create(
        list(rows.order_by()), update=True, default_user=by, default_date=now
    )
    return count


@transaction.atomic
def attendance_save(*, attendance: Attendance, by: User) -> Attendance:
    """Save one attendance row edited in a form; who marked it is recorded on a status change."""
    previous = (
        Attendance.objects.select_for_update()
        .filter(pk=attendance.pk)
        .values_list("status", flat=True)
        .first()
        if attendance.pk
        else None
    )
    if attendance.status == AttendanceStatus.INVITED:
        attendance.marked_by, attendance.marked_at = None, None
    elif attendance.status != previous or attendance.marked_at is None:
        attendance.marked_by, attendance.marked_at = by, timezone.now()
    if attendance.status not in ATTENDED_STATUSES:
        attendance.half_days_present = 0
    attendance.full_clean()
    attendance._history_user = by
    attendance.save()
    return attendance
