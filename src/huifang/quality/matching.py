"""The operators a QA check is written in, and what they look at in a call.

A `Match` is compiled once from the rules file (`match:` of a rule) and then asked,
for one segment of one `CallView`, whether the segment shows what it wants. Every key
of a match must hold. The answer is None (no) or the words that showed it ("" when
nothing in particular was said, e.g. `none:` or `gap_after:`); the words become the
finding's evidence and, for `echo`, what the next segment must repeat.

The phrases of every operator are found in one Aho-Corasick pass per segment
(`CallView.hits`): `@name` stands for a phrase list, anything else for itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from huifang.quality.phrases import PhraseIndex
from huifang.quality.rate import spoken_chars
from huifang.quality.transcript import SPEAKERS, Transcript
from huifang.text import _

PUNCTUATION = re.compile(r"[\s\W_]+")
SPEAKER_CHOICES = (*SPEAKERS, "any")
FIELDS = ("company", "agent_no")


def plain(text: str) -> str:
    """The text without spaces and punctuation, for `only` and `echo`."""
    return PUNCTUATION.sub("", text)


def list_key(item: str) -> str:
    """The name a phrase item is indexed under: `@taboo` → `taboo`, `稍等` → `=稍等`."""
    return item[1:] if item.startswith("@") else "=" + item


class CallView:
    """One transcript with what the operators look at, computed once: the phrases
    found in each segment, each segment's place among its speaker's segments, and
    the silence after it."""

    def __init__(self, transcript: Transcript, index: PhraseIndex):
        self.transcript = transcript
        self.segments = transcript.segments
        self.hits = [index.lists_in(s.text) for s in self.segments]
        self.gap_after = [0.0] * len(self.segments)
        latest = None  # the segment that has ended last so far
        for i, segment in enumerate(self.segments):
            if latest is None or segment.end >= self.segments[latest].end:
                latest = i
            if i + 1 < len(self.segments):
                gap = self.segments[i + 1].start - self.segments[latest].end
                self.gap_after[latest] = max(self.gap_after[latest], gap)

    def of(self, speaker: str) -> list[int]:
        return [i for i, s in enumerate(self.segments) if speaker in ("any", s.speaker)]

    def silence_until_next(self, i: int, speaker: str) -> float:
        """The longest silence between segment i and the next segment of `speaker`."""
        longest = 0.0
        for j in range(i, len(self.segments)):
            if j > i and speaker in ("any", self.segments[j].speaker):
                break
            longest = max(longest, self.gap_after[j])
        return longest

    def overlap(self, i: int, speaker: str) -> float:
        """How long segment i runs inside an earlier-started segment of `speaker`."""
        me = self.segments[i]
        longest = 0.0
        for other in self.segments[:i]:
            if other.speaker == speaker or speaker == "any":
                if other.start < me.start < other.end:
                    longest = max(longest, min(me.end, other.end) - me.start)
        return longest


# A test sees the call, the segment's index, the anchor's words (inside an anchored
# condition) and the words the match has seen so far in this segment.
Test = Callable[[CallView, int, str | None, str], str | None]


@dataclass
class Match:
    """Every test must hold; the words come from the first test that names some."""

    tests: list[Test] = field(default_factory=list)

    def __call__(self, call: CallView, i: int, anchor: str | None = None) -> str | None:
        words = ""
        for test in self.tests:
            found = test(call, i, anchor, words)
            if found is None:
                return None
            words = words or found
        return words


# --- the operators: each takes its compiled argument and returns a Test ----------


def any_of(keys: list[str]) -> Test:
    def test(call, i, anchor, seen):
        hits = call.hits[i]
        for key in keys:
            if key in hits:
                return hits[key][0].phrase
        return None

    return test


def all_of(keys: list[str]) -> Test:
    def test(call, i, anchor, seen):
        hits = call.hits[i]
        if all(key in hits for key in keys):
            return hits[keys[0]][0].phrase
        return None

    return test


def at_least(n: int, keys: list[str]) -> Test:
    def test(call, i, anchor, seen):
        found = [call.hits[i][key][0].phrase for key in keys if key in call.hits[i]]
        return "、".join(found) if len(found) >= n else None

    return test


def none_of(keys: list[str]) -> Test:
    def test(call, i, anchor, seen):
        return None if any(key in call.hits[i] for key in keys) else ""

    return test


def regex(pattern: re.Pattern) -> Test:
    def test(call, i, anchor, seen):
        found = pattern.search(call.segments[i].text)
        return found.group(0) if found else None

    return test


def unless(pattern: re.Pattern) -> Test:
    def test(call, i, anchor, seen):
        return None if pattern.search(call.segments[i].text) else ""

    return test


def only(texts: frozenset[str]) -> Test:
    def test(call, i, anchor, seen):
        text = call.segments[i].text
        return text.strip() if plain(text) in texts else None

    return test


def says(name: str) -> Test:
    def test(call, i, anchor, seen):
        value = getattr(call.transcript, name)
        return value if value and value in call.segments[i].text else None

    return test


def chars(low: int | None, high: int | None) -> Test:
    def test(call, i, anchor, seen):
        n = spoken_chars(call.segments[i].text)
        ok = (low is None or n >= low) and (high is None or n <= high)
        return "" if ok else None

    return test


def gap_after(seconds: float) -> Test:
    def test(call, i, anchor, seen):
        gap = call.gap_after[i]
        return _("其后静默 {s:.1f} 秒").format(s=gap) if gap >= seconds else None

    return test


def silence_until_next(speaker: str, seconds: float) -> Test:
    def test(call, i, anchor, seen):
        gap = call.silence_until_next(i, speaker)
        return _("其后静默 {s:.1f} 秒").format(s=gap) if gap >= seconds else None

    return test


def overlaps(speaker: str, seconds: float) -> Test:
    def test(call, i, anchor, seen):
        overlap = call.overlap(i, speaker)
        return _("抢话 {s:.1f} 秒").format(s=overlap) if overlap >= seconds else None

    return test


def either(matches: list[Match]) -> Test:
    def test(call, i, anchor, seen):
        for match in matches:
            found = match(call, i, anchor)
            if found is not None:
                return found
        return None

    return test


def echo(n: int) -> Test:
    """The segment repeats `n` consecutive characters of what the anchor matched
    (all of it when shorter), spaces and punctuation aside."""

    def test(call, i, anchor, seen):
        said = plain(anchor or "")
        if not said:
            return None
        text = plain(call.segments[i].text)
        size = min(n, len(said))
        windows = (said[k : k + size] for k in range(len(said) - size + 1))
        return said if any(w in text for w in windows) else None

    return test


@dataclass(frozen=True)
class Anchor:
    """Where an anchored condition looks: the nearest `segments` segments of
    `speaker` after (or before) the anchor, within `seconds` of it."""

    speaker: str
    segments: int
    seconds: float | None
    include_self: bool
    match: Match


def near(call: CallView, i: int, anchor: Anchor, after: bool) -> list[int]:
    me = call.segments[i]
    order = range(i if anchor.include_self else i + 1, len(call.segments))
    if not after:
        order = range(i if anchor.include_self else i - 1, -1, -1)
    found = []
    for j in order:
        other = call.segments[j]
        if anchor.speaker not in ("any", other.speaker):
            continue
        distance = other.start - me.end if after else me.start - other.end
        if anchor.seconds is not None and j != i and distance > anchor.seconds:
            break
        found.append(j)
        if len(found) == anchor.segments:
            break
    return found


def anchored(anchor: Anchor, after: bool, wanted: bool) -> Test:
    """`followed_by` (after, wanted), `not_followed_by`, `preceded_by`, `not_preceded_by`.
    What the segment has shown so far (the number a customer gave, say), or else its
    whole text, is handed on as the anchor for `echo`."""

    def test(call, i, outer, seen):
        mine = seen or call.segments[i].text
        found = next(
            (
                w
                for j in near(call, i, anchor, after)
                if (w := anchor.match(call, j, mine)) is not None
            ),
            None,
        )
        if wanted:
            return found
        return "" if found is None else None

    return test
