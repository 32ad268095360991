"""Reads of assessment schemes."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Subquery

from committees.models import Committee

from .models import AssessmentScheme, MinimumRequirement, Result, SchemeRule, ScoredFact


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
