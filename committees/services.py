"""Writes for committees: staff keep their own committee's details up to date.

Where a committee sits (its level and parent) is the platform operator's to change, in the admin;
staff change the names and the region (``CommitteeAdmin.get_readonly_fields``).
"""

from __future__ import annotations

from django.db import transaction

from cppcc.records import save_fields

from .models import Committee

#: What staff may change about their own committee.
COMMITTEE_DETAIL_FIELDS = ("name", "short_name", "region", "region_code")


@transaction.atomic
def committee_update(*, committee: Committee, **details: str) -> Committee:
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    return save_fields(committee, details, allowed=COMMITTEE_DETAIL_FIELDS)
