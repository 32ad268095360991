"""Background work of the notification centre. Tasks take ids and ISO dates, call a service, are
safe to run twice (rows are unique per recipient, reason and period; emails are claimed before
they are sent), acknowledged late, time-limited and retried with backoff."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone, translation

from .emails import send_notification_email, send_notification_emails
from .reminders import reminder_run, reminders_run_daily

__all__ = [
    "send_due_reminders",
    "send_notification_email",
    "send_notification_emails",
    "send_reminders",
]

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 6,
}


def _day(today_iso: str | None) -> datetime.date:
    return datetime.date.fromisoformat(today_iso) if today_iso else timezone.localdate()


@shared_task(soft_time_limit=300, time_limit=360, **RETRY)
def send_reminders(reason: str, today_iso: str | None = None) -> int:
    """Create the notifications of one reminder for ``today`` (default: the local date)."""
    with translation.override(settings.LANGUAGE_CODE):
        return reminder_run(reason=reason, today=_day(today_iso))


@shared_task(soft_time_limit=900, time_limit=960, **RETRY)
def send_due_reminders(today_iso: str | None = None) -> dict[str, int]:
    """Run every daily reminder for ``today``; returns how many notifications each created."""
    with translation.override(settings.LANGUAGE_CODE):
        return reminders_run_daily(today=_day(today_iso))
