"""Where the package's bundled data lives, and how its compiled files are read."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def bundled_dir() -> Path:
    """The bundled rulesets: inside the installed package, or the source tree's `rulesets/`."""
    package = Path(__file__).resolve().parent
    packaged = package / "rulesets"  # where the wheel puts them
    if packaged.is_dir():
        return packaged
    return package.parent / "rulesets"


def read_compiled(path: Path) -> bytes | None:
    """The bytes of a compiled file the package reads instead of building (the rule book, the
    glossary), or None, and the caller builds from the YAML it was compiled from: when it is
    missing, reached through a symbolic link (O_NOFOLLOW), not a regular file (a FIFO would
    hang the run), or when it or its folder may be written by someone other than its owner,
    or belongs to anyone but the user or root. The files hold data only (JSON): nothing in
    them is run."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _safe(info, path.parent):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def _safe(info: os.stat_result, folder: Path) -> bool:
    if not hasattr(os, "geteuid"):
        return True  # no owners to compare (Windows)
    owners = {os.geteuid(), 0}
    try:
        above = folder.stat()
    except OSError:
        return False
    return all(s.st_uid in owners and not s.st_mode & 0o022 for s in (info, above))
