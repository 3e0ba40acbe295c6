"""The greeting by time of day (D2, seed 002 规范服务用语): 早上好 before the first
boundary, then 上午好, 中午好, 下午好, and 晚上好 from the last. At a boundary the later
greeting applies. The boundaries are a setting (`GREETING_TIMES`)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import time
from functools import lru_cache

from huifang.text import _

WORDS = ("早上好", "上午好", "中午好", "下午好", "晚上好")
DEFAULT = ("09:00", "11:30", "13:30", "18:00")


def _time(value: str | time) -> time:
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    hh, sep, mm = str(value).strip().partition(":")
    if not (sep and hh.isdigit() and mm.isdigit() and len(mm) == 2):
        raise ValueError(_("{value!r} 不是时刻，请写成 HH:MM").format(value=value))
    try:
        return time(int(hh), int(mm))
    except ValueError:
        raise ValueError(_("{value!r} 不是时刻，请写成 HH:MM").format(value=value)) from None


@lru_cache(maxsize=16)
def _parsed(times: tuple) -> tuple[time, ...]:
    marks = tuple(_time(t) for t in times)
    if len(marks) != len(WORDS) - 1:
        raise ValueError(
            _("问候语的分界时刻应有 {n} 个，现在有 {m} 个").format(n=len(WORDS) - 1, m=len(marks))
        )
    if any(b <= a for a, b in zip(marks, marks[1:], strict=False)):
        raise ValueError(_("问候语的分界时刻应一个比一个晚"))
    return marks


def boundaries(times: Sequence[str | time] = DEFAULT) -> tuple[time, ...]:
    """The four boundaries as times; ValueError when they are not four rising times."""
    return _parsed(tuple(times))


def greeting(at: time, times: Sequence[str | time] = DEFAULT) -> str:
    """The greeting for the wall-clock time `at` (Asia/Shanghai, as the caller gives it)."""
    return WORDS[bisect_right(boundaries(times), at.replace(tzinfo=None))]
