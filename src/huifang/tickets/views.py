"""The ticket screens 工单 (F2–F4): the list with its filters, a ticket as a timeline
with the actions its reader may take, the intake form, a department's inbox, the
supervisor's board and the bell. Thin: what they show comes from listing, timeline,
board and access; what they change goes through handling."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from huifang.calls.models import InboundCall
from huifang.customers.access import visible_customers
from huifang.customers.models import Dealer
from huifang.customers.search import matching
from huifang.text import _
from huifang.tickets import access, handling, listing, timeline
from huifang.tickets import board as boards
from huifang.tickets import workflow as wf
from huifang.tickets.intake import NOT_APPLICABLE, default_checklist
from huifang.tickets.models import Attachment, DepartmentMember, Notification, Ticket
from huifang.tickets.routing import default_table
from huifang.tickets.statuses import (
    ACTIONS,
    EDIT,
    ESCALATE,
    POLICY_REASONS,
    SATISFACTION,
    SATISFIED,
    STATUSES,
    WAITING_FOR,
)


def _visible(request):
    return access.visible(request.user)


def _choices() -> dict:
    """What the filter and action forms offer."""
    checklist = default_checklist()
    table = default_table()
    return {
        "statuses": [(k, _(s.label)) for k, s in STATUSES.items()],
        "departments": [(k, d.name) for k, d in table.departments.items()],
        "severities": [(k, s.label) for k, s in checklist.severities.items()],
        "categories": [(k, c.label, c.group) for k, c in table.categories.items()],
        "dealers": list(Dealer.objects.order_by("code").values_list("code", "name")),
        "waiting_for": [(k, _(v)) for k, v in WAITING_FOR.items()],
        "satisfied": [(k, _(SATISFACTION[k])) for k in SATISFIED],
        "policy_reasons": [(k, _(v)) for k, v in POLICY_REASONS.items()],
    }


@login_required
def ticket_list(request):
    """The tickets the reader may see (access.visible), filtered and paged."""
    error = ""
    try:
        filters = listing.read_filters(request.GET)
    except listing.FilterError as exc:
        error, filters = str(exc), listing.Filters()
    tickets = listing.apply(_visible(request), filters)
    page = Paginator(tickets, listing.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tickets/ticket_list.html",
        {
            "page": page,
            "filters": filters,
            "error": error,
            "query": query.urlencode(),
            "now": timezone.now(),
            **_choices(),
        },
        status=400 if error else 200,
    )


def _actions(request, ticket: Ticket, state: wf.State) -> list:
    """The actions the reader may take on the ticket now, as the page offers them."""
    allowed = wf.allowed(state, handling.facts(ticket))
    return [
        ACTIONS[a]
        for a in allowed
        if ACTIONS[a].button and a != EDIT and access.may_take(request.user, ticket, a)
    ]


def _ticket_page(request, ticket: Ticket, *, seen: int | None = None, status: int = 200,
                 posted=None):  # fmt: skip
    events = handling.events_of(ticket)
    state = wf.replay(events)
    now = timezone.now()
    checklist = default_checklist()
    may_edit = ticket.is_open and access.may_take(request.user, ticket, EDIT)
    return render(
        request,
        "tickets/ticket.html",
        {
            "ticket": ticket,
            "state": state,
            "lines": timeline.lines(ticket, seen),
            "clocks": timeline.clock_rows(handling.ticket_clocks(ticket, events, now), now)
            if ticket.is_open
            else [],
            "actions": _actions(request, ticket, state),
            "missing": checklist.problems(ticket.intake) if ticket.is_open else [],
            "fields": [
                (f, ticket.intake.get(f.key, ""), checklist.choices(f)) for f in checklist.fields
            ],
            "customer_type": checklist.customer_types.get(ticket.intake.get("customer_type")),
            "waiting_label": _(WAITING_FOR[state.waiting_for]) if state.waiting_for else "",
            "satisfaction_label": _(SATISFACTION.get(ticket.satisfaction, ticket.satisfaction))
            if ticket.satisfaction
            else "",
            "policy_label": _(POLICY_REASONS.get(ticket.policy_reason, ticket.policy_reason))
            if ticket.policy_reason
            else "",
            "may_edit": may_edit,
            "higher": default_table().higher(ticket.department),
            "attachments": ticket.attachments.all(),
            "members": DepartmentMember.objects.filter(department=ticket.department)
            .select_related("user")
            .order_by("user__username"),
            "heard_at": _heard_at(ticket),
            "posted": posted or {},
            "na": NOT_APPLICABLE,
            **_choices(),
        },
        status=status,
    )


def _heard_at(ticket: Ticket):
    """When the callback that heard the complaint took place, if it was one."""
    try:
        return datetime.fromisoformat(ticket.details.get("at", ""))
    except (TypeError, ValueError):
        return None


def _ticket(request, pk: int) -> Ticket:
    return get_object_or_404(
        _visible(request).select_related("customer", "assignee", "vehicle", "created_by"), pk=pk
    )


@login_required
def ticket(request, pk: int):
    found = _ticket(request, pk)
    Notification.objects.filter(user=request.user, ticket=found, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return _ticket_page(request, found)


def _action_data(action: str, post) -> dict:
    data = {}
    for key in ACTIONS[action].data:
        if key == "contacted":
            if post.get("contacted"):
                data["contacted"] = True
        elif post.get(key, "").strip():
            data[key] = post[key].strip()
    if action == ESCALATE and post.get("department") == "supervisor":
        data.pop("department")  # to the customer-relations supervisor, no department
    return data


@require_POST
@login_required
def act(request, pk: int):
    found = _ticket(request, pk)
    action = request.POST.get("action", "")
    if action not in ACTIONS or not ACTIONS[action].button:
        messages.error(request, _("未知的操作：{action}").format(action=action or "—"))
        return _ticket_page(request, found, status=400)
    if not access.may_take(request.user, found, action):
        messages.error(
            request, _("你不能对这张工单{action}").format(action=_(ACTIONS[action].label))
        )
        return _ticket_page(request, found, status=403)
    try:
        seen = int(request.POST.get("version", ""))
    except ValueError:
        seen = -1
    values = None
    if action == EDIT:
        values = {f.key: request.POST.get(f.key, "") for f in default_checklist().fields}
    try:
        handling.act(
            found,
            action,
            user=request.user,
            version=seen,
            note=request.POST.get("note", ""),
            **({"values": values} if values is not None else _action_data(action, request.POST)),
        )
    except handling.TicketChanged as exc:
        messages.warning(request, str(exc))
        return _ticket_page(request, _ticket(request, pk), seen=seen, status=409,
                            posted=request.POST)  # fmt: skip
    except wf.WorkflowError as exc:
        messages.error(request, str(exc))
        return _ticket_page(request, found, status=400, posted=request.POST)
    messages.success(request, _("已{action}").format(action=_(ACTIONS[action].label)))
    return redirect("tickets:ticket", pk=pk)


@require_POST
@login_required
def attach(request, pk: int):
    found = _ticket(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要上传的文件"))
    elif not access.may_take(request.user, found, "comment"):
        messages.error(request, _("你不能给这张工单上传附件"))
    else:
        handling.attach(found, upload, request.user)
        messages.success(request, _("已上传 {name}").format(name=upload.name))
    return redirect("tickets:ticket", pk=pk)


@login_required
def attachment(request, pk: int):
    found = get_object_or_404(Attachment, pk=pk, ticket__in=_visible(request))
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


def _customers(request, query: str):
    """The customers matching `query`, of those the reader may see."""
    if not query:
        return []
    found = matching(visible_customers(request.user), query)
    return list(
        found.select_related("dealer").prefetch_related("phones", "vehicles").order_by("-pk")[:20]
    )


@login_required
def new(request):
    """The intake form 投诉受理 (F2): a supervisor types a complaint in, or an agent
    takes one on an inbound call; saved as 新建 and routed at once when complete."""
    if not request.user.has_perm("tickets.add_ticket"):
        raise Http404
    checklist = default_checklist()
    query = request.GET.get("q", "").strip()
    customer = None
    pk = request.POST.get("customer") or request.GET.get("customer")
    if pk:
        customer = get_object_or_404(visible_customers(request.user), pk=pk)
    values = {f.key: request.POST.get(f.key, "").strip() for f in checklist.fields}
    if customer is not None and request.method == "GET":
        values.update(handling.from_archive(customer))
    problems = []
    if request.method == "POST":
        if customer is None:
            problems.append(_("请先找到客户"))
        elif not values["description"]:
            problems.append(_("缺少{label}").format(label=_("用户反映的问题")))
        else:
            source = request.POST.get("source", "manual")
            found = handling.open_ticket(
                customer=customer,
                by=request.user,
                description=values["description"],
                source=source if source in ("inbound", "manual") else "manual",
                intake={k: v for k, v in values.items() if v},
                vehicle=customer.vehicles.first(),
            )
            if request.POST.get("inbound"):  # taken on an inbound call: linked to it
                InboundCall.objects.filter(
                    pk=request.POST["inbound"], agent=request.user, ticket=None
                ).update(ticket=found)
            for upload in request.FILES.getlist("files"):
                handling.attach(found, upload, request.user)
            if "route" not in request.POST:
                messages.success(request, _("工单已保存"))
            else:
                try:
                    missing = handling.route_when_complete(found, request.user)
                except (wf.WorkflowError, handling.TicketChanged) as exc:
                    missing = [str(exc)]
                if missing:
                    message = _("工单已保存，还不能派单：{problems}")
                    messages.warning(request, message.format(problems=_("；").join(missing)))
                else:
                    messages.success(request, _("工单已保存并派单"))
            return redirect("tickets:ticket", pk=found.pk)
    return render(
        request,
        "tickets/new.html",
        {
            "customer": customer,
            "q": query,
            "matches": _customers(request, query) if customer is None else [],
            "values": values,
            "fields": [(f, values.get(f.key, ""), checklist.choices(f)) for f in checklist.fields],
            "customer_types": checklist.customer_types.values(),
            "problems": problems,
            "na": NOT_APPLICABLE,
            "source": request.GET.get("source") or request.POST.get("source") or "manual",
            "inbound": request.GET.get("inbound") or request.POST.get("inbound") or "",
            **_choices(),
        },
        status=400 if problems else 200,
    )


@login_required
def customer_type(request):
    """The handling advice beside the intake form's 客户类型 (htmx)."""
    found = default_checklist().customer_types.get(request.GET.get("customer_type", ""))
    return render(request, "tickets/partials/advice.html", {"customer_type": found})


