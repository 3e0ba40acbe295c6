"""The holiday calendar: official data, 调休 make-up days, admin overrides and the
computed fallback for years the chinese_calendar package lacks."""

import logging
from datetime import date, timedelta

import chinese_calendar
import pytest

from huifang.scheduling import HolidayCalendar, qingming_day, statutory_holidays


def _package_has(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


# The fallback tests use 2027; once chinese_calendar ships 2027 they move to a later year.
needs_2027_fallback = pytest.mark.skipif(
    _package_has(2027), reason="chinese_calendar now has 2027 data; use a later year"
)
FAR_YEAR = 2031  # certainly not in the package for a long while


@pytest.fixture
def calendar():
    return HolidayCalendar()


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (date(2026, 3, 9), True),  # Monday
        (date(2026, 3, 13), True),  # Friday
        (date(2026, 3, 14), False),  # Saturday
        (date(2026, 3, 15), False),  # Sunday
        (date(2026, 1, 1), False),  # 元旦
        (date(2026, 2, 17), False),  # 春节 正月初一
        (date(2026, 4, 6), False),  # 清明 (Monday, in lieu)
        (date(2026, 5, 1), False),  # 劳动节
        (date(2026, 6, 19), False),  # 端午
        (date(2026, 9, 25), False),  # 中秋
        (date(2026, 10, 1), False),  # 国庆
        (date(2026, 10, 7), False),  # 国庆, last day
        (date(2026, 10, 8), True),
    ],
)
def test_official_2026(calendar, day, workday):
    assert calendar.is_workday(day) is workday


# 调休: weekend days that the State Council made workdays (from chinese_calendar 1.11).
@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 26),  # Sunday before 春节 2025
        date(2025, 2, 8),  # Saturday after 春节 2025
        date(2026, 1, 4),  # Sunday after 元旦 2026
        date(2026, 2, 14),  # Saturday before 春节 2026
        date(2026, 2, 28),  # Saturday after 春节 2026
        date(2026, 5, 9),  # Saturday after 劳动节 2026
        date(2026, 9, 20),  # Sunday before 国庆 2026
        date(2026, 10, 10),  # Saturday after 国庆 2026
    ],
)
def test_make_up_weekend_days_are_workdays(calendar, day):
    assert day.weekday() >= 5
    assert calendar.is_workday(day)


def test_official_years_have_no_warning(calendar):
    assert calendar.has_official_data(2026)
    for offset in range(365):
        calendar.is_workday(date(2026, 1, 1) + timedelta(days=offset))
    assert calendar.warnings == []


@needs_2027_fallback
@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (date(2026, 12, 31), True),  # Thursday, official data
        (date(2027, 1, 1), False),  # 元旦, Friday: never a call on New Year's Day
        (date(2027, 1, 4), True),  # Monday
        (date(2027, 2, 4), True),  # Thursday before 除夕
        (date(2027, 2, 5), False),  # 除夕 (Friday)
        (date(2027, 2, 6), False),  # 正月初一
        (date(2027, 2, 8), False),  # 正月初三 (Monday)
        (date(2027, 2, 9), True),  # Tuesday after
        (date(2027, 4, 5), False),  # 清明 (Monday)
        (date(2027, 4, 6), True),
        (date(2027, 6, 9), False),  # 端午 (Wednesday)
        (date(2027, 9, 15), False),  # 中秋 (Wednesday)
        (date(2027, 10, 1), False),  # 国庆 (Friday)
        (date(2027, 10, 4), True),  # Monday: no 调休 known, so a workday
        (date(2027, 3, 6), False),  # Saturday
    ],
)
def test_fallback_2027(calendar, day, workday):
    assert calendar.is_workday(day) is workday


@needs_2027_fallback
def test_fallback_warns_once_per_year(calendar, caplog):
    assert not calendar.has_official_data(2027)
    with caplog.at_level(logging.WARNING, logger="huifang.scheduling"):
        for offset in range(365):
            calendar.is_workday(date(2027, 1, 1) + timedelta(days=offset))
        calendar.is_workday(date(FAR_YEAR, 3, 3))
    assert calendar.warnings == [
        "2027: no official holiday arrangement; using weekends and computed statutory "
        "holidays — load the State Council arrangement",
        f"{FAR_YEAR}: no official holiday arrangement; using weekends and computed "
        "statutory holidays — load the State Council arrangement",
    ]
    assert [r.getMessage() for r in caplog.records] == calendar.warnings
    assert all(r.name == "huifang.scheduling" for r in caplog.records)


def test_spring_festival_2027_is_computed_from_the_lunar_calendar():
    days = statutory_holidays(2027)
    spring = sorted(d for d, name in days.items() if name == "春节")
    # 2027 正月初一 is 2027-02-06; the holiday runs from 除夕 to 正月初三.
    assert spring == [date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)]


