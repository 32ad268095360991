"""Pages and API lists under load, side by side with a trivial view, on gunicorn with 2 workers.

One command (from the repository root)::

    .venv/bin/python bench/load.py                 # 20 s per page, 10 connections
    .venv/bin/python bench/load.py --seconds 5     # a quicker look

What it does:

1. Copies the generated province (``--source``, default ``scale_bench``, made by
   ``manage.py generate_scale_data --members 40000``) into ``--database`` (default
   ``bench_load``) unless that exists, and prepares the copy (``bench/load_setup.py``: sign-ins,
   a 500-member sector board, results of the province's year).
2. Starts gunicorn (2 sync workers) on 127.0.0.1 with the production settings (DEBUG off; the
   HTTPS redirect off on loopback; the API's per-user throttle raised so that it answers).
3. For each page: checks it answers 200 to its persona, counts its queries once (Django test
   client, same database), warms up, then runs wrk with ``--connections`` connections for
   ``--seconds`` seconds while sampling the workers' resident memory.
4. Prints a table (requests/s, p50, p95, p99, ratio to the trivial view, queries, the median
   time of one request alone in this process ("solo"), size, peak RSS)
   and writes ``bench/results/load.json``.

Targets (issue 6): p95 < 150 ms and throughput >= 10% of the trivial view's.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results"
P95_TARGET_MS = 150
RATIO_TARGET = 0.10

LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    "BENCH {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d, \\"p90_us\\": %d, "
    .. "\\"p95_us\\": %d, \\"p99_us\\": %d, \\"max_us\\": %d, \\"non_2xx_3xx\\": %d, "
    .. "\\"socket_errors\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, summary.errors.status, errors))
end
"""


@dataclass
class Target:
    name: str
    path: str
    persona: str | None  # a session cookie's persona, "token" for the API, None: anonymous


@dataclass
class Figures:
    name: str
    path: str
    persona: str | None
    queries: int
    solo_ms: float
    bytes: int
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    ratio: float = 0.0
    peak_rss_mb: float = 0.0  # the biggest worker's peak resident memory during the run
    meets: bool = False


def _run(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=True, env=env, **kwargs)


def _database_exists(name: str) -> bool:
    out = _run(
        "psql",
        *PG,
        "-d",
        "postgres",
        "-tAc",
        f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
        capture_output=True,
        text=True,
    ).stdout
    return out.strip() == "1"


