from django.core.management import call_command

from huifang.commands import HuifangCommand


class Command(HuifangCommand):
    help = "Run background tasks (django-tasks' database worker)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--batch", action="store_true", help="stop when the queue is empty")

    def run(self, interval, batch, **_):
        args = ["--interval", str(interval)]
        if batch:
            args.append("--batch")
        call_command("db_worker", *args)
