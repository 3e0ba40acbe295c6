"""The values of the placeholders for one call: who is called, by whom, in which
campaign, at what time. What is not known stays unfilled, so the agent sees
`{agent_no}` rather than a gap.

Queries: none for what the objects already carry (a customer's dealer loaded with
`select_related`, vehicles with `prefetch_related`, the agent's profile); otherwise at
most one each for the dealer, the vehicles and the profile."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from huifang.scripts.care import care_line, next_festival
from huifang.scripts.greetings import greeting
from huifang.scripts.placeholders import fill, surname

_TRAILING = "。.！!；;，, "


def day_text(day: date | None, today: date) -> str:
    """A date as it is read out: 12月5日 this year, 2027年1月5日 otherwise."""
    if day is None:
        return ""
    if day.year == today.year:
        return f"{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def agent_values(agent) -> dict[str, str]:
    """The agent's number and name, and the company: what any page may show."""
    values = {"company": settings.HUIFANG["COMPANY"]}
    if agent is None or not getattr(agent, "is_authenticated", False):
        return values
    try:
        values["agent_no"] = agent.profile.agent_no
    except ObjectDoesNotExist:
        pass  # no profile: {agent_no} stays, the agent says it
    values["agent_name"] = person_name(agent)
    return values


def _chinese(text: str) -> bool:
    return bool(text) and all("\u4e00" <= ch <= "\u9fff" for ch in text)


def person_name(user) -> str:
    """A user's name as said: 李娜 (family name first, no space) for a Chinese name,
    "Anna Li" otherwise, the username when no name is given."""
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if _chinese(first) and _chinese(last):
        return f"{last}{first}"
    return user.get_full_name() or user.get_username()


def _vehicle(customer):
    vehicles = list(customer.vehicles.all())
    return min(vehicles, key=lambda v: v.pk) if vehicles else None


def context_for(
    *,
    customer=None,
    agent=None,
    campaign=None,
    at: datetime | None = None,
    minutes: int | None = None,
) -> dict[str, str]:
    """Placeholder name → value for a call to `customer` by `agent` in `campaign` at
    `at` (now when None). Unknown values are left out (or empty), never guessed."""
    local = timezone.localtime(at) if at is not None else timezone.localtime()
    today = local.date()
    values = agent_values(agent)
    values["greeting"] = greeting(local.time(), settings.HUIFANG["GREETING_TIMES"])
    festival = next_festival(today)
    if festival is not None:
        values["holiday"] = festival[0].name
    if minutes is not None:
        values["minutes"] = str(minutes)
    if campaign is not None:
        values["purpose"] = (campaign.purpose or "").strip().rstrip(_TRAILING)
        values["offer"] = (campaign.offer or "").strip().rstrip(_TRAILING)
    birthday = None
    if customer is not None:
        birthday = customer.birthday
        values["customer_name"] = customer.name
        values["surname"] = surname(customer.name)
        values["title"] = customer.title
        values["licence_due"] = day_text(customer.licence_due, today)
        if customer.dealer_id is not None:
            values["dealer"] = customer.dealer.name
        vehicle = _vehicle(customer)
        if vehicle is not None:
            values["product"] = vehicle.product
            values["plate"] = vehicle.plate
            values["insurance_due"] = day_text(vehicle.insurance_due, today)
            values["inspection_due"] = day_text(vehicle.inspection_due, today)
    values["care"] = fill(care_line(today, birthday).text, values)
    return values
