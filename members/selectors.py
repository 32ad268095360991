"""Reads about members: who a user may see, and what was true of a member on a given day.

Statistics must attribute a duty to the sector the member was in *when* they did it, so the
"on a date" helpers read the dated periods, never ``Member.sector`` (which is only the current one).
The queryset helpers are set-based (one subquery per row in SQL), for reports over many members.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from committees import access
from sectors.models import Sector

from .models import Member, Position, SectorMembership


def members_for_user(user) -> QuerySet[Member]:
    """Members of every committee the user may read (their own and those below it)."""
    return access.scope_readable(Member.objects.all(), user)


def _covering(day: datetime.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def sector_on(member: Member, day: datetime.date) -> Sector | None:
    """The sector the member represented on ``day`` (None before they joined or after they left)."""
    period = (
        SectorMembership.objects.filter(_covering(day), member=member)
        .select_related("sector")
        .first()
    )
    return period.sector if period else None


def with_sector_on(
    queryset: QuerySet[Member], day: datetime.date, *, name: str = "sector_on_id"
) -> QuerySet[Member]:
    """Annotate each member with the id of the sector they represented on ``day``."""
    periods = SectorMembership.objects.filter(_covering(day), member=OuterRef("pk"))
    # Periods never overlap; their own order keeps the default one (member → committee) out.
    periods = periods.order_by("-start_date")
    return queryset.annotate(**{name: Subquery(periods.values("sector_id")[:1])})


def members_in_sector_on(sector: Sector, day: datetime.date) -> QuerySet[Member]:
    """Members who represented ``sector`` on ``day``, whatever their sector is now."""
    periods = SectorMembership.objects.filter(_covering(day), sector=sector)
    return Member.objects.filter(pk__in=periods.values("member_id"))


def active_on(queryset: QuerySet[Member], day: datetime.date) -> QuerySet[Member]:
    """Members who had joined and not yet left on ``day``."""
    return queryset.filter(Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gte=day)))


def is_standing_committee_on(member: Member, day: datetime.date) -> bool:
    """Whether the member sat on the Standing Committee (as chair, vice chair, secretary-general
    or Standing Committee member) on ``day``."""
    return Position.objects.filter(_covering(day), member=member).exists()


def with_standing_committee_on(
    queryset: QuerySet[Member], day: datetime.date, *, name: str = "is_standing_committee"
) -> QuerySet[Member]:
    positions = Position.objects.filter(_covering(day), member=OuterRef("pk"))
    return queryset.annotate(**{name: Exists(positions)})
