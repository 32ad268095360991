"""What a recompute replaced: a ``RecomputeRun`` per call, and a ``ResultRevision`` per result it
changed — in a fixed number of statements, whatever the number of members.

``keep_before`` copies the scope's results into revisions of the run (one ``INSERT … SELECT``)
before scoring rewrites them; ``drop_unchanged`` then deletes, in one statement, the revisions
of results that came out the same. What is left is what the run changed, and what it was before.
Ranks are kept as they were but do not count as a change: they move with other members' results
and are set after scoring (``rerank``).
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import AssessmentScheme, RecomputeRun, Result, ResultRevision
from .sql import insert_from_select

#: What a result must keep for its revision to be dropped as unchanged.
COMPARED = ("scheme_version", "quantitative", "total", "grade_capped")


def start_run(
    scheme: AssessmentScheme, member_ids: list[int] | None, *, reason: str, by_id: int | None
) -> RecomputeRun:
    return RecomputeRun.objects.create(
        committee_id=scheme.committee_id,
        year=scheme.year,
        scheme=scheme,
        scheme_version=scheme.version,
        members=None if member_ids is None else len(member_ids),
        reason=reason,
        by_id=by_id,
        started_at=timezone.now(),
    )


def _scope(run: RecomputeRun, member_ids: list[int] | None):
    results = Result.objects.filter(committee_id=run.committee_id, year=run.year)
    return results if member_ids is None else results.filter(member_id__in=member_ids)


def keep_before(run: RecomputeRun, member_ids: list[int] | None) -> int:
    """Copy the scope's results, as they stand, into revisions of ``run`` (one statement).
    Returns how many were copied."""
    columns = {
        "run_id": "v_run",
        "result_id": "id",
        "member_id": "member_id",
        "year": "year",
        "scheme_version": "scheme_version",
        "quantitative": "quantitative",
        "total": "total",
        "grade_id": "grade_id",
        "grade_name": "v_grade_name",
        "grade_capped": "grade_capped",
        "rank_in_committee": "rank_in_committee",
        "rank_in_sector": "rank_in_sector",
        "computed_at": "computed_at",
    }
    rows = _scope(run, member_ids).annotate(
        v_run=Value(run.pk), v_grade_name=Coalesce(F("grade__name"), Value(""))
    )
    return insert_from_select(ResultRevision, columns, rows.values(*columns.values()))


def drop_unchanged(run: RecomputeRun) -> int:
    """Delete the run's revisions whose result came out the same (one statement). Returns how
    many were deleted."""
    same = (
        Result.objects.filter(
            pk=OuterRef("result_id"), **{field: OuterRef(field) for field in COMPARED}
        )
        # The same grade, or none before and after.
        .annotate(v_grade=Coalesce(F("grade_id"), Value(0)))
        .filter(v_grade=Coalesce(OuterRef("grade_id"), Value(0)))
    )
    deleted, _per_model = ResultRevision.objects.filter(run=run).filter(Exists(same)).delete()
    return deleted


def finish_run(run: RecomputeRun, *, copied: int, unchanged: int) -> None:
    RecomputeRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), results_changed=copied - unchanged
    )
