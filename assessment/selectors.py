"""Reads of assessment schemes."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from committees.models import Committee

from .models import (
    AssessmentScheme,
    DutyKind,
    MinimumRequirement,
    Result,
    SchemeRule,
    ScoredFact,
)


def scheme_for(*, committee: Committee, year: int) -> AssessmentScheme | None:
    """The committee's scheme for the year with all its parts loaded, or None."""
    return (
        AssessmentScheme.objects.filter(committee=committee, year=year)
        .prefetch_related(
            "categories",
            Prefetch("rules", queryset=SchemeRule.objects.select_related("category")),
            Prefetch(
                "minimums",
                queryset=MinimumRequirement.objects.select_related("grade_cap").prefetch_related(
                    "rules"
                ),
            ),
            "qualitative_parts",
            "grades",
        )
        .first()
    )


def result_explained(result: Result) -> dict:
    """A result with everything that explains it, in a fixed number of queries: its lines (each
    with the facts behind it), categories, minimums and evaluations."""
    lines = list(result.lines.select_related("rule__category").order_by("rule__order", "rule_id"))
    facts: dict[int, list[ScoredFact]] = defaultdict(list)
    for fact in ScoredFact.objects.filter(
        member_id=result.member_id, year=result.year, rule__isnull=False
    ).order_by("occurred_on", "pk"):
        facts[fact.rule_id].append(fact)
    return {
        "lines": [(line, facts[line.rule_id]) for line in lines],
        "categories": list(result.categories.select_related("category")),
        "minimums": list(result.minimums.select_related("minimum")),
        "qualitative": list(result.qualitative.select_related("part")),
    }


