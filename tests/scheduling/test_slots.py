"""Allowed call times: windows (end-exclusive), the north/south lunch, weekends,
public holidays, 调休 make-up days, the fallback year, and time zones."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from huifang.scheduling import (
    SHANGHAI,
    ContactPolicy,
    HolidayCalendar,
    NoSlotError,
    blocked_reason,
    get_policy,
    next_slot,
    part_of_day,
)

CALENDAR = HolidayCalendar()


def cst(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


# (policy, south, at, blocked reason, next slot); 2026-03-10 is an ordinary Tuesday.
CASES = [
    ("standard", False, cst(2026, 3, 10, 8, 29, 59), "window", cst(2026, 3, 10, 8, 30)),
    ("standard", False, cst(2026, 3, 10, 8, 30), None, cst(2026, 3, 10, 8, 30)),
    ("standard", False, cst(2026, 3, 10, 11, 59, 59, 999999), None, None),
    ("standard", False, cst(2026, 3, 10, 12, 0), "lunch", cst(2026, 3, 10, 13, 0)),
    ("standard", False, cst(2026, 3, 10, 12, 59), "lunch", cst(2026, 3, 10, 13, 0)),
    ("standard", False, cst(2026, 3, 10, 13, 0), None, None),
    ("standard", False, cst(2026, 3, 10, 18, 59, 59), None, None),
    ("standard", False, cst(2026, 3, 10, 19, 0), "window", cst(2026, 3, 11, 8, 30)),
    ("standard", False, cst(2026, 3, 10, 0, 0), "window", cst(2026, 3, 10, 8, 30)),
    ("standard", False, cst(2026, 3, 10, 23, 59), "window", cst(2026, 3, 11, 8, 30)),
    ("standard", True, cst(2026, 3, 10, 12, 0), "lunch", cst(2026, 3, 10, 14, 0)),
    ("standard", True, cst(2026, 3, 10, 13, 0), "lunch", cst(2026, 3, 10, 14, 0)),
    ("standard", True, cst(2026, 3, 10, 13, 59, 59), "lunch", cst(2026, 3, 10, 14, 0)),
    ("standard", True, cst(2026, 3, 10, 14, 0), None, None),
    ("standard", True, cst(2026, 3, 10, 8, 30), None, None),
    ("standard", True, cst(2026, 3, 10, 19, 0), "window", cst(2026, 3, 11, 8, 30)),
    ("conservative", False, cst(2026, 3, 10, 8, 59), "window", cst(2026, 3, 10, 9, 0)),
    ("conservative", False, cst(2026, 3, 10, 9, 0), None, None),
    ("conservative", False, cst(2026, 3, 10, 12, 30), "lunch", cst(2026, 3, 10, 13, 0)),
    ("conservative", False, cst(2026, 3, 10, 13, 0), None, None),
    ("conservative", False, cst(2026, 3, 10, 16, 59), None, None),
    ("conservative", False, cst(2026, 3, 10, 17, 0), "window", cst(2026, 3, 11, 9, 0)),
    ("conservative", False, cst(2026, 3, 10, 18, 0), "window", cst(2026, 3, 11, 9, 0)),
    ("conservative", True, cst(2026, 3, 10, 13, 30), "lunch", cst(2026, 3, 10, 14, 0)),
    ("conservative", True, cst(2026, 3, 10, 14, 0), None, None),
    # weekends
    ("standard", False, cst(2026, 3, 14, 10, 0), "holiday", cst(2026, 3, 16, 8, 30)),
    ("standard", False, cst(2026, 3, 13, 19, 0), "window", cst(2026, 3, 16, 8, 30)),
    ("conservative", True, cst(2026, 3, 15, 23, 0), "holiday", cst(2026, 3, 16, 9, 0)),
    # public holidays 2026: 国庆 Oct 1–7
    ("standard", False, cst(2026, 10, 1, 10, 0), "holiday", cst(2026, 10, 8, 8, 30)),
    ("standard", True, cst(2026, 9, 30, 19, 0), "window", cst(2026, 10, 8, 8, 30)),
    # 调休 make-up Saturdays 2026-02-14 and 2026-02-28 are workdays
    ("standard", False, cst(2026, 2, 14, 10, 0), None, None),
    ("standard", False, cst(2026, 2, 13, 19, 0), "window", cst(2026, 2, 14, 8, 30)),
    ("standard", True, cst(2026, 2, 28, 12, 30), "lunch", cst(2026, 2, 28, 14, 0)),
    # 春节 2026 runs Feb 15–23
    ("standard", False, cst(2026, 2, 14, 19, 0), "window", cst(2026, 2, 24, 8, 30)),
]

# The computed fallback for 2027 (元旦 is a Friday; 春节 runs 除夕 Feb 5 to 初三 Feb 8).
FALLBACK_CASES = [
    ("standard", False, cst(2026, 12, 31, 19, 0), "window", cst(2027, 1, 4, 8, 30)),
    ("standard", False, cst(2027, 1, 1, 10, 0), "holiday", cst(2027, 1, 4, 8, 30)),
    ("conservative", True, cst(2027, 2, 4, 17, 0), "window", cst(2027, 2, 9, 9, 0)),
]
needs_2027_fallback = pytest.mark.skipif(
    CALENDAR.has_official_data(2027), reason="chinese_calendar now has 2027 data"
)


@pytest.mark.parametrize(
    ("policy", "south", "at", "reason", "slot"),
    [*CASES, *(pytest.param(*case, marks=needs_2027_fallback) for case in FALLBACK_CASES)],
)
def test_blocked_reason_and_next_slot(policy, south, at, reason, slot):
    p = get_policy(policy)
    assert blocked_reason(at, p, south, CALENDAR) == reason
    expected = at if slot is None else slot
    got = next_slot(at, p, south, CALENDAR)
    assert got == expected
    assert got.tzinfo is SHANGHAI
    assert next_slot(got, p, south, CALENDAR) == got


def test_naive_time_is_china_time():
    p = get_policy("standard")
    got = next_slot(datetime(2026, 3, 10, 12, 30), p, False, CALENDAR)
    assert got == cst(2026, 3, 10, 13, 0)
    assert blocked_reason(datetime(2026, 3, 10, 8, 30), p, False, CALENDAR) is None


def test_aware_time_is_converted_to_china_time():
    p = get_policy("standard")
    # 00:30 UTC is 08:30 in Shanghai: callable, and given back in China time.
    at = datetime(2026, 3, 10, 0, 30, tzinfo=UTC)
    assert blocked_reason(at, p, False, CALENDAR) is None
    got = next_slot(at, p, False, CALENDAR)
    assert got == at
    assert (got.tzinfo, got.hour, got.minute) == (SHANGHAI, 8, 30)
    # Friday 23:00 in New York is Saturday 11:00 in Shanghai: a day off.
    ny = datetime(2026, 3, 13, 23, 0, tzinfo=ZoneInfo("America/New_York"))
    assert blocked_reason(ny, p, False, CALENDAR) == "holiday"
    assert next_slot(ny, p, False, CALENDAR) == cst(2026, 3, 16, 8, 30)


def test_three_windows_gap_is_lunch():
    p = ContactPolicy(
        "split",
        ((time(9), time(11)), (time(13), time(15)), (time(16), time(18))),
        ((time(9), time(11)), (time(14), time(15)), (time(16), time(18))),
    )
    assert blocked_reason(cst(2026, 3, 10, 15, 30), p, False, CALENDAR) == "lunch"
    assert next_slot(cst(2026, 3, 10, 15, 30), p, False, CALENDAR) == cst(2026, 3, 10, 16)
    assert blocked_reason(cst(2026, 3, 10, 18, 0), p, True, CALENDAR) == "window"


def test_no_workday_at_all_raises():
    class Closed(HolidayCalendar):
        def is_workday(self, d: date) -> bool:
            return False

    with pytest.raises(NoSlotError, match="no allowed call time within 400 days"):
        next_slot(cst(2026, 3, 10, 10, 0), get_policy("standard"), False, Closed())


@pytest.mark.parametrize(
    ("at", "part"),
    [
        (cst(2026, 3, 10, 0, 0), "morning"),
        (cst(2026, 3, 10, 8, 30), "morning"),
        (cst(2026, 3, 10, 11, 59, 59), "morning"),
        (cst(2026, 3, 10, 12, 0), "afternoon"),
        (cst(2026, 3, 10, 16, 59), "afternoon"),
        (cst(2026, 3, 10, 17, 0), "evening"),
        (cst(2026, 3, 10, 23, 59), "evening"),
        (datetime(2026, 3, 10, 4, 0, tzinfo=UTC), "afternoon"),  # 12:00 in Shanghai
        (datetime(2026, 3, 10, 9, 0), "morning"),  # naive: China time
    ],
)
def test_part_of_day(at, part):
    assert part_of_day(at) == part
