"""Inviting members to a meeting: one attendance row per member, created in bulk."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from members.models import Member

from ..models import Attendance, AttendanceStatus, Meeting
from ._checks import ensure_members_of, names, unique_members


def _ensure_in_office(meeting: Meeting, members: list[Member]) -> None:
    gone = [m for m in members if m.left_on is not None and m.left_on < meeting.start_date]
    if gone:
        raise ValidationError(
            _("These members had left the committee before the meeting: %(names)s.")
            % {"names": names(gone)}
        )
    not_yet = [m for m in members if m.joined_on > meeting.end_date]
    if not_yet:
        raise ValidationError(
            _("These members had not yet joined the committee at the meeting: %(names)s.")
            % {"names": names(not_yet)}
        )


@transaction.atomic
def meeting_invite_members(
    *, meeting: Meeting, members: Iterable[Member], by: User | None = None
) -> int:
    """Invite members; those already invited are left as they are. Returns how many were new."""
    members = unique_members(members)
    ensure_members_of(meeting.committee_id, members)
    _ensure_in_office(meeting, members)
    # Two staff inviting at once must not both insert the same member: the meeting row is the lock.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    already = set(
        Attendance.objects.filter(meeting=meeting, member__in=members)
        .order_by()
        .values_list("member_id", flat=True)
    )
    new = [Attendance(meeting=meeting, member=m) for m in members if m.pk not in already]
    if new:
        bulk_create_with_history(new, Attendance, default_user=by)
    return len(new)


@transaction.atomic
def meeting_invitations_withdraw(*, meeting: Meeting, members: Iterable[Member]) -> int:
    """Withdraw invitations that have not been marked yet (e.g. a member invited by mistake)."""
    members = unique_members(members)
    rows = Attendance.objects.select_for_update().filter(meeting=meeting, member__in=members)
    marked = [
        a.member for a in rows.exclude(status=AttendanceStatus.INVITED).select_related("member")
    ]
    if marked:
        raise ValidationError(
            _("Attendance is already marked for %(names)s; change the attendance instead.")
            % {"names": names(marked)}
        )
    if meeting.leave_requests.filter(member__in=members).exists():
        raise ValidationError(_("A member asked for leave from this meeting; keep the invitation."))
    deleted, _by_model = rows.delete()
    return deleted
