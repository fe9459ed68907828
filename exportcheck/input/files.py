"""Reading input files: regular files only, a size check before reading (a 100 MB file fails
at once, without being read), standard input read only up to the limit, and read errors
reported as input problems.

A FIFO, a device, a socket or a directory is refused, never opened for reading in a way that
could block or run forever (`/dev/zero`): the path is looked at first, then opened with
`O_NONBLOCK` and looked at again through the open descriptor, so a path swapped in between is
still caught. A file found by a directory search is opened with `O_NOFOLLOW`: a symbolic link
put in its place is refused, not followed.
"""

from __future__ import annotations

import errno
import os
import stat
import sys

from exportcheck.errors import InputError, Problems
from exportcheck.input.yamlio import DEFAULT_LIMITS, Limits

STDIN = "-"

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """What a file's mode says it is, in words: "a regular file", "a FIFO", ..."""
    return next((name for test, name in _KINDS if test(mode)), "a regular file")


class NotRegularError(OSError):
    """The path names something other than a regular file; `kind` says what."""

    def __init__(self, kind: str) -> None:
        super().__init__(errno.EINVAL, f"is not a regular file ({kind})")
        self.kind = kind


def open_regular(path: str | os.PathLike[str], *, follow: bool = True) -> int:
    """A read-only descriptor of the regular file at `path` (NotRegularError otherwise), opened
    without blocking; with `follow` false, a symbolic link is refused rather than followed."""
    info = os.stat(path) if follow else os.lstat(path)  # noqa: PTH116 (paths as given)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularError(kind_of(info.st_mode))
    nonblocking = getattr(os, "O_NONBLOCK", 0)  # POSIX; elsewhere the stat above must do
    flags = os.O_RDONLY | nonblocking | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENXIO):  # swapped in since the stat
            raise NotRegularError(kind_of(os.lstat(path).st_mode)) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularError(kind_of(mode))
        if nonblocking:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of a regular file (symbolic links followed); at most `limit` + 1 of them."""
    with open(open_regular(path), "rb") as stream:
        return stream.read(-1 if limit is None else limit + 1)


def _fail(name: str, message: str) -> InputError:
    problems = Problems(name)
    problems.add(None, "", message)
    return InputError(problems.sorted())


def _too_big(size: int, limits: Limits) -> str:
    return (
        f"file is {size:,} bytes; the limit is {limits.max_bytes:,} bytes "
        "(raise it with --max-bytes)"
    )


def not_regular_message(error: NotRegularError) -> str:
    if error.kind == "a directory":
        return "is a directory, not a description file"
    if error.kind == "a symbolic link":
        return "is a symbolic link; a directory search does not follow links (name it to check it)"
    return str(error.strerror)


def read_input(name: str, limits: Limits = DEFAULT_LIMITS, *, follow: bool = True) -> bytes:
    """The bytes of a description file, or of standard input for `-`. A file found by a
    directory search is read with `follow` false: not through a symbolic link."""
    if name == STDIN:
        return _read_stdin(limits)
    try:
        fd = open_regular(name, follow=follow)
    except NotRegularError as exc:
        raise _fail(name, not_regular_message(exc)) from None
    except OSError as exc:
        raise _fail(name, f"cannot read the file: {exc.strerror or exc}") from None
    with open(fd, "rb") as stream:  # noqa: PTH123 (a descriptor)
        try:
            size = os.fstat(fd).st_size
            if size > limits.max_bytes:
                raise _fail(name, _too_big(size, limits))
            data = stream.read(limits.max_bytes + 1)
        except OSError as exc:
            raise _fail(name, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limits.max_bytes:  # it grew while being read
        raise _fail(name, _too_big(len(data), limits).replace("file is", "file is over"))
    return data


def _read_stdin(limits: Limits) -> bytes:
    stream = sys.stdin
    if stream is None:  # the process was started with its standard input closed
        raise _fail("<stdin>", "standard input is closed; there is nothing to read")
    try:
        data = stream.buffer.read(limits.max_bytes + 1)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else None
        raise _fail("<stdin>", f"cannot read standard input: {reason or exc}") from None
    if len(data) > limits.max_bytes:
        raise _fail("<stdin>", _too_big(len(data), limits).replace("file is", "input is over"))
    return data


def sha256(data: bytes) -> str:
    import hashlib  # noqa: PLC0415 (OpenSSL's import is slow; only audit logs need it)

    return hashlib.sha256(data).hexdigest()
