"""The score engine: the ledger of scored facts, and results computed from it in SQL.

``recompute`` is the one entry point: it rebuilds the ledger of a scope (a committee's year, or
some of its members) and scores it in one transaction, then re-ranks the committee-year in a
second, short one. It is idempotent — a rerun, or a rerun after a worker died half-way (the first
transaction then rolled back), converges to the same results.

Each call that scores leaves a ``RecomputeRun`` naming why it ran (and who asked), and a
``ResultRevision`` of every result it changed, holding what the result was before (``history``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from members.models import Member

from ..models import AssessmentScheme, RecomputeRun
from ..selectors import scheme_for
from . import history, ledger, scoring

__all__ = ["recompute", "rerank"]


def _hold_scheme(scheme_id: int) -> str | None:
    """The scheme's state, holding it against being finalised until the transaction ends (a
    shared lock on PostgreSQL, so recomputes of several chunks still run side by side)."""
    if connection.vendor == "postgresql":
        table = AssessmentScheme._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT "state" FROM "{table}" WHERE "id" = %s FOR SHARE', [scheme_id])  # nosec B608: the table name is the model's own, the id a parameter
            row = cursor.fetchone()
        return row[0] if row else None
    return AssessmentScheme.objects.filter(pk=scheme_id).values_list("state", flat=True).first()


def recompute(
    *,
    committee_id: int,
    year: int,
    member_ids: Iterable[int] | None = None,
    rank: bool = True,
    reason: str = RecomputeRun.Reason.SYSTEM,
    by=None,
) -> AssessmentScheme | None:
    """Recompute the results of a committee's year, or of some of its members. Does nothing (and
    returns None) unless the year has a scheme in force: a draft scores nobody, and a finalised
    year no longer changes by itself.

    ``reason`` (a ``RecomputeRun.Reason``) and ``by`` (the staff user, or their id, who asked for
    it) are recorded on the run; a run asked for by staff names them."""
    scheme = scheme_for(committee=committee_id, year=year)
    if scheme is None or scheme.state != AssessmentScheme.State.ACTIVE:
        return None
    ids = None if member_ids is None else sorted(set(member_ids))
    by_id = getattr(by, "pk", by)
    with transaction.atomic():
        if _hold_scheme(scheme.pk) != AssessmentScheme.State.ACTIVE:
            return None
        # Overlapping recomputes (a member's and their chunk's) take their members in one order.
        members = Member.objects.select_for_update().filter(committee_id=committee_id)
        if ids is not None:
            members = members.filter(pk__in=ids)
        list(members.order_by("pk").values_list("pk", flat=True))
        run = history.start_run(scheme, ids, reason=reason, by_id=by_id)
        copied = history.keep_before(run, ids)
        rules = scoring.scheme_rules(scheme)
        ledger.rebuild(committee_id, year, ids, computed=scoring.matching(rules))
        scoring.score(scheme, ids, now=timezone.now(), rules=rules, matched=True)
        unchanged = history.drop_unchanged(run)
        history.finish_run(run, copied=copied, unchanged=unchanged)
    if rank:
        rerank(scheme)
    return scheme


def rerank(scheme: AssessmentScheme) -> None:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7301, scheme.pk])
        scoring.rank(scheme)
