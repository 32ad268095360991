"""Contact points (联络点, 委员工作室): staff record them and keep their "ten haves" current.

The model's rules are the admin form's (``ContactPoint.clean`` and its constraints): a ticked
item with a datum behind it needs the datum, and the people and group are the committee's own.
"""

from __future__ import annotations

from django.db import transaction

from committees.models import Committee
from cppcc.records import save_fields

from ..models import TEN_HAVES, ContactPoint
from ._common import lock

#: What staff may set on a contact point (its committee is the writer's own and stays).
CONTACT_POINT_FIELDS = (
    "kind",
    "name",
    "address",
    "township",
    "phone",
    "opening_hours",
    "liaison_group",
    "convener",
    "liaison_person",
    "liaison_person_name",
    "established_on",
    "is_active",
    *TEN_HAVES,
    "standard_checked_on",
)


@transaction.atomic
def contact_point_create(*, committee: Committee, **fields) -> ContactPoint:
    return save_fields(ContactPoint(committee=committee), fields, allowed=CONTACT_POINT_FIELDS)


@transaction.atomic
def contact_point_update(*, contact_point: ContactPoint, **fields) -> ContactPoint:
    return save_fields(lock(contact_point), fields, allowed=CONTACT_POINT_FIELDS)
