"""The agent workspace 坐席工作台: thin views over `workspace` and `conversation`.
Every action answers an htmx request with the step panel it changed, and a plain
form post with a redirect to the same page, which renders the same partials — so a
reload shows exactly where the call stands."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from huifang.calls import conversation, day, inbound, screen, workspace
from huifang.calls.models import Call, Step
from huifang.calls.workspace import CallError
from huifang.campaigns import rules
from huifang.campaigns.claiming import agent_campaigns, claim_next, release
from huifang.campaigns.models import CallTask
from huifang.campaigns.waiting import waiting
from huifang.tickets import followup

agent_only = permission_required("campaigns.claim_task", raise_exception=True)


@login_required
@agent_only
def next_call(request):
    """The agent's page: the call in hand, step by step; or her day and the
    下一个回访 button when her hands are empty."""
    now = timezone.now()
    call = workspace.open_call(request.user, now)
    if call is None:
        context = day.agent_day(request.user, now)
        context["waiting"] = waiting(agent_campaigns(request.user, now), now, agent=request.user)
        context["situations"] = workspace.situations().values()
        context["unreached"] = workspace.unreached()
        return render(request, "calls/idle.html", context)
    call = workspace.own_call(request.user, call.pk)
    return render(request, "calls/workspace.html", _workspace(call, now))


@require_POST
@login_required
@agent_only
def claim(request):
    if claim_next(request.user) is None:
        messages.info(request, _("现在没有可呼叫的任务，原因见下方。"))
    return redirect("next_call")


def _workspace(call: Call, now: datetime) -> dict:
    values = screen.context(call, now)
    attempts, tickets = screen.history(call)
    return {
        **_step(call, now, values),
        "history": attempts,
        "tickets": tickets,
        "followup": followup.ticket_of(call.task),
        "promise": inbound.promise_of(call.task),
        "reminders": screen.reminders(call),
        "points": screen.points(call, values),
    }


def _step(call: Call, now: datetime, values: dict | None = None, **extra) -> dict:
    """What the step panel needs (the panel is the part every action swaps)."""
    values = values or screen.context(call, now)
    context = {
        "call": call,
        "task": call.task,
        "customer": call.task.customer,
        "situations": workspace.situations().values(),
        "unreached": workspace.unreached(),
        "steps": [s for s in Step if s != Step.DONE],
        **extra,
    }
    if call.step in (Step.PREPARE, Step.OPENING):
        context["opening"] = screen.opening(call, values)
    if call.step == Step.VERIFY:
        context["details"] = conversation.details(call)
    if call.step == Step.SURVEY:
        context["asking"] = conversation.asking(call)
        context["fill"] = values
    if call.step == Step.CLOSING:
        context["closing"] = screen.closing(call, values)
        context["default_outcome"] = conversation.default_outcome(call)
        context["outcomes"] = [(c, rules.outcome_label(c)) for c in rules.dispositions()]
    return context


def _answer(request, call: Call, error: str = "", **extra):
    """The step panel for htmx; the whole page otherwise (errors as messages)."""
    now = timezone.now()
    if call.finished_at is not None:
        return _to_next(request)
    if request.htmx:
        return render(request, "calls/partials/step.html", _step(call, now, error=error, **extra))
    if error:
        messages.error(request, error)
    return redirect("next_call")


def _to_next(request):
    if request.htmx:
        return HttpResponseClientRedirect(reverse("next_call"))
    return redirect("next_call")


def _call(request, pk: int) -> Call:
    try:
        return workspace.own_call(request.user, pk)
    except Call.DoesNotExist:
        raise Http404("not your call") from None


def action(view):
    """A POST on one of the agent's own calls: CallError becomes a message on the
    panel, not a crash."""

    @require_POST
    @login_required
    @agent_only
    def wrapped(request, pk, *args, **kwargs):
        call = _call(request, pk)
        try:
            return view(request, call, *args, **kwargs)
        except CallError as exc:
            call.refresh_from_db()
            return _answer(request, call, error=str(exc))

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@action
def dial(request, call):
    workspace.dial(call)
    return _answer(request, call)


@action
def hang_up(request, call):
    workspace.hang_up(call)
    return _answer(request, call)


@action
def go_to(request, call, step):
    workspace.go_to(call, step)
    return _answer(request, call)


@action
def details(request, call):
    keys = [key for key, _label, _where in conversation.DETAILS]
    conversation.confirm_details(call, {k: request.POST[k] for k in keys if k in request.POST})
    return _answer(request, call)


@action
def answer(request, call):
    qid = request.POST.get("qid", "")
    values = request.POST.getlist("value")
    value = values if request.POST.get("multi") else (values[0] if values else "")
    conversation.give_answer(call, qid, value, request.POST.get("other_text", ""))
    return _answer(request, call)


@action
def back(request, call):
    conversation.go_back(call)
    return _answer(request, call)


@action
def note(request, call):
    workspace.save_note(call, request.POST.get("note", ""))
    stamp = timezone.localtime().strftime("%H:%M:%S")
    return HttpResponse(_("已保存 %(time)s") % {"time": stamp})


def _when(raw: str) -> datetime | None:
    """A datetime-local value, read as the centre's wall time."""
    parsed = parse_datetime(raw or "")
    if parsed is None:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@action
