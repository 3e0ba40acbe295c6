"""Customer signals 言下之意 (H1; seed 003 训练你理解能力): what a customer's words
imply — a price objection, putting it off, having to ask someone at home, a buying
signal … — and how the agent should answer (认同 “是的…所以…”, 复述确认 “您的意思是…对吗”,
then an open question).

The kinds, with their phrases, patterns and exceptions, are data (`data/signals.yaml`).
`SignalBook.detect` reads the customer's segments only, with one `PhraseIndex` pass
and the kinds' precompiled patterns per segment, and gives at most one `Signal` per
kind and segment: the first words that matched and are not inside one of the kind's
exceptions (不在乎价格 is no price objection)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from huifang import placed
from huifang.placed import Mapping, PlacedError
from huifang.quality.phrases import PhraseIndex
from huifang.quality.transcript import Segment, Transcript
from huifang.text import _

DATA = Path(__file__).parent / "data" / "signals.yaml"
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
TEXTS = ("label", "meaning", "approach", "reply")
KIND_KEYS = ("key", *TEXTS, "phrases", "patterns", "except")
EXCEPT = "!"  # the phrase list of a kind's exceptions is named key + EXCEPT


class SignalsError(PlacedError):
    """A signals file that cannot be used: every problem with its line."""


class Problems(placed.Problems):
    error = SignalsError


@dataclass(frozen=True)
class SignalKind:
    key: str  # price_objection
    label: str  # 价格异议
    meaning: str  # 言下之意: what the customer means
    approach: str  # how to answer
    reply: str  # an example answer


@dataclass(frozen=True)
class Signal:
    kind: str  # SignalKind.key
    segment: int  # Segment.index
    start: float  # when the segment starts, in seconds
    evidence: str  # the words that matched


class SignalBook:
    """The signal kinds in file order, ready to read transcripts."""

    def __init__(
        self,
        kinds: list[SignalKind],
        phrases: dict[str, tuple[str, ...]],
        patterns: dict[str, tuple[re.Pattern, ...]],
        exceptions: dict[str, tuple[str, ...]],
    ):
        self.kinds: dict[str, SignalKind] = {kind.key: kind for kind in kinds}
        self._patterns = [(key, p) for key, found in patterns.items() for p in found]
        self._index = PhraseIndex(
            {**phrases, **{key + EXCEPT: words for key, words in exceptions.items()}}
        )

    def __repr__(self) -> str:
        return f"<SignalBook {len(self.kinds)} kinds>"

    def detect(self, transcript: Transcript) -> list[Signal]:
        """The signals in the customer's segments, in segment order; within a segment,
        in the order their words were said."""
        found: list[Signal] = []
        for segment in transcript.segments:
            if segment.speaker == "customer":
                found += self._in_segment(segment)
        return found

    def _in_segment(self, segment: Segment) -> list[Signal]:
        """Each kind's earliest match (the longest, when two start together) outside
        its exceptions."""
        text = segment.text
        spans: dict[str, list[tuple[int, int]]] = {}
        for hit in self._index.find(text):
            for name in hit.lists:
                spans.setdefault(name, []).append((hit.start, hit.end))
        for key, pattern in self._patterns:
            for match in pattern.finditer(text):
                spans.setdefault(key, []).append(match.span())
        first: dict[str, tuple[int, str]] = {}
        for key in self.kinds:
            if key not in spans:
                continue
            excepted = spans.get(key + EXCEPT, ())
            for start, end in sorted(spans[key], key=lambda span: (span[0], -span[1])):
                if not any(start < e and s < end for s, e in excepted):
                    first[key] = (start, text[start:end])
                    break
        return [
            Signal(key, segment.index, segment.start, evidence)
            for key, (_at, evidence) in sorted(first.items(), key=lambda item: item[1][0])
        ]


# --- reading signals.yaml ------------------------------------------------------------


def _is_bare(phrase: str) -> bool:
    """A phrase without punctuation or spaces, which the text's punctuation cannot split."""
    return not any(ch.isspace() or unicodedata.category(ch).startswith("P") for ch in phrase)


