"""Each page of the load benchmark (and the big admin lists) measured alone, in-process.

    .venv/bin/python bench/solo.py                       # every page, against bench_load
    DB=bench_pg .venv/bin/python bench/solo.py overview  # one page, against another copy

The copy must exist and be prepared (``bench/load.py`` makes ``bench_load``; ``createdb -T
scale_bench NAME`` then this script prepares it the same way). For each page: the queries of one
request, then the median wall time and the median CPU time of this process (the Python side:
steadier than wall time on a shared machine) over seven requests, with the production settings.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "cppcc.settings.production",
        "DJANGO_SECRET_KEY": "solo-benchmark-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/" + os.environ.get("DB", "bench_load"),
        "API_USER_RATE": "100000000/minute",
    }
)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.load_setup import prepare  # noqa: E402


def main() -> None:
    p = prepare()
    pages = [
        ("performance", "/me/performance/", "member"),
        ("sector_board", f"/sectors/{p.sector_id}/{p.year}/", "convener"),
        ("overview", f"/staff/overview/{p.committee_id}/{p.year}/", "staff"),
        ("unit_inbox", "/proposals/unit/", "unit"),
        ("staff_proposals", "/admin/proposals/proposal/", "staff"),
        ("api_members", "/api/v1/members/", "token"),
        ("admin_members", "/admin/members/member/", "staff"),
        ("admin_attendance", "/admin/meetings/attendance/", "staff"),
        ("admin_meetings", "/admin/meetings/meeting/", "staff"),
        ("admin_results", "/admin/assessment/result/", "staff"),
        ("admin_assignments", "/admin/proposals/proposalassignment/", "staff"),
        ("admin_sectorperiods", "/admin/members/sectormembership/", "staff"),
    ]
    only = set(sys.argv[1:])
    print(f"{'page':<20} {'wall ms':>8} {'cpu ms':>8} {'queries':>7} {'KB':>5}")
    for name, path, persona in pages:
        if only and name not in only:
            continue
        client, headers = Client(), {}
        if persona == "token":
            headers["HTTP_AUTHORIZATION"] = f"Token {p.token}"
        else:
            client.cookies["sessionid"] = p.cookies[persona]
        if client.get(path, **headers).status_code != 200:
            print(f"{name:<20} not 200")
            continue
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(path, **headers)
        walls, cpus = [], []
        for _ in range(7):
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path, **headers)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        print(
            f"{name:<20} {statistics.median(walls):>8.1f} {statistics.median(cpus):>8.1f} "
            f"{len(queries):>7} {len(response.content) // 1024:>5}",
            flush=True,
        )


if __name__ == "__main__":
    main()