def finish(request, call):
    post = request.POST
    raw_when = post.get("appointment_at", "")
    when = _when(raw_when)
    if raw_when and when is None:
        raise CallError(_("预约时间格式不对：%(value)s") % {"value": raw_when})
    complaint = post.get("complaint", "").strip() if post.get("has_complaint") else ""
    if post.get("has_complaint") and not complaint:
        raise CallError(_("请写下客户投诉的内容；没有投诉请取消勾选“客户有投诉”。"))
    workspace.finish(
        call,
        post.get("code", ""),
        note=post["note"] if "note" in post else None,  # the side note, as typed
        appointment_at=when,
        new_number=post.get("new_number", "").strip(),
        do_not_call=bool(post.get("do_not_call")),
        complaint=complaint,
        situation=post.get("situation", ""),
    )
    label = rules.outcome_label(post.get("code", ""))
    messages.success(request, _("已记录：%(outcome)s") % {"outcome": label})
    return _to_next(request)


@require_GET
@login_required
@agent_only
def situation(request, pk, key):
    """The reply to read for a special situation, and what to capture (D3)."""
    call = _call(request, pk)
    found = workspace.situations().get(key)
    if found is None:
        raise Http404(key)
    context = screen.situation_panel(call, found, screen.context(call))
    return render(request, "calls/partials/situation.html", context)


@action
def go_on(request, call, key):
    """The reply was read and the conversation goes on."""
    workspace.meet(call, key)
    return _answer(request, call, notice=_("已记录特殊情况，继续通话。"))


@action
def refer(request, call):
    lead = workspace.refer(
        call,
        name=request.POST.get("name", ""),
        phone=request.POST.get("phone", ""),
        address=request.POST.get("address", ""),
    )
    return _answer(request, call, notice=_("已建立潜在客户：%(name)s") % {"name": lead.name})


@action
def give_back(request, call):
    """Not dialled: the task goes back to the queue, no attempt counted."""
    if call.dialled_at is not None:
        raise CallError(_("已经拨打，请记录结果。"))
    release(call.task, request.user)
    workspace.open_call(request.user)  # closes the call left behind
    return _to_next(request)


# --- the supervisor's floor ---------------------------------------------------------


@login_required
@permission_required("calls.view_call", raise_exception=True)
def floor(request):
    """Live campaign progress, who is on a call, appointments to hand over; the page
    refreshes its panels every few seconds."""
    context = day.floor(timezone.now())
    context["agents"] = (
        get_user_model()
        .objects.filter(groups__permissions__codename="claim_task", is_active=True)
        .distinct()
        .order_by("username")
    )
    template = "calls/partials/floor.html" if request.htmx else "calls/floor.html"
    return render(request, template, context)


@require_POST
@login_required
@permission_required("calls.reassign_appointment", raise_exception=True)
def reassign(request, task_pk):
    task = get_object_or_404(CallTask.objects.select_related("campaign__team"), pk=task_pk)
    to_agent = get_object_or_404(get_user_model(), pk=request.POST.get("agent") or 0)
    try:
        day.reassign_appointment(task, to_agent, request.user)
    except day.ReassignError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("预约已改派给 %(agent)s") % {"agent": to_agent.get_full_name() or to_agent.username},
        )
    return redirect("floor")
