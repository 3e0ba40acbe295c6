"""Checking many transcript files 批量质检: each read and checked, in the order given,
with a large batch shared out to one process per core (each reads its files from
disk), as `huifang qa check FOLDER` and the benchmark do."""

import multiprocessing
from pathlib import Path

from huifang.placed import PlacedError, read_bytes
from huifang.quality.inspect import Report, inspect
from huifang.quality.transcript import Transcript, read_transcript

MAX_BYTES = 20_000_000


def read_file(file: Path) -> Transcript:
    """The transcript in `file`; its call id is the file's name when it names none."""
    return read_transcript(read_bytes(file, PlacedError, MAX_BYTES), str(file), call_id=file.stem)


def _check_one(file: Path, rule_set=None) -> tuple[Path, Report | None, str]:
    try:
        return file, inspect(read_file(file), rule_set or _rules), ""
    except PlacedError as exc:
        return file, None, exc.first


_rules = None  # the rule set in a worker process


def _start_worker(rule_set) -> None:
    global _rules
    _rules = rule_set


def check_files(files: list[Path], rule_set, jobs: int):
    """(file, report, problem) for each file in order; a large folder is shared out
    to `jobs` processes, each checking files from disk on its own core."""
    if jobs == 1 or len(files) < 200:
        yield from (_check_one(file, rule_set) for file in files)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_start_worker, initargs=(rule_set,)) as pool:
        yield from pool.imap(_check_one, files, chunksize=64)
