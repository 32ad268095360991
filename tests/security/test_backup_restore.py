"""`manage.py backup` writes the database and the uploaded files into one archive, and
`manage.py restore` brings back every row and file into an empty database — and refuses a
database that is not empty, or a damaged archive, without changing anything.

Runs on SQLite and on PostgreSQL (both passes of ``make test``)."""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from committees.models import Committee
from cppcc.backup.tables import MIGRATE_CREATES
from meetings.models import ResearchReport
from tests.factories.core import CommitteeFactory
from tests.portal.conftest import People, people  # noqa: F401
from tests.portal.growth import grow

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def natural(value, model):
    """Content types and permissions get new ids in a new database: compare them by name."""
    if value is None:
        return None
    if model is ContentType:
        return ContentType.objects.get(pk=value).natural_key()
    return Permission.objects.get(pk=value).natural_key()


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table, each column's value; references to content types and
    permissions by natural key."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or model in MIGRATE_CREATES:
            continue
        fields = model._meta.local_concrete_fields
        rows[model._meta.label_lower] = [
            tuple(
                natural(getattr(obj, f.attname), f.related_model)
                if f.is_relation and f.related_model in MIGRATE_CREATES
                else getattr(obj, f.attname)
                for f in fields
            )
            for obj in model._base_manager.order_by("pk")
        ]
    return rows


def media_checksums(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_file_into_an_empty_database(
    people,  # noqa: F811
    committee,
    media,
    tmp_path,
):
    grow(people, committee)  # members, meetings, attendance, activities, proposals, scores …
    for report in ResearchReport.objects.all()[:2]:
        report.attachment.save("report.pdf", ContentFile(PDF + str(report.pk).encode()))
    before, files = every_row(), media_checksums(media)
    assert len(files) == 2
    for table in (
        "members.member",
        "meetings.attendance",
        "liaison.contactactivity",
        "proposals.proposal",
        "assessment.assessmentscheme",
        "assessment.result",
        "assessment.resultline",
        "auth.group_permissions",
    ):
        assert before[table], table
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", archive, stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)  # migrate's own rows come back
    for path in media.rglob("*.pdf"):
        path.unlink()
    out = io.StringIO()
    call_command("restore", archive, stdout=out)

    assert every_row() == before
    assert media_checksums(media) == files
    assert "row counts and checksums match the manifest" in out.getvalue()
    # The id sequences moved past the restored rows: new records can be made.
    newest = Committee.objects.order_by("pk").last().pk
    assert CommitteeFactory().pk > newest


@pytest.mark.django_db
def test_a_database_with_rows_is_refused_and_left_as_it_was(committee, media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", archive, stdout=io.StringIO())
    CommitteeFactory()

    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", archive, stdout=io.StringIO())

    assert Committee.objects.count() == 2


@pytest.mark.django_db
def test_a_damaged_archive_is_refused(committee, media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", archive, stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "data/committees.committee.jsonl":
                data = data.replace(b'"name": "', b'"name": "X')
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))

    with pytest.raises(CommandError, match="Checksums differ"):
        call_command("restore", damaged, stdout=io.StringIO())
