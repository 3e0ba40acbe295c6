"""Special situations 特殊情况应对 (features.md D3): what the agent reads and records
when the call does not go as planned. Plain Python; the table is data
(`data/situations.yaml`), checked against the outcome table and the script library
when it is loaded."""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from huifang.text import _, gettext_noop

DATA = Path(__file__).parent / "data" / "situations.yaml"
CAPTURES = ("none", "new_number", "appointment", "lead")
FIELDS = {
    "key",
    "label",
    "key_hint",
    "script",
    "capture",
    "outcome",
    "otherwise",
    "otherwise_script",
    "captured_script",
    "final",
}


# Not reached 未接通: the outcomes (dispositions.md) of a dial nobody answered or
# that found no one to talk to, each a button and a key on the opening:
# a no Answer, o Occupied, u Unreachable, v Vacant number, t 停机 (Ting), j wrong.
UNREACHED = {
    "no_answer": "a",
    "busy": "o",
    "unreachable": "u",
    "empty_number": "v",
    "disconnected": "t",
    "wrong_number": "j",
}

# Keys the workspace keeps for itself: c 拨打, h 挂断, e 结束语, g 继续, i 备注, and
# the not-reached buttons.
RESERVED_KEYS = "cehgi" + "".join(UNREACHED.values())


# The labels of the packaged table, for `makemessages` (it does not read YAML); a test
# keeps this list and the table the same. Shown through `Situation.shown_label`.
LABELS = (
    gettext_noop("正在开车"),
    gettext_noop("正在开会"),
    gettext_noop("非本人接听"),
    gettext_noop("现在不方便"),
    gettext_noop("客户拒绝回访"),
    gettext_noop("不愿核对信息"),
    gettext_noop("担心信息泄露"),
    gettext_noop("朋友想购车"),
    gettext_noop("出保后为何回店"),
    gettext_noop("回访电话太多"),
    gettext_noop("讲方言"),
    gettext_noop("无声电话"),
    gettext_noop("线路不好"),
    gettext_noop("骚扰/辱骂"),
)


class SituationError(ValueError):
    pass


@dataclass(frozen=True)
class Situation:
    key: str
    label: str
    key_hint: str  # the keyboard key that picks it in the workspace
    script: str  # the library key of the reply to read
    capture: str = "none"
    outcome: str | None = None  # the call ends with this; None: the conversation goes on
    otherwise: str | None = None  # the outcome when the capture is declined
    otherwise_script: str | None = None  # the reply when it is declined
    captured_script: str | None = None  # the reply once it is given (the time agreed)
    final: str | None = None  # an outcome to offer when the reply did not help

    @property
    def shown_label(self) -> str:
        """The label in the interface's language (the table's words are Chinese)."""
        return _(self.label)

    @property
    def ends_call(self) -> bool:
        return self.outcome is not None


def load_situations(
    path: str | Path | None = None,
    *,
    outcomes: Container[str] = (),
    scripts: Container[str] | None = None,
) -> dict[str, Situation]:
    """The situations in `path` (the packaged table when None), key → Situation in file
    order. Outcome codes are checked against `outcomes` and reply keys against
    `scripts` when given; every problem names the row."""
    where = str(path) if path else "situations.yaml"
    try:
        rows = yaml.safe_load(Path(path or DATA).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SituationError(f"{where}: {exc}") from None
    if not isinstance(rows, list) or not rows:
        raise SituationError(f"{where}: expected a list of situations")
    table: dict[str, Situation] = {}
    hints: dict[str, str] = {}
    for i, row in enumerate(rows, 1):
        place = f"{where}: situation {i}"
        if not isinstance(row, Mapping):
            raise SituationError(f"{place}: expected a mapping")
        place += f" ({row.get('key')})" if row.get("key") else ""
        unknown = set(row) - FIELDS
        if unknown:
            raise SituationError(f"{place}: unknown field(s) {', '.join(sorted(unknown))}")
        missing = [f for f in ("key", "label", "key_hint", "script") if not row.get(f)]
        if missing:
            raise SituationError(f"{place}: missing {', '.join(missing)}")
        situation = Situation(**{k: str(v) for k, v in row.items()})
        if situation.key in table:
            raise SituationError(f"{place}: duplicate key")
        if situation.capture not in CAPTURES:
            raise SituationError(f"{place}: capture must be one of {', '.join(CAPTURES)}")
        hint = situation.key_hint
        if len(hint) != 1 or not hint.isalpha() or not hint.islower():
            raise SituationError(f"{place}: key_hint must be one lowercase letter")
        if hint in RESERVED_KEYS:
            raise SituationError(f"{place}: key_hint {hint!r} is kept for the workspace")
        if hint in hints:
            raise SituationError(f"{place}: key_hint {hint!r} is already {hints[hint]}")
        for field in ("otherwise", "otherwise_script", "captured_script"):
            if getattr(situation, field) and situation.capture == "none":
                raise SituationError(f"{place}: '{field}' needs something to capture")
        for field in ("outcome", "otherwise", "final"):
            code = getattr(situation, field)
            if code and outcomes and code not in outcomes:
                raise SituationError(f"{place}: {field} {code!r} is not an outcome")
        for field in ("script", "otherwise_script", "captured_script"):
            key = getattr(situation, field)
            if key and scripts is not None and key not in scripts:
                raise SituationError(f"{place}: {field} {key!r} is not in the script library")
        table[situation.key] = situation
        hints[hint] = situation.key
    return table
