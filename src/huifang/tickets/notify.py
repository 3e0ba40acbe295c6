"""Who hears about what happens to a ticket 工单提醒: an item in the bell of each person
concerned and, for those with an address, an e-mail through Django's mail settings.

- routed to a department, or reopened or escalated to one: its handlers;
- escalated to a supervisor: the customer-relations supervisors;
- result returned: whoever took the complaint (else the supervisors), who calls back;
- an SLA step: the warning and the first overdue step go to the handler (or the whole
  department while nobody has it), the second to the department head, the third to
  the supervisors."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from huifang.accounts.roles import ROLES
from huifang.text import _
from huifang.tickets.models import DepartmentMember, Notification, Ticket
from huifang.tickets.routing import default_table
from huifang.tickets.statuses import SLA_CLOCKS, SLA_LEVELS
from huifang.tickets.workflow import Event

log = logging.getLogger(__name__)


def after(ticket: Ticket, event: Event) -> None:
    """Tell the people concerned by `event`, once the transaction holding it commits."""
    found = _whom(ticket, event)
    if found:
        kind, users, text = found
        transaction.on_commit(lambda: send(users, ticket, kind, text, at=event.at))


def _whom(ticket: Ticket, event: Event):
    number = _("工单 #{pk}").format(pk=ticket.pk)
    department = event.data.get("department") if event.state_to == "routed" else None
    if event.action in ("route", "reopen") or (event.action == "escalate" and department):
        kind = {"route": "routed", "reopen": "reopened"}.get(event.action, "escalated")
        text = {
            "routed": _("{number} 已派给本部门：{text}"),
            "reopened": _("{number} 客户不满意，需重新处理：{text}"),
            "escalated": _("{number} 已升级到本部门：{text}"),
        }[kind].format(number=number, text=event.note or ticket.description[:60])
        return kind, handlers(ticket.department), text
    if event.action == "escalate":
        return (
            "escalated",
            supervisors(),
            _("{number} 升级给主管：{text}").format(number=number, text=event.note),
        )
    if event.action == "assign" and ticket.assignee is not None:
        return (
            "routed",
            [ticket.assignee],
            _("{number} 指派给你处理：{text}").format(number=number, text=ticket.description[:60]),
        )
    if event.action == "return_result":
        users = [ticket.created_by] if ticket.created_by else supervisors()
        return (
            "result_returned",
            users,
            _("{number} 处理结果已回复，请回访客户").format(number=number),
        )
    if event.action == "sla":
        level = event.data["level"]
        clock = _(SLA_CLOCKS[event.data["clock"]])
        text = _("{number} {clock}：{step}").format(
            number=number, clock=clock, step=_(SLA_LEVELS[level])
        )
        if level <= 1:
            users = [ticket.assignee] if ticket.assignee else handlers(ticket.department)
        elif level == 2:
            users = [u for u in [head(ticket.department)] if u] or supervisors()
        else:
            users = supervisors()
        return ("warning" if level == 0 else "overdue"), users, text
    return None


def handlers(department: str) -> list:
    if not department:
        return supervisors()
    members = DepartmentMember.objects.filter(department=department, user__is_active=True)
    return [m.user for m in members.select_related("user")] or supervisors()


def head(department: str):
    known = default_table().departments.get(department)
    login = getattr(known, "head", "") if known else ""
    return (
        get_user_model().objects.filter(username=login, is_active=True).first() if login else None
    )


def supervisors() -> list:
    return list(
        get_user_model().objects.filter(groups__name=ROLES["supervisor"].group, is_active=True)
    )


def send(users, ticket: Ticket | None, kind: str, text: str, link: str = "", at=None) -> None:
    """The bell item, dated `at` (now when None), and an e-mail to each of `users` with
    an address; about a ticket, or about what `link` opens."""
    users = list({u.pk: u for u in users if u is not None}.values())
    at = at or timezone.now()
    Notification.objects.bulk_create(
        Notification(user=u, ticket=ticket, link=link, kind=kind, text=text[:300], created_at=at)
        for u in users
    )
    addresses = [u.email for u in users if u.email]
    if addresses:
        try:
            send_mail(
                subject=f"[huifang] {text[:80]}",
                message=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=addresses,
            )
        except OSError:  # the mail server is down: the bell still has it
            log.exception("could not e-mail %s: %s", addresses, text[:80])
