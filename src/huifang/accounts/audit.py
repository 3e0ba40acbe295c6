"""Audit records: who saw or took what, and when (A5)."""

from huifang.accounts.models import AuditEntry


def audit(user, action: str, target: str = "", detail: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "",
        action=action,
        target=target,
        detail=detail,
    )
