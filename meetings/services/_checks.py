"""Checks shared by the meeting services, raised as translated ValidationErrors."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from members.models import Member


def unique_members(members: Iterable[Member]) -> list[Member]:
    return list({m.pk: m for m in members}.values())


def names(members: Iterable[Member]) -> str:
    return "、".join(m.name for m in members)


def ensure_members_of(committee_id: int, members: Iterable[Member]) -> None:
    """The database triggers refuse this too; here the user gets a message they can act on."""
    foreign = [m for m in members if m.committee_id != committee_id]
    if foreign:
        raise ValidationError(
            _("These members belong to another committee: %(names)s.") % {"names": names(foreign)}
        )
