"""The day at a glance: an agent's own (D7) and the floor a supervisor watches —
campaign progress, who is on a call, appointments to hand over."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from huifang.accounts.audit import audit
from huifang.accounts.models import AuditEntry
from huifang.calls.models import Call
from huifang.campaigns import rules
from huifang.campaigns.choices import Status, TaskState
from huifang.campaigns.models import Attempt, CallTask, Campaign


def _today(now: datetime) -> tuple[datetime, datetime]:
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def agent_day(agent, now: datetime) -> dict:
    """Today's counts (calls, reached, completed, appointments due) and what is coming."""
    start, end = _today(now)
    counts = Attempt.objects.filter(agent=agent, at__gte=start, at__lt=end, dialled=True).aggregate(
        calls=Count("id"),
        reached=Count("id", filter=Q(conversation=True)),
        completed=Count("id", filter=Q(outcome="complete")),
    )
    appointments = (
        CallTask.objects.filter(
            state=TaskState.OPEN, reserved_for=agent, appointment_at__isnull=False
        )
        .select_related("customer", "campaign")
        .order_by("appointment_at")
    )
    upcoming = list(appointments[:20])
    counts["appointments_due"] = sum(1 for t in upcoming if t.appointment_at < end)
    return {"counts": counts, "appointments": upcoming, "now": now}


def floor(now: datetime) -> dict:
    """The supervisor's live view: active campaigns with tasks by state and today's
    outcomes, the agents on a call now, and the open appointments."""
    start, end = _today(now)
    campaigns = list(
        Campaign.objects.filter(status__in=[Status.ACTIVE, Status.PAUSED])
        .annotate(
            open=Count("tasks", filter=Q(tasks__state=TaskState.OPEN)),
            leased=Count("tasks", filter=Q(tasks__state=TaskState.LEASED)),
            closed=Count("tasks", filter=Q(tasks__state=TaskState.CLOSED)),
        )
        .order_by("-priority", "name")
    )
    today = (
        Attempt.objects.filter(at__gte=start, at__lt=end, dialled=True)
        .values_list("task__campaign_id", "outcome")
        .annotate(n=Count("id"))
    )
    by_campaign: dict[int, list] = {}
    for campaign_id, outcome, n in today:
        by_campaign.setdefault(campaign_id, []).append((rules.outcome_label(outcome), n))
    for campaign in campaigns:
        campaign.today = sorted(by_campaign.get(campaign.pk, []), key=lambda x: -x[1])
        campaign.total = campaign.open + campaign.leased + campaign.closed
    on_calls = (
        Call.objects.filter(finished_at__isnull=True)
        .select_related("agent", "task__campaign", "task__customer")
        .order_by("claimed_at")
    )
    appointments = (
        CallTask.objects.filter(state=TaskState.OPEN, appointment_at__isnull=False)
        .select_related("customer", "campaign", "reserved_for", "campaign__team")
        .order_by("appointment_at")[:100]
    )
    return {"campaigns": campaigns, "on_calls": list(on_calls), "appointments": list(appointments)}


class ReassignError(ValueError):
    pass


def reassign_appointment(task: CallTask, to_agent, by) -> CallTask:
    """Hand an appointment to another agent of the campaign's group: the appointment
    keeps its time; the new agent holds it until the usual grace after it is due."""
    if not to_agent.has_perm("campaigns.claim_task"):
        raise ReassignError(_("%(user)s 不是坐席") % {"user": to_agent.get_username()})
    team = task.campaign.team
    if team is not None and not team.members.filter(pk=to_agent.pk).exists():
        raise ReassignError(
            _("%(user)s 不在坐席组 %(team)s") % {"user": to_agent.get_username(), "team": team}
        )
    before = task.reserved_for.get_username() if task.reserved_for else "—"
    with transaction.atomic():
        changed = CallTask.objects.filter(
            pk=task.pk, state=TaskState.OPEN, appointment_at__isnull=False
        ).update(reserved_for=to_agent)
        if not changed:
            raise ReassignError(_("这个预约已经不在等待中（已被呼叫或已关闭）。"))
        audit(
            by,
            AuditEntry.REASSIGN,
            target=f"task:{task.pk}",
            detail=f"{before} → {to_agent.get_username()}",
        )
    task.refresh_from_db()
    return task
