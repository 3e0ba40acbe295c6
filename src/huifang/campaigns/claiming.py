"""Claiming the next call (C4, C5): one atomic statement hands the best callable task
to one agent with a lease; the claim-time checks (do-not-call, frequency cap, attempt
limits) then either confirm it or send it back with the reason it is not callable.

The statement: `UPDATE … WHERE id = (SELECT id … FOR UPDATE SKIP LOCKED LIMIT 1)` on
PostgreSQL; on SQLite the same UPDATE with `AND state = 'open'`, which the database
runs alone (one writer at a time), so two agents can never get the same task."""

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

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


def _in(column: str, values: list) -> tuple[str, list]:
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _candidates(agent, now: datetime, using: str, lock: str) -> list[tuple[str, list]]:
    """The two queues of tasks `agent` may take at `now`, best first, as SELECTs of one
    id each: due appointments (earliest first; they may fall outside the windows),
    then the rest by priority and age. The campaigns of her team, their period and the
    contact windows of their policies are all in the SQL, so an edited campaign or
    policy counts from the next claim on. Written by hand: it runs on every claim."""
    task, campaign = CallTask._meta.db_table, Campaign._meta.db_table
    members = Team.members.through._meta.db_table
    calendar = rules.calendar()
    open_for = {
        south: [
            name
            for name, policy in rules.policies().items()
            if scheduling.blocked_reason(now, policy, south, calendar) is None
        ]
        for south in (False, True)
    }
    north_sql, north_params = _in("k.policy", open_for[False])
    south_sql, south_params = _in("k.policy", open_for[True])
    today = timezone.localdate(now)
    at = connections[using].ops.adapt_datetimefield_value(now)
    base = (
        f"SELECT t.id FROM {task} t JOIN {campaign} k ON k.id = t.campaign_id "
        f"WHERE t.state = %s AND t.callable_from <= %s AND k.status = %s "
        f"AND (k.team_id IS NULL OR k.team_id IN (SELECT team_id FROM {members} WHERE user_id = %s)) "
        f"AND (k.starts_on IS NULL OR k.starts_on <= %s) AND (k.ends_on IS NULL OR k.ends_on >= %s) "
    )
    base_params = [TaskState.OPEN, at, Status.ACTIVE, agent.pk, today, today]
    appointments = (
        f"{base}AND t.appointment_at IS NOT NULL AND (t.reserved_for_id IS NULL "
        f"OR t.reserved_for_id = %s OR t.reserved_until <= %s) "
        f"ORDER BY t.appointment_at, t.id LIMIT 1{lock}",
        [*base_params, agent.pk, at],
    )
    regular = (
        f"{base}AND t.appointment_at IS NULL "
        f"AND ((t.south = %s AND {north_sql}) OR (t.south = %s AND {south_sql})) "
        f"ORDER BY t.priority DESC, t.id LIMIT 1{lock}",
        [*base_params, False, *north_params, True, *south_params],
    )
    return [appointments, regular]


def _claim_statement(agent, now: datetime, using: str) -> tuple[str, list]:
    """The one UPDATE that leases the best callable task to `agent`."""
    connection = connections[using]
    ops = connection.ops
    skip_locked = connection.features.has_select_for_update_skip_locked
    lock = " FOR UPDATE OF t SKIP LOCKED" if skip_locked else ""
    (appointments, a_params), (regular, r_params) = _candidates(agent, now, using, lock)
    lease_until = now + timedelta(minutes=settings.HUIFANG["LEASE_MINUTES"])
    sql = (
        f"UPDATE {CallTask._meta.db_table} SET state = %s, agent_id = %s, leased_at = %s, "
        f"lease_until = %s, dialled_at = NULL "
        f"WHERE id = COALESCE(({appointments}), ({regular})) AND state = %s RETURNING id"
    )
    params = [
        TaskState.LEASED,
        agent.pk,
        ops.adapt_datetimefield_value(now),
        ops.adapt_datetimefield_value(lease_until),
        *a_params,
        *r_params,
        TaskState.OPEN,
    ]
    return sql, params


TASK_FIELDS = CallTask._meta.concrete_fields
FACTS = 6  # columns after the task's own in a claimed row


