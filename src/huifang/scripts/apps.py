from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScriptsConfig(AppConfig):
    name = "huifang.scripts"
    verbose_name = _("话术库")

    def ready(self):
        from huifang.scripts import checks  # noqa: F401 - checks registers itself
