"""Benchmark: the morning reminder fan-out to a province's 40,000 members, each sent exactly once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/reminders.py

Needs a database of its own holding ``manage.py generate_scale_data --members 40000`` (it adds
contact details: the generator leaves members without an address or an account, so the
benchmark gives every member an address and every second one an account, once, untimed) and a
Redis (``REDIS_URL``, default ``redis://127.0.0.1:6379/13``: a database number of its own).

The real path: two Celery workers (solo pool, one process each) on Redis receive
``send_due_reminders`` for ``--day`` twice at the same moment, as a beat fired twice or a
redelivered message would; then the emails the winner enqueued are drained by the same workers
for ``--email-window`` seconds (the dummy email backend: no mail leaves the machine; the rest of
the queue is purged, as the drain goes on at the same rate). Then the task runs once more. Measured:
the fan-out's time, rows and queries-free invariants (one row per recipient, reason and period;
the second and third runs create nothing; every email claimed once), the workers' peak memory,
and, side by side, the floor: the same number of notification rows by one bare ``bulk_create``
(rolled back). Prints a table and writes ``bench/results/reminders.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc.settings.base")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")

DOMAIN = "bench.invalid"
#: No contact activity is on record for the first half of 2027 in the generated year, so every
#: member still serving is due the half-year reminder: the largest fan-out the data allows.
DEFAULT_DAY = "2027-06-01"


def give_members_contacts() -> None:
    """Every member an address, every second one an account (once; not timed)."""
    from django.db import connection, transaction

    from members.models import Member

    if Member.objects.exclude(email="").exists():
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE members_member SET email = 'member' || id || %s", [f"@{DOMAIN}"])
        cursor.execute(
            "INSERT INTO accounts_user (username, password, is_superuser, first_name, last_name,"
            " email, is_staff, is_active, date_joined, name, phone, committee_id) "
            "SELECT 'bench-' || id, '!', false, '', '', 'user' || id || %s, false, true, now(),"
            " name, '', committee_id FROM members_member WHERE id %% 2 = 0",
            [f"@{DOMAIN}"],
        )
        cursor.execute(
            "UPDATE members_member m SET user_id = u.id FROM accounts_user u "
            "WHERE u.username = 'bench-' || m.id"
        )


def forget_bench_notifications() -> None:
    from django.db.models import Q

    from notifications.models import Notification

    Notification.objects.filter(
        Q(email__endswith=f"@{DOMAIN}") | Q(recipient__username__startswith="bench-")
    ).delete()


def start_workers(count: int) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    celery = str(Path(sys.executable).with_name("celery"))
    return [
        subprocess.Popen(
            [celery, "-A", "cppcc", "--result-backend", os.environ["REDIS_URL"], "worker"]
            + ["--pool", "solo", "-n", f"bench-reminders-{n}@%h", "-l", "WARNING"]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(count)
    ]


def wait_for_workers(app, count: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if len(app.control.ping(timeout=1.0) or []) >= count:
            return
    raise SystemExit("the Celery workers did not start")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def unsent_emails() -> int:
    from notifications.models import Notification

    return Notification.objects.exclude(email="").filter(email_sent_at__isnull=True).count()


def emails_sent_in(window: float) -> int:
    """How many emails the workers send in ``window`` seconds (the whole drain takes minutes)."""
    from notifications.models import Notification

    sent = Notification.objects.filter(email_sent_at__isnull=False)
    before = sent.count()
    time.sleep(window)
    return sent.count() - before


def invariants() -> dict[str, int]:
    from django.db.models import Count

    from notifications.models import Notification

    rows = Notification.objects.all()
    return {
        "rows": rows.count(),
        "users_notified_twice": rows.filter(recipient__isnull=False)
        .values("recipient", "reason", "period")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count(),
        "addresses_notified_twice": rows.filter(recipient__isnull=True)
        .values("email", "reason", "period")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count(),
        "emails_sent": rows.filter(email_sent_at__isnull=False).count(),
        "emails_unsent": unsent_emails(),
    }


def floor_seconds(count: int) -> float:
    """One bare bulk_create of ``count`` notification rows, rolled back: the database's part."""
    from django.db import transaction

    from committees.models import Committee
    from notifications.models import Notification, Reason

    committee_id = Committee.objects.values_list("pk", flat=True).first()
    rows = [
        Notification(
            email=f"floor{i}@{DOMAIN}",
            committee_id=committee_id,
            reason=Reason.NO_CONTACT_ACTIVITY,
            period="floor",
            title="标题",
            body="正文" * 40,
        )
        for i in range(count)
    ]
    started = time.perf_counter()
    with transaction.atomic():
        Notification.objects.bulk_create(rows, batch_size=500)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--day", default=DEFAULT_DAY, help="the morning to run (ISO date)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--email-window", type=float, default=60, help="seconds of email drain")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from cppcc.celery import app
    from members.models import Member
    from notifications.tasks import send_due_reminders

    if connection.vendor != "postgresql":
        raise SystemExit("Run this against PostgreSQL: set DATABASE_URL.")
    app.conf.result_backend = os.environ["REDIS_URL"]
    give_members_contacts()
    forget_bench_notifications()
    app.control.purge()
    workers = start_workers(args.workers)
    try:
        wait_for_workers(app, args.workers)
        started = time.perf_counter()
        racing = [send_due_reminders.delay(args.day) for _ in range(args.workers)]
        first = [result.get(timeout=900) for result in racing]
        fan_out = time.perf_counter() - started
        emails = emails_sent_in(args.email_window)
        app.control.purge()  # the emails not yet sent: the rest of the drain is more of the same
        started = time.perf_counter()
        again = send_due_reminders.delay(args.day).get(timeout=900)
        rerun = time.perf_counter() - started
        peaks = [peak_rss_mb(worker.pid) for worker in workers]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
    checks = invariants()
    figures = {
        "day": args.day,
        "members": Member.objects.count(),
        "created_by_each_racing_run": first,
        "created_by_the_rerun": again,
        "fan_out_s": fan_out,
        "email_window_s": args.email_window,
        "emails_sent_in_window": emails,
        "rerun_s": rerun,
        "floor_bulk_create_s": floor_seconds(checks["rows"]),
        "worker_peak_rss_mb": peaks,
        **checks,
    }
    report(figures)