def copy_database(source: str, target: str) -> None:
    """``target`` as a copy of ``source`` (a consistent snapshot, taken while others use it)."""
    if _database_exists(target):
        return
    print(f"Copying {source} into {target} (pg_dump | pg_restore) …", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "source.dump"
        _run("pg_dump", *PG, "-Fc", "-f", str(dump), source)
        _run("createdb", *PG, target)
        _run("pg_restore", *PG, "-j", "2", "-d", target, str(dump))
    # pg_restore brings no planner statistics: without them the plans are wrong for minutes.
    _run("psql", *PG, "-d", target, "-qc", "ANALYZE")


def server_env(database_url: str, pg_options: str, conn_max_age: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_CONN_MAX_AGE": str(conn_max_age),
        # libpq passes these to every connection's session, e.g. "-c jit=off".
        "PGOPTIONS": pg_options,
        "DJANGO_SETTINGS_MODULE": "cppcc.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        # wrk from one user would be throttled (1200/minute) after a second; the throttle still
        # runs (a cache read and write per request), it just never refuses.
        "API_USER_RATE": "100000000/minute",
    }


class Server:
    """gunicorn with ``workers`` sync workers; ``rss()`` samples the workers' memory."""

    def __init__(self, env: dict, port: int, workers: int, log: Path):
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [str(VENV / "gunicorn"), "cppcc.wsgi", "--workers", str(workers), "--bind",
             f"127.0.0.1:{port}", "--timeout", "60", "--error-logfile", "-"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.url = f"http://127.0.0.1:{port}"
        self.workers = workers

    def wait_ready(self) -> None:
        for _attempt in range(100):
            if len(self.worker_pids()) == self.workers:
                try:
                    urllib.request.urlopen(self.url + "/healthz", timeout=10).read()
                    return
                except OSError:  # refused, reset or timed out while the workers load the app
                    pass
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log.name}")
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not start; see {self.log.name}")

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def rss_kb(self) -> list[int]:
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            sizes += [
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")
            ]
        return sizes

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


class PeakRss:
    """Samples the workers' VmRSS every 100 ms while the block runs; ``peak_kb`` is the biggest
    single worker's peak (VmHWM would be the peak since the worker started, not this run's)."""

    def __init__(self, server: Server):
        self.server, self.peak_kb, self._stop = server, 0, threading.Event()

    def _sample(self):
        while not self._stop.is_set():
            self.peak_kb = max([self.peak_kb, *self.server.rss_kb()])
            self._stop.wait(0.1)

    def __enter__(self):
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()


def headers(target: Target, personas) -> dict[str, str]:
    if target.persona is None:
        return {}
    if target.persona == "token":
        return {"Authorization": f"Token {personas.token}"}
    return {"Cookie": f"sessionid={personas.cookies[target.persona]}"}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, head: dict) -> tuple[int, int]:
    """Status and body size of one GET, redirects not followed (a sign-in redirect is a fail)."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=head), timeout=60) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0


def count_queries(path: str, head: dict) -> tuple[int, float]:
    """The page's queries and the median time of 5 requests one at a time (ms), through
    Django's test client in this process against the same database: the time one request
    costs when it does not queue behind others."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    extra = {}
    if "Cookie" in head:
        client.cookies["sessionid"] = head["Cookie"].split("=", 1)[1]
    if "Authorization" in head:
        extra["HTTP_AUTHORIZATION"] = head["Authorization"]
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path, **extra).status_code
    count = len(queries)  # now: the next requests' reconnections reset the log it reads
    if status != 200:
        raise SystemExit(f"{path} answered {status} to the test client")
    times = []
    for _attempt in range(5):
        start = time.perf_counter()
        client.get(path, **extra)
        times.append((time.perf_counter() - start) * 1000)
    return count, statistics.median(times)


