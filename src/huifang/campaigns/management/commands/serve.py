from huifang.commands import HuifangCommand
from huifang.serving import serve


class Command(HuifangCommand):
    help = "Serve huifang with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def run(self, host, port, workers, **_):
        serve(host, port, workers)
