"""Checking many inputs in one run: files, directories, standard input and CSV manifests.

`sources` turns the paths given on the command line into inputs, in a fixed order; `run` checks
them one by one and yields a `Result` as soon as each is decided, so a caller can stream results
out with flat memory. One bad input is a `Result` with problems (exit 2), and the run goes on.
The process exit code is the most severe result, in the order of `SEVERITY`.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from exportcheck.check.engine import Checker
from exportcheck.errors import InputError, Problem
from exportcheck.input.files import STDIN, read_input, sha256
from exportcheck.input.parse import parse_file
from exportcheck.input.yamlio import DEFAULT_LIMITS, Limits, YMap
from exportcheck.model.result import Result
from exportcheck.model.verdict import DEFAULT_HORIZON

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from exportcheck.input.shipment import Shipment
    from exportcheck.model.verdict import Verdict
    from exportcheck.rules.book import RuleBook
    from exportcheck.run.provenance import Provenance

DESCRIPTION_SUFFIXES = (".yaml", ".yml", ".json")
"""What a directory is searched for (recursively; hidden files and folders are skipped)."""
SKIPPED_SUFFIXES = (".header.yaml", ".header.yml", ".rules.yaml", ".rules.yml")
"""Manifest header files (`--header`) and ruleset files by convention (`--rules`), which a
directory search leaves out."""
SKIPPED_NAMES = ("exportcheck.yaml",)
"""The configuration file, which a directory search leaves out."""
MANIFEST_SUFFIX = ".csv"
"""A path given with this suffix is a CSV manifest."""


class SourceKind(enum.Enum):
    DESCRIPTION = "description"
    """A YAML or JSON description file, or standard input."""
    MANIFEST = "manifest"
    """A CSV manifest: one result per row."""
    MISSING = "missing"
    """A path that names nothing to check: reported, not checked."""


@dataclass(frozen=True)
class Source:
    name: str
    """As given on the command line, or found under a directory given there; `-` is stdin."""
    kind: SourceKind
    problem: str | None = None
    """For MISSING: what is wrong with the path."""


def sources(paths: Iterable[str]) -> Iterator[Source]:
    """Each path as an input; a directory as every description file under it, sorted by path."""
    for name in paths:
        if name == STDIN:
            yield Source(name, SourceKind.DESCRIPTION)
            continue
        path = Path(name)
        if path.is_dir():
            found = _descriptions_under(path)
            if not found:
                suffixes = ", ".join(f"*{s}" for s in DESCRIPTION_SUFFIXES)
                yield Source(
                    name, SourceKind.MISSING, f"directory has no description files ({suffixes})"
                )
            yield from (Source(str(p), SourceKind.DESCRIPTION) for p in found)
        elif path.exists():
            manifest = name.lower().endswith(MANIFEST_SUFFIX)
            yield Source(name, SourceKind.MANIFEST if manifest else SourceKind.DESCRIPTION)
        else:
            yield Source(name, SourceKind.MISSING, "no such file or directory")


def _descriptions_under(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(
            Path(folder, f)
            for f in files
            if not f.startswith(".")
            and f.lower().endswith(DESCRIPTION_SUFFIXES)
            and not f.lower().endswith(SKIPPED_SUFFIXES)
            and f not in SKIPPED_NAMES
        )
    return sorted(found)


@dataclass(frozen=True)
class BatchOptions:
    as_of: dt.date | None = None
    """Evaluate every input on this day; None: each description's own date, else `today`."""
    today: dt.date = field(default_factory=dt.date.today)
    limits: Limits = DEFAULT_LIMITS
    horizon: int = DEFAULT_HORIZON
    """Days ahead to look for rules changing (0: do not look)."""
    digest: bool = False
    """Give each result the sha256 of its input (for the audit log)."""
    shipment: Shipment | None = None
    """For CSV manifests: the shipment-level fields given once (input.shipment); None: none."""
    defaults: YMap | None = None
    """Top-level fields a description may leave out (the configuration's exporter); for a
    manifest, an exporter its header and --set do not give."""
    provenance: Provenance | None = None
    """What the user's configuration and rulesets supplied, for each verdict to say."""


def run(found: Iterable[Source], book: RuleBook, options: BatchOptions) -> Iterator[Result]:
    """Check each source in turn, yielding its result as soon as it is decided."""
    checker = Checker(book)
    for source in found:
        started = time.perf_counter()
        if source.kind is SourceKind.MISSING:
            problem = Problem(source.name, None, "", source.problem or "cannot be checked")
            yield Result(source.name, None, (problem,))
            continue
        if source.kind is SourceKind.MANIFEST:
            yield from rows(source.name, checker, options)
            continue
        shown = "<stdin>" if source.name == STDIN else source.name
        digest = None
        try:
            data = read_input(source.name, options.limits)
            digest = sha256(data) if options.digest else None
            description = parse_file(data, shown, options.limits, options.defaults)
        except InputError as error:
            seconds = time.perf_counter() - started
            yield Result(shown, None, error.problems, seconds, digest=digest)
            continue
        day = options.as_of or description.date or options.today
        verdict = checker.check(description, day, options.horizon)
        if options.provenance is not None:
            verdict = options.provenance.apply(verdict, description, day)
        yield Result(shown, verdict, (), time.perf_counter() - started, digest=digest)


MEMO_SIZE = 50_000
"""Distinct rows whose decisions a manifest keeps (then the memory starts afresh)."""


def rows(name: str, checker: Checker, options: BatchOptions) -> Iterator[Result]:
    """Each row's result, as it is read. A row whose facts an earlier row had takes that row's
    decision (the one memory of repeated rows: a manifest ships the same part on many lines);
    its own line and item id stand in the verdict. A problem with the file itself (it cannot be
    read, its header is wrong) is one result, and ends the file."""
    from exportcheck.input import manifest, shipment  # noqa: PLC0415 (when there is CSV)

    exporter = options.defaults.get("exporter") if options.defaults else None
    given = options.shipment or shipment.Shipment()
    fields = given.with_exporter(exporter if isinstance(exporter, YMap) else None)
    started = time.perf_counter()
    opened = manifest.open_manifest(name, fields)
    if not isinstance(opened, manifest.Manifest):
        yield Result(name, None, opened, time.perf_counter() - started)
        return
    decided: dict[object, Verdict] = {}
    key_of, digest = opened.key, options.digest
    clock = time.perf_counter
    try:
        for row in opened.rows():
            started = clock()
            if isinstance(row, manifest.Unfit):
                yield Result(name, None, row.problems, row=row.line)
                continue
            line, cells = row
            row_digest = manifest.row_digest(cells) if digest else None
            key = key_of(cells)
            known = decided.get(key)
            if known is not None and opened.extras_ok(cells):
                item = opened.item_id(cells, line)
                yield Result(name, known, (), clock() - started, line, item, row_digest)
                continue
            if opened.blank(cells):
                continue
            problems = opened.unreadable(cells, line)
            if problems:
                yield Result(name, None, problems, row=line, digest=row_digest)
                continue
            item = opened.item_id(cells, line)
            try:
                description = opened.describe(cells, line)
            except InputError as error:
                yield Result(name, None, error.problems, clock() - started, line, item, row_digest)
                continue
            day = options.as_of or description.date or options.today
            verdict = checker.check(description, day, options.horizon)
            if options.provenance is not None:
                verdict = options.provenance.apply(verdict, description, day)
            if len(decided) >= MEMO_SIZE:
                decided.clear()
            decided[key] = verdict
            yield Result(name, verdict, (), clock() - started, line, item, row_digest)
    finally:
        opened.close()
