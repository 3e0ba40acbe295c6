"""Numeric ranges in option labels (formats.md): `30-44岁`, `30～44`, `30到44` are
inclusive; `30岁以下`, `30以内`, `不足30` below; `60岁以上`, `超过60` above; `及以上`,
`及以下`, `或以上` include the bound. Bounds are whole numbers unless a decimal appears,
so `30-44岁` and `45岁及以上` leave no gap. For the linter's `options-overlap` and
`options-gap`."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from huifang.text import _

INF = math.inf
_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"([^\d\s()（）]{0,4}?)"
_PREFIX = r"(?:[^\d]{0,8}?)"
_INCLUDED = r"(?:[(（]含[)）])?"
_RANGE_PATTERNS = (
    # 不足30、低于30岁: below; 超过60、高于60岁: above
    ("below", re.compile(rf"^{_PREFIX}(?:不足|低于|少于|小于|未满|不满|不到){_NUM}\s*{_UNIT}$")),
    ("above", re.compile(rf"^{_PREFIX}(?:超过|高于|多于|大于|超出){_NUM}\s*{_UNIT}$")),
    # 30岁以下、30以内、2010年以前; 45岁及以上、60或以上、2016年以后
    (
        "suffix",
        re.compile(
            rf"^{_PREFIX}{_NUM}\s*{_UNIT}\s*([及或])?(以下|以内|之内|以前|之前|以上|以后|之后)"
            rf"\s*({_INCLUDED})$"
        ),
    ),
    # 30-44岁、30～44、30到44、30岁至44岁
    (
        "between",
        re.compile(
            rf"^{_PREFIX}{_NUM}\s*{_UNIT}\s*(?:-|－|–|—|~|～|〜|到|至)\s*{_NUM}\s*{_UNIT}"
            r"\s*(?:之间)?$"
        ),
    ),
    # 1次、2辆: one number alone
    ("single", re.compile(rf"^{_NUM}\s*([\u4e00-\u9fff]{{0,3}})$")),
)
_BELOW = ("以下", "以内", "之内", "以前", "之前")
CLOCK_UNITS = ("点", "时", "点钟")  # 9-12点, 12-14点: times of day meet, they do not overlap
MIXED = "<mixed>"  # 6个月-1年: a range in two units, not comparable with the others


@dataclass(frozen=True)
class Span:
    """The numbers an option label means: lo..hi, each end included or not."""

    lo: float
    hi: float
    lo_in: bool = True
    hi_in: bool = True
    unit: str = ""
    decimal: bool = False
    point: bool = False


def span(label: str) -> Span | None:
    """The numeric range an option label names (formats.md), or None."""
    text = label.strip()
    for kind, pattern in _RANGE_PATTERNS:
        m = pattern.match(text)
        if m is None:
            continue
        decimal = "." in m.group(1) or (kind == "between" and "." in m.group(3))
        n = float(m.group(1))
        if kind == "below":
            return Span(-INF, n, False, False, m.group(2), decimal)
        if kind == "above":
            return Span(n, INF, False, False, m.group(2), decimal)
        if kind == "suffix":
            included = bool(m.group(3) or m.group(5))
            if m.group(4) in _BELOW:
                return Span(-INF, n, False, included, m.group(2), decimal)
            return Span(n, INF, included, False, m.group(2), decimal)
        if kind == "between":
            first, second = m.group(2), m.group(4)
            if first and second and not second.startswith(first) and first != second:
                return Span(math.nan, math.nan, unit=MIXED)
            low, high = sorted((n, float(m.group(3))))
            return Span(low, high, unit=second or first, decimal=decimal)
        return Span(n, n, unit=m.group(2), decimal=decimal, point=True)
    return None


def _whole(s: Span) -> Span:
    """Whole-number bounds: below 30 is up to 29, above 60 from 61."""
    lo = s.lo if s.lo_in or s.lo == -INF else s.lo + 1
    hi = s.hi if s.hi_in or s.hi == INF else s.hi - 1
    return replace(s, lo=lo, hi=hi, lo_in=True, hi_in=True)


def _numbers(low: float, high: float, whole: bool = True) -> str:
    """30–34, 45, 61 及以上: the numbers from low to high, for a message."""

    def number(x: float) -> str:
        return str(int(x)) if x == int(x) else f"{x:g}"

    if high == INF:
        return (
            _("{n} 及以上").format(n=number(low)) if whole else _("{n} 以上").format(n=number(low))
        )
    if low == -INF:
        return (
            _("{n} 及以下").format(n=number(high))
            if whole
            else _("{n} 以下").format(n=number(high))
        )
    return number(low) if low == high else f"{number(low)}–{number(high)}"


@dataclass(frozen=True)
class RangeCheck:
    overlaps: tuple[tuple[str, str, str], ...]  # (label, label, the numbers in both)
    gaps: tuple[tuple[str, str, str], ...]  # (label, label, the numbers in neither)
    covers_all: bool


def check_ranges(labels: list[str]) -> RangeCheck | None:
    """Overlaps and gaps among the labels that name numbers, when at least two do, in
    one unit, and at least one is a real range (not 1次、2次)."""
    found = [(label, s) for label in labels if (s := span(label)) is not None]
    if len(found) < 2 or all(s.point for _l, s in found):
        return None
    units = {s.unit.replace("周岁", "岁") for _l, s in found if s.unit}
    if len(units) > 1 or MIXED in units or units & set(CLOCK_UNITS):
        return None
    whole = not any(s.decimal for _l, s in found)
    if whole:
        found = [(label, _whole(s)) for label, s in found]
    found.sort(key=lambda item: (item[1].lo, item[1].hi))
    overlaps, gaps = [], []
    reach_label, reach = found[0]
    for label, s in found[1:]:
        if s.lo < reach.hi or (s.lo == reach.hi and s.lo_in and reach.hi_in):
            both = _numbers(s.lo, min(s.hi, reach.hi), whole)
            overlaps.append((reach_label, label, both))
        elif whole and s.lo > reach.hi + 1:
            gaps.append((reach_label, label, _numbers(reach.hi + 1, s.lo - 1)))
        elif not whole and (s.lo > reach.hi or not (s.lo_in or reach.hi_in)):
            between = _("{a} 与 {b} 之间").format(a=f"{reach.hi:g}", b=f"{s.lo:g}")
            gaps.append((reach_label, label, f"{s.lo:g}" if s.lo == reach.hi else between))
        if s.hi > reach.hi or (s.hi == reach.hi and s.hi_in):
            reach_label, reach = label, s
    covers = found[0][1].lo == -INF and reach.hi == INF and not gaps
    return RangeCheck(tuple(overlaps), tuple(gaps), covers)


# --- the linter ------------------------------------------------------------------------
