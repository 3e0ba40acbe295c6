"""Path tests 路径测试 (E8): a questionnaire carries its own tests — these answers ask
these questions, in this order, and end so — and they run like any test before a
campaign may launch.

A test's answers are checked by their questions' types first (a test that answers
`q1: 9` on a 1–5 scale is itself wrong, and says so). The walk then goes through:
a question the test gives no answer for is asked and left blank. Choosing "other"
needs no text in a test."""

from __future__ import annotations

from dataclasses import dataclass

from huifang.surveys import conditions, engine
from huifang.surveys.questionnaire import PathTest, Questionnaire
from huifang.text import _


@dataclass(frozen=True)
class Outcome:
    test: PathTest
    asked: tuple[str, ...]
    end: str | None
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        return {
            "name": self.test.name,
            "line": self.test.line,
            "passed": self.passed,
            "asked": list(self.asked),
            "expected": list(self.test.expect) if self.test.expect is not None else None,
            "end": self.end,
            "expected_end": self.test.end,
            "problems": list(self.problems),
        }


def run(q: Questionnaire, test: PathTest) -> Outcome:
    problems: list[str] = []
    answers = {}
    for qid, value in test.answers.items():
        if qid not in q.position:
            problems.append(_("答案里的 {qid} 不是本问卷的题目").format(qid=qid))
            continue
        try:
            answers[qid], _other = engine.check(q.question(qid), value, _("（测试）"))
        except engine.AnswerError as exc:
            problems.append(_("答案无效：{qid}：{message}").format(qid=qid, message=exc.message))
    try:
        walked = engine.walk(q, answers, through=True)
    except (engine.FlowError, conditions.ConditionError) as exc:
        return Outcome(test, (), None, (*problems, _("无法走完：{error}").format(error=exc)))
    asked, end = walked.asked, walked.status
    if test.expect is not None and asked != test.expect:
        problems.append(
            _("问到的题目 {asked}，应为 {expected}").format(
                asked=" ".join(asked) or "—", expected=" ".join(test.expect) or "—"
            )
        )
    if test.end is not None and end != test.end:
        problems.append(_("结束状态为 {end}，应为 {expected}").format(end=end, expected=test.end))
    return Outcome(test, asked, end, tuple(problems))


def run_all(q: Questionnaire) -> list[Outcome]:
    return [run(q, test) for test in q.tests]
