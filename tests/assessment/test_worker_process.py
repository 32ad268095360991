"""A real Celery worker *process*, consuming from Redis, computes a committee's scores and sends
its reminders; running everything twice changes no score and sends no second reminder; a worker
killed in the middle of a recompute leaves nothing half-written, and a rerun converges.

Marked ``services``: these run in the PostgreSQL + Redis pass of ``make test`` and fail (never
skip) when either is unreachable. The worker is a separate process started with the same
settings against the test database, so test data is committed (``transaction=True``).
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from assessment import signals, tasks
from assessment.engine import recompute
from assessment.models import Result, ScoredFact
from cppcc.celery import app
from meetings.models import Attendance, AttendanceStatus, MeetingKind
from notifications.models import Notification, Reason
from notifications.tasks import send_due_reminders
from tests.factories.meetings import member_of

from .engine_helpers import YEAR, activity, meeting
from .test_engine_year import county_scheme

pytestmark = [
    pytest.mark.services,
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True),
]
ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, timeout=60.0, every=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def start_worker() -> subprocess.Popen:
    """``celery worker`` in its own process, on the test database and the test broker."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cppcc.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cppcc",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if worker.poll() is None:
        worker.send_signal(sig)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _clear_broker() -> None:
    """Nothing queued, and nothing left unacknowledged by a killed worker (Redis would hand it
    out again after the visibility timeout, to whatever runs then)."""
    app.control.purge()
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("unacked", "unacked_index")


@pytest.fixture
def broker():
    assert connection.vendor == "postgresql", "this pass must run on PostgreSQL"
    assert app.conf.task_always_eager is False, "this pass must use the real broker"
    _clear_broker()
    yield app
    _clear_broker()


def committee_year(committee, members: int, *, invited_tomorrow: int = 0, today=None):
    """A scheme in force and members with a plenary and some activities; some of them invited
    to a meeting tomorrow (they have an address, so the reminder reaches them). Made without
    recompute requests, so that only the tasks a test sends reach the worker."""
    with signals.paused():
        return _committee_year(committee, members, invited_tomorrow, today)


def _committee_year(committee, members, invited_tomorrow, today):
    county_scheme(committee)
    plenary = meeting(committee, MeetingKind.PLENARY)
    people = [member_of(committee, email=f"m{n}@example.cn") for n in range(members)]
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=plenary,
                member=m,
                status=AttendanceStatus.PRESENT if n % 3 else AttendanceStatus.ABSENT_WITHOUT_LEAVE,
                half_days_present=1 if n % 3 else 0,
                marked_at=timezone.now(),
            )
            for n, m in enumerate(people)
        ]
    )
    for n in range(4):
        activity(committee, *people[n::4], day=datetime.date(YEAR, 5, n + 1))
    if invited_tomorrow:
        tomorrow = meeting(committee, day=(today or datetime.date.today()) + datetime.timedelta(1))
        Attendance.objects.bulk_create(
            [Attendance(meeting=tomorrow, member=m) for m in people[:invited_tomorrow]]
        )
    return people


def snapshot(committee):
    return sorted(
        Result.objects.filter(committee=committee).values_list(
            "member_id", "total", "grade_id", "rank_in_committee", "rank_in_sector"
        )
    )


def test_a_worker_process_scores_the_year_and_reminds_once_however_often_it_runs(broker, committee):
    today = datetime.date.today()
    committee_year(committee, 12, invited_tomorrow=5, today=today)
    worker = start_worker()
    try:
        started = time.time()
        tasks.recompute_committee_year.delay(committee.pk, YEAR)
        send_due_reminders.delay(today.isoformat())
        assert wait_for(
            lambda: Result.objects.filter(rank_in_committee__isnull=False).count() == 12
        )
        reminded = Notification.objects.filter(reason=Reason.MEETING_TOMORROW)
        assert wait_for(lambda: reminded.filter(email_sent_at__isnull=False).count() == 5)
        first = snapshot(committee)
        assert first and all(row[1] is not None for row in first)

        # The same run again: same scores, no second reminder.
        second_run = max(Result.objects.values_list("computed_at", flat=True))
        tasks.recompute_committee_year.delay(committee.pk, YEAR)
        send_due_reminders.delay(today.isoformat())
        assert wait_for(lambda: not Result.objects.filter(computed_at__lte=second_run).exists()), (
            "the second recompute did not run"
        )
        # The worker takes tasks in order: once a task sent now has run, so has the reminder.
        tasks.recompute_open_years.delay()
        assert wait_for(lambda: not Result.objects.filter(computed_at__lte=second_run).exists())
        time.sleep(1)
        assert snapshot(committee) == first
        assert reminded.count() == 5
        assert reminded.filter(email_sent_at__isnull=False).count() == 5
    finally:
        stop(worker)
    assert time.time() - started < 120


def _worker_holds_member_locks() -> bool:
    """Whether another session holds row locks on members (the recompute's first step)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'members_member' AND l.mode = 'RowShareLock' "
            "AND l.pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_mid_recompute_leaves_nothing_half_written_and_a_rerun_converges(
    broker, committee
):
    committee_year(committee, 400)
    worker = start_worker()
    try:
        tasks.recompute_chunk.delay(committee.pk, YEAR, 0, 10**9)
        assert wait_for(_worker_holds_member_locks, timeout=60, every=0.005), (
            "the recompute never started"
        )
        stop(worker, signal.SIGKILL)
    finally:
        stop(worker, signal.SIGKILL)

    # The killed transaction rolled back: no fact, no result.
    assert ScoredFact.objects.count() == 0
    assert Result.objects.count() == 0

    worker = start_worker()
    try:
        tasks.recompute_committee_year.delay(committee.pk, YEAR)
        assert wait_for(
            lambda: Result.objects.filter(rank_in_committee__isnull=False).count() == 400,
            timeout=120,
        )
    finally:
        stop(worker)
    after_rerun = snapshot(committee)

    # Computing once more, here, changes nothing: the rerun converged.
    recompute(committee_id=committee.pk, year=YEAR)
    assert snapshot(committee) == after_rerun
    assert len({row[1] for row in after_rerun}) > 1  # members scored differently
