"""Thin views: parse the request, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from huifang.campaigns import rules
from huifang.campaigns.choices import Status, TaskState
from huifang.campaigns.forms import CampaignForm
from huifang.campaigns.lifecycle import (
    LifecycleError,
    finish_campaign,
    launch_campaign,
    pause_campaign,
    resume_campaign,
)
from huifang.campaigns.models import Campaign
from huifang.campaigns.targeting import TargetingError, preview
from huifang.campaigns.waiting import waiting


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
