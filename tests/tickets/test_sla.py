"""The SLA clock's calendar arithmetic (features.md F4, formats.md "SLA due times"):
working time on the scheduler's holiday calendar — lunch, evenings, weekends, public
holidays, 调休 make-up days, a year without official data — within the business-hour
windows, with pauses. Fixed instants only, never "now"."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huifang.scheduling import SHANGHAI, HolidayCalendar, to_local
from huifang.tickets.sla import (
    BusinessHours,
    NoWorkingTime,
    add_hours,
    elapsed,
    parse_windows,
    working_time,
)

CALENDAR = HolidayCalendar()
FALLBACK_YEAR = 2031  # certainly not in chinese_calendar for a long while


def _package_has(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def at(text: str) -> datetime:
    """An instant in China time, e.g. "2026-11-24 10:00"."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def due(start: str, hours, **kwargs) -> datetime:
    kwargs.setdefault("calendar", CALENDAR)
    return add_hours(at(start), hours, **kwargs)


# 2026-11-24 is a Tuesday in an ordinary week; 11-28/29 the weekend.
@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # within one window
        ("2026-11-24 09:00", 1, "2026-11-24 10:00"),
        ("2026-11-24 14:10", 2, "2026-11-24 16:10"),
        # ending exactly at the end of a window: that end, not the next opening
        ("2026-11-24 10:00", 2, "2026-11-24 12:00"),
        ("2026-11-24 17:00", 1, "2026-11-24 18:00"),
        ("2026-11-24 09:00", 8, "2026-11-24 18:00"),
        ("2026-11-24 13:00", 5, "2026-11-24 18:00"),
        # across lunch
        ("2026-11-24 11:00", 2, "2026-11-24 14:00"),
        ("2026-11-24 11:45", 0.5, "2026-11-24 13:15"),
        # across the evening
        ("2026-11-24 17:00", 2, "2026-11-25 10:00"),
        ("2026-11-24 10:00", 8, "2026-11-25 10:00"),
        ("2026-11-24 17:30", 0.5, "2026-11-24 18:00"),
        ("2026-11-24 17:30", 0.75, "2026-11-25 09:15"),
        # starting outside working time: the clock starts at the next opening
        ("2026-11-24 07:00", 1, "2026-11-24 10:00"),  # before opening
        ("2026-11-24 12:30", 1, "2026-11-24 14:00"),  # at lunch
        ("2026-11-24 12:00", 1, "2026-11-24 14:00"),  # the instant lunch begins
        ("2026-11-24 18:00", 1, "2026-11-25 10:00"),  # the instant of closing
        ("2026-11-24 22:00", 1, "2026-11-25 10:00"),  # at night
        ("2026-11-25 03:00", 0.5, "2026-11-25 09:30"),  # after midnight
        ("2026-11-28 10:00", 1, "2026-11-30 10:00"),  # Saturday
        # over a weekend
        ("2026-11-27 17:00", 2, "2026-11-30 10:00"),
        ("2026-11-27 09:00", 40, "2026-12-03 18:00"),  # a working week
        # decimal hours
        ("2026-11-24 09:00", 0.5, "2026-11-24 09:30"),
        ("2026-11-24 09:00", 0.25, "2026-11-24 09:15"),
        ("2026-11-24 09:00", Decimal("1.5"), "2026-11-24 10:30"),
        ("2026-11-24 09:00", 1 / 60, "2026-11-24 09:01"),
        # 国庆 2026: Oct 1–7 off, Sun Sep 20 and Sat Oct 10 are 调休 workdays
        ("2026-09-30 17:00", 2, "2026-10-08 10:00"),
        ("2026-10-03 10:00", 1, "2026-10-08 10:00"),  # starts inside the holiday
        ("2026-09-18 17:00", 2, "2026-09-20 10:00"),  # make-up Sunday counts
        ("2026-10-09 17:00", 2, "2026-10-10 10:00"),  # make-up Saturday counts
        ("2026-10-10 17:00", 2, "2026-10-12 10:00"),  # then Sunday off again
        # 春节 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 are 调休 workdays
        ("2026-02-13 17:00", 2, "2026-02-14 10:00"),
        ("2026-02-14 17:00", 2, "2026-02-24 10:00"),
        ("2026-02-27 17:00", 2, "2026-02-28 10:00"),
        # 元旦 2026: Jan 1–3 off, Sun Jan 4 a workday
        ("2025-12-31 17:00", 2, "2026-01-04 10:00"),
        # 劳动节 2026: May 1–5 off, Sat May 9 a workday
        ("2026-04-30 17:00", 9, "2026-05-06 18:00"),
    ],
)
def test_business_calendar(start, hours, expected):
    assert due(start, hours) == at(expected)


