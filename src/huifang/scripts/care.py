"""The care line 关爱语 said before goodbye (D5, seed 000 电话关爱): one for the
customer's birthday month, for a festival in the coming week, or for the season.

The order: the customer's birthday falls in this month (the year does not matter, so a
29 February birthday is a February birthday every year) → the nearest festival from
today to a week ahead (today's counts, and a holiday of several days counts from its
first day to its last) → the season (spring March–May, summer June–August, autumn
September–November, winter December–February).

Each occasion has several lines; the one said is picked by the date, so it is the
same all day and changes from day to day. The wording and the festival dates are data
(`data/care.yaml`); a festival is dated by its solar (`solar: "10-01"`) or lunar
(`lunar: "08-15"`) month and day, by `rule: qingming`, or as the nth Sunday of a month
(`nth_sunday: "05-2"` = the second Sunday of May). A festival marked `solemn` (清明)
may not wish anyone 快乐."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from lunardate import LunarDate

from huifang.scheduling.holidays import qingming_day
from huifang.scripts import placeholders
from huifang.scripts.reading import Mapping, Problems, ScriptError, kind_of, read_file
from huifang.text import _

DATA = Path(__file__).parent / "data" / "care.yaml"
WINDOW_DAYS = 7  # a festival this many days ahead (or fewer) gets its line
SEASONS = {"spring": "春季", "summer": "夏季", "autumn": "秋季", "winter": "冬季"}
_SEASON_OF_MONTH = {
    **dict.fromkeys((3, 4, 5), "spring"),
    **dict.fromkeys((6, 7, 8), "summer"),
    **dict.fromkeys((9, 10, 11), "autumn"),
    **dict.fromkeys((12, 1, 2), "winter"),
}
RULES = ("solar", "lunar", "rule", "nth_sunday")
FESTIVAL_KEYS = {"name", "days", "solemn", "lines", *RULES}
TOP_KEYS = {"birthday", "seasons", "festivals"}
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{1,2})$")
CHEERFUL = "快乐"  # what a solemn festival's lines must not say


@dataclass(frozen=True)
class CareLine:
    kind: str  # "birthday" | "holiday" | "season"
    text: str
    occasion: str  # 生日, 中秋节, 冬季 …


@dataclass(frozen=True)
class Festival:
    name: str
    rule: str  # one of RULES
    month: int = 0
    day: int = 0  # the day of the month, or n of nth_sunday
    days: int = 1  # how long the holiday lasts, from its first day
    solemn: bool = False
    lines: tuple[str, ...] = ()

    def starts(self, year: int) -> list[date]:
        """The first days of this festival that fall in the (solar) year `year`."""
        if self.rule == "solar":
            return _safe(lambda: date(year, self.month, self.day))
        if self.rule == "rule":  # qingming, the only named rule
            day = qingming_day(year)
            return [day] if day else []
        if self.rule == "nth_sunday":
            first = date(year, self.month, 1)
            sunday = first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (self.day - 1))
            return [sunday] if sunday.month == self.month else []
        # lunar: lunar year y-1's late months can fall early in solar year y
        found = []
        for lunar_year in (year - 1, year):
            found += _safe(lambda y=lunar_year: LunarDate(y, self.month, self.day).to_solar_date())
        return [d for d in found if d.year == year]


def _safe(make) -> list[date]:
    try:
        return [make()]
    except (ValueError, IndexError, OverflowError):
        return []  # 30 February, a lunar day 30 in a short month, a year out of range


@dataclass(frozen=True)
class CareLines:
    birthday: tuple[str, ...]
    seasons: dict[str, tuple[str, ...]]
    festivals: tuple[Festival, ...]


def pick(lines: tuple[str, ...], today: date) -> str:
    """One of `lines`, the same all day, another the next day."""
    return lines[today.toordinal() % len(lines)]


def next_festival(
    today: date, lines: CareLines | None = None, within: int = WINDOW_DAYS
) -> tuple[Festival, date] | None:
    """The festival under way today or starting soonest within `within` days, with its
    first day; the earlier in the file wins a tie."""
    lines = lines or default_lines()
    best: tuple[int, Festival, date] | None = None
    for festival in lines.festivals:
        for year in (today.year - 1, today.year, today.year + 1):
            for start in festival.starts(year):
                end = start + timedelta(days=festival.days - 1)
                if end < today or (start - today).days > within:
                    continue
                distance = max((start - today).days, 0)
                if best is None or distance < best[0]:
                    best = (distance, festival, start)
    return (best[1], best[2]) if best else None


def season(today: date) -> str:
    return _SEASON_OF_MONTH[today.month]


def care_line(today: date, birthday: date | None, lines: CareLines | None = None) -> CareLine:
    """The care line for a customer (born on `birthday`, if known) called on `today`."""
    lines = lines or default_lines()
    if birthday is not None and birthday.month == today.month:
        return CareLine("birthday", pick(lines.birthday, today), "生日")
    found = next_festival(today, lines)
    if found is not None:
        festival, _start = found
        return CareLine("holiday", pick(festival.lines, today), festival.name)
    key = season(today)
    return CareLine("season", pick(lines.seasons[key], today), SEASONS[key])


# --- reading care.yaml -------------------------------------------------------------


def _lines(problems: Problems, data: Mapping, key: str, where: str) -> tuple[str, ...]:
    raw = data.get(key)
    if not isinstance(raw, list) or not raw:
        problems.add(where, _("{key} 应为至少一句关爱语的列表").format(key=key), data.line)
        return ()
    result = []
    for index, line in enumerate(raw, 1):
        place = _("{where} 第 {index} 句").format(where=where, index=index)
        if not isinstance(line, str) or not line.strip():
            problems.add(place, _("应为文字，而不是 {kind}").format(kind=kind_of(line)), data.line)
            continue
        bad = placeholders.unknown(line)
        if bad:
            problems.add(place, placeholders.unknown_message(bad), data.line)
        result.append(line.strip())
    return tuple(result)


def _festival(problems: Problems, data, index: int) -> Festival | None:
    where = _("节日 {index}").format(index=index)
    if not isinstance(data, Mapping):
        problems.add(where, _("应为映射（name、solar/lunar/rule/nth_sunday、lines）"))
        return None
    name = problems.text(data, "name", where) or ""
    where = _("节日 {name}").format(name=name or index)
    problems.unknown_keys(data, FESTIVAL_KEYS, where)
    given = [rule for rule in RULES if rule in data]
    if len(given) != 1:
        problems.add(where, _("应有且只有一个日期：solar、lunar、rule 或 nth_sunday"), data.line)
        return None
    rule, value = given[0], str(data[given[0]]).strip()
    month = day = 0
    if rule == "rule":
        if value != "qingming":
            problems.add(
                f"{where} rule",
                _("未知规则 {value!r}（可用：qingming）").format(value=value),
                data.line,
            )
    else:
        match = _MONTH_DAY.match(value)
        month, day = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
        limit = 5 if rule == "nth_sunday" else 30 if rule == "lunar" else 31
        if not (1 <= month <= 12 and 1 <= day <= limit):
            hint = _("“月-第几个”，如 05-2") if rule == "nth_sunday" else _("“月-日”，如 10-01")
            problems.add(
                f"{where} {rule}",
                _("{value!r} 应写成 {hint}").format(value=value, hint=hint),
                data.line,
            )
    days = data.get("days", 1)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 15:
        problems.add(f"{where} days", _("应为 1 到 15 的整数（节日放假天数）"), data.line)
        days = 1
    solemn = data.get("solemn", False)
    if not isinstance(solemn, bool):
        problems.add(f"{where} solemn", _("应为 true 或 false"), data.line)
        solemn = False
    lines = _lines(problems, data, "lines", where)
    if solemn:
        for line in lines:
            if CHEERFUL in line:
                problems.add(where, _("肃穆的节日不说“快乐”：{line}").format(line=line), data.line)
    return Festival(name, rule, month, day, days, solemn, lines)


def load_care(path: str | Path | None = None) -> CareLines:
    """The care lines in `path` (ours when None); ScriptError with every problem."""
    path = Path(path) if path else DATA
    name = path.name if path == DATA else str(path)
    data = read_file(path)
    problems = Problems()
    if not isinstance(data, Mapping):
        raise ScriptError(name, [_("应为映射（birthday、seasons、festivals）")])
    problems.unknown_keys(data, TOP_KEYS, _("关爱语"))
    birthday = _lines(problems, data, "birthday", _("生日"))
    seasons: dict[str, tuple[str, ...]] = {}
    raw_seasons = data.get("seasons")
    if not isinstance(raw_seasons, Mapping):
        problems.add(_("季节"), _("seasons 应为映射（spring、summer、autumn、winter）"), data.line)
    else:
        problems.unknown_keys(raw_seasons, set(SEASONS), _("季节"))
        for key, label in SEASONS.items():
            seasons[key] = _lines(problems, raw_seasons, key, label)
    raw_festivals = data.get("festivals") or []
    if not isinstance(raw_festivals, list):
        problems.add(_("节日"), _("festivals 应为列表"), data.line)
        raw_festivals = []
    festivals = tuple(
        f for i, raw in enumerate(raw_festivals, 1) if (f := _festival(problems, raw, i))
    )
    names = [f.name for f in festivals]
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        problems.add(_("节日 {name}").format(name=duplicate), _("重复"))
    problems.raise_for(name)
    return CareLines(birthday, seasons, festivals)


@lru_cache(maxsize=1)
def default_lines() -> CareLines:
    return load_care()
