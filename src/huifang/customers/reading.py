"""Reading dealer spreadsheets row by row: the first step of the import pipeline.

`.xlsx` (first sheet, through python-calamine) or `.csv` in UTF-8, UTF-8 with BOM or
GB18030 — what Excel in China saves. Headers are matched in Chinese or English with
case, spaces and underscores ignored (formats.md, "Customer import"). Rows come out one
at a time as `SourceRow`s numbered as the spreadsheet shows them (the header is row 1
when it is the first line), so memory does not grow with the file. Messages are in the active language (`wording`).

Plain Python but for Django's gettext; no database.
"""

import codecs
import csv
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huifang.customers.wording import listing

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
CSV_SUFFIXES = {".csv"}
_HEADER_SEARCH_ROWS = 10  # a title line or two above the header is common


class ImportFileError(Exception):
    """The file cannot be used at all (exit 2): unreadable, empty, or without a
    required column. Raised before anything is stored; the message names the file."""


def _in_file(name: str, reason: str) -> str:
    return _("%(file)s：%(reason)s") % {"file": name, "reason": reason}


def _at_row(name: str, row: int, reason: str) -> str:
    return _("%(file)s：第 %(row)d 行：%(reason)s") % {"file": name, "row": row, "reason": reason}


@dataclass(frozen=True)
class Column:
    """One column of an import format: the field it fills, the Chinese header used in
    messages, and every header that means it."""

    field: str
    label: str
    aliases: tuple[str, ...]
    required: bool = False
    repeatable: bool = False  # several columns may give it (电话 and 手机)


def _column(field, label, *aliases, required=False, repeatable=False) -> Column:
    return Column(field, label, (field, label, *aliases), required, repeatable)


CUSTOMER_COLUMNS = (
    _column("external_id", "客户编号", "客户id", "客户号", "customerid"),
    _column("name", "姓名", "客户姓名", "客户名称", "名字", required=True),
    _column("gender", "性别", "sex"),
    _column(
        "phone", "电话", "手机", "phones", "mobile", "tel", "telephone", "手机号", "手机号码",
        "电话号码", "联系电话", "联系方式", required=True, repeatable=True,
    ),
    _column("dealer", "经销商", "门店", "store", "经销商代码", "门店代码"),
    _column("product", "车型", "产品", "model"),
    _column("vin", "车架号", "vin码", "车辆识别代号"),
    _column("plate", "车牌", "车牌号", "车牌号码"),
    _column("purchase_date", "购买日期", "购车日期"),
    _column("last_visit_date", "最近到店", "最近到店日期", "lastvisit"),
    _column("insurance_due", "保险到期", "保险到期日"),
    _column("licence_due", "驾照到期", "licensedue", "驾照到期日"),
    _column("inspection_due", "年检到期", "年检到期日"),
    _column("birthday", "生日", "出生日期"),
    _column("address", "地址", "联系地址"),
    _column("province", "省份", "省"),
    _column("tags", "标签", "tag"),
)  # fmt: skip

SALES_COLUMNS = (
    _column("dealer", "经销商", "门店", "store", "经销商代码", "门店代码", required=True),
    _column("quarter", "季度", required=True),
    _column("sales_count", "销量", "sales", "销售数量", required=True),
)


def header_key(text: Any) -> str:
    """A header as it is compared: full-width folded, lower case, without spaces,
    underscores, hyphens or the * that templates put on required columns."""
    folded = unicodedata.normalize("NFKC", "" if text is None else str(text)).lower()
    return re.sub(r"[\s_\-*]+", "", folded)


@dataclass
class Layout:
    """Where each field is in the file. Repeated columns of a repeatable field get
    keys `phone`, `phone_2`, `phone_3`…"""

    header: list[str]  # the header row's texts, by column
    header_row: int
    fields: dict[int, str]  # column index → field key
    columns: dict[str, str] = field(default_factory=dict)  # field key → header text
    ignored: list[str] = field(default_factory=list)

    def keys(self, field_name: str) -> list[str]:
        """The field keys of a field: ["phone", "phone_2"] for two phone columns."""
        return [k for k in self.columns if re.fullmatch(rf"{field_name}(_\d+)?", k)]


@dataclass(slots=True)
class SourceRow:
    """One data row: its number as the spreadsheet shows it, the values of the known
    columns by field key, and all its original cells (for the error workbook)."""

    number: int
    values: dict[str, Any]
    cells: list[Any]