@pytest.mark.parametrize(
    "start",
    ["2026-11-24 10:00", "2026-11-24 12:30", "2026-11-24 22:00", "2026-10-01 10:00"],
)
def test_zero_hours_is_the_start_itself(start):
    got = due(start, 0)
    assert got == at(start) and got.tzinfo is SHANGHAI
    assert due(start, 0, calendar=None) == at(start)


def test_naive_means_china_time_and_aware_is_converted():
    assert add_hours(datetime(2026, 11, 24, 17), 1, calendar=CALENDAR) == at("2026-11-24 18:00")
    # 09:00 UTC is 17:00 in China
    got = add_hours(datetime(2026, 11, 24, 9, tzinfo=UTC), 2, calendar=CALENDAR)
    assert got == at("2026-11-25 10:00")
    assert got.isoformat() == "2026-11-25T10:00:00+08:00"


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        ("2026-11-27 17:00", 24, "2026-11-28 17:00"),  # through the weekend
        ("2026-09-30 20:00", 4, "2026-10-01 00:00"),  # into 国庆, midnight exactly
        ("2026-11-24 23:30", 0.75, "2026-11-25 00:15"),
        ("2026-11-24 10:00", 2.5, "2026-11-24 12:30"),  # lunch counts too
    ],
)
def test_always_calendar(start, hours, expected):
    assert due(start, hours, calendar=None) == at(expected)


def test_always_ignores_the_business_hours():
    hours = BusinessHours.parse("10:00-11:00")
    assert due("2026-11-24 09:00", 3, calendar=None, hours_of=hours) == at("2026-11-24 12:00")


# -- a year without official data: the computed fallback --------------------------


@pytest.fixture
def fallback():
    if _package_has(FALLBACK_YEAR):  # pragma: no cover - then move to a later year
        pytest.skip(f"chinese_calendar now has {FALLBACK_YEAR}; use a later year")
    return HolidayCalendar()


def test_fallback_year_national_day(fallback):
    # 国庆 2031 computed: Wed Oct 1 – Fri Oct 3, then the weekend
    got = add_hours(at("2031-09-30 17:00"), 2, calendar=fallback)
    assert got == at("2031-10-06 10:00")
    assert any(w.startswith(f"{FALLBACK_YEAR}: no official") for w in fallback.warnings)


def test_fallback_year_spring_festival(fallback):
    # 春节 2031 computed: 除夕 Wed Jan 22 – 正月初三 Sat Jan 25, then Sunday
    got = add_hours(at("2031-01-21 17:00"), 2, calendar=fallback)
    assert got == at("2031-01-27 10:00")


def test_loaded_make_up_day_counts():
    # an admin loaded 2031's arrangement: Sat Oct 11 is a 调休 workday
    loaded = HolidayCalendar(overrides={date(2031, 10, 11): True}, official_years={2031})
    assert add_hours(at("2031-10-10 17:00"), 2, calendar=loaded) == at("2031-10-11 10:00")
    assert loaded.warnings == []


# -- other business hours -----------------------------------------------------------


def test_one_window_without_lunch():
    hours = BusinessHours.parse("08:30-17:30")
    assert hours.per_day == timedelta(hours=9)
    assert due("2026-11-24 11:00", 2, hours_of=hours) == at("2026-11-24 13:00")
    assert due("2026-11-24 17:00", 1, hours_of=hours) == at("2026-11-25 09:00")


