"""Reminders about meetings: tomorrow's meeting, leave requests waiting for staff."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Min
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meetings.models import Attendance, AttendanceStatus, LeaveRequest
from members.models import Member

from ..models import Reason
from ..services import Draft, Recipient
from .registry import member_recipient, reminder

#: Members excused or already marked absent are not reminded.
NOT_COMING = (AttendanceStatus.APPROVED_LEAVE, AttendanceStatus.ABSENT_WITHOUT_LEAVE)


@reminder(Reason.MEETING_TOMORROW)
def meeting_tomorrow(today: datetime.date) -> list[Draft]:
    """Every member invited to a meeting that starts tomorrow (one query)."""
    tomorrow = today + datetime.timedelta(days=1)
    rows = (
        Attendance.objects.filter(meeting__start_date=tomorrow, member__status=Member.Status.ACTIVE)
        .exclude(status__in=NOT_COMING)
        .values(
            "meeting_id",
            "meeting__committee_id",
            "meeting__title",
            "meeting__place",
            "meeting__start_time",
            "member__user_id",
            "member__email",
        )
    )
    drafts = []
    for row in rows:
        recipient = member_recipient(row["member__user_id"], row["member__email"])
        if recipient is None:
            continue
        when = date_format(tomorrow)
        if row["meeting__start_time"]:
            when = f"{when} {row['meeting__start_time']:%H:%M}"
        drafts.append(
            Draft(
                reason=Reason.MEETING_TOMORROW,
                period=f"meeting-{row['meeting_id']}-{tomorrow.isoformat()}",
                committee_id=row["meeting__committee_id"],
                recipient=recipient,
                title=_("Tomorrow: %(meeting)s") % {"meeting": row["meeting__title"]},
                body=_(
                    "You are invited to “%(meeting)s”, %(when)s, %(place)s. "
                    "If you cannot attend, please ask for leave."
                )
                % {
                    "meeting": row["meeting__title"],
                    "when": when,
                    "place": row["meeting__place"] or _("place to be announced"),
                },
            )
        )
    return drafts


@reminder(Reason.LEAVE_REQUEST_PENDING)
def leave_requests_pending(today: datetime.date) -> list[Draft]:
    """A daily digest to each committee's staff while leave requests for meetings not yet over
    wait for a decision. The member asked and waits; it is the staff who must act (two queries).
    """
    waiting = {
        row["meeting__committee_id"]: row
        for row in LeaveRequest.objects.filter(
            state=LeaveRequest.State.PENDING, meeting__end_date__gte=today
        )
        .values("meeting__committee_id")
        .annotate(count=Count("pk"), first=Min("meeting__start_date"))
        .order_by()
    }
    if not waiting:
        return []
    staff = get_user_model().objects.filter(committee_id__in=waiting, is_staff=True, is_active=True)
    url = reverse("admin:meetings_leaverequest_changelist") + "?state__exact=pending"
    return [
        Draft(
            reason=Reason.LEAVE_REQUEST_PENDING,
            period=today.isoformat(),
            committee_id=committee_id,
            recipient=Recipient(user_id=user_id),
            title=_("%(count)s leave request(s) await a decision")
            % {"count": waiting[committee_id]["count"]},
            body=_("The earliest meeting concerned starts on %(date)s.")
            % {"date": date_format(waiting[committee_id]["first"])},
            url=url,
        )
        for user_id, committee_id in staff.values_list("pk", "committee_id")
    ]
