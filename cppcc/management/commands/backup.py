from pathlib import Path

from django.core.management.base import BaseCommand

from cppcc.backup import backup_write


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded files (MEDIA_ROOT) into one .tar.gz archive with "
        "a manifest (time, versions, migrations, row counts, checksums). Restore it with "
        "`manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "target", type=Path, help="the archive to write, or a folder to write a dated one in"
        )

    def handle(self, *args, target: Path, **options):
        path, manifest = backup_write(target)
        self.stdout.write(
            f"Backed up {sum(manifest['rows'].values())} rows of {len(manifest['rows'])} tables "
            f"and {sum(n.startswith('media/') for n in manifest['files'])} uploaded files "
            f"into {path}"
        )
