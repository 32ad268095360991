"""Writes for sectors (界别) and their convener groups (界别召集人)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from cppcc.records import save_fields
from members.models import Member
from members.selectors import sector_on

from .models import Sector, SectorConvener


@transaction.atomic
def sector_create(
    *, committee: Committee, name: str, code: str = "", display_order: int = 0
) -> Sector:
    sector = Sector(committee=committee, name=name, code=code, display_order=display_order)
    sector.full_clean()
    sector.save()
    return sector


#: What staff may change about a sector (its committee stays).
SECTOR_FIELDS = ("name", "code", "display_order")


@transaction.atomic
def sector_update(*, sector: Sector, **fields) -> Sector:
    sector = Sector.objects.select_for_update().get(pk=sector.pk)
    return save_fields(sector, fields, allowed=SECTOR_FIELDS)


@transaction.atomic
def sector_delete(*, sector: Sector) -> None:
    """Delete a sector nobody refers to; one with members, periods or conveners is protected
    (``ProtectedError``): past duties keep the sector they were done in."""
    sector.delete()


@transaction.atomic
def sector_convener_appoint(
    *,
    sector: Sector,
    member: Member,
    start_date: datetime.date,
    role: str = SectorConvener.Role.CONVENER,
) -> SectorConvener:
    """Make a member of ``sector`` one of its conveners from ``start_date``."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.committee_id != sector.committee_id:
        raise ValidationError({"member": _("The member belongs to another committee.")})
    if not member.is_active:
        raise ValidationError({"member": _("A member who has left cannot convene a sector.")})
    if sector_on(member, start_date) != sector:
        raise ValidationError(
            {
                "member": _("On %(day)s the member was not in the sector %(sector)s.")
                % {"day": start_date, "sector": sector}
            }
        )
    convener = SectorConvener(sector=sector, member=member, role=role, start_date=start_date)
    convener.full_clean()
    convener.save()
    return convener


@transaction.atomic
def sector_convener_end(*, convener: SectorConvener, end_date: datetime.date) -> SectorConvener:
    convener = SectorConvener.objects.select_for_update().get(pk=convener.pk)
    if convener.end_date is not None:
        raise ValidationError(_("This term has already ended."), code="illegal_transition")
    if end_date < convener.start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    convener.end_date = end_date
    convener.save(update_fields=["end_date"])
    return convener
