"""Complaint tickets 投诉工单 (F3): the list and the overdue queue with the ticket list's
filters, one ticket with its log, and the workflow's actions.

A user sees exactly the tickets `access.visible` gives her: a ticket she may not see
answers 404, as if it did not exist. Phone numbers are masked for everyone here (the
customer's number, and any number written into the complaint, the intake, the call's
notes or the log), so a script cannot read what a handler may not."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from huifang.accounts.masking import mask_text
from huifang.text import listing, quoted
from huifang.tickets import access, handling
from huifang.tickets import listing as finding
from huifang.tickets import workflow as wf
from huifang.tickets.models import Ticket
from huifang.tickets.statuses import ACTIONS, STATUSES

router = Router(tags=["tickets"])

MAX_PAGE_SIZE = 200
# The action's data the body may carry, as handling.act takes it.
ACTION_DATA = (
    "department",
    "result",
    "satisfaction",
    "waiting_for",
    "reason",
    "contacted",
    "values",
    "assignee",
)


# --- schemas -------------------------------------------------------------------------


class Problem(Schema):
    detail: str


class Changed(Schema):
    """Refused because the ticket is not as the caller saw it: look again at `version`."""

    detail: str
    version: int


class ListQuery(Schema):
    """The ticket list's filters (listing.read_filters) and the page."""

    status: str = ""
    department: str = ""
    severity: str = ""
    dealer: str = ""
    overdue: str = ""
    open: str = ""
    since: str = ""
    until: str = ""
    q: str = ""
    page: int = 1
    page_size: int = finding.PAGE_SIZE


class OverdueQuery(Schema):
    department: str = ""
    severity: str = ""
    page: int = 1
    page_size: int = finding.PAGE_SIZE


class TicketOut(Schema):
    id: int
    status: str
    status_label: str
    severity: str
    severity_label: str
    category: str
    category_label: str
    dealer: str
    department: str
    department_name: str
    assignee: str
    customer_name: str
    phone: str  # masked: 138****8000
    created_at: datetime
    next_due: datetime | None
    overdue: bool
    reopen_count: int
    satisfaction: str
    version: int


class TicketPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[TicketOut]


class EventOut(Schema):
    sequence: int
    action: str
    action_label: str
    state_from: str
    state_to: str
    by_name: str
    at: datetime
    note: str
    data: dict[str, Any]


class ActionOut(Schema):
    action: str
    label: str


class TicketDetail(TicketOut):
    source: str
    description: str
    intake: dict[str, Any]
    details: dict[str, Any]
    result: str
    escalations: int
    policy_reason: str
    events: list[EventOut]
    actions: list[ActionOut]  # what this user may do now


class ActionIn(Schema):
    action: str
    version: int
    note: str = ""
    department: str | None = None
    result: str | None = None
    satisfaction: str | None = None
    waiting_for: str | None = None
    reason: str | None = None
    contacted: bool | None = None
    values: dict[str, Any] | None = None
    assignee: str | None = None  # a handler's login, for assign


# --- what is shown -------------------------------------------------------------------


def _local(at: datetime | None) -> datetime | None:
    return timezone.localtime(at) if at is not None else None


def _item(ticket: Ticket, now: datetime) -> dict:
    phone = ticket.customer.primary_phone
    return {
        "id": ticket.pk,
        "status": ticket.status,
        "status_label": _(STATUSES[ticket.status].label),
        "severity": ticket.severity,
        "severity_label": ticket.severity_label,
        "category": ticket.category,
        "category_label": ticket.category_label,
        "dealer": ticket.dealer,
        "department": ticket.department,
        "department_name": ticket.department_name,
        "assignee": ticket.assignee.username if ticket.assignee else "",
        "customer_name": ticket.customer.name,
        "phone": str(phone) if phone else "",
        "created_at": _local(ticket.created_at),
        "next_due": _local(ticket.next_due),
        "overdue": ticket.overdue(now),
        "reopen_count": ticket.reopen_count,
        "satisfaction": ticket.satisfaction,
        "version": ticket.version,
    }


def _detail(ticket: Ticket, user) -> dict:
    events = [
        {
            "sequence": e.sequence,
            "action": e.action,
            "action_label": _(ACTIONS[e.action].label) if e.action in ACTIONS else e.action,
            "state_from": e.state_from,
            "state_to": e.state_to,
            "by_name": e.by_name,
            "at": _local(e.at),
            "note": mask_text(e.note),
            "data": mask_text(e.data),
        }
        for e in ticket.events.order_by("sequence")
    ]
    actions = [
        {"action": action, "label": _(ACTIONS[action].label)}
        for action in wf.allowed(ticket.status, handling.facts(ticket))
        if access.may_take(user, ticket, action)
    ]
    return {
        **_item(ticket, timezone.now()),
        "source": ticket.source,
        "description": mask_text(ticket.description),
        "intake": mask_text(ticket.intake),
        "details": mask_text(ticket.details),
        "result": mask_text(ticket.result),
        "escalations": ticket.escalations,
        "policy_reason": ticket.policy_reason,
        "events": events,
        "actions": actions,
    }


