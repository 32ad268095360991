"""The contact points as the public sees them: where they are, when they open, who is on duty.

No sign-in; only active points are shown, and of a member on duty only their name and sector.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import selectors
from .models import ContactPoint, OnDutyShift

POINTS_PER_PAGE = 30


@dataclass(frozen=True)
class RosterDay:
    day: datetime.date
    shift: OnDutyShift | None
    is_today: bool


def _roster(
    point: ContactPoint, first: datetime.date, last: datetime.date, today: datetime.date
) -> list[RosterDay]:
    """Every day from ``first`` to ``last`` with its shift (None when nobody is on duty),
    read from the shifts the selector prefetched."""
    by_day = {shift.date: shift for shift in point.shifts}
    days = (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    return [RosterDay(day, by_day.get(day), day == today) for day in days]


def _committee_filter(request: HttpRequest) -> int | None:
    value = request.GET.get("committee", "")
    return int(value) if value.isdigit() else None


@require_GET
def point_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    monday, sunday = selectors.week_of(today)
    committee_id = _committee_filter(request)
    points = selectors.public_contact_points(
        committee_id=committee_id, shifts_from=monday, shifts_to=sunday
    )
    page = Paginator(points, POINTS_PER_PAGE).get_page(request.GET.get("page"))
    for point in page:
        point.week = _roster(point, monday, sunday, today)
        point.today_shift = next((d.shift for d in point.week if d.is_today), None)
    return render(
        request,
        "liaison/public/point_list.html",
        {
            "page": page,
            "committees": selectors.committees_with_public_points(),
            "committee_id": committee_id,
            "today": today,
        },
    )


@require_GET
def point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    monday, sunday = selectors.week_of(today)
    next_sunday = sunday + datetime.timedelta(days=7)
    try:
        point = selectors.public_contact_point(pk, shifts_from=monday, shifts_to=next_sunday)
    except ContactPoint.DoesNotExist as missing:
        raise Http404 from missing
    roster = _roster(point, monday, next_sunday, today)
    return render(
        request,
        "liaison/public/point_detail.html",
        {
            "point": point,
            "today": today,
            "today_shift": next((d.shift for d in roster if d.is_today), None),
            "this_week": roster[:7],
            "next_week": roster[7:],
        },
    )
