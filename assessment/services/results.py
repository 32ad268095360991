"""Writes around results: asking for a recompute, finalising and re-opening a year, disputes.

Finalising freezes the scheme, so nothing recomputes the year by itself any more; re-opening is an
explicit act with its reason, recorded next to the finalisation.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cppcc.workflow import run_transition
from members.models import Member

from ..models import (
    AssessmentScheme,
    Dispute,
    RecomputeRequest,
    RecomputeRun,
    Result,
    SchemeRule,
    YearAction,
)


def request_recompute(*, member_ids: Iterable[int], year: int) -> list[int]:
    """Ask for the members' results of ``year`` to be recomputed soon. Requests already waiting
    absorb new ones (one row per member and year), so a burst of changes costs one recompute.
    Returns the members whose request is new; the caller enqueues their task after commit."""
    ids = sorted(set(member_ids))
    if not ids:
        return []
    table = connection.ops.quote_name(RecomputeRequest._meta.db_table)
    rows = ", ".join(["(%s, %s, %s)"] * len(ids))
    now = timezone.now()
    params = [value for pk in ids for value in (pk, year, now)]
    # The unique (member, year) row is the coalescing: only the inserts that found no waiting
    # request come back, even when two transactions race for the same member.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (member_id, year, requested_at) VALUES {rows} "  # nosec B608: the table is the model's own; ids, year and time are parameters
            "ON CONFLICT (member_id, year) DO NOTHING RETURNING member_id",
            params,
        )
        return sorted(row[0] for row in cursor.fetchall())


def take_recompute_requests(*, member_ids: Iterable[int], year: int) -> list[int]:
    """Remove and return the waiting requests among ``member_ids`` (call in the transaction that
    recomputes them)."""
    ids = sorted(set(member_ids))
    if not ids:
        return []
    table = connection.ops.quote_name(RecomputeRequest._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE year = %s AND member_id IN ({marks}) RETURNING member_id",  # nosec B608: the table is the model's own; year and ids are parameters
            [year, *ids],
        )
        return sorted(row[0] for row in cursor.fetchall())


def year_recompute(*, scheme: AssessmentScheme, by) -> None:
    """Staff ask for a year's results to be recomputed now (in the background, after commit);
    the runs name them. Only a year whose scheme is in force is recomputed."""
    if scheme.state != AssessmentScheme.State.ACTIVE:
        raise ValidationError(_("Only a year whose scheme is in force is recomputed."))
    from ..tasks import recompute_committee_year

    committee_id, year, by_id = scheme.committee_id, scheme.year, by.pk
    transaction.on_commit(
        lambda: recompute_committee_year.delay(
            committee_id, year, reason=RecomputeRun.Reason.STAFF.value, by_id=by_id
        )
    )


def _locked(scheme: AssessmentScheme) -> AssessmentScheme:
    return AssessmentScheme.objects.select_for_update().get(pk=scheme.pk)


@transaction.atomic
def year_finalise(*, scheme: AssessmentScheme, by) -> YearAction:
    """Freeze a year's results. They must be up to date: computed for every member who served,
    with the scheme as it stands."""
    from ..engine.scoring import serving

    locked = _locked(scheme)
    results = Result.objects.filter(committee_id=locked.committee_id, year=locked.year)
    expected = Member.objects.filter(serving(locked.year), committee_id=locked.committee_id)
    if (
        results.exclude(scheme_version=locked.version).exists()
        or results.count() != expected.count()
    ):
        raise ValidationError(
            _("The results are not up to date with the scheme; recompute the year first.")
        )
    run_transition(
        locked, "freeze", _("The scheme is %(state)s; only a year in force can be finalised.")
    )
    locked._history_user = by
    locked.save(update_fields=["state"])
    action = YearAction.objects.create(
        scheme=locked,
        action=YearAction.Action.FINALISE,
        by=by,
        at=timezone.now(),
        results=results.count(),
    )
    from ..tasks import notify_results

    transaction.on_commit(lambda: notify_results.delay(action.pk))
    return action


@transaction.atomic
def year_reopen(*, scheme: AssessmentScheme, by, reason: str) -> YearAction:
    """Re-open a finalised year, saying why; its results recompute again from then on."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the year is re-opened.")})
    locked = _locked(scheme)
    run_transition(
        locked, "reopen", _("The scheme is %(state)s; only a finalised year can be re-opened.")
    )
    locked._history_user = by
    locked.save(update_fields=["state"])
    return YearAction.objects.create(
        scheme=locked,
        action=YearAction.Action.REOPEN,
        reason=reason.strip(),
        by=by,
        at=timezone.now(),
        results=Result.objects.filter(committee_id=locked.committee_id, year=locked.year).count(),
    )


@transaction.atomic
def dispute_raise(*, result: Result, rule: SchemeRule, comment: str, by) -> Dispute:
    """A member (or staff for them) disputes one line of a result."""
    if rule.scheme_id != result.scheme_id:
        raise ValidationError({"rule": _("The rule is not part of this result's scheme.")})
    if not comment.strip():
        raise ValidationError({"comment": _("Say what is wrong with this line.")})
    Result.objects.select_for_update().filter(pk=result.pk).exists()
    if Dispute.objects.filter(result=result, rule=rule, state=Dispute.State.OPEN).exists():
        raise ValidationError(_("This line is already disputed."))
    dispute = Dispute(
        result=result, rule=rule, comment=comment.strip(), raised_by=by, raised_at=timezone.now()
    )
    dispute._history_user = by  # also when called outside a request
    dispute.save()
    return dispute


@transaction.atomic
def dispute_resolve(*, dispute: Dispute, by, uphold: bool, resolution: str) -> Dispute:
    """Staff uphold or reject a dispute, saying how it was resolved (an upheld dispute is put
    right in the records, after which the member's result recomputes)."""
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say how the dispute was resolved.")})
    locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
    run_transition(
        locked,
        "uphold" if uphold else "reject",
        _("The dispute is %(state)s; only an open dispute can be resolved."),
    )
    locked.resolution = resolution.strip()
    locked.resolved_by = by
    locked.resolved_at = timezone.now()
    locked.full_clean()
    locked._history_user = by
    locked.save()
    return locked
