"""The committee's yearly figures as a work report quotes them (年度工作报告中的数字).

Built from the figures helpers the other apps already have, each one aggregate query with
conditional counts, so the whole set costs a fixed number of queries however many rows a year
holds. Which year a record belongs to:

- proposals and social-conditions reports: their ``year`` (the session year that also numbers
  them), so a 2024 proposal answered in 2025 counts among 2024's answers;
- contact activities: the activity's date; only activities staff verified count;
- meetings: the first day of the meeting;
- members at year end: in office on 31 December (joined, not yet left, term covering the day).

Attendance rate = (present + late or left early) ÷ marked invitations. Invitations still
"invited" (not yet marked: a meeting not held yet, or a sheet not entered) are left out of the
denominator; approved leave stays in it, as the reports this mirrors count leave as not present
and list it separately.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from committees.models import Committee
from committees.voiding import COUNTED
from liaison import selectors as liaison_selectors
from meetings import selectors as meeting_selectors
from meetings.models import ResearchReport
from members.models import Member
from members.selectors import active_on
from proposals import selectors as proposal_selectors
from proposals.models import AnswerCategory, Satisfaction
from supervision.models import SupervisionTopic

ONE_DECIMAL = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` as a percentage with one decimal (half up); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    count: int
    #: Percent of the base the figure belongs to, one decimal; None when the base is zero.
    percent: Decimal | None


@dataclass(frozen=True)
class ProposalFigures:
    received: int
    registered: int
    not_registered: int
    withdrawn: int
    converted_to_reports: int
    converted_to_opinions: int
    answered: int
    #: "A".."D" -> share of the answered proposals.
    answer_mix: dict[str, Share]
    rated: int
    #: Satisfaction value -> share of the rated proposals.
    satisfaction_mix: dict[str, Share]
    key: int
    excellent: int

    @property
    def registration_rate(self) -> Decimal | None:
        return percent(self.registered, self.received)

    @property
    def answer_rate(self) -> Decimal | None:
        """Answered ÷ registered (办复率)."""
        return percent(self.answered, self.registered)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """(Satisfied + basically satisfied) ÷ rated (满意率)."""
        pleased = (
            self.satisfaction_mix[Satisfaction.SATISFIED].count
            + self.satisfaction_mix[Satisfaction.BASICALLY_SATISFIED].count
        )
        return percent(pleased, self.rated)


@dataclass(frozen=True)
class SocialReportFigures:
    submitted: int
    adopted: int
    forwarded: int
    adopted_by_higher_level: int
    with_instruction: int

    @property
    def adoption_rate(self) -> Decimal | None:
        return percent(self.adopted, self.submitted)


@dataclass(frozen=True)
class ContactFigures:
    activities: int
    members_taking_part: int
    people_reached: int
    issues_raised: int
    issues_resolved: int

    @property
    def resolution_rate(self) -> Decimal | None:
        return percent(self.issues_resolved, self.issues_raised)


@dataclass(frozen=True)
class AttendanceFigures:
    kind: str  # a MeetingKind value, or "" for the total line
    label: str
    meetings: int
    marked: int
    attended: int
    approved_leave: int
    absent_without_leave: int

    @property
    def rate(self) -> Decimal | None:
        return percent(self.attended, self.marked)


@dataclass(frozen=True)
class YearlyFigures:
    committee_id: int
    committee_name: str
    year: int
    proposals: ProposalFigures
    social_reports: SocialReportFigures
    contact: ContactFigures
    #: One line per meeting kind held in the year, in the order of MeetingKind.
    attendance: list[AttendanceFigures]
    attendance_total: AttendanceFigures
    members_at_year_end: int
    research_reports: int
    supervision_topics: int


def _count_of(queryset) -> Coalesce:
    """A correlated ``COUNT(*)`` of ``queryset`` (already filtered on ``OuterRef``)."""
    counted = queryset.order_by().values("committee").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _committee_with_counts(committee_id: int, year: int) -> Committee:
    """The committee with the counts that need no helper of their own, in one query."""
    year_end = datetime.date(year, 12, 31)
    members = active_on(Member.objects.filter(committee=OuterRef("pk")), year_end).filter(
        term__start_date__lte=year_end, term__end_date__gte=year_end
    )
    return Committee.objects.annotate(
        year_members_at_year_end=_count_of(members),
        year_research_reports=_count_of(
            ResearchReport.objects.filter(COUNTED, committee=OuterRef("pk"), written_on__year=year)
        ),
        year_supervision_topics=_count_of(
            SupervisionTopic.objects.filter(committee=OuterRef("pk"), year=year)
        ),
    ).get(pk=committee_id)


def _proposal_figures(summary: dict[str, int]) -> ProposalFigures:
    answered = summary["answered"]
    rated = sum(summary[value] for value in Satisfaction.values)
    return ProposalFigures(
        received=summary["received"],
        registered=summary["registered"],
        not_registered=summary["not_registered"],
        withdrawn=summary["withdrawn"],
        converted_to_reports=summary["converted_to_report"],
        converted_to_opinions=summary["converted_to_opinion"],
        answered=answered,
        answer_mix={
            c: Share(summary[f"category_{c}"], percent(summary[f"category_{c}"], answered))
            for c in AnswerCategory.values
        },
        rated=rated,
        satisfaction_mix={
            value: Share(summary[value], percent(summary[value], rated))
            for value in Satisfaction.values
        },
        key=summary["key"],
        excellent=summary["excellent"],
    )


def _attendance_figures(committee: Committee, year: int) -> list[AttendanceFigures]:
    return [
        AttendanceFigures(
            kind=row.kind,
            label=row.label,
            meetings=row.meetings,
            marked=row.marked,
            attended=row.attended,
            approved_leave=row.approved_leave,
            absent_without_leave=row.absent_without_leave,
        )
        for row in meeting_selectors.attendance_rates_by_kind(committee=committee, year=year)
    ]


def _total(lines: list[AttendanceFigures], label: str) -> AttendanceFigures:
    return AttendanceFigures(
        kind="",
        label=label,
        **{
            name: sum(getattr(line, name) for line in lines)
            for name in ("meetings", "marked", "attended", "approved_leave", "absent_without_leave")
        },
    )


def yearly_figures(committee_id: int, year: int) -> YearlyFigures:
    """The committee's figures for ``year``, in six queries whatever the number of rows.

    Raises ``Committee.DoesNotExist`` for an unknown committee. Callers check access first.
    """
    committee = _committee_with_counts(committee_id, year)
    proposals = proposal_selectors.proposal_year_summary(committee=committee, year=year)
    reports = proposal_selectors.social_report_year_summary(committee=committee, year=year)
    activities = liaison_selectors.activity_totals(committee, year)
    taking_part = liaison_selectors.participating_member_count(committee, year)
    attendance = _attendance_figures(committee, year)
    return YearlyFigures(
        committee_id=committee.pk,
        committee_name=committee.name,
        year=year,
        proposals=_proposal_figures(proposals),
        social_reports=SocialReportFigures(**reports),
        contact=ContactFigures(members_taking_part=taking_part, **activities),
        attendance=attendance,
        attendance_total=_total(attendance, gettext("All meetings")),
        members_at_year_end=committee.year_members_at_year_end,
        research_reports=committee.year_research_reports,
        supervision_topics=committee.year_supervision_topics,
    )
