from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "huifang.calls"
    verbose_name = _("坐席工作台")

    def ready(self):
        """A telephone adapter that cannot be loaded stops start-up, naming the variable;
        a lease that runs out closes the call left open on its task."""
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

        from huifang.calls.workspace import on_lease_expired
        from huifang.campaigns.upkeep import lease_expired

        lease_expired.connect(on_lease_expired, dispatch_uid="calls.on_lease_expired")
