"""Checking one imported row: the second step of the import pipeline.

A raw row (field key → cell value, as `reading` gives it) becomes a typed
`CustomerRow`, or the list of every `RowError` in it — a row with any bad value is
refused whole, and the dealer learns all that is wrong with it at once. The reasons
are in the active language (`wording`).

Plain Python but for Django's gettext; no database.
"""

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from huifang.customers.phones import PhoneInfo, normalise_phone, short_province, split_phones
from huifang.customers.reading import Layout, SourceRow
from huifang.customers.wording import listing


@dataclass(frozen=True, slots=True)
class RowError:
    """Why a row was refused: its number, the column's header as written in the file
    ("" when no one column is to blame), and the reason."""

    row: int
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass(slots=True)
class CustomerRow:
    """A checked customer row. Empty text is "", an empty date None."""

    row: int
    name: str
    phones: list[PhoneInfo]
    external_id: str = ""
    gender: str = ""  # "M", "F" or ""
    dealer: str = ""
    product: str = ""
    vin: str = ""
    plate: str = ""
    purchase_date: dt.date | None = None
    last_visit_date: dt.date | None = None
    insurance_due: dt.date | None = None
    licence_due: dt.date | None = None
    inspection_due: dt.date | None = None
    birthday: dt.date | None = None
    address: str = ""
    province: str = ""
    tags: list[str] = field(default_factory=list)

    @property
    def has_vehicle(self) -> bool:
        """Whether the row says anything about a vehicle or product."""
        return bool(
            self.product
            or self.vin
            or self.plate
            or self.purchase_date
            or self.insurance_due
            or self.inspection_due
        )


@dataclass(frozen=True, slots=True)
class SalesRow:
    row: int
    dealer: str
    quarter: str  # 2026Q3
    sales_count: int


# --- cells ------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a spurious .0, dates in ISO form, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime) and not (value.hour or value.minute or value.second):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value).strip()


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(limit: int):
    def parse(value: Any) -> str:
        text = cell_text(value)
        if len(text) > limit:
            raise ValueError(
                _("超过 %(limit)s 个字符（现有 %(length)s 个）")
                % {"limit": limit, "length": len(text)}
            )
        return text

    return parse


