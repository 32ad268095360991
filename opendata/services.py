"""Calendar feed links: issue (or reissue, which revokes the old link) and look up by token."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction

from members.models import Member

from .models import CalendarFeed


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_regenerate(*, member: Member) -> str:
    """A new secret token for the member's feed; the previous link stops working at once.

    Returns the token (to build the link); only its hash is kept."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(member=member, defaults={"token_hash": token_hash(token)})
    return token


def calendar_feed_member(*, token: str) -> Member | None:
    """The member whose feed ``token`` opens, or None for an unknown or revoked token."""
    feed = (
        CalendarFeed.objects.filter(token_hash=token_hash(token)).select_related("member").first()
    )
    return feed.member if feed else None
