"""A ticket's three SLA clocks 服务时限 (F4), read from its log.

Each severity has three targets: first response (the department takes the complaint
up), update (the customer hears from us at least this often while the ticket is open)
and resolution (the ticket is closed). Severities counted round the clock (紧急) run
on every hour; the others on the business calendar (`sla.py`, the scheduler's holiday
calendar with 调休). While the ticket waits on the customer or the dealer every clock
pauses.

Nothing here is stored: the clocks are computed from the log each time, so a changed
calendar, a changed severity or a reopening gives new deadlines. A reopening starts a
new round: the department must take the ticket up again and resolve it anew.

When a clock runs out the ticket climbs a ladder, one step at a time: the warning at
80 % of the time (level 0), then at the deadline the handler (1), at one and a half
times the time the department head (2), at twice the time the customer-relations
supervisor (3). `steps_due` says which steps are due by now; the worker writes each
once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from huifang.scheduling.holidays import HolidayCalendar
from huifang.tickets import sla
from huifang.tickets.statuses import CLOSED, COMMENT, REOPEN, SLA, START, START_FEEDBACK
from huifang.tickets.workflow import Event, paused_intervals

CLOCKS = ("first_response", "update", "resolution")
# The ladder: (level, the share of the clock's hours after which it is due).
LADDER = ((0, 0.8), (1, 1.0), (2, 1.5), (3, 2.0))
# What tells the customer how things stand, restarting the update clock.
CONTACT = (START_FEEDBACK, REOPEN)


@dataclass(frozen=True)
class Targets:
    """Hours of each clock for one severity; `round_the_clock`: counted 24×7."""

    first_response: float
    update: float
    resolution: float
    round_the_clock: bool = False

    def hours(self, clock: str) -> float:
        return getattr(self, clock)


DEFAULT_TEXT = "urgent=2/4/24/always,important=4/8/24,normal=8/16/40,minor=16/24/80"


def parse_targets(text: str) -> dict[str, Targets]:
    """ "urgent=2/4/24/always,important=4/8/24,…": per severity the hours of first
    response / update / resolution, and `always` for round the clock."""
    found = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        severity, _, rest = part.partition("=")
        pieces = rest.split("/")
        always = pieces[-1].strip() == "always"
        numbers = pieces[:-1] if always else pieces
        try:
            hours = [float(n) for n in numbers]
        except ValueError:
            hours = []
        if not severity.strip() or len(hours) != 3 or not all(0 < h < 10_000 for h in hours):
            raise ValueError(
                f"{part!r}: write severity=first/update/resolution hours, /always for 24×7"
            )
        found[severity.strip()] = Targets(*hours, round_the_clock=always)
    return found


DEFAULT_TARGETS: Mapping[str, Targets] = parse_targets(DEFAULT_TEXT)


@dataclass(frozen=True)
class Clock:
    name: str
    hours: float
    started: datetime
    due: datetime
    met_at: datetime | None  # when what it waits for happened (None: still running)
    steps: tuple[tuple[int, datetime], ...]  # the ladder: (level, when it is due)

    def state(self, now: datetime) -> str:
        """met, late (met after the deadline), overdue, warning or running."""
        if self.met_at is not None:
            return "late" if self.met_at > self.due else "met"
        if now >= self.due:
            return "overdue"
        return "warning" if now >= self.steps[0][1] else "running"


def clocks(
    events: Sequence[Event],
    created_at: datetime,
    severity: str,
    *,
    now: datetime,
    calendar: HolidayCalendar,
    hours_of: sla.BusinessHours = sla.DEFAULT_HOURS,
    targets: Mapping[str, Targets] = DEFAULT_TARGETS,
) -> list[Clock]:
    """The three clocks of the ticket's current round, from its log as of `now`."""
    target = targets[severity]
    counted_on = None if target.round_the_clock else calendar
    pauses = paused_intervals(events, until=now)
    round_start, first_response, contact, closed = created_at, None, created_at, None
    for event in events:
        if event.action == REOPEN:
            round_start, first_response, contact, closed = event.at, None, event.at, None
        elif event.action == START and first_response is None:
            first_response = event.at
        if event.action in CONTACT or (event.action == COMMENT and event.data.get("contacted")):
            contact = event.at
        if event.state_to == CLOSED:
            closed = event.at
    met = {"first_response": first_response or closed, "update": closed, "resolution": closed}
    started = {"first_response": round_start, "update": contact, "resolution": round_start}
    found = []
    for name in CLOCKS:
        hours = target.hours(name)

        def after(share: float, start=started[name], hours=hours) -> datetime:
            return sla.add_hours(
                start, hours * share, calendar=counted_on, hours_of=hours_of, pauses=pauses
            )

        steps = tuple((level, after(share)) for level, share in LADDER)
        found.append(Clock(name, hours, started[name], after(1.0), met[name], steps))
    return found


def done_steps(events: Sequence[Event], found: Sequence[Clock]) -> set[tuple[str, int]]:
    """(clock, level) of the steps already written for each clock since it started:
    a reopening or a word to the customer starts a clock, and its ladder, afresh."""
    started = {clock.name: clock.started for clock in found}
    return {
        (event.data["clock"], event.data["level"])
        for event in events
        if event.action == SLA and event.at >= started.get(event.data.get("clock"), event.at)
    }


def steps_due(
    found: Sequence[Clock], now: datetime, done: set[tuple[str, int]]
) -> list[tuple[str, int]]:
    """(clock, level) of every ladder step due by `now` on a running clock and not yet
    `done`, lowest first."""
    return [
        (clock.name, level)
        for clock in found
        if clock.met_at is None
        for level, at in clock.steps
        if at <= now and (clock.name, level) not in done
    ]


def next_step(found: Sequence[Clock], done: set[tuple[str, int]]) -> datetime | None:
    """When the next step not yet `done` falls due on a running clock (None: no more)."""
    return min(
        (
            at
            for clock in found
            if clock.met_at is None
            for level, at in clock.steps
            if (clock.name, level) not in done
        ),
        default=None,
    )
