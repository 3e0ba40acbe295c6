"""Checking call transcripts at speed (issue 6): 10,000 generated transcripts of about
40 segments, written as files, each read from disk and checked by every QA rule — what
`huifang qa check FOLDER` does (quality/batch.py), in one process on one core, then in
one process per core (its default).

The baseline, measured in the same run on the same text, is `grep -F -o -f` with the
same phrase lists: one fast fixed-string pass that prints every phrase it finds (`-o`,
since finding every phrase is what the rules need), with no JSON, no rules and no timing
logic. The ratio says what the rules cost over bare phrase finding.

    uv run python bench/qa.py [N]
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from huifang.quality.batch import check_files
from huifang.quality.generate import generate, random_faults
from huifang.quality.rules import default_rules

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
KINDS = ["satisfaction", "reminder", "dormant", "booking", "complaint_followup"]
TARGET_PER_SECOND, TARGET_RATIO = 500, 5.0


def transcripts(n: int) -> list[bytes]:
    rng = random.Random(2026)
    return [
        json.dumps(
            generate(
                rng,
                call_id=f"B{i}",
                kind=KINDS[i % len(KINDS)],
                faults=random_faults(rng, rng.random()),
                length=40,
            ),
            ensure_ascii=False,
        ).encode()
        for i in range(n)
    ]


def checked(files: list[Path], jobs: int) -> tuple[float, int]:
    """As `qa check FOLDER --format json` does: every call's JSON line made."""
    rules = default_rules()
    started = time.perf_counter()
    findings = sum(n for _, (line, n), _ in check_files(files, rules, jobs, as_line))
    return time.perf_counter() - started, findings


def as_line(file: Path, report) -> tuple[str, int]:
    return json.dumps(report.as_json(), ensure_ascii=False), len(report.findings)


def grep(texts: list[bytes], folder: Path) -> tuple[float, int]:
    lines = folder / "segments.txt"
    with lines.open("w", encoding="utf-8") as out:
        for text in texts:
            for segment in json.loads(text)["segments"]:
                out.write(segment["text"] + "\n")
    phrases = folder / "phrases.txt"
    every = {p for ps in default_rules().phrases.values() for p in ps}
    phrases.write_text("\n".join(sorted(every)) + "\n", encoding="utf-8")
    best, found = float("inf"), 0
    for _ in range(3):
        started = time.perf_counter()
        result = subprocess.run(
            ["grep", "-F", "-o", "-f", str(phrases), str(lines)],
            capture_output=True,
            env={"LC_ALL": "C.UTF-8"},
        )
        best = min(best, time.perf_counter() - started)
        found = result.stdout.count(b"\n")
    return best, found


def main() -> None:
    if shutil.which("grep") is None:
        sys.exit("grep is needed for the baseline")
    print(f"generating {N:,} transcripts of about 40 segments …", flush=True)
    texts = transcripts(N)
    parsed = [json.loads(t)["segments"] for t in texts]
    megabytes = sum(len(s["text"].encode()) for segments in parsed for s in segments) / 1e6
    print(f"{N:,} transcripts, {sum(map(len, parsed)):,} segments, {megabytes:.1f} MB of text")
    with tempfile.TemporaryDirectory() as folder:
        grep_seconds, phrases = grep(texts, Path(folder))
        print(
            f"grep -F -o -f (same phrase lists, same text): {grep_seconds:.3f} s — "
            f"{megabytes / grep_seconds:.0f} MB/s; {phrases:,} phrases found"
        )
        files = []
        for i, text in enumerate(texts):
            files.append(Path(folder) / f"{i:05d}.json")
            files[-1].write_bytes(text)
        checked(files[:200], 1)  # the rules loaded once, as in a running system
        seconds, findings = checked(files, 1)
        print(
            f"huifang, one core: {seconds:.2f} s — {N / seconds:,.0f} transcripts/s "
            f"(target ≥ {TARGET_PER_SECOND}), {megabytes / seconds:.1f} MB/s; "
            f"{findings:,} findings; ratio to grep {seconds / grep_seconds:.1f}×"
        )
        jobs = os.cpu_count() or 1
        if jobs > 1:
            wall, again = checked(files, jobs)
            assert again == findings
            print(
                f"huifang, {jobs} processes: {wall:.2f} s — {N / wall:,.0f} transcripts/s, "
                f"{megabytes / wall:.1f} MB/s; ratio to grep {wall / grep_seconds:.1f}× "
                f"(target ≤ {TARGET_RATIO:.0f}×)"
            )


if __name__ == "__main__":
    main()
