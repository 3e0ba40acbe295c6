"""The QA rules file: the built-in rules (`data/rules.yaml`) with a centre's file laid
over them, compiled into a `RuleSet` of `Rule`s. A file with an unknown key or
operator, a bad pattern or an unknown phrase list is refused with every problem and
its place:

    centre.yaml: 第 12 行 规则 hold-check match：未知条件 anyy（可用：all、any、…）"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from huifang import placed
from huifang.placed import Mapping
from huifang.quality import matching
from huifang.quality.matching import Match
from huifang.quality.operators import MatchReader
from huifang.quality.phrases import PhraseIndex
from huifang.quality.rate import RateSettings
from huifang.quality.transcript import DIRECTIONS, ENDED_BY
from huifang.text import _

DEFAULT_FILE = Path(__file__).parent / "data" / "rules.yaml"
TOP_KEYS = {"settings", "phrases", "rules"}
RULE_KEYS = {
    "title", "source", "enabled", "deduction", "red_line", "max_findings", "suggest",
    "call", "scope", "match", "fires", "measure", "above", "below", "warning",
}  # fmt: skip
FIRES = ("each", "none")
MEASURES = ("speech_rate",)
SUGGESTIONS = ("positive",)
CALL_FIELDS = {"direction": DIRECTIONS, "ended_by": ENDED_BY}


class RulesError(placed.PlacedError):
    """A rules file that cannot be used: every problem with its place."""


class Problems(placed.Problems):
    error = RulesError


class Scope(NamedTuple):
    speaker: str = "agent"
    first: int | None = None
    last: int | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    deduction: int
    source: str = ""
    red_line: bool = False
    max_findings: int = 1
    suggest: str | None = None
    call: tuple[tuple[str, str], ...] = ()
    scope: Scope = Scope()
    match: Match | None = None
    fires: str = "each"
    measure: str | None = None
    above: float | None = None
    below: float | None = None
    warning: float | None = None


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    phrases: dict[str, tuple[str, ...]]
    index: PhraseIndex
    pass_mark: int
    rate: RateSettings
    digest: str  # of the effective rules, to tell which rules judged a call

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


@cache
def default_rules() -> RuleSet:
    return load_rules()


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Our rules, with the centre's file at `path` laid over them."""
    data = placed.read_file(DEFAULT_FILE, RulesError)
    compiler = _Compiler()
    name = str(DEFAULT_FILE)
    if path is not None:
        name = str(path)
        theirs = placed.read_file(path, RulesError)
        if theirs is not None:
            data = overlay(data, theirs, compiler.problems)
    result = compiler.rule_set(data)
    compiler.problems.raise_for(name)
    return result


def overlay(ours: Mapping, theirs, problems: Problems) -> Mapping:
    """Our rules with a centre's laid over them, key by key."""
    if not isinstance(theirs, dict):
        problems.add(
            "", _("规则文件应为映射（键: 值），不是{kind}").format(kind=placed.kind_of(theirs))
        )
        return ours
    problems.unknown_keys(theirs, TOP_KEYS, "")
    merged = Mapping(ours)
    for section in TOP_KEYS & set(theirs):
        value = theirs[section]
        if not isinstance(value, dict):
            problems.add(section, _("应为映射"), theirs.line)
            continue
        mine = Mapping(ours.get(section) or {})
        mine.line = value.line
        for key, given in value.items():
            if section == "rules" and isinstance(given, dict) and isinstance(mine.get(key), dict):
                rule = Mapping({**mine[key], **given})
                rule.line = given.line
                mine[key] = rule
            elif section == "phrases" and isinstance(given, dict):
                mine[key] = _changed_list(problems, key, mine.get(key) or [], given)
            elif section == "settings" and isinstance(given, dict) and key in mine:
                setting = Mapping({**mine[key], **given})
                setting.line = given.line
                mine[key] = setting
            else:
                mine[key] = given
        merged[section] = mine
    return merged


def _changed_list(problems: Problems, key: str, ours: list, change: Mapping) -> list:
    problems.unknown_keys(change, {"add", "remove"}, _("词表 {key}").format(key=key))
    add, remove = change.get("add") or [], change.get("remove") or []
    if not isinstance(add, list) or not isinstance(remove, list):
        problems.add(_("词表 {key}").format(key=key), _("add 与 remove 应为列表"), change.line)
        return ours
    return [p for p in ours if p not in remove] + [p for p in add if p not in ours]


