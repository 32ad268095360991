from django.core.management.base import BaseCommand

from cppcc.schedules import schedules_sync


class Command(BaseCommand):
    help = "Write the periodic schedules of cppcc/schedules.py into Celery beat's tables."

    def handle(self, *args, **options):
        report = schedules_sync()
        for label, names in (
            ("created", report.created),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
            ("kept as edited in the admin", report.kept_as_edited),
        ):
            for name in names:
                self.stdout.write(f"{label}: {name}")
