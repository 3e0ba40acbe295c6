"""Audit records for lock-outs: django-axes signals each lock-out once."""

import logging

from axes.signals import user_locked_out
from django.dispatch import receiver

log = logging.getLogger("huifang.accounts")


@receiver(user_locked_out)
def record_lockout(sender, request, username=None, ip_address=None, **kwargs):
    from huifang.accounts.models import AuditEntry

    log.warning("login locked out: user %r from %s", username, ip_address)
    AuditEntry.objects.create(
        username=username or "",
        action=AuditEntry.LOCKOUT,
        target=ip_address or "",
        detail="repeated failed logins",
    )
