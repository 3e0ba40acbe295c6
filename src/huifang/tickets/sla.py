"""The SLA clock 服务时限: how much working time lies between two instants, and when a
number of working hours runs out (features.md F4, formats.md "SLA due times").

Plain Python: nothing here imports Django, so the ticket models, the escalation worker
and `huifang sla due` all call the same arithmetic, tested in milliseconds.

Working time is time on a workday of the holiday calendar — the one the call
scheduler uses, so 调休 make-up Saturdays count and years without official data fall
back to the computed statutory holidays, with its warning — inside the business-hour
windows, which are half-open, [start, end). Before opening, in the lunch break, after
closing and on days off the clock does not run; nor during a pause (the ticket waits
for the customer or the dealer). `calendar=None` is the round-the-clock calendar
(24×7): every instant counts except pauses, and the windows are not used.

The due time of `hours` after `start` is the *earliest* instant by which that much
working time has elapsed. Hence:

- when the hours run out exactly at the end of a window, the due time is that end
  (18:00, not 09:00 the next workday);
- 0 hours is `start` itself, whether or not `start` lies in working time: nothing has
  to elapse (a positive amount from a non-working instant starts counting at the next
  opening);
- `elapsed(start, add_hours(start, h)) == h` and `add_hours` never decreases as `h`
  grows.

All reasoning is in China time: a naive datetime is Asia/Shanghai, an aware one is
converted, results are aware datetimes in Asia/Shanghai. Shanghai has kept +08:00
without summer time since 1991, so wall-clock arithmetic is real elapsed time. Amounts
are counted in `timedelta` (whole microseconds), never by adding floats; the walk goes
window by window, not minute by minute.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from huifang.scheduling.slots import SHANGHAI, to_local

if TYPE_CHECKING:
    from huifang.scheduling.holidays import HolidayCalendar

Window = tuple[time, time]
Pause = tuple[datetime, datetime]

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
DEFAULT_WINDOWS: tuple[Window, ...] = ((time(9, 0), time(12, 0)), (time(13, 0), time(18, 0)))
# A calendar with no workday in this many days in a row is wrong (a year of holidays fits).
MAX_IDLE_DAYS = 400

_WINDOW = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


class NoWorkingTime(RuntimeError):
    """The business calendar has no working time for MAX_IDLE_DAYS days in a row, so the
    hours can never run out: the holiday calendar must be wrong."""


def format_windows(windows: Iterable[Window]) -> str:
    """ "09:00-12:00,13:00-18:00": the text form `parse_windows` reads."""
    return ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in windows)


def _check_windows(windows: tuple[Window, ...]) -> None:
    if not windows:
        raise ValueError("no business-hour window")
    for start, end in windows:
        if end <= start:
            raise ValueError(f"{start:%H:%M}-{end:%H:%M}: the window ends before it starts")
    for (_, end), (start, _) in zip(windows, windows[1:], strict=False):
        if start < end:
            raise ValueError(
                f"{format_windows(windows)}: windows must be in order and must not overlap "
                f"({start:%H:%M} is before {end:%H:%M})"
            )


def parse_windows(text: str) -> tuple[Window, ...]:
    """Business-hour windows from "09:00-12:00,13:00-18:00": HH:MM-HH:MM separated by
    commas, in order of the day, not overlapping (touching is fine), each ending after it
    starts. Raises ValueError naming the bad part."""
    windows = []
    for part in str(text).split(","):
        part = part.strip()
        match = _WINDOW.match(part)
        if not match:
            raise ValueError(f"{part!r} is not a window HH:MM-HH:MM (e.g. 09:00-12:00)")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise ValueError(f"{part!r}: not a time of day (00:00 to 23:59)")
        windows.append((time(h1, m1), time(h2, m2)))
    result = tuple(windows)
    _check_windows(result)
    return result


@dataclass(frozen=True)
class BusinessHours:
    """The windows of a workday in which the SLA clock runs 工作时间 (default
    09:00–12:00 and 13:00–18:00, the lunch hour off)."""

    windows: tuple[Window, ...] = DEFAULT_WINDOWS

    def __post_init__(self) -> None:
        object.__setattr__(self, "windows", tuple((a, b) for a, b in self.windows))
        _check_windows(self.windows)

    @classmethod
    def parse(cls, text: str) -> BusinessHours:
        return cls(parse_windows(text))

    @property
    def per_day(self) -> timedelta:
        """The working time of one workday (8 hours by default)."""
        return sum((_offset(b) - _offset(a) for a, b in self.windows), timedelta())

    def __str__(self) -> str:
        return format_windows(self.windows)


DEFAULT_HOURS = BusinessHours()


def add_hours(
    start: datetime,
    hours: float,
    *,
    calendar: HolidayCalendar | None,
    hours_of: BusinessHours = DEFAULT_HOURS,
    pauses: Iterable[Pause] = (),
) -> datetime:
    """The earliest instant at which `hours` (a decimal, ≥ 0) of working time have
    elapsed after `start`, in Asia/Shanghai. `calendar=None` counts round the clock.
    0 hours gives `start` itself. Raises ValueError for a negative or non-finite amount
    and NoWorkingTime when the calendar has no workday for MAX_IDLE_DAYS days."""
    need = _amount(hours)
    local = to_local(start)
    if not need:
        return local
    wall = local.replace(tzinfo=None)
    for a, b in _working_pieces(wall, None, calendar, hours_of, _merged(pauses)):
        piece = b - a
        if need <= piece:
            return (a + need).replace(tzinfo=SHANGHAI)
        need -= piece
    raise AssertionError("unreachable: the working pieces never end")  # pragma: no cover


def elapsed(
    start: datetime,
    end: datetime,
    *,
    calendar: HolidayCalendar | None,
    hours_of: BusinessHours = DEFAULT_HOURS,
    pauses: Iterable[Pause] = (),
) -> float:
    """The working hours between `start` and `end` (0.0 when `end` is not after
    `start`): the inverse of `add_hours`, used for the 80 % warning."""
    return working_time(start, end, calendar=calendar, hours_of=hours_of, pauses=pauses) / HOUR


def working_time(
    start: datetime,
    end: datetime,
    *,
    calendar: HolidayCalendar | None,
    hours_of: BusinessHours = DEFAULT_HOURS,
    pauses: Iterable[Pause] = (),
) -> timedelta:
    """`elapsed` as an exact timedelta."""
    since = to_local(start).replace(tzinfo=None)
    until = to_local(end).replace(tzinfo=None)
    total = timedelta()
    if until <= since:
        return total
    for a, b in _working_pieces(since, until, calendar, hours_of, _merged(pauses)):
        if a >= until:
            break
        total += min(b, until) - a
    return total


# -- internals ---------------------------------------------------------------------


def _offset(t: time) -> timedelta:
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second, microseconds=t.microsecond)


def _amount(hours: float) -> timedelta:
    try:
        if isinstance(hours, str | bool):
            raise TypeError
        value = float(hours)  # int, float, Decimal, Fraction
    except (TypeError, ValueError):
        raise ValueError(f"{hours!r} is not a number of hours") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{hours!r}: the hours must be a finite number, 0 or more")
    return timedelta(hours=value)  # rounded to whole microseconds, once


def _merged(pauses: Iterable[Pause]) -> list[tuple[datetime, datetime]]:
    """The pauses in China wall-clock time, sorted, overlapping or touching ones joined."""
    spans = []
    for begin, finish in pauses:
        a = to_local(begin).replace(tzinfo=None)
        b = to_local(finish).replace(tzinfo=None)
        if b < a:
            raise ValueError(
                f"pause {to_local(begin).isoformat()} – {to_local(finish).isoformat()} "
                "ends before it starts"
            )
        if b > a:
            spans.append((a, b))
    spans.sort()
    merged: list[tuple[datetime, datetime]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _working_pieces(
    since: datetime,
    until: datetime | None,
    calendar: HolidayCalendar | None,
    hours_of: BusinessHours,
    pauses: list[tuple[datetime, datetime]],
) -> Iterator[tuple[datetime, datetime]]:
    """The working time from `since` (naive China time) on, as consecutive pieces
    (from, to) in order, pauses cut out; it stops at `until` when given (the last piece
    may reach past it), and otherwise runs until the caller stops."""
    if calendar is None:
        offsets = ((timedelta(), DAY),)
    else:
        offsets = tuple((_offset(a), _offset(b)) for a, b in hours_of.windows)
    day: date = since.date()
    first = 0  # pauses before this index end before the current position
    idle = 0  # days in a row without working time by the calendar
    while True:
        midnight = datetime.combine(day, time.min)
        if until is not None and midnight >= until:
            return
        while first < len(pauses) and pauses[first][1] <= max(midnight, since):
            first += 1
        if first < len(pauses) and pauses[first][0] <= max(midnight, since):
            # a pause runs on past this midnight: skip the days it covers whole
            resume = pauses[first][1]
            if resume >= midnight + DAY:
                day = resume.date()
                idle = 0
                continue
        if calendar is None or calendar.is_workday(day):
            idle = 0
            for open_at, close_at in offsets:
                cursor = max(midnight + open_at, since)
                close = midnight + close_at
                while first < len(pauses) and pauses[first][1] <= cursor:
                    first += 1
                index = first
                while cursor < close:
                    if index < len(pauses) and pauses[index][0] < close:
                        pause_from, pause_to = pauses[index]
                        if pause_from > cursor:
                            yield cursor, pause_from
                        cursor = max(cursor, pause_to)
                        index += 1
                    else:
                        yield cursor, close
                        break
        else:
            idle += 1
            if idle > MAX_IDLE_DAYS and until is None:
                raise NoWorkingTime(
                    f"no workday in the {MAX_IDLE_DAYS} days before {day.isoformat()}: "
                    "check the holiday calendar"
                )
        day += DAY
