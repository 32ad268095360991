"""Benchmark: importing a 10,000-member roster from Excel, as committee staff do in the admin.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/roster_import.py \
        --members 10000

Needs a migrated PostgreSQL database (scale data in it or not: the benchmark makes a committee
of its own for each run and deletes it afterwards). Measured side by side, each in a fresh
process so its peak memory is its own:

* ``import``  — the admin's path: read the .xlsx (``ROSTER_FORMATS``), preview (a dry run of
  ``MemberRosterResource.import_data``) and confirm (the same import for real);
* ``per_row`` — the same members saved one by one through ``member_register`` (the service the
  import called per row before it was set-based), the obvious implementation;
* ``floor``   — the same rows as two bare ``bulk_create`` calls (members, sector periods):
  no validation, no history; what the database itself needs.

Prints a table and writes ``bench/results/roster_import.json``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc.settings.base")

HEADERS = ["委员编号", "姓名", "性别", "出生日期", "民族", "界别", "党派", "工作单位", "职务"]
HEADERS += ["乡镇（街道）/机关", "手机", "届次", "任职日期"]
PARTIES = ["中共", "民盟", "九三学社", "无党派", "中国致公党", "农工党", "民建", "民进"]
SECTORS = ["中共界", "教育界", "医药卫生界", "经济界", "农业界", "文化艺术界", "科学技术界"]
JOINED = datetime.date(2022, 1, 10)


def roster_rows(count: int) -> list[list]:
    """Rows as a clerk types them: Chinese labels, Excel dates, the term as 12 or 第十二届."""
    return [
        [
            f"{i:05d}",
            f"委员{i}",
            "男" if i % 2 else "女",
            datetime.date(1960 + i % 30, 1 + i % 12, 1 + i % 28),
            "汉族" if i % 5 else "回族",
            SECTORS[i % len(SECTORS)],
            PARTIES[i % len(PARTIES)],
            f"单位{i}",
            "主任",
            "城关镇" if i % 3 else "县教育局",
            f"139{i:08d}",
            "第十二届" if i % 4 == 0 else 12,
            JOINED,
        ]
        for i in range(1, count + 1)
    ]


def roster_xlsx(count: int) -> bytes:
    import tablib

    return tablib.Dataset(*roster_rows(count), headers=HEADERS).export("xlsx")


# --- set-up and clean-up (in the parent process) ----------------------------------------------


def make_committee() -> int:
    from committees.models import Committee, Term
    from sectors.models import Sector

    committee = Committee.objects.create(
        name=f"名册基准县政协{uuid.uuid4().hex[:8]}", level=Committee.Level.COUNTY, region="基准县"
    )
    Term.objects.create(
        committee=committee, number=12, start_date=JOINED, end_date=datetime.date(2027, 1, 9)
    )
    Sector.objects.bulk_create(Sector(committee=committee, name=name) for name in SECTORS)
    return committee.pk


def clear_members(committee_id: int) -> None:
    from assessment.models import RecomputeRequest
    from assessment.signals import paused
    from members.models import Member

    with paused():
        RecomputeRequest.objects.filter(member__committee_id=committee_id).delete()
        Member.history.filter(committee_id=committee_id).delete()
        Member.objects.filter(committee_id=committee_id).delete()


def drop_committee(committee_id: int) -> None:
    from committees.models import Committee, Term
    from sectors.models import Sector

    clear_members(committee_id)
    Sector.objects.filter(committee_id=committee_id).delete()
    Term.objects.filter(committee_id=committee_id).delete()
    Committee.objects.filter(pk=committee_id).delete()


def saved(committee_id: int) -> dict[str, int]:
    from assessment.models import RecomputeRequest
    from members.models import Member, SectorMembership

    return {
        "members": Member.objects.filter(committee_id=committee_id).count(),
        "recompute_requests": RecomputeRequest.objects.filter(
            member__committee_id=committee_id
        ).count(),
        "open_sector_periods": SectorMembership.objects.filter(
            member__committee_id=committee_id, end_date__isnull=True
        ).count(),
        "history_rows": Member.history.filter(committee_id=committee_id).count(),
    }


# --- the measured variants (each in its own process) ------------------------------------------


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def variant_import(committee_id: int, count: int) -> dict:
    from django.db import connection
    from import_export.formats.base_formats import XLSX

    from committees.models import Committee
    from members.resources import MemberRosterResource

    committee = Committee.objects.get(pk=committee_id)
    content = roster_xlsx(count)
    counter = QueryCounter()
    phases = {}
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        dataset = XLSX().create_dataset(content)
        phases["read_s"] = time.perf_counter() - started
        for phase, dry_run in (("preview", True), ("confirm", False)):
            started, before = time.perf_counter(), counter.count
            result = MemberRosterResource(committee=committee).import_data(dataset, dry_run=dry_run)
            phases[f"{phase}_s"] = time.perf_counter() - started
            phases[f"{phase}_queries"] = counter.count - before
            if result.has_errors() or result.has_validation_errors():
                raise SystemExit(f"the {phase} reported errors: {result.base_errors[:1]}")
    phases["xlsx_bytes"] = len(content)
    phases["seconds"] = phases["read_s"] + phases["preview_s"] + phases["confirm_s"]
    phases["queries"] = counter.count
    return phases


def _members(committee_id: int, count: int):
    """The same members as unsaved instances, the way the widgets read them."""
    from committees.models import Term
    from members.models import Member
    from members.resources import GENDER_LABELS, PARTY_ALIASES, PARTY_LABELS
    from sectors.models import Sector

    term = Term.objects.get(committee_id=committee_id)
    sectors = {s.name: s for s in Sector.objects.filter(committee_id=committee_id)}
    genders = {label: code for code, label in GENDER_LABELS.items()}
    parties = {label: code for code, label in PARTY_LABELS.items()} | PARTY_ALIASES
    for (
        number,
        name,
        gender,
        born,
        ethnicity,
        sector,
        party,
        unit,
        title,
        town,
        phone,
        _t,
        joined,
    ) in roster_rows(count):
        yield Member(
            committee_id=committee_id,
            term=term,
            member_number=number,
            name=name,
            gender=genders[gender],
            birth_date=born,
            ethnicity=ethnicity,
            sector=sectors[sector],
            party=parties[party],
            work_unit=unit,
            title=title,
            township=town,
            phone=phone,
            joined_on=joined,
        )


def variant_per_row(committee_id: int, count: int) -> dict:
    from django.db import connection, transaction

    from members.services import member_register

    counter = QueryCounter()
    members = list(_members(committee_id, count))
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        with transaction.atomic():
            for member in members:
                member_register(member=member)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "queries": counter.count}


def variant_floor(committee_id: int, count: int) -> dict:
    from django.db import connection, transaction

    from members.models import Member, SectorMembership

    counter = QueryCounter()
    members = list(_members(committee_id, count))
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        with transaction.atomic():
            Member.objects.bulk_create(members, batch_size=1000)
            SectorMembership.objects.bulk_create(
                (
                    SectorMembership(member=m, sector=m.sector, start_date=m.joined_on)
                    for m in members
                ),
                batch_size=1000,
            )
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "queries": counter.count}


VARIANTS = {"import": variant_import, "per_row": variant_per_row, "floor": variant_floor}


def run_child(name: str, committee_id: int, count: int) -> dict:
    """Run one variant in a fresh interpreter; its figures and peak resident memory."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", name, "--committee", str(committee_id)]
        + ["--members", str(count)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def child(name: str, committee_id: int, count: int) -> None:
    import django

    django.setup()
    from cppcc.celery import app

    # Tasks the import enqueues (score recomputes) are a worker's work, not the importing web
    # process's: queue them in memory instead of running them in-process.
    app.conf.task_always_eager = False
    figures = VARIANTS[name](committee_id, count)
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--skip-per-row", action="store_true", help="leave out the slow loop")
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--committee", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.committee, args.members)
        return

    import django
    from django.db import connection

    django.setup()
    if connection.vendor != "postgresql":
        raise SystemExit("Run this against PostgreSQL: set DATABASE_URL.")
    committee_id = make_committee()
    figures = {}
    try:
        for name in VARIANTS:
            if name == "per_row" and args.skip_per_row:
                continue
            figures[name] = run_child(name, committee_id, args.members)
            figures[name]["saved"] = saved(committee_id)
            expected = args.members
            if figures[name]["saved"]["members"] != expected:
                raise SystemExit(f"{name} saved {figures[name]['saved']} of {expected}")
            clear_members(committee_id)
    finally:
        drop_committee(committee_id)
    report(args.members, figures)


def report(count: int, figures: dict) -> None:
    imp = figures["import"]
    print(f"\nRoster import of {count:,} members from Excel (PostgreSQL, {os.cpu_count()} cores)\n")
    print(f"{'variant':<34}{'seconds':>9}{'rows/s':>9}{'queries':>9}{'peak MB':>9}")
    lines = [
        ("import: read .xlsx", imp["read_s"], None, None),
        ("import: preview (dry run)", imp["preview_s"], imp["preview_queries"], None),
        ("import: confirm", imp["confirm_s"], imp["confirm_queries"], None),
        ("import: total (admin path)", imp["seconds"], imp["queries"], imp["peak_rss_mb"]),
    ]
    for name, label in (
        ("per_row", "per-row member_register loop"),
        ("floor", "floor: bare bulk_create"),
    ):
        if name in figures:
            f = figures[name]
            lines.append((label, f["seconds"], f["queries"], f["peak_rss_mb"]))
    for label, seconds, queries, peak in lines:
        print(
            f"{label:<34}{seconds:>9.2f}{count / seconds:>9.0f}"
            f"{'' if queries is None else queries:>9}{'' if peak is None else f'{peak:.0f}':>9}"
        )
    ratios = {"confirm_over_floor": imp["confirm_s"] / figures["floor"]["seconds"]}
    if "per_row" in figures:
        ratios["per_row_over_confirm"] = figures["per_row"]["seconds"] / imp["confirm_s"]
    print()
    for name, value in ratios.items():
        print(f"{name:<34}{value:>9.1f}x")
    out = ROOT / "bench" / "results" / "roster_import.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"members": count, "figures": figures, "ratios": ratios}, indent=2) + "\n"
    )
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
