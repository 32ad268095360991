"""Telling people a finalised year's results: each member their own result (in the notification
centre, and by email), their work unit's contact the same by email, and each sector's conveners a
summary of their sector. One notification per person, reason and finalisation, even when the task
runs twice (the notifications' unique constraint)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Reason
from notifications.services import Draft, Recipient, notify_many
from sectors.models import SectorConvener

from ..models import Result, YearAction


def notify_finalised_results(*, year_action_id: int) -> int:
    """Notify the results finalised by ``year_action_id``; returns the notifications created."""
    action = YearAction.objects.select_related("scheme").get(pk=year_action_id)
    scheme = action.scheme
    if action.action != YearAction.Action.FINALISE:
        return 0
    period = f"{scheme.year}#{action.pk}"  # a year finalised again after re-opening is news
    results = list(
        Result.objects.filter(committee_id=scheme.committee_id, year=scheme.year)
        .select_related("member", "grade", "sector")
        .order_by("rank_in_committee", "member_id")
    )
    drafts: list[Draft] = []
    by_sector: dict[int, list[Result]] = defaultdict(list)
    size = len(results)
    for result in results:
        member = result.member
        title = _("Your %(year)s assessment result") % {"year": scheme.year}
        body = _(
            "%(name)s: %(total)s points, grade %(grade)s, rank %(rank)s of %(size)s in the "
            "committee."
        ) % {
            "name": member.name,
            "total": result.total,
            "grade": result.grade.name if result.grade else "—",
            "rank": result.rank_in_committee,
            "size": size,
        }
        if member.user_id or member.email:
            drafts.append(
                Draft(
                    reason=Reason.ASSESSMENT_RESULT,
                    period=period,
                    committee_id=scheme.committee_id,
                    recipient=Recipient(user_id=member.user_id, email=member.email),
                    title=title,
                    body=body,
                )
            )
        if member.work_unit_email:
            drafts.append(
                Draft(
                    reason=Reason.ASSESSMENT_RESULT,
                    period=f"{period}:{member.pk}",  # one per member, to one unit address
                    committee_id=scheme.committee_id,
                    recipient=Recipient(email=member.work_unit_email),
                    title=_("%(year)s assessment result of %(name)s")
                    % {"year": scheme.year, "name": member.name},
                    body=body,
                )
            )
        if result.sector_id:
            by_sector[result.sector_id].append(result)
    drafts += _sector_summaries(scheme, period, by_sector)
    created = notify_many(drafts)
    Result.objects.filter(pk__in=[r.pk for r in results], notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    return created


def _sector_summaries(scheme, period: str, by_sector: dict[int, list[Result]]) -> list[Draft]:
    year_end = datetime.date(scheme.year, 12, 31)
    conveners = SectorConvener.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=year_end),
        sector_id__in=list(by_sector),
        member__user__isnull=False,
    ).values_list("sector_id", "member__user_id")
    drafts = []
    for sector_id, user_id in conveners:
        results = by_sector[sector_id]
        grades = Counter(r.grade.name if r.grade else "—" for r in results)
        average = sum((r.total for r in results), Decimal(0)) / len(results)
        drafts.append(
            Draft(
                reason=Reason.ASSESSMENT_SUMMARY,
                period=f"{period}:sector-{sector_id}",
                committee_id=scheme.committee_id,
                recipient=Recipient(user_id=user_id),
                title=_("%(year)s assessment results of %(sector)s")
                % {"year": scheme.year, "sector": results[0].sector.name},
                body=_("%(count)s members, average %(average)s points; grades: %(grades)s.")
                % {
                    "count": len(results),
                    "average": average.quantize(Decimal("0.01")),
                    "grades": "、".join(f"{name} {n}" for name, n in grades.most_common()),
                },
            )
        )
    return drafts
