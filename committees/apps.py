from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Committees")

    def ready(self) -> None:
        from . import guards

        # Triggers are (re)installed after every migrate so that a table rebuilt by a later
        # migration (SQLite rebuilds tables on ALTER) never loses its guard.
        post_migrate.connect(guards.install_guards, sender=self, dispatch_uid="committee-guards")
        # ... and on SQLite dropped before it, so rebuilding a table cannot trip another's trigger.
        pre_migrate.connect(
            guards.drop_sqlite_triggers, sender=self, dispatch_uid="drop-sqlite-triggers"
        )
