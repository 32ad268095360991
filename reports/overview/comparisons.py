"""Sectors and liaison groups side by side: size, scores, minimums, contact activities."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Subquery

from assessment.models import Result, ResultMinimum
from liaison.models import (
    ContactActivity,
    ContactActivityParticipant,
    LiaisonGroup,
    LiaisonGroupMembership,
)
from members.models import SectorMembership
from sectors.models import Sector

from ..selectors import percent
from .common import ONE_DECIMAL, covering, members_in_office


@dataclass(frozen=True)
class Comparison:
    """One sector or liaison group in the year: size, scores, minimums, contact activities."""

    pk: int
    name: str
    members: int
    results: int
    mean_score: Decimal | None
    minimums_met: int
    activities: int

    @property
    def minimums_met_share(self) -> Decimal | None:
        """Members with a result who met every minimum ÷ members with a result."""
        return percent(self.minimums_met, self.results)


def _results_by(committee_id: int, year: int, path: str) -> dict[int | None, dict]:
    """Results of the year grouped by ``path`` (sector or liaison group): count, mean, how
    many met every minimum (one query)."""
    unmet = ResultMinimum.objects.filter(result=OuterRef("pk"), met=False)
    return {
        row[path]: row
        for row in Result.objects.filter(committee_id=committee_id, year=year)
        .annotate(has_unmet=Exists(unmet))
        .order_by()
        .values(path)
        .annotate(
            n=Count("pk"),
            mean=Avg("total"),
            met=Count("pk", filter=Q(has_unmet=False)),
        )
    }


def _activities_by(committee_id: int, year: int, periods: QuerySet, column: str) -> dict[int, int]:
    """Verified contact activities of the year, counted once per sector or group that one of
    its members belonged to on the activity's day (one query). ``periods`` are the dated
    memberships matching a participant (``_on_activity_day``); ``column`` names the sector or
    group in them."""
    return dict(
        ContactActivityParticipant.objects.filter(
            activity__committee_id=committee_id,
            activity__date__year=year,
            activity__status=ContactActivity.Status.VERIFIED,
        )
        .annotate(unit_then=Subquery(periods.values(column)[:1]))
        .order_by()
        .values("unit_then")
        .annotate(n=Count("activity_id", distinct=True))
        .values_list("unit_then", "n")
    )


def _on_activity_day(model) -> QuerySet:
    """A member's periods covering the activity's day (periods never overlap: at most one).
    Ordered by their own column: the models' default ordering goes through the group or member
    to the committee, a join per participant that took seconds on a province's year."""
    return model.objects.filter(
        Q(member=OuterRef("member_id")),
        Q(start_date__lte=OuterRef("activity__date")),
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("activity__date")),
    ).order_by("-start_date")


def _mean(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(ONE_DECIMAL)


def _comparisons(units, members: dict, results: dict, activities: dict) -> list[Comparison]:
    rows = []
    for unit in units:
        result = results.get(unit.pk, {})
        rows.append(
            Comparison(
                pk=unit.pk,
                name=unit.name,
                members=members.get(unit.pk, 0),
                results=result.get("n", 0),
                mean_score=_mean(result.get("mean")),
                minimums_met=result.get("met", 0),
                activities=activities.get(unit.pk, 0),
            )
        )
    return rows


def sector_comparison(committee_id: int, year: int, day: datetime.date) -> list[Comparison]:
    """Every sector of the committee side by side (four queries)."""
    sectors = list(
        Sector.objects.filter(committee_id=committee_id).order_by("display_order", "name")
    )
    members = dict(
        SectorMembership.objects.filter(
            covering(day), member__in=members_in_office(committee_id, day)
        )
        .order_by()
        .values("sector_id")
        .annotate(n=Count("member_id", distinct=True))
        .values_list("sector_id", "n")
    )
    results = _results_by(committee_id, year, "sector_id")
    activities = _activities_by(committee_id, year, _on_activity_day(SectorMembership), "sector_id")
    return _comparisons(sectors, members, results, activities)


def group_comparison(committee_id: int, year: int, day: datetime.date) -> list[Comparison]:
    """Every active liaison group of the committee side by side (four queries)."""
    groups = list(
        LiaisonGroup.objects.filter(committee_id=committee_id, is_active=True).order_by(
            "display_order", "name"
        )
    )
    members = dict(
        LiaisonGroupMembership.objects.on(day)
        .filter(member__in=members_in_office(committee_id, day))
        .order_by()
        .values("group_id")
        .annotate(n=Count("member_id", distinct=True))
        .values_list("group_id", "n")
    )
    results = _results_by(committee_id, year, "liaison_group_id")
    activities = _activities_by(
        committee_id, year, _on_activity_day(LiaisonGroupMembership), "group_id"
    )
    return _comparisons(groups, members, results, activities)
