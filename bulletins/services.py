"""Writes for bulletins: publishing one, and recording that a member read it."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Bulletin, BulletinRead


@transaction.atomic
def bulletin_publish(*, bulletin: Bulletin, at: datetime.datetime | None = None) -> bool:
    """Publish a draft now (or at ``at``). A bulletin already published keeps its date.

    Returns whether this call published it: a conditional update, so two staff pressing the
    button at once publish it once."""
    at = at or timezone.now()
    changed = Bulletin.objects.filter(pk=bulletin.pk, published_at__isnull=True).update(
        published_at=at, updated_at=timezone.now()
    )
    if changed:
        bulletin.published_at = at
    return bool(changed)


def bulletin_mark_read(*, bulletin: Bulletin, member_id: int) -> BulletinRead:
    """Record that the member opened the bulletin; opening it again keeps the first time.

    Safe when two requests race: the unique (bulletin, member) constraint keeps one row and
    ``get_or_create`` returns it to both."""
    receipt, _created = BulletinRead.objects.get_or_create(bulletin=bulletin, member_id=member_id)
    return receipt
