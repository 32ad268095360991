from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cppcc.backup import RestoreRefused, restore_read


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into a new, migrated, empty database "
        "(at the same migrations) and the media folder; every row count and file checksum is "
        "checked against the archive's manifest before the restore is committed."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="the .tar.gz written by `manage.py backup`")

    def handle(self, *args, archive: Path, **options):
        try:
            report = restore_read(archive)
        except RestoreRefused as refusal:
            raise CommandError(f"Nothing was restored. {refusal}") from refusal
        self.stdout.write(
            f"Restored {report['rows']} rows of {report['tables']} tables and "
            f"{report['files']} uploaded files from the backup of {report['created_at']}; "
            "row counts and checksums match the manifest."
        )
