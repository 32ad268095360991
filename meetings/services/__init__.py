"""Writes for meetings: every admin action, form, import and task goes through these."""

from .attendance import attendance_mark, attendance_save
from .invitations import meeting_invitations_withdraw, meeting_invite_members
from .leave import (
    leave_request_approve,
    leave_request_check_submission,
    leave_request_reject,
    leave_request_submit,
    leave_request_submit_by_member,
    leave_request_withdraw,
)
from .meetings import meeting_create, meeting_save
from .records import (
    research_report_record,
    research_report_save,
    speech_record,
    speech_save,
    study_note_record,
    study_note_save,
)

__all__ = [
    "attendance_mark",
    "attendance_save",
    "leave_request_approve",
    "leave_request_check_submission",
    "leave_request_reject",
    "leave_request_submit",
    "leave_request_submit_by_member",
    "leave_request_withdraw",
    "meeting_create",
    "meeting_invitations_withdraw",
    "meeting_invite_members",
    "meeting_save",
    "research_report_record",
    "research_report_save",
    "speech_record",
    "speech_save",
    "study_note_record",
    "study_note_save",
]
