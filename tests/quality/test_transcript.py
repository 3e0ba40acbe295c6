"""Reading transcripts: the fast typed decoder and the careful reader agree on every
file — the same transcript from a good one, the same problems from a bad one."""

import json

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from huifang.quality.transcript import TranscriptError, parse_transcript, read_transcript

times = st.one_of(
    st.floats(min_value=0, max_value=300, allow_nan=False).map(lambda x: round(x, 1)),
    st.sampled_from([-1.0, True, "3.0", None]),
)
segment = st.fixed_dictionaries(
    {
        "speaker": st.sampled_from(["agent", "customer", "boss"]),
        "start": times,
        "end": times,
        "text": st.one_of(st.text(max_size=12), st.just(5), st.sampled_from(["a\x00b", "\ud800"])),
    },
    optional={"extra": st.just(1), "index": st.just(42)},
)
document = st.fixed_dictionaries(
    {"segments": st.lists(segment, max_size=8)},
    optional={
        "call_id": st.one_of(st.text(max_size=5), st.integers(0, 99), st.just("x" * 65)),
        "direction": st.sampled_from(["outbound", "inbound", "sideways"]),
        "ended_by": st.sampled_from(["agent", "customer", "unknown", "nobody"]),
        "agent_no": st.just("1024"),
    },
)


def outcome(read):
    try:
        t = read()
    except TranscriptError as exc:
        return "refused", exc.problems
    segments = [msgspec.structs.asdict(s) for s in t.segments]
    return "read", (t.call_id, t.direction, t.agent_no, t.ended_by, segments)


@settings(max_examples=400, deadline=None)
@given(document)
def test_the_fast_and_the_careful_reader_agree(data):
    text = json.dumps(data)  # escapes: a lone surrogate arrives as \\ud800
    fast = outcome(lambda: read_transcript(text.encode(), "t.json", call_id="F"))
    careful = outcome(lambda: parse_transcript(json.loads(text), "t.json", call_id="F"))
    assert fast[0] == careful[0]
    if fast[0] == "read":
        assert fast == careful
    else:
        assert fast[1] == careful[1]


def test_segments_are_numbered_in_file_order():
    text = json.dumps(
        {
            "segments": [{"speaker": "agent", "start": 0, "end": 1, "text": "您好"}] * 1
            + [{"speaker": "customer", "start": 1.2, "end": 2, "text": "喂"}]
        }
    )
    assert [s.index for s in read_transcript(text, "t.json").segments] == [0, 1]


def test_a_number_too_large_for_a_float_is_refused_not_a_crash():
    text = (
        '{"segments": [{"speaker": "agent", "start": 0, "end": 1' + "0" * 400 + ', "text": "x"}]}'
    )
    try:
        read_transcript(text, "t.json")
    except TranscriptError as exc:
        assert exc.problems == ["第 1 段（segments[0]）：end 应为秒数"]
    else:
        raise AssertionError("accepted")
