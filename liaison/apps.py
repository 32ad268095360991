from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "liaison"
    verbose_name = _("Liaison")

    def ready(self) -> None:
        from . import db_rules

        post_migrate.connect(
            db_rules.install_overlap_rules, sender=self, dispatch_uid="liaison-overlap-rules"
        )
