"""A cache of compiled data (the validated rule book, the ISO code tables) between runs.

Loading and validating the bundled rulesets takes longer than a whole check of a small file, so
the result is kept, pickled, in the user's cache directory: `$EXPORTCHECK_CACHE_DIR`, else
`$XDG_CACHE_HOME/exportcheck`, else `~/.cache/exportcheck`; `EXPORTCHECK_CACHE_DIR=off` turns
it off. An entry is keyed by everything it was built from: each input file's size, modification
time and CRC-32 checksum (like Python's own bytecode cache, plus the checksum), the package's
modules (size and time), its version and Python's; the key is stored in the entry and compared
in full on reading, so a changed input is a different entry, never a stale one. (No
cryptographic hash: importing OpenSSL's would cost more than the cache saves.) Entries are read
only from files the current user owns and no one else may write (pickles can run code);
anything unreadable is rebuilt; a cache that cannot be written (a read-only home, a full disk)
is simply not written. A cache never changes a verdict.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import sys
import tempfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from exportcheck.version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

T = TypeVar("T")

ENV = "EXPORTCHECK_CACHE_DIR"
OFF = "off"
PACKAGE = Path(__file__).resolve().parent


def directory() -> Path | None:
    """Where entries are kept; None when the cache is off."""
    given = os.environ.get(ENV)
    if given == OFF:
        return None
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / "exportcheck"
    try:
        return Path.home() / ".cache" / "exportcheck"
    except RuntimeError:  # no home directory to be found
        return None


def stamp(path: Path) -> str:
    """What a file is, for a key: its path, size, modification time and checksum."""
    data = path.read_bytes()
    stat = path.stat()
    return f"{path} {stat.st_size} {stat.st_mtime_ns} {zlib.crc32(data):08x}"


def key(parts: Iterable[str]) -> str:
    """The key of an entry built from `parts`, with the package's version and modules, and
    Python's version."""
    return "\n".join((__version__, sys.version, *_code(), *parts))


@functools.cache
def _code() -> tuple[str, ...]:
    """The package's modules, by size and modification time (as Python's own bytecode cache)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        stat = path.stat()
        found.append(f"{path.relative_to(PACKAGE)} {stat.st_size} {stat.st_mtime_ns}")
    return tuple(found)


def remembered(name: str, entry_key: str, build: Callable[[], T]) -> T:
    """The entry `name` for `entry_key`, built (and kept) if there is none."""
    folder = directory()
    if folder is None:
        return build()
    data = entry_key.encode()
    path = folder / f"{name}-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.pickle"
    found = _read(path)
    if isinstance(found, tuple) and len(found) == 2 and found[0] == entry_key:
        return cast("T", found[1])  # built from exactly what the key says
    value = build()
    with contextlib.suppress(OSError):
        _write(folder, name, path, (entry_key, value))
    return value


def _read(path: Path) -> object | None:
    try:
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_mode & 0o022 or (hasattr(os, "getuid") and stat.st_uid != os.getuid()):
                return None
            loaded: object = pickle.load(handle)  # noqa: S301 (our own file, see above)
            return loaded
    except FileNotFoundError:
        return None
    except Exception:  # an unreadable entry, whatever the reason, is rebuilt
        return None


def _write(folder: Path, name: str, path: Path, value: object) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    entries = sorted(folder.glob(f"{name}-*.pickle"), key=_age)
    for old in entries[:-KEEP]:
        with contextlib.suppress(OSError):
            old.unlink()


KEEP = 8
"""Entries kept per name (the most recent): a few rule books (bundled, with --rules, ...)."""


def _age(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
