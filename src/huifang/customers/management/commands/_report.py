"""What `huifang import customers` and `huifang import sales` share: the exit-code
contract, the summary, the first refused rows, the error workbook and the audit record.
What they print is in the active language (zh-hans unless the settings say otherwise)."""

import getpass
import sys
from contextlib import contextmanager
from pathlib import Path

from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
        values = {"file": Path(file).name, "reason": reason}
        if "no such table" in reason or "does not exist" in reason:
            message = _("%(file)s：数据库拒绝了导入（%(reason)s）；请先运行 'huifang migrate'")
        else:
            message = _("%(file)s：数据库拒绝了导入（%(reason)s）")
        raise BadInput(message % values) from None


def check_errors_path(errors: str | None) -> Path | None:
    """Refuse a bad --errors before anything is imported."""
    if not errors:
        return None
    path = Path(errors)
    if path.suffix.lower() != ".xlsx":
        raise BadInput(_("--errors %(path)s：错误报告只能保存为 .xlsx 文件") % {"path": errors})
    if not path.parent.resolve().is_dir():
        raise BadInput(
            _("--errors %(path)s：文件夹 %(folder)s 不存在")
            % {"path": errors, "folder": path.parent}
        )
    return path


def finish(command, file: str, result, errors_path: Path | None) -> dict:
    """Print the summary (text) and write the error workbook; raise CheckFailed
    after printing the JSON document when rows were rejected."""
    from huifang.customers.error_workbook import write_error_workbook

    name = Path(file).name
    refused = len(result.rejected_rows)
    command.say(
        _("%(file)s: 导入 %(imported)d, 更新 %(updated)d, 未变 %(unchanged)d, 拒绝 %(rejected)d")
        % {
            "file": name,
            "imported": result.imported,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": refused,
        }
    )
    for error in result.rejected[:SHOWN_REJECTS]:
        command.say(rejected_line(name, error))
    if len(result.rejected) > SHOWN_REJECTS:
        more = {"more": len(result.rejected) - SHOWN_REJECTS}
        if errors_path:
            command.say(_("……还有 %(more)d 条") % more)
        else:
            command.say(_("……还有 %(more)d 条；加上 --errors FILE.xlsx 可写出全部") % more)
    for notice in result.notices:
        _notice(command, notice)
    if errors_path is not None:
        if refused:
            try:
                write_error_workbook(errors_path, result.rejected_rows, result.header)
            except OSError as exc:
                raise BadInput(
                    _("--errors %(path)s：无法写入（%(reason)s）")
                    % {"path": errors_path, "reason": exc.strerror}
                ) from None
            _notice(
                command,
                ngettext(
                    "错误报告 %(path)s：%(count)d 行待修改",
                    "错误报告 %(path)s：%(count)d 行待修改",
                    refused,
                )
                % {"path": errors_path, "count": refused},
            )
        else:
            _notice(command, _("没有被拒绝的行，未写出 %(path)s") % {"path": errors_path})
    document = result.as_json()
    if refused:
        if command.json_output:
            sys.stdout.write(_json(document) + "\n")
        raise CheckFailed(
            _("%(file)s：%(total)d 行中有 %(refused)d 行被拒绝")
            % {"file": name, "total": _rows(result), "refused": refused}
        )
    return document


def rejected_line(name: str, error) -> str:
    """One refused value as the command prints it: the file, the row, the column (when
    one column is to blame) and the reason."""
    values = {"file": name, "row": error.row, "column": error.column, "reason": error.reason}
    if error.column:
        return _("%(file)s：第 %(row)d 行，「%(column)s」列：%(reason)s") % values
    return _("%(file)s：第 %(row)d 行：%(reason)s") % values


def os_user() -> str:
    """Who runs the command, as the operating system knows them."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment or the password file
        return "?"


def audit_import(kind: str, file: str, result) -> None:
    """Keep the audit record of an import from the command line, as the web import
    does. No account is logged in, so the record's user is empty and the detail names
    the operating-system user who ran the command."""
    from huifang.accounts.audit import audit
    from huifang.accounts.models import AuditEntry

    path = Path(file)
    detail = (
        f"{result.summary()}; huifang import {kind} by OS user {os_user()} from {path.resolve()}"
    )
    audit(None, AuditEntry.IMPORT, path.name[:200], detail)


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
    Subclasses set `help` and `kind` (what `huifang import` names: customers, sales)
    and implement `load(file, progress)`."""

    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx or .csv")
        parser.add_argument(
            "--errors", metavar="FILE.xlsx", help="write the rejected rows, with 行号 and 原因"
        )

    def run(self, file, errors=None, **options):
        errors_path = check_errors_path(errors)
        with self.progress(None, _("导入 %(file)s") % {"file": Path(file).name}) as bar:
            with one_line_errors(file):
                result = self.load(file, bar, **options)
                audit_import(self.kind, file, result)
        return finish(self, file, result, errors_path)

    def load(self, file, progress, **options):
        raise NotImplementedError
