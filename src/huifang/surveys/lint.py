"""The questionnaire design linter 问卷设计检查 (formats.md "Lint"): the rules of the
seed's 问卷设计 — structure 问候语/甄别/主体/背景/结束语, jumps that go forward, conditions
that read what was asked before, 封闭式问题放前面, 个人信息等问题最后, 避免诱导性问题,
选项设计要完整, 避免使用专业术语, and a length a customer will sit through.

Plain Python. The wording rules are heuristics whose phrase lists live in
`data/phrases.yaml`; a centre's own file extends them (`load_phrases`). A warning is
silenced for one question by its `lint_ignore: [RULE]` (with a `lint_reason`); an
error never is."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from huifang.surveys import conditions, paths
from huifang.surveys.phrases import Phrases, load_phrases
from huifang.surveys.questionnaire import (
    CHOICE_TYPES,
    ENDS,
    NUMERIC_TYPES,
    SECTION_KINDS,
    Question,
    Questionnaire,
    section_name,
    type_name,
)
from huifang.surveys.ranges import INF, check_ranges
from huifang.text import _, listing, quoted

ERROR, WARNING = "error", "warning"

RULES: dict[str, str] = {
    "duplicate-id": ERROR,
    "structure-missing-section": ERROR,
    "structure-order": WARNING,
    "goto-unknown-target": ERROR,
    "goto-backward": ERROR,
    "unreachable-question": ERROR,
    "when-syntax": ERROR,
    "when-forward-reference": ERROR,
    "when-unknown-question": ERROR,
    "when-unknown-option": ERROR,
    "when-type-mismatch": ERROR,
    "section-empty": WARNING,
    "closed-before-open": WARNING,
    "personal-info-last": WARNING,
    "leading-question": WARNING,
    "double-barreled": WARNING,
    "options-incomplete": WARNING,
    "options-overlap": ERROR,
    "options-gap": WARNING,
    "too-many-options": WARNING,
    "jargon": WARNING,
    "too-long": WARNING,
}

MAX_OPTIONS = 7  # read aloud on the phone, more than this cannot be held in mind
CLOSED_TYPES = ("single", "multi", "scale", "nps")


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "error" | "warning"
    question: str | None
    line: int | None
    message: str

    def as_json(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "question": self.question,
            "line": self.line,
            "message": self.message,
        }


_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_CLAUSE = re.compile(r"[^，,。？?！!；;：:]+")


def _quote(items) -> str:
    return listing(quoted(item) for item in items)


class _Linter:
    def __init__(self, q: Questionnaire, phrases: Phrases, analysis: paths.Analysis | None):
        self.q, self.phrases, self.analysis = q, phrases, analysis
        self.findings: list[Finding] = []
        self.broken: set[tuple[int, str]] = set()  # (question index, option value)
        self.bad_when: set[int] = set()  # questions whose own condition has an error

    def add(self, rule: str, message: str, question: Question | None = None, line=None) -> None:
        severity = RULES[rule]
        if severity == WARNING and question is not None and rule in question.lint_ignore:
            return
        where = question.line if question is not None and line is None else line
        qid = question.id if question is not None else None
        self.findings.append(Finding(rule, severity, qid, where, message))

    def run(self) -> list[Finding]:
        self.structure()
        self.duplicates()
        self.jumps()
        self.when()
        for section in self.q.sections:
            self.order_in_section(section)
        for question in self.q.questions:
            self.wording(question)
            self.options(question)
        self.reachability()
        self.length()
        return sorted(self.findings, key=lambda f: (f.line is None, f.line or 0))

    # structure -------------------------------------------------------------------------

    def structure(self) -> None:
        kinds = [s.kind for s in self.q.sections]
        for kind in ("greeting", "main", "closing"):
            if kind not in kinds:
                self.add(
                    "structure-missing-section",
                    _("缺少{kind}部分（kind: {id}）").format(kind=section_name(kind), id=kind),
                )
        furthest = None
        for section in self.q.sections:
            if section.kind not in SECTION_KINDS:
                continue
            rank = SECTION_KINDS.index(section.kind)
            if furthest is not None and rank < SECTION_KINDS.index(furthest):
                self.add(
                    "structure-order",
                    _(
                        "{kind}部分排在了{after}部分之后；顺序应为问候语、甄别、主体、背景、结束语"
                    ).format(kind=section_name(section.kind), after=section_name(furthest)),
                    line=section.line,
                )
            else:
                furthest = section.kind
            if section.kind in ("screening", "main", "background") and not section.questions:
                self.add(
                    "section-empty",
                    _("{kind}部分没有问题").format(kind=section_name(section.kind)),
                    line=section.line,
                )

    def duplicates(self) -> None:
        first: dict[str, Question] = {}
        for question in self.q.questions:
            if question.id in first:
                self.add(
                    "duplicate-id",
                    _("编号 {qid} 重复（第一次出现在第 {line} 行）").format(
                        qid=question.id, line=first[question.id].line
                    ),
                    question,
                )
            else:
                first[question.id] = question

    def _closest(self, qid: str, before: int | None = None) -> str:
        """'（是不是 q1？）' for an id that names nothing, preferring earlier ones."""
        ids = list(self.q.position)
        earlier = [x for x in ids if before is None or self.q.position[x] < before]
        match = difflib.get_close_matches(qid, earlier, n=1, cutoff=0.6) or (
            difflib.get_close_matches(qid, ids, n=1, cutoff=0.6)
        )
        return _("（是不是 {qid}？）").format(qid=match[0]) if match else ""

    def jumps(self) -> None:
        for i, question in enumerate(self.q.questions):
            for option in question.options:
                target = option.goto
                if target is None or target in ENDS:
                    continue
                if target not in self.q.position:
                    self.broken.add((i, option.value))
                    self.add(
                        "goto-unknown-target",
                        _("选项「{label}」跳转到不存在的题目 {target}{hint}").format(
                            label=option.label, target=target, hint=self._closest(target)
                        ),
                        question,
                    )
                elif self.q.position[target] <= i:
                    self.broken.add((i, option.value))
                    self.add(
                        "goto-backward",
                        _("选项「{label}」跳回 {target}（本题或之前的题），会形成循环").format(
                            label=option.label, target=target
                        ),
                        question,
                    )

    # conditions ------------------------------------------------------------------------

    def when(self) -> None:
        for i, question in enumerate(self.q.questions):
            try:
                node = question.condition
            except conditions.ConditionError as exc:
                self.bad_when.add(i)
                self.add(
                    "when-syntax",
                    _("条件 {when!r} 无法解析：{error}").format(when=question.when, error=exc),
                    question,
                )
                continue
            if node is None:
                continue
            said: set[tuple[str, str]] = set()
            for atom in conditions.atoms(node):
                for rule, message in self.atom_problems(atom, i):
                    if (rule, message) not in said:
                        said.add((rule, message))
                        self.bad_when.add(i)
                        self.add(rule, message, question)

    def atom_problems(self, atom: conditions.Atom, i: int):
        qid = atom.qid
        if qid not in self.q.position:
            hint = self._closest(qid, before=i)
            yield (
                "when-unknown-question",
                _("条件中的 {qid} 不是任何题目的编号{hint}").format(qid=qid, hint=hint),
            )
            return
        if self.q.position[qid] >= i:
            yield (
                "when-forward-reference",
                _("条件读取的 {qid} 不在本题之前，问到本题时还没有它的答案").format(qid=qid),
            )
        if isinstance(atom, conditions.Answered):
            return
        target = self.q.question(qid)
        mismatch = _mismatch(atom, target)
        if mismatch:
            yield "when-type-mismatch", mismatch
            return
        if target.type not in CHOICE_TYPES:
            return
        if isinstance(atom, conditions.Compare):
            values = (atom.value,)
        else:
            values = atom.values if isinstance(atom, conditions.OneOf) else (atom.value,)
        for value in values:
            if not any(conditions.same(v, value) for v in target.values):
                yield (
                    "when-unknown-option",
                    _("{qid} 没有值为 {value!r} 的选项（可选：{offered}）").format(
                        qid=qid, value=value, offered=listing(target.values)
                    ),
                )

    # order within a section --------------------------------------------------------------

    def order_in_section(self, section) -> None:
        questions = section.questions
        for n, question in enumerate(questions):
            if question.personal and section.kind != "background":
                self.add(
                    "personal-info-last",
                    _("个人信息题应放在背景部分（问卷最后），现在在{kind}部分").format(
                        kind=section_name(section.kind)
                    ),
                    question,
                )
            if question.type != "text" or self._follow_up(question):
                continue
            later = next((x for x in questions[n + 1 :] if x.type in CLOSED_TYPES), None)
            if later is not None:
                self.add(
                    "closed-before-open",
                    _(
                        "开放题排在同一部分的封闭题 {later} 之前；开放题要花时间组织语言，请放到后面"
                    ).format(later=later.id),
                    question,
                )

    def _follow_up(self, question: Question) -> bool:
        """A text question shown by a condition on an earlier answer is its follow-up
        (追问: 为什么不满意?) and belongs right after it."""
        try:
            node = question.condition
        except conditions.ConditionError:
            return False
        return node is not None and any(
            self.q.position.get(r, INF) < self.q.position[question.id]
            for r in conditions.references(node)
        )

    # wording -----------------------------------------------------------------------------

    def wording(self, question: Question) -> None:
        p = self.phrases
        text = question.text
        leading = list(dict.fromkeys(m.group() for m in p.leading_re.finditer(text)))
        if leading:
            self.add(
                "leading-question",
                _("措辞有诱导性（{words}），会暗示客户该怎么回答；请改为中性的问法").format(
                    words=_quote(leading)
                ),
                question,
            )
        pair = self._two_things(text)
        if pair:
            self.add(
                "double-barreled",
                _("一道题问了两件事（{words}），客户可能只对其中一件满意；请拆成两题").format(
                    words=f"「{pair[0]}」{pair[1]}「{pair[2]}」"
                ),
                question,
            )
        spoken = "\n".join(
            [
                _PLACEHOLDER.sub("□", text),
                *(o.label for o in question.options),
                *(label for _v, label in (question.scale.labels if question.scale else ())),
            ]
        )
        terms = {}
        for m in p.jargon_re.finditer(spoken):
            term, plain = p.plain[m.group().lower()]
            terms[term] = (
                _("{term}（可说：{plain}）").format(term=term, plain=plain) if plain else term
            )
        if terms:
            self.add(
                "jargon",
                _("客户可能听不懂的内部用语：{terms}").format(terms=listing(terms.values())),
                question,
            )

    def _two_things(self, text: str) -> tuple[str, str, str] | None:
        """The two things a connector joins in a clause asking one judgement, and the
        connector: ("质量", "和", "价格")."""
        p = self.phrases
        masked = p.one_word_re.sub(lambda m: "□" * len(m.group()), text)
        for part in _CLAUSE.finditer(masked):
            clause = part.group()
            if not any(w in clause for w in p.judgements) or any(
                w in clause for w in p.choice_words
            ):
                continue
            for m in p.connector_re.finditer(clause):
                left, right = clause[: m.start()], clause[m.end() :]
                if not left or not right or not _wordy(left[-1]) or not _wordy(right[0]):
                    continue
                if left.endswith(p.people) or right.startswith(p.people):
                    continue
                start, end = part.start() + m.start(), part.start() + m.end()
                first = _after_last(text[part.start() : start], (*_BEFORE, *p.judgements))
                second = _before_first(text[end : part.end()], (*_AFTER, *p.judgements))
                if first and second:
                    return first, m.group(), second
        return None

    # options ----------------------------------------------------------------------------

    def options(self, question: Question) -> None:
        if question.type not in CHOICE_TYPES:
            return
        labels = [o.label for o in question.options]
        ranges = check_ranges(labels)
        for a, b, both in ranges.overlaps if ranges else ():
            self.add(
                "options-overlap",
                _(
                    "选项「{a}」与「{b}」的范围重叠（{both} 同时属于两项），客户不知道该选哪个"
                ).format(a=a, b=b, both=both),
                question,
            )
        for a, b, missing in ranges.gaps if ranges else ():
            self.add(
                "options-gap",
                _("选项「{a}」与「{b}」之间缺了 {missing}，落在这里的客户没有可选的答案").format(
                    a=a, b=b, missing=missing
                ),
                question,
            )
        if len(question.values) > MAX_OPTIONS:
            self.add(
                "too-many-options",
                _("有 {n} 个选项，电话里念不过来（最多 {most} 个）；请合并或拆题").format(
                    n=len(question.values), most=MAX_OPTIONS
                ),
                question,
            )
        complete = (
            question.exhaustive
            or question.other
            or any(m in label for label in labels for m in self.phrases.dont_know)
            or self._yes_no(labels)
            or (ranges is not None and ranges.covers_all)
        )
        if not complete:
            self.add(
                "options-incomplete",
                _(
                    "选项不完整：没有「其他」「说不清」之类的选项；可加 other: true，"
                    "或在选项已覆盖所有情况时写 exhaustive: true"
                ),
                question,
            )

    def _yes_no(self, labels: list[str]) -> bool:
        if len(labels) != 2:
            return False
        a, b = (label.strip(" 。，！？.!?") for label in labels)
        if (a, b) in self.phrases.yes_no or (b, a) in self.phrases.yes_no:
            return True
        return any(b == n + a or a == n + b for n in self.phrases.negations)

    # paths -------------------------------------------------------------------------------

    def reachability(self) -> None:
        if self.analysis is None or not self.analysis.unreachable:
            return
        questions = self.q.questions
        unreachable = set(self.analysis.unreachable)
        lost = {i for i, x in enumerate(questions) if x.id in unreachable}
        repaired = self.q
        try:
            if self.broken:  # those the broken jumps alone pass over are said there
                repaired = _without(self.q, jumps=self.broken)
                kept = set(paths.analyse(repaired, limit=0).unreachable)
                lost = {i for i in lost if questions[i].id in kept}
            gated = {i for i in lost if questions[i].when is not None}
            freed = _without(repaired, conditions_of=gated) if gated else None
            still = set(paths.analyse(freed, limit=0).unreachable) if freed else set()
            by_condition = {i for i in gated if questions[i].id not in still}
        except paths.TooManyRoutes:
            by_condition = set()
        for i in sorted(lost):
            question = questions[i]
            if i in by_condition:
                if i in self.bad_when:
                    continue  # its condition's error already says why
                message = _("条件 {when!r} 在能到达本题的任何回答下都不成立，本题永远不会被问到")
                self.add("unreachable-question", message.format(when=question.when), question)
                continue
            over = [
                f"{x.id}「{o.label}」→ {o.goto}"
                for x in questions[:i]
                for o in x.options
                if o.goto and (o.goto in ENDS or self.q.position.get(o.goto, -1) > i)
            ]
            if over:
                message = _("没有任何回答路径能到达本题：之前的跳转都越过了它（{jumps}）").format(
                    jumps="，".join(over[:3]) + ("……" if len(over) > 3 else "")
                )
            else:
                message = _("没有任何回答路径能到达本题")
            self.add("unreachable-question", message, question)

    def length(self) -> None:
        route = self.analysis.longest if self.analysis is not None else None
        allowed = self.q.minutes_allowed
        if route is not None and route.seconds > allowed * 60:
            self.add(
                "too-long",
                _(
                    "最长的回答路径（{n} 题）约需 {minutes:.1f} 分钟，超过了 {allowed:g} 分钟"
                ).format(n=len(route.questions), minutes=route.seconds / 60, allowed=allowed),
            )


# Where the two things of 您对服务顾问的接待和讲解满意吗 begin and end: 接待, 讲解.
_BEFORE = ("的", "对", "您", "在", "把", "给", "向", "跟", "觉得", "认为")
_AFTER = ("的", "是否", "吗", "呢", "都", "方面")


def _after_last(words: str, stops) -> str:
    cut = max((words.rfind(w) + len(w) for w in stops if w in words), default=0)
    return words[cut:][-8:]


def _before_first(words: str, stops) -> str:
    cut = min((words.find(w) for w in stops if w in words), default=len(words))
    return words[:cut][:8]


def _wordy(char: str) -> bool:
    """A character a noun phrase can end or start with (not a space or a sign; a
    {placeholder} is a name)."""
    return char.isalnum() or char in "□{}"


def _mismatch(atom: conditions.Atom, target: Question) -> str | None:
    kind, qid = target.type, target.id
    if isinstance(atom, conditions.Contains) and kind != "multi":
        return _("{qid} 是{type}题，'…' in {qid} 只用于多选题；请写 {qid} == '…'").format(
            qid=qid, type=type_name(kind)
        )
    if isinstance(atom, conditions.OneOf) and kind == "multi":
        return _("{qid} 是多选题，请写 '…' in {qid} 判断是否选了某一项").format(qid=qid)
    if not isinstance(atom, conditions.Compare):
        return None
    if atom.op in conditions.NUMERIC and kind not in NUMERIC_TYPES:
        return _("{qid} 是{type}题，不能用 {op} 比较大小").format(
            qid=qid, type=type_name(kind), op=atom.op
        )
    if atom.op in conditions.NUMERIC and not conditions.is_number(atom.value):
        return _("{op} 比较大小要用数字，{value!r} 是文字").format(op=atom.op, value=atom.value)
    if kind == "multi":
        return _("{qid} 是多选题，答案是一组选项，不能用 {op} 比较；请写 '…' in {qid}").format(
            qid=qid, op=atom.op
        )
    return None


def _without(q: Questionnaire, *, jumps=frozenset(), conditions_of=frozenset()) -> Questionnaire:
    """The questionnaire with some options' jumps and some questions' conditions
    taken away (by position), to see what is unreachable without them."""
    sections, index = [], 0
    for section in q.sections:
        changed = []
        for question in section.questions:
            options = tuple(
                replace(o, goto=None) if (index, o.value) in jumps else o for o in question.options
            )
            when = None if index in conditions_of else question.when
            changed.append(replace(question, options=options, when=when))
            index += 1
        sections.append(replace(section, questions=tuple(changed)))
    return replace(q, sections=tuple(sections))


def analysed(q: Questionnaire) -> paths.Analysis | None:
    """The routes' analysis the path rules need, or None when they are too many."""
    try:
        return paths.analyse(q, limit=0)
    except paths.TooManyRoutes:
        return None


def lint(
    q: Questionnaire,
    phrases: Phrases | None = None,
    analysis: paths.Analysis | None | bool = True,
) -> list[Finding]:
    """Every finding of the formats.md rules, sorted by line (those without one last).
    `analysis` is the questionnaire's `analysed(q)` when the caller has it already
    (None: too many routes, so the path rules — unreachable, too-long — are skipped);
    by default it is worked out here."""
    if analysis is True:
        analysis = analysed(q)
    return _Linter(q, phrases or load_phrases(), analysis).run()