def _phrases(problems: Problems, data: Mapping, field: str, where: str) -> tuple[str, ...]:
    words = problems.words(data, field, where)
    for phrase in words:
        if not _is_bare(phrase):
            problems.add(
                f"{where} {field}",
                _("短语 {phrase!r} 不能含标点或空格").format(phrase=phrase),
                data.line,
            )
    return tuple(w for w in words if _is_bare(w))


def _patterns(problems: Problems, data: Mapping, where: str) -> tuple[re.Pattern, ...]:
    compiled = []
    for pattern in problems.words(data, "patterns", where):
        try:
            regex = re.compile(pattern)
        except re.error as exc:
            problems.add(
                f"{where} patterns",
                _("正则表达式 {pattern!r} 无效（{reason}）").format(pattern=pattern, reason=exc),
                data.line,
            )
            continue
        if regex.search("") is not None:
            problems.add(
                f"{where} patterns",
                _("正则表达式 {pattern!r} 能匹配空文字，每一段都会命中").format(pattern=pattern),
                data.line,
            )
            continue
        compiled.append(regex)
    return tuple(compiled)


def _book(problems: Problems, raw: list) -> SignalBook:
    kinds: list[SignalKind] = []
    phrases: dict[str, tuple[str, ...]] = {}
    patterns: dict[str, tuple[re.Pattern, ...]] = {}
    exceptions: dict[str, tuple[str, ...]] = {}
    seen: set[str] = set()
    for index, data in enumerate(raw, 1):
        where = _("第 {index} 个信号").format(index=index)
        if not isinstance(data, Mapping):
            problems.add(where, _("应为映射（key、label、meaning、approach、reply、phrases）"))
            continue
        key = problems.text(data, "key", where)
        if key is not None and not KEY.match(key):
            problems.add(
                f"{where} key",
                _("{key!r} 应为小写英文字母、数字和下划线，如 price_objection").format(key=key),
                data.line,
            )
            key = None
        where = _("信号 {key}").format(key=key) if key else where
        problems.unknown_keys(data, KIND_KEYS, where)
        texts = [problems.text(data, field, where) for field in TEXTS]
        found = (
            _phrases(problems, data, "phrases", where),
            _patterns(problems, data, where),
            _phrases(problems, data, "except", where),
        )
        if not data.get("phrases") and not data.get("patterns"):
            problems.add(where, _("至少要有 phrases 或 patterns 之一"), data.line)
        if key in seen:
            problems.add(where, _("编号重复"), data.line)
            continue
        if key is not None:
            seen.add(key)
            if None not in texts:
                kinds.append(SignalKind(key, *texts))
                phrases[key], patterns[key], exceptions[key] = found
    return SignalBook(kinds, phrases, patterns, exceptions)


def load_signals(path: str | Path | None = None) -> SignalBook:
    """The signal kinds in `path` (ours when None); SignalsError with every problem."""
    path = Path(path) if path else DATA
    name = path.name if path == DATA else str(path)
    data = placed.read_yaml(placed.read_text(path, SignalsError), name, SignalsError)
    problems = Problems()
    if not isinstance(data, Mapping) or not isinstance(data.get("kinds"), list):
        raise SignalsError(name, [_("应为映射，其中 kinds 是信号的列表")])
    problems.unknown_keys(data, ("kinds",), _("信号文件"))
    book = _book(problems, data["kinds"])
    if not book.kinds and not problems:
        problems.add("kinds", _("至少要有一个信号"), data.line)
    problems.raise_for(name)
    return book


@lru_cache(maxsize=1)
def default_book() -> SignalBook:
    return load_signals()


def detect(transcript: Transcript) -> list[Signal]:
    """The signals in `transcript`, by our signal kinds."""
    return default_book().detect(transcript)
