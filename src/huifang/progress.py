"""Progress bars for long work, shown only when stderr is a terminal."""

import sys
from contextlib import contextmanager


class Silent:
    """A progress report that shows nothing."""

    def advance(self, n: int = 1) -> None:
        pass

    def total(self, total: int | None) -> None:
        pass


class _Bar:
    def __init__(self, progress, task_id):
        self._progress = progress
        self._task = task_id

    def advance(self, n: int = 1) -> None:
        self._progress.advance(self._task, n)

    def total(self, total: int | None) -> None:
        self._progress.update(self._task, total=total)


@contextmanager
def progress_bar(total: int | None, description: str, enabled: bool = True):
    if not (enabled and sys.stderr.isatty()):
        yield Silent()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        yield _Bar(progress, progress.add_task(description, total=total))