def test_default_business_hours():
    hours = BusinessHours()
    assert hours.windows == ((time(9), time(12)), (time(13), time(18)))
    assert str(hours) == "09:00-12:00,13:00-18:00"
    assert hours.per_day == timedelta(hours=8)
    assert BusinessHours.parse(str(hours)) == hours


@pytest.mark.parametrize(
    ("text", "windows"),
    [
        ("09:00-12:00,13:00-18:00", ((time(9), time(12)), (time(13), time(18)))),
        (" 9:00 - 12:00 , 13:00-18:30 ", ((time(9), time(12)), (time(13), time(18, 30)))),
        ("08:00-12:00,12:00-20:00", ((time(8), time(12)), (time(12), time(20)))),  # touching
        ("00:00-23:59", ((time(0), time(23, 59)),)),
    ],
)
def test_parse_windows(text, windows):
    assert parse_windows(text) == windows


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "is not a window"),
        ("9-12", "'9-12' is not a window"),
        ("09:00-12:00;13:00-18:00", "is not a window"),
        ("12:00-09:00", "ends before it starts"),
        ("09:00-09:00", "ends before it starts"),
        ("09:00-12:00,11:00-13:00", "must not overlap"),
        ("13:00-18:00,09:00-12:00", "must be in order"),
        ("09:00-24:00", "not a time of day"),
        ("09:60-12:00", "not a time of day"),
    ],
)
def test_parse_windows_refuses(text, needle):
    with pytest.raises(ValueError, match=needle):
        parse_windows(text)


def test_business_hours_checks_windows_given_directly():
    with pytest.raises(ValueError, match="overlap"):
        BusinessHours(((time(9), time(12)), (time(11), time(18))))
    with pytest.raises(ValueError, match="no business-hour window"):
        BusinessHours(())


# -- pauses -------------------------------------------------------------------------


def pause(a: str, b: str) -> tuple[datetime, datetime]:
    return at(a), at(b)


@pytest.mark.parametrize(
    ("start", "hours", "pauses", "expected"),
    [
        # inside a window: 10:00–10:30, paused, 11:00–12:00, lunch, 13:00–13:30
        (
            "2026-11-24 10:00",
            2,
            [pause("2026-11-24 10:30", "2026-11-24 11:00")],
            "2026-11-24 13:30",
        ),
        # spanning a night: 17:00–17:30, then from 09:30 the next morning
        (
            "2026-11-24 17:00",
            2,
            [pause("2026-11-24 17:30", "2026-11-25 09:30")],
            "2026-11-25 11:00",
        ),
        # overlapping pauses act as one, 10:30–11:15
        (
            "2026-11-24 10:00",
            2,
            [
                pause("2026-11-24 10:45", "2026-11-24 11:15"),
                pause("2026-11-24 10:30", "2026-11-24 11:00"),
            ],
            "2026-11-24 13:45",
        ),
        # a pause contained in another, and one touching it
        (
            "2026-11-24 09:00",
            1,
            [
                pause("2026-11-24 09:00", "2026-11-24 10:00"),
                pause("2026-11-24 09:15", "2026-11-24 09:30"),
                pause("2026-11-24 10:00", "2026-11-24 10:30"),
            ],
            "2026-11-24 11:30",
        ),
        # partly outside working time: only 09:00–09:30 of it matters
        (
            "2026-11-24 08:00",
            1,
            [pause("2026-11-24 07:00", "2026-11-24 09:30")],
            "2026-11-24 10:30",
        ),
        # wholly outside working time, and before the start: no effect
        (
            "2026-11-24 10:00",
            1,
            [
                pause("2026-11-24 12:05", "2026-11-24 12:55"),
                pause("2026-11-20 10:00", "2026-11-21 10:00"),
            ],
            "2026-11-24 11:00",
        ),
        # over the weekend and a whole month; the clock runs again on the Monday
        (
            "2026-11-27 17:00",
            2,
            [pause("2026-11-27 17:30", "2026-12-28 00:00")],
            "2026-12-28 10:30",
        ),
        # the pause runs out exactly where the hours do
        (
            "2026-11-24 09:00",
            1,
            [pause("2026-11-24 09:30", "2026-11-24 10:00")],
            "2026-11-24 10:30",
        ),
        # an empty pause is no pause
        (
            "2026-11-24 09:00",
            1,
            [pause("2026-11-24 09:30", "2026-11-24 09:30")],
            "2026-11-24 10:00",
        ),
    ],
)
def test_pauses(start, hours, pauses, expected):
    got = due(start, hours, pauses=pauses)
    assert got == at(expected)
    assert elapsed(at(start), got, calendar=CALENDAR, pauses=pauses) == hours


