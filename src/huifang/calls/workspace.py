"""The agent's call, step by step (回访三步曲, features.md D2–D5): one service per thing
the agent does. Views and tests call these; each one checks the call is still the
agent's, saves what happened at once, and keeps the task's lease alive."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huifang.accounts.audit import audit
from huifang.accounts.masking import mask
from huifang.accounts.models import AuditEntry
from huifang.calls import screen, telephony
from huifang.calls.models import Call, Step
from huifang.calls.situations import UNREACHED, Situation, load_situations
from huifang.campaigns import rules
from huifang.campaigns.choices import TaskState
from huifang.campaigns.claiming import mark_dialled, renew
from huifang.campaigns.models import Attempt, CallTask
from huifang.campaigns.outcomes import OutcomeError, add_number, record_outcome
from huifang.customers.models import Customer
from huifang.surveys.models import Response
from huifang.tickets import followup
from huifang.tickets.handling import TicketChanged, from_archive, open_ticket
from huifang.tickets.models import Ticket
from huifang.tickets.workflow import WorkflowError


class CallError(ValueError):
    """What the agent asked cannot be done now; the message says why, in her words."""


@cache
def situations() -> dict[str, Situation]:
    """The situations' table, its replies checked against the library's files: a reply
    a supervisor hid or edited on the web is still a key of the table (it shows as
    hidden or edited), never a reason for the workspace not to start."""
    from django.conf import settings

    from huifang.scripts.store import base_library

    scripts = base_library(settings.HUIFANG.get("SCRIPTS_FILE")).keys()
    return load_situations(outcomes=rules.dispositions(), scripts=scripts)


def unreached() -> list[tuple[str, str, str]]:
    """The not-reached buttons of the opening: (outcome, its label, its key)."""
    return [(code, rules.outcome_label(code), key) for code, key in UNREACHED.items()]


def open_call(agent, now: datetime | None = None) -> Call | None:
    """The call in the agent's hands: the one she is working, or a new one for the task
    she has just claimed. None when she holds no task. A call left open on a task
    that is no longer hers, or by someone else on the task she now holds (their lease
    ran out), is closed on the way: only her own call is ever handed to her."""
    now = now or timezone.now()
    task = CallTask.objects.filter(state=TaskState.LEASED, agent=agent).first()
    stale = Call.objects.filter(agent=agent, finished_at__isnull=True)
    if task is not None:
        stale = stale.exclude(task=task)
    stale.update(finished_at=now, step=Step.DONE)
    if task is None:
        return None
    for left in Call.objects.filter(task=task, finished_at__isnull=True).exclude(agent=agent):
        close_abandoned(left, now)
    call = Call.objects.filter(task=task, agent=agent, finished_at__isnull=True).first()
    if call is None:
        call = Call.objects.create(task=task, agent=agent, claimed_at=task.leased_at or now)
    return call


def close_abandoned(call: Call, now: datetime, attempt: Attempt | None = None, using=None):
    """End a call whose agent let the lease run out, where it stood: its answers,
    situations and notes stay as they are (history), the abandoned attempt is linked
    when there is one, and the task is free for a call of its own by the next agent."""
    call.ended_at = call.ended_at or (now if call.dialled_at else None)
    call.finished_at = now
    call.step = Step.DONE
    fields = ["ended_at", "finished_at", "step"]
    if attempt is not None:
        call.attempt = attempt
        fields.append("attempt")
    call.save(using=using, update_fields=fields)
    if attempt is not None and call.response_id is not None:
        Response.objects.using(using).filter(pk=call.response_id, attempt=None).update(
            attempt=attempt
        )


def on_lease_expired(sender, task, attempt, now, using="default", **kwargs) -> None:
    """Upkeep returned `task` to the queue (campaigns.upkeep.lease_expired): the call
    left open on it is closed with the abandoned attempt."""
    for call in Call.objects.using(using).filter(task_id=task.pk, finished_at__isnull=True):
        close_abandoned(call, now, attempt, using)


def own_call(agent, pk: int) -> Call:
    """The agent's unfinished call `pk`; Call.DoesNotExist for anyone else's, or one
    already finished, so a URL never opens another agent's call."""
    return Call.objects.select_related(
        "task__campaign__questionnaire_version",
        "task__customer__dealer",
        "task__phone",
        "response",
    ).get(pk=pk, agent=agent, finished_at__isnull=True)


