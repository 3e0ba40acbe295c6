"""A ticket's SLA clocks read from its log: deadlines per severity on the business
calendar or round the clock, pauses while waiting, the 80 % warning, the ladder once
per level, and deadlines recomputed after a reopening or a severity change."""

from datetime import datetime, timedelta

import pytest

from huifang.scheduling import SHANGHAI, HolidayCalendar
from huifang.tickets import workflow as wf
from huifang.tickets.clocks import DEFAULT_TARGETS, Targets, clocks, done_steps, steps_due
from huifang.tickets.workflow import TicketFacts

CALENDAR = HolidayCalendar()
INTAKE = {
    "customer": "王伟",
    "vehicle": "哈弗H6",
    "category": "gearbox",
    "description": "换挡顿挫",
    "service_station": "不涉及",
    "dealer": "BJ01",
    "parts": "变速箱",
    "what_happened": "第二次进站仍然顿挫",
    "customer_request": "一周内修好",
    "customer_type": "agitated",
    "severity": "important",
}
FACTS = TicketFacts(intake=INTAKE, attempts_exhausted=True)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def log(*steps):
    """Events from (time, action, data) steps."""
    events = []
    for when, action, data in steps:
        data = dict(data)
        note = data.pop("note", "")
        events.append(wf.apply(events, action, by="u", at=at(when), facts=FACTS, note=note, **data))
    return events


def by_name(events, created, severity="important", now="2025-03-03 09:00", **kwargs):
    found = clocks(events, at(created), severity, now=at(now), calendar=CALENDAR, **kwargs)
    return {c.name: c for c in found}


def test_business_hours_skip_lunch_evening_and_weekend():
    # Friday 2025-03-07 16:00, 重要: 4 / 8 / 24 business hours.
    found = by_name([], "2025-03-07 16:00")
    assert found["first_response"].due == at("2025-03-10 11:00")  # 2 h Fri + 2 h Mon
    assert found["update"].due == at("2025-03-10 16:00")
    assert found["resolution"].due == at("2025-03-12 16:00")  # 2 + 8 + 8 + 6


def test_urgent_runs_round_the_clock():
    found = by_name([], "2025-03-07 20:00", severity="urgent")
    assert found["first_response"].due == at("2025-03-07 22:00")
    assert found["resolution"].due == at("2025-03-08 20:00")


def test_a_make_up_workday_counts_and_a_holiday_does_not():
    # 2025-09-28 is a Sunday worked for the National Day holiday (调休); 10-01..08 off.
    found = by_name([], "2025-09-26 17:00", severity="minor")  # 16 business hours
    assert found["first_response"].due == at("2025-09-29 17:00")  # 1 Fri + 8 on Sunday the 28th + 7
    found = by_name([], "2025-09-30 17:00")
    assert found["first_response"].due == at("2025-10-09 12:00")


def test_the_department_starting_meets_first_response_and_closing_meets_the_rest():
    events = log(
        ("2025-03-03 09:00", "route", {"department": "after_sales"}),
        ("2025-03-03 15:00", "start", {}),
    )
    found = by_name(events, "2025-03-03 09:00", now="2025-03-03 15:00")
    assert found["first_response"].met_at == at("2025-03-03 15:00")
    assert found["first_response"].state(at("2025-03-03 15:00")) == "late"  # due 14:00
    assert found["resolution"].met_at is None


def test_waiting_pauses_every_clock():
    events = log(
        ("2025-03-03 09:00", "route", {"department": "after_sales"}),
        ("2025-03-03 10:00", "wait", {"waiting_for": "dealer"}),
        ("2025-03-03 15:00", "resume", {}),
    )
    found = by_name(events, "2025-03-03 09:00", now="2025-03-03 16:00")
    # 1 h before the wait, then 10:00-15:00 paused: 3 more hours from 15:00.
    assert found["first_response"].due == at("2025-03-03 18:00")
    # A wait not yet over pauses the clock up to now.
    waiting = events[:2]
    found = by_name(waiting, "2025-03-03 09:00", now="2025-03-03 17:00")
    assert found["first_response"].due == at("2025-03-04 11:00")


