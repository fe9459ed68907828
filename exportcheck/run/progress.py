"""A transient progress bar on standard error, for long runs at a terminal."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console

    from exportcheck.model.result import Result

PROGRESS_AFTER = 1.0
"""Seconds of work after which a run over many inputs shows a progress bar (text on a terminal)."""


def with_progress(results: Iterator[Result], total: int | None, err: Console) -> Iterator[Result]:
    """Pass results through, showing a transient progress bar on stderr once the work has taken
    longer than PROGRESS_AFTER seconds."""
    from rich.progress import Progress  # noqa: PLC0415 (rich: only at a terminal)

    started = time.perf_counter()
    progress: Progress | None = None
    task = None
    try:
        for done, result in enumerate(results, 1):
            if progress is None and time.perf_counter() - started > PROGRESS_AFTER:
                progress = Progress(console=err, transient=True)
                progress.start()
                task = progress.add_task("checking", total=total, completed=done - 1)
            yield result
            # Files are counted one by one; manifest rows, which come by the thousand, by 64.
            if progress is not None and task is not None and (total or not done % 64):
                progress.update(task, completed=done)
    finally:
        if progress is not None:
            progress.stop()
