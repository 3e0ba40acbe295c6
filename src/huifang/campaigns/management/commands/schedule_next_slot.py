from datetime import datetime
from zoneinfo import ZoneInfo

from huifang import scheduling
from huifang.campaigns import rules
from huifang.commands import BadInput, HuifangCommand

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Command(HuifangCommand):
    help = "The earliest allowed call time at or after --at for a number (formats.md)."

    def add_arguments(self, parser):
        parser.add_argument("--at", required=True, help="ISO 8601; a naive time is Asia/Shanghai")
        parser.add_argument("--phone", required=True)
        parser.add_argument("--policy", default="standard")
        parser.add_argument("--province", default="", help="overrides the number's region")

    def run(self, at, phone, policy, province, **_):
        from huifang.customers.phones import normalise_phone

        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            raise BadInput(f"--at {at!r}: not an ISO 8601 time (e.g. 2026-11-20T09:30)") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=SHANGHAI)
        try:
            info = normalise_phone(phone)
        except ValueError as exc:
            raise BadInput(f"--phone {phone!r}: {exc}") from None
        try:
            chosen = rules.policy(policy)
        except (KeyError, ValueError):
            raise BadInput(f"--policy {policy!r}: unknown policy") from None
        region = scheduling.normalise_province(province) if province else info.province
        south = scheduling.is_south(region or None)
        calendar = rules.calendar()
        slot = scheduling.next_slot(when, chosen, south, calendar)
        reason = scheduling.blocked_reason(when, chosen, south, calendar)
        for warning in calendar.warnings:
            self.stderr.write(f"huifang: warning: {warning}")
        self.say(slot.isoformat())
        return {"at": slot.isoformat(), "region": region or None, "south": south, "reason": reason}
