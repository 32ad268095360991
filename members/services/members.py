"""Writes for members: joining, editing, moving sector and leaving.

A move or a departure closes dated periods instead of rewriting them, so statistics for a past date
keep attributing a duty to the sector (and the seats) the member held on that date.

Every function locks the member row first: two staff members editing the same person at once
are serialised, and the "one open period" rules are checked against committed data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from committees.models import Committee, Term
from liaison.models import LiaisonGroupMembership
from sectors.models import Sector, SectorConvener

from ..models import (
    Member,
    Position,
    SectorMembership,
    SpecialCommitteeMembership,
)

#: Fields set directly by a form, a roster or an API. The sector and the status change through
#: a move or a departure, which also close the dated periods.
MEMBER_PROFILE_FIELDS = (
    "term",
    "user",
    "member_number",
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "profession",
    "party",
    "work_unit",
    "work_unit_email",
    "title",
    "township",
    "phone",
    "email",
    "joined_on",
    "status_note",
)
MEMBER_UPDATE_FIELDS = (*MEMBER_PROFILE_FIELDS, "sector", "status", "left_on")
LEAVING_STATUSES = (Member.Status.RESIGNED, Member.Status.REPLACED, Member.Status.REMOVED)


# --- joining --------------------------------------------------------------------------------


@transaction.atomic
def member_register(*, member: Member) -> Member:
    """Save a new member built by a form or a roster row, with their first sector period."""
    if member.pk is not None:
        raise ValueError("member_register() saves new members only")
    member.full_clean()
    member.save()
    SectorMembership.objects.create(
        member=member,
        sector=member.sector,
        start_date=member.joined_on,
        end_date=member.left_on,
    )
    return member


#: Fields a roster row fills by looking them up among the committee's own rows (no query needed
#: to prove they exist); ``Member.clean`` still checks they belong to the member's committee.
LOOKED_UP_FIELDS = ("committee", "term", "sector")


def member_register_check(*, member: Member) -> None:
    """``member_register``'s validation of one new member without a query, for many at once: the
    fields, the member's own rules (``Member.clean``), not the rows it points to nor the
    database constraints, which ``members_register`` leaves to the database."""
    member.full_clean(exclude=LOOKED_UP_FIELDS, validate_unique=False, validate_constraints=False)
    # The table's checks a roster row can break, here in Python so the row is named (the
    # database still refuses them; the other checks are the fields' own choices and blanks).
    errors = {}
    if member.left_on and member.joined_on and member.left_on < member.joined_on:
        errors["left_on"] = _constraint_message("member_dates_in_order")
    elif (member.status == Member.Status.ACTIVE) != (member.left_on is None):
        errors["left_on"] = _constraint_message("member_left_on_matches_status")
    if errors:
        raise ValidationError(errors)


def _constraint_message(name: str) -> str:
    constraint = next(c for c in Member._meta.constraints if c.name == name)
    return constraint.violation_error_message


@transaction.atomic
def members_register(*, members: list[Member], batch_size: int = 1000) -> list[Member]:
    """Save many new members, each passed by ``member_register_check``, with their first sector
    periods and history rows: a few queries per ``batch_size`` members, not several per member.

    The database's constraints refuse what the checks did not cover (the whole call rolls back).
    The periods' post_save is sent as a save would send it, so whoever listens (the score
    recompute) hears of them.
    """
    if any(member.pk is not None for member in members):
        raise ValueError("members_register() saves new members only")
    bulk_create_with_history(members, Member, batch_size=batch_size)
    periods = SectorMembership.objects.bulk_create(
        [
            SectorMembership(
                member=member,
                sector=member.sector,
                start_date=member.joined_on,
                end_date=member.left_on,
            )
            for member in members
        ],
        batch_size=batch_size,
    )
    for period in periods:
        post_save.send(SectorMembership, instance=period, created=True, raw=False, using="default")
    return members


def member_create(
    *,
    committee: Committee,
    term: Term,
    sector: Sector,
    name: str,
    gender: str,
    party: str,
    work_unit: str,
    joined_on: datetime.date,
    **profile: Any,
) -> Member:
    unknown = set(profile) - set(MEMBER_UPDATE_FIELDS)
    if unknown:
        raise TypeError(f"member_create() got unexpected fields: {sorted(unknown)}")
    member = Member(
        committee=committee,
        term=term,
        sector=sector,
        name=name,
        gender=gender,
        party=party,
        work_unit=work_unit,
        joined_on=joined_on,
        **profile,
    )
    return member_register(member=member)


# --- changes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    profile: dict[str, Any]
    new_sector: Sector | None
    moved_on: datetime.date | None
    leaving: tuple[str, datetime.date] | None


def _today() -> datetime.date:
    return timezone.localdate()


def _open_sector_period(member: Member, *, lock: bool = False) -> SectorMembership | None:
    periods = SectorMembership.objects.filter(member=member, end_date__isnull=True)
    if lock:
        periods = periods.select_for_update()
    return periods.first()


def _check_move(member: Member, sector: Sector, day: datetime.date) -> None:
    if not member.is_active:
        raise ValidationError(
            _("A member who has left cannot move to another sector."), code="illegal_transition"
        )
    if sector.committee_id != member.committee_id:
        raise ValidationError({"sector": _("The sector belongs to another committee.")})
    current = _open_sector_period(member)
    if current is not None and current.sector_id == sector.pk:
        raise ValidationError({"sector": _("The member is already in this sector.")})
    if current is not None and day < current.start_date:
        raise ValidationError(
            {
                "sector": _(
                    "The move date %(day)s is before the current sector period, "
                    "which started on %(start)s."
                )
                % {"day": day, "start": current.start_date}
            }
        )
    if day < member.joined_on:
        raise ValidationError({"sector": _("The move date cannot be before the member joined.")})
    late_role = (
        SectorConvener.objects.filter(member=member, end_date__isnull=True, start_date__gte=day)
        .exclude(sector=sector)
        .first()
    )
    if late_role is not None:
        raise ValidationError(
            {
                "sector": _(
                    "The member convenes %(sector)s from %(start)s; end that role before the move."
                )
                % {"sector": late_role.sector, "start": late_role.start_date}
            }
        )


def _open_periods_started_after(member: Member, day: datetime.date) -> list[str]:
    """Names of open periods that start after ``day`` and so cannot end on it."""
    found = []
    checks = (
        (SectorMembership.objects.filter(member=member), _("sector period")),
        (Position.objects.filter(member=member), _("position")),
        (
            SpecialCommitteeMembership.objects.filter(member=member),
            _("special committee membership"),
        ),
        (SectorConvener.objects.filter(member=member), _("sector convener role")),
    )
    for queryset, label in checks:
        if queryset.filter(end_date__isnull=True, start_date__gt=day).exists():
            found.append(str(label))
    return found


def _check_leave(member: Member, status: str, left_on: datetime.date | None) -> None:
    if not member.is_active:
        raise ValidationError(_("This member has already left."), code="illegal_transition")
    if status not in LEAVING_STATUSES:
        raise ValidationError({"status": _("Choose resigned, replaced or removed.")})
    if left_on is None:
        raise ValidationError({"left_on": _("Enter the date the member left.")})
    if left_on < member.joined_on:
        raise ValidationError({"left_on": _("The leaving date cannot be before the joining date.")})
    blocking = _open_periods_started_after(member, left_on)
    if blocking:
        raise ValidationError(
            {
                "left_on": _("The leaving date is before the start of an open %(what)s.")
                % {"what": "、".join(blocking)}
            }
        )


def _check_joined_on(member: Member, joined_on: datetime.date) -> None:
    first = SectorMembership.objects.filter(member=member).order_by("start_date").first()
    if first is not None and first.end_date is not None and joined_on > first.end_date:
        raise ValidationError(
            {
                "joined_on": _(
                    "The joining date is after the end of the member's first sector period "
                    "(%(end)s); correct the sector history first."
                )
                % {"end": first.end_date}
            }
        )


def _plan(member: Member, data: dict[str, Any], moved_on: datetime.date | None) -> _Plan:
    unknown = set(data) - set(MEMBER_UPDATE_FIELDS)
    if unknown:
        raise TypeError(f"unexpected member fields: {sorted(unknown)}")
    profile = {k: v for k, v in data.items() if k in MEMBER_PROFILE_FIELDS}

    new_sector = data.get("sector")
    if new_sector is not None and new_sector.pk == member.sector_id:
        new_sector = None
    day = moved_on or _today()
    if new_sector is not None:
        _check_move(member, new_sector, day)

    status = data.get("status", member.status)
    left_on = data.get("left_on", member.left_on)
    leaving = None
    if member.is_active and status != Member.Status.ACTIVE:
        _check_leave(member, status, left_on)
        leaving = (status, left_on)
    elif not member.is_active and (status, left_on) != (member.status, member.left_on):
        raise ValidationError(
            {"status": _("The status and leaving date of a member who has left are final.")}
        )
    elif member.is_active and left_on is not None:
        raise ValidationError({"left_on": _("An active member has no leaving date.")})

    if "joined_on" in profile and profile["joined_on"] != member.joined_on:
        _check_joined_on(member, profile["joined_on"])
    return _Plan(profile, new_sector, day if new_sector else None, leaving)


def lock_member(member: Member) -> Member:
    return Member.objects.select_for_update().select_related("term").get(pk=member.pk)


def _move_periods(member: Member, sector: Sector, day: datetime.date) -> None:
    """Close the open sector period the day before ``day`` and open one in ``sector``."""
    current = _open_sector_period(member, lock=True)
    if current is not None and current.start_date == day:
        # Moved on the day the period began: a correction, not a move worth a one-day period.
        previous = SectorMembership.objects.filter(
            member=member, end_date=day - datetime.timedelta(days=1)
        ).first()
        if previous is not None and previous.sector_id == sector.pk:
            current.delete()
            previous.end_date = None
            previous.save(update_fields=["end_date"])
        else:
            current.sector = sector
            current.full_clean()
            current.save(update_fields=["sector"])
    else:
        if current is not None:
            current.end_date = day - datetime.timedelta(days=1)
            current.save(update_fields=["end_date"])
        period = SectorMembership(member=member, sector=sector, start_date=day)
        period.full_clean()
        period.save()
    # A convener convenes their own sector; leaving it ends the role.
    SectorConvener.objects.filter(member=member, end_date__isnull=True).exclude(
        sector=sector
    ).update(end_date=day - datetime.timedelta(days=1))
    member.sector = sector


def _close_open_periods(member: Member, day: datetime.date) -> None:
    # A member who leaves also leaves their liaison group on the same day.
    for model in (
        SectorMembership,
        Position,
        SpecialCommitteeMembership,
        SectorConvener,
        LiaisonGroupMembership,
    ):
        model.objects.filter(member=member, end_date__isnull=True).update(end_date=day)


def _shift_first_period(member: Member, joined_on: datetime.date) -> None:
    first = SectorMembership.objects.filter(member=member).order_by("start_date").first()
    if first is not None and first.start_date != joined_on:
        first.start_date = joined_on
        first.save(update_fields=["start_date"])


def member_update_check(
    *, member: Member, data: dict[str, Any], moved_on: datetime.date | None = None
) -> None:
    """Raise the ValidationError ``member_update`` would raise, without writing (for forms)."""
    _plan(Member.objects.select_related("term").get(pk=member.pk), data, moved_on)


@transaction.atomic
def member_update(
    *, member: Member, data: dict[str, Any], moved_on: datetime.date | None = None
) -> Member:
    """Apply changed fields. A new sector is a move dated ``moved_on`` (default today); a
    leaving status closes every open period on the leaving date."""
    locked = lock_member(member)
    plan = _plan(locked, data, moved_on)
    for field, value in plan.profile.items():
        setattr(locked, field, value)
    if plan.leaving:
        locked.status, locked.left_on = plan.leaving
    locked.full_clean()
    if plan.new_sector is not None:
        _move_periods(locked, plan.new_sector, plan.moved_on)
    if "joined_on" in plan.profile:
        _shift_first_period(locked, locked.joined_on)
    if plan.leaving:
        _close_open_periods(locked, locked.left_on)
    locked.save()
    _copy_state(locked, member)
    return locked


@transaction.atomic
def member_move_sector(*, member: Member, sector: Sector, effective_date: datetime.date) -> Member:
    """Move a member to another sector from ``effective_date``; earlier duties keep the old one."""
    locked = lock_member(member)
    _check_move(locked, sector, effective_date)
    _move_periods(locked, sector, effective_date)
    locked.save(update_fields=["sector"])
    _copy_state(locked, member)
    return locked


@transaction.atomic
def member_leave(*, member: Member, status: str, left_on: datetime.date, note: str = "") -> Member:
    """Record that a member resigned, was replaced or was removed on ``left_on``."""
    locked = lock_member(member)
    _check_leave(locked, status, left_on)
    locked.status, locked.left_on, locked.status_note = status, left_on, note
    locked.full_clean()
    _close_open_periods(locked, left_on)
    locked.save()
    _copy_state(locked, member)
    return locked


def _copy_state(source: Member, target: Member) -> None:
    """Let the caller's instance (an admin form's, a roster row's) see what was saved."""
    if source is target:
        return
    for field in Member._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
