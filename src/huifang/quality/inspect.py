"""Checking one call 通话质检: every rule of a `RuleSet` over one transcript, giving
the findings (rule, segment, time, evidence, deduction) and the score.

Score: 100 minus the deductions of the findings that count, at least 0. A call passes
when it scores at least the pass mark and no red-line finding counts. A rule that
cannot judge the call (too little speech to measure a rate, a transcript that does not
say who hung up) is listed as not measurable instead of passing or failing it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from huifang.quality.matching import CallView
from huifang.quality.rate import speaking_rate
from huifang.quality.rewrites import rewrite
from huifang.quality.rules import Rule, RuleSet, default_rules
from huifang.quality.transcript import Transcript
from huifang.text import _

EVIDENCE_CHARS = 80
WORDS_CHARS = 200  # as the database keeps them


# Plain tuples: many cross from worker processes to the one printing (batch.py).
class Finding(NamedTuple):
    rule: str
    segment: int | None
    start: float | None
    evidence: str
    deduction: int
    red_line: bool = False
    words: str = ""  # what was said that made the rule fire, to mark in the segment
    suggestion: str = ""  # a better way to say it (the positive form of a negative question)


class Report(NamedTuple):
    call_id: str
    score: int
    passed: bool
    findings: tuple[Finding, ...]
    not_measurable: tuple[str, ...]
    warnings: tuple[str, ...]
    speech_rate: float | None

    def as_json(self) -> dict:
        """The `huifang qa check` output (formats.md), with its optional fields."""
        findings = []
        for f in self.findings:
            item = {k: v for k, v in f._asdict().items() if k != "words" and k != "suggestion"}
            if not f.red_line:
                del item["red_line"]
            if f.suggestion:
                item["suggestion"] = f.suggestion
            findings.append(item)
        return {
            "call_id": self.call_id,
            "score": self.score,
            "passed": self.passed,
            "findings": findings,
            "not_measurable": list(self.not_measurable),
            "warnings": list(self.warnings),
            "speech_rate": self.speech_rate,
        }


def score(findings: Iterable, pass_mark: int) -> tuple[int, bool]:
    """The score and whether the call passes, from the findings that count (each has
    `deduction` and `red_line`); the same arithmetic after an inspector's verdicts."""
    findings = list(findings)
    total = max(0, 100 - sum(f.deduction for f in findings))
    return total, total >= pass_mark and not any(f.red_line for f in findings)


def inspect(transcript: Transcript, rules: RuleSet | None = None) -> Report:
    rules = rules or default_rules()
    call = CallView(transcript, rules.index)
    segments, spoken = call.segments, call.spoken
    rate = speaking_rate(
        ((segments[i].end - segments[i].start, spoken[i]) for i in call.of("agent")), rules.rate
    )
    findings: list[Finding] = []
    not_measurable: list[str] = []
    warnings: list[str] = []
    for rule in rules.rules:
        verdict = _applies(rule, transcript)
        if verdict is None:
            continue
        if verdict is False:
            not_measurable.append(rule.id)
        elif rule.measure:
            if rate.per_minute is None:
                not_measurable.append(rule.id)
                continue
            found = _rate_finding(rule, rate.per_minute, rate.rated)
            if found:
                findings.append(found)
            elif rule.warning is not None and rate.per_minute > rule.warning:
                warnings.append(rule.id)
        elif rule.match is None:
            evidence = "，".join(_call_words(k, v) for k, v in rule.call)
            findings.append(Finding(rule.id, None, None, evidence, rule.deduction, rule.red_line))
        else:
            found = _matched(rule, call, transcript)
            if found is None:
                not_measurable.append(rule.id)
            else:
                findings.extend(found)
    findings.sort(key=lambda f: (f.start is None, f.start or 0, f.rule))
    total, passed = score(findings, rules.pass_mark)
    return Report(
        transcript.call_id,
        total,
        passed,
        tuple(findings),
        tuple(not_measurable),
        tuple(warnings),
        rate.per_minute,
    )


def _applies(rule: Rule, transcript: Transcript) -> bool | None:
    """True when the rule judges this call, None when it does not apply, False when
    the transcript does not tell (a condition on a field that says "unknown")."""
    for key, wanted in rule.call:
        value = getattr(transcript, key)
        if value == "unknown":
            return False
        if value != wanted:
            return None
    return True


def _call_words(key: str, value: str) -> str:
    """A call condition as an inspector reads it: 挂断方：坐席."""
    keys = {"ended_by": _("挂断方"), "direction": _("方向")}
    values = {
        "agent": _("坐席"),
        "customer": _("客户"),
        "outbound": _("呼出"),
        "inbound": _("呼入"),
    }
    return _("{key}：{value}").format(key=keys.get(key, key), value=values.get(value, value))


def _matched(rule: Rule, call: CallView, transcript: Transcript) -> list[Finding] | None:
    """The rule's findings; None when there is nothing in scope to judge a `none` rule."""
    scope = call.scope(rule.scope)
    if rule.fires == "none":
        if not scope:
            return None
        if any(rule.match(call, i) is not None for i in scope):
            return []
        # The segment that should have said it: the first for an opening, the last
        # for a closing.
        i = scope[-1] if rule.scope.last else scope[0]
        return [_finding(rule, transcript, i, "")]
    found = []
    match = rule.match
    # Which segments can match at all is worth knowing for a long scope only; a few
    # segments (the opening, the closing) are quicker to try.
    candidates = match.candidates(call) if len(scope) > 4 else None
    if candidates is not None:
        scope = sorted(candidates.intersection(scope))
    for i in scope:
        words = match(call, i)
        if words is not None:
            found.append(_finding(rule, transcript, i, words))
            if len(found) == rule.max_findings:
                break
    return found


def _finding(rule: Rule, transcript: Transcript, i: int, words: str) -> Finding:
    segment = transcript.segments[i]
    text = segment.text.strip()
    if len(text) > EVIDENCE_CHARS:
        text = text[: EVIDENCE_CHARS - 1] + "…"
    if words and words not in text:
        text = _("{words}：{text}").format(words=words, text=text)
    suggestion = ""
    if rule.suggest == "positive":
        better = rewrite(segment.text)
        suggestion = better.positive if better else ""
    return Finding(
        rule.id,
        i,
        segment.start,
        text,
        rule.deduction,
        rule.red_line,
        words[:WORDS_CHARS],
        suggestion,
    )


def _rate_finding(rule: Rule, rate: float, rated: int) -> Finding | None:
    if (rule.above is not None and rate > rule.above) or (
        rule.below is not None and rate < rule.below
    ):
        evidence = _("语速 {rate} 字/分钟（{n} 段的中位数）").format(rate=rate, n=rated)
        return Finding(rule.id, None, None, evidence, rule.deduction, rule.red_line)
    return None
