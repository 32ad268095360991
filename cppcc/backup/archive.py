"""Writing a backup archive (see ``cppcc.backup``)."""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import os
import tarfile
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .tables import backed_up_models, label, rows, sha256

FORMAT = 1


class ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to milliseconds (as JavaScript
    would), which would change every stored time a little."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def app_version() -> str:
    try:
        return importlib.metadata.version("cppcc-performance")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def applied_migrations(connection) -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _read_rows(folder: Path, connection) -> dict[str, int]:
    """Every table into its own file, all read in one transaction (one moment)."""
    counts = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in backed_up_models():
            count = 0
            with (folder / f"{label(model)}.jsonl").open("w", encoding="utf-8") as file:
                for row in rows(model):
                    file.write(json.dumps(row, cls=ExactEncoder, ensure_ascii=False))
                    file.write("\n")
                    count += 1
            counts[label(model)] = count
    return counts


def backup_write(target: Path) -> tuple[Path, dict]:
    """Write the archive to ``target`` (a file, or a folder to make a dated file in); return
    its path and manifest."""
    connection = connections[DEFAULT_DB_ALIAS]
    now = timezone.now()
    if target.is_dir():
        target = target / f"cppcc-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="cppcc-backup-") as scratch:
        data = Path(scratch)
        counts = _read_rows(data, connection)
        media = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "app_version": app_version(),
            "django_version": django.get_version(),
            "database_vendor": connection.vendor,
            "migrations": applied_migrations(connection),
            "rows": counts,
            "files": {
                **{f"data/{p.name}": sha256(p) for p in sorted(data.glob("*.jsonl"))},
                **{f"media/{p.relative_to(media_root).as_posix()}": sha256(p) for p in media},
            },
        }
        manifest_path = data / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), "utf-8")
        partial = target.with_name(target.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, arcname="manifest.json")
            for path in sorted(data.glob("*.jsonl")):
                archive.add(path, arcname=f"data/{path.name}")
            for path in media:
                archive.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        partial.chmod(0o600)  # personal data: readable by the account that made it only
        # Only a complete archive gets the name: an interrupted run leaves no file to trust.
        os.replace(partial, target)
    return target, manifest
