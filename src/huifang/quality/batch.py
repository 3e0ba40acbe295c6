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


def _keep_report(file: Path, report: Report) -> Report:
    return report


def _check_one(file: Path, rule_set=None, keep=_keep_report):
    try:
        report = inspect(read_file(file), rule_set or _worker[0])
    except PlacedError as exc:
        return file, None, exc.first
    return file, (keep or _worker[1])(file, report), ""


_worker: tuple = (None, None)  # the rule set and `keep` in a worker process


def _start_worker(rule_set, keep) -> None:
    global _worker
    _worker = (rule_set, keep)


def _check_in_worker(file: Path):
    return _check_one(file, None, None)


def check_files(files: list[Path], rule_set, jobs: int, keep=_keep_report):
    """(file, kept, problem) for each file in order, where `kept` is what
    `keep(file, report)` makes of the file's report (the report itself by default;
    a worker process hands back only what `keep` keeps, so the one process that
    prints has little to unpack). A large folder is shared out to `jobs` processes,
    each checking files from disk on its own core."""
    if jobs == 1 or len(files) < 200:
        yield from (_check_one(file, rule_set, keep) for file in files)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_start_worker, initargs=(rule_set, keep)) as pool:
        yield from pool.imap(_check_in_worker, files, chunksize=64)
