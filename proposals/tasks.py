"""Background work of the proposal office. Tasks take ids and call a service; they are safe to run
twice (the service claims its row), acknowledged late, time-limited and retried with backoff."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.utils import translation

from .services.notifications import proposal_cosigner_notify


@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=6,
    soft_time_limit=30,
    time_limit=60,
)
def notify_cosigner_invited(cosigner_id: int) -> bool:
    with translation.override(settings.LANGUAGE_CODE):
        return proposal_cosigner_notify(cosigner_id=cosigner_id)