def match_header(cells: list[Any], columns: tuple[Column, ...]) -> Layout | None:
    """The layout if this row names every required column, else None. Raises
    ValueError when two columns give the same field that may appear only once."""
    by_alias = {header_key(a): c for c in columns for a in c.aliases}
    layout = Layout(header=[_header_text(c) for c in cells], header_row=0, fields={})
    first: dict[str, str] = {}  # field → the first header that gave it
    for index, text in enumerate(layout.header):
        column = by_alias.get(header_key(text))
        if column is None:
            if text:
                layout.ignored.append(text)
            continue
        if column.field in first and not column.repeatable:
            raise ValueError(
                _("%(first)s 和 %(second)s 两列重复（都是 %(field)s），请只保留一列")
                % {"first": first[column.field], "second": text, "field": column.field}
            )
        n = len(layout.keys(column.field)) + 1
        key = column.field if n == 1 else f"{column.field}_{n}"
        first.setdefault(column.field, text)
        layout.fields[index] = key
        layout.columns[key] = text
    if all(c.field in first for c in columns if c.required):
        return layout
    return None


def missing_columns(cells: list[Any], columns: tuple[Column, ...]) -> list[Column]:
    keys = {header_key(c) for c in cells}
    return [
        c for c in columns if c.required and not keys.intersection(header_key(a) for a in c.aliases)
    ]


def _known_headers(cells: list[Any], columns: tuple[Column, ...]) -> int:
    aliases = {header_key(a) for c in columns for a in c.aliases}
    return sum(1 for c in cells if header_key(c) in aliases)


class Table:
    """An opened import file. Construction reads far enough to find the header (and,
    for CSV, checks the whole file decodes), so a file that cannot be used fails here,
    before anything is stored. Iterate for the data rows."""

    def __init__(self, path: str | Path, columns: tuple[Column, ...] = CUSTOMER_COLUMNS):
        self.path = Path(path)
        self.name = self.path.name
        self.columns = columns
        self.notices: list[str] = []
        suffix = self.path.suffix.lower()
        if not self.path.is_file():
            raise ImportFileError(_in_file(self.name, _("文件不存在")))
        if suffix not in EXCEL_SUFFIXES | CSV_SUFFIXES:
            raise ImportFileError(
                _in_file(
                    self.name,
                    _("不支持的文件类型 %(suffix)s，请使用 .xlsx 或 .csv")
                    % {"suffix": suffix or _("（无扩展名）")},
                )
            )
        try:
            if suffix in EXCEL_SUFFIXES:
                self._rows, self.total = _excel_rows(self.path)
            else:
                self._rows, self.total = _csv_rows(self.path)
        except OSError as exc:
            raise ImportFileError(
                _in_file(self.name, _("无法读取文件（%(reason)s）") % {"reason": exc.strerror})
            ) from None
        self.layout = self._find_header()
        self.total = max(self.total - self.layout.header_row, 0)
        if self.layout.ignored:
            self.notices.append(
                _in_file(
                    self.name,
                    _("以下列不在导入格式中，已忽略：%(columns)s")
                    % {"columns": listing(self.layout.ignored)},
                )
            )

    def _find_header(self) -> Layout:
        best, most = None, -1  # the row most like a header, to say what it lacks
        searched = 0
        for number, cells in self._rows:
            if _blank(cells):
                continue
            known = _known_headers(cells, self.columns)
            if known > most:
                best, most = cells, known
            try:
                layout = match_header(cells, self.columns)
            except ValueError as exc:
                raise ImportFileError(_at_row(self.name, number, str(exc))) from None
            if layout is not None:
                layout.header_row = number
                if number > 1:
                    self.notices.append(
                        _in_file(self.name, _("表头在第 %(row)d 行") % {"row": number})
                    )
                return layout
            searched += 1
            if searched >= _HEADER_SEARCH_ROWS:
                break
        if best is None:
            raise ImportFileError(_in_file(self.name, _("文件是空的")))
        missing = missing_columns(best, self.columns)
        names = listing(
            _("%(label)s（%(field)s）") % {"label": c.label, "field": c.field} for c in missing
        )
        reason = ngettext("缺少必填列：%(columns)s", "缺少必填列：%(columns)s", len(missing))
        raise ImportFileError(_in_file(self.name, reason % {"columns": names}))

    def __iter__(self) -> Iterator[SourceRow]:
        width = len(self.layout.header)
        fields = self.layout.fields
        count = 0
        for number, cells in self._rows:
            if _blank(cells):
                continue
            if len(cells) < width:
                cells = [*cells, *[None] * (width - len(cells))]
            values = {key: cells[index] for index, key in fields.items()}
            count += 1
            yield SourceRow(number, values, cells[:width])
        if count == 0:
            raise ImportFileError(_in_file(self.name, _("表头下面没有数据行")))


