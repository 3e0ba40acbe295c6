"""The inbound call screens 客户来电 (F1): answer a call — find the caller by his number
or take him down — then record why he called, the answer, the promise and his rating.
Thin: the work is in `inbound.py`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from huifang.calls import inbound
from huifang.calls.models import InboundCall
from huifang.campaigns.rules import calendar
from huifang.scripts import placeholders
from huifang.scripts.context import context_for
from huifang.scripts.store import current_library
from huifang.text import _
from huifang.tickets.handling import business_hours
from huifang.tickets.sla import add_hours

PROMISE_HOURS = 4  # the call back offered by default: within half a working day


def _promise_default(now):
    due = add_hours(
        now,
        PROMISE_HOURS,
        calendar=calendar(),
        hours_of=business_hours(),
    )
    return timezone.localtime(due).replace(second=0, microsecond=0)


def _say(key: str, call: InboundCall) -> str:
    """A script of the library filled for this caller and agent."""
    values = context_for(customer=call.customer, agent=call.agent)
    return placeholders.fill(current_library().get(key).text, values)


@login_required
@permission_required("calls.add_inboundcall", raise_exception=True)
def start(request):
    """来电: the caller's number (typed, or passed by the telephone system as ?number=)
    finds him; or he is taken down as a new customer."""
    raw = (request.POST.get("number") or request.GET.get("number") or "").strip()
    error, number, matches = "", "", []
    if raw:
        try:
            number = inbound.number_of(raw)
            matches = list(inbound.callers(number))
        except inbound.InboundError as exc:
            error = str(exc)
    if request.method == "POST" and number and not error:
        customer = None
        if request.POST.get("customer"):
            customer = get_object_or_404(inbound.callers(number), pk=request.POST["customer"])
        try:
            call = inbound.take(request.user, number, customer, request.POST.get("name", ""))
        except inbound.InboundError as exc:
            error = str(exc)
        else:
            return redirect("inbound:call", pk=call.pk)
    now = timezone.now()
    return render(
        request,
        "calls/inbound_start.html",
        {
            "raw": raw,
            "number": number,
            "matches": matches,
            "error": error,
            "promises": inbound.pending().filter(agent=request.user)[:50],
            "overdue": inbound.overdue(now)[:100]
            if request.user.has_perm("calls.view_inboundcall")
            else [],
            "unsaved": InboundCall.objects.filter(agent=request.user, ended_at__isnull=True)
            .select_related("customer")
            .order_by("-started_at")[:10],
            "recent": InboundCall.objects.filter(agent=request.user, ended_at__isnull=False)
            .select_related("customer")
            .order_by("-started_at")[:10],
            "intents": inbound.intents(),
            "now": now,
        },
        status=400 if error else 200,
    )


@login_required
def call(request, pk: int):
    """The call being taken: why, the answer, a promise, the rating; saved at the end."""
    found = get_object_or_404(
        InboundCall.objects.select_related("customer", "customer__dealer", "callback", "ticket"),
        pk=pk,
    )
    mine = found.agent_id == request.user.pk
    if not mine and not request.user.has_perm("calls.view_inboundcall"):
        raise Http404
    now = timezone.now()
    error = ""
    if request.method == "POST" and mine:
        promised_by = None
        if request.POST.get("promise"):
            raw = request.POST.get("promised_by", "")
            promised_by = parse_datetime(raw)
            if promised_by is None:
                error = _("承诺回电时间：请填写日期和时间")
            elif timezone.is_naive(promised_by):
                promised_by = timezone.make_aware(promised_by)
        if not error:
            try:
                inbound.finish(
                    found,
                    intent=request.POST.get("intent", ""),
                    question=request.POST.get("question", ""),
                    answer_key=request.POST.get("answer_key", ""),
                    answer=request.POST.get("answer", ""),
                    note=request.POST.get("note", ""),
                    rating=request.POST.get("rating"),
                    promised_by=promised_by,
                    now=now,
                )
            except inbound.InboundError as exc:
                error = str(exc)
        if not error:
            if "complaint" in request.POST:
                url = reverse("tickets:new")
                return redirect(f"{url}?customer={found.customer_id}&source=inbound&inbound={pk}")
            messages.success(request, _("来电已保存"))
            return redirect("inbound:start")
    customer = found.customer
    return render(
        request,
        "calls/inbound_call.html",
        {
            "call": found,
            "customer": customer,
            "mine": mine and found.ended_at is None,
            "intents": inbound.intents(),
            "posted": request.POST if error else {},
            "error": error,
            "greeting": _say("inbound.welcome", found),
            "closing": _say("closing.rating", found),
            "promise_default": _promise_default(now),
            "history": customer.inbound_calls.exclude(pk=pk)
            .filter(ended_at__isnull=False)
            .order_by("-started_at")[:5],
            "tickets": customer.tickets.order_by("-created_at")[:5],
            "ratings": inbound.RATINGS,
        },
        status=400 if error else 200,
    )