def _facts_statement(source: str, now: datetime, using: str) -> tuple[str, list]:
    """A SELECT of the task rows of `source` (aliased t) with what the claim-time
    checks need about each, in the same row."""
    ops = connections[using].ops
    limits = settings.HUIFANG
    since = ops.adapt_datetimefield_value(now - timedelta(days=limits["FREQUENCY_DAYS"]))
    today = ops.adapt_datetimefield_value(scheduling.start_of_day(now))
    attempt = Attempt._meta.db_table
    columns = ", ".join(f"t.{f.column}" for f in TASK_FIELDS)
    sql = (
        f"SELECT {columns}, c.do_not_call, k.max_attempts, k.daily_attempts, "
        f"(SELECT count(*) FROM {attempt} a WHERE a.customer_id = t.customer_id "
        f"AND a.conversation = %s AND a.at >= %s AND a.task_id <> t.id), "
        f"(SELECT count(*) FROM {attempt} a WHERE a.task_id = t.id AND a.dialled = %s "
        f"AND a.at >= %s), "
        f"(SELECT count(*) FROM {attempt} a WHERE a.number = p.e164 AND a.dialled = %s "
        f"AND a.at >= %s) "
        f"FROM {source} t "
        f"JOIN {Customer._meta.db_table} c ON c.id = t.customer_id "
        f"JOIN {Campaign._meta.db_table} k ON k.id = t.campaign_id "
        f"LEFT JOIN {Phone._meta.db_table} p ON p.id = t.phone_id"
    )
    return sql, [True, since, True, today, True, today]


def _claim_and_facts(agent, now: datetime, using: str) -> tuple[str, list, bool]:
    """The statements of one claim round: on PostgreSQL one (the UPDATE inside a WITH,
    joined to its facts); elsewhere the UPDATE alone, its facts read next. The flag
    says which."""
    claim_sql, claim_params = _claim_statement(agent, now, using)
    if connections[using].vendor == "postgresql":
        facts_sql, facts_params = _facts_statement("claimed", now, using)
        sql = f"WITH claimed AS ({claim_sql.replace('RETURNING id', 'RETURNING *')}) {facts_sql}"
        return sql, [*claim_params, *facts_params], True
    return claim_sql, claim_params, False


def _cursor(using: str):
    """On PostgreSQL a plain psycopg cursor, parameters bound on the server (no
    quoting in Python on the hot path). Not prepared: a generic plan for the claim is
    far worse than a fresh one (measured: 106 against 1,636 claims/s). Elsewhere
    Django's cursor."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


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
    sql, params, with_facts = _claim_and_facts(agent, now, using)
    with _cursor(using) as cursor:
        for _ in range(MAX_ROUNDS):
            try:
                row = _execute_claim(cursor, sql, params, using)
            except HoldsACall:
                return _held(agent, using)
            if row is None:
                held = _held(agent, using)
                if held is not None or not _any_callable(agent, now, using):
                    return held
                continue  # lost a race: try again
            if not with_facts:
                facts_sql, facts_params = _facts_statement(CallTask._meta.db_table, now, using)
                cursor.execute(f"{facts_sql} WHERE t.id = %s", [*facts_params, row[0]])
                row = cursor.fetchone()
            task, facts = _task_from_row(using, row)
            reason = hold_reason(Facts.of(task, facts), settings.HUIFANG)
            if reason is None:
                return task
            _send_back(task.pk, agent, reason, _held_until(task.pk, reason, now, using), using)
    return None


class HoldsACall(Exception):
    """The agent already holds a call: the database's one-call-in-hand constraint."""


def _execute_claim(cursor, sql: str, params: list, using: str):
    """Run the claim; the unique constraint on leased tasks per agent refuses a second
    call in hand, which is how the statement needs no check of its own. Inside a
    transaction the refusal is contained in a savepoint."""
    import psycopg

    connection = connections[using]
    guard = transaction.atomic(using=using) if connection.in_atomic_block else nullcontext()
    try:
        with guard:
            cursor.execute(sql, params)
            return cursor.fetchone()
    except (IntegrityError, psycopg.errors.UniqueViolation) as exc:
        if "one_call_in_hand" not in str(exc) and "agent_id" not in str(exc):
            raise
        raise HoldsACall from None


def _any_callable(agent, now: datetime, using: str) -> bool:
    """Whether a task is callable at all: the claim's own queues, without locks. Tells
    'nothing to call' from 'lost a race' (then the claim tries again)."""
    with connections[using].cursor() as cursor:
        for sql, params in _candidates(agent, now, using, lock=""):
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
        .update(dialled_at=now)
    )