_DASHED = re.compile(
    r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (past Excel's 1900-02-29)
_FIRST_YEAR, _LAST_YEAR = 1900, 2100


def parse_date(value: Any) -> dt.date:
    """2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301, an Excel serial number
    (46082), or a date cell. Raises ValueError saying why otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value, cell_text(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = _DASHED.fullmatch(text)
    if match:
        year, month, day = match.group(1, 3, 4)
    elif match := _CHINESE.fullmatch(text):
        year, month, day = match.groups()
    elif re.fullmatch(r"(19|20|21)\d{6}", text):
        year, month, day = text[:4], text[4:6], text[6:]
    elif re.fullmatch(r"\d+(\.\d+)?", text):
        return _from_serial(float(text), text)
    else:
        raise ValueError(_not_a_date(text))
    return _make_date(int(year), int(month), int(day), text)


def _not_a_date(text: str) -> str:
    return _("%(value)s 不是有效日期，请写成 2026-03-01") % {"value": repr(text)}


def _make_date(year: int, month: int, day: int, text: str) -> dt.date:
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise ValueError(
            _("%(value)s：年份 %(year)d 超出范围（应在 %(first)d 到 %(last)d 年之间）")
            % {"value": repr(text), "year": year, "first": _FIRST_YEAR, "last": _LAST_YEAR}
        )
    if not 1 <= month <= 12:
        raise ValueError(
            _("%(value)s 不是有效日期：没有 %(month)d 月") % {"value": repr(text), "month": month}
        )
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(
            _("%(value)s 不是有效日期：%(year)d 年 %(month)d 月只有 %(days)d 天")
            % {"value": repr(text), "year": year, "month": month, "days": days}
        )
    return dt.date(year, month, day)


def _from_serial(serial: float, text: str) -> dt.date:
    last = (dt.date(_LAST_YEAR, 12, 31) - _EXCEL_EPOCH).days
    if not 1 <= serial <= last:
        raise ValueError(_not_a_date(text))
    if serial < 61:  # Excel counts a 1900-02-29 that never was
        serial += 1
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


_GENDERS = {
    "男": "M", "男性": "M", "先生": "M", "m": "M", "male": "M",
    "女": "F", "女性": "F", "女士": "F", "f": "F", "female": "F",
}  # fmt: skip


def parse_gender(value: Any) -> str:
    text = cell_text(value)
    gender = _GENDERS.get(unicodedata.normalize("NFKC", text).lower())
    if gender is None:
        raise ValueError(_("%(value)s 不是性别，请填写 男 或 女") % {"value": repr(text)})
    return gender


def parse_vin(value: Any) -> str:
    """A vehicle identification number 车架号: 17 letters and digits, never I, O or Q."""
    vin = unicodedata.normalize("NFKC", cell_text(value)).upper()
    if len(vin) != 17:
        raise ValueError(
            _("%(value)s：车架号应为 17 位，这里是 %(length)d 位")
            % {"value": repr(vin), "length": len(vin)}
        )
    if not re.fullmatch(r"[A-Z0-9]{17}", vin):
        raise ValueError(_("%(value)s：车架号只能由字母和数字组成") % {"value": repr(vin)})
    if bad := sorted(set(vin) & set("IOQ")):
        raise ValueError(
            _("%(value)s：车架号中不会有字母 I、O、Q（这里有 %(found)s）")
            % {"value": repr(vin), "found": listing(bad)}
        )
    return vin


_PLATE_LENGTH = 16


def parse_plate(value: Any) -> str:
    """A licence plate 车牌 as one word: 京A·12345 and 京a 12345 are 京A12345."""
    plate = re.sub(r"[\s·•\-.]", "", unicodedata.normalize("NFKC", cell_text(value))).upper()
    if len(plate) > _PLATE_LENGTH:
        raise ValueError(
            _("%(value)s 太长，不是车牌号（最多 %(limit)d 个字符）")
            % {"value": repr(plate), "limit": _PLATE_LENGTH}
        )
    return plate


def parse_province(value: Any) -> str:
    return short_province(cell_text(value))


def parse_tags(value: Any) -> list[str]:
    tags = (t.strip() for t in re.split(r"[;；]", cell_text(value)))
    return list(dict.fromkeys(t for t in tags if t))


_PARSERS = {
    "external_id": text_of(64),
    "name": text_of(64),
    "gender": parse_gender,
    "dealer": text_of(120),
    "product": text_of(80),
    "vin": parse_vin,
    "plate": parse_plate,
    "purchase_date": parse_date,
    "last_visit_date": parse_date,
    "insurance_due": parse_date,
    "licence_due": parse_date,
    "inspection_due": parse_date,
    "birthday": parse_date,
    "address": text_of(200),
    "province": parse_province,
    "tags": parse_tags,
}


# --- rows -------------------------------------------------------------------------


def check_customer(source: SourceRow, layout: Layout) -> CustomerRow | list[RowError]:
    """The checked row, or every error in it."""
    errors: list[RowError] = []
    values: dict[str, Any] = {}
    for key, raw in source.values.items():
        parse = _PARSERS.get(key)
        if parse is None or _is_blank(raw):
            continue
        try:
            values[key] = parse(raw)
        except ValueError as exc:
            errors.append(RowError(source.number, layout.columns[key], str(exc)))
    if _is_blank(source.values.get("name")):
        errors.insert(0, RowError(source.number, layout.columns["name"], _("姓名为空")))
    phones = _phones(source, layout, errors)
    if errors:
        errors.sort(key=lambda e: _column_order(layout, e.column))
        return errors
    return CustomerRow(row=source.number, phones=phones, **values)


def _phones(source: SourceRow, layout: Layout, errors: list[RowError]) -> list[PhoneInfo]:
    phones: dict[str, PhoneInfo] = {}
    bad = False
    for key in layout.keys("phone"):
        for text in split_phones(cell_text(source.values.get(key))):
            try:
                info = normalise_phone(text)
            except ValueError as exc:
                bad = True
                errors.append(RowError(source.number, layout.columns[key], str(exc)))
            else:
                phones.setdefault(info.e164, info)
    if not phones and not bad:
        errors.append(RowError(source.number, layout.columns["phone"], _("没有电话号码")))
    return list(phones.values())


def _column_order(layout: Layout, header: str) -> int:
    try:
        return layout.header.index(header)
    except ValueError:
        return len(layout.header)


def check_sales(source: SourceRow, layout: Layout) -> SalesRow | list[RowError]:
    errors = []
    checked = {}
    for key, parse in (
        ("dealer", text_of(120)),
        ("quarter", parse_quarter),
        ("sales_count", parse_count),
    ):
        raw = source.values.get(key)
        try:
            if _is_blank(raw):
                raise ValueError(_("未填写"))
            checked[key] = parse(raw)
        except ValueError as exc:
            errors.append(RowError(source.number, layout.columns[key], str(exc)))
    return errors or SalesRow(source.number, **checked)


def parse_quarter(value: Any) -> str:
    """2026Q3, 2026-Q3, 2026 q3, 2026年第3季度, 2026年三季度 → 2026Q3."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(value))).upper()
    match = re.fullmatch(r"(\d{4})[-/年]?Q([1-4])", text) or re.fullmatch(
        r"(\d{4})年?第?([1-4一二三四])季度?", text
    )
    if not match:
        raise ValueError(_("%(value)s 不是季度，请写成 2026Q3") % {"value": repr(text)})
    quarter = "一二三四".find(match.group(2)) + 1 or int(match.group(2))
    return f"{match.group(1)}Q{quarter}"


def parse_count(value: Any) -> int:
    text = cell_text(value).replace(",", "").replace("，", "")
    if not re.fullmatch(r"\d+", text):
        raise ValueError(
            _("%(value)s 不是有效的销量，请填写 0 或正整数") % {"value": repr(cell_text(value))}
        )
    return int(text)
