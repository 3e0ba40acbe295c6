"""Routing complaints to departments 派单 (F3; seed 002: 通过CRM系统转到相关处理部门):
the departments, the problem categories and the rules (problem category, product,
dealer) → department, all data in `data/routing.yaml`.

A field a rule leaves out matches anything; the matching rule that names the most
fields wins. Two rules that could match the same ticket, naming as many fields and
sending it to different departments, are refused when the file is loaded — unless a
rule naming the fields of both (their intersection) settles those tickets — so the
winner is never a matter of order. `RoutingTable.route` names the rule that routed a
ticket; a department chosen by hand is a manual routing with no rule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from pathlib import Path

from huifang import placed
from huifang.placed import Mapping
from huifang.text import _, listing, quoted

DATA = Path(__file__).parent / "data" / "routing.yaml"
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
ANY = "*"
FIELDS = ("category", "product", "dealer")  # what a rule matches on, in this order
RULE_KEYS = (*FIELDS, "department", "name")


class RoutingError(placed.PlacedError):
    """A routing file that cannot be used: every problem with its line."""


class Problems(placed.Problems):
    error = RoutingError


class RouteRefused(ValueError):
    """A ticket that cannot be routed as asked (an unknown category or department, or
    no rule for it); the message says why in Chinese."""


@dataclass(frozen=True)
class Department:
    key: str  # quality
    name: str  # 质量部
    head: str  # the department head's login
    parent: str | None = None  # the higher department (escalation)


@dataclass(frozen=True)
class Category:
    key: str  # engine
    label: str  # 发动机
    group: str = ""  # 车辆质量


def _norm(text: str | None) -> str | None:
    """A product or dealer as compared: spaces dropped, letters in upper case."""
    if text is None:
        return None
    return "".join(str(text).split()).upper() or None


@dataclass(frozen=True)
class Rule:
    category: str | None  # None: any
    product: str | None
    dealer: str | None
    department: str
    line: int | None = None
    name: str = ""

    @property
    def pattern(self) -> tuple[str | None, ...]:
        return (self.category, _norm(self.product), _norm(self.dealer))

    @property
    def specificity(self) -> int:
        """How many fields the rule names (0–3): the more, the more specific."""
        return sum(value is not None for value in self.pattern)


@dataclass(frozen=True)
class Routing:
    """Where a ticket goes and why: the rule that matched (and the rule in words, kept
    with the ticket as it read when it routed it), or no rule when chosen by hand."""

    department: str
    rule: Rule | None = None
    rule_text: str = ""

    @property
    def manual(self) -> bool:
        return self.rule is None

    @property
    def explanation(self) -> str:
        if self.manual:
            return _("手动派单")
        return _("按规则派单：{rule}").format(rule=self.rule_text)

    def as_data(self) -> dict[str, str]:
        """The data of the workflow's `route` action (rule empty: chosen by hand)."""
        return {"department": self.department, "rule": self.rule_text}


class RoutingTable:
    """The departments, categories and rules of one file, ready to route tickets."""

    def __init__(self, name, departments, categories, rules, index):
        self.name = name
        self.departments: dict[str, Department] = departments
        self.categories: dict[str, Category] = categories
        self.rules: tuple[Rule, ...] = rules
        self._index: dict[tuple, Rule] = index  # pattern → its first rule

    def __repr__(self) -> str:
        return f"<RoutingTable {self.name}: {len(self.rules)} rules>"

    def describe(self, rule: Rule) -> str:
        """The rule in words: routing.yaml 第 30 行（电器 · 欧拉好猫 · 不限经销商 → 新能源技术部）."""
        text = _("{name} 第 {line} 行（{tickets} → {department}）").format(
            name=self.name,
            line=rule.line,
            tickets=_in_words(self.categories, rule.category, rule.product, rule.dealer),
            department=self.departments[rule.department].name,
        )
        return _("{text}：{name}").format(text=text, name=rule.name) if rule.name else text

    def route(
        self, category: str, product: str = "", dealer: str = "", *, department: str = ""
    ) -> Routing:
        """Where a ticket with this category, product and dealer goes: the most
        specific matching rule's department, or `department` when one is chosen by hand.
        RouteRefused when the category or department is unknown or no rule matches."""
        if department:
            if department not in self.departments:
                raise RouteRefused(
                    _("没有部门{department}（可选：{known}）").format(
                        department=quoted(department), known=listing(self.departments)
                    )
                )
            return Routing(department)
        if category not in self.categories:
            raise RouteRefused(
                _("没有问题类别{category}（可选：{known}）").format(
                    category=quoted(category), known=listing(self.categories)
                )
            )
        wanted = (category, _norm(product), _norm(dealer))
        best: Rule | None = None
        for named in range(8):  # which fields to name: every mask, each rule looked up once
            pattern = tuple(v if named >> i & 1 else None for i, v in enumerate(wanted))
            rule = self._index.get(pattern)
            if rule is not None and (
                best is None
                or (rule.specificity, -(rule.line or 0)) > (best.specificity, -(best.line or 0))
            ):
                best = rule
        if best is None:
            raise RouteRefused(
                _("没有适用于{category}的派单规则，请手动选择部门").format(
                    category=quoted(self.categories[category].label)
                )
            )
        return Routing(best.department, best, self.describe(best))

    def higher(self, department: str) -> Department | None:
        """The department a ticket of `department` is escalated to, if any (none for
        a department the table does not know, or no department yet)."""
        known = self.departments.get(department)
        parent = known.parent if known else None
        return self.departments[parent] if parent else None


