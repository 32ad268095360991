from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cppcc.scale.generate import ProvinceExists, generate_scale_data


class Command(BaseCommand):
    help = (
        "Generate a province's committee tree (cities, counties), its members and a year of "
        "duty records in realistic proportions, fast (COPY on PostgreSQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=40_000)
        parser.add_argument("--year", type=int, default=timezone.localdate().year)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--province-name", default="江南省")
        parser.add_argument("--cities", type=int, default=None)
        parser.add_argument("--counties-per-city", type=int, default=None)
        parser.add_argument("--batch-size", type=int, default=50_000)

    def handle(self, *args, **options):
        try:
            summary = generate_scale_data(
                members=options["members"],
                year=options["year"],
                seed=options["seed"],
                province_name=options["province_name"],
                cities=options["cities"],
                counties_per_city=options["counties_per_city"],
                batch_size=options["batch_size"],
            )
        except ProvinceExists as exc:
            raise CommandError(
                f"The province {exc} already exists; choose another --province-name."
            ) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout
        levels = ", ".join(f"{count} {level}" for level, count in summary.committees.items())
        out.write(f"Committees: {levels} (under {summary.province.name})")
        out.write(f"Members: {summary.members}")
        out.write("Duty records by kind:")
        for label, count in summary.records.items():
            out.write(f"  {label:<34} {count:>10}")
        out.write(f"  {'per member':<34} {summary.records_per_member:>10.1f}")
        out.write("Rows by table:")
        for table, count in summary.rows.items():
            out.write(f"  {table:<34} {count:>10}")
        for phase, seconds in summary.phases.items():
            out.write(f"  {phase:<34} {seconds:>9.1f} s")
        out.write(
            self.style.SUCCESS(f"Done in {summary.seconds:.1f} s ({summary.flushes} batches).")
        )
