"""How many processes a check run uses (`--jobs`): decided before anything of multiprocessing
is imported, so a run over one file never loads it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from exportcheck.run.batch import Source

BLOCK = 2_000
"""Manifest rows read at once by a run over several processes (run.parallel)."""
WORTH_IT = 8
"""Description files a run needs before more processes pay for themselves (a manifest always
does)."""


def available() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def wanted(sources: Sequence[Source], jobs: int, rows: int) -> int:
    """How many processes pay for the work (1: this one alone): no more than there are files
    and blocks of the `rows` the CSV manifests hold (run.progress.estimated_rows), one without
    fork, and one for fewer than WORTH_IT files and no manifest."""
    from exportcheck.run.batch import SourceKind  # noqa: PLC0415 (no cycle: batch is loaded)

    if jobs <= 1:
        return 1
    files = sum(s.kind is SourceKind.DESCRIPTION for s in sources)
    if files < WORTH_IT and not any(s.kind is SourceKind.MANIFEST for s in sources):
        return 1
    import multiprocessing  # noqa: PLC0415 (only for a run that may use several processes)

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(jobs, files + -(-rows // BLOCK)))
