"""Reads for bulletins: what a member may read, and who in a bulletin's audience has read it.

A member reads the published bulletins of their own committee meant for every member or for
the sector they are in now. A bulletin of another committee or sector does not exist for them.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import Member

from .models import Bulletin, BulletinRead


def bulletins_for_member(
    member_id: int, *, now: datetime.datetime | None = None
) -> QuerySet[Bulletin]:
    """Published bulletins the member may read, newest first, each with ``is_read``.

    The member's committee and sector are read in the same query (subqueries), so a list of
    bulletins costs one query."""
    now = now or timezone.now()
    member = Member.objects.filter(pk=member_id)
    return (
        Bulletin.objects.filter(
            committee_id=Subquery(member.values("committee_id")[:1]),
            published_at__lte=now,
        )
        .filter(Q(sector__isnull=True) | Q(sector_id=Subquery(member.values("sector_id")[:1])))
        .annotate(
            is_read=Exists(
                BulletinRead.objects.filter(bulletin=OuterRef("pk"), member_id=member_id)
            )
        )
        .order_by("-published_at", "-pk")
    )


def bulletin_audience(bulletin: Bulletin) -> QuerySet[Member]:
    """The members a bulletin is meant for: active members of its committee (of its sector)."""
    members = Member.objects.filter(committee_id=bulletin.committee_id, status=Member.Status.ACTIVE)
    if bulletin.sector_id:
        members = members.filter(sector_id=bulletin.sector_id)
    return members


def bulletin_not_read_by(bulletin: Bulletin) -> QuerySet[Member]:
    """Members of the audience who have not opened the bulletin yet, by name."""
    return (
        bulletin_audience(bulletin)
        .exclude(pk__in=BulletinRead.objects.filter(bulletin=bulletin).values("member_id"))
        .order_by("name", "pk")
    )


def bulletin_readers(bulletin: Bulletin) -> QuerySet[BulletinRead]:
    """Who opened the bulletin and when, first readers first."""
    return bulletin.reads.select_related("member").order_by("read_at", "pk")


def _count(queryset, by: str) -> Coalesce:
    counted = queryset.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_read_counts(queryset: QuerySet[Bulletin]) -> QuerySet[Bulletin]:
    """Annotate each bulletin with ``read_count`` (members who opened it) and ``audience_count``
    (active members it is meant for), one subquery each: a list costs one query."""
    active = Member.objects.filter(status=Member.Status.ACTIVE)
    return queryset.annotate(
        read_count=_count(BulletinRead.objects.filter(bulletin=OuterRef("pk")), "bulletin"),
        audience_count=Case(
            When(
                sector__isnull=True,
                then=_count(active.filter(committee=OuterRef("committee")), "committee"),
            ),
            default=_count(active.filter(sector=OuterRef("sector")), "sector"),
        ),
    )