def _with_columns(tickets):
    """The list's columns in three queries whatever the page holds: the tickets with
    customer and assignee, and the customers' phones."""
    return tickets.select_related(*finding.RELATED).prefetch_related("customer__phones")


def _page(tickets, page: int, page_size: int) -> dict | Status:
    if page < 1:
        return Status(400, {"detail": _("page 应为从 1 起的页码")})
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        return Status(
            400,
            {"detail": _("page_size 应在 1 到 {most} 之间").format(most=MAX_PAGE_SIZE)},
        )
    count = tickets.count()
    start = (page - 1) * page_size
    rows = _with_columns(tickets)[start : start + page_size] if start < count else []
    now = timezone.now()
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "results": [_item(ticket, now) for ticket in rows],
    }


def _visible_ticket(request, ticket_id: int) -> Ticket | None:
    return (
        access.visible(request.auth)
        .select_related(*finding.RELATED)
        .prefetch_related("customer__phones")
        .filter(pk=ticket_id)
        .first()
    )


def _not_found(ticket_id: int) -> Status:
    return Status(404, {"detail": _("没有编号为 {id} 的工单").format(id=ticket_id)})


# --- endpoints -----------------------------------------------------------------------


@router.get(
    "/",
    response={200: TicketPage, 400: Problem},
    summary="The tickets this user may see, filtered as the ticket list filters, newest first",
)
def list_tickets(request, params: Query[ListQuery]):
    try:
        filters = finding.read_filters(request.GET)
    except finding.FilterError as exc:
        return Status(400, {"detail": str(exc)})
    tickets = finding.apply(access.visible(request.auth), filters)
    return _page(tickets, params.page, params.page_size)


@router.get(
    "/overdue",
    response={200: TicketPage, 400: Problem},
    summary="The overdue queue: open tickets past their earliest deadline, longest overdue first",
)
def overdue_tickets(request, params: Query[OverdueQuery]):
    try:
        filters = finding.read_filters(
            {"department": params.department, "severity": params.severity}
        )
    except finding.FilterError as exc:
        return Status(400, {"detail": str(exc)})
    tickets = access.visible(request.auth)
    if filters.department:
        tickets = tickets.filter(department=filters.department)
    if filters.severity:
        tickets = tickets.filter(severity=filters.severity)
    return _page(finding.overdue(tickets), params.page, params.page_size)


@router.get(
    "/{int:ticket_id}",
    response={200: TicketDetail, 404: Problem},
    summary="One ticket with its intake, result, log and the actions this user may take",
)
def get_ticket(request, ticket_id: int):
    ticket = _visible_ticket(request, ticket_id)
    if ticket is None:
        return _not_found(ticket_id)
    return _detail(ticket, request.auth)


@router.post(
    "/{int:ticket_id}/actions",
    response={200: TicketDetail, 400: Problem, 403: Problem, 404: Problem, 409: Changed},
    summary="Take a workflow action on the ticket, as of the version the caller saw",
)
def take_action(request, ticket_id: int, body: ActionIn):
    ticket = _visible_ticket(request, ticket_id)
    if ticket is None:
        return _not_found(ticket_id)
    user = request.auth
    spec = ACTIONS.get(body.action)
    if spec is None or not spec.button:
        offered = [key for key, action in ACTIONS.items() if action.button]
        return Status(
            400,
            {
                "detail": _("没有{action}这个操作（可用：{known}）").format(
                    action=quoted(body.action), known=listing(offered)
                )
            },
        )
    if not access.may_take(user, ticket, body.action):
        return Status(
            403,
            {"detail": _("你没有权限对这张工单{action}").format(action=quoted(_(spec.label)))},
        )
    data = {key: getattr(body, key) for key in ACTION_DATA if getattr(body, key) is not None}
    try:
        ticket = handling.act(
            ticket, body.action, user=user, version=body.version, note=body.note, **data
        )
    except handling.TicketChanged as exc:
        return Status(409, {"detail": str(exc), "version": exc.ticket.version})
    except wf.WorkflowError as exc:
        # Refused by the ticket's state (a conflict) or by what was sent (bad input).
        now_state = wf.why_not(exc.status or ticket.status, body.action, handling.facts(ticket))
        if now_state:
            return Status(409, {"detail": str(exc), "version": ticket.version})
        return Status(400, {"detail": str(exc)})
    return _detail(_visible_ticket(request, ticket.pk) or ticket, user)
