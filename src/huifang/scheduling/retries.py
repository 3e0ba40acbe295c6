"""Retry planning 重拨策略: after a call, close the task or pick its next try
(features.md C3, dispositions.md).

`plan_next` decides, in this order:

1. A *final* outcome closes the task with the outcome's AAPOR class.
2. A *retry_once* outcome (break-off 中途挂断) that the task already had once closes
   it with the outcome's class (R).
3. When this try was the last one (earlier real dials + this one ≥ `per_task`), a
   retry outcome closes the task ("max_attempts"). Its class: the most recent contact
   class (R, NC, O) in the task's history, taking this outcome first and each
   outcome's "if never reached" class before its own (appointment → NC, driving → O,
   a break-off earlier → R); without any contact, this outcome's class (no_answer →
   UH), else UH.
4. An appointment 预约 (`at_agreed_time`) is due exactly at the time the customer chose,
   even outside the windows (C2): reason "appointment".
5. Otherwise the earliest next try is `next_slot(now + delay)`. A day that already has
   `per_task_per_day` tries of this task (counting this one) is skipped, and the try
   moves to the first slot of the next workday with room: reason "daily_limit".
   Outcomes marked `other_part_of_day`, and any delay of an hour or more, are spread:
   the candidates are the first allowed instant of each part of the day (morning,
   afternoon, evening; see `part_of_day`) at or after the earliest, on the earliest
   day with room and the next SPREAD_WORKDAYS such days; the part of the day with the
   fewest tries so far (counting this one) wins, ties going to the earlier time.
   Short delays (busy 15 min, silent line 30 min, new number 10 min) are not spread.
   Reason "retry_delay" (or "daily_limit" when the earliest day was full).

Only real dials count as tries; the per-number daily limit is enforced when a task is
claimed, not here.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from huifang.scheduling.dispositions import Disposition, load_dispositions
from huifang.scheduling.holidays import HolidayCalendar
from huifang.scheduling.policies import ContactPolicy
from huifang.scheduling.slots import (
    AFTERNOON_FROM,
    EVENING_FROM,
    PARTS_OF_DAY,
    SHANGHAI,
    next_slot,
    part_of_day,
    to_local,
)

SPREAD_FROM = timedelta(hours=1)  # delays this long or longer are spread
SPREAD_WORKDAYS = 3  # workdays after the earliest one that the spread may use
CONTACT_CLASSES = frozenset({"R", "NC", "O"})
_PART_STARTS = {"morning": time.min, "afternoon": AFTERNOON_FROM, "evening": EVENING_FROM}


@dataclass(frozen=True)
class AttemptLimits:
    """How often a task may be tried: in all, per day, and per phone number per day
    (the last one across all campaigns, enforced at claim time)."""

    per_task: int = 5
    per_task_per_day: int = 2
    per_number_per_day: int = 3

    def __post_init__(self) -> None:
        for name in ("per_task", "per_task_per_day", "per_number_per_day"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"attempt limit {name}: {value!r} must be a whole number ≥ 1")


class Try(NamedTuple):
    """An earlier real dial of the task: when, and its outcome code."""

    at: datetime
    outcome_code: str


@dataclass(frozen=True)
class Plan:
    """What happens to the task: closed with `final_class`, or open again from `at`.
    `reason`: "final", "retry_once_used" or "max_attempts" when closed;
    "appointment", "retry_delay" or "daily_limit" when open."""

    close: bool
    at: datetime | None = None
    reason: str | None = None
    final_class: str | None = None


@functools.cache
def _default_table() -> Mapping[str, Disposition]:
    return load_dispositions()


def plan_next(
    now: datetime,
    outcome: Disposition,
    tries: Sequence[Try],
    policy: ContactPolicy,
    south: bool,
    calendar: HolidayCalendar,
    limits: AttemptLimits = AttemptLimits(),  # noqa: B008 - frozen, safe to share
    appointment_at: datetime | None = None,
    *,
    table: Mapping[str, Disposition] | None = None,
) -> Plan:
    """The plan after a call that ended with `outcome` at `now`. `tries` are the task's
    earlier real dials (not this one); `table` looks up their outcome codes (the
    packaged table when None). See the module docstring for the rules."""
    if outcome.is_final:
        return Plan(True, None, "final", outcome.aapor_class)
    if outcome.kind == "retry_once" and any(t.outcome_code == outcome.code for t in tries):
        return Plan(True, None, "retry_once_used", outcome.aapor_class)
    if len(tries) + 1 >= limits.per_task:
        history = table if table is not None else _default_table()
        return Plan(True, None, "max_attempts", _exhausted_class(outcome, tries, history))
    if outcome.at_agreed_time:
        if appointment_at is None:
            raise ValueError(f"{outcome.code}: the time the customer chose is required")
        return Plan(False, to_local(appointment_at), "appointment", None)
    if outcome.delay is None:
        raise ValueError(f"{outcome.code}: a retry outcome needs a delay")

    now = to_local(now)
    per_day = Counter(to_local(t.at).date() for t in tries)
    per_day[now.date()] += 1

    def full(day: date) -> bool:
        return per_day[day] >= limits.per_task_per_day

    earliest = next_slot(now + outcome.delay, policy, south, calendar)
    start = earliest
    while full(start.date()):
        start = _first_slot_after(start.date(), policy, south, calendar)
    reason = "daily_limit" if start != earliest else "retry_delay"
    if outcome.other_part_of_day or outcome.delay >= SPREAD_FROM:
        parts = Counter(part_of_day(t.at) for t in tries)
        parts[part_of_day(now)] += 1
        candidates = _candidates(start, full, policy, south, calendar)
        start = min(candidates, key=lambda slot: (parts[part_of_day(slot)], slot))
    return Plan(False, start, reason, None)


def _first_slot_after(day: date, policy, south, calendar) -> datetime:
    """The first allowed instant on a day after `day`."""
    midnight = datetime.combine(day + timedelta(days=1), time.min, tzinfo=SHANGHAI)
    return next_slot(midnight, policy, south, calendar)


def _candidates(start: datetime, full, policy, south, calendar) -> list[datetime]:
    """The first allowed instant of each part of the day at or after `start`, on
    start's day and the next SPREAD_WORKDAYS workdays that are not full."""
    candidates: list[datetime] = []
    days = 0
    while days <= SPREAD_WORKDAYS:
        day = start.date()
        if not full(day):
            days += 1
            for part in PARTS_OF_DAY:
                lower = max(start, datetime.combine(day, _PART_STARTS[part], tzinfo=SHANGHAI))
                slot = next_slot(lower, policy, south, calendar)
                if slot.date() == day and part_of_day(slot) == part:
                    candidates.append(slot)
        start = _first_slot_after(day, policy, south, calendar)
    return candidates


def _exhausted_class(
    outcome: Disposition, tries: Sequence[Try], table: Mapping[str, Disposition]
) -> str:
    """The AAPOR class of a task that ran out of tries on `outcome`."""
    history = [outcome, *(table.get(t.outcome_code) for t in reversed(tries))]
    for earlier in history:
        if earlier is None:
            continue
        klass = earlier.never_reached_class or earlier.aapor_class
        if klass in CONTACT_CLASSES:
            return klass
    return outcome.never_reached_class or outcome.aapor_class or "UH"
