"""What the workspace shows for a call: the preparation facts (D1), the words of the
opening (D2) and the closing (D5), filled for this customer, this agent and this
moment. Read-only; the services that change a call are in `workspace` and
`conversation`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from huifang.calls.models import Call
from huifang.calls.situations import Situation
from huifang.campaigns import rules
from huifang.campaigns.models import Attempt
from huifang.scripts.care import care_line
from huifang.scripts.context import context_for
from huifang.scripts.placeholders import fill
from huifang.scripts.store import current_library
from huifang.surveys import paths
from huifang.tickets.models import Ticket

REMIND_WITHIN_DAYS = 60  # due dates this close are raised as service reminders
DEFAULT_MINUTES = 2  # a call without a questionnaire


_minutes: dict[str, int] = {}  # by version digest: a version never changes


def minutes(call: Call) -> int:
    """Whole minutes the questionnaire takes on an average route (its test mode's
    estimate), at least one."""
    version = call.task.campaign.questionnaire_version
    if version is None:
        return DEFAULT_MINUTES
    if version.digest not in _minutes:
        try:
            seconds = paths.analyse(version.form, limit=1).average_seconds
        except paths.TooManyRoutes:
            seconds = DEFAULT_MINUTES * 60
        _minutes[version.digest] = max(1, math.ceil(seconds / 60))
    return _minutes[version.digest]


def context(call: Call, now=None) -> dict[str, str]:
    """The placeholder values for this call's words."""
    task = call.task
    return context_for(
        customer=task.customer,
        agent=call.agent,
        campaign=task.campaign,
        at=now or timezone.now(),
        minutes=minutes(call),
    )


def say(key: str, values: dict[str, str], kind: str = "") -> str:
    """A script of the library filled; `key.<kind>` first when there is one."""
    library = current_library()
    for candidate in ([f"{key}.{kind}"] if kind else []) + [key, f"{key}.default"]:
        try:
            return fill(library.get(candidate).text, values)
        except KeyError:
            continue
    return ""


def _words(call: Call, own: str, section_kind: str, values: dict[str, str]) -> str:
    """The campaign's own words when it has them (`own`), else what the
    questionnaire's section of `section_kind` says, filled; "" when neither."""
    if own.strip():
        return fill(own, values)
    version = call.task.campaign.questionnaire_version
    if version is not None:
        for section in version.form.sections:
            if section.kind == section_kind and section.say:
                return fill(section.say, values)
    return ""


def opening(call: Call, values: dict[str, str]) -> str:
    """The opening line (D2): the campaign's own when it has one, else the
    questionnaire's greeting, else the library's opening for the campaign's kind."""
    campaign = call.task.campaign
    return _words(call, campaign.opening_script, "greeting", values) or say(
        "opening", values, campaign.kind
    )


_TIME = "\x00"  # where the time agreed goes in a reply, filled as the agent picks it


def situation_panel(call: Call, situation: Situation, values: dict[str, str]) -> dict:
    """What a special situation's panel shows (D3): the reply to read, the reply when
    what it asks for is declined, the reply once it is given (the time agreed, cut
    where the time goes) and the outcomes' labels."""

    def label(code: str | None) -> str:
        return rules.outcome_label(code) if code else ""

    def reply(key: str | None, extra: dict | None = None) -> str:
        return say(key, {**values, **(extra or {})}) if key else ""

    agreed = reply(situation.captured_script, {"callback_time": _TIME})
    before, cut, after = agreed.partition(_TIME)
    outcome = rules.dispositions().get(situation.outcome or "")
    return {
        "call": call,
        "situation": situation,
        "reply": reply(situation.script),
        "otherwise_reply": reply(situation.otherwise_script),
        "agreed": (before, after) if cut else (agreed, None),
        "outcome_label": label(situation.outcome),
        "otherwise_label": label(situation.otherwise),
        "final_label": label(situation.final),
        "offer_do_not_call": bool(outcome and outcome.offer_do_not_call),
    }


@dataclass(frozen=True)
class Closing:
    anything_else: str
    thanks: str
    care: str
    care_occasion: str
    goodbye: str


def closing(call: Call, values: dict[str, str], today: date | None = None) -> Closing:
    """The closing (D5): anything else, thanks (the campaign's or the questionnaire's
    closing words when given), a care line for today, goodbye."""
    today = today or timezone.localdate()
    thanks = _words(call, call.task.campaign.closing_script, "closing", values)
    line = care_line(today, call.task.customer.birthday)
    return Closing(
        anything_else=say("closing.named", values),
        thanks=thanks or say("closing.thanks", values),
        care=fill(line.text, values),
        care_occasion=line.occasion,
        goodbye=say("closing.goodbye", values),
    )


@dataclass(frozen=True)
class Reminder:
    what: str
    due: date
    days: int


def reminders(call: Call, today: date | None = None) -> list[Reminder]:
    """Services to remind the customer of (D4): due dates within two months, and
    the offer the campaign has for them."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=REMIND_WITHIN_DAYS)
    customer = call.task.customer
    found = []
    if customer.licence_due and customer.licence_due <= horizon:
        found.append(Reminder(_("驾照到期"), customer.licence_due, 0))
    for vehicle in customer.vehicles.all():
        if vehicle.insurance_due and vehicle.insurance_due <= horizon:
            found.append(Reminder(_("保险到期"), vehicle.insurance_due, 0))
        if vehicle.inspection_due and vehicle.inspection_due <= horizon:
            found.append(Reminder(_("年检到期"), vehicle.inspection_due, 0))
    return sorted(
        (Reminder(r.what, r.due, (r.due - today).days) for r in found), key=lambda r: r.due
    )


def history(call: Call):
    """Earlier calls to this customer, newest first, and their tickets (D1)."""
    customer = call.task.customer
    attempts = (
        Attempt.objects.filter(customer=customer)
        .exclude(call=call)
        .select_related("task__campaign", "agent")
        .order_by("-at")[:10]
    )
    tickets = Ticket.objects.filter(customer=customer).order_by("-created_at")[:10]
    return list(attempts), list(tickets)


def points(call: Call, values: dict[str, str]) -> list[str]:
    """The talking points 回访要点 for the campaign's kind, one per line."""
    text = say("points", values, call.task.campaign.kind)
    return [line.strip(" -•·") for line in text.splitlines() if line.strip(" -•·")]
