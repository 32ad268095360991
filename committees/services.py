"""Writes for committees: staff keep their own committee's details up to date.

Where a committee sits (its level and parent) is the platform operator's to change, in the admin;
staff change the names and the region (``CommitteeAdmin.get_readonly_fields``).
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cppcc.records import save_fields

from .models import Committee
from .voiding import Voidable

V = TypeVar("V", bound=Voidable)

#: What staff may change about their own committee.
COMMITTEE_DETAIL_FIELDS = ("name", "short_name", "region", "region_code")


@transaction.atomic
def committee_update(*, committee: Committee, **details: str) -> Committee:
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    return save_fields(committee, details, allowed=COMMITTEE_DETAIL_FIELDS)


@transaction.atomic
def record_void(*, record: V, by, reason: str) -> V:
    """Void a record entered by mistake (``committees.voiding``): it stays, with its history
    naming ``by`` and the reason, but counts for nobody any more; the members' results are
    recomputed as for any change of the record. Voiding twice is refused."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for voiding the record."), code="required")
    record = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if record.is_voided:
        raise ValidationError(
            _("“%(record)s” was already voided on %(day)s: %(reason)s")
            % {
                "record": record,
                "day": timezone.localdate(record.voided_at).isoformat(),
                "reason": record.voided_reason,
            },
            code="already_voided",
        )
    record.voided_at = timezone.now()
    record.voided_reason = reason
    record._history_user = by
    # Only the two fields: the record's other rules (checked when it was entered) may no longer
    # hold — an oral speech whose attendance was re-marked — and must not stop the voiding.
    record.save(update_fields=["voided_at", "voided_reason"])
    return record
