"""Running a questionnaire 问卷执行 (E3), plain Python: which question comes next, is
an answer valid, go back and change it, and how the questionnaire ended.

The state of a call is a `Sheet`: the answers given so far (and the free text of any
"other" choice). Everything else is worked out by *walking* the questionnaire from
its first question with those answers — document order, an option's `goto` jumps
forward, a question whose `when` is false is skipped, a screening `goto:
END_NOT_ELIGIBLE` ends it. So going back and changing an answer needs no bookkeeping:
answer again, walk again, and the answers to questions the new route skips are
dropped, while those to questions still ahead are kept for when the walk gets there.

How it ended: `not_eligible` at END_NOT_ELIGIBLE; `complete` when the walk reached the
end with every required question it asked answered; `partial` otherwise (the call
ended midway, or a required question was left unanswered)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from huifang.surveys import conditions
from huifang.surveys.questionnaire import (
    COMPLETE,
    END,
    END_NOT_ELIGIBLE,
    NOT_ELIGIBLE,
    OTHER,
    PARTIAL,
    Question,
    Questionnaire,
)
from huifang.text import _, listing


class FlowError(ValueError):
    """The questionnaire cannot be walked (a jump backward or to nowhere): the linter
    reports these as errors, and a campaign cannot launch with them."""


class AnswerError(ValueError):
    def __init__(self, qid: str, message: str):
        super().__init__(f"{qid}: {message}")
        self.qid = qid
        self.message = message


@dataclass(frozen=True)
class Sheet:
    """The answers of one call (答卷): question id → answer, None for a question left
    blank; and the text written for an "other" choice."""

    answers: dict[str, Any] = field(default_factory=dict)
    other_text: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"answers": dict(self.answers), "other_text": dict(self.other_text)}

    @classmethod
    def from_json(cls, data: dict | None) -> Sheet:
        data = data or {}
        return cls(dict(data.get("answers", {})), dict(data.get("other_text", {})))


@dataclass(frozen=True)
class Walk:
    asked: tuple[str, ...]  # the questions asked, in order (pending not included)
    pending: str | None  # the question to ask now; None once it has ended
    ended: str | None  # END or END_NOT_ELIGIBLE once it has ended
    missing: tuple[str, ...] = ()  # required questions asked and left unanswered

    @property
    def status(self) -> str:
        if self.ended == END_NOT_ELIGIBLE:
            return NOT_ELIGIBLE
        if self.pending is None and not self.missing:
            return COMPLETE
        return PARTIAL


def shown(question: Question, answers: dict[str, Any]) -> bool:
    return question.condition is None or conditions.evaluate(question.condition, answers)


def jump(question: Question, value: Any) -> str | None:
    """Where an answer jumps: the goto of the chosen option (for a multi answer, the
    first chosen option in the question's order that has one)."""
    chosen = value if isinstance(value, list | tuple) else [value]
    for option in question.options:
        if option.goto and option.value in chosen:
            return option.goto
    return None


def walk(q: Questionnaire, answers: dict[str, Any], *, through: bool = False) -> Walk:
    """Walk the questionnaire with `answers`. It stops at the first question asked that
    has no answer yet (the one to ask now), or — `through`, as path tests do — takes
    such a question as left blank and goes on."""
    asked: list[str] = []
    missing: list[str] = []
    applied: dict[str, Any] = {}
    i = 0
    while i < len(q.questions):
        question = q.questions[i]
        if not shown(question, applied):
            i += 1
            continue
        if question.id not in answers and not through:
            return Walk(tuple(asked), question.id, None, tuple(missing))
        value = answers.get(question.id)
        asked.append(question.id)
        applied[question.id] = value
        if question.required and not conditions.answered(value):
            missing.append(question.id)
        target = jump(question, value) if conditions.answered(value) else None
        if target in (END, END_NOT_ELIGIBLE):
            return Walk(tuple(asked), None, target, tuple(missing))
        if target is None:
            i += 1
            continue
        if target not in q.position:
            raise FlowError(
                _("{qid} 跳转到不存在的题目 {target}").format(qid=question.id, target=target)
            )
        if q.position[target] <= i:
            raise FlowError(
                _("{qid} 向前跳回 {target}，会形成循环").format(qid=question.id, target=target)
            )
        i = q.position[target]
    return Walk(tuple(asked), None, END, tuple(missing))


def next_question(q: Questionnaire, sheet: Sheet) -> Question | None:
    pending = walk(q, sheet.answers).pending
    return q.question(pending) if pending is not None else None


def answer(q: Questionnaire, sheet: Sheet, qid: str, value: Any, other_text: str = "") -> Sheet:
    """The sheet with `qid` answered (or answered again): the answer checked by its
    question's type, and the answers that no longer apply dropped."""
    before = walk(q, sheet.answers)
    if qid != before.pending and qid not in before.asked:
        raise AnswerError(qid, _("现在不该回答这一题"))
    question = q.question(qid)
    value, other = check(question, value, other_text)
    answers = {**sheet.answers, qid: value}
    texts = {k: v for k, v in sheet.other_text.items() if k != qid}
    if other:
        texts[qid] = other
    return _prune(q, Sheet(answers, texts))


def back(q: Questionnaire, sheet: Sheet) -> tuple[Sheet, Question | None]:
    """Go back one question: the last question answered is asked again. Returns the
    sheet without that answer (later answers are kept for when the walk returns to
    them) and the question, whose old answer is in the given sheet for the form."""
    asked = walk(q, sheet.answers).asked
    if not asked:
        return sheet, None
    last = asked[-1]
    answers = {k: v for k, v in sheet.answers.items() if k != last}
    texts = {k: v for k, v in sheet.other_text.items() if k != last}
    return Sheet(answers, texts), q.question(last)


def _prune(q: Questionnaire, sheet: Sheet) -> Sheet:
    """Keep the answers on the route and those to questions still ahead of it."""
    route = walk(q, sheet.answers)
    ahead = q.position[route.pending] if route.pending is not None else len(q.questions)
    keep = set(route.asked) | {
        k for k in sheet.answers if k in q.position and q.position[k] > ahead
    }
    return Sheet(
        {k: v for k, v in sheet.answers.items() if k in keep},
        {k: v for k, v in sheet.other_text.items() if k in keep},
    )


# --- checking one answer ----------------------------------------------------------

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], ())


