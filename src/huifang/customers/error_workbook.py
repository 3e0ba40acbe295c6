"""The error report of an import (A1): the refused rows as the dealer sent them, with
their row number 行号 and what is wrong 原因, ready to fix and import again.

Written with openpyxl in write-only mode, so a report of many rows streams to disk.
"""

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

ROW_HEADER = gettext_lazy("行号")
REASON_HEADER = gettext_lazy("原因")
_BAD = PatternFill("solid", fgColor="FFC7CE")  # Excel's light red "bad" fill
_BOLD = Font(bold=True)


def write_error_workbook(path: str | Path, rejected_rows: Iterable, header: Sequence[str]) -> int:
    """Write the rejected rows (`importing.RejectedRow`: number, cells, errors) under
    the file's own header, between a 行号 and a 原因 column (in the active language);
    the cells at fault are shaded. Returns the number of rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("导入错误"))
    sheet.freeze_panes = "B2"
    sheet.append([_bold(sheet, str(h)) for h in (ROW_HEADER, *header, REASON_HEADER)])
    position = {text: i for i, text in reversed(list(enumerate(header))) if text}
    count = 0
    for rejected in rejected_rows:
        bad = {position[e.column] for e in rejected.errors if e.column in position}
        cells = [*rejected.cells, *[None] * (len(header) - len(rejected.cells))][: len(header)]
        row = [rejected.number]
        for index, value in enumerate(cells):
            cell = WriteOnlyCell(sheet, _plain(value))
            if cell.data_type == "f":
                cell.data_type = "s"  # text from outside is never run as a formula
            if index in bad:
                cell.fill = _BAD
            row.append(cell)
        row.append(reason_text(rejected.errors))
        sheet.append(row)
        count += 1
    workbook.save(str(path))
    return count


def reason_text(errors) -> str:
    """All of a row's errors in one cell: "电话：'1380' 位数太少……；VIN：……"."""
    # Translators: the separator between the reasons a row was refused.
    return _("；").join(
        _("%(column)s：%(reason)s") % {"column": e.column, "reason": e.reason}
        if e.column
        else e.reason
        for e in errors
    )


def _bold(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, text)
    cell.font = _BOLD
    return cell


def _plain(value: Any) -> Any:
    """A cell as it came, except that a number read as 13800138000.0 is written whole."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
