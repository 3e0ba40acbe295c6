"""Reading a questionnaire's YAML into a `Questionnaire`, checking its shape on the way.

Every problem is collected with its place — the line, the section index, the question
id and the field — and reported together as one `SurveyError`, never a traceback:

    dormant-care.yaml: 第 14 行 第 2 部分 问题 q2 type：未知题型 'multiple'（可用：single、multi、…）

Two things differ from plain YAML on purpose. `yes`, `no`, `on` and `off` stay text
(YAML 1.1 would make `{value: yes}` a boolean, and `q == 'yes'` could then never
match); only true/false are booleans. And every mapping remembers its line, so the
linter can point at a question.

What is checked here is the *shape*: known keys, section kinds, question types,
options where a type needs them, scale bounds, tests. Design rules (duplicate ids,
jumps, conditions, wording) are the linter's; a questionnaire with a bad `when` still
loads, so the linter can say what is wrong with it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from huifang import placed
from huifang.placed import Mapping, PlacedError
from huifang.surveys.lint import RULES
from huifang.surveys.questionnaire import (
    CHOICE_TYPES,
    ENDS,
    OTHER,
    SECTION_KINDS,
    STATUSES,
    TYPES,
    Option,
    PathTest,
    Question,
    Questionnaire,
    Scale,
    Section,
)
from huifang.text import _, listing

MAX_BYTES = 1_000_000
ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
TOP_KEYS = {"id", "title", "purpose", "max_minutes", "sections", "tests"}
SECTION_KEYS = {"kind", "say", "questions"}
QUESTION_KEYS = {
    "id",
    "text",
    "type",
    "options",
    "scale",
    "other",
    "exhaustive",
    "personal",
    "required",
    "when",
    "lint_ignore",
    "lint_reason",
}
OPTION_KEYS = {"value", "label", "goto"}
TEST_KEYS = {"name", "answers", "expect", "end"}


class SurveyError(PlacedError):
    """A questionnaire that cannot be used: every problem with its place."""


def read_yaml(text: str, name: str) -> Any:
    """The questionnaire's YAML, mappings carrying their lines."""
    return placed.read_yaml(text, name, SurveyError)


# --- the shape --------------------------------------------------------------------


