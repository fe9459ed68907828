"""Writing the report: to standard output, or to `--output FILE`, which is replaced whole once
the run is done and left alone when nothing could be checked.

`-o` is refused (exit 2, before any check) when it names an input, the audit log, a ruleset or
the configuration (the same file by device and inode, or by resolved path for one not yet
created), a directory or anything else that is not a regular file (a FIFO, a device such as
/dev/stdout: leave out -o to write to standard output), or a symbolic link, unless the link
is to be written through (`--output-follow-symlink`: its target is replaced, the link kept).

The report is written to a temporary file beside its destination, named `.NAME.*` + `TEMPORARY`
so that one left by a killed run (SIGKILL cannot be caught) is recognisable, given the mode of
the file it replaces (permission bits) or, for a new file, 0666 less the umask, flushed to disk
and renamed over the destination. It is removed on every failure: a write error (a full disk
is exit 2, one line), a failed rename, an exception, SIGTERM or SIGHUP (which end the run with
128 + the signal's number).

Standard output and error are made pipe-safe (`pipe_safe`): when the reader goes away
(`exportcheck check dir | head -1`), what is still to be written is discarded, quietly, and the
run goes on to check and audit every input, so that the exit code is the one all its verdicts
earn, never understated because a reader stopped early.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import signal
import stat
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from msgspec import Struct

from exportcheck import exits
from exportcheck.errors import ExportcheckError, InputError, Problems
from exportcheck.input.files import kind_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from types import FrameType

    from _typeshed import ReadableBuffer

TEMPORARY = ".exportcheck-tmp"
"""The suffix of the temporary file a report is written to before it is renamed into place."""


def _refuse(path: Path | str, message: str) -> InputError:
    problems = Problems(str(path))
    problems.add(None, "", message)
    return InputError(problems.sorted())


class OutputTarget(Struct, frozen=True):
    """Where `-o` writes: the file replaced (a link's target when written through), and the
    mode the new report gets."""

    path: Path
    mode: int


def output_target(
    path: Path, protected: Iterable[tuple[str, Path]], *, follow_symlink: bool = False
) -> OutputTarget:
    """The checked destination of `-o path`; an input error if it is refused. `protected`:
    (what it is, path) of the files the report must never replace (inputs, the audit log)."""
    if str(path) in ("", "."):
        raise _refuse("--output", "names no file; name a file, or leave out -o for standard output")
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _refuse(path, f"cannot write the report: {exc.strerror or exc}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise _refuse(path, "is a directory; -o needs a file name")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise _refuse(
            path,
            f"is not a regular file ({kind_of(info.st_mode)}); "
            "leave out -o to write the report to standard output",
        )
    target = path
    if path.is_symlink():
        if not follow_symlink:
            raise _refuse(
                path,
                "is a symbolic link; -o does not write through it "
                "(give --output-follow-symlink to replace the file it points to)",
            )
        target = Path(os.path.realpath(path))
    for what, other in protected:
        if _same(target, info, other):
            raise _refuse(path, f"is {what} {other}; -o would replace it")
    mode = stat.S_IMODE(info.st_mode) & 0o777 if info is not None else 0o666 & ~_umask()
    return OutputTarget(target, mode)


def _same(target: Path, info: os.stat_result | None, other: Path) -> bool:
    try:
        theirs = other.stat()
    except OSError:
        return os.path.realpath(target) == os.path.realpath(other)
    return info is not None and (info.st_dev, info.st_ino) == (theirs.st_dev, theirs.st_ino)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class Destination:
    """Where the report goes: standard output, or a temporary file that replaces `--output`
    only if `keep` is set by the end of the run (a verdict exists)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.keep = False


class _ReportFile(io.FileIO):
    """The temporary file's raw writes: an error (a full disk, a file-size limit) is the
    report's, an input error naming `--output`, not a bug."""

    shown = ""

    def write(self, data: ReadableBuffer) -> int:
        try:
            return super().write(data)
        except OSError as exc:
            raise _refuse(self.shown, f"cannot write the report: {exc.strerror or exc}") from None


@contextlib.contextmanager
def destination(
    target: OutputTarget | None, stdout: TextIO, shown: str = ""
) -> Iterator[Destination]:
    """The report's stream: `stdout`, or a temporary file renamed over `target.path` at the end
    if `keep` was set; the temporary file is gone afterwards whatever happened."""
    if target is None:
        yield Destination(stdout)
        stdout.flush()  # a write error still inside the run: exit 2, not at the interpreter's exit
        return
    path = target.path
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY
        )
    except OSError as exc:
        raise _refuse(shown or path, f"cannot write the report: {exc.strerror or exc}") from None
    renamed = False
    try:
        with _cleaned_up_on_signals():
            _chmod(handle, temporary, target.mode)
            raw = _ReportFile(handle, "w")
            raw.shown = shown or str(path)
            with io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8", newline="") as stream:
                found = Destination(stream)
                yield found
                if found.keep:
                    stream.flush()
                    _fsync(handle, raw.shown)
            if found.keep:
                try:
                    Path(temporary).replace(path)
                except OSError as exc:
                    raise _refuse(raw.shown, f"cannot write the report: {exc.strerror}") from None
                renamed = True
    finally:
        if not renamed:
            Path(temporary).unlink(missing_ok=True)


