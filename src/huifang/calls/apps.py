from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "huifang.calls"
    verbose_name = _("坐席工作台")

    def ready(self):
        """A telephone adapter that cannot be loaded stops start-up, naming the variable."""
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
        from django.utils.module_loading import import_string

        path = settings.HUIFANG["TELEPHONY"]
        try:
            adapter = import_string(path)
        except ImportError as exc:
            raise ImproperlyConfigured(f"HUIFANG_TELEPHONY={path!r}: {exc}") from None
        if not callable(getattr(adapter, "dial", None)):
            raise ImproperlyConfigured(f"HUIFANG_TELEPHONY={path!r}: the class has no dial()")