def test_a_word_to_the_customer_restarts_the_update_clock():
    events = log(
        ("2025-03-03 09:00", "route", {"department": "after_sales"}),
        ("2025-03-04 10:00", "comment", {"note": "已告知客户进展", "contacted": True}),
    )
    found = by_name(events, "2025-03-03 09:00", now="2025-03-04 10:00")
    assert found["update"].started == at("2025-03-04 10:00")
    assert found["update"].due == at("2025-03-05 10:00")
    # A comment that told the customer nothing does not.
    quiet = log(
        ("2025-03-03 09:00", "route", {"department": "after_sales"}),
        ("2025-03-04 10:00", "comment", {"note": "内部备注"}),
    )
    assert by_name(quiet, "2025-03-03 09:00")["update"].started == at("2025-03-03 09:00")


def test_a_reopening_starts_a_new_round():
    events = log(
        ("2025-03-03 09:00", "route", {"department": "after_sales"}),
        ("2025-03-03 10:00", "start", {}),
        ("2025-03-03 11:00", "return_result", {"result": "已更换阀体"}),
        ("2025-03-03 14:00", "start_feedback", {}),
        ("2025-03-03 15:00", "reopen", {"note": "客户说还是顿挫"}),
    )
    found = by_name(events, "2025-03-03 09:00", now="2025-03-03 15:00")
    assert found["first_response"].started == at("2025-03-03 15:00")
    assert found["first_response"].met_at is None
    assert found["first_response"].due == at("2025-03-04 10:00")
    assert found["resolution"].due == at("2025-03-06 15:00")


def test_a_severity_change_gives_new_deadlines():
    normal = by_name([], "2025-03-03 09:00", severity="normal")
    urgent = by_name([], "2025-03-03 09:00", severity="urgent")
    assert normal["first_response"].due == at("2025-03-03 18:00")
    assert urgent["first_response"].due == at("2025-03-03 11:00")


def test_targets_come_from_settings():
    targets = {**DEFAULT_TARGETS, "important": Targets(1, 2, 3)}
    found = by_name([], "2025-03-03 09:00", targets=targets)
    assert found["resolution"].due == at("2025-03-03 12:00")


def test_warning_at_80_percent_then_overdue():
    clock = by_name([], "2025-03-03 09:00", severity="urgent")["first_response"]
    assert clock.steps[0][1] == at("2025-03-03 10:36")
    assert clock.state(at("2025-03-03 10:35")) == "running"
    assert clock.state(at("2025-03-03 10:36")) == "warning"
    assert clock.state(at("2025-03-03 11:00")) == "overdue"


def test_the_ladder_steps_fall_due_once_each():
    events = log(("2025-03-03 09:00", "route", {"department": "after_sales"}))
    now = at("2025-03-03 12:30")  # urgent: 2 h first response, 2.5 h later
    found = list(by_name(events, "2025-03-03 09:00", "urgent", now="2025-03-03 12:30").values())
    due = steps_due(found, now, done_steps(events, found))
    assert due == [("first_response", 0), ("first_response", 1), ("first_response", 2)] + [
        ("update", 0)
    ]
    # The worker writes them; run again, nothing more is due until the next level.
    for clock, level in due:
        events.append(
            wf.apply(events, "sla", by="system", at=now, facts=FACTS, clock=clock, level=level)
        )
    assert steps_due(found, now, done_steps(events, found)) == []
    later = now + timedelta(minutes=30)
    found = list(by_name(events, "2025-03-03 09:00", "urgent", now="2025-03-03 13:00").values())
    assert steps_due(found, later, done_steps(events, found)) == [
        ("first_response", 3),
        ("update", 1),
    ]


@pytest.mark.parametrize("severity", sorted(DEFAULT_TARGETS))
def test_deadlines_never_come_before_their_start_and_steps_are_in_order(severity):
    for clock in by_name([], "2025-03-07 17:59", severity).values():
        times = [t for _level, t in clock.steps]
        assert clock.started <= times[0] <= clock.due == times[1] <= times[2] <= times[3]
