"""What a member's annual performance report (委员年度履职报告) shows, as plain data.

The score engine fills a ``MemberReport``; ``reports.pdf.member_report_pdf`` prints it. Keeping
the document's content apart from the engine lets either change without the other, and lets the
layout be tested with hand-made data. Tuples may be passed where a NamedTuple is expected.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple


class DutyRecord(NamedTuple):
    """One record behind a rule line (e.g. a meeting attended, a proposal registered)."""

    date: datetime.date
    description: str


@dataclass(frozen=True)
class ReportLine:
    """One rule line of the score: count × points, and whether a cap cut it."""

    category: str
    label: str
    count: int
    points: Decimal
    capped: bool = False
    #: The yearly cap of the rule when it was applied (None: no cap, or the cap was not reached).
    year_cap_applied: Decimal | None = None
    records: list[DutyRecord] = field(default_factory=list)


class MinimumCheck(NamedTuple):
    """A minimum requirement (e.g. "attend the plenary") and whether the member met it."""

    label: str
    met: bool
    count: int
    required: int


class QualitativeScore(NamedTuple):
    """An evaluation by people (Standing Committee, liaison group, public) and its weight."""

    label: str
    score: Decimal
    weight: Decimal | None


class PreviousYear(NamedTuple):
    year: int
    total: Decimal
    grade: str


@dataclass(frozen=True)
class MemberReport:
    member_name: str
    committee_name: str
    year: int
    sector_name: str
    group_name: str  # "" when the member is in no liaison group
    work_unit: str
    total_score: Decimal
    grade_name: str
    rank_in_committee: int
    committee_size: int  # rank_in_committee "of n"
    rank_in_sector: int
    sector_size: int  # rank_in_sector "of n"
    scheme_name: str
    scheme_version: int
    computed_at: datetime.datetime
    finalised: bool
    lines: list[ReportLine] = field(default_factory=list)
    minimums: list[MinimumCheck] = field(default_factory=list)
    qualitative: list[QualitativeScore] = field(default_factory=list)
    previous_years: list[PreviousYear] = field(default_factory=list)
