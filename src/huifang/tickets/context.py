"""The bell in every page's header 提醒: how many of the reader's items are unread —
counted only when a page shows the header (partials never ask)."""

from functools import cache

from huifang.tickets.models import Notification


def bell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def unread() -> int:
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"unread": unread}
