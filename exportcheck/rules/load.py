"""Loading rulesets: the bundled control lists (YAML data) and the user's, validated and compiled.

A ruleset file holds `ruleset` (name, version, title), `measures` (the legal acts, with their
dates, sources and suspension windows) and `rules` (what each act controls, as matcher
expressions). The format is documented in docs/rulesets.md. Loading validates everything and
reports every problem as `file:line:col: path: message`; a broken ruleset is exit 2, never a
partial check.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from exportcheck import cache
from exportcheck.errors import Problems, RulesetError, raise_if_any
from exportcheck.input.fields import Reader
from exportcheck.input.yamlio import load
from exportcheck.rules import read
from exportcheck.rules.book import RuleBook, combine

if TYPE_CHECKING:
    from collections.abc import Iterable

    from exportcheck.rules.model import Ruleset


def bundled_dir() -> Path:
    """The bundled rulesets: inside the installed package, or the source tree's `rulesets/`."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "rulesets"  # where the wheel puts them
    if packaged.is_dir():
        return packaged
    return package.parent / "rulesets"


def bundled_files() -> list[Path]:
    return sorted(bundled_dir().glob("*.yaml"))


def bundled_list_files() -> list[Path]:
    return sorted((bundled_dir() / "lists").glob("*.yaml"))


def load_rulebook(
    paths: Iterable[Path] | None = None,
    list_paths: Iterable[Path] | None = None,
    extra: Iterable[Path] = (),
) -> RuleBook:
    """Load and validate rulesets and entity lists (the bundled ones by default) and any
    `extra` ruleset files; raise RulesetError on problems. A book once validated is kept in the
    compiled cache (exportcheck.cache), under a hash of every file's bytes."""
    user = list(extra)
    list_files = list(list_paths) if list_paths is not None else bundled_list_files()
    files = [*(list(paths) if paths is not None else bundled_files()), *list_files, *user]
    if not files:
        problems = Problems(str(bundled_dir()))
        problems.add(None, "", "no ruleset files found")
        raise_if_any(problems, RulesetError)
    try:
        parts = [f"ruleset {cache.stamp(p)}" for p in files[: len(files) - len(user)]] + [
            f"user {cache.stamp(p)}" for p in user
        ]
    except OSError:
        parts = None  # a file that cannot be read is reported by the build
    if parts is None:
        return _build(files, len(user))
    return cache.remembered("rulebook", cache.key(parts), lambda: _build(files, len(user)))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        problems = Problems(str(path))
        problems.add(None, "", f"cannot read the ruleset: {exc.strerror or exc}")
        raise RulesetError(problems.sorted()) from None


def _build(files: list[Path], user: int = 0) -> RuleBook:
    """The book of `files`, the last `user` of which are the user's."""
    loaded = [load_ruleset(_read(path), str(path)) for path in files]
    for position in range(len(loaded) - user, len(loaded)):
        ruleset = loaded[position]
        amends = tuple(sorted({o.target for o in ruleset.overlays}))
        info = replace(ruleset.info, origin="user", amends=amends)
        loaded[position] = replace(ruleset, info=info)
    return combine(loaded)


def load_ruleset(data: bytes, file: str) -> Ruleset:
    problems = Problems(file)
    root = load(data, file, problems=problems)
    reader = Reader(problems)
    top = reader.mapping(root, None, "")
    import hashlib  # noqa: PLC0415 (slow to import; a cached rule book needs none)

    found = (
        None if top is None else read.ruleset(reader, top, file, hashlib.sha256(data).hexdigest())
    )
    raise_if_any(problems, RulesetError)
    assert found is not None
    return found
