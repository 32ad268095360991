"""Housekeeping of the committees app, run by Celery beat (cppcc/schedules.py)."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from .submissions import forget_old_submissions


@shared_task(
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=120,
    time_limit=180,
)
def forget_old_form_submissions() -> int:
    """Delete the form-token claims old enough that no page carrying them is still open;
    returns how many went. Idempotent: a rerun finds nothing more to delete."""
    return forget_old_submissions()
