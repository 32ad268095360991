"""Restoring a backup archive into an empty database (see ``cppcc.backup``)."""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.color import no_style
from django.core.serializers import python
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .archive import FORMAT, applied_migrations
from .tables import backed_up_models, label, sha256

#: Tables ``migrate`` itself fills (accounts' staff group, kept in step with the permissions
#: after every migrate): a fresh database has these rows, and the backup's replace them.
MIGRATE_FILLS = ("auth.group", "auth.group_permissions")

BATCH = 500


class RestoreRefused(Exception):
    """The archive cannot be restored here; nothing was changed."""


def restore_read(path: Path) -> dict:
    """Restore the archive at ``path``; return what was restored. Refuses (RestoreRefused)
    before changing anything unless the database is empty and at the archive's migrations."""
    connection = connections[DEFAULT_DB_ALIAS]
    with tempfile.TemporaryDirectory(prefix="cppcc-restore-") as scratch:
        folder = Path(scratch)
        manifest = _unpack(path, folder)
        models = _check_database(manifest, connection)
        media = _check_media(manifest)
        written: list[Path] = []
        try:
            with transaction.atomic(using=connection.alias):
                _load_rows(folder / "data", models, manifest["rows"], connection)
                for name, digest in media.items():
                    written.append(_put_file(folder / "media" / name, name, digest))
        except BaseException:
            for target in written:
                target.unlink(missing_ok=True)
            raise
    return {
        "tables": len(models),
        "rows": sum(manifest["rows"].values()),
        "files": len(media),
        "created_at": manifest["created_at"],
    }


def _unpack(path: Path, folder: Path) -> dict:
    """Unpack into ``folder``; every file must be in the manifest with its checksum, and the
    other way round."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(folder, filter="data")
    except (OSError, tarfile.TarError) as error:
        raise RestoreRefused(f"Cannot read the archive {path}: {error}") from error
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise RestoreRefused(f"The archive has no readable manifest.json: {error}") from error
    if manifest.get("format") != FORMAT:
        raise RestoreRefused(f"Unknown archive format {manifest.get('format')!r}.")
    found = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    listed = set(manifest["files"])
    if found != listed:
        raise RestoreRefused(
            f"The archive does not match its manifest: missing {sorted(listed - found)[:5]}, "
            f"unlisted {sorted(found - listed)[:5]}."
        )
    damaged = [name for name in sorted(listed) if sha256(folder / name) != manifest["files"][name]]
    if damaged:
        raise RestoreRefused(f"Checksums differ, the archive is damaged: {damaged[:5]}.")
    return manifest


def _check_database(manifest: dict, connection) -> list:
    here = applied_migrations(connection)
    there = manifest["migrations"]
    if here != there:
        missing = [m for m in there if m not in here]
        extra = [m for m in here if m not in there]
        raise RestoreRefused(
            "The database's migrations differ from the backup's: restore with the application "
            "version that made it (then migrate). "
            f"Not applied here: {missing[:5]}; applied here only: {extra[:5]}."
        )
    models = backed_up_models()
    labels = [label(m) for m in models]
    if sorted(labels) != sorted(manifest["rows"]):
        raise RestoreRefused("The backup's tables differ from this application's.")
    filled = {
        label(m): m._base_manager.using(connection.alias).count()
        for m in models
        if label(m) not in MIGRATE_FILLS
    }
    filled = {name: n for name, n in filled.items() if n}
    if filled:
        sample = ", ".join(f"{name}: {n}" for name, n in sorted(filled.items())[:5])
        raise RestoreRefused(
            f"The database is not empty ({len(filled)} tables have rows; {sample}). Restore only "
            "into a new, migrated database (createdb, then manage.py migrate)."
        )
    return models


def _check_media(manifest: dict) -> dict[str, str]:
    """The files to write: name under MEDIA_ROOT → checksum. A different file already there
    with the same name is refused; the same file is left as it is."""
    root = Path(settings.MEDIA_ROOT)
    media = {}
    for name, digest in manifest["files"].items():
        if not name.startswith("media/"):
            continue
        relative = name.removeprefix("media/")
        target = root / relative
        if target.exists():
            if sha256(target) != digest:
                raise RestoreRefused(
                    f"{target} exists with other content; restore into an empty media folder."
                )
            continue
        media[relative] = digest
    return media


def _load_rows(folder: Path, models: list, counts: dict, connection) -> None:
    for name in MIGRATE_FILLS[::-1]:
        model = next(m for m in models if label(m) == name)
        model._base_manager.using(connection.alias).all().delete()
    for model in models:
        _insert_table(folder / f"{label(model)}.jsonl", model, connection)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    # Foreign keys are checked at commit on PostgreSQL; check them now everywhere.
    connection.check_constraints(table_names=[m._meta.db_table for m in models])
    found = {label(m): m._base_manager.using(connection.alias).count() for m in models}
    wrong = {name: (found[name], n) for name, n in counts.items() if found[name] != n}
    if wrong:
        raise RestoreRefused(f"Row counts differ after loading (found, expected): {wrong}.")


def _insert_table(path: Path, model, connection) -> None:
    """Insert the rows as they were (ids included), as ``loaddata``'s raw save does: no
    signals (no history entries, no recomputations), no automatic timestamps."""
    fields = model._meta.local_concrete_fields
    manager = model._base_manager.using(connection.alias)
    batch: list = []
    with path.open(encoding="utf-8") as file:
        for line in file:
            batch.append(json.loads(line))
            if len(batch) == BATCH:
                _insert_batch(batch, fields, manager, connection)
                batch = []
    if batch:
        _insert_batch(batch, fields, manager, connection)


def _insert_batch(rows: list[dict], fields, manager, connection) -> None:
    objs = [d.object for d in python.Deserializer(rows, using=connection.alias)]
    size = max(1, min(BATCH, connection.ops.bulk_batch_size(fields, objs)))
    for start in range(0, len(objs), size):
        manager._insert(objs[start : start + size], fields=fields, raw=True)


def _put_file(source: Path, relative: str, digest: str) -> Path:
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    if sha256(target) != digest:
        raise RestoreRefused(f"{target} was written with a different checksum.")
    return target
