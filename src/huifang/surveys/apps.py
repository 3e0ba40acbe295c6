from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "huifang.surveys"
    verbose_name = _("问卷")

    def ready(self):
        from django.utils.translation import gettext

        from huifang import text

        text.use(gettext)  # for every plain core: surveys, scripts, quality
