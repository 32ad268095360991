"""What every part of the overview shares: the day members are counted on, who was in office."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from members.models import Member
from members.selectors import active_on

ONE_DECIMAL = Decimal("0.1")


def overview_day(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day members are counted on: today during the year, 31 December once it is past."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def members_in_office(committee_id: int, day: datetime.date) -> QuerySet[Member]:
    """Members of the committee in office on ``day``: joined, not yet left, term covering it."""
    return active_on(Member.objects.filter(committee_id=committee_id), day).filter(
        term__start_date__lte=day, term__end_date__gte=day
    )


def covering(day) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))
