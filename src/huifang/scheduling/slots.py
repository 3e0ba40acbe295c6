"""Allowed call times 可呼叫时段: the next slot, why an instant is blocked, and the part
of the day (features.md C1, C6).

All reasoning is in China time (Asia/Shanghai); a naive datetime is taken to be China
time, an aware one is converted; results are aware datetimes in Asia/Shanghai. An
instant is callable when its day is a workday by the holiday calendar and its time of
day lies in one of the policy's half-open windows [start, end).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from huifang.scheduling.holidays import HolidayCalendar
from huifang.scheduling.policies import ContactPolicy

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_SEARCH_DAYS = 400  # a year of holidays fits; beyond it the calendar must be wrong

BlockedReason = Literal["holiday", "lunch", "window"]
PartOfDay = Literal["morning", "afternoon", "evening"]
PARTS_OF_DAY: tuple[PartOfDay, ...] = ("morning", "afternoon", "evening")
AFTERNOON_FROM = time(12, 0)
EVENING_FROM = time(17, 0)


class NoSlotError(RuntimeError):
    """No allowed call time within MAX_SEARCH_DAYS (a calendar with no workdays)."""


def to_local(at: datetime) -> datetime:
    """`at` as an aware datetime in Asia/Shanghai (naive input is China time)."""
    if at.tzinfo is None:
        return at.replace(tzinfo=SHANGHAI)
    return at.astimezone(SHANGHAI)


def start_of_day(at: datetime) -> datetime:
    """Midnight, China time, of the day `at` falls on."""
    return to_local(at).replace(hour=0, minute=0, second=0, microsecond=0)


def next_slot(
    at: datetime, policy: ContactPolicy, south: bool, calendar: HolidayCalendar
) -> datetime:
    """The earliest callable instant at or after `at`: on a workday, inside a window.
    Returns `at` itself (in China time) when it is already callable, so
    next_slot(next_slot(t)) == next_slot(t). Raises NoSlotError when there is none
    within MAX_SEARCH_DAYS."""
    local = to_local(at)
    wall = local.replace(tzinfo=None)
    windows = policy.windows_for(south)
    day = wall.date()
    for _ in range(MAX_SEARCH_DAYS):
        if calendar.is_workday(day):
            for start, end in windows:
                opens = datetime.combine(day, start)
                if wall >= datetime.combine(day, end):
                    continue
                if wall >= opens:
                    return local  # inside this window: callable now
                return opens.replace(tzinfo=SHANGHAI)
        day += timedelta(days=1)
        wall = datetime.combine(day, time.min)
    raise NoSlotError(
        f"no allowed call time within {MAX_SEARCH_DAYS} days after {local.isoformat()} "
        f"(policy {policy.name}, {'south' if south else 'north'}): check the holiday calendar"
    )


def blocked_reason(
    at: datetime, policy: ContactPolicy, south: bool, calendar: HolidayCalendar
) -> BlockedReason | None:
    """Why no call may start at `at`, or None when it may:
    "holiday" on a day off (weekends included), "lunch" in a gap between two windows
    (午休), "window" before the first or from the end of the last window."""
    local = to_local(at)
    if not calendar.is_workday(local.date()):
        return "holiday"
    clock = local.time()
    windows = policy.windows_for(south)
    for start, end in windows:
        if start <= clock < end:
            return None
    if windows[0][0] <= clock < windows[-1][1]:
        return "lunch"
    return "window"


def part_of_day(at: datetime) -> PartOfDay:
    """The part of the day in China time: "morning" before 12:00, "afternoon"
    12:00–17:00, "evening" from 17:00. Retries are spread over them (dispositions.md)."""
    clock = to_local(at).time()
    if clock < AFTERNOON_FROM:
        return "morning"
    if clock < EVENING_FROM:
        return "afternoon"
    return "evening"
