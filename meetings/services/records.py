"""Speeches, research reports and study notes: what members produce at or after meetings.

The rules on a single record (an oral speech needs the speaker present, a report follows a
research trip, a study note refers to a learning session) live in the models' ``clean`` so that
forms and these services apply the same ones.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from members.models import Member

from ..models import Meeting, ResearchReport, ResearchReportAuthor, Speech, StudyNote
from ._checks import ensure_members_of


@transaction.atomic
def speech_save(*, speech: Speech) -> Speech:
    speech.full_clean()
    speech.save()
    return speech


def speech_record(
    *,
    meeting: Meeting,
    member: Member,
    kind: str,
    title: str,
    text: str = "",
    attachment: File | None = None,
) -> Speech:
    ensure_members_of(meeting.committee_id, [member])
    speech = Speech(meeting=meeting, member=member, kind=kind, title=title, text=text)
    if attachment is not None:
        speech.attachment = attachment
    return speech_save(speech=speech)


@transaction.atomic
def research_report_save(*, report: ResearchReport) -> ResearchReport:
    if report.meeting_id and report.committee_id is None:
        report.committee_id = report.meeting.committee_id
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def research_report_record(
    *,
    meeting: Meeting,
    title: str,
    written_on: datetime.date,
    authors: Sequence[Member],
    lead: Member | None = None,
    summary: str = "",
    attachment: File | None = None,
) -> ResearchReport:
    """Record the report of a research or inspection trip together with its authors."""
    authors = list({m.pk: m for m in authors}.values())
    if not authors:
        raise ValidationError(_("A research report needs at least one author."))
    ensure_members_of(meeting.committee_id, authors)
    if lead is not None and lead.pk not in {m.pk for m in authors}:
        raise ValidationError(_("The lead author must be one of the authors."))
    report = ResearchReport(
        committee_id=meeting.committee_id,
        meeting=meeting,
        title=title,
        written_on=written_on,
        summary=summary,
    )
    if attachment is not None:
        report.attachment = attachment
    research_report_save(report=report)
    bulk_create_with_history(
        [
            ResearchReportAuthor(
                report=report, member=m, is_lead=lead is not None and m.pk == lead.pk
            )
            for m in authors
        ],
        ResearchReportAuthor,
    )
    return report


@transaction.atomic
def study_note_save(*, note: StudyNote) -> StudyNote:
    note.full_clean()
    note.save()
    return note


def study_note_record(
    *,
    member: Member,
    title: str,
    body: str,
    written_on: datetime.date,
    meeting: Meeting | None = None,
) -> StudyNote:
    if meeting is not None:
        ensure_members_of(meeting.committee_id, [member])
    note = StudyNote(member=member, meeting=meeting, title=title, body=body, written_on=written_on)
    return study_note_save(note=note)
