"""Reads for the notification centre: a user sees only their own notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import OPTIONAL_REASONS, Notification, NotificationPreference


def notifications_for_user(user) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def muted_reasons(user) -> set[str]:
    return set(
        NotificationPreference.objects.filter(
            user=user, muted=True, reason__in=OPTIONAL_REASONS
        ).values_list("reason", flat=True)
    )