def test_statutory_holidays_2027_in_full():
    assert statutory_holidays(2027) == {
        date(2027, 1, 1): "元旦",
        date(2027, 2, 5): "春节",
        date(2027, 2, 6): "春节",
        date(2027, 2, 7): "春节",
        date(2027, 2, 8): "春节",
        date(2027, 4, 5): "清明",
        date(2027, 5, 1): "劳动节",
        date(2027, 5, 2): "劳动节",
        date(2027, 6, 9): "端午",
        date(2027, 9, 15): "中秋",
        date(2027, 10, 1): "国庆",
        date(2027, 10, 2): "国庆",
        date(2027, 10, 3): "国庆",
    }


@pytest.mark.parametrize("year", [2025, 2026])
def test_computed_holidays_agree_with_the_official_arrangement(year):
    """Under the 2025 rules every computed statutory holiday is a day off officially."""
    computed = statutory_holidays(year)
    assert len(computed) == 13
    for day, name in computed.items():
        assert not chinese_calendar.is_workday(day), (day, name)


@pytest.mark.parametrize(
    ("year", "day"),
    [(2020, 4), (2021, 4), (2022, 5), (2023, 5), (2024, 4), (2025, 4), (2026, 5)],
)
def test_qingming_known_years(year, day):
    assert qingming_day(year) == date(year, 4, day)


@pytest.mark.parametrize("year", range(2008, 2027))
def test_qingming_is_an_official_holiday(year):
    """清明 has been a public holiday since 2008; the official data agrees every year."""
    assert chinese_calendar.is_holiday(qingming_day(year))


def test_qingming_outside_the_formula_range():
    assert qingming_day(1899) is None
    assert qingming_day(2100) is None
    assert qingming_day(1999) == date(1999, 4, 5)


def test_years_outside_the_lunar_tables_do_not_crash(calendar):
    assert calendar.is_workday(date(2150, 1, 1)) is False  # 元旦 is always known
    assert calendar.is_workday(date(2150, 10, 2)) is False
    assert calendar.is_workday(date(2150, 3, 3)) is True  # a Tuesday
    assert any("2150: outside the lunar tables" in w for w in calendar.warnings)
    assert set(statutory_holidays(2150).values()) == {"元旦", "劳动节", "国庆"}


def test_overrides_win_over_everything():
    calendar = HolidayCalendar(
        {
            date(2026, 10, 1): True,  # over the package's holiday
            date(2026, 3, 9): False,  # over the package's workday
            date(FAR_YEAR, 1, 1): True,  # over the computed 元旦
            date(FAR_YEAR, 1, 4): True,  # a Saturday
        }
    )
    assert calendar.is_workday(date(2026, 10, 1))
    assert not calendar.is_workday(date(2026, 3, 9))
    assert calendar.is_workday(date(FAR_YEAR, 1, 1))
    assert calendar.is_workday(date(FAR_YEAR, 1, 4))
    assert not calendar.is_workday(date(FAR_YEAR, 1, 5))  # Sunday


def test_an_admin_loaded_year_uses_overrides_and_weekends_without_warning():
    loaded = {
        date(FAR_YEAR, 1, 1): False,
        date(FAR_YEAR, 1, 22): False,  # 除夕 2031
        date(FAR_YEAR, 1, 26): True,  # a make-up Sunday
    }
    calendar = HolidayCalendar(loaded, official_years={FAR_YEAR})
    assert calendar.has_official_data(FAR_YEAR)
    assert not calendar.is_workday(date(FAR_YEAR, 1, 1))
    assert not calendar.is_workday(date(FAR_YEAR, 1, 22))
    assert calendar.is_workday(date(FAR_YEAR, 1, 26))
    assert calendar.is_workday(date(FAR_YEAR, 1, 27))  # Monday
    assert not calendar.is_workday(date(FAR_YEAR, 2, 1))  # Saturday
    # A statutory holiday the loaded data forgot stays off: better no call than a wrong one.
    assert not calendar.is_workday(date(FAR_YEAR, 10, 1))
    assert calendar.warnings == []


def test_holiday_name(calendar):
    assert calendar.holiday_name(date(2027, 2, 6)) == "春节"
    assert calendar.holiday_name(date(2027, 2, 9)) is None


def test_is_workday_is_cached():
    calls = []

    class Counting(HolidayCalendar):
        def _decide(self, d):
            calls.append(d)
            return super()._decide(d)

    calendar = Counting()
    for _ in range(1000):
        calendar.is_workday(date(2026, 3, 9))
    assert calls == [date(2026, 3, 9)]
