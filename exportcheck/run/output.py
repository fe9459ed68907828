"""Writing the report: to standard output, or to `--output FILE`, which is replaced whole once
the run is done and left alone when nothing could be checked."""

from __future__ import annotations

import contextlib
import gc
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from exportcheck.errors import InputError, Problems

if TYPE_CHECKING:
    from collections.abc import Iterator


class Destination:
    """Where the report goes: standard output, or a temporary file that replaces `--output`
    only if `keep` is set by the end of the run (a verdict exists)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.keep = False


@contextlib.contextmanager
def destination(path: Path | None, stdout: TextIO) -> Iterator[Destination]:
    if path is None:
        yield Destination(stdout)
        return
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        problems = Problems(str(path))
        problems.add(None, "", f"cannot write the report: {exc.strerror or exc}")
        raise InputError(problems.sorted()) from None
    found = None
    try:
        with open(handle, "w", encoding="utf-8", newline="") as stream:  # noqa: PTH123 (an fd)
            found = Destination(stream)
            yield found
        if found.keep:
            Path(temporary).replace(path)
    finally:
        if found is None or not found.keep:
            Path(temporary).unlink(missing_ok=True)


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """Checking a big manifest allocates millions of small objects that reference counting
    frees; the cyclic collector's default pace (every 700 allocations) then costs about a
    seventh of the run. Collect cycles less often for the run's duration."""
    saved = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
