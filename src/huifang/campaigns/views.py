"""Thin views: parse the request, call one service, render."""

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from huifang.campaigns import rules
from huifang.campaigns.choices import Status, TaskState
from huifang.campaigns.claiming import agent_campaigns, claim_next, release
from huifang.campaigns.forms import CampaignForm, OutcomeForm
from huifang.campaigns.lifecycle import (
    LifecycleError,
    finish_campaign,
    launch_campaign,
    pause_campaign,
    resume_campaign,
)
from huifang.campaigns.models import Attempt, CallTask, Campaign
from huifang.campaigns.outcomes import OutcomeError, record_outcome
from huifang.campaigns.targeting import TargetingError, preview
from huifang.campaigns.waiting import waiting

OUTCOME_GROUPS = [
    (
        gettext_lazy("接通"),
        ["complete", "partial", "appointment", "refused", "break_off", "driving", "in_meeting"],
    ),
    (gettext_lazy("非本人"), ["not_available", "new_number", "wrong_number"]),
    (gettext_lazy("未接通"), ["no_answer", "busy", "unreachable", "silent_line"]),
    (
        gettext_lazy("无效"),
        [
            "empty_number",
            "disconnected",
            "not_eligible",
            "language",
            "unable",
            "deceased",
            "quota_full",
        ],
    ),
]


class OutcomeButton(NamedTuple):
    code: str
    label: str


def _outcome_buttons():
    """The outcome buttons by group, labelled in the active language."""
    table = rules.dispositions()
    return [
        (group, [OutcomeButton(c, rules.outcome_label(c)) for c in codes if c in table])
        for group, codes in OUTCOME_GROUPS
    ]


@login_required
@permission_required("campaigns.claim_task", raise_exception=True)
def next_call(request):
    """The agent's page: the call in hand, or the 下一个回访 button and why the queue waits."""
    now = timezone.now()
    task = (
        CallTask.objects.filter(state=TaskState.LEASED, agent=request.user)
        .select_related("customer", "customer__dealer", "campaign", "phone")
        .prefetch_related("customer__vehicles")
        .first()
    )
    context = {"task": task}
    if task is None:
        context["waiting"] = waiting(agent_campaigns(request.user, now), now, agent=request.user)
    else:
        context["history"] = (
            Attempt.objects.filter(customer=task.customer)
            .select_related("task__campaign")
            .order_by("-at")[:10]
        )
        context["outcomes"] = _outcome_buttons()
    return render(request, "campaigns/next_call.html", context)


@require_POST
@login_required
@permission_required("campaigns.claim_task", raise_exception=True)
def claim(request):
    if claim_next(request.user) is None:
        messages.info(request, _("现在没有可呼叫的任务，原因见下方。"))
    return redirect("next_call")


def _own_task(request, pk) -> CallTask:
    task = get_object_or_404(CallTask, pk=pk)
    if task.agent_id != request.user.pk or task.state != TaskState.LEASED:
        raise Http404("not your call")
    return task


@require_POST
@login_required
@permission_required("campaigns.claim_task", raise_exception=True)
def outcome(request, pk):
    task = _own_task(request, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("结果表单有误：") + form.errors.as_text())
        return redirect("next_call")
    data = form.cleaned_data
    try:
        record_outcome(
            task,
            request.user,
            data["code"],
            appointment_at=data["appointment_at"],
            new_number=data["new_number"],
            note=data["note"],
            do_not_call=data["do_not_call"],
        )
    except (OutcomeError, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect("next_call")
    messages.success(
        request, _("已记录：%(outcome)s") % {"outcome": rules.outcome_label(data["code"])}
    )
    return redirect("next_call")


@require_POST
@login_required
@permission_required("campaigns.claim_task", raise_exception=True)
def give_back(request, pk):
    task = _own_task(request, pk)
    release(task, request.user)
    return redirect("next_call")


@login_required
@permission_required("campaigns.view_campaign", raise_exception=True)
def campaign_list(request):
    campaigns = (
        Campaign.objects.select_related("team")
        .annotate(
            total=Count("tasks"),
            closed=Count("tasks", filter=Q(tasks__state=TaskState.CLOSED)),
            completes=Count("tasks", filter=Q(tasks__final_outcome="complete")),
        )
        .order_by("status", "-priority", "-created_at")
    )
    return render(
        request,
        "campaigns/campaign_list.html",
        {"campaigns": campaigns},
    )


@login_required
@permission_required("campaigns.add_campaign", raise_exception=True)
def campaign_new(request):
    form = CampaignForm(request.POST or None, initial={"rule": "dormant", "days": 180})
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        campaign = form.save()
        return redirect("campaign_detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form})


@login_required
@permission_required("campaigns.change_campaign", raise_exception=True)
def campaign_edit(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("campaign_detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
@permission_required("campaigns.view_campaign", raise_exception=True)
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign.objects.select_related("team"), pk=pk)
    now = timezone.now()
    context = {"campaign": campaign}
    if campaign.status == Status.DRAFT:
        try:
            context["preview"] = preview(campaign, now)
        except TargetingError as exc:
            context["targeting_error"] = str(exc)
    else:
        tasks = campaign.tasks.all()
        context["states"] = dict(tasks.values_list("state").annotate(n=Count("id")))
        context["waiting"] = waiting([campaign], now)
        context["finals"] = [
            (rules.outcome_label(code), n)
            for code, n in tasks.filter(state=TaskState.CLOSED)
            .values_list("final_outcome")
            .annotate(n=Count("id"))
            .order_by("-n")
        ]
    return render(request, "campaigns/campaign_detail.html", context)


ACTIONS = {
    "launch": launch_campaign,
    "pause": pause_campaign,
    "resume": resume_campaign,
    "finish": finish_campaign,
}


@require_POST
@login_required
@permission_required("campaigns.launch_campaign", raise_exception=True)
def campaign_action(request, pk, action):
    campaign = get_object_or_404(Campaign, pk=pk)
    if action not in ACTIONS:
        raise Http404(action)
    try:
        result = ACTIONS[action](campaign)
    except (LifecycleError, TargetingError) as exc:
        messages.error(request, str(exc))
    else:
        if action == "launch":
            messages.success(
                request,
                ngettext(
                    "已启动，生成 %(count)s 个回访任务。",
                    "已启动，生成 %(count)s 个回访任务。",
                    result,
                )
                % {"count": result},
            )
    return redirect("campaign_detail", pk=pk)
