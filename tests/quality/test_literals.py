"""A pattern is tried only where a text it cannot match without was found: the texts
are the right ones, and narrowing never changes a finding."""

import random
import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huifang.quality.generate import generate, random_faults
from huifang.quality.inspect import inspect
from huifang.quality.literals import needed
from huifang.quality.matching import CallView, Match, regex
from huifang.quality.phrases import PhraseIndex
from huifang.quality.rules import default_rules
from huifang.quality.transcript import parse_transcript


@pytest.mark.parametrize(
    ("pattern", "texts"),
    [
        ("方便", ["方便"]),
        ("您不愿意.{0,12}对吗", ["您不愿意"]),
        ("一定(给|帮)您.{0,4}(赔|退|补偿|免费)", ["一定"]),
        ("[路街道巷弄][0-9一二三]+号", ["号"]),
        ("[小花][区园][0-9]+(?:栋|号楼|单元)", ["小", "花"]),
        ("[小花公大][区园寓厦][0-9]+(?:栋|号楼|单元)", ["栋", "号楼", "单元"]),
        (r"1[3-9]\d(?:[ -]?\d){8}|0\d{2,3}-?\d{7,8}", ["1", "0"]),
        ("(?:多少钱)+", ["多少钱"]),
        ("[是对]的", ["的"]),
        # Nothing is certain: classes, optional parts, an empty branch, ignored case.
        (r"\d{11}", None),
        ("(?:稍等)?", None),
        ("稍等|", None),
        ("(?i)vip", None),
        ("(?i:vip)会员", ["会员"]),
        ("[^不]满意", ["满意"]),
    ],
)
def test_the_texts_a_pattern_needs(pattern, texts):
    assert needed(re.compile(pattern)) == texts


PIECES = ["方便", "号", "1", "0", "一定", "您", "帮", "赔", "，", "3", "路", "五", "对吗", "稍等"]
PATTERNS = [
    "方便",
    "[路街道巷弄][0-9一二三四五六七八九十百]+号",
    r"1[3-9]\d(?:[ -]?\d){8}|0\d{2,3}-?\d{7,8}",
    "一定(给|帮)您.{0,4}(赔|退|补偿|免费)",
    "您.{0,3}对吗",
    "^方便",
    "号$",
]


@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=12), min_size=1, max_size=8))
def test_narrowing_never_changes_which_segments_match(pieces):
    texts = ["".join(p) for p in pieces]
    document = {
        "segments": [
            {"speaker": "agent", "start": 2.0 * i, "end": 2.0 * i + 1, "text": t}
            for i, t in enumerate(texts)
        ]
    }
    transcript = parse_transcript(document, "t.json")
    for pattern in map(re.compile, PATTERNS):
        texts_needed = needed(pattern)
        keys = ["=" + t for t in texts_needed]
        call = CallView(transcript, PhraseIndex({k: (k[1:],) for k in keys}))
        narrow = Match([regex(pattern, keys)])
        everywhere = Match([regex(pattern)])
        candidates = narrow.candidates(call)
        matching = {i for i in range(len(texts)) if everywhere(call, i) is not None}
        assert matching <= candidates, (pattern.pattern, texts)


def test_the_built_in_rules_find_the_same_with_and_without_narrowing():
    """Every rule tried on every segment of its scope finds what the narrowed rules
    find, on calls with many faults."""
    rules = default_rules()
    untold = replace(
        rules,
        rules=tuple(
            replace(r, match=_Untold(r.match.tests)) if r.match is not None else r
            for r in rules.rules
        ),
    )
    rng = random.Random(7)
    for n in range(60):
        document = generate(rng, call_id=f"N{n}", faults=random_faults(rng, 0.8), length=40)
        transcript = parse_transcript(document, "n.json")
        assert inspect(transcript, untold).findings == inspect(transcript, rules).findings


class _Untold(Match):
    """A match that never says which segments it can hold for."""

    def candidates(self, call):
        return None
