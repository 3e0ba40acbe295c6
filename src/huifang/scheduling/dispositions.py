"""Call outcomes 回访结果 (dispositions): the outcome table of `dispositions.md` as data.

The table lives in `dispositions.yaml`; a centre may load its own (a full table, or one
that starts with `extends: default` and changes only some rows). Every row is checked
on load and a bad one is refused with the file, the row (index and code) and the
reason, e.g. `dispositions.yaml: row 9 (no_answer): retry outcome without a delay`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from huifang.scheduling._files import read_yaml

KINDS = ("final", "retry", "retry_once")
AAPOR_CLASSES = ("I", "P", "R", "NC", "O", "UH", "UO", "NE")
ARCHIVE_EFFECTS = ("accurate", "inaccurate")
# The first digit of an AAPOR code decides which classes it may belong to.
_AAPOR_GROUPS = {"1": ("I", "P"), "2": ("R", "NC", "O"), "3": ("UH", "UO"), "4": ("NE",)}
_AAPOR_CODE = re.compile(r"^[1-4]\.(\d{1,3}|x)$")
_DELAY = re.compile(r"^\+?\s*(\d+)\s*(m|min|mins|minutes?|h|hours?|d|days?)$", re.IGNORECASE)
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class DispositionError(ValueError):
    """An outcome table is wrong; the message names the file, the row and the reason."""


@dataclass(frozen=True)
class Disposition:
    """One call outcome 回访结果 and what follows from it.

    `kind`: "final" (the task is done), "retry" (back to the queue after `delay`, or at
    the customer's chosen time when `at_agreed_time`), "retry_once" (break-off: one
    more try, then final). `aapor`/`aapor_class`: the AAPOR final disposition;
    `never_reached_*`: the class when the task runs out of tries on this outcome.
    `conversation`: the customer himself was reached and spoken with (counts against
    the contact-frequency cap). `archive`: effect on archive accuracy (A3)."""

    code: str
    label: str
    label_en: str
    kind: str
    aapor: str | None = None
    aapor_class: str | None = None
    never_reached_class: str | None = None
    delay: timedelta | None = None
    other_part_of_day: bool = False
    archive: str | None = None
    conversation: bool = False
    stops_customer: bool = False
    offer_do_not_call: bool = False
    at_agreed_time: bool = False
    new_number: bool = False
    never_reached_aapor: str | None = None

    @property
    def is_final(self) -> bool:
        return self.kind == "final"

    @property
    def is_retry(self) -> bool:
        return self.kind in ("retry", "retry_once")


_TEXT_KEYS = ("code", "label", "label_en", "kind")
_OPTIONAL_KEYS = ("aapor", "aapor_class", "never_reached_aapor", "never_reached_class")
_BOOL_KEYS = (
    "other_part_of_day",
    "conversation",
    "stops_customer",
    "offer_do_not_call",
    "at_agreed_time",
    "new_number",
)
_KEYS = frozenset((*_TEXT_KEYS, *_OPTIONAL_KEYS, *_BOOL_KEYS, "delay", "archive"))


def parse_delay(text: Any) -> timedelta:
    """A delay written as a number and a unit: "15m", "2h", "1d" (also "+2 h",
    "30 min", "1 day"). Raises ValueError."""
    match = _DELAY.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"delay {text!r}: write a number and a unit, e.g. 15m, 2h, 1d")
    amount, unit = int(match.group(1)), match.group(2).lower()[0]
    if amount <= 0:
        raise ValueError(f"delay {text!r}: must be more than zero")
    return {
        "m": timedelta(minutes=amount),
        "h": timedelta(hours=amount),
        "d": timedelta(days=amount),
    }[unit]


def _aapor(row: dict, code_key: str, class_key: str) -> tuple[str | None, str | None]:
    code, klass = row.get(code_key), row.get(class_key)
    if code is not None:
        if not isinstance(code, str):
            raise ValueError(
                f'{code_key} {code!r}: write it as quoted text, e.g. "4.70" '
                "(YAML reads 4.70 as the number 4.7)"
            )
        if not _AAPOR_CODE.match(code):
            raise ValueError(f'{code_key} {code!r}: not an AAPOR code like "2.11" or "4.x"')
    if klass is not None and klass not in AAPOR_CLASSES:
        raise ValueError(
            f"{class_key} {klass!r}: not an AAPOR class (one of {', '.join(AAPOR_CLASSES)})"
        )
    if code is not None and klass is None:
        raise ValueError(f"{code_key} {code} without {class_key}")
    if code is not None and klass not in _AAPOR_GROUPS[code[0]]:
        allowed = ", ".join(_AAPOR_GROUPS[code[0]])
        raise ValueError(f"{class_key} {klass}: AAPOR code {code} belongs to {allowed}")
    return code, klass


def _row(row: dict) -> Disposition:
    """One validated row; raises ValueError with the reason."""
    unknown = sorted(set(row) - _KEYS, key=str)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r}")
    for key in ("code", "label", "kind"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise ValueError(f"{key} is missing")
    if not _CODE.match(row["code"]):
        raise ValueError("code: use lower-case letters, digits and _")
    label_en = row.get("label_en", "")
    if not isinstance(label_en, str):
        raise ValueError("label_en: expected text")
    kind = row["kind"]
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r}: not one of {', '.join(KINDS)}")
    flags = {key: row.get(key, False) for key in _BOOL_KEYS}
    for key, value in flags.items():
        if not isinstance(value, bool):
            raise ValueError(f"{key}: expected true or false, not {value!r}")
    aapor, aapor_class = _aapor(row, "aapor", "aapor_class")
    nr_aapor, nr_class = _aapor(row, "never_reached_aapor", "never_reached_class")
    archive = row.get("archive")
    if archive is not None and archive not in ARCHIVE_EFFECTS:
        raise ValueError(f"archive {archive!r}: not one of {', '.join(ARCHIVE_EFFECTS)} or null")
    delay = None if row.get("delay") is None else parse_delay(row["delay"])
    if kind == "final":
        if delay is not None:
            raise ValueError("final outcome with a delay")
        if aapor_class is None:
            raise ValueError("final outcome without an AAPOR class")
        for key in ("at_agreed_time", "other_part_of_day", "new_number"):
            if flags[key]:
                raise ValueError(f"final outcome with {key}")
        if nr_class is not None:
            raise ValueError("final outcome with never_reached_class")
    elif flags["at_agreed_time"]:
        if delay is not None:
            raise ValueError("outcome at the agreed time with a delay as well")
    elif delay is None:
        raise ValueError(f"{kind.replace('_', ' ')} outcome without a delay")
    return Disposition(
        code=row["code"],
        label=row["label"].strip(),
        label_en=label_en.strip(),
        kind=kind,
        aapor=aapor,
        aapor_class=aapor_class,
        never_reached_class=nr_class,
        never_reached_aapor=nr_aapor,
        delay=delay,
        archive=archive,
        **flags,
    )


def _rows(data: Any, where: str) -> tuple[list, bool]:
    """The raw rows of a table file and whether it extends the packaged table."""
    if isinstance(data, list):
        return data, False
    if not isinstance(data, dict) or not isinstance(data.get("outcomes"), list):
        raise DispositionError(f"{where}: expected a mapping with an 'outcomes' list")
    unknown = sorted(set(data) - {"outcomes", "extends"}, key=str)
    if unknown:
        raise DispositionError(f"{where}: unknown section {unknown[0]!r}")
    extends = data.get("extends")
    if extends not in (None, "default"):
        raise DispositionError(f"{where}: extends {extends!r}: only 'default' is known")
    return data["outcomes"], extends == "default"


def load_dispositions(path: str | Path | None = None) -> dict[str, Disposition]:
    """The outcome table in `path` (the packaged `dispositions.yaml` when None), code →
    Disposition in file order. A file with `extends: default` starts from the packaged
    table: a row with a known code changes only the fields it gives, a new code adds a
    row. Raises DispositionError naming the file, the row and the reason."""
    data, where = read_yaml(path, "dispositions.yaml", DispositionError)
    rows, extends = _rows(data, where)
    base: dict[str, dict] = {}
    table: dict[str, Disposition] = {}
    if extends:
        base_data, base_where = read_yaml(None, "dispositions.yaml", DispositionError)
        base = {row["code"]: row for row in _rows(base_data, base_where)[0]}
        table = load_dispositions(None)
    elif not rows:
        raise DispositionError(f"{where}: the table has no outcomes")
    seen: set[str] = set()
    for i, raw in enumerate(rows):
        code = raw.get("code") if isinstance(raw, dict) else None
        code = code if isinstance(code, str) else None
        place = f"{where}: row {i}" + (f" ({code})" if code else "")
        if not isinstance(raw, dict):
            raise DispositionError(f"{place}: expected a mapping of fields")
        if code in seen:
            raise DispositionError(f"{place}: duplicate code {code!r}")
        try:
            outcome = _row({**base[code], **raw} if code in base else raw)
        except ValueError as exc:
            raise DispositionError(f"{place}: {exc}") from None
        table[outcome.code] = outcome
        seen.add(outcome.code)
    return table
