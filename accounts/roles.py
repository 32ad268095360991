"""The one role model of the browser side: who this person is, computed once per request.

A person may hold several roles at once: a member who convenes a sector and leads a liaison
group, a handling-unit officer, a staff user. ``roles_for(request)`` computes them with a fixed
number of queries (at most four, whatever the person holds) and caches them on the request;
``RolesMiddleware`` exposes them lazily as ``request.roles``.

Views declare what they need with ``role_required(*names)`` (or ``RoleRequiredMixin``):
an anonymous visitor is sent to sign in, a signed-in person without any of the roles gets 403.
Querysets are narrowed with the ``scope_*`` helpers so that another person's object is a 404.
Staff scoping by committee stays in ``committees.access``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from committees import access

MEMBER = "member"
CONVENER = "convener"
LEADER = "leader"
HANDLING_UNIT = "handling_unit"
STAFF = "staff"
ROLE_NAMES = (MEMBER, CONVENER, LEADER, HANDLING_UNIT, STAFF)

_CACHE_ATTR = "_cppcc_roles"


@dataclass(frozen=True)
class Roles:
    """What one person is today. Immutable; build it with ``roles_for_user``/``roles_for``."""

    user_id: int | None = None
    member_id: int | None = None
    member_committee_id: int | None = None
    convener_of: frozenset[int] = frozenset()
    leader_of: frozenset[int] = frozenset()
    handling_units: frozenset[int] = frozenset()
    is_staff: bool = False
    committee_id: int | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_member(self) -> bool:
        return self.member_id is not None

    @property
    def is_convener(self) -> bool:
        return bool(self.convener_of)

    @property
    def is_leader(self) -> bool:
        return bool(self.leader_of)

    @property
    def is_handling_unit(self) -> bool:
        return bool(self.handling_units)

    @property
    def names(self) -> frozenset[str]:
        """The role names this person holds (a subset of ``ROLE_NAMES``)."""
        held = {
            MEMBER: self.is_member,
            CONVENER: self.is_convener,
            LEADER: self.is_leader,
            HANDLING_UNIT: self.is_handling_unit,
            STAFF: self.is_staff,
        }
        return frozenset(name for name, has in held.items() if has)

    def has_any(self, *names: str) -> bool:
        unknown = set(names) - set(ROLE_NAMES)
        if unknown:
            raise ValueError(f"Unknown roles: {sorted(unknown)}")
        return bool(self.names & set(names))


ANONYMOUS = Roles()


def roles_for_user(user, *, today: datetime.date | None = None) -> Roles:
    """Compute a user's roles on ``today`` (the local date by default): at most four queries."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    # Imported here: accounts is below these apps in the dependency order.
    from liaison.models import LiaisonGroupMembership
    from members.models import Member
    from proposals.models import HandlingUnitUser
    from sectors.models import SectorConvener

    today = today or timezone.localdate()
    current = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
    # At most one (one-to-one); by pk, not the default order (a join to the committee).
    member = (
        Member.objects.filter(user_id=user.pk).order_by("pk").values("pk", "committee_id").first()
    )
    convener_of: frozenset[int] = frozenset()
    leader_of: frozenset[int] = frozenset()
    if member is not None:
        convener_of = frozenset(
            SectorConvener.objects.filter(current, member_id=member["pk"]).values_list(
                "sector_id", flat=True
            )
        )
        leader_of = frozenset(
            LiaisonGroupMembership.objects.filter(
                current,
                member_id=member["pk"],
                role__in=[
                    LiaisonGroupMembership.Role.LEADER,
                    LiaisonGroupMembership.Role.DEPUTY,
                ],
            ).values_list("group_id", flat=True)
        )
    units = frozenset(
        HandlingUnitUser.objects.filter(user_id=user.pk).values_list("unit_id", flat=True)
    )
    return Roles(
        user_id=user.pk,
        member_id=member["pk"] if member else None,
        member_committee_id=member["committee_id"] if member else None,
        convener_of=convener_of,
        leader_of=leader_of,
        handling_units=units,
        is_staff=bool(user.is_staff and (user.committee_id is not None or user.is_superuser)),
        committee_id=user.committee_id,
    )


def roles_for(request) -> Roles:
    """The request user's roles, computed on first use and cached on the request."""
    cached = request.__dict__.get(_CACHE_ATTR)
    if cached is None:
        cached = roles_for_user(getattr(request, "user", None))
        setattr(request, _CACHE_ATTR, cached)
    return cached


class RolesMiddleware:
    """Sets ``request.roles``, evaluated (and queried) only when something reads it.

    Goes after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.roles = SimpleLazyObject(lambda: roles_for(request))
        return self.get_response(request)


def _check(request, names: Iterable[str]) -> None:
    """Raise PermissionDenied unless the signed-in request user holds one of ``names``."""
    if not roles_for(request).has_any(*names):
        raise PermissionDenied


def role_required(*names: str) -> Callable:
    """View decorator: anonymous → redirect to sign-in; signed in without any of ``names`` → 403.

    With no names, any signed-in person passes."""
    if set(names) - set(ROLE_NAMES):
        raise ValueError(f"Unknown roles: {sorted(set(names) - set(ROLE_NAMES))}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if names:
                _check(request, names)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RoleRequiredMixin:
    """Class-based views: set ``required_roles``; the same rules as ``role_required``."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if self.required_roles:
            _check(request, self.required_roles)
        return super().dispatch(request, *args, **kwargs)


# Scoping: each returns the part of ``queryset`` the request's person may see as that role.
# An object outside it is then a 404, never a 403, so its existence is not revealed. A path of
# "" means the queryset's own rows (e.g. Member rows for ``scope_own``).


def _id(path: str) -> str:
    return f"{path}_id" if path else "pk"


def scope_own(queryset: QuerySet, request, member_path: str = "member") -> QuerySet:
    """Rows belonging to the request user's own Member record."""
    member_id = roles_for(request).member_id
    if member_id is None:
        return queryset.none()
    return queryset.filter(**{_id(member_path): member_id})


def scope_convened(queryset: QuerySet, request, sector_path: str = "sector") -> QuerySet:
    """Rows of the sectors the person convenes today."""
    return queryset.filter(**{f"{_id(sector_path)}__in": roles_for(request).convener_of})


def scope_led(queryset: QuerySet, request, group_path: str = "group") -> QuerySet:
    """Rows of the liaison groups the person leads (or deputises) today."""
    return queryset.filter(**{f"{_id(group_path)}__in": roles_for(request).leader_of})


def scope_units(queryset: QuerySet, request, unit_path: str = "unit") -> QuerySet:
    """Rows of the handling units the person works for."""
    return queryset.filter(**{f"{_id(unit_path)}__in": roles_for(request).handling_units})


def scope_staff(queryset: QuerySet, request, committee_path: str = "committee") -> QuerySet:
    """Rows of committees a staff user may read (``committees.access``); none for non-staff."""
    if not roles_for(request).is_staff:
        return queryset.none()
    return access.scope_readable(queryset, request.user, committee_path)


def own_member_or_404(request, queryset: QuerySet, member_path: str = "member", **lookup) -> Model:
    """The object matching ``lookup`` if it is the request user's own, else 404."""
    return get_object_or_404(scope_own(queryset, request, member_path), **lookup)