def member_report(result: Result):
    """The member's annual performance report (for the PDF), from their result."""
    from reports.documents import (
        DutyRecord,
        MemberReport,
        MinimumCheck,
        PreviousYear,
        QualitativeScore,
        ReportLine,
    )

    result = (
        Result.objects.select_related(
            "member", "committee", "sector", "liaison_group", "grade", "scheme"
        )
        .annotate(
            committee_size=Subquery(
                Result.objects.filter(committee_id=OuterRef("committee_id"), year=OuterRef("year"))
                .order_by()
                .values("year")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            sector_size=Subquery(
                Result.objects.filter(
                    committee_id=OuterRef("committee_id"),
                    year=OuterRef("year"),
                    sector_id=OuterRef("sector_id"),
                )
                .order_by()
                .values("year")
                .annotate(n=Count("pk"))
                .values("n")
            ),
        )
        .get(pk=result.pk)
    )
    explained = result_explained(result)
    previous = Result.objects.filter(
        member_id=result.member_id, year__lt=result.year
    ).select_related("grade")
    return MemberReport(
        member_name=result.member.name,
        committee_name=result.committee.name,
        year=result.year,
        sector_name=result.sector.name if result.sector else "",
        group_name=result.liaison_group.name if result.liaison_group else "",
        work_unit=result.member.work_unit,
        total_score=result.total,
        grade_name=result.grade.name if result.grade else "",
        rank_in_committee=result.rank_in_committee or 0,
        committee_size=result.committee_size or 0,
        rank_in_sector=result.rank_in_sector or 0,
        sector_size=result.sector_size or 0,
        scheme_name=result.scheme.name,
        scheme_version=result.scheme_version,
        computed_at=result.computed_at,
        finalised=result.scheme.is_frozen,
        lines=[
            ReportLine(
                category=line.rule.category.name if line.rule.category else "",
                label=line.rule.label,
                count=line.count,
                points=line.points.quantize(Decimal("0.01")),
                capped=line.capped,
                year_cap_applied=line.rule.year_cap if line.capped else None,
                records=[DutyRecord(fact.occurred_on, fact.description) for fact in facts],
            )
            for line, facts in explained["lines"]
        ],
        minimums=[
            MinimumCheck(m.minimum.label, m.met, m.count, m.required) for m in explained["minimums"]
        ],
        qualitative=[
            QualitativeScore(q.part.get_kind_display(), q.score, q.part.weight)
            for q in explained["qualitative"]
        ],
        previous_years=[
            PreviousYear(p.year, p.total, p.grade.name if p.grade else "") for p in previous
        ],
    )


@dataclass(frozen=True)
class BoardRow:
    """One member on a sector's or liaison group's board for a year."""

    member_id: int
    name: str
    work_unit: str
    total: Decimal | None
    grade: str
    rank_in_committee: int | None
    minimums_unmet: int
    counts: dict[str, int]
    last_duty: datetime.date | None
    #: The grade's minimum score, to sort grades best first (None without a grade).
    grade_min: Decimal | None = None

    @property
    def nothing_yet(self) -> bool:
        """No duty done this year (absences and leave do not count as duties)."""
        return self.last_duty is None


#: What a board counts per member, by duty kind (attendance only when the member attended).
BOARD_KINDS = (
    DutyKind.MEETING_ATTENDANCE,
    DutyKind.SPEECH,
    DutyKind.PROPOSAL,
    DutyKind.SOCIAL_REPORT,
    DutyKind.CONTACT_ACTIVITY,
    DutyKind.RESEARCH_TRIP,
    DutyKind.TRAINING,
)
#: A duty done: not an absence nor leave, not an evaluation, and each record once (a proposal's or
#: report's outcomes are facts of their own, counted in the score, not as more duties).
_DONE = (
    ~Q(attendance_status__in=["approved_leave", "absent_without_leave"])
    & ~Q(duty_kind__in=[DutyKind.QUALITATIVE, DutyKind.PROPOSAL_OUTCOME])
    & (Q(outcome="") | Q(outcome="submitted"))
)


def board_members(
    *, committee_id: int, year: int, sector_id: int | None = None, group_id: int | None = None
):
    """Members of a sector or a liaison group on the board's day: today during the year, the
    last day of a past year."""
    from liaison.selectors import members_of_group_on
    from members.selectors import members_in_sector_on
    from sectors.models import Sector

    day = min(timezone.localdate(), datetime.date(year, 12, 31))
    if sector_id is not None:
        members = members_in_sector_on(Sector(pk=sector_id), day)
    else:
        from liaison.models import LiaisonGroup

        members = members_of_group_on(LiaisonGroup(pk=group_id), day)
    return members.filter(committee_id=committee_id)


def board(
    *, committee_id: int, year: int, sector_id: int | None = None, group_id: int | None = None
) -> list[BoardRow]:
    """Each member's score, grade, rank, unmet minimums, counts per duty kind and last duty, for
    a convener's or group leader's board (three queries, whatever the number of members). Best
    first; members without a result yet last."""
    members = board_members(
        committee_id=committee_id, year=year, sector_id=sector_id, group_id=group_id
    )
    people = list(members.values("pk", "name", "work_unit"))
    ids = [p["pk"] for p in people]
    done = ScoredFact.objects.filter(_DONE, year=year, member_id__in=ids)
    counts = {
        row.pop("member_id"): row
        for row in done.order_by()
        .values("member_id")
        .annotate(
            **{kind: Count("pk", filter=Q(duty_kind=kind)) for kind in BOARD_KINDS},
            last=Max("occurred_on"),
        )
    }
    results = {
        row["member_id"]: row
        for row in Result.objects.filter(year=year, member_id__in=ids)
        .annotate(unmet=Count("minimums", filter=Q(minimums__met=False)))
        .values(
            "member_id", "total", "grade__name", "grade__min_score", "rank_in_committee", "unmet"
        )
    }
    rows = []
    for person in people:
        result = results.get(person["pk"], {})
        tally = counts.get(person["pk"], {})
        rows.append(
            BoardRow(
                member_id=person["pk"],
                name=person["name"],
                work_unit=person["work_unit"],
                total=result.get("total"),
                grade=result.get("grade__name") or "",
                rank_in_committee=result.get("rank_in_committee"),
                minimums_unmet=result.get("unmet", 0),
                counts={kind: tally.get(kind, 0) for kind in BOARD_KINDS},
                last_duty=tally.get("last"),
                grade_min=result.get("grade__min_score"),
            )
        )
    rows.sort(key=lambda row: (row.total is None, -(row.total or 0), row.name))
    return rows


def board_months(
    *, committee_id: int, year: int, sector_id: int | None = None, group_id: int | None = None
) -> list[int]:
    """Duties done in each month of the year by the board's members (one query), for a chart."""
    members = board_members(
        committee_id=committee_id, year=year, sector_id=sector_id, group_id=group_id
    )
    per_month = dict(
        ScoredFact.objects.filter(_DONE, year=year, member__in=members)
        .annotate(month=ExtractMonth("occurred_on"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return [per_month.get(month, 0) for month in range(1, 13)]
