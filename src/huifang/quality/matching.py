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

from huifang.quality.phrases import Joined, PhraseIndex
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
    """One transcript with what the operators look at, computed once: the phrase
    lists found in each segment (one Aho-Corasick pass over the whole call), each
    speaker's segments, the silence after each segment, and how far each segment
    runs over the other speaker's."""

    def __init__(self, transcript: Transcript, index: PhraseIndex):
        self.transcript = transcript
        segments = self.segments = transcript.segments
        texts = [s.text for s in segments]
        self.joined = Joined(texts)
        self.spoken = spoken_chars(texts)
        # phrase list → its first phrase, per segment; phrase list → the segments
        self.hits, self.having = index.in_each(self.joined)
        n = len(segments)
        agent, customer = [], []
        gap_after = self.gap_after = [0.0] * n
        overlap_before = self.overlap_before = [0.0] * n
        last_agent = last_customer = None
        latest, latest_end = 0, -1.0  # the segment that has ended last so far
        for i, segment in enumerate(segments):
            start, end = segment.start, segment.end
            # One speaker never overlaps herself, so only the other's latest
            # segment can still be running when this one starts.
            if segment.speaker == "agent":
                agent.append(i)
                other, last_agent = last_customer, segment
            else:
                customer.append(i)
                other, last_customer = last_agent, segment
            if other is not None and other.start < start < other.end:
                overlap_before[i] = min(end, other.end) - start
            if i and start - latest_end > gap_after[latest]:
                gap_after[latest] = start - latest_end
            if end >= latest_end:
                latest, latest_end = i, end
        self.by_speaker = {"agent": agent, "customer": customer, "any": list(range(n))}
        self._scopes: dict = {}

    def having_any(self, keys: list[str]) -> set[int]:
        """The segments where a phrase of any of the lists `keys` was found."""
        return set().union(*(self.having.get(k, ()) for k in keys))

    def of(self, speaker: str) -> list[int]:
        return self.by_speaker[speaker]

    def scope(self, scope) -> list[int]:
        """The segments a rule's scope (speaker, first, last) looks at."""
        found = self._scopes.get(scope)
        if found is None:
            speaker, first, last = scope
            found = self.by_speaker[speaker]
            if first:
                found = found[:first]
            elif last:
                found = found[-last:]
            self._scopes[scope] = found
        return found

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
        if speaker == self.segments[i].speaker:
            return 0.0
        return self.overlap_before[i]


# A test sees the call, the segment's index, the anchor's words (inside an anchored
# condition) and the words the match has seen so far in this segment.
Test = Callable[[CallView, int, str | None, str], str | None]


@dataclass
class Match:
    """Every test must hold; the words come from the first test that names some."""

    tests: list[Test] = field(default_factory=list)

    def candidates(self, call: CallView) -> set[int] | None:
        """The segments that can match at all (None: any may), from the tests that
        know theirs at a glance: phrase lists found, a pattern found in the call."""
        found = None
        for test in self.tests:
            narrow = getattr(test, "candidates", None)
            if narrow is not None:
                mine = narrow(call)
                if mine is not None:
                    found = mine if found is None else found & mine
        return found

    def __call__(self, call: CallView, i: int, anchor: str | None = None) -> str | None:
        words = ""
        for test in self.tests:
            found = test(call, i, anchor, words)
            if found is None:
                return None
            words = words or found
        return words


# --- the operators: each takes its compiled argument and returns a Test ----------


def narrowed(test: Test, candidates: Callable[[CallView], set[int] | None]) -> Test:
    """`test`, knowing which segments it can hold for."""
    test.candidates = candidates
    return test


def any_of(keys: list[str]) -> Test:
    def test(call, i, anchor, seen):
        hits = call.hits[i]
        for key in keys:
            if key in hits:
                return hits[key]
        return None

    return narrowed(test, lambda call: call.having_any(keys))