# --- reading routing.yaml -----------------------------------------------------------


def _entries(problems: Problems, data: Mapping, section: str) -> list[Mapping]:
    raw = data.get(section)
    if not isinstance(raw, list) or not raw:
        problems.add(section, _("应为非空的列表"), data.line)
        return []
    entries = []
    for index, entry in enumerate(raw, 1):
        if isinstance(entry, Mapping):
            entries.append(entry)
        else:
            problems.add(f"{section} #{index}", _("应为映射"), data.line)
    return entries


def _keyed(problems: Problems, entry: Mapping, where: str, seen: set) -> str | None:
    key = problems.text(entry, "key", where)
    if key is None:
        return None
    if not KEY.match(key):
        problems.add(
            where, _("key {key!r} 应为小写英文字母、数字和下划线").format(key=key), entry.line
        )
        return None
    if key in seen:
        problems.add(where, _("key {key} 重复").format(key=key), entry.line)
        return None
    seen.add(key)
    return key


def _departments(problems: Problems, data: Mapping) -> dict[str, Department]:
    found: dict[str, Department] = {}
    lines: dict[str, int | None] = {}
    for entry in _entries(problems, data, "departments"):
        where = _("部门")
        problems.unknown_keys(entry, ("key", "name", "head", "parent"), where)
        key = _keyed(problems, entry, where, set(found))
        name = problems.text(entry, "name", where)
        head = problems.text(entry, "head", where)
        parent = problems.text(entry, "parent", where, required=False)
        if key:  # kept even when incomplete, so its rules are not called unknown too
            found[key] = Department(key, name or key, head or "", parent or None)
            lines[key] = entry.line
    for key, department in found.items():
        if department.parent and department.parent not in found:
            problems.add(
                _("部门 {key}").format(key=key),
                _("上级部门{parent}不在部门列表中").format(parent=quoted(department.parent)),
                lines[key],
            )
    for key in found:  # a chain of parents must end
        seen, at = [key], found[key].parent
        while at in found and at not in seen:
            seen.append(at)
            at = found[at].parent
        if at == key:
            chain = " → ".join([*seen, key])
            problems.add(
                _("部门 {key}").format(key=key),
                _("上级部门绕成了圈：{chain}").format(chain=chain),
                lines[key],
            )
    return found


def _categories(problems: Problems, data: Mapping) -> dict[str, Category]:
    found: dict[str, Category] = {}
    for entry in _entries(problems, data, "categories"):
        where = _("问题类别")
        problems.unknown_keys(entry, ("key", "label", "group"), where)
        key = _keyed(problems, entry, where, set(found))
        label = problems.text(entry, "label", where)
        group = problems.text(entry, "group", where, required=False) or ""
        if key:
            found[key] = Category(key, label or key, group)
    return found


def _rule(problems, entry: Mapping, departments, categories) -> Rule | None:
    where = _("规则")
    problems.unknown_keys(entry, RULE_KEYS, where)
    values = {}
    for field in FIELDS:
        text = problems.text(entry, field, where, required=False)
        values[field] = None if not text or text == ANY else text
    department = problems.text(entry, "department", where)
    name = problems.text(entry, "name", where, required=False) or ""
    good = department is not None
    if department is not None and department not in departments:
        problems.add(
            where,
            _("没有部门{department}（可选：{known}）").format(
                department=quoted(department), known=listing(departments)
            ),
            entry.line,
        )
        good = False
    category = values["category"]
    if category is not None and category not in categories:
        problems.add(
            where,
            _("没有问题类别{category}（可选：{known}）").format(
                category=quoted(category), known=listing(categories)
            ),
            entry.line,
        )
        good = False
    return Rule(department=department, line=entry.line, name=name, **values) if good else None


