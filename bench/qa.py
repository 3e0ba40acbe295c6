"""Checking call transcripts at speed (issue 6): 10,000 generated transcripts of about
40 segments, written as files, each read from disk and checked by every QA rule — what
`huifang qa check FOLDER` does (quality/batch.py), in one process on one core, then in
one process per core (its default).

The baseline, measured in the same run on the same text, is `grep -F -f` with the
same phrase lists, as the issue names it: one fast fixed-string pass printing every
line that holds a phrase, with no JSON, no rules and no timing logic; its output goes
to a file. The ratio says what the rules cost over bare phrase finding. The stricter
`grep -F -o -f`, printing only the phrases (less to write), is measured too and its
ratio printed beside it.

The floor is what every check must do before any rule runs, measured the same way:
read each file, decode its JSON into segments (msgspec), and find every listed phrase
in one Aho-Corasick pass (pyahocorasick). Its ratio to grep says how much of the
ratio the rules themselves add.

    uv run python bench/qa.py [N]
"""

import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from huifang.quality.batch import check_files, read_file
from huifang.quality.generate import generate, random_faults
from huifang.quality.phrases import Joined
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


def floor(files: list[Path], jobs: int) -> float:
    started = time.perf_counter()
    if jobs == 1:
        list(map(_phrases_found, files))
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            list(pool.imap(_phrases_found, files, chunksize=64))
    return time.perf_counter() - started


def _phrases_found(file: Path) -> int:
    transcript = read_file(file)
    found, having = default_rules().index.in_each(Joined([s.text for s in transcript.segments]))
    return len(having)


def as_line(file: Path, report) -> tuple[str, int]:
    return json.dumps(report.as_json(), ensure_ascii=False), len(report.findings)


def grep(texts: list[bytes], folder: Path) -> dict[str, tuple[float, int]]:
    """Seconds (best of three) and lines printed for each way of running grep."""
    lines = folder / "segments.txt"
    with lines.open("w", encoding="utf-8") as out:
        for text in texts:
            for segment in json.loads(text)["segments"]:
                out.write(segment["text"] + "\n")
    phrases = folder / "phrases.txt"
    every = {p for ps in default_rules().phrases.values() for p in ps}
    phrases.write_text("\n".join(sorted(every)) + "\n", encoding="utf-8")
    found = {}
    for options in ("-F", "-F -o"):
        best = float("inf")
        for _ in range(3):
            with (folder / "grep.out").open("wb") as out:
                started = time.perf_counter()
                subprocess.run(
                    ["grep", *options.split(), "-f", str(phrases), str(lines)],
                    stdout=out,
                    env={"LC_ALL": "C.UTF-8"},
                    check=True,
                )
                best = min(best, time.perf_counter() - started)
        printed = (folder / "grep.out").read_bytes().count(b"\n")
        found[options] = best, printed
    return found


def ratios(seconds: float, baselines: dict[str, tuple[float, int]]) -> str:
    plain, only = baselines["-F"][0], baselines["-F -o"][0]
    return (
        f"ratio to grep -F -f {seconds / plain:.1f}× (target ≤ {TARGET_RATIO:.0f}×), "
        f"to grep -F -o -f {seconds / only:.1f}×"
    )


def main() -> None:
    if shutil.which("grep") is None:
        sys.exit("grep is needed for the baseline")
    print(f"generating {N:,} transcripts of about 40 segments …", flush=True)
    texts = transcripts(N)
    parsed = [json.loads(t)["segments"] for t in texts]
    megabytes = sum(len(s["text"].encode()) for segments in parsed for s in segments) / 1e6
    print(f"{N:,} transcripts, {sum(map(len, parsed)):,} segments, {megabytes:.1f} MB of text")
    with tempfile.TemporaryDirectory() as folder:
        baselines = grep(texts, Path(folder))
        for options, (seconds, printed) in baselines.items():
            print(
                f"grep {options} -f (same phrase lists, same text): {seconds:.3f} s — "
                f"{megabytes / seconds:.0f} MB/s; {printed:,} lines printed"
            )
        files = []
        for i, text in enumerate(texts):
            files.append(Path(folder) / f"{i:05d}.json")
            files[-1].write_bytes(text)
        checked(files[:200], 1)  # the rules loaded once, as in a running system
        jobs = os.cpu_count() or 1
        for n in sorted({1, jobs}):
            seconds = floor(files, n)
            print(
                f"floor (read, decode, one Aho-Corasick pass; no rules), {n} "
                f"process{'es' if n > 1 else ''}: {seconds:.2f} s — {ratios(seconds, baselines)}"
            )
        seconds, findings = checked(files, 1)
        print(
            f"huifang, one core: {seconds:.2f} s — {N / seconds:,.0f} transcripts/s "
            f"(target ≥ {TARGET_PER_SECOND}), {megabytes / seconds:.1f} MB/s; "
            f"{findings:,} findings; {ratios(seconds, baselines)}"
        )
        if jobs > 1:
            wall, again = checked(files, jobs)
            assert again == findings
            print(
                f"huifang, {jobs} processes: {wall:.2f} s — {N / wall:,.0f} transcripts/s, "
                f"{megabytes / wall:.1f} MB/s; {ratios(wall, baselines)}"
            )


if __name__ == "__main__":
    main()