def not_yours() -> CallError:
    return CallError(_("这个任务已不在您手中（租约已到期或已被关闭），请领取下一个回访。"))


def keep(call: Call, now: datetime) -> None:
    """Keep the task's lease alive for the step the agent takes; CallError when the
    task is no longer hers."""
    if not renew(call.task, call.agent, now):
        raise not_yours()


def dial(call: Call, now: datetime | None = None) -> telephony.Dialled:
    """拨打: through the telephone system when one is connected, else by hand: the full
    number is shown to this agent for this call, and the reveal is audited (A5)."""
    now = now or timezone.now()
    if call.dialled_at is not None:
        raise CallError(_("已经拨打过了。"))
    task = call.task
    if task.phone is None:
        raise CallError(_("客户没有可拨打的号码。"))
    if not mark_dialled(task, call.agent, now):
        raise not_yours()
    dialled = telephony.adapter().dial(call, task.phone.e164)
    call.dialled_at = now
    call.number = task.phone.e164
    call.show_number = dialled.show_number
    call.reference = (dialled.reference or "")[:100]
    if call.step == Step.PREPARE:
        call.step = Step.OPENING
    call.save(update_fields=["dialled_at", "number", "show_number", "reference", "step"])
    followup.dialled(task, call.agent, now)
    if dialled.show_number:
        audit(
            call.agent,
            AuditEntry.REVEAL_NUMBER,
            target=f"customer:{task.customer_id}",
            detail=f"call:{call.pk} task:{task.pk} {mask(call.number)}",
        )
    return dialled


def hang_up(call: Call, now: datetime | None = None) -> None:
    """挂断: the talk ends, wrap-up begins, and the number is masked again."""
    now = now or timezone.now()
    if call.dialled_at is None:
        raise CallError(_("还没有拨打。"))
    if call.ended_at is None:
        call.ended_at = now
        call.save(update_fields=["ended_at"])
    renew(call.task, call.agent, now)


def go_to(call: Call, step: str, now: datetime | None = None) -> None:
    """Move on to `step`: the opening needs a dialled call; the questionnaire needs one."""
    now = now or timezone.now()
    if step not in Step.values or step == Step.DONE:
        raise CallError(_("未知的步骤：%(step)s") % {"step": step})
    if step != Step.PREPARE and call.dialled_at is None:
        raise CallError(_("请先拨打（按 C）。"))
    if step == Step.SURVEY and call.task.campaign.questionnaire_version_id is None:
        step = Step.CLOSING
    keep(call, now)
    call.step = step
    call.save(update_fields=["step"])


def save_note(call: Call, text: str, now: datetime | None = None) -> None:
    """The agent's notes, saved as she types (D4)."""
    call.note = text[:4000]
    call.save(update_fields=["note"])
    renew(call.task, call.agent, now or timezone.now())


def meet(call: Call, key: str, *, now: datetime | None = None) -> Situation:
    """A special situation met and its reply read: remembered on the call; the
    conversation goes on (situations that end the call go through `finish`)."""
    now = now or timezone.now()
    situation = situations().get(key)
    if situation is None:
        raise CallError(_("未知的特殊情况：%(key)s") % {"key": key})
    if call.dialled_at is None:
        raise CallError(_("请先拨打（按 C）。"))
    keep(call, now)
    if not call.situations or call.situations[-1] != key:
        call.situations = [*call.situations, key]
        call.save(update_fields=["situations"])
    return situation


def refer(call: Call, *, name: str, phone: str = "", address: str = "", now=None) -> Customer:
    """A friend plans to buy (D3): the friend becomes a potential customer 潜在客户,
    linked to the customer who referred them; a phone, or else a mailing address.
    Everything is checked before anything is stored (the call still hers, the number
    good), and the same friend given again is the lead already made, not a second."""
    from huifang.customers.phones import normalise_phone

    name, phone, address = name.strip(), phone.strip(), address.strip()
    if not name:
        raise CallError(_("请填写朋友的姓名。"))
    if not phone and not address:
        raise CallError(_("请留下朋友的电话；不方便提供电话时，留下邮寄地址。"))
    if phone:
        try:
            phone = normalise_phone(phone).e164
        except ValueError:
            raise CallError(_("电话号码不对：%(phone)s") % {"phone": phone}) from None
    referrer = call.task.customer
    with transaction.atomic():
        meet(call, "referral", now=now)  # dialled, and the task still hers
        known = Customer.objects.filter(is_lead=True, referred_by=referrer, name=name[:64])
        known = known.filter(phones__e164=phone) if phone else known.filter(address=address[:200])
        lead = known.first()
        if lead is not None:
            return lead
        lead = Customer.objects.create(
            name=name[:64],
            is_lead=True,
            referred_by=referrer,
            address=address[:200],
            dealer=referrer.dealer,
        )
        if phone:
            add_number(lead, phone, source="referral")
    return lead