class _Compiler(MatchReader):
    """Reads the merged rules file into a RuleSet, collecting every problem."""

    def __init__(self):
        super().__init__(Problems())

    def rule_set(self, data) -> RuleSet | None:
        for key, value in (data.get("phrases") or {}).items():
            if not isinstance(value, list) or not all(isinstance(p, str) and p for p in value):
                self.add(_("词表 {key}").format(key=key), _("应为非空文字的列表"), data["phrases"])
                continue
            self.phrases[key] = tuple(value)
        settings = data.get("settings") or Mapping()
        pass_mark = self.number(settings, "pass_mark", _("设置"), 80, 0, 100)
        rate_data = settings.get("speech_rate") or Mapping()
        rate = RateSettings(
            min_chars=int(self.number(rate_data, "min_chars", "speech_rate", 8, 0)),
            min_seconds=self.number(rate_data, "min_seconds", "speech_rate", 1.5, 0.1),
            min_segments=int(self.number(rate_data, "min_segments", "speech_rate", 3, 1)),
        )
        rules = []
        for rule_id, body in (data.get("rules") or {}).items():
            rule = self.rule(str(rule_id), body)
            if rule is not None:
                rules.append(rule)
        index = PhraseIndex(self.used)
        digest = hashlib.sha256(
            json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode()
        ).hexdigest()[:16]
        return RuleSet(tuple(rules), self.phrases, index, int(pass_mark), rate, digest)

    def rule(self, rule_id: str, body) -> Rule | None:
        where = _("规则 {id}").format(id=rule_id)
        if not isinstance(body, dict):
            self.add(where, _("应为映射"))
            return None
        self.problems.unknown_keys(body, RULE_KEYS, where)
        if len(rule_id) > 64:
            self.add(where, _("规则编号太长（最多 64 个字符）"), body)
        if body.get("enabled", True) is False:
            return None
        title = body.get("title")
        if not isinstance(title, str) or not title.strip():
            self.add(where, _("缺少 title"), body)
        deduction = self.number(body, "deduction", where, None, 0, 100)
        if deduction is None and "deduction" not in body:
            self.add(where, _("缺少 deduction"), body)
        fires = self.choice(body, "fires", FIRES, where, "each")
        measure = self.choice(body, "measure", MEASURES, where, None)
        suggest = self.choice(body, "suggest", SUGGESTIONS, where, None)
        match = self.match(body["match"], f"{where} match") if "match" in body else None
        if measure and match is not None:
            self.add(where, _("measure 与 match 只能用一个"), body)
        if measure and "above" not in body and "below" not in body:
            self.add(where, _("measure 需要 above 或 below"), body)
        if fires == "none" and match is None:
            self.add(where, _("fires: none 需要 match"), body)
        call = self.call(body.get("call") or Mapping(), where)
        if match is None and not measure and not call:
            self.add(where, _("缺少 match、measure 或 call 条件"), body)
        return Rule(
            id=rule_id,
            title=str(title or rule_id),
            source=str(body.get("source", "")),
            deduction=int(deduction or 0),
            red_line=self.flag(body, "red_line", where),
            max_findings=int(self.number(body, "max_findings", where, 1, 1)),
            suggest=suggest,
            call=call,
            scope=self.scope(body.get("scope") or Mapping(), where),
            match=match,
            fires=fires,
            measure=measure,
            above=self.number(body, "above", where, None, 0) if "above" in body else None,
            below=self.number(body, "below", where, None, 0) if "below" in body else None,
            warning=self.number(body, "warning", where, None, 0) if "warning" in body else None,
        )

    def call(self, data, where) -> tuple[tuple[str, str], ...]:
        if not isinstance(data, dict):
            self.add(f"{where} call", _("应为映射"))
            return ()
        self.problems.unknown_keys(data, set(CALL_FIELDS), f"{where} call")
        conditions = []
        for key, allowed in CALL_FIELDS.items():
            if key in data:
                value = self.choice(data, key, allowed, f"{where} call", None)
                if value is not None:
                    conditions.append((key, value))
        return tuple(conditions)

    def scope(self, data, where) -> Scope:
        where = f"{where} scope"
        if not isinstance(data, dict):
            self.add(where, _("应为映射"))
            return Scope()
        self.problems.unknown_keys(data, {"speaker", "first", "last"}, where)
        if "first" in data and "last" in data:
            self.add(where, _("first 与 last 只能用一个"), data)
        speaker = self.choice(data, "speaker", matching.SPEAKER_CHOICES, where, "agent")
        first = int(self.number(data, "first", where, 0, 1)) if "first" in data else None
        last = int(self.number(data, "last", where, 0, 1)) if "last" in data else None
        return Scope(speaker, first, last)
