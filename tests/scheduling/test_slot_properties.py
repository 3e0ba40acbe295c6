"""Properties over random instants in 2025–2028 (official and computed years), both
policies and both regions: the slot is not before the instant, is callable, is the
earliest one, and next_slot is idempotent; a retry plan is callable and keeps the
daily limit."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from huifang.scheduling import (
    SHANGHAI,
    AttemptLimits,
    HolidayCalendar,
    Try,
    blocked_reason,
    get_policy,
    load_dispositions,
    next_slot,
    plan_next,
    to_local,
)

CALENDAR = HolidayCalendar()
POLICIES = [get_policy("standard"), get_policy("conservative")]
TABLE = load_dispositions()
DELAYED = sorted(code for code, d in TABLE.items() if d.delay is not None)

instants = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2028, 12, 31, 23, 59, 59),
    timezones=st.sampled_from([None, SHANGHAI, UTC, ZoneInfo("Europe/Berlin")]),
)
# on the minute, like most real times, so that window edges are hit often
minutes = instants.map(lambda t: t.replace(second=0, microsecond=0))
times = st.one_of(instants, minutes)
policies = st.sampled_from(POLICIES)
PROPERTY = settings(max_examples=300, deadline=None, database=None)


@PROPERTY
@given(at=times, policy=policies, south=st.booleans())
def test_next_slot_is_callable_not_earlier_and_idempotent(at, policy, south):
    slot = next_slot(at, policy, south, CALENDAR)
    assert slot >= to_local(at)  # naive input is China time
    assert slot.tzinfo is SHANGHAI
    assert blocked_reason(slot, policy, south, CALENDAR) is None
    assert next_slot(slot, policy, south, CALENDAR) == slot
    assert (blocked_reason(at, policy, south, CALENDAR) is None) == (slot == to_local(at))


@PROPERTY
@given(at=times, policy=policies, south=st.booleans(), share=st.floats(0, 1, exclude_max=True))
def test_nothing_callable_before_the_slot(at, policy, south, share):
    slot = next_slot(at, policy, south, CALENDAR)
    start = to_local(at)
    between = start + (slot - start) * share
    if between < slot:
        assert blocked_reason(between, policy, south, CALENDAR) is not None


@PROPERTY
@given(
    now=minutes,
    code=st.sampled_from(DELAYED),
    policy=policies,
    south=st.booleans(),
    gaps=st.lists(st.integers(1, 60 * 72), max_size=3),
)
def test_a_retry_plan_is_callable_and_keeps_the_daily_limit(now, code, policy, south, gaps):
    outcome = TABLE[code]
    limits = AttemptLimits()
    tries, at = [], to_local(now)
    for gap in gaps:  # earlier tries, a few minutes to three days apart
        at -= timedelta(minutes=gap)
        tries.append(Try(at, "no_answer"))
    plan = plan_next(now, outcome, tries, policy, south, CALENDAR, limits)
    if plan.close:
        return
    assert plan.at >= to_local(now) + outcome.delay
    assert blocked_reason(plan.at, policy, south, CALENDAR) is None
    day = plan.at.date()
    on_that_day = sum(to_local(t.at).date() == day for t in tries) + (to_local(now).date() == day)
    assert on_that_day < limits.per_task_per_day
