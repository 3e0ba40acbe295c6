"""Negative → positive rewrites 否定语 → 肯定语 (H2; seed 003 避免使用否定语，多用肯定语):
the negative question an agent asked (这样不行吗？) and what to say instead
(这样可以吧？).

The seed's pairs and the general forms (您不X吗 → 您X吗) are data
(`data/rewrites.yaml`). A pair's negative is found with or without its punctuation, as
speech-to-text writes it; the first negative in a sentence is rewritten, a pair
winning over a form found at the same place. The `negative-phrasing` QA rule lists
`negative_phrases()` and shows `rewrite()`'s positive form with each finding."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from huifang import placed
from huifang.placed import Mapping, PlacedError
from huifang.text import _

DATA = Path(__file__).parent / "data" / "rewrites.yaml"
TOP_KEYS = ("pairs", "forms")
PAIR_KEYS = ("negative", "positive")
FORM_KEYS = ("pattern", "positive")
NEGATION = "不"
PUNCTUATION = re.compile(r"[\s\W_]+")
GAP = r"[\s，,、。.]*"  # what may stand for a pair's punctuation in the text


class RewritesError(PlacedError):
    """A rewrites file that cannot be used: every problem with its line."""


class Problems(placed.Problems):
    error = RewritesError


@dataclass(frozen=True)
class Rewrite:
    negative: str  # the negative words as said
    positive: str  # the positive form to say instead


def _bare(text: str) -> str:
    return PUNCTUATION.sub("", text)


def _pair_pattern(negative: str) -> re.Pattern:
    """`negative` with its punctuation optional: 您不愿意这样做，对吗？ is also found as
    您不愿意这样做对吗 or 您不愿意这样做,对吗."""
    chunks = PUNCTUATION.split(negative)
    return re.compile(GAP.join(re.escape(chunk) for chunk in chunks if chunk))


def _literal(text: str) -> str:
    """`text` as a template that fills in nothing."""
    return text.replace("{", "{{").replace("}", "}}")


class Rewrites:
    """The pairs and forms in file order."""

    def __init__(
        self,
        pairs: list[tuple[str, str]],
        forms: list[tuple[re.Pattern, str]],
    ):
        self.pairs = tuple(pairs)
        # (pattern, positive template), pairs first so that they win a tie
        self._finders = [(_pair_pattern(neg), _literal(pos)) for neg, pos in pairs] + forms

    def rewrite(self, text: str) -> Rewrite | None:
        """The first negative question in `text` and its positive form."""
        best: tuple[re.Match, str] | None = None
        for pattern, positive in self._finders:
            match = pattern.search(text)
            if match and (best is None or match.start() < best[0].start()):
                best = (match, positive)
        if best is None:
            return None
        match, positive = best
        groups = {name: value or "" for name, value in match.groupdict().items()}
        return Rewrite(match.group(), positive.format(**groups))

    def negative_phrases(self) -> list[str]:
        """The pairs' negatives without punctuation (您不愿意这样做对吗), as phrases."""
        return [_bare(negative) for negative, _positive in self.pairs]


# --- reading rewrites.yaml -----------------------------------------------------------


def _entries(problems: Problems, data: Mapping, key: str) -> list:
    raw = data.get(key) or []
    if not isinstance(raw, list):
        problems.add(key, _("应为列表"), data.line)
        return []
    return raw


def _pair(problems: Problems, data, index: int) -> tuple[str, str] | None:
    where = _("第 {index} 对否定语").format(index=index)
    if not isinstance(data, Mapping):
        problems.add(where, _("应为映射（negative、positive）"))
        return None
    problems.unknown_keys(data, PAIR_KEYS, where)
    negative = problems.text(data, "negative", where)
    positive = problems.text(data, "positive", where)
    if negative is not None and NEGATION not in negative:
        problems.add(
            f"{where} negative",
            _("{negative!r} 里没有否定词“不”").format(negative=negative),
            data.line,
        )
        return None
    return (negative, positive) if negative and positive else None


def _form(problems: Problems, data, index: int) -> tuple[re.Pattern, str] | None:
    where = _("第 {index} 个句式").format(index=index)
    if not isinstance(data, Mapping):
        problems.add(where, _("应为映射（pattern、positive）"))
        return None
    problems.unknown_keys(data, FORM_KEYS, where)
    source = problems.text(data, "pattern", where)
    positive = problems.text(data, "positive", where)
    if source is None or positive is None:
        return None
    try:
        pattern = re.compile(source)
    except re.error as exc:
        problems.add(
            f"{where} pattern",
            _("正则表达式 {pattern!r} 无效（{reason}）").format(pattern=source, reason=exc),
            data.line,
        )
        return None
    if pattern.search("") is not None:
        problems.add(f"{where} pattern", _("能匹配空文字"), data.line)
        return None
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(positive) if name}
    except ValueError as exc:
        problems.add(f"{where} positive", _("写法有误（{reason}）").format(reason=exc), data.line)
        return None
    unknown = sorted(names - set(pattern.groupindex))
    if unknown:
        problems.add(
            f"{where} positive",
            _("{names} 不是 pattern 里的命名分组").format(names=_("、").join(unknown)),
            data.line,
        )
        return None
    return pattern, positive


def load_rewrites(path: str | Path | None = None) -> Rewrites:
    """The rewrites in `path` (ours when None); RewritesError with every problem."""
    path = Path(path) if path else DATA
    name = path.name if path == DATA else str(path)
    data = placed.read_yaml(placed.read_text(path, RewritesError), name, RewritesError)
    if not isinstance(data, Mapping):
        raise RewritesError(name, [_("应为映射（pairs、forms）")])
    problems = Problems()
    problems.unknown_keys(data, TOP_KEYS, _("否定语文件"))
    pairs = {}  # (negative, positive) → its line
    for index, raw in enumerate(_entries(problems, data, "pairs"), 1):
        if pair := _pair(problems, raw, index):
            pairs[pair] = raw.line
    forms = []
    for index, raw in enumerate(_entries(problems, data, "forms"), 1):
        if form := _form(problems, raw, index):
            forms.append(form)
    rewrites = Rewrites(list(pairs), forms)
    for (negative, positive), line in pairs.items():
        again = rewrites.rewrite(positive)
        if again is not None:
            problems.add(
                _("否定语 {negative}").format(negative=negative),
                _("肯定语 {positive!r} 本身又含否定语 {again!r}").format(
                    positive=positive, again=again.negative
                ),
                line,
            )
    problems.raise_for(name)
    return rewrites


@lru_cache(maxsize=1)
def default_rewrites() -> Rewrites:
    return load_rewrites()


def rewrite(text: str) -> Rewrite | None:
    """The first negative question form in an agent's sentence and its positive form."""
    return default_rewrites().rewrite(text)


def negative_phrases() -> list[str]:
    """The literal negative forms, for the QA rule's phrase list."""
    return default_rewrites().negative_phrases()
