"""Dates and people the evaluation tests share."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from members.models import Position
from tests.factories.liaison import MemberFactory

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2025, 1, 15, 10, 0, tzinfo=TZ)
YEAR = 2024


def at(month, day, hour=10, year=2025):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=TZ)


def standing_member(committee, *, start=datetime.date(2022, 1, 10), end=None, **kwargs):
    member = MemberFactory(committee=committee, **kwargs)
    Position.objects.create(
        member=member, kind=Position.Kind.STANDING_MEMBER, start_date=start, end_date=end
    )
    return member


def scores_for(reports, *values):
    return {r.pk: Decimal(str(v)) for r, v in zip(reports, values, strict=True)}