def test_pauses_round_the_clock():
    pauses = [pause("2026-11-24 12:00", "2026-11-24 20:00")]
    assert due("2026-11-24 10:00", 4, calendar=None, pauses=pauses) == at("2026-11-24 22:00")


def test_pause_in_another_time_zone():
    # 02:30–03:00 UTC is 10:30–11:00 in China
    pauses = [(datetime(2026, 11, 24, 2, 30, tzinfo=UTC), datetime(2026, 11, 24, 3, tzinfo=UTC))]
    assert due("2026-11-24 10:00", 1, pauses=pauses) == at("2026-11-24 11:30")


def test_a_pause_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="ends before it starts"):
        due("2026-11-24 10:00", 1, pauses=[pause("2026-11-24 11:00", "2026-11-24 10:30")])


# -- elapsed --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        ("2026-11-24 10:00", "2026-11-24 11:30", 1.5),
        ("2026-11-24 11:00", "2026-11-24 14:00", 2),
        ("2026-11-24 07:00", "2026-11-24 08:59", 0),
        ("2026-11-24 12:10", "2026-11-24 12:50", 0),
        ("2026-11-24 17:00", "2026-11-25 10:00", 2),
        ("2026-11-27 17:00", "2026-11-30 10:00", 2),
        ("2026-11-23 00:00", "2026-11-30 00:00", 40),
        ("2026-09-30 09:00", "2026-10-09 09:00", 16),  # Sep 30 and Oct 8
        ("2026-10-10 09:00", "2026-10-11 23:00", 8),  # make-up Saturday
        ("2026-11-24 11:00", "2026-11-24 10:00", 0),  # end before start
    ],
)
def test_elapsed(start, end, hours):
    assert elapsed(at(start), at(end), calendar=CALENDAR) == hours


def test_elapsed_round_the_clock_and_exact():
    assert elapsed(at("2026-11-27 17:00"), at("2026-11-30 17:00"), calendar=None) == 72
    got = working_time(at("2026-11-24 09:00"), at("2026-11-24 09:00:00.000001"), calendar=CALENDAR)
    assert got == timedelta(microseconds=1)


def test_eighty_percent_warning_point():
    # 重要: resolution in 24 business hours from Tue 10:00: 80 % is 19.2 h, Thu 14:12
    start = at("2026-11-24 10:00")
    assert add_hours(start, 24 * 0.8, calendar=CALENDAR) == at("2026-11-26 14:12")
    assert elapsed(start, at("2026-11-26 14:12"), calendar=CALENDAR) == pytest.approx(19.2)


# -- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize("hours", [-1, -0.001, float("nan"), float("inf"), "8", None, True])
def test_bad_hours_are_refused(hours):
    with pytest.raises(ValueError):
        due("2026-11-24 10:00", hours)


class NoWorkdays:
    def is_workday(self, day):
        return False


def test_a_calendar_without_workdays_is_an_error_not_a_hang():
    with pytest.raises(NoWorkingTime, match="check the holiday calendar"):
        add_hours(at("2026-11-24 10:00"), 1, calendar=NoWorkdays())
    # counting elapsed time over it is fine: there is simply none
    assert elapsed(at("2026-01-01 00:00"), at("2028-01-01 00:00"), calendar=NoWorkdays()) == 0


