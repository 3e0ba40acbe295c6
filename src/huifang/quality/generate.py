"""Realistic call transcripts 通话转写样本 of varied quality, for the demo data and the QA
benchmark: a callback that follows 回访三步曲 (greeting, self-introduction, purpose and
duration, is now convenient; the questions of the campaign's kind; thanks, blessing and
goodbye), with the faults asked for — each one breaking exactly one rule of quality.md.

`generate` returns the transcript JSON object of formats.md; `random_faults` draws a set
of faults for a call of a given quality. `dialogue.py` decides what is said (the words
are data, `data/dialogue.yaml`); this module decides when: speaking rates, gaps, holds,
backchannels under the other's speech. Plain Python, no Django, and fast (10,000 calls
of 40 segments in a few seconds). Everything random comes from the `random.Random`
passed in, so one seed gives one transcript."""

from __future__ import annotations

import random

from huifang.quality.dialogue import KINDS, Call, context, load

# Fault name -> the quality.md rule it makes fire.
FAULTS: dict[str, str] = {
    "no_greeting": "greeting-missing",
    "bare_greeting": "greeting-bare",
    "no_self_intro": "self-intro-missing",
    "no_convenience": "convenience-not-asked",
    "taboo": "forbidden-phrase",
    "bare_what": "bare-what",
    "negative": "negative-phrasing",
    "hold_no_reason": "hold-without-reason",
    "hold_no_thanks": "hold-no-thanks",
    "long_silence": "long-silence",
    "interruption": "interruption",
    "no_closing_question": "closing-question-missing",
    "no_thanks": "thanks-missing",
    "no_goodbye": "goodbye-missing",
    "agent_hangs_up": "agent-hung-up-first",
    "promise": "unauthorized-promise",
    "disparage": "competitor-disparagement",
    "unconfirmed_info": "info-not-confirmed",
    "too_fast": "speech-too-fast",
    "too_slow": "speech-too-slow",
}
# How likely each fault is in a call of quality 0 (random_faults scales by 1 - quality).
_LIKELIHOOD = {
    "no_greeting": 0.2,
    "bare_greeting": 0.25,
    "no_self_intro": 0.3,
    "no_convenience": 0.4,
    "taboo": 0.2,
    "bare_what": 0.2,
    "negative": 0.4,
    "hold_no_reason": 0.2,
    "hold_no_thanks": 0.2,
    "long_silence": 0.2,
    "interruption": 0.35,
    "no_closing_question": 0.4,
    "no_thanks": 0.35,
    "no_goodbye": 0.35,
    "agent_hangs_up": 0.25,
    "promise": 0.15,
    "disparage": 0.15,
    "unconfirmed_info": 0.25,
    "too_fast": 0.2,
    "too_slow": 0.12,
}
_EXCLUSIVE = (("no_greeting", "bare_greeting"), ("too_fast", "too_slow"))

# Short names callers may use for the campaign kinds (dialogue.KINDS).
KIND_ALIASES = {
    "satisfaction": "satisfaction_service",
    "booking": "appointment",
    "lead": "potential",
    "care": "holiday",
}
# Characters a speaking rate does not count (quality.md: no punctuation or spaces).
_SILENT = str.maketrans("", "", " \u3000，。？！、：；“”‘’（）《》…—·～,.?!:;\"'()-~")


def spoken_length(text: str) -> int:
    """The characters of `text` that are spoken (quality.md's speaking rate)."""
    return len(text.translate(_SILENT))


def random_faults(rng: random.Random, quality: float) -> frozenset[str]:
    """Faults for one call: none at quality 1.0, about five at 0.0 (never both of a
    pair that cannot go together: no greeting and a bare one, too fast and too slow)."""
    if not 0.0 <= quality <= 1.0:
        raise ValueError(f"quality must be between 0 and 1, not {quality}")
    chance = 1.0 - quality
    chosen = {fault for fault in FAULTS if rng.random() < chance * _LIKELIHOOD[fault]}
    for one, other in _EXCLUSIVE:
        if one in chosen and other in chosen:
            chosen.discard(one if rng.random() < 0.5 else other)
    return frozenset(chosen)


