"""A ticket as its people read it 工单时间线: each log line in words (who did what,
when, to which department, with which result), each SLA clock with its deadline and
how it stands, and what is still missing from the intake."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from huifang.text import _, gettext_noop
from huifang.tickets import clocks, labels
from huifang.tickets.models import Ticket, TicketEvent
from huifang.tickets.statuses import (
    ACTIONS,
    POLICY_REASONS,
    SATISFACTION,
    SLA,
    SLA_CLOCKS,
    SLA_LEVELS,
    STATUSES,
    WAITING_FOR,
)


@dataclass(frozen=True)
class Line:
    """One log line in words."""

    sequence: int
    at: datetime
    by: str
    action: str
    label: str
    status: str  # the status it led to, when it changed; "" otherwise
    colour: str
    note: str
    facts: list[str]  # "处理部门：售后服务部", "时限：解决 超时，升级到部门负责人"
    fresh: bool  # written after the reader's version (someone else's change)


def _facts(event: TicketEvent) -> list[str]:
    data, facts = event.data or {}, []
    if data.get("department") and event.action != SLA:
        facts.append(_("处理部门：{name}").format(name=labels.department_name(data["department"])))
    if data.get("rule"):
        facts.append(_("派单规则：{rule}").format(rule=data["rule"]))
    elif event.action == "route":
        facts.append(_("手动派单"))
    if data.get("result"):
        facts.append(_("处理结果：{result}").format(result=data["result"]))
    if data.get("satisfaction") in SATISFACTION:
        facts.append(_("客户满意度：{s}").format(s=_(SATISFACTION[data["satisfaction"]])))
    if data.get("waiting_for") in WAITING_FOR:
        facts.append(_(WAITING_FOR[data["waiting_for"]]))
    if data.get("reason") in POLICY_REASONS:
        facts.append(_(POLICY_REASONS[data["reason"]]))
    if data.get("contacted"):
        facts.append(_("已告知客户进展"))
    if event.action == SLA:
        facts.append(
            _("{clock}：{level}").format(
                clock=_(SLA_CLOCKS.get(data.get("clock"), "")),
                level=_(SLA_LEVELS.get(data.get("level"), "")),
            )
        )
    for key, (old, new) in (data.get("changes") or {}).items():
        facts.append(
            _("{field}：{old} → {new}").format(
                field=labels.field_label(key),
                old=labels.value_label(key, old) or "—",
                new=labels.value_label(key, new) or "—",
            )
        )
    return facts


def lines(ticket: Ticket, seen: int | None = None) -> list[Line]:
    """The ticket's log in words, oldest first; lines after version `seen` are fresh."""
    found = []
    for event in ticket.events.order_by("sequence"):
        changed = event.state_to != event.state_from
        status = STATUSES.get(event.state_to)
        found.append(
            Line(
                sequence=event.sequence,
                at=event.at,
                by=event.by.get_full_name()
                if event.by and event.by.get_full_name()
                else event.by_name,
                action=event.action,
                label=_(ACTIONS[event.action].label) if event.action in ACTIONS else event.action,
                status=_(status.label) if changed and status else "",
                colour=status.colour if changed and status else "grey",
                note=event.note,
                facts=_facts(event),
                fresh=seen is not None and event.sequence > seen,
            )
        )
    return found


@dataclass(frozen=True)
class ClockRow:
    name: str
    hours: float
    due: datetime | None
    state: str  # met, late, running, warning, overdue
    label: str


STATE_LABELS = {
    "met": gettext_noop("按时达成"),
    "late": gettext_noop("超时后达成"),
    "running": gettext_noop("计时中"),
    "warning": gettext_noop("即将超时"),
    "overdue": gettext_noop("已超时"),
}


def clock_rows(found: list[clocks.Clock], now: datetime | None = None) -> list[ClockRow]:
    now = now or timezone.now()
    rows = []
    for clock in found:
        state = clock.state(now)
        rows.append(
            ClockRow(
                name=_(SLA_CLOCKS.get(clock.name, clock.name)),
                hours=clock.hours,
                due=clock.due,
                state=state,
                label=_(STATE_LABELS.get(state, state)),
            )
        )
    return rows
