"""Sign-in throttling (django-axes) and the security log of sign-ins.

Failures count per account and per address (settings ``AXES_*`` and
``LOGIN_ADDRESS_FAILURE_LIMIT``): an account is locked after ``AXES_FAILURE_LIMIT`` failures;
an address after ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures within the last hour, whatever the
accounts. Every sign-in, failed sign-in and lockout is kept in the database (axes' AccessLog,
AccessFailureLog, AccessAttempt; times stored in UTC) and written as one line on the
``cppcc.security`` logger.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.dispatch import receiver
from django.utils import timezone

security_log = logging.getLogger("cppcc.security")

#: How far back failures from one address count towards its limit.
ADDRESS_WINDOW = timedelta(hours=1)


def _sum(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with one limit per account and a higher one per address."""

    def get_failures(self, request, credentials=None) -> int:
        # AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]: one queryset for each.
        by_account, by_address = self.get_user_attempts(request, credentials)
        account_failures = _sum(by_account)
        recent = by_address.filter(attempt_time__gte=timezone.now() - ADDRESS_WINDOW)
        if _sum(recent) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(account_failures, settings.AXES_FAILURE_LIMIT)
        return account_failures


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or the reverse proxy's header if one is configured
    (``LOGIN_CLIENT_IP_HEADER``; of a list, the last entry, which the proxy itself added)."""
    header = settings.LOGIN_CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _address(request) -> str:
    if request is None:
        return ""
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or ""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@receiver(user_logged_in, dispatch_uid="security-log-signed-in")
def log_signed_in(sender, request, user, **kwargs):
    security_log.info(
        "sign-in time=%s username=%s address=%s", now_iso(), user.get_username(), _address(request)
    )


@receiver(user_login_failed, dispatch_uid="security-log-sign-in-failed")
def log_sign_in_failed(sender, credentials, request=None, **kwargs):
    security_log.warning(
        "sign-in-failed time=%s username=%s address=%s",
        now_iso(),
        credentials.get("username", ""),
        _address(request),
    )


@receiver(user_locked_out, dispatch_uid="security-log-locked-out")
def log_locked_out(sender, request, username, ip_address, **kwargs):
    security_log.warning(
        "locked-out time=%s username=%s address=%s", now_iso(), username or "", ip_address or ""
    )


def with_sign_in_failures(users: QuerySet) -> QuerySet:
    """``users`` annotated with ``sign_in_failures``: failed sign-ins since their last sign-in or
    unlock, over every address (within the cool-off time, if one is set) — one subquery, whatever
    the number of users. An account is locked from ``AXES_FAILURE_LIMIT`` on (``LOCKED``)."""
    attempts = AccessAttempt.objects.filter(username=OuterRef("username"))
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    failures = attempts.order_by().values("username").annotate(n=Sum("failures_since_start"))
    return users.annotate(
        sign_in_failures=Coalesce(Subquery(failures.values("n"), output_field=IntegerField()), 0)
    )


def locked_lookup() -> dict:
    """The filter of ``with_sign_in_failures`` users whose account is locked."""
    return {"sign_in_failures__gte": settings.AXES_FAILURE_LIMIT}