# -- properties -------------------------------------------------------------------------

instants = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2031, 12, 31, 23, 59, 59),
    timezones=st.sampled_from([None, SHANGHAI, UTC]),
)
# on the minute, like most real times, so that window edges are hit often
starts = st.one_of(instants, instants.map(lambda t: t.replace(second=0, microsecond=0)))
# whole seconds up to 200 hours, as a float of hours (0.5 = 1800 s); often whole minutes
seconds = st.one_of(st.integers(0, 200 * 3600), st.integers(0, 200 * 60).map(lambda m: m * 60))
calendars = st.sampled_from([CALENDAR, None])
pause_lists = st.lists(
    st.tuples(st.integers(-48 * 60, 400 * 60), st.integers(0, 72 * 60)), max_size=4
)
PROPERTY = settings(max_examples=300, deadline=None, database=None)


def _pauses(start: datetime, spec) -> list[tuple[datetime, datetime]]:
    return [
        (start + timedelta(minutes=a), start + timedelta(minutes=a + length)) for a, length in spec
    ]


@PROPERTY
@given(start=starts, s=seconds, calendar=calendars, spec=pause_lists)
def test_elapsed_inverts_add_hours(start, s, calendar, spec):
    hours = s / 3600
    pauses = _pauses(start, spec)
    got = add_hours(start, hours, calendar=calendar, pauses=pauses)
    assert got >= to_local(start)
    assert elapsed(start, got, calendar=calendar, pauses=pauses) == hours
    assert working_time(start, got, calendar=calendar, pauses=pauses) == timedelta(seconds=s)
    if s:  # the earliest such instant: a moment earlier, less has elapsed
        before = got - timedelta(microseconds=1)
        assert working_time(start, before, calendar=calendar, pauses=pauses) < timedelta(seconds=s)


@PROPERTY
@given(start=starts, a=seconds, b=seconds, calendar=calendars)
def test_add_hours_is_monotonic(start, a, b, calendar):
    low, high = sorted((a, b))
    first = add_hours(start, low / 3600, calendar=calendar)
    second = add_hours(start, high / 3600, calendar=calendar)
    assert first <= second
    # and adding in two steps is adding once
    assert add_hours(first, (high - low) / 3600, calendar=calendar) == second


@PROPERTY
@given(start=starts, s=st.integers(1, 200 * 3600))
def test_due_time_is_working_time_or_a_window_end(start, s):
    got = add_hours(start, s / 3600, calendar=CALENDAR).replace(tzinfo=None)
    assert CALENDAR.is_workday(got.date())
    assert time(9) < got.time() <= time(12) or time(13) < got.time() <= time(18)


def _minute_by_minute(start: datetime, minutes: int, calendar, pauses) -> datetime:
    """The slow, obvious answer on whole minutes: step a minute at a time, counting the
    minutes that are on a workday, inside a window and not paused."""
    t = to_local(start).replace(tzinfo=None)
    paused = [
        (to_local(a).replace(tzinfo=None), to_local(b).replace(tzinfo=None)) for a, b in pauses
    ]
    while minutes:
        working = calendar is None or (
            calendar.is_workday(t.date())
            and (time(9) <= t.time() < time(12) or time(13) <= t.time() < time(18))
        )
        if working and not any(a <= t < b for a, b in paused):
            minutes -= 1
        t += timedelta(minutes=1)
    return t.replace(tzinfo=SHANGHAI)


@settings(max_examples=60, deadline=None, database=None)
@given(
    start=instants.map(lambda t: t.replace(second=0, microsecond=0)),
    minutes=st.integers(0, 16 * 60),
    calendar=calendars,
    spec=pause_lists,
)
def test_agrees_with_counting_minute_by_minute(start, minutes, calendar, spec):
    pauses = _pauses(start, spec)
    expected = _minute_by_minute(start, minutes, calendar, pauses)
    got = add_hours(start, minutes / 60, calendar=calendar, pauses=pauses)
    assert got == expected
