"""Background work of the assessment office. Every task takes ids, is idempotent (a rerun gives
the same results), acknowledged late (a task whose worker died is delivered again), time-limited
and retried with backoff on database trouble.

- ``recompute_committee_year`` splits a committee's year into chunks of members that any number
  of workers share; each chunk re-ranks the committee-year when it is done, so the ranks are
  right whichever chunk finishes last.
- ``recompute_members`` runs shortly after members' records changed; changes in between are
  coalesced into one run (see ``services.request_recompute``).
- ``recompute_open_years`` is the nightly run over every year in force.
- ``notify_results`` tells members their finalised result, and conveners and work units the
  summary.

Each recompute is recorded with its cause (``RecomputeRun.Reason``) and, when staff asked for
it, the id of the user who did (task arguments stay plain ids and strings).
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import translation

from members.models import Member

from .engine import recompute
from .engine.scoring import serving
from .models import AssessmentScheme, RecomputeRun
from .services import take_recompute_requests

#: Members per chunk of a committee recompute.
CHUNK_SIZE = getattr(settings, "ASSESSMENT_CHUNK_SIZE", 2000)
#: Seconds a member's recompute waits for more changes to coalesce with.
COALESCE_SECONDS = getattr(settings, "ASSESSMENT_COALESCE_SECONDS", 10)

RETRY = {
    "acks_late": True,
    "autoretry_for": (DatabaseError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 6,
}


def chunks(committee_id: int, year: int, size: int = CHUNK_SIZE) -> list[tuple[int, int]]:
    """Ranges of member ids (first, last), each holding at most ``size`` serving members."""
    ids = list(
        Member.objects.filter(serving(year), committee_id=committee_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [(part[0], part[-1]) for part in (ids[i : i + size] for i in range(0, len(ids), size))]


@shared_task(**RETRY, soft_time_limit=60, time_limit=90)
def recompute_committee_year(
    committee_id: int,
    year: int,
    reason: str = RecomputeRun.Reason.SYSTEM,
    by_id: int | None = None,
) -> int:
    """Fan a committee's year out into chunk tasks; returns how many were sent. ``reason`` and
    ``by_id`` (the staff user who asked) go to every chunk's record of the run."""
    parts = chunks(committee_id, year)
    for first, last in parts:
        recompute_chunk.delay(committee_id, year, first, last, reason=str(reason), by_id=by_id)
    return len(parts)


@shared_task(**RETRY, soft_time_limit=600, time_limit=660)
def recompute_chunk(
    committee_id: int,
    year: int,
    first_id: int,
    last_id: int,
    reason: str = RecomputeRun.Reason.SYSTEM,
    by_id: int | None = None,
) -> bool:
    ids = Member.objects.filter(
        serving(year), committee_id=committee_id, pk__gte=first_id, pk__lte=last_id
    ).values_list("pk", flat=True)
    scheme = recompute(
        committee_id=committee_id, year=year, member_ids=list(ids), reason=reason, by=by_id
    )
    return scheme is not None


@shared_task(**RETRY, soft_time_limit=300, time_limit=360)
def recompute_members(committee_id: int, year: int, member_ids: list[int]) -> int:
    """Recompute the members whose requests are still waiting (an earlier run may have taken
    some: then it already saw their changes). Taking the requests and recomputing commit
    together, so a run that dies leaves them for the redelivered task. Returns how many."""
    with transaction.atomic():
        taken = take_recompute_requests(member_ids=member_ids, year=year)
        if taken:
            recompute(
                committee_id=committee_id,
                year=year,
                member_ids=taken,
                reason=RecomputeRun.Reason.RECORDS,
            )
    return len(taken)


@shared_task(**RETRY, soft_time_limit=60, time_limit=90)
def recompute_open_years() -> int:
    """Nightly: recompute every committee-year whose scheme is in force."""
    open_years = AssessmentScheme.objects.filter(state=AssessmentScheme.State.ACTIVE).values_list(
        "committee_id", "year"
    )
    count = 0
    for committee_id, year in open_years:
        recompute_committee_year.delay(committee_id, year, reason=RecomputeRun.Reason.NIGHTLY)
        count += 1
    return count


@shared_task(**RETRY, soft_time_limit=300, time_limit=360)
def notify_results(year_action_id: int) -> int:
    from .services.notices import notify_finalised_results

    with translation.override(settings.LANGUAGE_CODE):
        return notify_finalised_results(year_action_id=year_action_id)
