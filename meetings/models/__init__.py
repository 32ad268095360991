"""Meetings and activities (会议活动), who was invited and who came, leave, speeches and study.

A meeting belongs to one committee; everything recorded about it (attendance, leave requests,
speeches, research reports) reaches the committee through the meeting, and triggers declared in
``committee_guards`` keep the members involved inside that committee. The rows here are evidence
for the annual assessment, so references to them are ``PROTECT``: a meeting with attendance on
record cannot vanish by accident, nor can a member with duties recorded.
"""

from .attendance import (
    ATTENDED_STATUSES,
    MARKED_STATUSES,
    Attendance,
    AttendanceStatus,
    LeaveRequest,
    TrainingCompletion,
)
from .meetings import LEARNING_KINDS, RESEARCH_KINDS, Meeting, MeetingKind
from .records import ResearchReport, ResearchReportAuthor, Speech, StudyNote

__all__ = [
    "ATTENDED_STATUSES",
    "MARKED_STATUSES",
    "LEARNING_KINDS",
    "RESEARCH_KINDS",
    "Attendance",
    "AttendanceStatus",
    "LeaveRequest",
    "Meeting",
    "MeetingKind",
    "ResearchReport",
    "ResearchReportAuthor",
    "Speech",
    "StudyNote",
    "TrainingCompletion",
]
