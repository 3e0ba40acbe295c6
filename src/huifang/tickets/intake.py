"""The complaint intake checklist 投诉受理清单 (F2, seed 002 认真记录): every field a
complaint must have before it can be routed, the customer types 要求型/困惑型/激动型
with their handling advice (seed 004) and the severities — all data, in
`data/intake.yaml`. A file that cannot be used is refused with every problem and its
line:

    intake.yaml: 第 40 行 客户类型 angry：缺少 advice"""

from __future__ import annotations

import re
from collections.abc import Mapping as AnyMapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from huifang import placed
from huifang.placed import Mapping
from huifang.text import _, listing, quoted

DATA = Path(__file__).parent / "data" / "intake.yaml"
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
NOT_APPLICABLE = "不涉及"
CHOICE_LISTS = ("customer_types", "severities")
FIELD_KEYS = ("key", "label", "help", "na_allowed", "choices")
TYPE_KEYS = ("key", "label", "traits", "advice")
SEVERITY_KEYS = ("key", "label", "meaning")


class IntakeError(placed.PlacedError):
    """An intake file that cannot be used: every problem with its line."""


class Problems(placed.Problems):
    error = IntakeError


@dataclass(frozen=True)
class Field:
    key: str  # vehicle
    label: str  # 车辆/产品（车型或车架号）
    help: str = ""
    na_allowed: bool = False  # 不涉及 may be written instead of a value
    choices: str | None = None  # "customer_types" or "severities"


@dataclass(frozen=True)
class CustomerType:
    """客户类型 (seed 004) and how to handle it."""

    key: str  # agitated
    label: str  # 激动型
    traits: str
    advice: tuple[str, ...]


@dataclass(frozen=True)
class Severity:
    key: str  # urgent
    label: str  # 紧急
    meaning: str


@dataclass(frozen=True)
class Checklist:
    fields: tuple[Field, ...]
    customer_types: dict[str, CustomerType]
    severities: dict[str, Severity]

    def choices(self, field: Field) -> dict[str, CustomerType | Severity]:
        return getattr(self, field.choices) if field.choices else {}

    def problems(self, values: AnyMapping[str, Any]) -> list[str]:
        """What keeps `values` (field key → value) from being complete, one short
        Chinese phrase each, in the checklist's order; empty when nothing is missing."""
        found = []
        for field in self.fields:
            value = values.get(field.key)
            text = "" if value is None else str(value).strip()
            if isinstance(value, list | tuple | set):
                text = listing(v for v in value if str(v).strip())
            if not text:
                found.append(_("缺少{label}").format(label=field.label))
            elif text == NOT_APPLICABLE and not field.na_allowed:
                found.append(_("{label}不能填“不涉及”").format(label=field.label))
            elif field.choices and text not in self.choices(field):
                options = listing(f"{c.key} {c.label}" for c in self.choices(field).values())
                found.append(
                    _("{label}{value}不是可选项（{options}）").format(
                        label=field.label, value=quoted(text), options=options
                    )
                )
        return found

    def is_complete(self, values: AnyMapping[str, Any]) -> bool:
        return not self.problems(values)


def _entries(problems: Problems, data: Mapping, section: str, keys: tuple) -> list[Mapping]:
    """The mappings of list `section`, each with a good unique key; problems otherwise."""
    raw = data.get(section)
    if not isinstance(raw, list) or not raw:
        problems.add(section, _("应为非空的列表"), data.line)
        return []
    good, seen = [], set()
    for index, entry in enumerate(raw, 1):
        where = f"{section} #{index}"
        if not isinstance(entry, Mapping):
            problems.add(where, _("应为映射（{keys}）").format(keys=listing(keys)), data.line)
            continue
        problems.unknown_keys(entry, keys, where)
        key = problems.text(entry, "key", where)
        if key is None:
            continue
        if not KEY.match(key):
            problems.add(
                where, _("key {key!r} 应为小写英文字母、数字和下划线").format(key=key), entry.line
            )
        elif key in seen:
            problems.add(where, _("key {key} 重复").format(key=key), entry.line)
        else:
            seen.add(key)
            good.append(entry)
    return good


def _field(problems: Problems, entry: Mapping) -> Field | None:
    where = f"fields {entry['key']}"
    label = problems.text(entry, "label", where)
    help_text = problems.text(entry, "help", where, required=False) or ""
    na_allowed = entry.get("na_allowed", False)
    if not isinstance(na_allowed, bool):
        problems.add(f"{where} na_allowed", _("应为 true 或 false"), entry.line)
    choices = entry.get("choices")
    if choices is not None and choices not in CHOICE_LISTS:
        problems.add(
            f"{where} choices",
            _("{value!r} 不是可选的列表（{lists}）").format(
                value=choices, lists=listing(CHOICE_LISTS)
            ),
            entry.line,
        )
        return None
    if label is None or not isinstance(na_allowed, bool):
        return None
    return Field(entry["key"], label, help_text, na_allowed, choices)


def _customer_type(problems: Problems, entry: Mapping) -> CustomerType | None:
    where = f"customer_types {entry['key']}"
    label = problems.text(entry, "label", where)
    traits = problems.text(entry, "traits", where)
    advice = problems.words(entry, "advice", where)
    if not advice and "advice" in entry:
        problems.add(f"{where} advice", _("至少要有一条应对方法"), entry.line)
    elif "advice" not in entry:
        problems.add(where, _("缺少 advice"), entry.line)
    if label is None or traits is None or not advice:
        return None
    return CustomerType(entry["key"], label, traits, advice)


def _severity(problems: Problems, entry: Mapping) -> Severity | None:
    where = f"severities {entry['key']}"
    label = problems.text(entry, "label", where)
    meaning = problems.text(entry, "meaning", where)
    if label is None or meaning is None:
        return None
    return Severity(entry["key"], label, meaning)


def load_checklist(path: str | Path | None = None) -> Checklist:
    """The checklist in `path` (ours when None); IntakeError with every problem."""
    path = Path(path) if path else DATA
    name = path.name if path == DATA else str(path)
    data = placed.read_yaml(placed.read_text(path, IntakeError), name, IntakeError)
    if not isinstance(data, Mapping):
        raise IntakeError(name, [_("应为映射，含 fields、customer_types、severities")])
    problems = Problems()
    problems.unknown_keys(data, ("fields", *CHOICE_LISTS), _("受理清单"))
    fields = [_field(problems, e) for e in _entries(problems, data, "fields", FIELD_KEYS)]
    types = [
        _customer_type(problems, e) for e in _entries(problems, data, "customer_types", TYPE_KEYS)
    ]
    severities = [
        _severity(problems, e) for e in _entries(problems, data, "severities", SEVERITY_KEYS)
    ]
    problems.raise_for(name)
    return Checklist(
        fields=tuple(fields),
        customer_types={t.key: t for t in types},
        severities={s.key: s for s in severities},
    )


@cache
def default_checklist() -> Checklist:
    return load_checklist()
