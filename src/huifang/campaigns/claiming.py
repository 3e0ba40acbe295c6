"""Claiming the next call (C4, C5): one atomic statement hands the best callable task
to one agent with a lease; the claim-time checks (do-not-call, frequency cap, attempt
limits) then either confirm it or send it back with the reason it is not callable.

The statement: `UPDATE … WHERE id = (SELECT id … FOR UPDATE SKIP LOCKED LIMIT 1)` on
PostgreSQL; on SQLite the same UPDATE with `AND state = 'open'`, which the database
runs alone (one writer at a time), so two agents can never get the same task."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from huifang import scheduling
from huifang.campaigns import rules
from huifang.campaigns.choices import Status, TaskState, Wait
from huifang.campaigns.models import Attempt, CallTask, Campaign

MAX_ROUNDS = 200


@dataclass(frozen=True)
class Window:
    """Which campaigns may be called now, north and south (the lunch break differs)."""

    campaigns: list[int]
    north_open: list[int]
    south_open: list[int]


def agent_campaigns(agent, now: datetime, using: str = "default"):
    today = timezone.localdate(now)
    return (
        Campaign.objects.using(using)
        .filter(status=Status.ACTIVE)
        .filter(Q(team__isnull=True) | Q(team__members=agent))
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .distinct()
    )


def open_windows(campaigns, now: datetime) -> Window:
    calendar = rules.calendar()
    north, south = [], []
    for campaign in campaigns:
        policy = rules.policy(campaign.policy)
        if scheduling.blocked_reason(now, policy, False, calendar) is None:
            north.append(campaign.pk)
        if scheduling.blocked_reason(now, policy, True, calendar) is None:
            south.append(campaign.pk)
    return Window([c.pk for c in campaigns], north, south)


def callable_now(agent, window: Window, now: datetime, using: str = "default"):
    """Open tasks this agent may take at `now`, best first."""
    return (
        CallTask.objects.using(using)
        .filter(state=TaskState.OPEN, campaign_id__in=window.campaigns, callable_from__lte=now)
        .filter(
            Q(appointment_at__isnull=False)
            | Q(south=False, campaign_id__in=window.north_open)
            | Q(south=True, campaign_id__in=window.south_open)
        )
        .filter(Q(reserved_for__isnull=True) | Q(reserved_for=agent) | Q(reserved_until__lte=now))
        .order_by(F("appointment_at").asc(nulls_last=True), "-priority", "id")
    )


def _take_one(agent, candidates, now: datetime, using: str) -> int | None:
    """The atomic claim: lease the first candidate to `agent`; its id, or None."""
    connection = connections[using]
    lease_until = now + timedelta(minutes=settings.HUIFANG["LEASE_MINUTES"])
    table = CallTask._meta.db_table
    with transaction.atomic(using=using):
        inner = candidates.values("id")[:1]
        if connection.features.has_select_for_update_skip_locked:
            inner = candidates.select_for_update(skip_locked=True, of=("self",)).values("id")[:1]
        sql, params = inner.query.get_compiler(using).as_sql()
        ops = connection.ops
        update = (
            f"UPDATE {table} SET state = %s, agent_id = %s, leased_at = %s, lease_until = %s, "
            f"dialled_at = NULL WHERE id = ({sql}) AND state = %s RETURNING id"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                update,
                [
                    TaskState.LEASED,
                    agent.pk,
                    ops.adapt_datetimefield_value(now),
                    ops.adapt_datetimefield_value(lease_until),
                    *params,
                    TaskState.OPEN,
                ],
            )
            row = cursor.fetchone()
    return row[0] if row else None


def _dials_since(using: str, since: datetime, **where) -> int:
    return Attempt.objects.using(using).filter(dialled=True, at__gte=since, **where).count()


def _start_of_day(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def hold_reason(task: CallTask, now: datetime, using: str = "default"):
    """The claim-time checks. None when the task may be called now, else
    (reason, callable_from) to send it back with."""
    customer, campaign = task.customer, task.campaign
    if customer.do_not_call:
        return Wait.DO_NOT_CALL, None
    if task.attempts >= campaign.max_attempts:
        return Wait.MAX_ATTEMPTS, None
    limits = settings.HUIFANG
    since = now - timedelta(days=limits["FREQUENCY_DAYS"])
    recent = list(
        Attempt.objects.using(using)
        .filter(customer=customer, conversation=True, at__gte=since)
        .exclude(task=task)
        .order_by("-at")
        .values_list("at", flat=True)[: limits["FREQUENCY_CAP"]]
    )
    if len(recent) >= limits["FREQUENCY_CAP"]:
        return Wait.FREQUENCY_CAP, recent[-1] + timedelta(days=limits["FREQUENCY_DAYS"])
    tomorrow = _start_of_day(now) + timedelta(days=1)
    today = _start_of_day(now)
    if task.appointment_at is None and (
        _dials_since(using, today, task=task) >= campaign.daily_attempts
    ):
        return Wait.DAILY_LIMIT, tomorrow
    if task.phone_id and (
        _dials_since(using, today, number=task.phone.e164) >= limits["NUMBER_DAILY_LIMIT"]
    ):
        return Wait.NUMBER_LIMIT, tomorrow
    return None


def _send_back(task: CallTask, agent, reason: str, callable_from, using: str) -> None:
    CallTask.objects.using(using).filter(pk=task.pk, state=TaskState.LEASED, agent=agent).update(
        state=TaskState.OPEN,
        agent=None,
        leased_at=None,
        lease_until=None,
        callable_from=callable_from,
        wait_reason=reason,
    )


def claim_next(agent, now: datetime | None = None, using: str = "default") -> CallTask | None:
    """Hand `agent` the best task callable now, leased to her; None only when no task
    is callable (the waiting counts then say why)."""
    now = now or timezone.now()
    expire_leases(now, using=using)
    held = (
        CallTask.objects.using(using)
        .filter(state=TaskState.LEASED, agent=agent)
        .select_related("customer", "campaign", "phone")
        .first()
    )
    if held is not None:
        return held  # one call at a time: finish or release the one in hand first
    window = open_windows(list(agent_campaigns(agent, now, using)), now)
    if not window.campaigns:
        return None
    candidates = callable_now(agent, window, now, using)
    for _ in range(MAX_ROUNDS):
        task_id = _take_one(agent, candidates, now, using)
        if task_id is None:
            if not candidates.exists():
                return None
            continue  # lost a race: try again
        task = (
            CallTask.objects.using(using)
            .select_related("customer", "campaign", "phone")
            .get(pk=task_id)
        )
        hold = hold_reason(task, now, using)
        if hold is None:
            return task
        _send_back(task, agent, *hold, using=using)
    return None


def release(task: CallTask, agent, now: datetime | None = None, using: str = "default") -> bool:
    """Give a claimed task back without dialling: no attempt is counted."""
    return bool(
        CallTask.objects.using(using)
        .filter(pk=task.pk, state=TaskState.LEASED, agent=agent, dialled_at__isnull=True)
        .update(state=TaskState.OPEN, agent=None, leased_at=None, lease_until=None)
    )


def mark_dialled(task: CallTask, agent, now: datetime | None = None, using: str = "default"):
    now = now or timezone.now()
    return bool(
        CallTask.objects.using(using)
        .filter(pk=task.pk, state=TaskState.LEASED, agent=agent)
        .update(dialled_at=now)
    )


def expire_leases(now: datetime | None = None, using: str = "default") -> int:
    """Return tasks whose lease ran out to the queue, recording the abandoned attempt
    (a real dial only if the agent had dialled)."""
    now = now or timezone.now()
    expired = list(
        CallTask.objects.using(using)
        .filter(state=TaskState.LEASED, lease_until__lt=now)
        .select_related("phone")
    )
    returned = 0
    for task in expired:
        with transaction.atomic(using=using):
            dialled = task.dialled_at is not None
            changed = (
                CallTask.objects.using(using)
                .filter(pk=task.pk, state=TaskState.LEASED, lease_until=task.lease_until)
                .update(
                    state=TaskState.OPEN,
                    agent=None,
                    leased_at=None,
                    lease_until=None,
                    dialled_at=None,
                    callable_from=now,
                    wait_reason="",
                    attempts=F("attempts") + int(dialled),
                )
            )
            if changed:
                Attempt.objects.using(using).create(
                    task=task,
                    customer_id=task.customer_id,
                    agent_id=task.agent_id,
                    number=task.phone.e164 if task.phone else "",
                    claimed_at=task.leased_at,
                    at=now,
                    dialled=dialled,
                    abandoned=True,
                    note="lease expired",
                )
                returned += 1
    return returned
