from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # lockout connects the security log; sessions and two_factor, the sign-in signal.
        from . import lockout, services, sessions, two_factor  # noqa: F401

        post_migrate.connect(
            services.staff_group_sync_after_migrate, dispatch_uid="staff-group-sync"
        )
