"""The supervisor's board 工单看板 (F3): open tickets by status and department, the
overdue ones by department and severity, and this week's average time to first
response and to resolution — each one query over the tickets the reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, Min, QuerySet
from django.utils import timezone

from huifang.text import _
from huifang.tickets.intake import default_checklist
from huifang.tickets.models import Ticket, TicketEvent
from huifang.tickets.routing import default_table
from huifang.tickets.statuses import CLOSE, CLOSE_BY_POLICY, OPEN, START, STATUSES


@dataclass(frozen=True)
class Grid:
    """Counts by row × column, with labels and totals, ready for a table."""

    rows: list[tuple[str, str]]  # (key, label)
    columns: list[tuple[str, str]]
    counts: dict[tuple[str, str], int]

    def cells(self):
        for key, label in self.rows:
            yield (
                label,
                key,
                [self.counts.get((key, c), 0) for c, _ in self.columns],
                sum(self.counts.get((key, c), 0) for c, _ in self.columns),
            )

    @property
    def totals(self) -> list[int]:
        return [sum(self.counts.get((r, c), 0) for r, _ in self.rows) for c, _ in self.columns]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _departments(keys) -> list[tuple[str, str]]:
    table = default_table().departments
    known = [(k, d.name) for k, d in table.items() if k in keys]
    return known + [(k, k or _("未派单")) for k in sorted(keys) if k not in table]


def open_by_status(tickets: QuerySet[Ticket]) -> Grid:
    counts = {
        (row["department"], row["status"]): row["n"]
        for row in tickets.filter(status__in=OPEN)
        .values("department", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return Grid(
        rows=_departments({d for d, _s in counts}),
        columns=[(s, _(STATUSES[s].label)) for s in OPEN],
        counts=counts,
    )


def overdue_by_severity(tickets: QuerySet[Ticket], now: datetime) -> Grid:
    counts = {
        (row["department"], row["severity"]): row["n"]
        for row in tickets.filter(status__in=OPEN, next_due__lt=now)
        .values("department", "severity")
        .annotate(n=Count("pk"))
        .order_by()
    }
    severities = default_checklist().severities
    return Grid(
        rows=_departments({d for d, _s in counts}),
        columns=[(k, s.label) for k, s in severities.items()],
        counts=counts,
    )


def week_start(now: datetime) -> datetime:
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    return timezone.make_aware(datetime.combine(monday, datetime.min.time()))


def average_hours(
    tickets: QuerySet[Ticket], actions, since: datetime, last: bool = False
) -> tuple[float | None, int]:
    """The average hours from a ticket's creation to the first of `actions` (the last
    with `last`: a reopened ticket is resolved when it is closed for good), over the
    tickets where that happened since `since`; and how many."""
    reached = (
        TicketEvent.objects.filter(ticket__in=tickets, action__in=actions)
        .values("ticket")
        .annotate(when=Max("at") if last else Min("at"))
        .filter(when__gte=since)
        .values_list("ticket__created_at", "when")
    )
    spans = [(when - created).total_seconds() / 3600 for created, when in reached]
    return (sum(spans) / len(spans) if spans else None), len(spans)


@dataclass(frozen=True)
class Board:
    by_status: Grid
    overdue: Grid
    first_response: tuple[float | None, int]
    resolution: tuple[float | None, int]
    since: datetime


def board(tickets: QuerySet[Ticket], now: datetime | None = None) -> Board:
    now = now or timezone.now()
    since = week_start(now)
    return Board(
        by_status=open_by_status(tickets),
        overdue=overdue_by_severity(tickets, now),
        first_response=average_hours(tickets, (START,), since),
        resolution=average_hours(tickets, (CLOSE, CLOSE_BY_POLICY), since, last=True),
        since=since,
    )
