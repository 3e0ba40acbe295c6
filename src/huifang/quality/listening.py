"""The listening self-test 聆听小测试 (G4; seed 000 有效的聆听, seed 003 聆听意识测验).

An agent rates twenty statements about her own listening on the phone, from 几乎总是
(5) to 几乎从不 (1). A statement that describes a bad habit (“我会在客户说完之前就想好
怎么回答”) is reverse-scored, 6 − value, so the score runs from 20 to 100 and falls in
one of the seed's bands, 90–100 你是一个优秀的聆听者 down to 50分以下 你是一个不合格的
聆听者.

The statements, the answer scale and the bands with their advice are data
(`data/listening.yaml`); a file that cannot be used is refused with every problem and
its line:

    listening.yaml: 第 40 行 第 2 题 reverse：应为 true 或 false

Answers are a mapping of statement id to the chosen value; `check` refuses missing and
out-of-range answers naming each statement, `score` adds them up and `band` places a
score. No Django here."""

from __future__ import annotations

import re
from collections.abc import Mapping as AnyMapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from huifang import placed
from huifang.placed import Mapping
from huifang.text import _, quoted

DATA = Path(__file__).parent / "data" / "listening.yaml"
LOWEST, HIGHEST = 1, 5  # the answer values: 几乎从不 … 几乎总是
ID = re.compile(r"^[a-z][a-z0-9_]*$")
TOP_KEYS = ("title", "intro", "scale", "statements", "bands")
SCALE_KEYS = ("value", "label")
STATEMENT_KEYS = ("id", "text", "reverse")
BAND_KEYS = ("key", "low", "high", "label", "advice")


class ListeningError(placed.PlacedError):
    """A listening test file that cannot be used: every problem with its line."""


class Problems(placed.Problems):
    error = ListeningError


class AnswersError(ValueError):
    """Answers that cannot be scored: each problem with the statement it is about
    (None for an answer to no statement)."""

    def __init__(self, problems: list[tuple[str | None, str]]):
        self.problems = problems
        super().__init__("\n".join(message for _id, message in problems))

    @property
    def messages(self) -> list[str]:
        return [message for _id, message in self.problems]

    @property
    def by_statement(self) -> dict[str, str]:
        return {sid: message for sid, message in self.problems if sid is not None}


@dataclass(frozen=True)
class Choice:
    value: int  # 5 几乎总是 … 1 几乎从不
    label: str


@dataclass(frozen=True)
class Statement:
    number: int  # its place in the test, from 1
    id: str
    text: str
    reverse: bool = False

    def points(self, value: int) -> int:
        """What the answer `value` is worth: itself, or 6 − value for a bad habit."""
        return LOWEST + HIGHEST - value if self.reverse else value

    @property
    def named(self) -> str:
        """How a message names the statement: 第 2 题「我会在客户说完之前……」."""
        return _("第 {number} 题{text}").format(number=self.number, text=quoted(self.text))


@dataclass(frozen=True)
class Band:
    key: str
    low: int
    high: int
    label: str  # the seed's words: 你是一个优秀的聆听者
    advice: str = ""

    def __contains__(self, score: int) -> bool:
        return self.low <= score <= self.high


