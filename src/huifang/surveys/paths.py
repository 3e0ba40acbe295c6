"""Test mode 问卷测试 (E5): every route through a questionnaire, how long each takes,
and the questions no answers reach.

Routes are found by the distinct branches, not by every combination of answers. The
answers to a question are grouped into classes that behave alike — the same jump and
the same truth for every condition that reads the question — and one answer stands
for its class. Two calls that reach the same question with the same truths still to
be read by later conditions have the same future, so they share it: the routes form
a graph whose size grows with the branches, not with their product. Counting, the
shortest, longest and average route and the unreachable questions are worked out on
that graph; the routes themselves are listed (up to a limit) by walking it, each
with a witness — answers that take it.

A question is unreachable when no class of answers leads to it: judged by the
conditions as well as the jumps (`q1 > 7` on a 1–5 scale is never true)."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from huifang.surveys import conditions
from huifang.surveys.engine import jump, shown
from huifang.surveys.questionnaire import END, ENDS, Question, Questionnaire

MAX_NODES = 200_000
BROKEN = "broken"  # a route that stops at a jump backward or to nowhere
MAX_SUBSET_VALUES = 6  # a multi question: every subset of up to this many telling values


@functools.cache
def timing() -> dict:
    return yaml.safe_load((Path(__file__).parent / "data" / "timing.yaml").read_text("utf-8"))


_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def reading_seconds(text: str) -> float:
    model = timing()
    text = _PLACEHOLDER.sub("X" * model["placeholder_chars"], text or "")
    return len(re.sub(r"\s", "", text)) / model["chars_per_second"]


def question_seconds(question: Question) -> float:
    spoken = question.text + "".join(o.label for o in question.options)
    if question.scale is not None:
        spoken += "".join(label for _, label in question.scale.labels)
    return reading_seconds(spoken) + timing()["answer_seconds"].get(question.type, 5)


def fixed_seconds(q: Questionnaire) -> float:
    """What every call says whatever the answers: the greeting and closing words."""
    return sum(reading_seconds(s.say) for s in q.sections if s.say)


# --- answer classes ----------------------------------------------------------------


def _atoms_on(q: Questionnaire) -> dict[str, list[conditions.Atom]]:
    found: dict[str, list] = {}
    for question in q.questions:
        node = _condition(question)
        for atom in conditions.atoms(node) if node is not None else ():
            found.setdefault(atom.qid, [])
            if atom not in found[atom.qid]:
                found[atom.qid].append(atom)
    return found


def _condition(question: Question):
    try:
        return question.condition
    except conditions.ConditionError:
        return None  # the linter reports it; here the question counts as always shown


def _literals(atoms: list) -> list:
    values = []
    for atom in atoms:
        if isinstance(atom, conditions.Compare | conditions.Contains):
            values.append(atom.value)
        elif isinstance(atom, conditions.OneOf):
            values.extend(atom.values)
    return values


def _candidates(question: Question, atoms: list) -> list[Any]:
    """Answers enough to show every way the question can steer the rest."""
    blank = [] if question.required else [None]
    kind = question.type
    if kind == "single":
        return [*question.values, *blank]
    if kind == "multi":
        telling = [
            v
            for v in question.values
            if any(conditions.same(v, lit) for lit in _literals(atoms))
            or any(o.goto for o in question.options if o.value == v)
        ]
        quiet = [v for v in question.values if v not in telling][:1]
        if len(telling) > MAX_SUBSET_VALUES:
            subsets = [[v] for v in telling] + [telling]
        else:
            subsets = [
                list(c)
                for n in range(1, len(telling) + 1)
                for c in itertools.combinations(telling, n)
            ]
        return [*subsets, *([quiet] if quiet else []), *blank]
    numbers = [v for v in _literals(atoms) if conditions.is_number(v)]
    if question.bounds is not None:
        low, high = question.bounds
        if high - low <= 20:
            return [*range(low, high + 1), *blank]
        points = {low, high} | {int(n) + d for n in numbers for d in (-1, 0, 1)}
        return [*sorted(p for p in points if low <= p <= high), *blank]
    if kind == "number":
        # Each bound, either side of it, and between neighbouring bounds (0.5 < q < 1).
        bounds = sorted(set(numbers))
        points = {0} | {n + d for n in bounds for d in (-1, -0.001, 0, 0.001, 1)}
        points |= {(a + b) / 2 for a, b in zip(bounds, bounds[1:], strict=False)}
        return [*sorted(points), *blank]
    texts = [v for v in _literals(atoms) if isinstance(v, str)]
    plain = "2026-01-01" if kind == "date" else "……"
    return [*dict.fromkeys([*texts, plain]), *blank]


# --- the graph ----------------------------------------------------------------------


@dataclass
class _Node:
    index: int | None  # the question asked here; None at an end
    end: str | None
    edges: list[tuple[Any, _Node]]  # (an answer that takes it, the next node)
    count: int = 0
    longest: float = 0.0
    shortest: float = 0.0
    total: float = 0.0  # the seconds of all routes from here, summed
    asks: int = 0  # the questions of all routes from here, summed


class TooManyRoutes(ValueError):
    pass


class _Graph:
    def __init__(self, q: Questionnaire):
        self.q = q
        self.atoms = _atoms_on(q)
        # For each position: the atoms read by the conditions from there on.
        self.ahead: list[list] = []
        for i in range(len(q.questions) + 1):
            later = [_condition(x) for x in q.questions[i:]]
            self.ahead.append(
                list(
                    dict.fromkeys(
                        a for node in later if node is not None for a in conditions.atoms(node)
                    )
                )
            )
        self.nodes: dict[tuple, _Node] = {}
        self.ends = {end: _Node(None, end, []) for end in ENDS}
        self.seconds = [question_seconds(x) for x in q.questions]
        self.start = self.reach(0, {})

    def reach(self, i: int, answers: dict) -> _Node:
        """The node of the first question shown at or after position i."""
        questions = self.q.questions
        while i < len(questions) and not shown_safely(questions[i], answers):
            i += 1
        if i >= len(questions):
            return self.ends[END]
        key = (i, tuple(conditions.holds(a, answers) for a in self.ahead[i]))
        node = self.nodes.get(key)
        if node is not None:
            return node
        if len(self.nodes) >= MAX_NODES:
            raise TooManyRoutes(f"more than {MAX_NODES} branch points")
        node = self.nodes[key] = _Node(i, None, [])
        question = questions[i]
        seen: set[int] = set()
        for value in _candidates(question, self.atoms.get(question.id, [])):
            after = {**answers, question.id: value}
            target = jump(question, value) if conditions.answered(value) else None
            if target in ENDS:
                successor = self.ends[target]
            elif target is None:
                successor = self.reach(i + 1, after)
            elif target in self.q.position and self.q.position[target] > i:
                successor = self.reach(self.q.position[target], after)
            else:
                continue  # a jump backward or to nowhere: the linter's error
            if id(successor) not in seen:
                seen.add(id(successor))
                node.edges.append((value, successor))
        return node

    def measure(self) -> None:
        """Counts and seconds for every node, from the ends back (the graph only
        jumps forward, so later positions are done first)."""
        for end in self.ends.values():
            end.count = 1
        for node in sorted(self.nodes.values(), key=lambda n: -n.index):
            own = self.seconds[node.index]
            nexts = [n for _, n in node.edges]
            if not nexts:  # every answer jumps somewhere broken
                node.count, node.longest, node.shortest, node.total, node.asks = 1, own, own, own, 1
                continue
            node.count = sum(n.count for n in nexts)
            node.longest = own + max(n.longest for n in nexts)
            node.shortest = own + min(n.shortest for n in nexts)
            node.total = own * node.count + sum(n.total for n in nexts)
            node.asks = node.count + sum(n.asks for n in nexts)


def shown_safely(question: Question, answers: dict) -> bool:
    try:
        return shown(question, answers)
    except conditions.ConditionError:
        return True


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    questions: tuple[str, ...]
    end: str
    witness: dict[str, Any]
    seconds: float


@dataclass(frozen=True)
class Analysis:
    count: int
    longest: Route | None
    shortest: Route | None
    average_seconds: float
    average_questions: float
    unreachable: tuple[str, ...]
    routes: tuple[Route, ...]  # up to the limit asked for
    fixed_seconds: float

    @property
    def complete_listing(self) -> bool:
        return len(self.routes) == self.count


def analyse(q: Questionnaire, limit: int = 1000) -> Analysis:
    graph = _Graph(q)
    graph.measure()
    fixed = fixed_seconds(q)
    reached = {node.index for node in graph.nodes.values()}
    unreachable = tuple(x.id for i, x in enumerate(q.questions) if i not in reached)
    start = graph.start
    if start.end is not None:  # no question at all is shown
        empty = Route((), start.end, {}, fixed)
        return Analysis(1, empty, empty, fixed, 0, unreachable, (empty,), fixed)
    return Analysis(
        count=start.count,
        longest=_extreme(graph, fixed, max, "longest"),
        shortest=_extreme(graph, fixed, min, "shortest"),
        average_seconds=fixed + start.total / start.count,
        average_questions=start.asks / start.count,
        unreachable=unreachable,
        routes=tuple(itertools.islice(_routes(graph, fixed), max(limit, 0))),
        fixed_seconds=fixed,
    )


def _route(graph: _Graph, steps: list[tuple[int, Any]], end: str, fixed: float) -> Route:
    questions = graph.q.questions
    return Route(
        questions=tuple(questions[i].id for i, _ in steps),
        end=end,
        witness={questions[i].id: value for i, value in steps},
        seconds=fixed + sum(graph.seconds[i] for i, _ in steps),
    )


def _extreme(graph: _Graph, fixed: float, pick, attribute: str) -> Route:
    steps, node = [], graph.start
    while node.end is None:
        if not node.edges:
            return _route(graph, [*steps, (node.index, None)], BROKEN, fixed)
        value, nxt = pick(node.edges, key=lambda e: getattr(e[1], attribute))
        steps.append((node.index, value))
        node = nxt
    return _route(graph, steps, node.end, fixed)


def _routes(graph: _Graph, fixed: float):
    """Every route, depth first, with the answers that take it."""
    stack: list[tuple[_Node, list]] = [(graph.start, [])]
    while stack:
        node, steps = stack.pop()
        if node.end is not None:
            yield _route(graph, steps, node.end, fixed)
            continue
        if not node.edges:
            yield _route(graph, [*steps, (node.index, None)], BROKEN, fixed)
            continue
        for value, nxt in reversed(node.edges):
            stack.append((nxt, [*steps, (node.index, value)]))
