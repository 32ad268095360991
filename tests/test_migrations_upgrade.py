"""An existing SQLite database upgrades through migrations that rebuild guarded tables.

SQLite rebuilds a table for most schema changes; a trigger on another table that reads the rebuilt
one used to break that rebuild. This replays it on a real file: a full database with data, one
migration unapplied, then migrated forward again.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# The test builds its own SQLite file whatever the suite's database is: the PostgreSQL pass would
# only repeat it.
pytestmark = pytest.mark.sqlite_only

ROOT = Path(__file__).resolve().parent.parent

MAKE_DATA = """
import datetime
from committees.models import Committee, SpecialCommittee, Term
from members.models import Member, SpecialCommitteeMembership
from sectors.models import Sector
c = Committee.objects.create(name="政协测试县委员会", level="county", region="测试县")
t = Term.objects.create(committee=c, number=1, start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2026, 12, 31))
s = Sector.objects.create(committee=c, name="教育界")
sc = SpecialCommittee.objects.create(committee=c, name="提案委员会")
m = Member.objects.create(committee=c, term=t, sector=s, name="王芳", gender="female", party="cpc", work_unit="县一中", joined_on=datetime.date(2022, 1, 1))
SpecialCommitteeMembership.objects.create(member=m, special_committee=sc, start_date=datetime.date(2022, 1, 1))
"""


def manage(*args, db: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["DATABASE_URL"] = f"sqlite:///{db}"
    env["DJANGO_SETTINGS_MODULE"] = "cppcc.settings.base"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_it_migrates_forward_through_a_rebuild_of_a_table_another_trigger_reads(tmp_path):
    db = tmp_path / "upgrade.sqlite3"
    assert manage("migrate", "-v0", db=db).returncode == 0
    assert manage("shell", "--no-imports", "-c", MAKE_DATA, db=db).returncode == 0
    back = manage("migrate", "committees", "0002", "-v0", db=db)
    assert back.returncode == 0, back.stderr

    forward = manage("migrate", "-v0", db=db)

    assert forward.returncode == 0, forward.stderr[-2000:]
    count = manage(
        "shell",
        "--no-imports",
        "-c",
        "from members.models import SpecialCommitteeMembership as S; print(S.objects.count())",
        db=db,
    )
    assert count.stdout.strip() == "1"
    # The guards are back after the upgrade.
    guarded = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection as c; cur = c.cursor(); "
        "cur.execute(\"SELECT count(*) FROM sqlite_master WHERE type='trigger'\"); print(cur.fetchone()[0])",
        db=db,
    )
    assert int(guarded.stdout.strip()) > 20
