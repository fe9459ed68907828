"""A transient progress bar on standard error, for long runs at a terminal: how many inputs or
manifest rows are done, their rate, the time taken and the time left.

Files are counted against their number; manifest rows against an estimate from the files'
sizes and the length of their first lines (a 64 KB sample of each), so the time left is shown
for them too, marked as estimated.
"""

from __future__ import annotations

import os
import stat
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from rich.console import Console

    from exportcheck.model.result import Result

PROGRESS_AFTER = 1.0
"""Seconds of work after which a run over many inputs shows a progress bar."""
SAMPLE = 65_536
"""Bytes of each manifest read to estimate its rows."""


def estimated_rows(paths: Iterable[str]) -> int:
    """About how many rows the manifests hold: each file's size over the mean length of the
    lines in its first SAMPLE bytes (less the header)."""
    total = 0
    for path in paths:
        try:
            # O_NONBLOCK: a FIFO named as a manifest does not block here (the check refuses it)
            descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            found = os.fstat(descriptor)
            if not stat.S_ISREG(found.st_mode):
                continue
            sample, size = os.read(descriptor, SAMPLE), found.st_size
        except OSError:
            continue
        finally:
            os.close(descriptor)
        lines = sample.count(b"\n")
        if lines:
            total += max(round(size * lines / len(sample)) - 1, 0)
    return total


def with_progress(
    results: Iterator[Result], total: int | None, err: Console, *, estimated: bool = False
) -> Iterator[Result]:
    """Pass results through, showing a transient progress bar on stderr once the work has taken
    longer than PROGRESS_AFTER seconds: done (of the total, `~` when estimated), the rate, the
    time taken and the time left."""
    from rich.progress import (  # noqa: PLC0415 (rich: only at a terminal)
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    started = time.perf_counter()
    progress: Progress | None = None
    task = None
    unit = "rows" if estimated else "inputs"
    try:
        for done, result in enumerate(results, 1):
            if progress is None and time.perf_counter() - started > PROGRESS_AFTER:
                progress = Progress(
                    TextColumn("checking"),
                    BarColumn(),
                    TaskProgressColumn(),
                    MofNCompleteColumn(),
                    TextColumn("~" if estimated else ""),
                    TextColumn("{task.fields[rate]}"),
                    TimeElapsedColumn(),
                    TextColumn("left"),
                    TimeRemainingColumn(),
                    console=err,
                    transient=True,
                )
                progress.start()
                task = progress.add_task(
                    "checking", total=total or None, completed=done - 1, rate=""
                )
            yield result
            # Files are counted one by one; manifest rows, which come by the thousand, by 64.
            if progress is not None and task is not None and (not estimated or not done % 64):
                if total and done > total:
                    total = done  # the estimate was short
                seconds = time.perf_counter() - started
                rate = f"{done / seconds:,.0f} {unit}/s" if seconds else ""
                progress.update(task, completed=done, total=total or None, rate=rate)
    finally:
        if progress is not None:
            progress.stop()
