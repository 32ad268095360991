"""The second test pass must really run on PostgreSQL and a Redis broker.

These tests are marked ``services``: ``make test`` runs them in its PostgreSQL + Redis pass, where
they fail — never skip — if the pass has silently fallen back to the embedded defaults.
"""

import pytest
from django.conf import settings
from django.db import connection

from cppcc.celery import app

pytestmark = pytest.mark.services


@pytest.mark.django_db
def test_it_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_celery_sends_tasks_to_the_redis_broker():
    assert settings.REDIS_URL.startswith("redis://")
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
        assert conn.transport_cls == "redis" or "redis" in conn.as_uri()
