"""Backing up the database and the uploaded files into one archive, and restoring it.

The archive (``.tar.gz``) holds:

- ``manifest.json``: when and from what it was made (application and Django version, database
  vendor, the applied migrations), the number of rows of every table, and the SHA-256 of every
  file in the archive;
- ``data/<app>.<model>.jsonl``: every row of every table, one JSON object a line, in Django's
  serialisation (so it restores into SQLite or PostgreSQL alike). Content types and permissions
  are not stored: ``migrate`` creates them, with ids of its own, so rows pointing at them name
  them by natural key (app and model, codename);
- ``media/…``: every uploaded file (``MEDIA_ROOT``).

The rows are read in one transaction, so the copy is of one moment (on PostgreSQL a repeatable
read snapshot). A restore goes into a freshly migrated, empty database only, at the same
migration state; it inserts every row as it was (same ids), resets the id sequences, checks the
row counts and the files' checksums against the manifest, and commits only if all agree.

For a large PostgreSQL database, ``pg_dump``/``pg_restore`` is the faster route for the rows;
this archive adds the uploaded files, the manifest and the check (see the README).
"""

from .archive import backup_write
from .restore import RestoreRefused, restore_read

__all__ = ["RestoreRefused", "backup_write", "restore_read"]
