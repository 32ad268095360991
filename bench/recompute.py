"""Recompute benchmark: the real Celery path against the database's limit and a naive loop.

    .venv/bin/python bench/recompute.py --members 40000

Runs on the generated province in DATABASE_URL (default: the ``brecompute`` copy of
``scale_bench``) with a Celery worker process it starts on REDIS_URL, and measures side by side:

1. ``real``: a full-year recompute of every committee with a scheme in force, through
   ``assessment.tasks.recompute_committee_year`` (fan-out into chunks, each chunk rebuilds the
   ledger, scores and re-ranks), from the first enqueue until every result row of the year is
   updated and every committee's ranks agree with its totals;
2. ``(a) SQL limit``: one hand-written ``GROUP BY`` that only reads the same duty tables the
   ledger is built from (points per member and kind of record), and, for reference, the same
   over the ledger itself;
   ``(c) write floor``: the year's facts, once computed, copied in one statement into an empty
   table with the ledger's columns and indexes — what writing an explainable ledger of that
   size costs at all, whatever computes it;
3. ``(b) naive loop``: per member, ORM queries for each kind of record, points added up in
   Python, the result saved — on a random sample of members, extrapolated to all of them, in
   a transaction that is rolled back;
4. ``one member``: a study note recorded through its service; from the commit to the member's
   result updated by the worker (``request_recompute`` → ``recompute_members``), N samples,
   with the coalescing delay set to 0 (production waits ASSESSMENT_COALESCE_SECONDS more).

Prints a table and writes bench/results/recompute.json. Autovacuum may be off on a benchmark
server: the script runs ``VACUUM ANALYZE`` first, and on the engine's tables between runs and
before the one-member samples (not timed), as autovacuum would.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SOURCES_SQL = """
WITH facts(member_id, kind) AS (
    SELECT a.member_id, 'attendance' FROM meetings_attendance a
      JOIN meetings_meeting m ON m.id = a.meeting_id
     WHERE m.start_date BETWEEN %(first)s AND %(last)s AND a.status <> 'invited'
    UNION ALL
    SELECT s.member_id, 'speech' FROM meetings_speech s
      JOIN meetings_meeting m ON m.id = s.meeting_id
     WHERE m.start_date BETWEEN %(first)s AND %(last)s
    UNION ALL
    SELECT p.first_proposer_id, 'proposal' FROM proposals_proposal p
     WHERE p.year = %(year)s AND p.first_proposer_id IS NOT NULL
    UNION ALL
    SELECT c.member_id, 'proposal' FROM proposals_proposalcosigner c
      JOIN proposals_proposal p ON p.id = c.proposal_id
     WHERE p.year = %(year)s AND c.status = 'confirmed'
    UNION ALL
    SELECT r.member_id, 'social_report' FROM proposals_socialreportauthor r
      JOIN proposals_socialreport sr ON sr.id = r.report_id WHERE sr.year = %(year)s
    UNION ALL
    SELECT c.member_id, 'contact_activity' FROM liaison_contactactivityparticipant c
      JOIN liaison_contactactivity ca ON ca.id = c.activity_id
     WHERE ca.date BETWEEN %(first)s AND %(last)s
    UNION ALL
    SELECT r.member_id, 'research_report' FROM meetings_researchreportauthor r
      JOIN meetings_researchreport rr ON rr.id = r.report_id
     WHERE rr.written_on BETWEEN %(first)s AND %(last)s
    UNION ALL
    SELECT n.member_id, 'study_note' FROM meetings_studynote n
     WHERE n.written_on BETWEEN %(first)s AND %(last)s
    UNION ALL
    SELECT s.member_id, 'supervision' FROM supervision_supervisionparticipant s
      JOIN supervision_supervisiontopic t ON t.id = s.topic_id WHERE t.year = %(year)s
    UNION ALL
    SELECT c.member_id, 'commendation' FROM members_commendation c
     WHERE c.awarded_on BETWEEN %(first)s AND %(last)s
)
SELECT member_id, count(*) AS records,
       sum(CASE kind WHEN 'attendance' THEN 2 WHEN 'proposal' THEN 5 WHEN 'social_report' THEN 4
                     WHEN 'research_report' THEN 3 ELSE 1 END) AS points
  FROM facts GROUP BY member_id
"""

LEDGER_SQL = """
SELECT member_id, count(*), sum(points) FROM assessment_scoredfact
 WHERE year = %(year)s GROUP BY member_id
