from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScriptsConfig(AppConfig):
    name = "huifang.scripts"
    verbose_name = _("话术库")

    def ready(self):
        from django.utils.translation import gettext

        from huifang.scripts import checks, text  # noqa: F401 - checks registers itself

        text.use(gettext)
