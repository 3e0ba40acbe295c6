"""The generator and the rule engine agree: a clean generated call fires nothing, and
each fault fires exactly the rule it is named for (the demo and the benchmark rely on
both)."""

import random

import pytest

from huifang.quality.generate import FAULTS, generate, random_faults
from huifang.quality.inspect import inspect
from huifang.quality.transcript import parse_transcript

KINDS = ["satisfaction", "reminder", "dormant", "complaint_followup"]


def fired(document) -> set[str]:
    return {f.rule for f in inspect(parse_transcript(document, "g.json")).findings}


@pytest.mark.parametrize("kind", KINDS)
def test_clean_generated_calls_fire_nothing(kind):
    rng = random.Random(kind)
    for n in range(10):
        assert fired(generate(rng, call_id=f"G{n}", kind=kind)) == set()


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_fires_exactly_its_rule(fault):
    rng = random.Random(fault)
    for kind in KINDS:
        document = generate(rng, call_id="G", kind=kind, faults=frozenset({fault}))
        assert fired(document) == {FAULTS[fault]}, (fault, kind)


def test_random_faults_fire_their_rules_on_long_calls():
    rng = random.Random(40)
    for n in range(100):
        faults = random_faults(rng, rng.random())
        document = generate(rng, call_id=f"L{n}", faults=faults, length=40)
        assert fired(document) == {FAULTS[f] for f in faults}
