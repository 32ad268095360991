"""Creating and changing meetings."""

from __future__ import annotations

import datetime

from django.db import transaction

from committees.models import Committee, SpecialCommittee

from ..models import Meeting


@transaction.atomic
def meeting_save(*, meeting: Meeting) -> Meeting:
    """Validate and save a meeting built by a form or by ``meeting_create``.

    ``Meeting.clean`` also checks a changed meeting against the attendance already recorded
    (fewer half-days than members were present for, a training turned into something else).
    """
    meeting.full_clean()
    meeting.save()
    return meeting


def meeting_create(
    *,
    committee: Committee,
    kind: str,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    half_days: int = 1,
    topic: str = "",
    organiser: SpecialCommittee | None = None,
    place: str = "",
    start_time: datetime.time | None = None,
    off_site: bool = False,
    notes: str = "",
) -> Meeting:
    meeting = Meeting(
        committee=committee,
        kind=kind,
        title=title,
        start_date=start_date,
        end_date=end_date,
        half_days=half_days,
        topic=topic,
        organiser=organiser,
        place=place,
        start_time=start_time,
        off_site=off_site,
        notes=notes,
    )
    return meeting_save(meeting=meeting)