@dataclass(frozen=True)
class ListeningTest:
    title: str
    intro: str
    scale: tuple[Choice, ...]  # in the order shown, 几乎总是 first
    statements: tuple[Statement, ...]
    bands: tuple[Band, ...]  # from the top score down

    @property
    def maximum(self) -> int:
        return HIGHEST * len(self.statements)

    @property
    def minimum(self) -> int:
        return LOWEST * len(self.statements)

    def check(self, answers: AnyMapping[str, object]) -> dict[str, int]:
        """The answers as {statement id: value}, in the test's order; AnswersError
        naming every statement left unanswered or answered outside 1..5. A value may
        be a number or its digits (a form's "4")."""
        known = {s.id for s in self.statements}
        problems: list[tuple[str | None, str]] = []
        clean: dict[str, int] = {}
        for statement in self.statements:
            raw = answers.get(statement.id)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                message = _("{statement}还没有回答").format(statement=statement.named)
                problems.append((statement.id, message))
                continue
            value = _as_int(raw)
            if value is None or not LOWEST <= value <= HIGHEST:
                message = _("{statement}的回答应为 {low} 到 {high}，收到 {value}").format(
                    statement=statement.named, low=LOWEST, high=HIGHEST, value=raw
                )
                problems.append((statement.id, message))
                continue
            clean[statement.id] = value
        for sid in answers:
            if sid not in known:
                problems.append((None, _("没有编号为 {id!r} 的题目").format(id=sid)))
        if problems:
            raise AnswersError(problems)
        return clean

    def score(self, answers: AnyMapping[str, object]) -> int:
        """The points of complete, valid answers (AnswersError otherwise)."""
        clean = self.check(answers)
        return sum(s.points(clean[s.id]) for s in self.statements)

    def band(self, score: int) -> Band:
        """The band `score` falls in; ValueError for a score no band holds."""
        if not isinstance(score, int) or isinstance(score, bool):
            raise ValueError(_("得分应为整数，收到 {score!r}").format(score=score))
        for band in self.bands:
            if score in band:
                return band
        raise ValueError(
            _("得分 {score} 不在 {low} 到 {high} 之间").format(
                score=score, low=self.bands[-1].low, high=self.bands[0].high
            )
        )


