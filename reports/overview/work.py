"""The proposal pipeline and attendance meeting by meeting."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count

from meetings.models import Meeting
from meetings.selectors import meeting_list
from proposals.models import Proposal, ProposalState

from ..selectors import percent

# --- the proposal pipeline ------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    state: str
    label: str
    count: int


def proposal_pipeline(committee_id: int, year: int) -> list[Stage]:
    """How many of the year's proposals are in each state, in workflow order (one query)."""
    counts = dict(
        Proposal.objects.filter(committee_id=committee_id, year=year)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return [
        Stage(state, str(label), counts.get(state, 0)) for state, label in ProposalState.choices
    ]


# --- attendance meeting by meeting -------------------------------------------------------------


@dataclass(frozen=True)
class MeetingAttendance:
    meeting_id: int
    title: str
    kind: str
    start_date: datetime.date
    invited: int
    attended: int
    approved_leave: int
    absent_without_leave: int
    unmarked: int

    @property
    def marked(self) -> int:
        return self.invited - self.unmarked

    @property
    def rate(self) -> Decimal | None:
        """Attended ÷ marked invitations, as in the yearly figures (None before marking)."""
        return percent(self.attended, self.marked)


def attendance_by_meeting(committee_id: int, year: int) -> list[MeetingAttendance]:
    """Each meeting of the year that began in ``year`` with its attendance (one query)."""
    meetings = meeting_list(
        meetings=Meeting.objects.filter(committee_id=committee_id, start_date__year=year)
    ).order_by("start_date", "start_time", "pk")
    return [
        MeetingAttendance(
            meeting_id=m.pk,
            title=m.title,
            kind=m.get_kind_display(),
            start_date=m.start_date,
            invited=m.invited_count,
            attended=m.attended_count,
            approved_leave=m.leave_count,
            absent_without_leave=m.absent_count,
            unmarked=m.unmarked_count,
        )
        for m in meetings
    ]
