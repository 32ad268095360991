"""``manage.py export_popolo <committee>``: the committee's Popolo JSON on stdout (or --output)."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from committees.models import Committee
from opendata.popolo import committee_popolo


class Command(BaseCommand):
    help = "Write a committee's members, sectors and seats as Popolo JSON."

    def add_arguments(self, parser):
        parser.add_argument("committee", help="The committee's id or its exact name.")
        parser.add_argument("--output", "-o", help="Write to this file instead of stdout.")

    def handle(self, *args, committee: str, output: str | None = None, **options):
        lookup = {"pk": int(committee)} if committee.isdigit() else {"name": committee}
        found = Committee.objects.filter(**lookup).first()
        if found is None:
            raise CommandError(f"No committee {committee!r}.")
        with translation.override(settings.LANGUAGE_CODE):
            data = committee_popolo(found)
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)