def finish(
    call: Call,
    code: str,
    *,
    now: datetime | None = None,
    note: str | None = None,
    appointment_at: datetime | None = None,
    new_number: str = "",
    do_not_call: bool = False,
    complaint: str = "",
    situation: str = "",
) -> Attempt:
    """The call's outcome (D5): the attempt is recorded and the task rescheduled or
    closed (dispositions.md); the answers, the situations met and a complaint heard
    are kept with it. Wrap-up time runs from hanging up to now."""
    now = now or timezone.now()
    if call.dialled_at is None:
        raise CallError(_("还没有拨打，不能记录结果；不打这个电话请点“放回队列”。"))
    _check_outcome(code, appointment_at, new_number, now)
    if situation:
        meet(call, situation, now=now)
    note = (call.note if note is None else note)[:4000]
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if locked.finished_at is not None:
            raise CallError(_("这个通话已经记录过结果。"))
        try:
            task = record_outcome(
                call.task,
                call.agent,
                code,
                now=now,
                appointment_at=appointment_at,
                new_number=new_number,
                note=note,
                situation=",".join(call.situations)[:200],
                do_not_call=do_not_call,
            )
        except (OutcomeError, ValueError) as exc:
            raise CallError(str(exc)) from None
        attempt = Attempt.objects.filter(task=task).latest("id")
        call.attempt = attempt
        call.note = note
        if call.step == Step.CLOSING:  # the care line the closing showed today
            call.care_line = screen.context(call, now).get("care", "")[:300]
        call.ended_at = call.ended_at or now
        call.finished_at = now
        call.step = Step.DONE
        call.save()
        if call.response is not None:
            call.response.attempt = attempt
            call.response.save(update_fields=["attempt"])
        answers = call.response.sheet.get("answers", {}) if call.response else {}
        try:
            followup.concluded(task, attempt, answers, now)
        except (WorkflowError, TicketChanged) as exc:
            raise CallError(str(exc)) from None
        if complaint.strip():
            draft_complaint(call, attempt, complaint.strip())
    return attempt


def _check_outcome(code: str, appointment_at, new_number: str, now: datetime) -> None:
    """What the outcome needs, said in the agent's words before anything is stored."""
    from huifang.customers.phones import normalise_phone

    if code not in rules.dispositions():
        raise CallError(
            _("请选择回访结果。") if not code else _("未知的回访结果：%(code)s") % {"code": code}
        )
    if code == "appointment":
        if appointment_at is None:
            raise CallError(_("预约回访：请填写客户方便的时间。"))
        if appointment_at <= now:
            raise CallError(_("预约回访：预约时间必须晚于现在。"))
    if code == "new_number" and not new_number.strip():
        raise CallError(_("请填写客户提供的新号码；没有新号码请选“没有其他联系方式”。"))
    if new_number.strip():
        try:
            normalise_phone(new_number)
        except ValueError:
            raise CallError(_("新号码不对：%(number)s") % {"number": new_number}) from None


def draft_complaint(call: Call, attempt: Attempt, text: str) -> Ticket:
    """客户有投诉: a new ticket with what the call knew (D5), the intake filled as far
    as the archive goes; the ticket workflow takes it from there."""
    task = call.task
    customer = task.customer
    answers = call.response.sheet.get("answers", {}) if call.response else {}
    return open_ticket(
        customer=customer,
        by=call.agent,
        description=text,
        source="callback",
        intake=from_archive(customer),
        vehicle=customer.vehicles.first(),
        task=task,
        attempt=attempt,
        details={
            "campaign": task.campaign.name,
            "agent": call.agent.username,
            "at": timezone.localtime(attempt.at).isoformat(timespec="minutes"),
            "outcome": attempt.outcome,
            "answers": answers,
            "note": call.note,
            "situations": call.situations,
        },
    )
