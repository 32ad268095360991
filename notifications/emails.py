"""Sending a notification's email, at most once: the service and its task.

The task lives here, not in ``tasks.py``, because ``services.notify`` enqueues it and the reminder
tasks call ``services``: keeping it apart keeps the imports one-way (tasks → reminders →
services → emails). ``tasks.py`` re-exports it, so the worker finds it under its usual name.
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from .models import Notification

#: Notifications emailed per task message: a fan-out to 40,000 members sends 200 messages to the
#: broker, not 40,000 (enqueueing them one by one was most of the fan-out's time).
EMAIL_CHUNK = 200


@transaction.atomic
def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification, at most once. Returns whether a mail went out.

    The conditional UPDATE claims the row: of two runs racing (a retry, a duplicated delivery,
    two workers) exactly one changes it, and only that one sends. If sending fails, the claim is
    rolled back with the transaction and the task's retry tries again.
    """
    claimed = (
        Notification.objects.filter(pk=notification_id, email_sent_at__isnull=True)
        .exclude(email="")
        .update(email_sent_at=timezone.now())
    )
    if claimed != 1:
        return False
    notification = Notification.objects.get(pk=notification_id)
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{notification.url}"
    send_mail(
        subject=notification.title,
        message=body,
        from_email=None,
        recipient_list=[notification.email],
    )
    return True


@shared_task(
    name="notifications.tasks.send_notification_email",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=6,
    soft_time_limit=30,
    time_limit=60,
)
def send_notification_email(notification_id: int) -> bool:
    with translation.override(settings.LANGUAGE_CODE):
        return notification_email_send(notification_id=notification_id)


@shared_task(
    name="notifications.tasks.send_notification_emails",
    acks_late=True,
    soft_time_limit=300,
    time_limit=360,
)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Email a chunk of notifications, each at most once (a redelivered chunk skips the claimed
    ones). One that fails goes to ``send_notification_email``, whose retries back off on their
    own, so one unreachable mail server or address does not hold up the rest of the chunk."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for notification_id in notification_ids:
            try:
                sent += notification_email_send(notification_id=notification_id)
            except (SMTPException, OSError):
                send_notification_email.apply_async((notification_id,), countdown=60)
    return sent
