"""Claiming the next call (C4, C5): one atomic statement hands the best callable task
to one agent with a lease; the claim-time checks (do-not-call, frequency cap, attempt
limits) then either confirm it or send it back with the reason it is not callable.

The statement: `UPDATE … WHERE id = (SELECT id … FOR UPDATE SKIP LOCKED LIMIT 1)` on
PostgreSQL; on SQLite the same UPDATE with `AND state = 'open'`, which the database
runs alone (one writer at a time), so two agents can never get the same task."""

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.db.models import Q
from django.utils import timezone

from huifang import scheduling
from huifang.accounts.models import Team
from huifang.campaigns import rules
from huifang.campaigns.choices import Status, TaskState, Wait
from huifang.campaigns.models import Attempt, CallTask, Campaign
from huifang.campaigns.upkeep import tidy
from huifang.customers.models import Customer, Phone

MAX_ROUNDS = 200


def agent_campaigns(agent, now: datetime, using: str = "default"):
    """The active campaigns, in their period, of the agent's teams (or of no team)."""
    today = timezone.localdate(now)
    return (
        Campaign.objects.using(using)
        .filter(status=Status.ACTIVE)
        .filter(Q(team__isnull=True) | Q(team__members=agent))
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .distinct()
    )


def _open_policies(now: datetime) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names of the policies whose contact windows are open at `now`: in the
    north, in the south."""
    calendar = rules.calendar()
    return tuple(
        tuple(
            name
            for name, policy in rules.policies().items()
            if scheduling.blocked_reason(now, policy, south, calendar) is None
        )
        for south in (False, True)
    )


def _claim_params(agent, now: datetime, using: str) -> tuple[dict, tuple[int, int]]:
    """The values of one claim's statements by name, and how many policies are open
    in the north and in the south (the shape of the statement's text)."""
    adapt = connections[using].ops.adapt_datetimefield_value
    limits = settings.HUIFANG
    north, south = _open_policies(now)
    params = {
        "agent": agent.pk,
        "now": adapt(now),
        "today": timezone.localdate(now),
        "lease_until": adapt(_lease_end(now)),
        "talks_since": adapt(now - timedelta(days=limits["FREQUENCY_DAYS"])),
        "day_start": adapt(scheduling.start_of_day(now)),
        **{f"north{i}": name for i, name in enumerate(north)},
        **{f"south{i}": name for i, name in enumerate(south)},
    }
    return params, (len(north), len(south))


def _policy_in(region: str, count: int) -> str:
    if not count:
        return "1 = 0"
    return f"k.policy IN ({', '.join(f'%({region}{i})s' for i in range(count))})"


@cache
def _queues(lock: str, north: int, south: int) -> tuple[str, str]:
    """The two queues of tasks an agent may take, best first, as SELECTs of one id
    each: due appointments (earliest first; they may fall outside the windows), then
    the rest by priority and age. The campaigns of her team, their period and the
    contact windows of their policies are all in the SQL, so an edited campaign or
    policy counts from the next claim on.

    Written by hand, it runs on every claim: the text depends only on how many
    policies are open, so PostgreSQL keeps one plan for it. Constants are literals
    so that plan can use the partial indexes; `appointment_at <= now` repeats what
    `callable_from` already says (an appointment is never callable before it is
    due) so the plan can walk the appointments index."""
    task, campaign = CallTask._meta.db_table, Campaign._meta.db_table
    members = Team.members.through._meta.db_table
    base = (
        f"SELECT t.id FROM {task} t JOIN {campaign} k ON k.id = t.campaign_id "
        f"WHERE t.state = '{TaskState.OPEN}' AND t.callable_from <= %(now)s "
        f"AND k.status = '{Status.ACTIVE}' AND (k.team_id IS NULL OR k.team_id IN "
        f"(SELECT team_id FROM {members} WHERE user_id = %(agent)s)) "
        f"AND (k.starts_on IS NULL OR k.starts_on <= %(today)s) "
        f"AND (k.ends_on IS NULL OR k.ends_on >= %(today)s) "
    )
    appointments = (
        f"{base}AND t.appointment_at <= %(now)s AND (t.reserved_for_id IS NULL "
        f"OR t.reserved_for_id = %(agent)s OR t.reserved_until <= %(now)s) "
        f"ORDER BY t.appointment_at, t.id LIMIT 1{lock}"
    )
    regular = (
        f"{base}AND t.appointment_at IS NULL AND ((NOT t.south AND "
        f"{_policy_in('north', north)}) OR (t.south AND {_policy_in('south', south)})) "
        f"ORDER BY t.priority DESC, t.id LIMIT 1{lock}"
    )
    return appointments, regular


TASK_FIELDS = CallTask._meta.concrete_fields


def _facts(source: str) -> str:
    """A SELECT of the task rows of `source` (aliased t) with what the claim-time
    checks need about each, in the same row: the columns after the task's own."""
    attempt = Attempt._meta.db_table
    columns = ", ".join(f"t.{f.column}" for f in TASK_FIELDS)
    return (
        f"SELECT {columns}, c.do_not_call, k.max_attempts, k.daily_attempts, "
        f"(SELECT count(*) FROM {attempt} a WHERE a.customer_id = t.customer_id "
        f"AND a.conversation AND a.at >= %(talks_since)s AND a.task_id <> t.id), "
        f"(SELECT count(*) FROM {attempt} a WHERE a.task_id = t.id AND a.dialled "
        f"AND a.at >= %(day_start)s), "
        f"(SELECT count(*) FROM {attempt} a WHERE a.number = p.e164 AND a.dialled "
        f"AND a.at >= %(day_start)s) "
        f"FROM {source} t "
        f"JOIN {Customer._meta.db_table} c ON c.id = t.customer_id "
        f"JOIN {Campaign._meta.db_table} k ON k.id = t.campaign_id "
        f"LEFT JOIN {Phone._meta.db_table} p ON p.id = t.phone_id"
    )


@cache
def _claim(vendor: str, lock: str, north: int, south: int) -> str:
    """The statement of one claim round: the UPDATE that leases the best callable
    task to the agent. On PostgreSQL it sits inside a WITH joined to its facts (one
    round trip); elsewhere it returns the id and the facts are read next."""
    appointments, regular = _queues(lock, north, south)
    update = (
        f"UPDATE {CallTask._meta.db_table} SET state = '{TaskState.LEASED}', "
        f"agent_id = %(agent)s, leased_at = %(now)s, lease_until = %(lease_until)s, "
        f"dialled_at = NULL WHERE id = COALESCE(({appointments}), ({regular})) "
        f"AND state = '{TaskState.OPEN}'"
    )
    if vendor == "postgresql":
        return f"WITH claimed AS ({update} RETURNING *) {_facts('claimed')}"
    return f"{update} RETURNING id"


def _cursor(using: str):
    """On PostgreSQL a plain psycopg cursor, parameters bound on the server (no
    quoting in Python on the hot path), that may prepare the claim: planning it
    costs twice as much as running it. Django's connections never prepare on their
    own; this one only prepares what asks to be. Elsewhere Django's cursor."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:  # Django's default: never prepare on its own
        raw.prepare_threshold = 2**31
    return psycopg.Cursor(raw)


_converters: dict[str, tuple] = {}


def _task_from_row(using: str, row) -> tuple[CallTask, tuple]:
    """A CallTask from the first columns of a claimed row (with the database's value
    converters applied, as a queryset would), and the facts after them."""
    if using not in _converters:
        connection = connections[using]
        compiler = connection.ops.compiler("SQLCompiler")(
            CallTask.objects.none().query, connection, using
        )
        columns = [f.get_col(CallTask._meta.db_table) for f in TASK_FIELDS]
        _converters[using] = (compiler, compiler.get_converters(columns))
    compiler, converters = _converters[using]
    values = list(row[: len(TASK_FIELDS)])
    if converters:
        values = list(next(compiler.apply_converters([values], converters)))
    task = CallTask.from_db(using, [f.attname for f in TASK_FIELDS], values)
    return task, tuple(row[len(TASK_FIELDS) :])


@dataclass(frozen=True)
class Facts:
    """What the claim-time checks look at (C5)."""

    do_not_call: bool
    attempts: int
    max_attempts: int
    daily_attempts: int
    appointment: bool
    talks: int  # conversations with the customer in other tasks, recently
    task_dials_today: int
    number_dials_today: int

    @classmethod
    def of(cls, task: CallTask, facts: tuple) -> "Facts":
        """From a claimed row: the task and the columns after it."""
        do_not_call, max_attempts, daily_attempts, talks, task_dials, number_dials = facts
        return cls(
            do_not_call=bool(do_not_call),
            attempts=task.attempts,
            max_attempts=max_attempts,
            daily_attempts=daily_attempts,
            appointment=task.appointment_at is not None,
            talks=talks,
            task_dials_today=task_dials,
            number_dials_today=number_dials,
        )


def hold_reason(facts: Facts, limits: dict) -> str | None:
    """Why a just-claimed task may not be called now, or None."""
    if facts.do_not_call:
        return Wait.DO_NOT_CALL
    if facts.attempts >= facts.max_attempts:
        return Wait.MAX_ATTEMPTS
    if facts.talks >= limits["FREQUENCY_CAP"]:
        return Wait.FREQUENCY_CAP
    if not facts.appointment and facts.task_dials_today >= facts.daily_attempts:
        return Wait.DAILY_LIMIT
    if facts.number_dials_today >= limits["NUMBER_DAILY_LIMIT"]:
        return Wait.NUMBER_LIMIT
    return None


def _held_until(task_id: int, reason: str, now: datetime, using: str):
    """When a held-back task may be tried again."""
    limits = settings.HUIFANG
    if reason in {Wait.DO_NOT_CALL, Wait.MAX_ATTEMPTS}:
        return None
    if reason == Wait.FREQUENCY_CAP:
        customer_id = (
            CallTask.objects.using(using).values_list("customer_id", flat=True).get(pk=task_id)
        )
        since = now - timedelta(days=limits["FREQUENCY_DAYS"])
        talks = (
            Attempt.objects.using(using)
            .filter(customer_id=customer_id, conversation=True, at__gte=since)
            .exclude(task_id=task_id)
            .order_by("-at")
            .values_list("at", flat=True)
        )
        return talks[limits["FREQUENCY_CAP"] - 1] + timedelta(days=limits["FREQUENCY_DAYS"])
    return scheduling.start_of_day(now) + timedelta(days=1)


def _send_back(task_id: int, agent, reason: str, callable_from, using: str) -> None:
    CallTask.objects.using(using).filter(pk=task_id, state=TaskState.LEASED, agent=agent).update(
        state=TaskState.OPEN,
        agent=None,
        leased_at=None,
        lease_until=None,
        callable_from=callable_from,
        wait_reason=reason,
    )


def _held(agent, using: str) -> CallTask | None:
    return (
        CallTask.objects.using(using)
        .filter(state=TaskState.LEASED, agent=agent)
        .select_related("customer", "campaign", "phone")
        .first()
    )


def claim_next(agent, now: datetime | None = None, using: str = "default") -> CallTask | None:
    """Hand `agent` the best task callable now, leased to her; None only when no task
    is callable (the waiting counts then say why). An agent holds one call at a time:
    asking again returns the call already in her hands."""
    now = now or timezone.now()
    tidy(now, using)
    connection = connections[using]
    params, shape = _claim_params(agent, now, using)
    lock = (
        " FOR UPDATE OF t SKIP LOCKED"
        if connection.features.has_select_for_update_skip_locked
        else ""
    )
    sql = _claim(connection.vendor, lock, *shape)
    with _cursor(using) as cursor:
        for _ in range(MAX_ROUNDS):
            try:
                row = _execute_claim(cursor, sql, params, using)
            except HoldsACall:
                return _held(agent, using)
            if row is None:
                held = _held(agent, using)
                if held is not None or not _any_callable(params, shape, using):
                    return held
                continue  # lost a race: try again
            if len(row) == 1:  # the id alone: read its facts
                cursor.execute(
                    f"{_facts(CallTask._meta.db_table)} WHERE t.id = %(task)s",
                    {**params, "task": row[0]},
                )
                row = cursor.fetchone()
            task, facts = _task_from_row(using, row)
            reason = hold_reason(Facts.of(task, facts), settings.HUIFANG)
            if reason is None:
                return task
            _send_back(task.pk, agent, reason, _held_until(task.pk, reason, now, using), using)
    return None


class HoldsACall(Exception):
    """The agent already holds a call: the database's one-call-in-hand constraint."""


def _execute_claim(cursor, sql: str, params: dict, using: str):
    """Run the claim; the unique constraint on leased tasks per agent refuses a second
    call in hand, which is how the statement needs no check of its own. Inside a
    transaction the refusal is contained in a savepoint."""
    import psycopg

    connection = connections[using]
    guard = transaction.atomic(using=using) if connection.in_atomic_block else nullcontext()
    try:
        with guard:
            if connection.vendor == "postgresql":
                cursor.execute(sql, params, prepare=True)
            else:
                cursor.execute(sql, params)
            return cursor.fetchone()
    except (IntegrityError, psycopg.errors.UniqueViolation) as exc:
        if "one_call_in_hand" not in str(exc) and "agent_id" not in str(exc):
            raise
        raise HoldsACall from None


def _any_callable(params: dict, shape: tuple[int, int], using: str) -> bool:
    """Whether a task is callable at all: the claim's own queues, without locks. Tells
    'nothing to call' from 'lost a race' (then the claim tries again)."""
    with connections[using].cursor() as cursor:
        for sql in _queues("", *shape):
            cursor.execute(sql, params)
            if cursor.fetchone() is not None:
                return True
    return False


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
        .update(dialled_at=now, lease_until=_lease_end(now))
    )


def renew(task: CallTask, agent, now: datetime | None = None, using: str = "default") -> bool:
    """Keep the lease while the agent works the call: every step in the workspace
    moves its end on, so only a call left alone returns to the queue. False when the
    task is no longer hers."""
    now = now or timezone.now()
    return bool(
        CallTask.objects.using(using)
        .filter(pk=task.pk, state=TaskState.LEASED, agent=agent)
        .update(lease_until=_lease_end(now))
    )


def _lease_end(now: datetime) -> datetime:
    return now + timedelta(minutes=settings.HUIFANG["LEASE_MINUTES"])
