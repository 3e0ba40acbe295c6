"""Retry planning: final outcomes, break-off once, running out of tries, appointments,
delays, the daily limit and the spread over parts of the day. Monday 2026-03-09 is an
ordinary workday; the clock is always a fixed instant."""

from datetime import UTC, datetime

import pytest

from huifang.scheduling import (
    SHANGHAI,
    AttemptLimits,
    HolidayCalendar,
    Plan,
    Try,
    get_policy,
    load_dispositions,
    plan_next,
)

CALENDAR = HolidayCalendar()
TABLE = load_dispositions()
STANDARD = get_policy("standard")
CONSERVATIVE = get_policy("conservative")


def cst(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def plan(code, now, tries=(), *, policy=STANDARD, south=False, limits=None, **kw) -> Plan:
    tries = [Try(at, c) for at, c in tries]
    return plan_next(
        now, TABLE[code], tries, policy, south, CALENDAR, limits or AttemptLimits(), **kw
    )


MON_10 = cst(2026, 3, 9, 10, 0)


def test_default_limits():
    assert AttemptLimits() == AttemptLimits(per_task=5, per_task_per_day=2, per_number_per_day=3)


@pytest.mark.parametrize(
    "bad", [{"per_task": 0}, {"per_task_per_day": 0}, {"per_number_per_day": -1}]
)
def test_limits_must_be_positive(bad):
    with pytest.raises(ValueError, match=f"attempt limit {next(iter(bad))}"):
        AttemptLimits(**bad)


@pytest.mark.parametrize(
    ("code", "klass"),
    [
        ("complete", "I"),
        ("partial", "P"),
        ("refused", "R"),
        ("language", "O"),
        ("unable", "O"),
        ("deceased", "O"),
        ("not_eligible", "NE"),
        ("wrong_number", "NE"),
        ("empty_number", "NE"),
        ("disconnected", "NE"),
        ("quota_full", "NE"),
    ],
)
def test_final_outcomes_close(code, klass):
    assert plan(code, MON_10) == Plan(True, None, "final", klass)


def test_break_off_is_retried_once_then_closes():
    first = plan("break_off", MON_10)
    assert not first.close
    # +1 day is Tuesday 10:00, a morning like this try: the afternoon goes first.
    assert first == Plan(False, cst(2026, 3, 10, 13, 0), "retry_delay", None)
    second = plan("break_off", cst(2026, 3, 10, 13, 0), [(MON_10, "break_off")])
    assert second == Plan(True, None, "retry_once_used", "R")


@pytest.mark.parametrize(
    ("code", "earlier", "klass"),
    [
        ("no_answer", ["no_answer"] * 4, "UH"),
        ("busy", ["no_answer", "busy", "unreachable", "silent_line"], "UH"),
        ("unreachable", ["busy"] * 4, "UH"),
        ("new_number", ["no_answer"] * 4, "UH"),
        ("driving", ["no_answer"] * 4, "O"),
        ("in_meeting", ["busy"] * 4, "O"),
        ("not_available", ["no_answer"] * 4, "NC"),
        ("appointment", ["no_answer"] * 4, "NC"),
        ("break_off", ["no_answer"] * 4, "R"),
        # reached before: the contact class, not "unknown eligibility"
        ("no_answer", ["driving", "no_answer", "no_answer", "no_answer"], "O"),
        ("no_answer", ["no_answer", "not_available", "busy", "no_answer"], "NC"),
        ("busy", ["break_off", "no_answer", "busy", "no_answer"], "R"),
        ("no_answer", ["break_off", "appointment", "busy", "no_answer"], "NC"),  # latest first
    ],
)
def test_running_out_of_tries(code, earlier, klass):
    tries = [(cst(2026, 3, 2 + i, 10, 0), c) for i, c in enumerate(earlier)]
    got = plan(code, MON_10, tries, appointment_at=cst(2026, 3, 12, 15, 0))
    assert got == Plan(True, None, "max_attempts", klass)


def test_running_out_with_other_limits():
    limits = AttemptLimits(per_task=2)
    assert plan("busy", MON_10, [(cst(2026, 3, 6, 10, 0), "busy")], limits=limits).close
    assert not plan("busy", MON_10, [], limits=limits).close


def test_running_out_looks_up_history_in_the_given_table():
    table = dict(TABLE)
    table["voicemail"] = TABLE["not_available"]
    tries = [Try(cst(2026, 3, 2 + i, 10, 0), "voicemail") for i in range(4)]
    got = plan_next(
        MON_10, TABLE["no_answer"], tries, STANDARD, False, CALENDAR, AttemptLimits(), table=table
    )
    assert got.final_class == "NC"


def test_appointment_is_due_exactly_when_the_customer_chose():
    saturday_night = cst(2026, 3, 14, 21, 15)
    assert plan("appointment", MON_10, appointment_at=saturday_night) == Plan(
        False, saturday_night, "appointment", None
    )
    naive = plan("appointment", MON_10, appointment_at=datetime(2026, 3, 10, 12, 30))
    assert naive.at == cst(2026, 3, 10, 12, 30)
    assert naive.at.tzinfo is SHANGHAI


def test_appointment_needs_its_time():
    with pytest.raises(ValueError, match="the time the customer chose"):
        plan("appointment", MON_10)


# (code, now, earlier tries, policy, south, expected next try, reason)
DELAYS = [
    # short delays: not spread
    ("busy", MON_10, [], STANDARD, False, cst(2026, 3, 9, 10, 15), "retry_delay"),
    ("silent_line", MON_10, [], STANDARD, False, cst(2026, 3, 9, 10, 30), "retry_delay"),
    ("new_number", MON_10, [], STANDARD, False, cst(2026, 3, 9, 10, 10), "retry_delay"),
    # the delay ends in the lunch break: north 13:00, south 14:00
    ("busy", cst(2026, 3, 9, 11, 50), [], STANDARD, False, cst(2026, 3, 9, 13, 0), "retry_delay"),
    ("busy", cst(2026, 3, 9, 11, 50), [], STANDARD, True, cst(2026, 3, 9, 14, 0), "retry_delay"),
    # after the last window: the next workday morning
    ("silent_line", cst(2026, 3, 9, 18, 45), [], STANDARD, False, cst(2026, 3, 10, 8, 30), "retry_delay"),
    ("busy", cst(2026, 3, 13, 18, 50), [], STANDARD, False, cst(2026, 3, 16, 8, 30), "retry_delay"),
    # the second try today: tomorrow's first slot
    ("busy", MON_10, [(cst(2026, 3, 9, 9, 0), "busy")], STANDARD, False, cst(2026, 3, 10, 8, 30), "daily_limit"),
    ("busy", MON_10, [(cst(2026, 3, 9, 9, 0), "busy")], CONSERVATIVE, True, cst(2026, 3, 10, 9, 0), "daily_limit"),
    # a try at 01:00 UTC on Monday is 09:00 in China: it counts for Monday
    ("busy", MON_10, [(datetime(2026, 3, 9, 1, 0, tzinfo=UTC), "busy")], STANDARD, False, cst(2026, 3, 10, 8, 30), "daily_limit"),
    # a try on Sunday 23:30 UTC is Monday 07:30 in China
    ("busy", MON_10, [(datetime(2026, 3, 8, 23, 30, tzinfo=UTC), "busy")], STANDARD, False, cst(2026, 3, 10, 8, 30), "daily_limit"),
    # no_answer +2h: 12:00 is lunch, 13:00 is the afternoon (no tries there yet)
    ("no_answer", MON_10, [], STANDARD, False, cst(2026, 3, 9, 13, 0), "retry_delay"),
    ("no_answer", MON_10, [], STANDARD, True, cst(2026, 3, 9, 14, 0), "retry_delay"),
    # afternoon try: evening and the next morning have none; the evening is earlier
    ("no_answer", cst(2026, 3, 9, 14, 0), [], STANDARD, False, cst(2026, 3, 9, 17, 0), "retry_delay"),
    # conservative has no evening: the next morning
    ("no_answer", cst(2026, 3, 9, 14, 0), [], CONSERVATIVE, False, cst(2026, 3, 10, 9, 0), "retry_delay"),
    # mornings and an afternoon tried: the evening wins
    (
        "no_answer",
        cst(2026, 3, 11, 10, 0),
        [(cst(2026, 3, 9, 9, 0), "no_answer"), (cst(2026, 3, 10, 14, 0), "no_answer")],
        STANDARD, False, cst(2026, 3, 11, 17, 0), "retry_delay",
    ),
    # the same in conservative: the afternoon (one try) beats the mornings (two)
    (
        "no_answer",
        cst(2026, 3, 11, 10, 0),
        [(cst(2026, 3, 9, 9, 0), "no_answer"), (cst(2026, 3, 10, 14, 0), "no_answer")],
        CONSERVATIVE, False, cst(2026, 3, 11, 13, 0), "retry_delay",
    ),
    # Monday is full (two tries): Tuesday, and there the evening (no tries yet)
    (
        "no_answer",
        cst(2026, 3, 9, 15, 0),
        [(MON_10, "no_answer")],
        STANDARD, False, cst(2026, 3, 10, 17, 0), "daily_limit",
    ),
    # not_available +1 day, another part of the day, never before the delay is over
    ("not_available", MON_10, [], STANDARD, False, cst(2026, 3, 10, 13, 0), "retry_delay"),
    ("not_available", cst(2026, 3, 9, 14, 0), [], STANDARD, False, cst(2026, 3, 10, 17, 0), "retry_delay"),
    ("not_available", cst(2026, 3, 9, 17, 30), [], STANDARD, True, cst(2026, 3, 11, 8, 30), "retry_delay"),
    # +1 day on the eve of 国庆 2026: the first workday after, in the afternoon
    ("not_available", cst(2026, 9, 30, 10, 0), [], STANDARD, False, cst(2026, 10, 8, 13, 0), "retry_delay"),
    # driving +1h is spread too: the afternoon rather than 11:00
    ("driving", MON_10, [], STANDARD, False, cst(2026, 3, 9, 13, 0), "retry_delay"),
    ("in_meeting", cst(2026, 3, 9, 15, 0), [], STANDARD, False, cst(2026, 3, 9, 17, 0), "retry_delay"),
    # unreachable +4h at 16:00 ends at night: the next morning (no morning tries)
    ("unreachable", cst(2026, 3, 9, 16, 0), [], STANDARD, False, cst(2026, 3, 10, 8, 30), "retry_delay"),
    # Friday evening no_answer: Monday, the evening part being the one tried
    ("no_answer", cst(2026, 3, 13, 18, 0), [], STANDARD, False, cst(2026, 3, 16, 8, 30), "retry_delay"),
    # the 调休 Saturday 2026-02-28 is a workday to retry on
    ("busy", cst(2026, 2, 27, 18, 50), [], STANDARD, False, cst(2026, 2, 28, 8, 30), "retry_delay"),
]  # fmt: skip


@pytest.mark.parametrize(("code", "now", "tries", "policy", "south", "at", "reason"), DELAYS)
def test_next_try(code, now, tries, policy, south, at, reason):
    got = plan(code, now, tries, policy=policy, south=south)
    assert got == Plan(False, at, reason, None)
    assert got.at.tzinfo is SHANGHAI


def test_the_daily_limit_can_be_raised():
    tries = [(cst(2026, 3, 9, 9, 0), "busy")]
    got = plan("busy", MON_10, tries, limits=AttemptLimits(per_task_per_day=3))
    assert got.at == cst(2026, 3, 9, 10, 15)


def test_a_retry_without_a_delay_is_an_error():
    from dataclasses import replace

    broken = replace(TABLE["busy"], delay=None)
    with pytest.raises(ValueError, match="busy: a retry outcome needs a delay"):
        plan_next(MON_10, broken, [], STANDARD, False, CALENDAR)
