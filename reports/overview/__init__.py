"""Selectors for the committee overview that staff open in the browser (委员会履职概况).

One committee, one year: the year's figures (``reports.selectors.yearly_figures``), the proposal
pipeline, attendance meeting by meeting, sectors and liaison groups side by side, members at
risk of failing a minimum, the make-up of the membership and proposal topics several sectors
raised. Every part is a fixed number of set-based queries, so the page costs the same whether
the committee has 30 members or 3,000.

"The day" of a year is today while the year runs and 31 December once it is over: members are
counted as they were in office on that day, in the sector and liaison group they were in then.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..selectors import YearlyFigures, yearly_figures
from .common import overview_day
from .comparisons import Comparison, group_comparison, sector_comparison
from .membership import AtRisk, Breakdown, members_at_risk, membership_make_up
from .topics import SharedTopic, shared_topics, topic_key
from .work import MeetingAttendance, Stage, attendance_by_meeting, proposal_pipeline

__all__ = ["Overview", "committee_overview", "overview_day", "topic_key"]


@dataclass(frozen=True)
class Overview:
    year: int
    day: datetime.date
    figures: YearlyFigures
    pipeline: list[Stage]
    meetings: list[MeetingAttendance]
    sectors: list[Comparison]
    groups: list[Comparison]
    at_risk: list[AtRisk]
    make_up: list[Breakdown]
    shared_topics: list[SharedTopic]

    @property
    def pipeline_total(self) -> int:
        return sum(stage.count for stage in self.pipeline)


def committee_overview(
    committee_id: int, year: int, *, today: datetime.date | None = None
) -> Overview:
    """Everything the overview shows, in a fixed number of queries (about two dozen).

    Raises ``Committee.DoesNotExist`` for an unknown committee; callers check access first."""
    figures = yearly_figures(committee_id, year)
    day = overview_day(year, today)
    sectors = sector_comparison(committee_id, year, day)
    return Overview(
        year=year,
        day=day,
        figures=figures,
        pipeline=proposal_pipeline(committee_id, year),
        meetings=attendance_by_meeting(committee_id, year),
        sectors=sectors,
        groups=group_comparison(committee_id, year, day),
        at_risk=members_at_risk(committee_id, year),
        make_up=membership_make_up(committee_id, day, sectors),
        shared_topics=shared_topics(committee_id, year, {row.pk: row.name for row in sectors}),
    )