@login_required
def inbox(request):
    """A department's inbox 部门待办: its overdue tickets first, then those to take up,
    in progress and waiting."""
    department = access.department_of(request.user)
    if request.user.has_perm("tickets.view_all_tickets"):
        department = request.GET.get("department") or department
    if not department or department not in default_table().departments:
        if request.user.has_perm("tickets.view_all_tickets"):
            return redirect("tickets:board")
        raise Http404
    now = timezone.now()
    mine = _visible(request).filter(department=department)
    open_ones = listing.apply(mine, listing.Filters(open_only=True), now)
    return render(
        request,
        "tickets/inbox.html",
        {
            "department": default_table().departments[department],
            "overdue": list(listing.overdue(mine, now)[:100]),
            "groups": [
                (_(STATUSES[s].label), list(open_ones.filter(status=s)[:100]))
                for s in ("routed", "in_progress", "waiting", "result_returned", "feedback_call")
            ],
            "now": now,
            **_choices(),
        },
    )


@login_required
def board(request):
    if not request.user.has_perm("tickets.view_all_tickets"):
        raise Http404
    return render(request, "tickets/board.html", {"board": boards.board(Ticket.objects.all())})


@login_required
def notifications(request):
    """The bell's items 提醒, newest first; opening a ticket marks its items read."""
    items = Notification.objects.filter(user=request.user).select_related("ticket")[:100]
    return render(request, "tickets/notifications.html", {"items": items})


@require_POST
@login_required
def notifications_read(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect(request.POST.get("next") or reverse("tickets:notifications"))
