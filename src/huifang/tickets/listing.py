"""Finding tickets 工单查询 (F3 screens, the API, bench/tickets.py): the filters of the
ticket list read from a query string, each bad value refused with the filter's name,
and the overdue queue — one place for the page, the API and the benchmark, so what is
measured is what is served."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from huifang.customers.models import Customer
from huifang.text import _, listing, quoted
from huifang.tickets.intake import default_checklist
from huifang.tickets.models import Ticket
from huifang.tickets.routing import default_table
from huifang.tickets.statuses import OPEN, STATUSES

PAGE_SIZE = 50
# The columns a list shows, fetched with the ticket in one query.
RELATED = ("customer", "assignee")


class FilterError(ValueError):
    """A filter that cannot be used: its name and why."""


@dataclass(frozen=True)
class Filters:
    status: str = ""
    department: str = ""
    severity: str = ""
    dealer: str = ""
    overdue: bool = False
    open_only: bool = False
    since: date | None = None
    until: date | None = None
    q: str = ""

    @property
    def active(self) -> bool:
        return self != Filters()


def _choice(params: Mapping, name: str, choices, label: str) -> str:
    value = (params.get(name) or "").strip()
    if value and value not in choices:
        raise FilterError(
            _("{label}{value}不是可选项（{options}）").format(
                label=label, value=quoted(value), options=listing(choices)
            )
        )
    return value


def _date(params: Mapping, name: str, label: str) -> date | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FilterError(
            _("{label}{value}不是日期（应写作 2026-11-24）").format(
                label=label, value=quoted(value)
            )
        ) from None


def _flag(params: Mapping, name: str) -> bool:
    return (params.get(name) or "").strip().lower() in {"1", "true", "on", "yes"}


def read_filters(params: Mapping) -> Filters:
    """The filters in a query string (a QueryDict or a dict); FilterError names the bad
    one."""
    filters = Filters(
        status=_choice(params, "status", STATUSES, _("状态")),
        department=_choice(params, "department", default_table().departments, _("处理部门")),
        severity=_choice(params, "severity", default_checklist().severities, _("严重程度")),
        dealer=(params.get("dealer") or "").strip(),
        overdue=_flag(params, "overdue"),
        open_only=_flag(params, "open"),
        since=_date(params, "since", _("开始日期")),
        until=_date(params, "until", _("结束日期")),
        q=(params.get("q") or "").strip(),
    )
    if filters.since and filters.until and filters.since > filters.until:
        raise FilterError(_("开始日期晚于结束日期"))
    return filters


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def search(tickets: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    """Tickets whose number, customer name, phone (its last digits) or complaint holds
    `text`."""
    digits = "".join(ch for ch in text if ch.isdigit())
    where = Q(description__contains=text) | Q(customer__name__contains=text)
    if text.lstrip("#").isdigit() and len(text.lstrip("#")) <= 9:
        where |= Q(pk=int(text.lstrip("#")))
    if len(digits) >= 4:
        phones = Customer.objects.filter(phones__e164__endswith=digits[-11:])
        where |= Q(customer__in=phones.values("pk"))
    return tickets.filter(where)


def apply(
    tickets: QuerySet[Ticket], filters: Filters, now: datetime | None = None
) -> QuerySet[Ticket]:
    """`tickets` narrowed by `filters`, newest first."""
    now = now or timezone.now()
    if filters.status:
        tickets = tickets.filter(status=filters.status)
    elif filters.open_only or filters.overdue:
        tickets = tickets.filter(status__in=OPEN)
    if filters.department:
        tickets = tickets.filter(department=filters.department)
    if filters.severity:
        tickets = tickets.filter(severity=filters.severity)
    if filters.dealer:
        tickets = tickets.filter(dealer=filters.dealer)
    if filters.overdue:
        tickets = tickets.filter(next_due__lt=now)
    if filters.since:
        tickets = tickets.filter(created_at__gte=_day_start(filters.since))
    if filters.until:
        tickets = tickets.filter(created_at__lt=_day_start(filters.until) + timedelta(days=1))
    if filters.q:
        tickets = search(tickets, filters.q)
    return tickets.select_related(*RELATED).order_by("-created_at", "-pk")


def overdue(tickets: QuerySet[Ticket], now: datetime | None = None) -> QuerySet[Ticket]:
    """The open tickets whose earliest running clock has run out, the longest overdue
    first (a department's overdue queue: filter `tickets` by department and severity
    first)."""
    now = now or timezone.now()
    return (
        tickets.filter(status__in=OPEN, next_due__lt=now)
        .select_related(*RELATED)
        .order_by("next_due", "pk")
    )
