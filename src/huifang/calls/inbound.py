"""Taking an inbound call 客户来电 (F1; 001 接听咨询电话的步骤: 标准接听用语，询问来电意图，
清晰明确的回复，感谢对方的来电，记录通话内容; 当时不能给予顾客回答的问题，要明确做好记录，
在最短时间内找出最佳答案，并回复给顾客; 000 遵守承诺).

The agent finds the caller by his number (or takes him down as a new customer),
records why he called (the intents of `data/intents.yaml`), what she answered (a
script of the library), and — when she could not answer at once — the call back she
promised and by when. The promise becomes a call task reserved for her until the
deadline in the standing campaign 来电回复; when the deadline passes with the customer
not called back, the worker tells her and the supervisors, once. At the end the
customer rates the service, 1 to 5."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from huifang import placed
from huifang.calls.models import InboundCall
from huifang.campaigns.choices import Kind, TaskState
from huifang.campaigns.lifecycle import add_task, standing_campaign
from huifang.campaigns.models import CallTask
from huifang.customers.models import Customer, Phone
from huifang.customers.phones import normalise_phone
from huifang.text import _, listing, quoted

INTENTS = Path(__file__).parent / "data" / "intents.yaml"
RATINGS = range(1, 6)
PRIORITY = 9  # a promise kept comes before every campaign


class InboundError(ValueError):
    """What keeps the call from being saved, naming the field."""


@dataclass(frozen=True)
class Intent:
    key: str
    label: str
    reply: str  # the script offered first
    ticket: bool = False  # becomes a complaint ticket


@cache
def intents() -> dict[str, Intent]:
    """The intents of data/intents.yaml, in their order."""
    name = INTENTS.name
    data = placed.read_yaml(placed.read_text(INTENTS, placed.PlacedError), name)
    found = {}
    for entry in data["intents"]:
        unknown = set(entry) - {"key", "label", "reply", "ticket"}
        if unknown or not entry.get("key") or not entry.get("label"):
            raise placed.PlacedError(
                name, [f"第 {entry.line} 行：key、label 必填，可选 reply、ticket"]
            )
        found[entry["key"]] = Intent(
            entry["key"], entry["label"], entry.get("reply", ""), bool(entry.get("ticket"))
        )
    return found


def number_of(raw: str) -> str:
    """The caller's number in E.164; InboundError when it is not a number."""
    try:
        return normalise_phone(raw).e164
    except ValueError as exc:
        raise InboundError(
            _("来电号码{raw}：{reason}").format(raw=quoted(raw), reason=exc)
        ) from None


def callers(number: str):
    """The customers who have `number` — the whole archive: the caller told it himself,
    and the page shows it masked like every number."""
    return (
        Customer.objects.filter(phones__e164=number)
        .distinct()
        .select_related("dealer")
        .prefetch_related("phones", "vehicles")
    )


def take(agent, number: str, customer: Customer | None = None, name: str = "",
         now: datetime | None = None) -> InboundCall:  # fmt: skip
    """Answer a call from `number`: from a known `customer`, or from a new one taken
    down by `name` with this number."""
    now = now or timezone.now()
    with transaction.atomic():
        if customer is None:
            name = name.strip()
            if not name:
                raise InboundError(_("新客户：请填写客户姓名"))
            info = normalise_phone(number)
            customer = Customer.objects.create(name=name[:64])
            Phone.of(customer, info, position=0, source="inbound").save()
        return InboundCall.objects.create(
            agent=agent, customer=customer, number=number, started_at=now
        )


def finish(
    call: InboundCall,
    *,
    intent: str,
    question: str = "",
    answer_key: str = "",
    answer: str = "",
    note: str = "",
    rating: str | int | None = None,
    promised_by: datetime | None = None,
    now: datetime | None = None,
) -> InboundCall:
    """Save how the call went; InboundError naming the field when something is missing
    or wrong, and nothing is saved then."""
    now = now or timezone.now()
    if call.ended_at is not None:
        raise InboundError(_("这通来电已经保存过了"))
    if intent not in intents():
        raise InboundError(
            _("来电意图：请选择（{choices}）").format(
                choices=listing(i.label for i in intents().values())
            )
        )
    if rating in ("", None):
        rating = None
    else:
        try:
            rating = int(rating)
        except (TypeError, ValueError):
            rating = 0
        if rating not in RATINGS:
            raise InboundError(_("服务评价应为 1 到 5 分"))
    question, answer = question.strip(), answer.strip()
    if promised_by is not None:
        if not question:
            raise InboundError(_("承诺回电：请记下客户的问题，回电时才知道要答复什么"))
        if promised_by <= now:
            raise InboundError(_("承诺回电时间要晚于现在"))
    elif not answer and not intents()[intent].ticket:
        raise InboundError(_("答复内容：请写下给客户的答复；当时答复不了的，请约定回电时间"))
    with transaction.atomic():
        call.intent, call.question, call.answer = intent, question, answer
        call.answer_key, call.note, call.rating = answer_key.strip()[:64], note.strip(), rating
        call.ended_at = now
        if promised_by is not None:
            call.promised_by = promised_by
            call.callback = promise(call, promised_by, now)
        call.save()
    return call


def _campaign_fields() -> dict:
    return {
        "name": _("来电回复"),
        "purpose": _("按承诺的时间回复客户来电时没能当场答复的问题"),
        "priority": PRIORITY,
    }


def promise(call: InboundCall, due: datetime, now: datetime) -> CallTask:
    """The call back promised by `due`: callable now, in the agent's own queue until
    the deadline (after it, anyone may call)."""
    campaign = standing_campaign(Kind.INBOUND_CALLBACK, now, _campaign_fields)
    phone = call.customer.phones.filter(e164=call.number).first()
    return add_task(
        campaign,
        call.customer,
        phone,
        f"inbound {call.pk}",
        now,
        appointment_at=now,
        reserved_for=call.agent,
        reserved_until=due,
    )


def promise_of(task: CallTask) -> InboundCall | None:
    """The inbound call whose promise `task` keeps, if any."""
    if task.campaign.kind != Kind.INBOUND_CALLBACK:
        return None
    return InboundCall.objects.filter(callback=task).first()


def pending():
    """Promised call backs not yet made, soonest first."""
    return (
        InboundCall.objects.filter(callback__isnull=False)
        .exclude(callback__state=TaskState.CLOSED)
        .select_related("agent", "customer")
        .order_by("promised_by")
    )


def overdue(now: datetime | None = None):
    """Promised call backs past their deadline with the customer not called back."""
    return pending().filter(promised_by__lt=now or timezone.now())


def escalate(now: datetime | None = None) -> int:
    """Tell the agent and the supervisors of each promise just gone overdue, once (the
    worker's upkeep runs this every half minute). How many."""
    from huifang.tickets.notify import send, supervisors

    now = now or timezone.now()
    due = overdue(now).filter(escalated_at__isnull=True)
    told = 0
    for call in due:
        with transaction.atomic():
            if not InboundCall.objects.filter(pk=call.pk, escalated_at__isnull=True).update(
                escalated_at=now
            ):
                continue  # another worker got there first
            text = _("承诺 {at} 前回电 {customer}（{question}），已超时").format(
                at=timezone.localtime(call.promised_by).strftime("%m-%d %H:%M"),
                customer=call.customer,
                question=call.question[:40],
            )
            link = reverse("inbound:call", args=[call.pk])
            send([call.agent, *supervisors()], None, "promise_overdue", text, link=link)
            told += 1
    return told
