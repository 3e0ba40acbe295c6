from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "huifang.calls"
    verbose_name = _("坐席工作台")
