"""A member's meetings as an iCalendar feed (RFC 5545) with the ``icalendar`` library.

Times are local to the committee (Asia/Shanghai, the project's TIME_ZONE) with a VTIMEZONE, so
phone calendars show the hour the meeting notice gives. Each meeting's UID is stable (its id and
the site), so a calendar app updates the event instead of adding a copy when the feed changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from icalendar import Calendar, Event

from meetings.models import Attendance, AttendanceStatus, LeaveRequest

#: The right-hand side of every event's UID: stable across deployments of this product.
UID_DOMAIN = "calendar.cppcc-performance"
#: The length of a half-day session, for meetings with a start time on a single day.
HALF_DAY = datetime.timedelta(hours=4)

LEAVE_STATES = {
    LeaveRequest.State.PENDING: lambda: pgettext("leave request", "Pending"),
    LeaveRequest.State.APPROVED: lambda: pgettext("leave request", "Approved"),
    LeaveRequest.State.REJECTED: lambda: pgettext("leave request", "Rejected"),
}


def meeting_uid(meeting_id: int) -> str:
    return f"meeting-{meeting_id}@{UID_DOMAIN}"


def member_calendar(invitations: Iterable[Attendance], *, name: str) -> bytes:
    """``invitations``: the member's Attendance rows with ``meeting`` and ``leave_state``."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//CPPCC member performance//calendar feed//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for invitation in invitations:
        calendar.add_component(_event(invitation, zone, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(invitation: Attendance, zone: ZoneInfo, stamp: datetime.datetime) -> Event:
    meeting = invitation.meeting
    event = Event()
    event.add("uid", meeting_uid(meeting.pk))
    event.add("dtstamp", stamp)
    event.add("summary", meeting.title)
    if meeting.start_time and meeting.end_date == meeting.start_date:
        start = datetime.datetime.combine(meeting.start_date, meeting.start_time, tzinfo=zone)
        event.add("dtstart", start)
        event.add("dtend", start + HALF_DAY * min(meeting.half_days, 2))
    else:  # a whole day, or several: all-day dates, the end exclusive
        event.add("dtstart", meeting.start_date)
        event.add("dtend", meeting.end_date + datetime.timedelta(days=1))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("categories", [meeting.get_kind_display()])
    # A meeting the member is excused from stays visible but does not block the time.
    excused = invitation.status == AttendanceStatus.APPROVED_LEAVE
    event.add("status", "TENTATIVE" if excused else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if excused else "OPAQUE")
    event.add("description", _description(invitation))
    return event


def _description(invitation: Attendance) -> str:
    meeting = invitation.meeting
    lines = [
        _("Kind: %(kind)s") % {"kind": meeting.get_kind_display()},
        _("My attendance: %(status)s") % {"status": invitation.get_status_display()},
    ]
    leave_state = getattr(invitation, "leave_state", None)
    if leave_state:
        lines.append(_("Leave request: %(state)s") % {"state": LEAVE_STATES[leave_state]()})
    if meeting.topic:
        lines.append(_("Topic: %(topic)s") % {"topic": meeting.topic})
    return "\n".join(lines)
