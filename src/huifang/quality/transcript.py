"""A call transcript 通话转写, as speech-to-text vendors deliver it after speaker
separation (`formats.md`): who spoke, from when to when, and what was said.

`read_transcript` takes the JSON text and returns a `Transcript`, or raises
`TranscriptError` with every problem and its place (the segment's index), so that a
vendor's broken file is named, not half-checked.

Reading is in two steps, because most files are good and QA reads many of them: a
typed decoder (msgspec) builds the transcript straight from the bytes and checks the
shape; only when it refuses does the careful reader go through the file again to name
every problem and its place."""

import json
import math
from dataclasses import dataclass
from typing import Annotated, Literal

import msgspec

from huifang.placed import PlacedError
from huifang.text import _, listing

SPEAKERS = ("agent", "customer")
DIRECTIONS = ("outbound", "inbound")
ENDED_BY = ("agent", "customer", "unknown")
TOP_KEYS = {"call_id", "direction", "agent_no", "company", "ended_by", "segments"}
LONGEST = {"call_id": 64, "agent_no": 16, "company": 64}  # as the database keeps them
SEGMENT_KEYS = {"speaker", "start", "end", "text"}


class TranscriptError(PlacedError):
    """A transcript that cannot be checked: every problem with its place."""


Seconds = Annotated[float, msgspec.Meta(ge=0)]


class Segment(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """One stretch of one speaker's speech; `index` is its place in the file."""

    speaker: Literal["agent", "customer"]
    start: Seconds
    end: Seconds
    text: str
    index: int = -1

    @property
    def duration(self) -> float:
        return self.end - self.start


class _File(msgspec.Struct, forbid_unknown_fields=True):
    """The file as the typed decoder reads it."""

    segments: list[Segment]
    call_id: Annotated[str, msgspec.Meta(max_length=64)] | int = ""
    direction: Literal["outbound", "inbound"] = "outbound"
    agent_no: Annotated[str, msgspec.Meta(max_length=16)] | int = ""
    company: Annotated[str, msgspec.Meta(max_length=64)] = ""
    ended_by: Literal["agent", "customer", "unknown"] = "unknown"


_decoder = msgspec.json.Decoder(_File)


@dataclass(frozen=True)
class Transcript:
    call_id: str
    direction: str
    agent_no: str
    company: str
    ended_by: str
    segments: tuple[Segment, ...]

    def by(self, speaker: str) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.speaker == speaker)

    @property
    def agent(self) -> tuple[Segment, ...]:
        return self.by("agent")

    @property
    def customer(self) -> tuple[Segment, ...]:
        return self.by("customer")

    @property
    def duration(self) -> float:
        return max((s.end for s in self.segments), default=0.0)


