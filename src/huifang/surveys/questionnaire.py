"""A questionnaire 问卷 as data (formats.md, features E1–E3): sections of questions,
options that may jump, and conditions that show a question. Frozen and comparable, so
a loaded questionnaire can be checked against its printed-and-reloaded self."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from huifang.surveys import conditions
from huifang.text import _

END = "END"
END_NOT_ELIGIBLE = "END_NOT_ELIGIBLE"
ENDS = (END, END_NOT_ELIGIBLE)

SECTION_KINDS = ("greeting", "screening", "main", "background", "closing")
TYPES = ("single", "multi", "scale", "nps", "text", "number", "date")
CHOICE_TYPES = ("single", "multi")
NUMERIC_TYPES = ("scale", "nps", "number")
OTHER = "other"  # the value of the 其他（请注明） option that `other: true` adds

COMPLETE, PARTIAL, NOT_ELIGIBLE = "complete", "partial", "not_eligible"
STATUSES = (COMPLETE, NOT_ELIGIBLE, PARTIAL)


def section_name(kind: str) -> str:
    """A section kind in the supervisor's words."""
    names = {
        "greeting": _("问候语"),
        "screening": _("甄别"),
        "main": _("主体"),
        "background": _("背景资料"),
        "closing": _("结束语"),
    }
    return names.get(kind, kind)


def type_name(kind: str) -> str:
    """A question type in the supervisor's words."""
    names = {
        "single": _("单选"),
        "multi": _("多选"),
        "scale": _("量表"),
        "nps": _("推荐度 NPS"),
        "text": _("开放题"),
        "number": _("数字"),
        "date": _("日期"),
    }
    return names.get(kind, kind)


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    goto: str | None = None


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    labels: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    type: str
    options: tuple[Option, ...] = ()
    scale: Scale | None = None
    other: bool = False
    exhaustive: bool = False
    personal: bool = False
    required: bool = True
    when: str | None = None
    lint_ignore: tuple[str, ...] = ()
    lint_reason: str | None = None
    line: int | None = field(default=None, compare=False)

    @cached_property
    def condition(self) -> conditions.Node | None:
        """The parsed `when`; ConditionError when it does not parse (the linter's
        `when-syntax` says so before anyone relies on it)."""
        return conditions.parse(self.when) if self.when is not None else None

    @property
    def values(self) -> tuple[str, ...]:
        """The option values an answer may take, with `other` when offered."""
        own = tuple(o.value for o in self.options)
        return (*own, OTHER) if self.other and OTHER not in own else own

    def label_of(self, value: Any) -> str:
        if value == OTHER and self.other:
            return _("其他（请注明）")
        for option in self.options:
            if option.value == value:
                return option.label
        if self.scale is not None:
            return dict(self.scale.labels).get(value, str(value))
        return str(value)

    @property
    def bounds(self) -> tuple[int, int] | None:
        if self.type == "nps":
            return (0, 10)
        if self.scale is not None:
            return (self.scale.min, self.scale.max)
        return None


@dataclass(frozen=True)
class Section:
    kind: str
    say: str | None = None
    questions: tuple[Question, ...] = ()
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PathTest:
    """A path test the questionnaire carries: these answers ask these questions, in
    this order, and end so."""

    name: str
    answers: dict[str, Any]
    expect: tuple[str, ...] | None = None
    end: str | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Questionnaire:
    id: str
    title: str
    sections: tuple[Section, ...]
    purpose: str = ""
    max_minutes: float | None = None
    tests: tuple[PathTest, ...] = ()

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    @cached_property
    def position(self) -> dict[str, int]:
        """Each question id's place in document order (the first, for a duplicate)."""
        places: dict[str, int] = {}
        for i, q in enumerate(self.questions):
            places.setdefault(q.id, i)
        return places

    def question(self, qid: str) -> Question:
        return self.questions[self.position[qid]]

    def section_of(self, qid: str) -> Section:
        return next(s for s in self.sections for q in s.questions if q.id == qid)

    @property
    def minutes_allowed(self) -> float:
        return self.max_minutes if self.max_minutes is not None else 10