def report(f: dict) -> None:
    rows = f["rows"]
    print(f"\nReminder fan-out for {f['day']}: {f['members']:,} members, {rows:,} notifications,")
    print(f"two workers racing the same run (PostgreSQL + Redis, {os.cpu_count()} cores)\n")
    lines = [
        ("fan-out (both racing runs done)", f["fan_out_s"], rows),
        ("emails sent in the window after it", f["email_window_s"], f["emails_sent_in_window"]),
        ("third run (nothing left to send)", f["rerun_s"], None),
        ("floor: bare bulk_create of the rows", f["floor_bulk_create_s"], rows),
    ]
    print(f"{'step':<40}{'seconds':>9}{'rows/s':>10}")
    for label, seconds, count in lines:
        rate = f"{count / seconds:>10.0f}" if count else f"{'':>10}"
        print(f"{label:<40}{seconds:>9.2f}{rate}")
    ratio = f["fan_out_s"] / f["floor_bulk_create_s"]
    print(f"\nfan-out over floor{ratio:>31.1f}x")
    racing = [sum(run.values()) for run in f["created_by_each_racing_run"]]
    print(f"new rows per racing run{str(racing):>26}")
    print(f"new rows in the third run{sum(f['created_by_the_rerun'].values()):>24}")
    print(f"users notified twice{f['users_notified_twice']:>29}")
    print(f"addresses notified twice{f['addresses_notified_twice']:>25}")
    print(f"emails claimed / left unsent (purged){f['emails_sent']:>8} / {f['emails_unsent']}")
    print(f"worker peak RSS MB{str([round(p) for p in f['worker_peak_rss_mb']]):>31}")
    f["ratios"] = {"fan_out_over_floor": ratio}
    out = ROOT / "bench" / "results" / "reminders.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(f, indent=2, default=str) + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
