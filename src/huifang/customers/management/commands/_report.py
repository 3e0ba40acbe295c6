"""What `huifang import customers` and `huifang import sales` share: the exit-code
contract, the summary, the first refused rows and the error workbook."""

import sys
from contextlib import contextmanager
from pathlib import Path

from django.db import DatabaseError

from huifang.commands import BadInput, CheckFailed, HuifangCommand
from huifang.customers.reading import ImportFileError

SHOWN_REJECTS = 20

EXIT_CODES = """Exit status: 0 when every row was stored; 1 when some rows were rejected (the
others are stored; --errors writes the rejected rows to fix and import again); 2 when
the file cannot be used — not found, not .xlsx or .csv, unreadable, empty, or without
a required column — and then nothing is stored."""


@contextmanager
def one_line_errors(file: str):
    """An unusable file, or a database that cannot take the rows, ends the command
    with one line naming the file (exit 2), never a traceback."""
    try:
        yield
    except ImportFileError as exc:
        raise BadInput(str(exc)) from None
    except DatabaseError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        hint = (
            "; run 'huifang migrate' first"
            if "no such table" in reason or "does not exist" in reason
            else ""
        )
        raise BadInput(
            f"{Path(file).name}: the database refused the import ({reason}){hint}"
        ) from None


def check_errors_path(errors: str | None) -> Path | None:
    """Refuse a bad --errors before anything is imported."""
    if not errors:
        return None
    path = Path(errors)
    if path.suffix.lower() != ".xlsx":
        raise BadInput(f"--errors {errors}: the error report is written as .xlsx")
    if not path.parent.resolve().is_dir():
        raise BadInput(f"--errors {errors}: no such folder {path.parent}")
    return path


def finish(command, file: str, result, errors_path: Path | None) -> dict:
    """Print the summary (text) and write the error workbook; raise CheckFailed
    after printing the JSON document when rows were rejected."""
    from huifang.customers.error_workbook import write_error_workbook

    name = Path(file).name
    refused = len(result.rejected_rows)
    command.say(
        f"{name}: 导入 {result.imported}, 更新 {result.updated}, "
        f"未变 {result.unchanged}, 拒绝 {refused}"
    )
    for error in result.rejected[:SHOWN_REJECTS]:
        command.say(f"{name}:row {error.row}:column {error.column or '-'}: {error.reason}")
    if len(result.rejected) > SHOWN_REJECTS:
        more = len(result.rejected) - SHOWN_REJECTS
        hint = "" if errors_path else "; --errors FILE.xlsx writes them all"
        command.say(f"… {more} more{hint}")
    for notice in result.notices:
        _notice(command, notice)
    if errors_path is not None:
        if refused:
            try:
                write_error_workbook(errors_path, result.rejected_rows, result.header)
            except OSError as exc:
                raise BadInput(f"--errors {errors_path}: cannot write ({exc.strerror})") from None
            _notice(command, f"错误报告 {errors_path}: {refused} rows to fix")
        else:
            _notice(command, f"no rejected rows; {errors_path} not written")
    document = result.as_json()
    if refused:
        if command.json_output:
            sys.stdout.write(_json(document) + "\n")
        raise CheckFailed(f"{name}: {refused} of {_rows(result)} rows rejected")
    return document


def _rows(result) -> int:
    return result.imported + result.updated + result.unchanged + len(result.rejected_rows)


def _notice(command, text: str) -> None:
    if command.json_output:
        sys.stderr.write(f"huifang: {text}\n")
    else:
        command.say(text)


def _json(document) -> str:
    import json

    return json.dumps(document, ensure_ascii=False)


class ImportCommand(HuifangCommand):
    """`huifang import …`: one file in, the shared report and exit codes out.
    Subclasses set `help` and implement `load(file, progress)`."""

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx or .csv")
        parser.add_argument(
            "--errors", metavar="FILE.xlsx", help="write the rejected rows, with 行号 and 原因"
        )

    def run(self, file, errors=None, **options):
        errors_path = check_errors_path(errors)
        with self.progress(None, f"导入 {Path(file).name}") as bar:
            with one_line_errors(file):
                result = self.load(file, bar, **options)
        return finish(self, file, result, errors_path)

    def load(self, file, progress, **options):
        raise NotImplementedError