def wrk(url: str, head: dict, *, seconds: int, connections: int, threads: int, lua: Path) -> dict:
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    args += ["-s", str(lua)]
    for name, value in head.items():
        args += ["-H", f"{name}: {value}"]
    out = _run(*args, url, capture_output=True, text=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def measure(server: Server, target: Target, personas, args, lua: Path) -> Figures:
    url, head = server.url + target.path, headers(target, personas)
    status, size = fetch(url, head)
    if status != 200:
        raise SystemExit(f"{target.path} answered {status} to {target.persona}; see the log")
    queries, solo_ms = count_queries(target.path, head)
    wrk(url, head, seconds=args.warmup, connections=args.connections, threads=2, lua=lua)
    with PeakRss(server) as rss:
        raw = wrk(url, head, seconds=args.seconds, connections=args.connections, threads=2, lua=lua)
    return Figures(
        name=target.name,
        path=target.path,
        persona=target.persona,
        queries=queries,
        solo_ms=solo_ms,
        bytes=size,
        requests=raw["requests"],
        rps=raw["requests"] / (raw["duration_us"] / 1e6),
        p50_ms=raw["p50_us"] / 1000,
        p95_ms=raw["p95_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        errors=raw["non_2xx_3xx"] + raw["socket_errors"],
        peak_rss_mb=rss.peak_kb / 1024,
    )


def table(rows: list[Figures]) -> str:
    head = (
        f"{'page':<16} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'x trivial':>9} "
        f"{'queries':>7} {'solo ms':>7} {'KB':>6} {'RSS MB':>7} {'errors':>6}  target"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r.name:<16} {r.rps:>8.1f} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f} {r.p99_ms:>8.1f} "
            f"{r.ratio:>9.3f} {r.queries:>7} {r.solo_ms:>7.1f} {r.bytes / 1024:>6.0f} {r.peak_rss_mb:>7.1f} "
            f"{r.errors:>6}  {'met' if r.meets else 'MISSED'}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default="scale_bench", help="the generated database")
    parser.add_argument("--database", default="bench_load", help="the benchmark's own copy")
    parser.add_argument("--seconds", type=int, default=20, help="wrk's run per page")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of wrk before each run")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--pg-options",
        default="",
        help='PostgreSQL settings for the server\'s sessions, e.g. "-c jit=off -c random_page_cost=1.1"',
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="DATABASE_CONN_MAX_AGE for the server (production's default 60; 0: a connection per request)",
    )
    parser.add_argument("--name", default="load", help="the results file: bench/results/NAME.json")
    parser.add_argument("--only", nargs="*", help="page names to run (the trivial view always)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")

    copy_database(args.source, args.database)
    env = server_env(
        f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{args.database}",
        args.pg_options,
        args.conn_max_age,
    )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    _run(str(VENV / "python"), "manage.py", "collectstatic", "--no-input", "-v0", cwd=ROOT, env=env)
    _run(str(VENV / "python"), "manage.py", "compilemessages", "--ignore=.venv", "-v0", cwd=ROOT,
         env=env)  # fmt: skip
    import django

    django.setup()
    from bench.load_setup import prepare

    personas = prepare()
    # prepare() recomputes the province's year, which rewrites its scored facts: without a
    # vacuum the first minutes read through hundreds of thousands of dead rows (autovacuum would
    # get there, but not before the run).
    _run("psql", *PG, "-d", args.database, "-qc", "VACUUM ANALYZE")
    year, sector, committee = personas.year, personas.sector_id, personas.committee_id
    targets = [
        Target("trivial", "/healthz", None),
        Target("performance", "/me/performance/", "member"),
        Target("sector_board", f"/sectors/{sector}/{year}/", "convener"),
        Target("overview", f"/staff/overview/{committee}/{year}/", "staff"),
        Target("unit_inbox", "/proposals/unit/", "unit"),
        Target("staff_proposals", "/admin/proposals/proposal/", "staff"),
        Target("api_members", "/api/v1/members/", "token"),
    ]
    if args.only:
        targets = [t for t in targets if t.name == "trivial" or t.name in args.only]

    RESULTS.mkdir(parents=True, exist_ok=True)
    server = Server(env, args.port, args.workers, RESULTS / "load-gunicorn.log")
    rows: list[Figures] = []
    try:
        server.wait_ready()
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
            lua.write(LUA)
            lua.flush()
            for target in targets:
                print(f"… {target.name} {target.path}", flush=True)
                rows.append(measure(server, target, personas, args, Path(lua.name)))
    finally:
        server.stop()
    trivial = rows[0].rps
    for row in rows:
        row.ratio = row.rps / trivial
        row.meets = row.p95_ms < P95_TARGET_MS and row.ratio >= RATIO_TARGET and not row.errors
    print()
    print(
        f"{args.workers} gunicorn workers, {args.connections} connections, {args.seconds} s per "
        f"page; database {args.database} ({personas.board_members} members on the sector board); "
        f"PGOPTIONS {args.pg_options or '(none)'}; CONN_MAX_AGE {args.conn_max_age}; "
        f"targets: p95 < {P95_TARGET_MS} ms, >= {RATIO_TARGET:.0%} of the trivial view's req/s"
    )
    print(table(rows))
    report = {
        "command": " ".join(["bench/load.py", *sys.argv[1:]]),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cores": os.cpu_count(),
        "workers": args.workers,
        "connections": args.connections,
        "seconds": args.seconds,
        "database": args.database,
        "pg_options": args.pg_options,
        "conn_max_age": args.conn_max_age,
        "board_members": personas.board_members,
        "targets": {"p95_ms": P95_TARGET_MS, "ratio": RATIO_TARGET},
        "pages": [asdict(row) for row in rows],
    }
    out = RESULTS / f"{args.name}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nJSON: {out}")


PG_HOST, PG_PORT, PG_USER = "127.0.0.1", "5432", "postgres"
PG = ("-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER)

if __name__ == "__main__":
    main()
