"""Progress for long work (fleet runs, `ensure_many`): `progress=` takes a callable, or True.

`progress=True` draws rich's progress bar on stderr when stderr is a terminal, and nothing
otherwise (a pipe or a log file gets no escape codes). rich comes with the `cli` extra and is
imported only when a bar is drawn, so the base install and `import hfortix` stay without it.
A callable is called as `progress(done, total)` after each item; None or False: no progress.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeAlias

from hfortix.core.errors import ConfigurationError

from ._runtime import runtime_import

Report: TypeAlias = Callable[[int, int], object]
Progress: TypeAlias = "bool | Report | None"

INSTALL_HINT = "pip install 'hfortix[cli]'"


def check(progress: object) -> None:
    """Refuse anything `progress=` cannot mean, at the call (not when the work starts)."""
    if progress is None or isinstance(progress, bool) or callable(progress):
        return
    raise ConfigurationError(f"progress must be True, False, None or a callable(done, total), "
                             f"got {type(progress).__name__}")


@contextmanager
def reporting(progress: Progress, description: str) -> Iterator[Report | None]:
    """The `report(done, total)` for `progress` while the block runs (a bar lives as long as it)."""
    check(progress)
    if progress is None or progress is False:
        yield None
    elif progress is not True:
        yield progress
    elif not _is_terminal(sys.stderr):
        yield None
    else:
        with _bar(description) as report:
            yield report


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty()) if callable(isatty) else False


@contextmanager
def _bar(description: str) -> Iterator[Report]:
    try:
        console, bars = runtime_import("rich.console"), runtime_import("rich.progress")
    except ImportError:
        raise ConfigurationError(f"progress=True draws its bar with rich, which is not installed: {INSTALL_HINT}"
                                 ) from None
    columns = (bars.TextColumn("{task.description}"), bars.BarColumn(), bars.MofNCompleteColumn(),
               bars.TimeElapsedColumn())
    with bars.Progress(*columns, console=console.Console(file=sys.stderr, force_terminal=True)) as bar:
        task = bar.add_task(description, total=None)

        def report(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield report
