"""Reading input files: a size check before reading (a 100 MB file fails at once, without being
read), standard input read only up to the limit, and read errors reported as input problems."""

from __future__ import annotations

import sys
from pathlib import Path

from exportcheck.errors import InputError, Problems
from exportcheck.input.yamlio import DEFAULT_LIMITS, Limits

STDIN = "-"


def _fail(name: str, message: str) -> InputError:
    problems = Problems(name)
    problems.add(None, "", message)
    return InputError(problems.sorted())


def _too_big(size: int, limits: Limits) -> str:
    return (
        f"file is {size:,} bytes; the limit is {limits.max_bytes:,} bytes "
        "(raise it with --max-bytes)"
    )


def read_input(name: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a description file, or of standard input for `-`."""
    if name == STDIN:
        data = sys.stdin.buffer.read(limits.max_bytes + 1)
        if len(data) > limits.max_bytes:
            raise _fail("<stdin>", _too_big(len(data), limits).replace("file is", "input is over"))
        return data
    path = Path(name)
    try:
        if path.is_dir():
            raise _fail(name, "is a directory, not a description file")
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise _fail(name, _too_big(size, limits))
        return path.read_bytes()
    except OSError as exc:
        raise _fail(name, f"cannot read the file: {exc.strerror or exc}") from None


def sha256(data: bytes) -> str:
    import hashlib  # noqa: PLC0415 (OpenSSL's import is slow; only audit logs need it)

    return hashlib.sha256(data).hexdigest()
