"""Loading rulesets: the bundled control lists (YAML data) and the user's, validated and compiled.

A ruleset file holds `ruleset` (name, version, title), `measures` (the legal acts, with their
dates, sources and suspension windows) and `rules` (what each act controls, as matcher
expressions). The format is documented in docs/rulesets.md. Loading validates everything and
reports every problem as `file:line:col: path: message`; a broken ruleset is exit 2, never a
partial check.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from msgspec.structs import replace

from exportcheck.errors import Problems, RulesetError, raise_if_any
from exportcheck.input.fields import Reader
from exportcheck.input.files import NotRegularError, read_regular
from exportcheck.input.yamlio import load
from exportcheck.places import bundled_dir
from exportcheck.rules import compiled, read
from exportcheck.rules.book import RuleBook, combine

if TYPE_CHECKING:
    from collections.abc import Iterable

    from exportcheck.rules.model import Ruleset


def bundled_paths(folder: Path) -> list[Path]:
    """The ruleset files of a folder of bundled rulesets: its own, then its entity lists."""
    return [*sorted(folder.glob("*.yaml")), *sorted((folder / "lists").glob("*.yaml"))]


def bundled_files() -> list[Path]:
    return sorted(bundled_dir().glob("*.yaml"))


def bundled_list_files() -> list[Path]:
    return sorted((bundled_dir() / "lists").glob("*.yaml"))


def load_rulebook(
    paths: Iterable[Path] | None = None,
    list_paths: Iterable[Path] | None = None,
    extra: Iterable[Path] = (),
    *,
    overlays: bool = True,
) -> RuleBook:
    """Load and validate rulesets and entity lists (the bundled ones by default) and any
    `extra` ruleset files; raise RulesetError on problems. The bundled ones come from their
    compiled book when it was built from exactly these files (rules.compiled)."""
    user = list(extra)
    list_files = list(list_paths) if list_paths is not None else bundled_list_files()
    given = [*(list(paths) if paths is not None else bundled_files()), *list_files]
    if not given and not user:
        problems = Problems(str(bundled_dir()))
        problems.add(None, "", "no ruleset files found")
        raise_if_any(problems, RulesetError)
    bundled = _compiled(given)
    if bundled is None:
        return _built([*given, *user], len(user), overlays=overlays)
    if not user:
        return bundled
    users = (_user(load_ruleset(_read(p), str(p)), overlays=overlays) for p in user)
    return combine([*bundled.rulesets, *users])


_BUILT: dict[tuple[object, ...], RuleBook] = {}
"""Books validated in this process, by what they were built from (a library or a test suite
loads the same book many times)."""


def _built(files: list[Path], user: int, *, overlays: bool) -> RuleBook:
    try:
        key = (user, overlays, *((str(p), *compiled.stamp([p])[0]) for p in files))
    except OSError:
        return build(files, user, overlays=overlays)  # reports the file it cannot read
    book = _BUILT.get(key)
    if book is None:
        if len(_BUILT) >= 8:
            _BUILT.clear()
        book = _BUILT[key] = build(files, user, overlays=overlays)
    return book


def _compiled(files: list[Path]) -> RuleBook | None:
    """The compiled book of `files`, when they are the bundled rulesets and it was built from
    them; None otherwise."""
    folder = bundled_dir()
    if not files or any(p.parent not in (folder, folder / "lists") for p in files):
        return None
    installed = folder.parent == Path(__file__).resolve().parent.parent
    try:
        book = compiled.read(folder / compiled.NAME, files, code=not installed)
    except OSError:
        return None
    if book is None:
        return None
    rulesets = tuple(replace(r, file=str(folder / r.file)) for r in book.rulesets)
    return replace(book, rulesets=rulesets)


def _read(path: Path) -> bytes:
    try:
        return read_regular(path)  # not a FIFO or a device (`--rules /dev/zero`)
    except OSError as exc:
        problems = Problems(str(path))
        reason = exc.strerror or str(exc)
        message = (
            reason if isinstance(exc, NotRegularError) else f"cannot read the ruleset: {reason}"
        )
        problems.add(None, "", message)
        raise RulesetError(problems.sorted()) from None


def build(
    files: list[Path], user: int = 0, *, under: Path | None = None, overlays: bool = True
) -> RuleBook:
    """The book of `files`, the last `user` of which are the user's, validated; files `under`
    a folder are named relative to it (a compiled book is read from elsewhere)."""
    shown = [str(p.relative_to(under)) if under else str(p) for p in files]
    loaded = [load_ruleset(_read(path), name) for path, name in zip(files, shown, strict=True)]
    for position in range(len(loaded) - user, len(loaded)):
        loaded[position] = _user(loaded[position], overlays=overlays)
    return combine(loaded)


def _user(ruleset: Ruleset, *, overlays: bool = True) -> Ruleset:
    """A user's ruleset, marked as such with what it amends (without its overlays when
    `overlays` is False: `--no-overlays`)."""
    if not overlays:
        ruleset = replace(ruleset, overlays=())
    amends = tuple(sorted({o.target for o in ruleset.overlays}))
    return replace(ruleset, info=replace(ruleset.info, origin="user", amends=amends))


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
