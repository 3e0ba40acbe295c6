"""The greeting by time of day (D2): 早上好/上午好/中午好/下午好/晚上好 around four
boundaries, the later greeting at a boundary."""

from datetime import time

import pytest

from huifang.scripts.greetings import DEFAULT, boundaries, greeting


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("00:30", "早上好"),
        ("06:00", "早上好"),
        ("08:59", "早上好"),
        ("09:00", "上午好"),
        ("11:29", "上午好"),
        ("11:30", "中午好"),
        ("13:29", "中午好"),
        ("13:30", "下午好"),
        ("17:59", "下午好"),
        ("18:00", "晚上好"),
        ("23:00", "晚上好"),
        ("23:59", "晚上好"),
    ],
)
def test_greeting_at_each_boundary_and_either_side(at, expected):
    assert greeting(time.fromisoformat(at)) == expected


def test_seconds_before_a_boundary_still_get_the_earlier_greeting():
    assert greeting(time(8, 59, 59, 999999)) == "早上好"
    assert greeting(time(9, 0, 0)) == "上午好"


def test_the_settings_default_is_the_cores_default():
    assert DEFAULT == ("09:00", "11:30", "13:30", "18:00")


def test_custom_times_as_text_or_times():
    late = ("10:00", "12:00", "14:00", "19:00")
    assert greeting(time(9, 30), late) == "早上好"
    assert greeting(time(12, 0), late) == "中午好"
    assert greeting(time(18, 30), late) == "下午好"
    assert greeting(time(19, 0), late) == "晚上好"
    as_times = (time(8), time(11), time(13), time(17))
    assert greeting(time(8), as_times) == "上午好"
    assert greeting(time(17), as_times) == "晚上好"


def test_an_aware_time_is_read_as_wall_clock():
    from zoneinfo import ZoneInfo

    assert greeting(time(13, 30, tzinfo=ZoneInfo("Asia/Shanghai"))) == "下午好"


@pytest.mark.parametrize(
    "times",
    [
        ("09:00", "11:30", "13:30"),  # three
        ("09:00", "11:30", "13:30", "18:00", "21:00"),  # five
        ("09:00", "13:30", "11:30", "18:00"),  # not rising
        ("09:00", "09:00", "13:30", "18:00"),  # equal
        ("9", "11:30", "13:30", "18:00"),  # not HH:MM
        ("25:00", "11:30", "13:30", "18:00"),  # no such hour
    ],
)
def test_bad_boundaries_are_refused(times):
    with pytest.raises(ValueError):
        boundaries(times)