class _Reader:
    """Builds the questionnaire while collecting every problem with its place."""

    def __init__(self):
        self.problems: list[str] = []
        self.rows: list[tuple[int | None, str]] = []

    def problem(self, where: str, message: str, line: int | None = None) -> None:
        prefix = _("第 {line} 行 ").format(line=line) if line else ""
        placed = _("{where}：{message}").format(where=where, message=message) if where else message
        self.problems.append(f"{prefix}{placed}")
        self.rows.append((line, placed))

    def keys(self, data: Mapping, allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                self.problem(
                    where,
                    _("未知字段 {key!r}（可用：{allowed}）").format(
                        key=key, allowed=listing(sorted(allowed))
                    ),
                    data.line,
                )

    def text(self, data: Mapping, key: str, where: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(where, _("缺少 {key}").format(key=key), data.line)
            return None
        if isinstance(value, bool) or isinstance(value, dict | list):
            self.problem(f"{where} {key}", _("应为文字"), data.line)
            return None
        text = str(value).strip()
        if required and not text:
            self.problem(f"{where} {key}", _("不能为空"), data.line)
        return text

    def flag(self, data: Mapping, key: str, where: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.problem(f"{where} {key}", _("应为 true 或 false"), data.line)
            return default
        return value

    def listing(self, data: Mapping, key: str, where: str) -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(f"{where} {key}", _("应为列表"), data.line)
            return []
        return value

    def questionnaire(self, data: Any) -> Questionnaire | None:
        if not isinstance(data, Mapping):
            self.problem(
                "",
                _("问卷应是一个映射（id、title、sections…），而不是 {kind}").format(
                    kind=placed.kind_of(data)
                ),
            )
            return None
        self.keys(data, TOP_KEYS, _("问卷"))
        slug = self.text(data, "id", _("问卷")) or ""
        if slug and not SLUG.match(slug):
            self.problem(
                _("问卷 id"), _("{slug!r} 应为小写字母、数字和连字符").format(slug=slug), data.line
            )
        title = self.text(data, "title", _("问卷")) or ""
        purpose = self.text(data, "purpose", _("问卷"), required=False) or ""
        minutes = data.get("max_minutes")
        if minutes is not None and (
            isinstance(minutes, bool) or not isinstance(minutes, int | float) or minutes <= 0
        ):
            self.problem(_("问卷 max_minutes"), _("应为正数（分钟）"), data.line)
            minutes = None
        raw_sections = self.listing(data, "sections", _("问卷"))
        if not raw_sections and "sections" not in data:
            self.problem(_("问卷"), _("缺少 sections"), data.line)
        sections = tuple(
            s for i, raw in enumerate(raw_sections, 1) if (s := self.section(raw, i)) is not None
        )
        tests = tuple(
            t
            for i, raw in enumerate(self.listing(data, "tests", _("问卷")), 1)
            if (t := self.test(raw, i)) is not None
        )
        return Questionnaire(
            id=slug,
            title=title,
            purpose=purpose,
            max_minutes=minutes,
            sections=sections,
            tests=tests,
        )

    def section(self, data: Any, index: int) -> Section | None:
        where = _("第 {index} 部分").format(index=index)
        if not isinstance(data, Mapping):
            self.problem(
                where,
                _("应为映射（kind、say、questions），而不是 {kind}").format(
                    kind=placed.kind_of(data)
                ),
            )
            return None
        self.keys(data, SECTION_KEYS, where)
        kind = self.text(data, "kind", where) or ""
        if kind and kind not in SECTION_KINDS:
            self.problem(
                f"{where} kind",
                _("未知部分 {kind!r}（可用：{kinds}）").format(
                    kind=kind, kinds=listing(SECTION_KINDS)
                ),
                data.line,
            )
        say = self.text(data, "say", where, required=False)
        questions = tuple(
            q
            for raw in self.listing(data, "questions", where)
            if (q := self.question(raw, where)) is not None
        )
        return Section(kind=kind, say=say, questions=questions, line=data.line)

    def question(self, data: Any, section: str) -> Question | None:
        if not isinstance(data, Mapping):
            self.problem(
                section, _("问题应为映射，而不是 {kind}").format(kind=placed.kind_of(data))
            )
            return None
        qid = self.text(data, "id", f"{section} " + _("问题")) or ""
        where = f"{section} " + _("问题 {qid}").format(qid=qid or "?")
        if qid and not ID.match(qid):
            self.problem(where, _("编号应以字母开头，只含字母、数字和下划线"), data.line)
        self.keys(data, QUESTION_KEYS, where)
        text = self.text(data, "text", where) or ""
        kind = self.text(data, "type", where) or ""
        if kind and kind not in TYPES:
            self.problem(
                f"{where} type",
                _("未知题型 {kind!r}（可用：{types}）").format(kind=kind, types=listing(TYPES)),
                data.line,
            )
        options = tuple(
            o
            for i, raw in enumerate(self.listing(data, "options", where), 1)
            if (o := self.option(raw, where, i)) is not None
        )
        if kind in CHOICE_TYPES and not options:
            self.problem(where, _("{kind} 题需要 options").format(kind=kind), data.line)
        if kind not in CHOICE_TYPES and kind in TYPES and options:
            self.problem(where, _("{kind} 题没有选项，请删去 options").format(kind=kind), data.line)
        values = [o.value for o in options]
        for value in sorted({v for v in values if values.count(v) > 1}):
            self.problem(where, _("选项值 {value!r} 重复").format(value=value), data.line)
        other = self.flag(data, "other", where, False)
        if other and OTHER in values:
            self.problem(where, _("已有值为 other 的选项，不能再加 other: true"), data.line)
        if other and kind not in CHOICE_TYPES:
            self.problem(where, _("只有 single/multi 题可以加 other"), data.line)
        scale = self.scale(data, where, kind)
        when = data.get("when")
        if when is not None and (not isinstance(when, str) or not when.strip()):
            self.problem(f"{where} when", _("应为条件文字，例如 q1 <= 3"), data.line)
            when = None
        ignore = self.listing(data, "lint_ignore", where)
        reason = self.text(data, "lint_reason", where, required=False)
        if ignore and not reason:
            self.problem(where, _("lint_ignore 需要写明 lint_reason（为何忽略）"), data.line)
        for rule in ignore:
            if rule not in RULES:
                self.problem(
                    f"{where} lint_ignore", _("未知规则 {rule!r}").format(rule=rule), data.line
                )
        return Question(
            id=qid,
            text=text,
            type=kind,
            options=options,
            scale=scale,
            other=other,
            exhaustive=self.flag(data, "exhaustive", where, False),
            personal=self.flag(data, "personal", where, False),
            required=self.flag(data, "required", where, True),
            when=when.strip() if isinstance(when, str) else None,
            lint_ignore=tuple(str(r) for r in ignore),
            lint_reason=reason,
            line=data.line,
        )

    def option(self, data: Any, where: str, index: int) -> Option | None:
        place = f"{where} " + _("选项 {index}").format(index=index)
        if not isinstance(data, Mapping):
            self.problem(
                place,
                _("应为 {{value: …, label: …}}，而不是 {kind}").format(kind=placed.kind_of(data)),
            )
            return None
        self.keys(data, OPTION_KEYS, place)
        value = self.text(data, "value", place)
        label = self.text(data, "label", place)
        goto = self.text(data, "goto", place, required=False)
        if goto and not (goto in ENDS or ID.match(goto)):
            self.problem(
                f"{place} goto",
                _("{goto!r} 既不是题目编号，也不是 END / END_NOT_ELIGIBLE").format(goto=goto),
                data.line,
            )
        if value is None or label is None:
            return None
        return Option(value=value, label=label, goto=goto or None)

    def scale(self, data: Mapping, where: str, kind: str) -> Scale | None:
        raw = data.get("scale")
        if kind != "scale":
            if raw is not None:
                self.problem(where, _("只有 scale 题可以有 scale"), data.line)
            return None
        if not isinstance(raw, Mapping):
            self.problem(where, _("scale 题需要 scale: {min: 1, max: 5}"), data.line)
            return None
        low, high = raw.get("min"), raw.get("max")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
            self.problem(f"{where} scale", _("min 和 max 应为整数"), raw.line)
            return None
        if low >= high:
            self.problem(f"{where} scale", _("min 应小于 max"), raw.line)
            return None
        labels = raw.get("labels") or {}
        if not isinstance(labels, dict) or not all(
            isinstance(k, int) and low <= k <= high for k in labels
        ):
            self.problem(
                f"{where} scale labels", _("应为 {分值: 说明}，分值在 min 和 max 之间"), raw.line
            )
            labels = {}
        return Scale(low, high, tuple(sorted((k, str(v)) for k, v in labels.items())))

    def test(self, data: Any, index: int) -> PathTest | None:
        where = _("测试 {index}").format(index=index)
        if not isinstance(data, Mapping):
            self.problem(where, _("应为映射（name、answers、expect、end）"))
            return None
        self.keys(data, TEST_KEYS, where)
        name = self.text(data, "name", where) or where
        answers = data.get("answers") or {}
        if not isinstance(answers, dict):
            self.problem(f"{where} answers", _("应为 {题目编号: 答案}"), data.line)
            answers = {}
        expect = data.get("expect")
        if expect is not None and not (
            isinstance(expect, list) and all(isinstance(q, str) for q in expect)
        ):
            self.problem(f"{where} expect", _("应为题目编号的列表"), data.line)
            expect = None
        end = data.get("end")
        if end is not None and end not in STATUSES:
            self.problem(
                f"{where} end", _("应为 {ends} 之一").format(ends=listing(STATUSES)), data.line
            )
            end = None
        if expect is None and end is None:
            self.problem(where, _("至少写明 expect 或 end 之一"), data.line)
        answers = {str(k): (list(v) if isinstance(v, list) else v) for k, v in answers.items()}
        for qid, value in answers.items():
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, dict | list) for v in values):
                self.problem(
                    f"{where} answers {qid}", _("答案应为文字、数字或它们的列表"), data.line
                )
        return PathTest(
            name, answers, tuple(expect) if expect is not None else None, end, data.line
        )


def _refuse_large(name: str, size: int) -> None:
    if size > MAX_BYTES:
        message = _("文件太大（{size:.1f} MB），问卷不应超过 {limit} MB")
        raise SurveyError(name, [message.format(size=size / 1e6, limit=MAX_BYTES // 1_000_000)])


def loads(text: str, name: str = "<questionnaire>") -> Questionnaire:
    """The questionnaire in `text`; SurveyError with every problem and its place."""
    _refuse_large(name, len(text.encode("utf-8")))
    reader = _Reader()
    result = reader.questionnaire(read_yaml(text, name))
    if reader.problems or result is None:
        raise SurveyError(name, reader.problems, reader.rows)
    return result


def read_source(path: str | Path) -> str:
    """The text of a questionnaire file; SurveyError when it cannot be one."""
    path = Path(path)
    try:
        _refuse_large(str(path), path.stat().st_size)
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SurveyError(str(path), [_("文件不存在")]) from None
    except UnicodeDecodeError:
        raise SurveyError(str(path), [_("不是 UTF-8 编码的文字文件")]) from None
    except IsADirectoryError:
        raise SurveyError(str(path), [_("这是一个文件夹，不是问卷文件")]) from None
    except OSError as exc:
        raise SurveyError(
            str(path), [_("无法读取（{reason}）").format(reason=exc.strerror)]
        ) from None


def load(path: str | Path) -> Questionnaire:
    return loads(read_source(path), str(path))
