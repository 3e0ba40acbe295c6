from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "huifang.accounts"
    verbose_name = _("账号与权限")

    def ready(self):
        from django.db.models.signals import post_migrate

        from huifang.accounts import signals  # noqa: F401
        from huifang.accounts.roles import sync_groups

        # After every app, since permissions are created app by app.
        post_migrate.connect(sync_groups, dispatch_uid="huifang-sync-groups")