def generate(
    rng: random.Random,
    *,
    call_id: str,
    agent_no: str = "1024",
    company: str = "长城汽车",
    customer: str = "王",
    title: str = "先生",
    kind: str = "satisfaction",
    faults: frozenset[str] = frozenset(),
    length: int | None = None,
    direction: str = "outbound",
    hour: int | None = None,
) -> dict:
    """One call's transcript (formats.md) with `faults` (keys of FAULTS); `length` is
    about how many segments (a natural 15–30 when None); `hour` (0–23) picks the
    greeting by time of day (早上好 … 晚上好), else it is drawn."""
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in KINDS:
        raise ValueError(f"unknown campaign kind {kind!r}")
    if direction not in ("outbound", "inbound"):
        raise ValueError(f"direction must be outbound or inbound, not {direction!r}")
    unknown = set(faults) - FAULTS.keys()
    if unknown:
        raise ValueError(f"unknown faults: {', '.join(sorted(unknown))}")
    call = Call(
        rng,
        load(),
        kind,
        frozenset(faults),
        context(rng, agent_no, company, customer, title),
    )
    target = length if length is not None else rng.randint(15, 30)
    opening = call.opening(direction, hour)
    tail = call.tail()
    turns = opening + call.body(target - len(opening) - len(tail)) + tail
    hung_up = "agent_hangs_up" in faults
    if hung_up and turns[-1][0] == "customer":
        turns.pop()  # the agent hangs up on her own goodbye
    return {
        "call_id": call_id,
        "direction": direction,
        "agent_no": agent_no,
        "company": company,
        "ended_by": "agent" if hung_up else "customer",
        "segments": _timeline(rng, turns, faults),
    }


# How long and how fast: agents 205–265 characters a minute ± 10 %, kept within 170–305
# (quality.md's anchors: ~258 is best understood), customers 190–290; gaps of 0.2–1.5 s,
# sometimes a start 0.1–0.3 s before the other ends; a proper hold 10.5–40 s, a faulty
# one 10.2–14 s (so it breaks only its own rule, not long-silence's 15 s); a silence
# 16–25 s. Times are kept in whole tenths of a second, so no float lands on a limit.
_PAUSES = {"hold": (105, 400), "hold_short": (102, 140), "silence": (160, 250)}


def _timeline(rng: random.Random, turns: list, faults: frozenset[str]) -> list[dict]:
    uniform, randint = rng.uniform, rng.randint
    clean = not {"too_fast", "too_slow"} & faults
    if clean:
        agent_rate, spread = uniform(205, 265), 0.1
    else:
        agent_rate = uniform(360, 420) if "too_fast" in faults else uniform(100, 128)
        spread = 0.05
    rates = {"agent": agent_rate, "customer": uniform(190, 290)}
    segments = []
    now = last_start = 0
    last_end = {"agent": 0, "customer": 0}
    prev = None  # the last segment that was not a backchannel: (speaker, start, end)
    for speaker, text, mark in turns:
        rate = rates[speaker] * (1 + uniform(-spread, spread))
        if speaker == "agent" and clean:
            rate = min(max(rate, 170), 305)
        duration = max(3, round(spoken_length(text) * 600 / rate))
        if mark == "bc" and prev and prev[0] != speaker and prev[2] - prev[1] >= 20:
            start = prev[1] + round((prev[2] - prev[1]) * uniform(0.3, 0.65))
            duration = randint(3, 5)
        elif mark == "cut" and prev and prev[2] - prev[1] >= 25:
            start = prev[2] - randint(15, min(30, prev[2] - prev[1] - 8))
        else:
            gap = _PAUSES.get(mark)
            if gap:
                start = now + randint(*gap)
            elif prev and prev[0] != speaker and rng.random() < 0.1:
                start = now - randint(1, 3)  # starts a little before the other one ends
            else:
                start = now + randint(2, 15)
            start = max(start, last_start + 1)
        start = max(start, last_end[speaker], last_start)
        end = start + duration
        segments.append({"speaker": speaker, "start": start / 10, "end": end / 10, "text": text})
        last_start, last_end[speaker], now = start, end, max(now, end)
        if mark != "bc":
            prev = (speaker, start, end)
    return segments
