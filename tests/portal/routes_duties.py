"""Matrix rows of the members' own duties: My duties, contact activities, meetings, leave,
research reports (and their file) and study notes. A member's own record is theirs alone:
other members are told it does not exist, people who are no members are refused."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import MeetingKind
from tests.factories.liaison import ContactActivityFactory
from tests.factories.meetings import (
    AttendanceFactory,
    LeaveRequestFactory,
    MeetingFactory,
    ResearchReportAuthorFactory,
    ResearchReportFactory,
)
from tests.portal.matrix import LOGIN, MEMBERS, NOT_FOUND, OK, REDIRECT, members_only

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def own_record(outcome):
    """The member gets ``outcome``; other members a 404; people who are no members a 403."""
    return {
        **members_only(NOT_FOUND),
        "member": outcome,
    }


def _member(people):
    return people.member.member


def own_draft_activity(people, committee):
    activity = ContactActivityFactory(
        committee=committee, participants=[_member(people)], created_by=people.member
    )
    return {"pk": activity.pk}


def _upcoming(committee, kind=MeetingKind.STANDING_COMMITTEE):
    day = timezone.localdate() + datetime.timedelta(days=7)
    return MeetingFactory(committee=committee, kind=kind, start_date=day, end_date=day)


def invited_meeting(people, committee):
    meeting = _upcoming(committee)
    AttendanceFactory(meeting=meeting, member=_member(people))
    return {"meeting_id": meeting.pk}


def invited_research_trip(people, committee):
    meeting = _upcoming(committee, MeetingKind.RESEARCH)
    AttendanceFactory(meeting=meeting, member=_member(people))
    return {"meeting_id": meeting.pk}


def own_pending_leave(people, committee):
    meeting = _upcoming(committee)
    AttendanceFactory(meeting=meeting, member=_member(people))
    leave = LeaveRequestFactory(meeting=meeting, member=_member(people))
    return {"pk": leave.pk}


def own_report_with_file(people, committee):
    report = ResearchReportFactory(meeting__committee=committee, committee=committee)
    report.attachment.save("report.pdf", ContentFile(PDF))
    ResearchReportAuthorFactory(report=report, member=_member(people), is_lead=True)
    return {"pk": report.pk}


ROWS = {
    "portal:duties": ("get", None, None, members_only(OK)),
    "activities:list": ("get", None, None, members_only(OK)),
    "activities:create": ("get", None, None, members_only(OK)),
    "activities:detail": ("get", own_draft_activity, None, own_record(OK)),
    "activities:edit": ("get", own_draft_activity, None, own_record(OK)),
    # Sending a draft for verification ends on the activity's page.
    "activities:submit": ("post", own_draft_activity, None, own_record(REDIRECT)),
    "my_meetings:list": ("get", None, None, members_only(OK)),
    # Only a meeting the member is invited to exists for them.
    "my_meetings:leave": ("get", invited_meeting, None, own_record(OK)),
    "my_meetings:leave_withdraw": ("post", own_pending_leave, None, own_record(REDIRECT)),
    "my_meetings:report_create": ("get", invited_research_trip, None, own_record(OK)),
    "my_meetings:report": ("get", own_report_with_file, None, own_record(OK)),
    # The file: its authors and the committee's staff; everyone else is told it does not exist.
    "my_meetings:report_attachment": (
        "get",
        own_report_with_file,
        None,
        {
            "anonymous": LOGIN,
            **dict.fromkeys(MEMBERS, NOT_FOUND),
            "unit_user": NOT_FOUND,
            "other_staff": NOT_FOUND,
            "member": OK,
            "staff": OK,
        },
    ),
    "my_meetings:note_create": ("get", None, None, members_only(OK)),
}
