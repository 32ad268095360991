"""Writes for a member's seats: Standing Committee positions, special-committee places and
commendations. Each locks the member row so "one open seat of a kind" is checked on committed data.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from committees.models import SpecialCommittee

from ..models import Commendation, Member, Position, SpecialCommitteeMembership
from .members import lock_member


def _check_active_from(member: Member, day: datetime.date, field: str) -> None:
    if not member.is_active:
        raise ValidationError(_("A member who has left cannot take up a new role."))
    if day < member.joined_on:
        raise ValidationError({field: _("The start date cannot be before the member joined.")})


def _check_end(period, end_date: datetime.date) -> None:
    if period.end_date is not None:
        raise ValidationError(_("This period has already ended."))
    if end_date < period.start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


@transaction.atomic
def position_assign(*, member: Member, kind: str, start_date: datetime.date) -> Position:
    locked = lock_member(member)
    _check_active_from(locked, start_date, "start_date")
    position = Position(member=locked, kind=kind, start_date=start_date)
    position.full_clean()
    position.save()
    return position


@transaction.atomic
def position_end(*, position: Position, end_date: datetime.date) -> Position:
    position = Position.objects.select_for_update().get(pk=position.pk)
    _check_end(position, end_date)
    position.end_date = end_date
    position.full_clean()
    position.save(update_fields=["end_date"])
    return position


@transaction.atomic
def special_committee_membership_start(
    *,
    member: Member,
    special_committee: SpecialCommittee,
    start_date: datetime.date,
    role: str = SpecialCommitteeMembership.Role.MEMBER,
) -> SpecialCommitteeMembership:
    locked = lock_member(member)
    _check_active_from(locked, start_date, "start_date")
    membership = SpecialCommitteeMembership(
        member=locked, special_committee=special_committee, role=role, start_date=start_date
    )
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def special_committee_membership_end(
    *, membership: SpecialCommitteeMembership, end_date: datetime.date
) -> SpecialCommitteeMembership:
    membership = SpecialCommitteeMembership.objects.select_for_update().get(pk=membership.pk)
    _check_end(membership, end_date)
    membership.end_date = end_date
    membership.full_clean()
    membership.save(update_fields=["end_date"])
    return membership


@transaction.atomic
def commendation_create(
    *, member: Member, level: str, title: str, awarded_on: datetime.date, awarded_by: str = ""
) -> Commendation:
    commendation = Commendation(
        member=member, level=level, title=title, awarded_on=awarded_on, awarded_by=awarded_by
    )
    commendation.full_clean()
    commendation.save()
    return commendation