"""

#: (c) the cost of writing a ledger of that size at all: the year's facts copied, in one
#: statement, into a new table with the ledger's columns, checks and indexes (logged like it).
WRITE_FLOOR_SQL = """
INSERT INTO bench_ledger_floor SELECT * FROM assessment_scoredfact WHERE year = %(year)s
"""

RANKS_WRONG_SQL = """
SELECT count(*) FROM (
  SELECT rank_in_committee,
         rank() OVER (PARTITION BY committee_id ORDER BY total DESC) AS expected
    FROM assessment_result WHERE year = %(year)s
) r WHERE rank_in_committee IS DISTINCT FROM expected
"""


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=40000, help="members the database holds")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/brecompute"),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/11")
    )
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (prefork)")
    parser.add_argument("--chunk-size", type=int, default=2000)
    parser.add_argument(
        "--runs", type=int, default=2, help="full recomputes (the first may create results)"
    )
    parser.add_argument("--naive-sample", type=int, default=300, help="members in the naive loop")
    parser.add_argument("--samples", type=int, default=50, help="one-member recomputes")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "recompute.json"))
    return parser.parse_args()


ARGS = parse()
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "cppcc.settings.base",
        "DATABASE_URL": ARGS.database_url,
        "REDIS_URL": ARGS.redis_url,
        "ASSESSMENT_CHUNK_SIZE": str(ARGS.chunk_size),
        "ASSESSMENT_COALESCE_SECONDS": "0",
    }
)

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402

from assessment import signals  # noqa: E402
from assessment.engine import recompute  # noqa: E402
from assessment.engine.scoring import serving  # noqa: E402
from assessment.models import AssessmentScheme, Result  # noqa: E402
from assessment.tasks import recompute_committee_year  # noqa: E402
from cppcc.celery import app  # noqa: E402
from liaison.models import ContactActivityParticipant  # noqa: E402
from meetings.models import Attendance, ResearchReportAuthor, Speech, StudyNote  # noqa: E402
from meetings.services.records import study_note_record  # noqa: E402
from members.models import Commendation, Member  # noqa: E402
from proposals.models import Proposal, ProposalCoSigner, SocialReportAuthor  # noqa: E402
from supervision.models import SupervisionParticipant  # noqa: E402


def wait_for(condition, timeout: float, every: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


ENGINE_TABLES = [
    "assessment_scoredfact",
    "assessment_result",
    "assessment_resultline",
    "assessment_resultcategory",
    "assessment_resultminimum",
    "assessment_resultqualitative",
    "assessment_recomputerequest",
]


def vacuum(tables: list[str] | None = None) -> None:
    """What autovacuum does between runs on a server that has it on (this one may not): each
    full recompute rewrites every ledger and result row, leaving as many dead ones."""
    with connection.cursor() as cursor:
        for table in tables or [""]:
            cursor.execute(f"VACUUM ANALYZE {table}")


def scalar(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        return cursor.fetchone()[0]


# --- the worker ------------------------------------------------------------------------------


def start_worker() -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cppcc",
            "worker",
            "--pool=prefork",
            f"--concurrency={ARGS.concurrency}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=open(Path(tempfile.gettempdir()) / "bench-recompute-worker.log", "w"),
        start_new_session=True,
    )


def peak_rss_mib(root_pid: int) -> float:
    """Sum of the peak resident sizes (VmHWM) of the worker and its pool processes."""
    total = 0
    for pid in [root_pid, *children(root_pid)]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return round(total / 1024, 1)


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def clear_broker() -> None:
    app.control.purge()
    redis.Redis.from_url(ARGS.redis_url).delete("unacked", "unacked_index")


# --- 1. the real path ------------------------------------------------------------------------


def committee_years() -> list[int]:
    return list(
        AssessmentScheme.objects.filter(state=AssessmentScheme.State.ACTIVE, year=ARGS.year)
        .order_by("committee_id")
        .values_list("committee_id", flat=True)
    )


def real_run(committees: list[int], expected: int) -> float:
    year = ARGS.year
    before = max(
        Result.objects.filter(year=year).values_list("computed_at", flat=True), default=None
    )
    results = Result.objects.filter(year=year)
    started = time.perf_counter()
    for committee_id in committees:
        recompute_committee_year.delay(committee_id, year)

    def all_updated() -> bool:
        fresh = results if before is None else results.filter(computed_at__gt=before)
        return fresh.count() >= expected

    assert wait_for(all_updated, timeout=3600, every=0.05), "the recompute did not finish"
    assert wait_for(
        lambda: scalar(RANKS_WRONG_SQL, {"year": year}) == 0, timeout=600, every=0.05
    ), "ranks never settled"
    return time.perf_counter() - started


# --- 2. the database's limit -----------------------------------------------------------------


def sql_limit(sql: str, repeat: int = 3) -> tuple[float, int]:
    import datetime

    params = {
        "year": ARGS.year,
        "first": datetime.date(ARGS.year, 1, 1),
        "last": datetime.date(ARGS.year, 12, 31),
    }
    times, rows = [], 0
    for _ in range(repeat):
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(sql, params)
            rows = len(cursor.fetchall())
            times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def write_floor(repeat: int = 2) -> tuple[float, int]:
    """Seconds to write (and commit) every fact of the year once more into an empty table shaped
    like the ledger; the table is dropped after each run."""
    times, rows = [], 0
    for _ in range(repeat):
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_ledger_floor")
            cursor.execute(
                "CREATE TABLE bench_ledger_floor (LIKE assessment_scoredfact INCLUDING ALL)"
            )
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(WRITE_FLOOR_SQL, {"year": ARGS.year})
            rows = cursor.rowcount
        times.append(time.perf_counter() - started)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_ledger_floor")
    return statistics.median(times), rows


# --- 3. the naive loop -----------------------------------------------------------------------

NAIVE_POINTS = {"attendance": 2, "proposal": 5, "social_report": 4, "research_report": 3}


def naive_member(member: Member, year: int) -> None:
    """What a straightforward implementation does for one member: a query per kind of record,
    points added up in Python, the result saved."""
    points = 0
    records = {
        "attendance": Attendance.objects.filter(member=member, meeting__start_date__year=year)
        .exclude(status="invited")
        .select_related("meeting"),
        "speech": Speech.objects.filter(member=member, meeting__start_date__year=year),
        "proposal": list(Proposal.objects.filter(first_proposer=member, year=year))
        + list(
            ProposalCoSigner.objects.filter(
                member=member, proposal__year=year, status="confirmed"
            ).select_related("proposal")
        ),
        "social_report": SocialReportAuthor.objects.filter(member=member, report__year=year),
        "contact_activity": ContactActivityParticipant.objects.filter(
            member=member, activity__date__year=year
        ),
        "research_report": ResearchReportAuthor.objects.filter(
            member=member, report__written_on__year=year
        ),
        "study_note": StudyNote.objects.filter(member=member, written_on__year=year),
        "supervision": SupervisionParticipant.objects.filter(member=member, topic__year=year),
        "commendation": Commendation.objects.filter(member=member, awarded_on__year=year),
    }
    for kind, rows in records.items():
        for _row in rows:
            points += NAIVE_POINTS.get(kind, 1)
    result = Result.objects.filter(member=member, year=year).first()
    if result is not None:
        result.quantitative = min(points, 99999)
        result.save(update_fields=["quantitative"])


def naive_loop(sample: int) -> tuple[float, int]:
    ids = list(Member.objects.filter(serving(ARGS.year)).values_list("pk", flat=True))
    chosen = random.Random(6).sample(ids, min(sample, len(ids)))
    members = list(Member.objects.filter(pk__in=chosen))
    started = time.perf_counter()
    with transaction.atomic(), signals.paused():
        for member in members:
            naive_member(member, ARGS.year)
        transaction.set_rollback(True)
    return time.perf_counter() - started, len(members)


# --- 4. one member after one record ----------------------------------------------------------


def one_member(samples: int) -> list[float]:
    import datetime

    ids = list(
        Member.objects.filter(serving(ARGS.year), left_on__isnull=True).values_list("pk", flat=True)
    )
    chosen = random.Random(7).sample(ids, samples)
    latencies, notes = [], []
    for member in Member.objects.filter(pk__in=chosen):
        result = Result.objects.filter(member=member, year=ARGS.year)
        before = result.values_list("computed_at", flat=True).first()
        note = study_note_record(
            member=member,
            title="bench note",
            body="benchmark",
            written_on=datetime.date(ARGS.year, 6, 1),
        )
        committed = time.perf_counter()  # the service's transaction has committed
        fresh = result.filter(computed_at__gt=before)
        assert wait_for(fresh.exists, 60, 0.002), "the member's result was not updated"
        latencies.append(time.perf_counter() - committed)
        notes.append(note)
    # Leave the data as it was: remove the notes and recompute their members directly.
    with signals.paused():
        StudyNote.objects.filter(pk__in=[n.pk for n in notes]).delete()
    by_committee: dict[int, list[int]] = {}
    for n in notes:
        by_committee.setdefault(n.member.committee_id, []).append(n.member_id)
    for committee_id, member_ids in by_committee.items():
        recompute(committee_id=committee_id, year=ARGS.year, member_ids=member_ids)
    return latencies


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    assert connection.vendor == "postgresql", "run it on PostgreSQL"
    members = Member.objects.filter(serving(ARGS.year)).count()
    if members < ARGS.members * 0.95:
        sys.exit(f"the database holds {members} serving members, not {ARGS.members}")
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    print(f"VACUUM ANALYZE ({members} members) …", flush=True)
    vacuum()

    committees = committee_years()
    expected = Member.objects.filter(Q(committee_id__in=committees), serving(ARGS.year)).count()
    figures: dict[str, object] = {
        "members": members,
        "committees": len(committees),
        "worker_concurrency": ARGS.concurrency,
        "chunk_size": ARGS.chunk_size,
        "cores": os.cpu_count(),
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }
    clear_broker()
    worker = start_worker()
    try:
        runs = []
        for n in range(ARGS.runs):
            if n:
                vacuum(ENGINE_TABLES)
            seconds = real_run(committees, expected)
            runs.append(round(seconds, 2))
            print(f"real path, run {n + 1}: {seconds:.1f} s", flush=True)
        figures["real_runs_s"] = runs
        real = runs[-1]
        vacuum(ENGINE_TABLES)
        latencies = one_member(ARGS.samples)
        figures["worker_peak_rss_mib"] = peak_rss_mib(worker.pid)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        clear_broker()

    sources_s, sources_rows = sql_limit(SOURCES_SQL)
    ledger_s, _ = sql_limit(LEDGER_SQL)
    floor_s, floor_rows = write_floor()
    naive_s, naive_n = naive_loop(ARGS.naive_sample)
    naive_all = naive_s / naive_n * members
    figures.update(
        {
            "load_average_at_end": round(os.getloadavg()[0], 2),
            "real_s": real,
            "sql_sources_groupby_s": round(sources_s, 3),
            "sql_sources_members": sources_rows,
            "sql_ledger_groupby_s": round(ledger_s, 3),
            "ledger_rows": floor_rows,
            "ledger_write_floor_s": round(floor_s, 2),
            "ratio_real_over_write_floor": round(real / floor_s, 2),
            "naive_sample_members": naive_n,
            "naive_sample_s": round(naive_s, 2),
            "naive_extrapolated_s": round(naive_all, 1),
            "ratio_real_over_sql": round(real / sources_s, 2),
            "ratio_naive_over_real": round(naive_all / real, 2),
            "one_member_samples": len(latencies),
            "one_member_median_ms": round(statistics.median(latencies) * 1000, 1),
            "one_member_p95_ms": round(percentile(latencies, 95) * 1000, 1),
            "one_member_max_ms": round(max(latencies) * 1000, 1),
        }
    )
    rows = [
        ("members / committees", f"{members} / {len(committees)}"),
        (
            f"real Celery path (worker x{ARGS.concurrency}, chunks of {ARGS.chunk_size})",
            f"{real:.2f} s  (runs: {runs})",
        ),
        ("(a) SQL GROUP BY over the duty tables", f"{sources_s:.2f} s"),
        ("    same over the ledger (reference)", f"{ledger_s:.2f} s"),
        (f"(c) writing the {floor_rows} facts once, no scoring", f"{floor_s:.2f} s"),
        (
            f"(b) naive ORM loop, {naive_n} members",
            f"{naive_s:.2f} s -> {naive_all:.0f} s for all (extrapolated)",
        ),
        ("real / (a)", f"{real / sources_s:.2f}x  (target <= 2x)"),
        ("(b) / real", f"{naive_all / real:.1f}x"),
        ("real / (c)", f"{real / floor_s:.1f}x"),
        (
            f"one member after one record ({len(latencies)} samples)",
            f"median {figures['one_member_median_ms']} ms, p95 {figures['one_member_p95_ms']} ms",
        ),
        ("worker peak RSS (all processes)", f"{figures['worker_peak_rss_mib']} MiB"),
        (
            f"load average ({os.cpu_count()} cores), start / end",
            f"{figures['load_average_at_start']} / {figures['load_average_at_end']}",
        ),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    Path(ARGS.out).write_text(json.dumps(figures, indent=2) + "\n")
    print(f"-> {ARGS.out}")


if __name__ == "__main__":
    main()
