"""Who may read and change which committee's records: the one place that decides it.

A staff user works inside their own committee (``User.committee``): they change its records and
may read the records of the committees below it. Superusers see and change everything. Every
queryset the admin (and later the browser and API) shows is scoped through these functions.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from .models import Committee


def readable_committees(user) -> QuerySet[Committee]:
    if not user.is_authenticated or not user.is_active:
        return Committee.objects.none()
    if user.is_superuser:
        return Committee.objects.all()
    if user.committee_id is None:
        return Committee.objects.none()
    return Committee.objects.filter(path__startswith=user.committee.path)


def can_read_committee(user, committee_id: int | None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if committee_id is None:
        return False
    if committee_id == user.committee_id:
        return True
    return readable_committees(user).filter(pk=committee_id).exists()


def can_write_committee(user, committee_id: int | None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return committee_id is not None and committee_id == user.committee_id


def scope_readable(queryset: QuerySet, user, committee_path: str = "committee") -> QuerySet:
    """Limit a queryset to rows of committees the user may read."""
    if user.is_superuser and user.is_active:
        return queryset
    return queryset.filter(**{f"{committee_path}__in": readable_committees(user).values("pk")})


def scope_writable(queryset: QuerySet, user, committee_path: str = "committee") -> QuerySet:
    """Limit a queryset to rows the user may change (their own committee's)."""
    if user.is_superuser and user.is_active:
        return queryset
    if not user.is_authenticated or not user.is_active or user.committee_id is None:
        return queryset.none()
    return queryset.filter(Q(**{f"{committee_path}_id": user.committee_id}))


def committee_id_of(obj: Model, committee_path: str = "committee") -> int | None:
    """Follow a ``a__b__committee`` path on an instance to the committee id."""
    *hops, last = committee_path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def writable_committees(user) -> QuerySet[Committee]:
    """The committees whose own details the user may change: their own (a superuser: all)."""
    if not user.is_authenticated or not user.is_active:
        return Committee.objects.none()
    if user.is_superuser:
        return Committee.objects.all()
    return Committee.objects.filter(pk=user.committee_id)
