"""The audit log (`--audit-log FILE`): one JSON line per check, appended, never rewritten.

Each line records when (UTC), what was checked (path, row, sha256 of the bytes read), against
what (every ruleset's name, version, sha256 and whether it is bundled), as of which day, and
what came of it (verdict, findings, licence types needed, held licences applied), or the
problems that kept the input from being checked.

Appends are whole lines: each is written with one `write` under an exclusive lock (`flock`), so
concurrent runs never interleave, then flushed to disk (`fsync`). If a previous writer died
mid-line (a power cut), the next line starts on a fresh line, so it stays whole; a write that
falls short (a full disk) is cut back off, so no torn line is left.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from typing import TYPE_CHECKING, Any

from exportcheck.render import record as serialised
from exportcheck.version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from exportcheck.model.result import Result

SCHEMA_VERSION = 1
FINDING_KEYS = ("rule", "subject", "item", "verdict", "license", "covered_by", "assumes")
"""What a log line keeps of each finding (of its record in render.record)."""


def record(
    result: Result,
    at: dt.datetime,
    configuration: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The log line of one check. `configuration`: the configuration file and the defaults it
    offered inputs (its exporter), which with the input's sha256 make the check repeatable."""
    verdict = result.verdict
    line: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "time": at.astimezone(dt.UTC).isoformat(timespec="milliseconds"),
        "tool": f"exportcheck {__version__}",
        "input": {"path": result.file, "row": result.row, "sha256": result.digest},
    }
    if configuration is not None:
        line["configuration"] = configuration
    if verdict is None:
        return line | {
            "verdict": "invalid",
            "problems": [str(p) for p in result.problems],
        }
    return line | {
        "rulesets": [serialised.ruleset(info) for info in verdict.rulesets],
        "as_of": verdict.as_of.isoformat(),
        "verdict": verdict.level.value,
        "without_overlays": lowered.value if (lowered := verdict.without_overlays) else None,
        "suspensions_assumed": verdict.assumption.value,
        "supplied": serialised.configuration(verdict),
        "licenses": [lic.value for lic in verdict.license_types],
        "licenses_applied": list(verdict.licenses_applied),
        "findings": [
            {key: data[key] for key in FINDING_KEYS}
            for data in (serialised.finding(f) for f in verdict.findings)
        ],
    }


class AuditLog:
    """An open audit log. Opening fails (OSError) before any check if it cannot be written, and
    (NotAnAuditLog) if the file is not one: an audit log is a regular file, named directly (not
    through a symbolic link), that is empty or whose first line is one of ours. A run never
    appends to a shell's start-up file or a report that `--audit-log` names by mistake."""

    def __init__(self, path: Path) -> None:
        self.path = path
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK
        flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            self.fd = os.open(path, flags, 0o644)
        except OSError as exc:
            if path.is_symlink():
                raise NotAnAuditLog(
                    "is a symbolic link; name the audit log itself, not a link to it"
                ) from None
            raise exc from None
        try:
            why = _not_ours(self.fd)
        except OSError:
            os.close(self.fd)
            raise
        if why is not None:
            os.close(self.fd)
            raise NotAnAuditLog(why)

    def write(self, line: dict[str, Any]) -> None:
        data = (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        with _locked(self.fd):
            size = os.fstat(self.fd).st_size
            if size and os.pread(self.fd, 1, size - 1) != b"\n":
                data = b"\n" + data  # a line torn by a writer that died: start afresh
            written = os.write(self.fd, data)
            if written != len(data):
                os.ftruncate(self.fd, size)  # never leave a torn line of ours
                raise OSError(f"{self.path}: the audit line could not be written whole")
            os.fsync(self.fd)

    def close(self) -> None:
        os.close(self.fd)


class NotAnAuditLog(Exception):  # noqa: N818 (reads as the problem it names)
    """The file named as the audit log is not one; the message says why."""


AUDIT_MARK = b'{"schema_version":'
"""How every line of an audit log begins (keys in a fixed order, no spaces)."""


def _not_ours(fd: int) -> str | None:
    """Why the open file is not an audit log; None when it is one (or empty)."""
    import stat  # noqa: PLC0415 (only with an audit log)

    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file; an audit log is a file of JSON lines"
    if info.st_size == 0:
        return None
    head = os.pread(fd, 4096, 0)
    first = head.split(b"\n", 1)[0]
    if first.startswith(AUDIT_MARK) and b'"tool":"exportcheck ' in first:
        return None
    return (
        "is not an exportcheck audit log (its first line is not one of ours); "
        "name a new file or an existing audit log"
    )


@contextlib.contextmanager
def _locked(fd: int) -> Iterator[None]:
    try:
        import fcntl  # noqa: PLC0415 (POSIX only)
    except ImportError:  # pragma: no cover - Windows: one writer at a time is the user's care
        yield
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
