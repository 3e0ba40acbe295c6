import threading
import time

from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from huifang.calls import inbound
from huifang.campaigns.upkeep import tidy
from huifang.commands import HuifangCommand
from huifang.tickets.handling import follow_calendar, sweep

UPKEEP_SECONDS = 30


def _upkeep(now) -> None:
    """Expired leases and missed appointments are handled even when nobody claims; the
    complaint tickets' deadlines follow an edited holiday calendar, and their SLA steps
    that fell due are written; a promised call back gone overdue is raised."""
    tidy(now)
    follow_calendar(now)
    sweep(now)
    inbound.escalate(now)


def _upkeep_forever() -> None:
    while True:
        _upkeep(timezone.now())
        connections.close_all()
        time.sleep(UPKEEP_SECONDS)


class Command(HuifangCommand):
    help = "Run background tasks (django-tasks' database worker) and the queue's upkeep."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--batch", action="store_true", help="stop when the queue is empty")

    def run(self, interval, batch, **_):
        args = ["--interval", str(interval)]
        if batch:
            args.append("--batch")
            _upkeep(timezone.now())
        else:
            threading.Thread(target=_upkeep_forever, daemon=True, name="upkeep").start()
        call_command("db_worker", *args)