def _header_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


# --- Excel ------------------------------------------------------------------------


# calamine parses a whole sheet into native memory first — about 1.7 bytes for each
# byte of the sheet's XML (bench/import_read.py: 100k rows × 12 columns, 68 MB of XML,
# +118 MB). Ten times faster than openpyxl, so it reads every ordinary file; a sheet
# bigger than this is streamed with openpyxl's read-only mode instead, which is slower
# but flat in memory.
CALAMINE_MAX_SHEET_XML = 100 * 2**20


def _excel_rows(path: Path) -> tuple[Iterator[tuple[int, list[Any]]], int]:
    """Rows of the first sheet, numbered from the sheet's row 1."""
    if _largest_sheet_xml(path) > CALAMINE_MAX_SHEET_XML:
        return _openpyxl_rows(path)
    return _calamine_rows(path)


def _largest_sheet_xml(path: Path) -> int:
    try:
        with zipfile.ZipFile(path) as archive:
            return max(
                (
                    info.file_size
                    for info in archive.infolist()
                    if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
                ),
                default=0,
            )
    except (zipfile.BadZipFile, OSError):
        return 0  # .xls, or broken: calamine reads it or says what is wrong


def _unreadable_workbook(name: str, reason: str) -> str:
    return _in_file(name, _("无法读取 Excel 工作簿（%(reason)s）") % {"reason": reason})


def _calamine_rows(path: Path) -> tuple[Iterator[tuple[int, list[Any]]], int]:
    """calamine parses the sheet natively (fast, compact); the rows become Python
    lists one at a time."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except PasswordError:
        raise ImportFileError(
            _in_file(path.name, _("工作簿设有密码保护，请取消密码后再导入"))
        ) from None
    except (CalamineError, OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ImportFileError(_unreadable_workbook(path.name, reason)) from None
    end = sheet.end
    total = end[0] + 1 if end else 0

    def rows():
        try:
            # iter_rows starts at the sheet's first row, so the index is the row number.
            yield from enumerate(sheet.iter_rows(), start=1)
        finally:
            workbook.close()

    return rows(), total


def _openpyxl_rows(path: Path) -> tuple[Iterator[tuple[int, list[Any]]], int]:
    """Streams the sheet's XML: memory stays flat however long the sheet is."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(_unreadable_workbook(path.name, str(exc))) from None

    def rows():
        try:
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        finally:
            workbook.close()

    return rows(), sheet.max_row or 0


# --- CSV --------------------------------------------------------------------------

_CHUNK = 1 << 20


def _csv_rows(path: Path) -> tuple[Iterator[tuple[int, list[Any]]], int]:
    """Rows of a CSV file. The encoding is the BOM's if there is one, else UTF-8 if the
    whole file decodes as UTF-8, else GB18030. A first streaming pass over the file
    settles the encoding and counts the rows, so a file that cannot be decoded or
    parsed is refused before any row is stored."""
    encoding, delimiter, total = _csv_check(path)

    def rows():
        with path.open(encoding=encoding, newline="") as handle:
            yield from enumerate(csv.reader(handle, delimiter=delimiter), start=1)

    return rows(), total


def _csv_check(path: Path) -> tuple[str, str, int]:
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]  # Excel's "Unicode text": tab-separated UTF-16
    else:
        candidates = ["utf-8", "gb18030"]
    error_row = 0
    for encoding in candidates:
        total = 0
        try:
            delimiter = _delimiter(path, encoding)
            with path.open(encoding=encoding, newline="") as handle:
                for _row in csv.reader(handle, delimiter=delimiter):
                    total += 1
            return encoding, delimiter, total
        except UnicodeDecodeError:
            error_row = total + 1
        except csv.Error as exc:
            raise ImportFileError(_at_row(path.name, total + 1, str(exc))) from None
    raise ImportFileError(
        _in_file(
            path.name,
            _("约第 %(row)d 行：不是 UTF-8 或 GB18030 编码的文本；请另存为“CSV UTF-8”格式后再试")
            % {"row": error_row},
        )
    )


def _delimiter(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, newline="") as handle:
        first = handle.readline(_CHUNK)
    return "\t" if "\t" in first and "," not in first else ","
