"""Messy dealer files for the import tests, written the way dealers' tools write them."""

import csv
from pathlib import Path

from openpyxl import Workbook


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list], above: list[list] = ()) -> Path:
    """An Excel file; `above` are rows before the header (a title, blank lines).
    Numbers stay numbers and dates stay date cells, as Excel stores them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "客户"
    for row in [*above, *rows]:
        sheet.append(row)
    workbook.create_sheet("说明").append(["the importer reads the first sheet only"])
    workbook.save(path)
    return path


HEADER = [
    "客户编号",
    "姓名",
    "性别",
    "电话",
    "经销商",
    "车型",
    "VIN",
    "购买日期",
    "保险到期",
    "省份",
    "标签",
]
