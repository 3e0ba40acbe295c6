"""The condition language of `when` (formats.md): a tokenizer and a recursive-descent
parser that turn `q1 <= 3 and 'price' in q2` into a small tree, which is evaluated
against the answers so far. Never Python `eval`.

    condition  := or
    or         := and ('or' and)*
    and        := not ('and' not)*
    not        := 'not' not | primary
    primary    := '(' condition ')' | 'answered' '(' ID ')'
                | ID OP literal | ID 'in' '[' literal (',' literal)* ']'
                | literal 'in' ID
    OP         := '==' | '!=' | '<' | '<=' | '>' | '>='
    literal    := NUMBER | 'text' | "text"

A comparison or membership test on a question that was not answered (skipped, hidden
or left blank) is false; `answered(x)` is the only way to ask. Every error carries
the column (1-based) where the text stops making sense."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from huifang.text import _

Literal = int | float | str
OPERATORS = ("==", "!=", "<=", ">=", "<", ">")
NUMERIC = ("<", "<=", ">", ">=")
KEYWORDS = ("and", "or", "not", "in", "answered")


class ConditionError(ValueError):
    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        return _("第 {column} 列：{message}").format(column=self.column, message=self.message)


# --- the tree ---------------------------------------------------------------------


@dataclass(frozen=True)
class Compare:
    qid: str
    op: str
    value: Literal


@dataclass(frozen=True)
class OneOf:
    """`q in ['a', 'b']`: a single answer among the values."""

    qid: str
    values: tuple[Literal, ...]


@dataclass(frozen=True)
class Contains:
    """`'price' in q2`: a multi answer that includes the value."""

    value: Literal
    qid: str


@dataclass(frozen=True)
class Answered:
    qid: str


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class And:
    left: Node
    right: Node


@dataclass(frozen=True)
class Or:
    left: Node
    right: Node


Atom = Compare | OneOf | Contains | Answered
Node = Atom | Not | And | Or


# --- tokens -----------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<string>'[^'\n]*'|"[^"\n]*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>)
  | (?P<punct>[()\[\],])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str  # number string name keyword op punct end
    text: str
    column: int


def tokens(source: str) -> list[Token]:
    found, at = [], 0
    while at < len(source):
        match = _TOKEN.match(source, at)
        if match is None:
            char = source[at]
            if char in "'\"":
                raise ConditionError(_("引号没有闭合"), at + 1)
            if char == "=":
                raise ConditionError(_("比较相等请写 ==，不是 ="), at + 1)
            raise ConditionError(_("无法识别的字符 {char!r}").format(char=char), at + 1)
        kind = match.lastgroup
        if kind != "space":
            text = match.group()
            if kind == "name" and text in KEYWORDS:
                kind = "keyword"
            found.append(Token(kind, text, at + 1))
        at = match.end()
    found.append(Token("end", "", len(source) + 1))
    return found


# --- the parser -------------------------------------------------------------------


class _Parser:
    def __init__(self, source: str):
        self.tokens = tokens(source)
        self.at = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.at]

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def accept(self, text: str) -> bool:
        if self.token.text == text and self.token.kind in ("keyword", "punct", "op"):
            self.at += 1
            return True
        return False

    def expect(self, text: str, what: str) -> None:
        if not self.accept(text):
            raise self.unexpected(what)

    def unexpected(self, wanted: str) -> ConditionError:
        token = self.token
        if token.kind == "end":
            return ConditionError(_("条件不完整，缺少{wanted}").format(wanted=wanted), token.column)
        return ConditionError(
            _("此处应为{wanted}，却是 {text!r}").format(wanted=wanted, text=token.text),
            token.column,
        )

    def condition(self) -> Node:
        node = self.either()
        if self.token.kind != "end":
            raise self.unexpected(_(" and、or 或条件结尾"))
        return node

    def either(self) -> Node:
        node = self.both()
        while self.accept("or"):
            node = Or(node, self.both())
        return node

    def both(self) -> Node:
        node = self.negation()
        while self.accept("and"):
            node = And(node, self.negation())
        return node

    def negation(self) -> Node:
        if self.accept("not"):
            return Not(self.negation())
        return self.primary()

    def primary(self) -> Node:
        token = self.token
        if self.accept("("):
            node = self.either()
            self.expect(")", _("右括号 )"))
            return node
        if self.accept("answered"):
            self.expect("(", _("左括号 ("))
            qid = self.question_id()
            self.expect(")", _("右括号 )"))
            return Answered(qid)
        if token.kind == "name":
            qid = self.take().text
            if self.accept("in"):
                return OneOf(qid, self.literal_list())
            if self.token.kind == "op":
                op = self.take().text
                return Compare(qid, op, self.literal())
            raise self.unexpected(_("比较符号（== != < <= > >=）或 in"))
        if token.kind in ("number", "string"):
            value = self.literal()
            self.expect("in", "in")
            return Contains(value, self.question_id())
        raise self.unexpected(_("题目编号、answered(…)、not 或左括号"))

    def question_id(self) -> str:
        if self.token.kind != "name":
            raise self.unexpected(_("题目编号"))
        return self.take().text

    def literal(self) -> Literal:
        token = self.token
        if token.kind == "number":
            self.take()
            return float(token.text) if "." in token.text else int(token.text)
        if token.kind == "string":
            self.take()
            return token.text[1:-1]
        if token.kind == "name":
            raise ConditionError(
                _("{text} 要加引号：'{text}'（不加引号表示题目编号）").format(text=token.text),
                token.column,
            )
        raise self.unexpected(_("数字或带引号的文字"))

    def literal_list(self) -> tuple[Literal, ...]:
        self.expect("[", _("左方括号 ["))
        values = [self.literal()]
        while self.accept(","):
            values.append(self.literal())
        self.expect("]", _("右方括号 ]"))
        return tuple(values)


def parse(source: str) -> Node:
    """The tree of a condition; ConditionError with the column when it does not parse."""
    if not source.strip():
        raise ConditionError(_("条件是空的"), 1)
    return _Parser(source).condition()


# --- printing ---------------------------------------------------------------------


def _literal(value: Literal) -> str:
    if isinstance(value, str):
        return f'"{value}"' if "'" in value else f"'{value}'"
    return repr(value)


_PRECEDENCE = {Or: 1, And: 2, Not: 3}


def unparse(node: Node) -> str:
    """The condition as text that parses back to the same tree."""
    if isinstance(node, Compare):
        return f"{node.qid} {node.op} {_literal(node.value)}"
    if isinstance(node, OneOf):
        return f"{node.qid} in [{', '.join(_literal(v) for v in node.values)}]"
    if isinstance(node, Contains):
        return f"{_literal(node.value)} in {node.qid}"
    if isinstance(node, Answered):
        return f"answered({node.qid})"
    if isinstance(node, Not):
        inner = unparse(node.operand)
        if isinstance(node.operand, And | Or):
            inner = f"({inner})"
        return f"not {inner}"
    word = "and" if isinstance(node, And) else "or"
    left, right = unparse(node.left), unparse(node.right)
    mine = _PRECEDENCE[type(node)]
    if _PRECEDENCE.get(type(node.left), 9) < mine:
        left = f"({left})"
    if _PRECEDENCE.get(type(node.right), 9) <= mine:  # left-associative
        right = f"({right})"
    return f"{left} {word} {right}"


# --- reading and evaluating -------------------------------------------------------


def atoms(node: Node) -> Iterator[Atom]:
    """The comparisons, memberships and answered() tests in the tree, left to right."""
    if isinstance(node, Not):
        yield from atoms(node.operand)
    elif isinstance(node, And | Or):
        yield from atoms(node.left)
        yield from atoms(node.right)
    else:
        yield node


def references(node: Node) -> list[str]:
    """The question ids the condition reads, in order of first mention."""
    return list(dict.fromkeys(atom.qid for atom in atoms(node)))


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def same(answer: Any, value: Literal) -> bool:
    """An answer equals a literal: numbers by value, anything else by its text
    (option values are text, so `q == 1` matches the option `1`)."""
    if is_number(answer) and is_number(value):
        return answer == value
    return str(answer) == str(value)


def answered(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != ()


def holds(atom: Atom, answers: Mapping[str, Any]) -> bool:
    """Whether one atom is true for the answers; false when its question has no answer."""
    value = answers.get(atom.qid)
    if isinstance(atom, Answered):
        return answered(value)
    if not answered(value):
        return False
    many = isinstance(value, list | tuple)
    if isinstance(atom, Contains):
        return many and any(same(v, atom.value) for v in value)
    if many:
        return False
    if isinstance(atom, OneOf):
        return any(same(value, v) for v in atom.values)
    if atom.op in NUMERIC:
        if not (is_number(value) and is_number(atom.value)):
            return False
        return {
            "<": value < atom.value,
            "<=": value <= atom.value,
            ">": value > atom.value,
            ">=": value >= atom.value,
        }[atom.op]
    equal = same(value, atom.value)
    return equal if atom.op == "==" else not equal


def evaluate(node: Node, answers: Mapping[str, Any]) -> bool:
    if isinstance(node, Not):
        return not evaluate(node.operand, answers)
    if isinstance(node, And):
        return evaluate(node.left, answers) and evaluate(node.right, answers)
    if isinstance(node, Or):
        return evaluate(node.left, answers) or evaluate(node.right, answers)
    return holds(node, answers)