def _as_int(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        return int(raw.strip())
    return None


# --- reading listening.yaml -----------------------------------------------------------


def _number(problems: Problems, data: Mapping, key: str, where: str) -> int | None:
    value = data.get(key)
    if value is None:
        problems.add(where, _("缺少 {key}").format(key=key), data.line)
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(
            f"{where} {key}",
            _("应为整数，而不是{kind}").format(kind=placed.kind_of(value)),
            data.line,
        )
        return None
    return value


def _entries(problems: Problems, data: Mapping, key: str, what: str) -> list[tuple[int, Mapping]]:
    """The mappings listed under `key` with their places from 1, each problem placed."""
    raw = data.get(key)
    if not isinstance(raw, list) or not raw:
        problems.add(key, _("应为{what}的列表，且至少有一项").format(what=what), data.line)
        return []
    entries = []
    for index, entry in enumerate(raw, 1):
        if isinstance(entry, Mapping):
            entries.append((index, entry))
        else:
            where = _("{key} 第 {index} 项").format(key=key, index=index)
            problems.add(where, _("应为映射，而不是{kind}").format(kind=placed.kind_of(entry)))
    return entries


def _scale(problems: Problems, data: Mapping) -> tuple[Choice, ...]:
    choices: list[Choice] = []
    entries = _entries(problems, data, "scale", _("选项"))
    for index, entry in entries:
        where = _("第 {index} 个选项").format(index=index)
        problems.unknown_keys(entry, SCALE_KEYS, where)
        value = _number(problems, entry, "value", where)
        label = problems.text(entry, "label", where)
        if value is not None and not LOWEST <= value <= HIGHEST:
            message = _("应在 {low} 到 {high} 之间").format(low=LOWEST, high=HIGHEST)
            problems.add(f"{where} value", message, entry.line)
        elif value is not None and any(c.value == value for c in choices):
            problems.add(f"{where} value", _("{value} 重复了").format(value=value), entry.line)
        elif value is not None and label is not None:
            choices.append(Choice(value, label))
    missing = sorted(set(range(LOWEST, HIGHEST + 1)) - {c.value for c in choices})
    if choices and len(choices) == len(data["scale"]) and missing:
        problems.add(
            "scale",
            _("缺少值为 {values} 的选项").format(values=_("、").join(map(str, missing))),
            data.line,
        )
    return tuple(choices)


def _new_id(problems: Problems, entry: Mapping, field: str, where: str, seen: set, example: str):
    """The entry's identifier under `field` when it is well formed and not taken yet."""
    value = problems.text(entry, field, where)
    if value is not None and not ID.match(value):
        message = _("{id!r} 应为小写英文字母、数字和下划线，如 {example}")
        problems.add(f"{where} {field}", message.format(id=value, example=example), entry.line)
        return None
    if value in seen:
        problems.add(f"{where} {field}", _("{id!r} 重复了").format(id=value), entry.line)
        return None
    return value


def _statements(problems: Problems, data: Mapping) -> tuple[Statement, ...]:
    statements: list[Statement] = []
    seen: set[str] = set()
    for number, entry in _entries(problems, data, "statements", _("题目")):
        where = _("第 {number} 题").format(number=number)
        problems.unknown_keys(entry, STATEMENT_KEYS, where)
        sid = _new_id(problems, entry, "id", where, seen, "let_finish")
        text = problems.text(entry, "text", where)
        reverse = entry.get("reverse", False)
        if not isinstance(reverse, bool):
            problems.add(f"{where} reverse", _("应为 true 或 false"), entry.line)
        elif sid is not None and text is not None:
            seen.add(sid)
            statements.append(Statement(number, sid, text, reverse))
    return tuple(statements)


def _bands(problems: Problems, data: Mapping, top: int, bottom: int) -> tuple[Band, ...]:
    """The bands, from `top` down without gaps or overlaps to `bottom` or below."""
    bands: list[Band] = []
    keys: set[str] = set()
    expected_high = top
    entries = _entries(problems, data, "bands", _("分数段"))
    for index, entry in entries:
        where = _("第 {index} 个分数段").format(index=index)
        problems.unknown_keys(entry, BAND_KEYS, where)
        key = _new_id(problems, entry, "key", where, keys, "excellent")
        low = _number(problems, entry, "low", where)
        high = _number(problems, entry, "high", where)
        label = problems.text(entry, "label", where)
        advice = problems.text(entry, "advice", where, required=False) or ""
        if low is None or high is None:
            expected_high = None
            continue
        if low > high:
            message = _("low {low} 大于 high {high}").format(low=low, high=high)
            problems.add(where, message, entry.line)
        elif expected_high is not None and high != expected_high:
            message = (
                _("high 应为 {expected}（满分 {top} 分）").format(expected=expected_high, top=top)
                if index == 1
                else _("high 应为 {expected}，紧接上一段的下限").format(expected=expected_high)
            )
            problems.add(where, message, entry.line)
        elif key is not None and label is not None:
            keys.add(key)
            bands.append(Band(key, low, high, label, advice))
        expected_high = low - 1
    if entries and expected_high is not None and expected_high >= bottom:
        problems.add(
            "bands",
            _("最后一段的下限应不高于最低可能得分 {bottom}").format(bottom=bottom),
            entries[-1][1].line,
        )
    return tuple(bands)


def read_test(text: str, name: str) -> ListeningTest:
    """The test written in `text` (the contents of the file `name`)."""
    data = placed.read_yaml(text, name, ListeningError)
    if not isinstance(data, Mapping):
        raise ListeningError(name, [_("应为映射，含 title、scale、statements 和 bands")])
    problems = Problems()
    problems.unknown_keys(data, TOP_KEYS, _("聆听测试文件"))
    title = problems.text(data, "title", _("聆听测试文件"))
    intro = problems.text(data, "intro", _("聆听测试文件"), required=False) or ""
    scale = _scale(problems, data)
    statements = _statements(problems, data)
    count = len(data["statements"]) if isinstance(data.get("statements"), list) else 0
    bands = _bands(problems, data, HIGHEST * count, LOWEST * count)
    problems.raise_for(name)
    return ListeningTest(title or "", intro, scale, statements, bands)


def load_test(path: str | Path | None = None) -> ListeningTest:
    """The test in `path` (ours when None); ListeningError with every problem."""
    path = Path(path) if path is not None else DATA
    name = path.name if path == DATA else str(path)
    try:
        text = placed.read_text(path, ListeningError)
    except ListeningError as exc:
        raise ListeningError(name, exc.problems, exc.rows) from None
    return read_test(text, name)


@cache
def default_test() -> ListeningTest:
    return load_test()


def check(answers: AnyMapping[str, object]) -> dict[str, int]:
    """Our test's `check`."""
    return default_test().check(answers)


def score(answers: AnyMapping[str, object]) -> int:
    """The score of `answers` on our test, 20 to 100; AnswersError when incomplete."""
    return default_test().score(answers)


def band(score: int) -> Band:
    """The band of `score` on our test."""
    return default_test().band(score)
