"""Every periodic schedule of the product, defined here and nowhere else.

Celery beat reads its schedule from the database (django-celery-beat), where operators see and
adjust it in the admin (Periodic tasks). ``schedules_sync`` — run by ``manage.py sync_schedules``,
which ``make migrate`` / ``make run`` and the compose ``beat`` service call — writes these
definitions there, idempotently, under these rules:

* a schedule missing from the database is created, enabled;
* a schedule the last sync wrote and nobody changed since is brought up to date with the code;
* a schedule changed in the admin (time, arguments, task, or switched off) is left as it is: the
  operator's decision wins until they delete the row, after which the next sync recreates it;
* a schedule that is no longer listed here is left alone (delete it in the admin).

The sync recognises an untouched row by the fingerprint it writes into the description.

To add a schedule, append an ``Entry`` to ``SCHEDULES`` (a unique name, the task's dotted name,
a crontab, JSON keyword arguments) and deploy: the next sync creates it. Beat stores only the
task's name, so the task may live in an app merged later.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

CRONTAB_FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")
MARKER = "[schedules.py sync "


@dataclass(frozen=True)
class Entry:
    name: str
    task: str
    #: Crontab fields, e.g. {"minute": "30", "hour": "2"}; the others default to "*".
    crontab: dict[str, str]
    kwargs: dict = field(default_factory=dict)
    description: str = ""

    def crontab_fields(self) -> dict[str, str]:
        return {name: str(self.crontab.get(name, "*")) for name in CRONTAB_FIELDS}


SCHEDULES: list[Entry] = [
    Entry(
        name="notifications: daily reminders",
        task="notifications.tasks.send_due_reminders",
        crontab={"minute": "0", "hour": "8"},
        description="Meetings and duty tomorrow, deadlines, missing plans and reports …",
    ),
    Entry(
        name="assessment: nightly score recompute",
        task="assessment.tasks.recompute_open_years",
        crontab={"minute": "30", "hour": "2"},
        description="Recompute the scores of every year not yet finalised.",
    ),
    Entry(
        name="committees: forget old form tokens",
        task="committees.tasks.forget_old_form_submissions",
        crontab={"minute": "15", "hour": "3"},
        description="Delete the week-old claims that kept forms from being saved twice.",
    ),
]


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_as_edited: list[str] = field(default_factory=list)


def _fingerprint(*, task: str, kwargs: str, crontab: dict[str, str], enabled: bool) -> str:
    state = {"task": task, "kwargs": json.loads(kwargs or "{}"), "crontab": crontab, "on": enabled}
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]


def _stored_fingerprint(description: str) -> str | None:
    start = description.rfind(MARKER)
    if start < 0:
        return None
    return description[start + len(MARKER) :].rstrip("]").strip() or None


def _current_fingerprint(task) -> str | None:
    if task.crontab_id is None:
        return None  # switched to an interval or a one-off: edited
    crontab = {name: getattr(task.crontab, name) for name in CRONTAB_FIELDS}
    return _fingerprint(task=task.task, kwargs=task.kwargs, crontab=crontab, enabled=task.enabled)


@transaction.atomic
def schedules_sync(entries: list[Entry] | None = None) -> SyncReport:
    """Write ``entries`` (default: ``SCHEDULES``) into django-celery-beat, keeping admin edits."""
    report = SyncReport()
    for entry in SCHEDULES if entries is None else entries:
        crontab_values = entry.crontab_fields()
        kwargs = json.dumps(entry.kwargs, sort_keys=True)
        wanted = _fingerprint(task=entry.task, kwargs=kwargs, crontab=crontab_values, enabled=True)
        task = (
            PeriodicTask.objects.select_for_update(of=("self",))
            .select_related("crontab")
            .filter(name=entry.name)
            .first()
        )
        if task is not None:
            current = _current_fingerprint(task)
            if current != _stored_fingerprint(task.description):
                report.kept_as_edited.append(entry.name)
                continue
            if current == wanted:
                report.unchanged.append(entry.name)
                continue
        crontab = CrontabSchedule.objects.filter(
            timezone=settings.TIME_ZONE, **crontab_values
        ).first() or CrontabSchedule.objects.create(timezone=settings.TIME_ZONE, **crontab_values)
        values = {
            "task": entry.task,
            "crontab": crontab,
            "interval": None,
            "solar": None,
            "clocked": None,
            "kwargs": kwargs,
            "args": "[]",
            "enabled": True,
            "one_off": False,
            "description": f"{entry.description}\n{MARKER}{wanted}]".strip(),
        }
        if task is None:
            PeriodicTask.objects.create(name=entry.name, **values)
            report.created.append(entry.name)
        else:
            for name, value in values.items():
                setattr(task, name, value)
            task.save()
            report.updated.append(entry.name)
    return report
