"""The on-duty roster: which member receives the public at which contact point on which day."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from members.models import Member

from ..models import ContactPoint, LiaisonGroupMembership, OnDutyShift, member_serves_on
from ._common import check_same_committee, lock

WORKING_DAYS = (0, 1, 2, 3, 4)
ALL_DAYS = (0, 1, 2, 3, 4, 5, 6)
MAX_ROSTER_DAYS = 366


@dataclass
class RosterResult:
    created: list[OnDutyShift] = field(default_factory=list)
    #: Days that needed a member but every candidate was busy elsewhere or not serving.
    unfilled: list[datetime.date] = field(default_factory=list)


@transaction.atomic
def duty_shift_assign(
    *, contact_point: ContactPoint, member: Member, date: datetime.date, note: str = ""
) -> OnDutyShift:
    # Locking the member queues two staff who put the same member on duty at two points.
    member = lock(member)
    shift = OnDutyShift(contact_point=contact_point, member=member, date=date, note=note)
    shift.full_clean()
    shift.save()
    return shift


def _rotation(contact_point: ContactPoint, start_date: datetime.date) -> list[Member]:
    if contact_point.liaison_group_id is None:
        raise ValidationError(
            _("Choose the members to rotate, or link the contact point to a liaison group."),
            code="no_members",
        )
    member_ids = (
        LiaisonGroupMembership.objects.filter(group_id=contact_point.liaison_group_id)
        .on(start_date)
        .values("member_id")
    )
    return list(Member.objects.filter(pk__in=member_ids).order_by("name", "pk"))


@transaction.atomic
def duty_roster_generate(
    *,
    contact_point: ContactPoint,
    start_date: datetime.date,
    end_date: datetime.date,
    members: Sequence[Member] | None = None,
    weekdays: Collection[int] = WORKING_DAYS,
    skip_dates: Collection[datetime.date] = (),
) -> RosterResult:
    """Fill the point's free days in a period, rotating through ``members`` (by default the
    members of the point's liaison group), one member a day.

    Days already on the roster are kept. The rotation carries on after whoever was last on duty
    before the period, and passes over a member already on duty at another point that day.
    ``skip_dates`` is for public holidays.
    """
    if end_date < start_date:
        raise ValidationError(_("The end date cannot be before the start date."), code="dates")
    if (end_date - start_date).days >= MAX_ROSTER_DAYS:
        raise ValidationError(_("Plan a roster for at most a year at a time."), code="too_long")
    point = lock(contact_point)
    if not point.is_active:
        raise ValidationError(
            _("Contact point %(point)s is no longer active.") % {"point": point}, code="inactive"
        )
    rotation = list(members) if members is not None else _rotation(point, start_date)
    if not rotation:
        raise ValidationError(_("There are no members to put on duty."), code="no_members")
    for member in rotation:
        check_same_committee(member, point.committee_id)

    taken = set(
        point.duty_shifts.filter(date__range=(start_date, end_date)).values_list("date", flat=True)
    )
    busy = set(
        OnDutyShift.objects.filter(
            member__in=rotation, date__range=(start_date, end_date)
        ).values_list("member_id", "date")
    )
    last = point.duty_shifts.filter(date__lt=start_date).order_by("-date").first()
    ids = [m.pk for m in rotation]
    position = ids.index(last.member_id) + 1 if last and last.member_id in ids else 0

    result = RosterResult()
    day = start_date
    while day <= end_date:
        if day.weekday() in weekdays and day not in skip_dates and day not in taken:
            for step in range(len(rotation)):
                candidate = rotation[(position + step) % len(rotation)]
                if (candidate.pk, day) not in busy and member_serves_on(candidate, day):
                    result.created.append(
                        OnDutyShift(contact_point=point, member=candidate, date=day)
                    )
                    position = (position + step + 1) % len(rotation)
                    break
            else:
                result.unfilled.append(day)
        day += datetime.timedelta(days=1)
    # Conflicts were checked above; the unique constraints still guard against a race.
    OnDutyShift.objects.bulk_create(result.created)
    return result
