"""Upkeep of the queue, run now and then by claims and by the worker: leases that ran
out go back to the queue, appointments nobody honoured on their day are missed."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from huifang import scheduling
from huifang.campaigns.choices import TaskState
from huifang.campaigns.models import Attempt, CallTask

MISSED_APPOINTMENT = "missed_appointment"
EVERY = timedelta(seconds=10)
_last: dict[str, datetime] = {}

# Sent inside the transaction that returns a task whose lease ran out, with `task`
# (as it was leased), `attempt` (the abandoned one just recorded), `now` and `using`:
# whoever keeps something open on the task (the workspace's call) closes it there.
lease_expired = Signal()


def tidy(now: datetime, using: str = "default") -> None:
    """Both upkeep steps, at most once every ten seconds of `now` per database."""
    last = _last.get(using)
    if last is not None and abs(now - last) < EVERY:
        return
    _last[using] = now
    expire_leases(now, using)
    miss_appointments(now, using)


def expire_leases(now: datetime | None = None, using: str = "default") -> int:
    """Return tasks whose lease ran out to the queue, recording the abandoned attempt
    (a real dial only if the agent had dialled) and sending `lease_expired`."""
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
                attempt = Attempt.objects.using(using).create(
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
                lease_expired.send(
                    sender=CallTask, task=task, attempt=attempt, now=now, using=using
                )
                returned += 1
    return returned


def miss_appointments(now: datetime | None = None, using: str = "default") -> int:
    """An appointment nobody honoured within its day is dropped: the task goes back to
    the ordinary queue (the next allowed slot) and the miss is recorded (dispositions.md)."""
    now = now or timezone.now()
    start_of_today = scheduling.start_of_day(now)
    missed = list(
        CallTask.objects.using(using).filter(
            state=TaskState.OPEN, appointment_at__lt=start_of_today
        )
    )
    for task in missed:
        with transaction.atomic(using=using):
            changed = (
                CallTask.objects.using(using)
                .filter(pk=task.pk, state=TaskState.OPEN, appointment_at=task.appointment_at)
                .update(
                    appointment_at=None,
                    reserved_for=None,
                    reserved_until=None,
                    callable_from=now,
                    wait_reason="",
                )
            )
            if changed:
                Attempt.objects.using(using).create(
                    task=task,
                    customer_id=task.customer_id,
                    agent_id=task.reserved_for_id,
                    at=now,
                    dialled=False,
                    situation=MISSED_APPOINTMENT,
                    note=f"appointment of {timezone.localtime(task.appointment_at):%Y-%m-%d %H:%M} missed",
                )
    return len(missed)