def read_transcript(text: str | bytes, name: str, call_id: str = "") -> Transcript:
    """The transcript in `text` (JSON); `call_id` stands in when the file has none."""
    try:
        found = _decoder.decode(text)
    except msgspec.DecodeError:
        found = None
    if found is not None and all(s.index == -1 for s in found.segments):
        problems: list[str] = []
        _check_order(found.segments, problems)
        if not problems:
            return Transcript(
                call_id=str(found.call_id) if found.call_id != "" else call_id,
                direction=found.direction,
                agent_no=str(found.agent_no),
                company=found.company,
                ended_by=found.ended_by,
                segments=tuple(found.segments),
            )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            message = _("不是 UTF-8 编码的文字文件（第 {at} 字节）").format(at=exc.start)
            raise TranscriptError(name, [message]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = _("不是有效的 JSON（第 {line} 行第 {column} 列：{reason}）").format(
            line=exc.lineno, column=exc.colno, reason=exc.msg
        )
        raise TranscriptError(name, [message], [(exc.lineno, message)]) from None
    return parse_transcript(data, name, call_id)


def parse_transcript(data, name: str, call_id: str = "") -> Transcript:
    """The transcript in already-parsed JSON `data`."""
    problems = []
    if not isinstance(data, dict):
        raise TranscriptError(name, [_("应为 JSON 对象（{...}）")])
    for key in sorted(set(data) - TOP_KEYS):
        problems.append(_("未知字段 {key}").format(key=key))
    fields = {}
    for key, allowed, default in (
        ("direction", DIRECTIONS, "outbound"),
        ("ended_by", ENDED_BY, "unknown"),
    ):
        value = data.get(key, default)
        if value not in allowed:
            problems.append(
                _("{key} 应为 {allowed} 之一，不是 {value}").format(
                    key=key, allowed=listing(allowed), value=json.dumps(value, ensure_ascii=False)
                )
            )
        fields[key] = value
    for key, default in (("call_id", call_id), ("agent_no", ""), ("company", "")):
        value = data.get(key, default)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            problems.append(_("{key} 应为文字").format(key=key))
        elif len(value) > LONGEST[key]:
            problems.append(_("{key} 太长（最多 {n} 个字符）").format(key=key, n=LONGEST[key]))
        fields[key] = value
    if fields["call_id"] == "":
        fields["call_id"] = call_id  # an empty id names nothing: the file's name does
    raw = data.get("segments")
    segments: list[Segment] = []
    if raw is None:
        problems.append(_("缺少 segments"))
    elif not isinstance(raw, list):
        problems.append(_("segments 应为列表"))
    else:
        for index, item in enumerate(raw):
            segment = _segment(index, item, problems)
            if segment is not None:
                segments.append(segment)
        _check_order(segments, problems)
    if problems:
        raise TranscriptError(name, problems)
    return Transcript(segments=tuple(segments), **fields)


def _storable(text: str) -> bool:
    """No NUL and no lone surrogate: what a database and a web page can hold."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _finite(value: int | float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _where(index: int) -> str:
    return _("第 {n} 段（segments[{index}]）").format(n=index + 1, index=index)


def _segment(index: int, item, problems: list[str]) -> Segment | None:
    where = _where(index)
    if not isinstance(item, dict):
        problems.append(_("{where}：应为 JSON 对象").format(where=where))
        return None
    found = len(problems)
    for key in sorted(set(item) - SEGMENT_KEYS):
        problems.append(_("{where}：未知字段 {key}").format(where=where, key=key))
    speaker = item.get("speaker")
    if speaker not in SPEAKERS:
        problems.append(
            _("{where}：speaker 应为 {allowed} 之一，不是 {value}").format(
                where=where,
                allowed=listing(SPEAKERS),
                value=json.dumps(speaker, ensure_ascii=False),
            )
        )
    times = {}
    for key in ("start", "end"):
        value = item.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or not _finite(value):
            problems.append(_("{where}：{key} 应为秒数").format(where=where, key=key))
        elif value < 0:
            problems.append(_("{where}：{key} 不能为负").format(where=where, key=key))
        else:
            times[key] = float(value)
    if len(times) == 2 and times["end"] < times["start"]:
        problems.append(
            _("{where}：结束时间 {end} 早于开始时间 {start}").format(where=where, **times)
        )
    text = item.get("text")
    if not isinstance(text, str):
        problems.append(_("{where}：text 应为文字").format(where=where))
    elif not _storable(text):
        problems.append(_("{where}：text 含有无法保存的字符").format(where=where))
    if len(problems) > found:
        return None
    return Segment(speaker, times["start"], times["end"], text, index)


def _check_order(segments: list[Segment], problems: list[str]) -> None:
    """Segments come in the order they were spoken, and one speaker never overlaps
    herself (two speakers may: that is an interruption, which a rule looks for).
    Numbers the segments the typed decoder read."""
    latest: dict[str, Segment] = {}  # each speaker's segment that ends last so far
    previous_start = 0.0
    for index, segment in enumerate(segments):
        if segment.index < 0:
            segment.index = index
        start, end = segment.start, segment.end
        if "\x00" in segment.text:
            problems.append(
                _("{where}：text 含有无法保存的字符").format(where=_where(segment.index))
            )
            continue
        if end == math.inf:  # a number too large for a float
            problems.append(_("{where}：end 应为秒数").format(where=_where(segment.index)))
            continue
        if end < start:
            problems.append(
                _("{where}：结束时间 {end} 早于开始时间 {start}").format(
                    where=_where(segment.index), start=start, end=end
                )
            )
            continue
        if start < previous_start:
            problems.append(
                _("{where}：开始时间 {start} 早于上一段的 {before}，时间倒退").format(
                    where=_where(segment.index), start=start, before=previous_start
                )
            )
        earlier = latest.get(segment.speaker)
        if earlier is None:
            latest[segment.speaker] = segment
        elif start < earlier.end:
            problems.append(
                _("{where}：与同一说话人的第 {n} 段重叠（{start} 早于其结束 {end}）").format(
                    where=_where(segment.index), n=earlier.index + 1, start=start, end=earlier.end
                )
            )
            if end > earlier.end:
                latest[segment.speaker] = segment
        else:
            latest[segment.speaker] = segment
        previous_start = start
