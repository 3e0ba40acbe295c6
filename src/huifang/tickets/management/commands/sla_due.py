import math
from datetime import datetime

from huifang.campaigns import rules
from huifang.commands import BadInput, CheckFailed, HuifangCommand
from huifang.tickets import sla
from huifang.tickets.handling import business_hours

CALENDARS = ("business", "always")
# Beyond this the answer is decades away and the walk day by day would only waste time.
MAX_HOURS = 100_000


class Command(HuifangCommand):
    help = "The instant at which --hours of working time have elapsed after --from (formats.md)."

    def add_arguments(self, parser):
        # Required, but checked in run() so that a missing one is a one-line error too.
        parser.add_argument(
            "--from", dest="start", metavar="ISO", help="ISO 8601; a naive time is Asia/Shanghai"
        )
        parser.add_argument("--hours", metavar="H", help="a decimal: 0.5 is thirty minutes")
        parser.add_argument(
            "--calendar",
            default="business",
            help="business (workdays, business hours; the default) or always (24×7)",
        )

    def run(self, start, hours, calendar, **_):
        if start is None:
            raise BadInput("--from: missing (the start, ISO 8601, e.g. 2026-11-20T09:30)")
        if hours is None:
            raise BadInput("--hours: missing (a number of hours, e.g. 8 or 0.5)")
        try:
            when = datetime.fromisoformat(start)
        except ValueError:
            raise BadInput(
                f"--from {start!r}: not an ISO 8601 time (e.g. 2026-11-20T09:30)"
            ) from None
        amount = _hours(hours)
        if calendar not in CALENDARS:
            raise BadInput(f"--calendar {calendar!r}: expected business or always")
        holidays = rules.calendar() if calendar == "business" else None
        try:
            due = sla.add_hours(when, amount, calendar=holidays, hours_of=business_hours())
        except OverflowError:
            raise BadInput(
                f"--from {start!r} --hours {hours}: the due time is past the year 9999"
            ) from None
        except sla.NoWorkingTime as exc:
            raise CheckFailed(f"--calendar business: {exc}") from None
        for warning in holidays.warnings if holidays is not None else ():
            self.stderr.write(f"huifang: warning: {warning}")
        self.say(due.isoformat())
        return {"due": due.isoformat(), "calendar": calendar, "business_hours": amount}


def _hours(text: str) -> int | float:
    """--hours as a number: a whole number stays whole in the JSON output."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise BadInput(f"--hours {text!r}: not a number of hours (e.g. 8 or 0.5)")
    if value < 0:
        raise BadInput(f"--hours {text!r}: must be 0 or more")
    if value > MAX_HOURS:
        raise BadInput(f"--hours {text!r}: more than {MAX_HOURS} hours")
    return int(value) if value.is_integer() else value
