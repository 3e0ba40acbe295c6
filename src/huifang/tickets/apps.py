from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "huifang.tickets"
    verbose_name = _("投诉工单")