def _chmod(fd: int, path: str, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows before Python 3.13
        Path(path).chmod(mode)


def _fsync(fd: int, shown: str) -> None:
    try:
        os.fsync(fd)
    except OSError as exc:
        raise _refuse(shown, f"cannot write the report: {exc.strerror or exc}") from None


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def _cleaned_up_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP unwind the run (so `finally` removes the temporary file) instead of
    ending the process where it stands; only in the main thread, and only where nobody else
    handles them."""
    names = ("SIGTERM", "SIGHUP")
    chosen = [getattr(signal, n) for n in names if hasattr(signal, n)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {s: signal.getsignal(s) for s in chosen}
    mine = [s for s, handler in saved.items() if handler is signal.SIG_DFL]
    for s in mine:
        signal.signal(s, _terminate)
    try:
        yield
    finally:
        for s in mine:
            signal.signal(s, saved[s])


class _PipeSafe(io.FileIO):
    """Raw writes to standard output or error that, once the reader has gone (EPIPE), discard
    what is left: the stream is pointed at the null device, as Python's documentation advises,
    so that nothing fails later, not even the interpreter's last flush. Any other write error
    (a full disk under `> report.txt`) is, on standard output, the report's input error (exit
    2); on standard error, where nothing could be said about it, the text is dropped."""

    report = False

    def write(self, data: ReadableBuffer) -> int:
        try:
            return super().write(data)
        except OSError as exc:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self.fileno())
            os.close(null)
            if self.report and not isinstance(exc, BrokenPipeError):
                reason = exc.strerror or exc
                raise _refuse("<stdout>", f"cannot write the report: {reason}") from None
            return memoryview(data).nbytes


@contextlib.contextmanager
def flushed() -> Iterator[None]:
    """Standard output flushed before the process ends, inside the run: a report that cannot
    be written (`exportcheck rules list > /dev/full`) is exit 2 with one line, not lost in the
    interpreter's last flush with exit 0, nor a traceback where a command did not expect it."""
    try:
        yield
    except ExportcheckError as error:  # a write of the report failed inside a command
        for problem in error.problems:
            sys.stderr.write(f"{problem}\n")
        raise SystemExit(exits.INVALID) from None
    finally:
        try:
            sys.stdout.flush()
        except ExportcheckError as error:
            for problem in error.problems:
                sys.stderr.write(f"{problem}\n")
            raise SystemExit(exits.INVALID) from None
        except BrokenPipeError:
            pass  # the reader has gone: nothing more to say (`| head -1`)
        except OSError as error:
            sys.stderr.write(f"<stdout>: cannot write the report: {error.strerror or error}\n")
            raise SystemExit(exits.INVALID) from None


def pipe_safe() -> None:
    """Put pipe-safe streams in place of `sys.stdout` and `sys.stderr`, for the rest of the
    process (the command line's entry point; streams without a file descriptor, like a test
    runner's, are left as they are)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            fd = stream.fileno()
            stream.flush()
        except (AttributeError, OSError, ValueError):
            continue
        raw = _PipeSafe(fd, "w", closefd=False)
        raw.report = name == "stdout"
        safe = io.TextIOWrapper(
            io.BufferedWriter(raw),
            encoding=stream.encoding,
            errors=stream.errors,
            line_buffering=stream.line_buffering,
        )
        setattr(sys, name, safe)


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """Checking a big manifest allocates millions of small objects that reference counting
    frees; the cyclic collector's default pace (every 700 allocations) then costs about a
    seventh of the run. Collect cycles less often for the run's duration, and leave out of
    every collection what exists before the checks (the modules, the rule book and its
    indexes, the glossary: `gc.freeze`), which a full collection would otherwise walk each
    time: a user ruleset of a thousand rules made a 20,000-item check 30 % slower."""
    saved, enabled = gc.get_threshold(), gc.isenabled()
    gc.set_threshold(100_000, 50, 100)
    gc.freeze()
    gc.enable()  # the console script starts with it off (exportcheck.console)
    try:
        yield
    finally:
        if not enabled:
            gc.disable()
        gc.unfreeze()
        gc.set_threshold(*saved)