def _in_words(categories: dict[str, Category], category, product, dealer) -> str:
    """The tickets a rule matches, in words: 发动机 · 哈弗H6 · 不限经销商."""
    return " · ".join(
        (
            categories[category].label if category else _("不限问题类别"),
            product or _("不限车型"),
            dealer or _("不限经销商"),
        )
    )


def _overlaps(problems: Problems, index: dict[tuple, Rule], table_names) -> None:
    """Refuses two rules naming as many fields that can match the same ticket and
    route it to different departments, unless a rule for the tickets both match
    exists. Rules are bucketed by which fields they name, so the check is about
    linear in the number of rules."""
    departments, categories = table_names
    by_mask: dict[tuple[bool, ...], list[Rule]] = {}
    for pattern, rule in index.items():
        by_mask.setdefault(tuple(v is not None for v in pattern), []).append(rule)
    for mask_a, mask_b in combinations(sorted(by_mask), 2):
        if sum(mask_a) != sum(mask_b):
            continue
        shared = [i for i in range(3) if mask_a[i] and mask_b[i]]
        buckets: dict[tuple, list[Rule]] = {}
        for rule in by_mask[mask_b]:
            buckets.setdefault(tuple(rule.pattern[i] for i in shared), []).append(rule)
        for a in by_mask[mask_a]:
            for b in buckets.get(tuple(a.pattern[i] for i in shared), ()):
                both = tuple(
                    x if x is not None else y for x, y in zip(a.pattern, b.pattern, strict=True)
                )
                if a.department == b.department or both in index:
                    continue
                first, second = sorted((a, b), key=lambda r: r.line or 0)
                problems.add(
                    _("规则"),
                    _(
                        "与第 {other} 行的规则重叠：{tickets}的工单两条都能匹配，写明的条件一样多，"
                        "部门却不同（第 {other} 行 {d1}，第 {line} 行 {d2}）；"
                        "请删去一条，或为这些工单另写一条写明全部条件的规则"
                    ).format(
                        other=first.line,
                        line=second.line,
                        tickets=quoted(_in_words(categories, *both)),
                        d1=departments[first.department].name,
                        d2=departments[second.department].name,
                    ),
                    second.line,
                )


def load_routing(path: str | Path | None = None) -> RoutingTable:
    """The routing table in `path` (ours when None); RoutingError with every problem."""
    path = Path(path) if path else DATA
    name = path.name if path == DATA else str(path)
    text = placed.read_text(path, RoutingError)
    try:
        data = placed.read_yaml(text, name, RoutingError)
    except RoutingError as exc:
        line = exc.rows[0][0] if exc.rows else None
        lines = text.splitlines()
        if line and line <= len(lines) and re.search(r":\s*\*", lines[line - 1]):
            hint = _('（* 要加引号写成 "*"，或不写这一项：不写就是不限）')
            raise RoutingError(
                name, [exc.problems[0] + hint], [(line, exc.rows[0][1] + hint)]
            ) from None
        raise
    if not isinstance(data, Mapping):
        raise RoutingError(name, [_("应为映射，含 departments、categories、rules")])
    problems = Problems()
    problems.unknown_keys(data, ("departments", "categories", "rules"), _("派单规则文件"))
    departments = _departments(problems, data)
    categories = _categories(problems, data)
    rules: list[Rule] = []
    index: dict[tuple, Rule] = {}
    for entry in _entries(problems, data, "rules"):
        rule = _rule(problems, entry, departments, categories)
        if rule is None:
            continue
        earlier = index.get(rule.pattern)
        if earlier is not None and earlier.department == rule.department:
            problems.add(
                _("规则"), _("与第 {line} 行的规则重复").format(line=earlier.line), rule.line
            )
            continue
        if earlier is not None:
            problems.add(
                _("规则"),
                _("与第 {other} 行的规则条件完全相同，部门却不同（{d1} / {d2}）").format(
                    other=earlier.line,
                    d1=departments[earlier.department].name,
                    d2=departments[rule.department].name,
                ),
                rule.line,
            )
            continue
        index[rule.pattern] = rule
        rules.append(rule)
    _overlaps(problems, index, (departments, categories))
    problems.raise_for(name)
    return RoutingTable(name, departments, categories, tuple(rules), index)


@cache
def default_table() -> RoutingTable:
    return load_routing()
