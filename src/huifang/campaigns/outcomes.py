"""Recording a call's outcome 回访结果: append the attempt, then reschedule or close the
task by the outcome table (`dispositions.md`) and the attempt limits."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from huifang import scheduling
from huifang.campaigns import rules
from huifang.campaigns.choices import TaskState, Wait
from huifang.campaigns.models import Attempt, CallTask
from huifang.customers.models import Customer, Phone


class OutcomeError(ValueError):
    pass


def _limits(task: CallTask) -> scheduling.AttemptLimits:
    return scheduling.AttemptLimits(
        per_task=task.campaign.max_attempts,
        per_task_per_day=task.campaign.daily_attempts,
        per_number_per_day=settings.HUIFANG["NUMBER_DAILY_LIMIT"],
    )


def stop_calling(customer: Customer, reason: str, now: datetime, using: str = "default"):
    """Do-not-call 拒访: flag the customer and hold every open task of theirs."""
    Customer.objects.using(using).filter(pk=customer.pk).update(
        do_not_call=True, do_not_call_reason=reason, do_not_call_at=now
    )
    CallTask.objects.using(using).filter(customer=customer, state=TaskState.OPEN).update(
        callable_from=None, wait_reason=Wait.DO_NOT_CALL
    )


def settle_appointments(customer: Customer, reached_on: CallTask, using: str = "default"):
    """Reaching the customer by any other call cancels their appointments
    (dispositions.md): the other open tasks go back to the ordinary queue, from the
    agreed time on, no longer reserved."""
    CallTask.objects.using(using).filter(
        customer=customer, state=TaskState.OPEN, appointment_at__isnull=False
    ).exclude(pk=reached_on.pk).update(
        appointment_at=None, reserved_for=None, reserved_until=None, wait_reason=Wait.RETRY_DELAY
    )


def add_number(customer: Customer, raw: str, using: str = "default", source: str = "call") -> Phone:
    """A number learned on a call is added to the customer, never written over (A2)."""
    from huifang.customers.phones import normalise_phone

    try:
        info = normalise_phone(raw)
    except ValueError as exc:
        raise OutcomeError(f"new number {raw!r}: {exc}") from None
    known = customer.phones.using(using).filter(e164=info.e164).first()
    if known is not None:
        return known
    last = customer.phones.using(using).order_by("-position").first()
    phone = Phone.of(customer, info, position=(last.position + 1) if last else 0, source=source)
    phone.save(using=using)
    return phone


def record_outcome(
    task: CallTask,
    agent,
    code: str,
    *,
    now: datetime | None = None,
    appointment_at: datetime | None = None,
    new_number: str = "",
    note: str = "",
    situation: str = "",
    do_not_call: bool = False,
    using: str = "default",
) -> CallTask:
    """Close the agent's leased task with `code`; returns the task as it now stands."""
    now = now or timezone.now()
    outcome = rules.disposition(code)
    if code == "appointment" and appointment_at is None:
        raise OutcomeError("appointment: the time the customer chose is required")
    if code == "appointment" and appointment_at <= now:
        raise OutcomeError("appointment: the time must be in the future")
    if code == "new_number" and not new_number:
        raise OutcomeError("new_number: the new number is required")
    with transaction.atomic(using=using):
        task = (
            CallTask.objects.using(using)
            .select_for_update()
            .select_related("campaign", "customer", "phone")
            .get(pk=task.pk)
        )
        if task.state != TaskState.LEASED or task.agent_id != agent.pk:
            raise OutcomeError(
                f"task {task.pk}: not in your hands any more (its lease ran out or it was closed)"
            )
        tries = [
            scheduling.Try(at, out)
            for at, out in Attempt.objects.using(using)
            .filter(task=task, dialled=True)
            .values_list("at", "outcome")
        ]
        Attempt.objects.using(using).create(
            task=task,
            customer=task.customer,
            agent=agent,
            number=task.phone.e164 if task.phone else "",
            claimed_at=task.leased_at,
            at=now,
            outcome=code,
            dialled=True,
            conversation=outcome.conversation,
            situation=situation,
            note=note,
        )
        if new_number:
            task.phone = add_number(task.customer, new_number, using)
        plan = scheduling.plan_next(
            now,
            outcome,
            tries,
            rules.policy(task.campaign.policy),
            task.south,
            rules.calendar(),
            _limits(task),
            appointment_at=appointment_at,
            table=rules.dispositions(),
        )
        task.attempts += 1
        task.last_outcome = code
        task.agent = None
        task.leased_at = task.lease_until = task.dialled_at = None
        # Reaching the customer settles any appointment; a new one is set below.
        task.appointment_at = task.reserved_for = task.reserved_until = None
        if plan.close:
            task.state = TaskState.CLOSED
            task.final_outcome = code
            task.final_class = plan.final_class or ""
            task.closed_at = now
            task.callable_from = None
            task.wait_reason = ""
        else:
            task.state = TaskState.OPEN
            task.callable_from = plan.at
            task.wait_reason = plan.reason or Wait.RETRY_DELAY
            if code == "appointment":
                grace = timedelta(minutes=settings.HUIFANG["APPOINTMENT_GRACE_MINUTES"])
                task.appointment_at = appointment_at
                task.reserved_for = agent
                task.reserved_until = appointment_at + grace
        task.save(using=using)
        if outcome.conversation:
            settle_appointments(task.customer, task, using)
        if outcome.stops_customer:
            stop_calling(task.customer, outcome.label, now, using)
            CallTask.objects.using(using).filter(
                customer=task.customer, state=TaskState.OPEN
            ).update(state=TaskState.CLOSED, final_outcome=code, final_class="O", closed_at=now)
        elif do_not_call and outcome.offer_do_not_call:
            stop_calling(task.customer, "客户要求不再回访", now, using)
    return task
