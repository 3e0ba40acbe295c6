"""Working a ticket 工单处理: opening one and taking every action on it through the
workflow (workflow.py), with the ticket row and its log written in one transaction.

Every action names the version of the ticket its author saw (how many log lines it
had). When someone else has acted in between, the action is refused with what they
did (`TicketChanged`) and nothing is written: the second person looks again and
decides, so no change is silently overwritten. The unique (ticket, sequence) of the
log backs this up in the database."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from huifang.campaigns.models import CalendarDay
from huifang.campaigns.rules import calendar, forget_calendar
from huifang.text import _, quoted
from huifang.tickets import clocks, followup, notify
from huifang.tickets import workflow as wf
from huifang.tickets.intake import default_checklist
from huifang.tickets.models import Attachment, DepartmentMember, Ticket, TicketEvent
from huifang.tickets.routing import RouteRefused, default_table
from huifang.tickets.sla import BusinessHours
from huifang.tickets.statuses import (
    ACTIONS,
    ASSIGN,
    CLOSE,
    CLOSE_BY_POLICY,
    COMMENT,
    EDIT,
    OPEN,
    REOPEN,
    RETURN_RESULT,
    ROUTE,
    SLA,
    START,
    STATUSES,
    WAITING,
)

# The intake fields kept in columns too, for lists and filters.
COLUMNS = ("category", "dealer", "severity", "description")


class TicketChanged(Exception):
    """Someone else acted on the ticket since its author looked: what they did."""

    def __init__(self, ticket: Ticket, seen: int):
        self.ticket = ticket
        latest = ticket.events.order_by("-sequence").first()
        if latest is None:
            message = _("工单已被别人修改，请看过最新内容后再保存")
        else:
            message = _(
                "工单在你打开之后已被{who}于 {at} 修改（{action}），请看过最新内容后再保存"
            ).format(
                who=latest.by_name,
                at=timezone.localtime(latest.at).strftime("%H:%M:%S"),
                action=quoted(_(ACTIONS[latest.action].label)),
            )
        super().__init__(message)


def events_of(ticket: Ticket) -> list[wf.Event]:
    return [_event(e) for e in ticket.events.order_by("sequence")]


def _event(row: TicketEvent) -> wf.Event:
    return wf.Event(row.action, row.state_from, row.state_to, row.by_name, row.at, row.note,
                    row.data)  # fmt: skip


def facts(ticket: Ticket, attempts_exhausted: bool = False) -> wf.TicketFacts:
    return wf.TicketFacts(
        intake=ticket.intake,
        departments=frozenset(default_table().departments),
        attempts_exhausted=attempts_exhausted,
    )


def from_archive(customer) -> dict:
    """The intake fields the archive already knows: the customer, his first vehicle
    and his dealer."""
    known = {"customer": str(customer)}
    vehicle = customer.vehicles.first()
    if vehicle is not None:
        known["vehicle"] = " ".join(filter(None, [vehicle.product, vehicle.plate, vehicle.vin]))
    if customer.dealer_id is not None:
        known["dealer"] = customer.dealer.code
    return known


def open_ticket(
    *,
    customer,
    by,
    description: str,
    source: str = "manual",
    intake: dict | None = None,
    **fields,
) -> Ticket:
    """A new ticket (状态 新建) with what is known of the complaint so far; routing
    waits until the intake is complete."""
    intake = {"description": description, **(intake or {})}
    ticket = Ticket(
        customer=customer,
        created_by=by,
        source=source,
        intake=intake,
        **{key: intake.get(key) or "" for key in COLUMNS},
        **fields,
    )
    ticket.severity = ticket.severity or "normal"
    refresh_clocks(ticket, [], ticket.created_at)
    ticket.save()
    return ticket


def route_when_complete(ticket: Ticket, user, now: datetime | None = None) -> list[str]:
    """Route a ticket just taken down when its intake is complete (by the rules);
    otherwise what it still lacks, and it waits as 新建."""
    missing = default_checklist().problems(ticket.intake)
    if not missing:
        version = Ticket.objects.only("version").get(pk=ticket.pk).version
        act(ticket, ROUTE, user=user, version=version, now=now)
    return missing


def act(
    ticket: Ticket | int,
    action: str,
    *,
    user,
    version: int,
    note: str = "",
    now: datetime | None = None,
    attempts_exhausted: bool = False,
    **data,
) -> Ticket:
    """Take `action` on the ticket as `user`, who saw it at `version`. Raises
    TicketChanged when it has moved on since, WorkflowError when the action cannot be
    taken (the message says why); nothing is written then."""
    now = now or timezone.now()
    pk = ticket.pk if isinstance(ticket, Ticket) else ticket
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=pk)
        if ticket.version != version:
            raise TicketChanged(ticket, version)
        events = events_of(ticket)
        if action == ROUTE and not data.get("department"):
            data = {**data, **_routed(ticket)}
        if action == EDIT:
            data["changes"] = _changes(ticket, data.pop("values", {}))
        if action == ASSIGN:
            assignee = _member(ticket, data.get("assignee"))
        event = wf.apply(
            events,
            action,
            by=user.username if user else "system",
            at=now,
            facts=facts(ticket, attempts_exhausted),
            note=note,
            **data,
        )
        append(ticket, events, event, user)
        events.append(event)
        refresh_clocks(ticket, events, now)
        if action == ASSIGN:
            ticket.assignee = assignee
        elif action == START and user is not None and ticket.assignee_id is None:
            ticket.assignee = user  # who took it up answers for it
        if action == RETURN_RESULT:
            ticket.task = followup.schedule(ticket, now)
        elif action in (CLOSE, CLOSE_BY_POLICY, REOPEN) and ticket.task_id:
            followup.cancel(ticket.task_id, now)  # decided without the call: none to make
        ticket.save()
    notify.after(ticket, event)
    return ticket


def attach(ticket: Ticket, upload, user, now: datetime | None = None) -> Attachment:
    """Keep an uploaded file with the ticket and say so in its log."""
    now = now or timezone.now()
    with transaction.atomic():
        attachment = Attachment.objects.create(
            ticket=ticket, file=upload, name=upload.name[:200], size=upload.size, by=user, at=now
        )
        current = Ticket.objects.only("version").get(pk=ticket.pk).version
        act(
            ticket,
            COMMENT,
            user=user,
            version=current,
            note=_("上传了附件 {name}").format(name=attachment.name),
            now=now,
            ref={"attachment": attachment.pk},
        )
    return attachment


def append(ticket: Ticket, events: list[wf.Event], event: wf.Event, user) -> None:
    """Write `event`, which follows `events`, as the ticket's next log line and bring
    the row up to date (the caller saves it)."""
    try:
        with transaction.atomic():
            TicketEvent.objects.create(
                ticket=ticket,
                sequence=ticket.version + 1,
                action=event.action,
                state_from=event.state_from,
                state_to=event.state_to,
                by=user,
                by_name=event.by,
                at=event.at,
                note=event.note,
                data=dict(event.data),
            )
    except IntegrityError:
        raise TicketChanged(ticket, ticket.version) from None
    state = wf.replay([*events, event])
    ticket.version = state.events
    ticket.status = state.status
    ticket.department = state.department or ""
    ticket.result = state.result or ""
    ticket.satisfaction = state.satisfaction or ""
    ticket.reopen_count = state.reopen_count
    ticket.escalations = state.escalations
    ticket.policy_reason = state.policy_reason or ""
    if event.action == EDIT:
        for key, (_old, new) in event.data["changes"].items():
            ticket.intake[key] = new
            if key in COLUMNS:
                setattr(ticket, key, new or "")
    if event.state_to != event.state_from and event.data.get("department"):
        ticket.assignee = None  # another department: its head assigns a handler


def _member(ticket: Ticket, username):
    """The handler of the ticket's department named `username`; WorkflowError when
    there is none."""
    member = DepartmentMember.objects.filter(
        user__username=str(username or "").strip(), user__is_active=True,
        department=ticket.department,
    ).select_related("user").first()  # fmt: skip
    if member is None:
        raise wf.WorkflowError(
            _("不能{action}：{who}不是{department}的处理人").format(
                action=quoted(_(ACTIONS[ASSIGN].label)),
                who=quoted(str(username or "—")),
                department=quoted(ticket.department_name or "—"),
            ),
            ASSIGN,
            ticket.status,
        )
    return member.user


def _routed(ticket: Ticket) -> dict:
    """The department the routing rules give, and which rule gave it."""
    vehicle = ticket.vehicle
    try:
        routed = default_table().route(
            ticket.category,
            vehicle.product if vehicle else "",
            ticket.dealer,
        )
    except RouteRefused as exc:
        raise wf.WorkflowError(
            _("不能{action}：{reason}").format(action=quoted(_(ACTIONS[ROUTE].label)), reason=exc),
            ROUTE,
            ticket.status,
        ) from None
    return routed.as_data()


def _changes(ticket: Ticket, values: dict) -> dict:
    """Each intake field whose value differs: [old, new]."""
    known = {f.key for f in default_checklist().fields}
    changes = {}
    for key, value in values.items():
        if key not in known:
            raise wf.WorkflowError(
                _("受理信息没有{field}这一项").format(field=quoted(key)), EDIT, ticket.status
            )
        value = value.strip() if isinstance(value, str) else value
        if (ticket.intake.get(key) or "") != (value or ""):
            changes[key] = [ticket.intake.get(key) or "", value or ""]
    return changes


def targets() -> dict[str, clocks.Targets]:
    return settings.HUIFANG["SLA_HOURS"]


def business_hours() -> BusinessHours:
    """The centre's working windows (HUIFANG_BUSINESS_HOURS), on the holiday calendar's
    workdays: what an SLA clock and a promised call back count."""
    return BusinessHours(settings.HUIFANG["BUSINESS_HOURS"])


def ticket_clocks(ticket: Ticket, events: list[wf.Event], now: datetime) -> list[clocks.Clock]:
    hours = targets()
    severity = ticket.severity if ticket.severity in hours else "normal"
    return clocks.clocks(
        events,
        ticket.created_at,
        severity,
        now=now,
        calendar=calendar(),
        hours_of=business_hours(),
        targets=hours,
    )


def refresh_clocks(
    ticket: Ticket, events: list[wf.Event], now: datetime, found: list | None = None
) -> None:
    """The row's next deadline and next ladder step, from the log as of `now` (and
    its clocks, when already read from it)."""
    if not STATUSES[ticket.status].open or ticket.status == WAITING:
        # Closed, or waiting on the customer or the dealer: no clock runs, nothing can
        # fall due until it resumes (every action computes them again).
        ticket.next_due = ticket.next_step_at = None
        return
    found = found or ticket_clocks(ticket, events, now)
    running = [c.due for c in found if c.met_at is None]
    ticket.next_due = min(running, default=None)
    ticket.next_step_at = clocks.next_step(found, clocks.done_steps(events, found))


_calendar_seen: dict[str, frozenset] = {}


def follow_calendar(now: datetime | None = None) -> int:
    """When the holiday calendar has changed since the open tickets' deadlines were
    last computed (an admin edited a day, `huifang calendar load` loaded a year), or
    on the worker's first round, compute them again. The tickets whose deadlines
    moved."""
    days = frozenset(CalendarDay.objects.values_list("date", "workday"))
    if _calendar_seen.get("days") == days:
        return 0
    forget_calendar()
    moved = recompute_open(now or timezone.now())
    _calendar_seen["days"] = days
    return moved


def recompute_open(now: datetime) -> int:
    """Every open ticket's next deadline and ladder step computed again from its log;
    a row someone acted on meanwhile is left to that action's own computation."""
    moved = 0
    open_ones = Ticket.objects.filter(status__in=OPEN).prefetch_related("events")
    for ticket in open_ones.iterator(chunk_size=500):
        before = (ticket.next_due, ticket.next_step_at)
        events = [_event(e) for e in sorted(ticket.events.all(), key=lambda e: e.sequence)]
        refresh_clocks(ticket, events, now)
        if (ticket.next_due, ticket.next_step_at) != before:
            moved += Ticket.objects.filter(pk=ticket.pk, version=ticket.version).update(
                next_due=ticket.next_due, next_step_at=ticket.next_step_at
            )
    return moved


def sweep(now: datetime | None = None) -> int:
    """Write every SLA ladder step that has fallen due (the worker's upkeep runs this
    every half minute); each step once, however often it runs. The steps written."""
    now = now or timezone.now()
    due = Ticket.objects.filter(status__in=OPEN, next_step_at__lte=now)
    return sum(climb(pk, now) for pk in due.values_list("pk", flat=True))


def climb(pk: int, now: datetime) -> int:
    """The ladder steps due on one ticket, written with the row locked."""
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=pk)
        if not ticket.is_open:
            return 0
        events = events_of(ticket)
        found = ticket_clocks(ticket, events, now)
        due = clocks.steps_due(found, now, clocks.done_steps(events, found))
        for clock, level in due:
            at = max(now, events[-1].at) if events else now
            event = wf.apply(
                events, SLA, by="system", at=at, facts=facts(ticket), clock=clock, level=level
            )
            append(ticket, events, event, None)
            events.append(event)
            notify.after(ticket, event)
        refresh_clocks(ticket, events, now, found)  # SLA steps move no deadline
        ticket.save()
    return len(due)
