from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import lockout, services  # noqa: F401 (lockout connects the security log)

        post_migrate.connect(
            services.staff_group_sync_after_migrate, dispatch_uid="staff-group-sync"
        )
