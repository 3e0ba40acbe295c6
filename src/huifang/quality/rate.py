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

SPOKEN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9０-９A-Za-zＡ-Ｚａ-ｚ"
# What is not spoken (punctuation, spaces), NUL aside: it parts the texts counted together.
UNSPOKEN = re.compile(f"[^{SPOKEN}\x00]+")


@dataclass(frozen=True)
class RateSettings:
    min_chars: int = 8
    min_seconds: float = 1.5
    min_segments: int = 3


@dataclass(frozen=True)
class Rate:
    per_minute: float | None  # None: not measurable
    rated: int  # how many segments were rated


def spoken_chars(texts: list[str]) -> list[int]:
    """The spoken characters of each text, counted in one pass over them all."""
    parts = UNSPOKEN.sub("", "\x00".join(texts)).split("\x00")
    if len(parts) != len(texts):  # a text held a NUL, which no stored text does
        return [len(UNSPOKEN.sub("", t.replace("\x00", ""))) for t in texts]
    return [len(p) for p in parts]


def speaking_rate(segments: Iterable[tuple[float, int]], settings: RateSettings) -> Rate:
    """The median rate of the segments long enough to rate (characters a minute), from
    each segment's seconds and spoken characters."""
    shortest, fewest = settings.min_seconds, settings.min_chars
    rates = [
        chars / seconds * 60
        for seconds, chars in segments
        if seconds >= shortest and chars >= fewest
    ]
    if len(rates) < settings.min_segments:
        return Rate(None, len(rates))
    return Rate(round(statistics.median(rates), 1), len(rates))
