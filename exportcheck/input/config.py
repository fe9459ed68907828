"""The configuration file: a team's defaults (docs/format.md#configuration).

Looked for from the working directory upward: in each folder `exportcheck.yaml`, then a
`pyproject.toml` with a `[tool.exportcheck]` table; the nearest wins. The search stops at the
repository root (a folder holding `.git`) or else at the user's home folder, as ruff and
pre-commit stop at a project's root; a file found on the way that is not the user's own, or
that others may write to, is ignored and said (git's `safe.directory`, OpenSSH's refusal of
group-writable files). `EXPORTCHECK_CONFIG` names a file to use instead, or `off` for none.
Settings:

* `format`: the output format of `check` (as `--format`);
* `horizon`: days to look ahead (as `--horizon`);
* `rules`: ruleset files added to the bundled ones (as `--rules`, which adds to them), relative
  to the configuration file and inside its folder tree;
* `audit_log`: an audit log every check appends to (as `--audit-log`), relative to the file and
  inside its folder tree;
* `exporter`: `{name, country}`, for descriptions (and manifests) that name no exporter.

Options on the command line win over the file; the file wins over the built-in defaults. A
problem in the file is reported with its place, like any input, and stops the command (exit 2).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field
from msgspec.structs import replace

from exportcheck.errors import InputError, Problems
from exportcheck.input.fields import Reader
from exportcheck.input.files import read_regular
from exportcheck.input.yamlio import YMap, load
from exportcheck.model.verdict import DEFAULT_HORIZON
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from collections.abc import Collection

    from exportcheck.errors import Mark
    from exportcheck.input.yamlio import Value

ENV = "EXPORTCHECK_CONFIG"
OFF = "off"
NAME = "exportcheck.yaml"
KEYS = ("format", "horizon", "rules", "audit_log", "exporter")


class Settings(Struct, frozen=True):
    source: str | None = None
    """Where they were read: a file, `pyproject.toml [tool.exportcheck]`; None: no file."""
    format: str | None = None
    horizon: int | None = None
    rules: tuple[Path, ...] = ()
    audit_log: Path | None = None
    exporter: YMap | None = None
    given: frozenset[str] = field(default_factory=frozenset)
    """The settings the file gives."""
    found_by: str = "search"
    """How the file was chosen: `search` (upward from the working directory), or `ENV` (the
    environment variable named it, or turned configuration `off`)."""
    ignored: tuple[str, ...] = ()
    """Why files found on the way were not used (not the user's own, writable by others), one
    line each, for standard error."""

    def shown(self, default_format: str) -> list[tuple[str, object, str]]:
        """Each setting as (name, effective value, where it comes from), for `config show`."""
        built_in: dict[str, object] = {
            "format": default_format,
            "horizon": DEFAULT_HORIZON,
            "rules": [],
            "audit_log": None,
            "exporter": None,
        }
        given: dict[str, object] = {
            "format": self.format,
            "horizon": self.horizon,
            "rules": [str(p) for p in self.rules],
            "audit_log": None if self.audit_log is None else str(self.audit_log),
            "exporter": None if self.exporter is None else dict(self.exporter),
        }
        return [
            (key, given[key], "configuration") if key in self.given else (key, value, "default")
            for key, value in built_in.items()
        ]

    def audited(self) -> dict[str, object] | None:
        """For the audit log: the file, and the defaults it offers inputs."""
        if self.source is None:
            return None
        exporter = None if self.exporter is None else dict(self.exporter)
        return {"path": self.source, "exporter": exporter}

    def defaults(self) -> YMap | None:
        """Top-level description fields a file may leave out."""
        if self.exporter is None:
            return None
        found = YMap(None)
        found["exporter"] = self.exporter
        return found


def search(start: Path, home: Path | None = None) -> tuple[tuple[Path, bool] | None, list[str]]:
    """The nearest trusted configuration from `start` upward, and why each untrusted one on the
    way was ignored. The search ends at the repository root (the first folder holding `.git`)
    or, outside a repository, at `home` (the user's home folder) when `start` is under it."""
    ignored: list[str] = []
    top = _top(start, home if home is not None else _home())
    for folder in (start, *start.parents):
        candidates = [(folder / NAME, False), (folder / "pyproject.toml", True)]
        for path, is_pyproject in candidates:
            if not path.is_file() or (is_pyproject and not _has_table(path)):
                continue
            why = untrusted(path)
            if why is None:
                return (path, is_pyproject), ignored
            ignored.append(f"exportcheck: ignored the configuration {path}: {why}")
        if folder == top:
            break
    return None, ignored


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, OSError, KeyError):
        return None


def _top(start: Path, home: Path | None) -> Path | None:
    """Where the search ends: the repository root holding `start`, else `home` if `start` is
    under it; None: the file system's root."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
        if folder == home:
            return folder
    return None


def untrusted(path: Path) -> str | None:
    """Why a found file may not be trusted: it (or the link naming it) belongs to another user,
    or others than its owner may write to it; None if it is the user's own."""
    if not hasattr(os, "geteuid"):
        return None  # no owners to compare (Windows)
    uid = os.geteuid()
    try:
        link = path.lstat()
        target = path.stat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    for what, info in (("link", link), ("file", target)):
        if info.st_uid != uid:
            return f"the {what} belongs to user id {info.st_uid}, not to you ({uid})"
    if target.st_mode & 0o022:
        return f"others may write to it (mode {target.st_mode & 0o777:o})"
    return None


def _has_table(path: Path) -> bool:
    try:
        text = read_regular(path).decode("utf-8")  # not a FIFO or a device
    except (OSError, UnicodeDecodeError):
        return False
    return "[tool.exportcheck]" in text


def settings(formats: Collection[str], start: Path | None = None) -> Settings:
    """The effective configuration for a command run from `start` (default: the working
    directory); `formats` are the output formats a `format` setting may name."""
    chosen = os.environ.get(ENV)
    if chosen == OFF:
        return Settings(found_by=ENV)
    if chosen:
        path = Path(chosen)
        return replace(
            read(path, formats, is_pyproject=path.name == "pyproject.toml"), found_by=ENV
        )
    found, ignored = search((start or Path.cwd()).resolve())
    if found is None:
        return Settings(ignored=tuple(ignored))
    path, is_pyproject = found
    return replace(read(path, formats, is_pyproject=is_pyproject), ignored=tuple(ignored))


def read(path: Path, formats: Collection[str], *, is_pyproject: bool = False) -> Settings:
    problems = Problems(str(path))
    if is_pyproject:
        table = _pyproject(path, problems)
        source = f"{path} [tool.exportcheck]"
    else:
        table = _yaml(path, problems)
        source = str(path)
    if problems or table is None:
        raise InputError(problems.sorted())
    found = _read(
        table,
        path.parent,
        source,
        problems,
        "tool.exportcheck." if is_pyproject else "",
        formats=formats,
    )
    if problems:
        raise InputError(problems.sorted())
    return found


def _yaml(path: Path, problems: Problems) -> YMap | None:
    try:
        data = read_regular(path)  # a FIFO or a device is refused, never waited on or read
    except OSError as exc:
        problems.add(None, "", f"cannot read the configuration: {exc.strerror or exc}")
        return None
    root = load(data, str(path))
    if root is None:
        return YMap(None)
    if not isinstance(root, YMap):
        problems.add(None, "", "a configuration is a mapping of settings")
        return None
    return root


def _pyproject(path: Path, problems: Problems) -> YMap | None:
    import tomllib  # noqa: PLC0415 (only for pyproject.toml)

    try:
        data = tomllib.loads(read_regular(path).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        problems.add(None, "", f"cannot read the configuration: {reason}")
        return None
    table = data.get("tool", {}).get("exportcheck", {})
    tree = _as_tree(table)
    if not isinstance(tree, YMap):
        problems.add(None, "tool.exportcheck", "expected a table")
        return None
    return tree


def _as_tree(value: Any) -> Value:
    """TOML data as the strict loader's tree: every scalar the text it stands for."""
    if isinstance(value, dict):
        tree = YMap(None)
        for key, item in value.items():
            tree[str(key)] = _as_tree(item)
        return tree
    if isinstance(value, list):
        from exportcheck.input.yamlio import YSeq  # noqa: PLC0415

        seq = YSeq(None)
        seq.extend(_as_tree(item) for item in value)
        return seq
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _read(
    table: YMap,
    home: Path,
    source: str,
    problems: Problems,
    prefix: str,
    *,
    formats: Collection[str],
) -> Settings:
    reader = Reader(problems)
    where = prefix.rstrip(".")
    reader.keys(table, where, KEYS)
    output_format = reader.choice(table, "format", where, {f: f for f in formats})
    horizon = None
    if table.get("horizon") is not None:
        number = reader.decimal(table, "horizon", where, what="a number of days")
        if number is not None:
            if number != number.to_integral_value():
                reader.error(
                    table.value_marks.get("horizon"), f"{prefix}horizon", "expected whole days"
                )
            else:
                horizon = int(number)
    rules: tuple[Path, ...] = ()
    if table.get("rules") is not None:
        mark = table.value_marks.get("rules")
        names = reader.strings(table["rules"], mark, f"{prefix}rules")
        rules = tuple(
            p for p in (_inside(home, n, reader, mark, f"{prefix}rules") for n in names or ()) if p
        )
    audit_log = None
    if table.get("audit_log") is not None:
        text = reader.text(table, "audit_log", where)
        mark = table.value_marks.get("audit_log")
        audit_log = _inside(home, text, reader, mark, f"{prefix}audit_log") if text else None
    exporter = None
    if table.get("exporter") is not None:
        exporter = _exporter(table, reader, prefix)
    given = frozenset(k for k in KEYS if table.get(k) is not None)
    return Settings(source, output_format, horizon, rules, audit_log, exporter, given)


def _inside(home: Path, name: str, reader: Reader, mark: Mark | None, path: str) -> Path | None:
    """`name` relative to the configuration's folder, if it stays inside that folder's tree
    (links resolved); otherwise an error: a configuration found on the way must not make a run
    read or write elsewhere (`audit_log: ~/.bashrc`)."""
    try:
        chosen = (home / name).resolve()
    except (OSError, ValueError, RuntimeError) as exc:  # a NUL byte, a loop of links
        reader.error(mark, path, f"{safe.clip(name)!r} is not a usable path ({exc})")
        return None
    if chosen.is_relative_to(home.resolve()):
        return chosen
    reader.error(
        mark,
        path,
        f"{name!r} is outside the configuration's folder {home}: name a file inside it, "
        "or pass the path on the command line",
    )
    return None


def _exporter(table: YMap, reader: Reader, prefix: str) -> YMap | None:
    """The default exporter, checked as a description's exporter is."""
    from exportcheck.input.keys import PARTY_KEYS  # noqa: PLC0415 (only with an exporter)

    value = table["exporter"]
    path = f"{prefix}exporter"
    party = reader.mapping(value, table.value_marks.get("exporter"), path)
    if party is None:
        return None
    reader.keys(party, path, PARTY_KEYS, required=("name", "country"))
    reader.text(party, "name", path)
    reader.country(party, "country", path)
    return party