def check(question: Question, value: Any, other_text: str = "") -> tuple[Any, str]:
    """The answer in its stored form (and the "other" text it needs), or AnswerError."""
    qid = question.id
    if _blank(value):
        if question.required:
            raise AnswerError(qid, _("此题必答"))
        return None, ""
    kind = question.type
    if kind == "single":
        value = _choice(question, value)
        return value, _other(question, [value], other_text)
    if kind == "multi":
        chosen = value if isinstance(value, list | tuple) else [value]
        picked = {_choice(question, v) for v in chosen}
        ordered = [v for v in question.values if v in picked]
        return ordered, _other(question, ordered, other_text)
    if kind in ("scale", "nps"):
        number = _number(qid, value)
        low, high = question.bounds
        if number != int(number) or not low <= number <= high:
            raise AnswerError(qid, _("应为 {low} 到 {high} 之间的整数").format(low=low, high=high))
        return int(number), ""
    if kind == "number":
        number = _number(qid, value)
        return (int(number) if number == int(number) else number), ""
    if kind == "date":
        text = value.isoformat() if isinstance(value, date) else str(value).strip()
        try:
            if not _DATE.match(text):
                raise ValueError
            date.fromisoformat(text)
        except ValueError:
            raise AnswerError(
                qid, _("{text!r} 不是日期，请写成 2026-03-01").format(text=text)
            ) from None
        return text, ""
    return str(value).strip(), ""


def _choice(question: Question, value: Any) -> str:
    text = str(value).strip()
    if text not in question.values:
        offered = listing(question.values)
        raise AnswerError(
            question.id,
            _("{value!r} 不是此题的选项（可选：{offered}）").format(value=text, offered=offered),
        )
    return text


def _other(question: Question, chosen: list[str], other_text: str) -> str:
    if OTHER in chosen and question.other:
        text = (other_text or "").strip()
        if not text:
            raise AnswerError(question.id, _("选了“其他”，请注明具体内容"))
        return text
    return ""


def _number(qid: str, value: Any) -> float:
    if isinstance(value, bool):
        raise AnswerError(qid, _("应为数字"))
    try:
        number = value if isinstance(value, int | float) else float(str(value).strip())
    except ValueError:
        raise AnswerError(qid, _("{value!r} 不是数字").format(value=value)) from None
    if not math.isfinite(number):  # nan, inf, 1e400
        raise AnswerError(qid, _("{value!r} 不是数字").format(value=value))
    return number
