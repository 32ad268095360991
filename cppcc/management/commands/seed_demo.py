from django.core.management.base import BaseCommand

from cppcc.demo.people import DEMO_PASSWORD
from cppcc.demo.seed import LOGINS, seed_demo


class Command(BaseCommand):
    help = "Load the demo committees, members and a year of work (idempotent), and print the demo logins."

    def handle(self, *args, **options):
        result = seed_demo()
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data created: {result.city.name} and {result.county.name} "
                    f"({len(result.county_members)} county members)."
                )
            )
        else:
            self.stdout.write(
                f"Demo data already present in {result.county.name}; logins refreshed."
            )
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for username, _name, role in LOGINS:
            user = result.users.get(username)
            if user is not None:
                self.stdout.write(f"  {username:<11} {role:<14} {user.name}")
        self.stdout.write("\nStaff work at /admin/.")
