"""What every `huifang` command shares: `--format json`, exit codes 0/1/2 and one-line
errors that name the place and the reason (formats.md), never a traceback."""

import json
import sys

from django.core.management.base import BaseCommand


class BadInput(Exception):
    """The input cannot be used (exit 2). The message names the place and the reason."""

    exit_code = 2


class CheckFailed(Exception):
    """The input was understood but fails a check (exit 1). Under --format json the
    `result`, when given, is still printed: scripts read what failed from it."""

    exit_code = 1

    def __init__(self, message: str, result=None):
        super().__init__(message)
        self.result = result


# What `run` returns when it has already printed its JSON, one object per line.
STREAMED = object()


class HuifangCommand(BaseCommand):
    """A management command with the huifang contract. Subclasses implement `run`,
    which returns the result as a JSON-able value and prints its text form with
    `self.say`; raising BadInput or CheckFailed ends the command with its code."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument("--format", choices=["text", "json"], default="text")
        return parser

    def execute(self, *args, **options):
        self.json_output = options.get("format") == "json"
        try:
            result = self.run(**options)
        except (BadInput, CheckFailed) as exc:
            if self.json_output and getattr(exc, "result", None) is not None:
                self.emit(exc.result)
            sys.stderr.write(f"huifang: {exc}\n")
            sys.exit(exc.exit_code)
        if self.json_output and result is not STREAMED:
            self.emit(result)
        return None

    def emit(self, document) -> None:
        """The one JSON document of --format json."""
        sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")

    def say(self, text: str = "") -> None:
        """Print a line of the human-readable output (silenced under --format json)."""
        if not self.json_output:
            self.stdout.write(text)

    def handle(self, *args, **options):  # pragma: no cover - execute() calls run()
        raise NotImplementedError

    def run(self, **options):
        raise NotImplementedError

    def progress(self, total: int | None, description: str):
        """A rich progress bar on a terminal, nothing otherwise."""
        from huifang.progress import progress_bar

        return progress_bar(total, description, enabled=not self.json_output)
