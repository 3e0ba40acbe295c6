"""A call laid out for the inspector: each segment with the findings and customer
signals that point at it, the words that fired marked, and the silences between."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

SHOWN_GAP = 5.0  # silences at least this long are drawn between segments


@dataclass
class Line:
    index: int
    speaker: str
    start: float
    end: float
    marked: str  # the text, HTML-escaped, with the words that fired in <mark>
    findings: list = field(default_factory=list)
    signals: list = field(default_factory=list)
    gap_before: float = 0.0


def mark(text: str, words: list[str]) -> str:
    """`text` escaped, every occurrence of each of `words` wrapped in <mark>."""
    spans = []
    for word in {w for w in words if w}:
        start = text.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = text.find(word, start + len(word))
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        out.append(html.escape(text[at:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


def timeline(segments: list[dict], findings, signals: list[dict]) -> list[Line]:
    by_segment: dict[int, list] = {}
    for finding in findings:
        if finding.segment is not None:
            by_segment.setdefault(finding.segment, []).append(finding)
    signals_at: dict[int, list] = {}
    for signal in signals:
        signals_at.setdefault(signal["segment"], []).append(signal)
    lines, latest = [], 0.0
    for index, s in enumerate(segments):
        mine = by_segment.get(index, [])
        heard = signals_at.get(index, [])
        words = [f.words for f in mine if f.counts] + [g["evidence"] for g in heard]
        gap = s["start"] - latest if index else 0.0
        lines.append(
            Line(
                index=index,
                speaker=s["speaker"],
                start=s["start"],
                end=s["end"],
                marked=mark(s["text"], words),
                findings=mine,
                signals=heard,
                gap_before=round(gap, 1) if gap >= SHOWN_GAP else 0.0,
            )
        )
        latest = max(latest, s["end"])
    return lines
