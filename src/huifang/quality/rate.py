"""Speaking rate 语速 exactly as `quality.md` defines it.

A segment's rate is its spoken characters (Chinese characters, digits read as
syllables, Latin letters as one each; no punctuation or spaces) divided by its
duration, in characters a minute. Segments under `min_chars` characters or
`min_seconds` seconds are not rated. The call's rate is the median of the rated
segments; with fewer than `min_segments` of them it is not measurable (None)."""

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from huifang.quality.transcript import Segment

# What is not spoken (punctuation, spaces): few in a segment, so counting them is the
# fast way to count what is.
UNSPOKEN = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9０-９A-Za-zＡ-Ｚａ-ｚ]")


@dataclass(frozen=True)
class RateSettings:
    min_chars: int = 8
    min_seconds: float = 1.5
    min_segments: int = 3


@dataclass(frozen=True)
class Rate:
    per_minute: float | None  # None: not measurable
    rated: int  # how many segments were rated


def spoken_chars(text: str) -> int:
    return len(text) - len(UNSPOKEN.findall(text))


def speaking_rate(segments: Iterable[Segment], settings: RateSettings) -> Rate:
    """The median rate of the segments long enough to rate (characters a minute)."""
    shortest, fewest = settings.min_seconds, settings.min_chars
    rates = []
    for s in segments:
        seconds = s.end - s.start
        if seconds >= shortest and (chars := spoken_chars(s.text)) >= fewest:
            rates.append(chars / seconds * 60)
    if len(rates) < settings.min_segments:
        return Rate(None, len(rates))
    return Rate(round(statistics.median(rates), 1), len(rates))
