from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        # Named permissions.py, not rules.py: makemessages runs from inside the app folder,
        # where a rules.py would shadow the rules package. Imported here to register the rules.
        from . import permissions, triggers  # noqa: F401

        # Reinstalled after every migrate: SQLite loses a table's triggers when it rebuilds it.
        post_migrate.connect(
            triggers.install_triggers, sender=self, dispatch_uid="proposal-triggers"
        )