def all_of(keys: list[str]) -> Test:
    def test(call, i, anchor, seen):
        hits = call.hits[i]
        if all(key in hits for key in keys):
            return hits[keys[0]]
        return None

    return narrowed(test, lambda call: set.intersection(*(call.having.get(k, set()) for k in keys)))


def at_least(n: int, keys: list[str]) -> Test:
    def test(call, i, anchor, seen):
        found = [call.hits[i][key] for key in keys if key in call.hits[i]]
        return "、".join(found) if len(found) >= n else None

    return test


def none_of(keys: list[str]) -> Test:
    def test(call, i, anchor, seen):
        return None if any(key in call.hits[i] for key in keys) else ""

    return test


def regex(pattern: re.Pattern, needs: list[str] | None = None) -> Test:
    """`needs`: the index keys of texts one of which every match holds
    (`literals.needed`), so only the segments holding one are tried."""

    def test(call, i, anchor, seen):
        found = pattern.search(call.segments[i].text)
        return found.group(0) if found else None

    if needs is None:
        return test
    return narrowed(test, lambda call: call.having_any(needs))


def unless(pattern: re.Pattern) -> Test:
    def test(call, i, anchor, seen):
        return None if pattern.search(call.segments[i].text) else ""

    return test


def only(texts: frozenset[str]) -> Test:
    longest = max(map(len, texts), default=0)

    def test(call, i, anchor, seen):
        text = call.segments[i].text
        return text.strip() if plain(text) in texts else None

    def candidates(call):
        # A segment that speaks more characters than the longest text cannot be only
        # that text (`plain` keeps every spoken character).
        return {i for i, n in enumerate(call.spoken) if n <= longest}

    return narrowed(test, candidates)


def says(name: str) -> Test:
    def test(call, i, anchor, seen):
        value = getattr(call.transcript, name)
        return value if value and value in call.segments[i].text else None

    return test


def chars(low: int | None, high: int | None) -> Test:
    def test(call, i, anchor, seen):
        n = call.spoken[i]
        ok = (low is None or n >= low) and (high is None or n <= high)
        return "" if ok else None

    return test


def gap_after(seconds: float) -> Test:
    def test(call, i, anchor, seen):
        gap = call.gap_after[i]
        return _("其后静默 {s:.1f} 秒").format(s=gap) if gap >= seconds else None

    return narrowed(test, lambda call: {i for i, g in enumerate(call.gap_after) if g >= seconds})


def silence_until_next(speaker: str, seconds: float) -> Test:
    def test(call, i, anchor, seen):
        gap = call.silence_until_next(i, speaker)
        return _("其后静默 {s:.1f} 秒").format(s=gap) if gap >= seconds else None

    return test


def overlaps(speaker: str, seconds: float) -> Test:
    def test(call, i, anchor, seen):
        overlap = call.overlap(i, speaker)
        return _("抢话 {s:.1f} 秒").format(s=overlap) if overlap >= seconds else None

    def candidates(call):
        return {i for i, o in enumerate(call.overlap_before) if o >= seconds and o > 0}

    return narrowed(test, candidates)


def either(matches: list[Match]) -> Test:
    def test(call, i, anchor, seen):
        for match in matches:
            found = match(call, i, anchor)
            if found is not None:
                return found
        return None

    def candidates(call):
        found = set()
        for match in matches:
            mine = match.candidates(call)
            if mine is None:
                return None
            found |= mine
        return found

    return narrowed(test, candidates)


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
    """The segments an anchored condition looks at, nearest first. Before segment i
    means begun before it ended: a short "请您稍等" said inside a customer's long turn
    comes before the silence that follows that turn."""
    me = call.segments[i]
    segments = call.segments
    if after:
        order = range(i if anchor.include_self else i + 1, len(segments))
    else:
        inside = [j for j in range(i + 1, len(segments)) if segments[j].start < me.end]
        order = [*reversed(inside), *([i] if anchor.include_self else []), *range(i - 1, -1, -1)]
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
