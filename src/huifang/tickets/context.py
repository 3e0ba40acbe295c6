"""The bell in every page's header 提醒: how many of the reader's items are unread."""

from huifang.tickets.models import Notification


def bell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread": Notification.objects.filter(user=user, read_at__isnull=True).count()}
