"""``generate_scale_data``: a province's committee tree and a year of its members' work."""

from __future__ import annotations

import datetime
import logging
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from assessment import signals as assessment_signals
from committees.models import Committee

from . import duty_meetings, duty_work, names, people, schemes, tree
from .writer import Writer

#: What counts as one duty record of a member, by kind: (label, table label).
RECORD_KINDS = [
    ("meeting attendance", "meetings.Attendance"),
    ("speeches", "meetings.Speech"),
    ("research report authorships", "meetings.ResearchReportAuthor"),
    ("study notes", "meetings.StudyNote"),
    ("contact activity participations", "liaison.ContactActivityParticipant"),
    ("proposals (first proposer)", "proposals.Proposal"),
    ("proposal co-signatures", "proposals.ProposalCoSigner"),
    ("social report authorships", "proposals.SocialReportAuthor"),
]


class ProvinceExists(Exception):
    pass


@dataclass
class Summary:
    province: Committee
    committees: dict[str, int]
    members: int
    rows: dict[str, int]
    seconds: float
    flushes: int
    records: dict[str, int] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def records_per_member(self) -> float:
        return sum(self.records.values()) / self.members if self.members else 0.0


@contextmanager
def _quiet_constraint_checks():
    """Scheme validation on PostgreSQL logs a warning per scheme for a check constraint Django
    cannot evaluate in Python (``NULL + NULL`` in ``max_score >= base_score + bonus_cap`` when
    both are empty); the database still enforces it on save. Hundreds of schemes would bury
    the summary under those lines."""
    logger = logging.getLogger("django.db.models")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def last_day_of(year: int, today: datetime.date) -> datetime.date:
    """Records fill the year up to yesterday when it is this year."""
    end = datetime.date(year, 12, 20)
    return min(end, today - datetime.timedelta(days=1)) if year == today.year else end


def generate_scale_data(*, members: int, year: int, **options) -> Summary:
    """Write a province of ``members`` members with a year of duty records and an assessment
    scheme in force per committee, in one transaction. Options (see ``_generate``): ``seed``,
    ``province_name``, ``cities``, ``counties_per_city`` (the tree's shape, else from
    ``members``) and ``batch_size`` (rows waiting before a write). The time reported includes
    the commit, where PostgreSQL checks the deferred foreign keys."""
    started = time.monotonic()
    with transaction.atomic():
        summary = _generate(members=members, year=year, started=started, **options)
        before_commit = time.monotonic()
    summary.phases["commit"] = time.monotonic() - before_commit
    before_analyze = time.monotonic()
    _analyze(summary.rows)
    summary.phases["analyze"] = time.monotonic() - before_analyze
    summary.seconds = time.monotonic() - started
    return summary


def _analyze(tables: dict[str, int]) -> None:
    """Fresh planner statistics for the tables just filled: until autovacuum gets to them,
    PostgreSQL plans queries over a million new rows as if the tables were still small (a
    province's recompute then takes three times as long)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for label in tables:
            db_table = apps.get_model(label)._meta.db_table
            cursor.execute(f"ANALYZE {connection.ops.quote_name(db_table)}")


def _generate(
    *,
    members: int,
    year: int,
    started: float,
    seed: int = 1,
    province_name: str = "江南省",
    cities: int | None = None,
    counties_per_city: int | None = None,
    batch_size: int = 50_000,
) -> Summary:
    if Committee.objects.filter(name=f"政协{province_name}委员会").exists():
        raise ProvinceExists(province_name)
    rng = random.Random(seed)
    tz = timezone.get_current_timezone()
    last_day = last_day_of(year, timezone.localdate())
    writer = Writer(batch_size=batch_size)
    bodies = tree.build(
        writer,
        province_name=province_name,
        members=members,
        year=year,
        rng=rng,
        cities=cities,
        counties_per_city=counties_per_city,
    )
    tables = [people.declare(writer), duty_meetings.declare(writer), duty_work.declare(writer)]
    person, meeting, work = tables
    writer.flush()
    phases = {"committee tree": time.monotonic() - started}
    committees = Committee.objects.filter(pk__in=[b.id for b in bodies]).order_by("pk")
    # Records arrive without a recompute request each; the schemes exist before any record.
    with assessment_signals.paused(), _quiet_constraint_checks():
        schemes.put_in_force(list(committees), year)
    phases["assessment schemes"] = time.monotonic() - started - sum(phases.values())
    clock = duty_work.Clock(year, last_day, tz, rng)
    for body in bodies:
        sector_names = (
            names.SECTORS if body.level != Committee.Level.COUNTY else names.COUNTY_SECTORS
        )
        roster = people.populate(person, body, year=year, rng=rng, sector_names=sector_names)
        duty_meetings.generate(meeting, body, roster, year=year, last_day=last_day, rng=rng, tz=tz)
        duty_work.contact_activities(work, body, roster, clock, rng)
        duty_work.proposals(work, body, roster, clock, rng, year)
        duty_work.social_reports(work, body, roster, clock, rng, year)
        writer.maybe_flush()
    writer.finish()
    phases["members and duty records"] = time.monotonic() - started - sum(phases.values())
    rows = writer.counts()
    levels: dict[str, int] = {}
    for body in bodies:
        levels[body.level] = levels.get(body.level, 0) + 1
    return Summary(
        province=committees[0],
        committees=levels,
        members=rows["members.Member"],
        rows=rows,
        seconds=time.monotonic() - started,
        flushes=writer.flushes,
        records={label: rows[table] for label, table in RECORD_KINDS},
        phases=phases,
    )
