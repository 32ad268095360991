"""Several worker processes share the chunks of one committee-year, and the results are the
same as one worker's: totals, grades and ranks of every member.

Marked ``services`` (PostgreSQL + Redis, like test_worker_process.py, whose helpers it uses).
The workers get a small chunk size from their environment, so one committee-year makes many
chunks that the three of them take in turn.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from assessment import tasks
from assessment.models import Result, ScoredFact
from cppcc.celery import app

from .engine_helpers import YEAR
from .test_worker_process import ROOT, broker, committee_year, snapshot, stop, wait_for

__all__ = ["broker"]

pytestmark = [
    pytest.mark.services,
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True),
]
MEMBERS = 90
CHUNK = 10


def start_workers(count: int, name: str, logs: Path) -> list[subprocess.Popen]:
    """``count`` worker processes (one task at a time each) with chunks of ``CHUNK`` members,
    each logging the tasks it ran to ``logs/<name><n>.log``."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cppcc.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "ASSESSMENT_CHUNK_SIZE": str(CHUNK),
    }
    return [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cppcc",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                f"--hostname={name}{n}@bench",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(logs / f"{name}{n}.log").open("w"),
        )
        for n in range(count)
    ]


def chunks_done(logs: Path, name: str) -> int:
    """How many chunk tasks the worker ``name`` ran to the end (from its INFO log)."""
    lines = (logs / f"{name}.log").read_text().splitlines()
    return sum(1 for line in lines if "recompute_chunk[" in line and "succeeded" in line)


def run_with(count: int, committee, name: str, logs: Path) -> list[tuple]:
    """Recompute the committee-year from nothing with ``count`` workers; its snapshot."""
    ScoredFact.objects.filter(committee=committee).delete()
    Result.objects.filter(committee=committee).delete()
    workers = start_workers(count, name, logs)
    names = {f"{name}{n}@bench" for n in range(count)}
    try:
        # Every worker listens before the first chunk is sent, so they all get a share.
        assert wait_for(
            lambda: names <= {h for r in app.control.ping(timeout=0.5) for h in r}, timeout=60
        ), "the workers did not start"
        tasks.recompute_committee_year.delay(committee.pk, YEAR)
        ranked = Result.objects.filter(committee=committee, rank_in_committee__isnull=False)
        assert wait_for(lambda: ranked.count() == MEMBERS, timeout=180)
        # Every chunk re-ranks when it is done: wait for the last one to have done so.
        assert wait_for(lambda: ranks_agree(committee), timeout=60)
    finally:
        for worker in workers:
            stop(worker)
    return snapshot(committee)


def ranks_agree(committee) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT rank_in_committee, "
            "rank() OVER (ORDER BY total DESC) AS expected FROM assessment_result "
            "WHERE committee_id = %s) r WHERE rank_in_committee IS DISTINCT FROM expected",
            [committee.pk],
        )
        return cursor.fetchone()[0] == 0


def test_three_workers_sharing_the_chunks_score_exactly_as_one_worker(broker, committee, tmp_path):
    committee_year(committee, MEMBERS)
    assert len(tasks.chunks(committee.pk, YEAR, CHUNK)) == MEMBERS // CHUNK

    alone = run_with(1, committee, "alone", tmp_path)
    shared = run_with(3, committee, "shared", tmp_path)

    assert len(alone) == MEMBERS
    assert shared == alone
    done = [chunks_done(tmp_path, f"shared{n}") for n in range(3)]
    assert sum(done) == MEMBERS // CHUNK
    assert sum(1 for n in done if n) >= 2, f"the chunks were not shared: {done}"
    assert len({row[1] for row in alone}) > 1  # members scored differently
    assert len({row[3] for row in alone}) > 1  # and ranked differently
