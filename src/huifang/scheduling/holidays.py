"""The holiday calendar 节假日安排: which days are workdays (features.md C1).

A day is decided in this order:

1. an override an admin loaded for that date (True = workday, e.g. a 调休 make-up
   Saturday; False = day off);
2. the official State Council arrangement as shipped in the `chinese_calendar`
   package, for the years it has (it knows the 调休 make-up weekend workdays);
3. otherwise weekends off plus the statutory holidays (法定节假日) computed from their
   solar or lunar dates. For a year an admin declared fully loaded (`official_years`)
   the overrides carry the arrangement and this is quiet; for any other year it is the
   fallback, with a warning once per year. (A statutory holiday is always a day off in
   an official arrangement, so keeping the computed ones off in a loaded year only
   matters when the loaded data forgot one: then it errs on the side of not calling.)
   The fallback knows no 调休 swaps or bridging days, so it is a floor: it never calls
   on a statutory holiday such as New Year's Day, but it may call on a day the real
   arrangement later gives off. Loading the official arrangement fixes that.

The statutory holidays follow the State Council rules as revised for 2025
(《全国年节及纪念日放假办法》): 元旦 1 day, 春节 4 days (除夕 to 正月初三), 清明 1 day,
劳动节 2 days (May 1–2), 端午 1 day, 中秋 1 day, 国庆 3 days (Oct 1–3).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import chinese_calendar
from lunardate import LunarDate

logger = logging.getLogger("huifang.scheduling")

FIRST_LUNAR_YEAR = 1900  # the range the lunardate package covers
LAST_LUNAR_YEAR = 2099


def qingming_day(year: int) -> date | None:
    """清明: the day of the Qingming solar term (April 4 or 5, occasionally 6 in the
    20th century), by the usual "century constant" formula
    day = int(Y * 0.2422 + C) - int(Y / 4), Y = year % 100, with C = 4.81 for
    2000–2099 and 5.59 for 1900–1999. None outside 1900–2099."""
    if 2000 <= year <= 2099:
        c = 4.81
    elif 1900 <= year <= 1999:
        c = 5.59
    else:
        return None
    y = year % 100
    return date(year, 4, int(y * 0.2422 + c) - int(y / 4))


def _lunar(year: int, month: int, day: int) -> date:
    return LunarDate(year, month, day).to_solar_date()


def statutory_holidays(year: int) -> dict[date, str]:
    """The statutory holidays 法定节假日 of `year` computed from the rules, date → name
    (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆). Without 调休: only the holidays themselves.
    Lunar holidays are left out for years outside 1900–2099, which the lunar tables do
    not cover; 元旦, 劳动节 and 国庆 are always there."""
    days: dict[date, str] = {date(year, 1, 1): "元旦"}
    if FIRST_LUNAR_YEAR <= year <= LAST_LUNAR_YEAR:
        new_year = _lunar(year, 1, 1)  # 正月初一
        for offset in range(-1, 3):  # 除夕 .. 正月初三
            days[new_year + timedelta(days=offset)] = "春节"
        days[_lunar(year, 5, 5)] = "端午"
        days[_lunar(year, 8, 15)] = "中秋"
    qingming = qingming_day(year)
    if qingming is not None:
        days[qingming] = "清明"
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = "劳动节"
    for day in (1, 2, 3):
        days[date(year, 10, day)] = "国庆"
    return days  # 正月初一 is never before Jan 21, so 除夕 is always in `year`


class HolidayCalendar:
    """Workdays and days off in China, with admin overrides and a computed fallback.

    `overrides`: date → workday flag an admin loaded (wins over everything).
    `official_years`: years whose whole arrangement an admin loaded; for them the days
    not overridden are decided by the weekend (and the statutory holidays), without
    warning.

    `is_workday` is cached per date; build a new calendar when the overrides change.
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        official_years: Iterable[int] = (),
    ) -> None:
        self._overrides: dict[date, bool] = dict(overrides or {})
        self._official_years = frozenset(official_years)
        self._days: dict[date, bool] = {}
        self._package_years: dict[int, bool] = {}
        self._computed: dict[int, dict[date, str]] = {}
        self.warnings: list[str] = []

    def is_workday(self, d: date) -> bool:
        """True when calls may be made on `d` (a 工作日, including 调休 make-up days)."""
        try:
            return self._days[d]
        except KeyError:
            pass
        workday = self._decide(d)
        self._days[d] = workday
        return workday

    def has_official_data(self, year: int) -> bool:
        """True when `year` is decided by official data (the package's or an admin's),
        False when it falls back to the computed statutory holidays."""
        return year in self._official_years or self._package_has(year)

    def holiday_name(self, d: date) -> str | None:
        """The computed statutory holiday on `d` (元旦, 春节, …), or None."""
        return self._computed_year(d.year).get(d)

    # -- internals -----------------------------------------------------------------

    def _decide(self, d: date) -> bool:
        override = self._overrides.get(d)
        if override is not None:
            return bool(override)
        if self._package_has(d.year):
            return chinese_calendar.is_workday(d)
        return d.weekday() < 5 and d not in self._computed_year(d.year)

    def _package_has(self, year: int) -> bool:
        known = self._package_years.get(year)
        if known is None:
            try:
                chinese_calendar.is_workday(date(year, 6, 1))
                known = True
            except NotImplementedError:
                known = False
            self._package_years[year] = known
        return known

    def _computed_year(self, year: int) -> dict[date, str]:
        days = self._computed.get(year)
        if days is None:
            days = statutory_holidays(year)
            self._computed[year] = days
            if not self.has_official_data(year):
                self._warn(
                    f"{year}: no official holiday arrangement; using weekends and computed "
                    "statutory holidays — load the State Council arrangement"
                )
            if not FIRST_LUNAR_YEAR <= year <= LAST_LUNAR_YEAR:
                self._warn(f"{year}: outside the lunar tables; 春节, 端午 and 中秋 are not known")
        return days

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        logger.warning(message)

    def __repr__(self) -> str:
        return (
            f"HolidayCalendar({len(self._overrides)} overrides, "
            f"official_years={sorted(self._official_years)})"
        )
