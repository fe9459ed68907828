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
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field

from exportcheck.check.engine import Checker
from exportcheck.errors import InputError, Mark, Problem
from exportcheck.input.files import STDIN, open_regular, read_input, sha256
from exportcheck.input.parse import parse_file, parse_text
from exportcheck.input.yamlio import DEFAULT_LIMITS, Limits, YMap
from exportcheck.model import days
from exportcheck.model.result import Result
from exportcheck.model.verdict import DEFAULT_HORIZON
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from exportcheck.input.manifest import Manifest, Unfit
    from exportcheck.input.shipment import Shipment
    from exportcheck.model.description import Description
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
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
"""Manifests as spreadsheets (input.workbook): each sheet with rows is read as a CSV is."""
"""A path given with this suffix is a CSV manifest."""


class SourceKind(enum.Enum):
    DESCRIPTION = "description"
    """A YAML or JSON description file, or standard input."""
    MANIFEST = "manifest"
    """A CSV manifest: one result per row."""
    MISSING = "missing"
    """A path that names nothing to check: reported, not checked."""
    SKIPPED = "skipped"
    """Found by a directory search and left out (a symbolic link, or by its name): said on
    standard error and counted in the summary, not checked."""
    FOLLOWED = "followed"
    """A symbolic link named on the command line, followed: said on standard error; the
    link's own inputs come after it."""


SAID = (SourceKind.SKIPPED, SourceKind.FOLLOWED)
"""Kinds of source that are said, not checked (`notices`)."""


class Source(Struct, frozen=True):
    name: str
    """As given on the command line, or found under a directory given there; `-` is stdin."""
    kind: SourceKind
    problem: str | None = None
    """For MISSING: what is wrong with the path; for SKIPPED and FOLLOWED: what is said."""
    scanned: bool = False
    """Found by a directory search: read without following a symbolic link."""


def sources(paths: Iterable[str]) -> Iterator[Source]:
    """Each path as an input; a directory as every description file under it, sorted by path.

    A directory search follows no symbolic link, to a file or a folder: each is a SKIPPED
    source, as is a file left out by its name (SKIPPED_SUFFIXES, SKIPPED_NAMES, hidden). A link
    named on the command line is followed, and a FOLLOWED source says so."""
    for name in paths:
        if name == STDIN:
            yield Source(name, SourceKind.DESCRIPTION)
            continue
        path = Path(name)
        if path.is_symlink() and path.exists():
            target = os.path.realpath(name)
            yield Source(name, SourceKind.FOLLOWED, f"a symbolic link to {target}; followed")
        if path.is_dir():
            found = list(_scan(path))
            if not any(s.kind is SourceKind.DESCRIPTION for s in found):
                suffixes = ", ".join(f"*{s}" for s in DESCRIPTION_SUFFIXES)
                yield Source(
                    name, SourceKind.MISSING, f"directory has no description files ({suffixes})"
                )
            yield from found
        elif path.exists():
            manifest = name.lower().endswith((MANIFEST_SUFFIX, *SPREADSHEETS))
            yield Source(name, SourceKind.MANIFEST if manifest else SourceKind.DESCRIPTION)
        else:
            yield Source(name, SourceKind.MISSING, "no such file or directory")


def _scan(root: Path) -> list[Source]:
    found: list[Source] = []
    for folder, dirs, files in os.walk(root):  # followlinks=False: links are listed, not entered
        kept = []
        for name in dirs:
            if name.startswith("."):
                continue
            if Path(folder, name).is_symlink():
                why = "a symbolic link to a folder; a directory search does not follow links"
                found.append(Source(str(Path(folder, name)), SourceKind.SKIPPED, why))
                continue
            kept.append(name)
        dirs[:] = kept
        for name in files:
            if not name.lower().endswith(DESCRIPTION_SUFFIXES):
                continue
            path = Path(folder, name)
            skipped = _skipped_why(path, name)
            kind = SourceKind.DESCRIPTION if skipped is None else SourceKind.SKIPPED
            found.append(Source(str(path), kind, skipped, scanned=True))
    return sorted(found, key=lambda s: Path(s.name))


def _skipped_why(path: Path, name: str) -> str | None:
    """Why a directory search leaves out a file with a description's suffix; None: it does not."""
    if path.is_symlink():
        return "a symbolic link; a directory search does not follow links (name it to check it)"
    if name.startswith("."):
        return "hidden (its name starts with a dot); name it to check it"
    if name in SKIPPED_NAMES:
        return "a configuration file by its name; name it to check it as a description"
    suffix = next((s for s in SKIPPED_SUFFIXES if name.lower().endswith(s)), None)
    if suffix is not None:
        what = "a ruleset" if ".rules." in suffix else "a manifest header"
        return f"{what} by its name (*{suffix}); name it to check it as a description"
    return None


SAY_AT_MOST = 10
"""Skipped files named one by one on standard error; more are counted in one line."""


def notices(found: Iterable[Source]) -> list[str]:
    """The lines a run says about its sources before checking them: links followed, and files
    a directory search skipped (SAY_AT_MOST of them by name, then a count)."""
    lines = [f"{s.name}: {s.problem}" for s in found if s.kind is SourceKind.FOLLOWED]
    skipped = [s for s in found if s.kind is SourceKind.SKIPPED]
    lines.extend(f"{s.name}: skipped: {s.problem}" for s in skipped[:SAY_AT_MOST])
    if len(skipped) > SAY_AT_MOST:
        more = len(skipped) - SAY_AT_MOST
        lines.append(f"exportcheck: {more:,} more files skipped by a directory search")
    return lines


def decimal_notices(found: Iterable[Source], options: BatchOptions) -> list[str]:
    """A line per CSV manifest whose numbers are read with a decimal comma, naming the columns
    and why (a semicolon- or tab-separated file, as European spreadsheets save CSV, or
    `--decimal-comma`): a value's meaning is never changed unsaid. A file that cannot be
    opened says nothing here; its problems are reported when it is checked."""
    lines = []
    for source in found:
        if source.kind is not SourceKind.MANIFEST or not source.name.lower().endswith(
            MANIFEST_SUFFIX
        ):
            continue
        opened = open_rows(source.name, options)
        if isinstance(opened, tuple):
            continue
        opened.close()
        names = [c.name for c in opened.columns if c.index in opened.decimals]
        if not names:
            continue
        delimiter = opened.reader.dialect.delimiter
        why = _SEPARATED.get(delimiter, "--decimal-comma was given")
        lines.append(
            f"{source.name}: numbers in {', '.join(names)} are read with a decimal comma "
            f"(87,1 is 87.1; 1.234,5 is 1234.5): {why}"
        )
    return lines


_SEPARATED = {
    ";": "the file is semicolon-separated, as European spreadsheets save CSV",
    "\t": "the file is tab-separated, as European spreadsheets save text",
}


class BatchOptions(Struct, frozen=True):
    as_of: dt.date | None = None
    """Evaluate every input on this day; None: each description's own date, else `today`."""
    today: dt.date = field(default_factory=days.today)
    """Today in China Standard Time (model.days)."""
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
    encoding: str | None = None
    """For CSV manifests: the codec to read them with (input.encodings); None: UTF-8, or
    UTF-16 by its BOM."""
    decimal_comma: bool = False
    """For comma-separated manifests: numbers are written with a decimal comma (`"87,1"`);
    semicolon- and tab-separated ones are read so anyway."""
    stream_from: int | None = None
    """Read a description file of at least this many bytes item by item (input.streamed,
    check.streamed): neither its items nor their findings are held. None: read each whole.
    For formats that go through a verdict's findings once (report.formats `streams`)."""


def run(
    found: Iterable[Source], book: RuleBook, options: BatchOptions, checker: Checker | None = None
) -> Iterator[Result]:
    """Check each source in turn, yielding its result as soon as it is decided."""
    checker = checker or Checker(book)
    for source in found:
        started = time.perf_counter()
        if source.kind in SAID:
            continue
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
            data = read_input(source.name, options.limits, follow=not source.scanned)
            digest = sha256(data) if options.digest else None
            limit = options.stream_from
            if limit is not None and len(data) >= limit and options.provenance is None:
                from exportcheck.input.streamed import utf8  # noqa: PLC0415 (big files only)

                utf8_data = utf8(data, shown, options.limits)
                del data  # `utf8_data` (the same bytes, as a rule) stays, for the items' readings
                read = _streamed(utf8_data, shown, checker, options)
            else:
                read = parse_file(data, shown, options.limits, options.defaults)
            if isinstance(read, tuple):
                verdict, description = read
            else:
                description = read
                day, how = days.chosen(options.as_of, description.date, options.today)
                verdict = checker.check(description, day, options.horizon, how)
                if options.provenance is not None:
                    verdict = options.provenance.apply(verdict, description, day)
        except InputError as error:
            seconds = time.perf_counter() - started
            yield Result(shown, None, error.problems, seconds, digest=digest)
            continue
        except INPUT_FAILURES as exc:
            seconds = time.perf_counter() - started
            yield Result(shown, None, (failure(shown, exc),), seconds, digest=digest)
            continue
        seconds = time.perf_counter() - started
        yield Result(shown, verdict, (), seconds, digest=digest, lines=_lines(description))


def _streamed(
    source: bytes, file: str, checker: Checker, options: BatchOptions
) -> tuple[Verdict, Description] | Description:
    """A big description's verdict checked item by item, and its header (the description
    without its items); a file that is not clean, read whole (its problems are an InputError).
    """
    from exportcheck.check import streamed as check_streamed  # noqa: PLC0415 (big files only)
    from exportcheck.input import streamed as read_streamed  # noqa: PLC0415

    limits, defaults = options.limits, options.defaults
    found = read_streamed.streamed(source, file, limits, defaults)
    while found is not None:
        header = found.header
        day, how = days.chosen(options.as_of, header.date, options.today)
        try:
            verdict = check_streamed.check(
                checker, header, found.items, day, horizon=options.horizon, as_of_from=how
            )
        except read_streamed.UnstreamableError:
            break
        except read_streamed.HeaderMovedError as moved:
            found = moved.streamed  # keys after the items: again, with them
        else:
            return verdict, header
    return parse_text(source.decode("utf-8"), file, limits, defaults)


INPUT_FAILURES = (OverflowError, RecursionError, MemoryError, UnicodeError)
"""What an input can make a check raise beyond its own problems (a number too big, a structure
too deep, text that cannot be decoded): that input's failure, not the run's; the other inputs
are still checked and audited."""


def failure(name: str, exc: BaseException, row: int | None = None) -> Problem:
    """The one problem of an input whose check raised one of INPUT_FAILURES."""
    mark = None if row is None else Mark(row, 1)
    return Problem(name, mark, "", f"could not be checked: {type(exc).__name__}: {exc}")


STREAM_FROM = 1 << 20
"""A description file this big (1 MiB, some 5,000 items) is read and checked item by item
where the format allows (BatchOptions.stream_from); a smaller one is read whole, once."""

MEMO_SIZE = 50_000
"""Distinct rows whose decisions a manifest keeps (then the memory starts afresh)."""


def _lines(description: Description) -> tuple[tuple[str, int], ...]:
    """Where the items and parties start in the file."""
    found = [(item.path, item.line) for item in description.items]
    parties = (description.exporter, description.consignee, description.end_user)
    found += [(p.path, p.line) for p in (*parties, description.recipient) if p is not None]
    return tuple((path, line) for path, line in found if line is not None)


def rows(name: str, checker: Checker, options: BatchOptions) -> Iterator[Result]:
    """Each row's result, as it is read. A row whose facts an earlier row had takes that row's
    decision (the one memory of repeated rows: a manifest ships the same part on many lines);
    its own line and item id stand in the verdict. A problem with the file itself (it cannot be
    read, its header is wrong) is one result, and ends the file."""
    from exportcheck.input import manifest  # noqa: PLC0415 (when there is CSV)

    started = time.perf_counter()
    if name.lower().endswith(SPREADSHEETS):
        yield from _sheets(name, checker, options)
        return
    opened = open_rows(name, options)
    if not isinstance(opened, manifest.Manifest):
        yield Result(name, None, opened, time.perf_counter() - started)
        return
    try:
        yield from rows_of(name, opened, checker, options)
    except (OSError, *INPUT_FAILURES) as exc:  # the file itself failed: it ends here
        yield Result(name, None, (failure(name, exc),), time.perf_counter() - started)
    finally:
        opened.close()


def _sheets(name: str, checker: Checker, options: BatchOptions) -> Iterator[Result]:
    """Each sheet of a spreadsheet with rows, as a manifest named `file:sheet`."""
    from exportcheck.input import manifest, workbook  # noqa: PLC0415 (spreadsheets only)

    started = time.perf_counter()
    try:
        os.close(open_regular(name))  # a regular file: never a FIFO or a device
        found = workbook.sheets(name)
    except (OSError, ValueError, *workbook.ERRORS) as exc:
        message = f"cannot read the spreadsheet: {type(exc).__name__}: {exc}"
        yield Result(name, None, (Problem(name, None, "", safe.clip(message)),))
        return
    if not found:
        problem = Problem(name, None, "", "holds no sheet with rows (is it a spreadsheet?)")
        yield Result(name, None, (problem,), time.perf_counter() - started)
        return
    fields = _fields(options)
    for sheet, rows in found:
        part = f"{name}:{sheet}"
        opened = manifest.open_sheet(part, rows, fields, decimal_comma=options.decimal_comma)
        if not isinstance(opened, manifest.Manifest):
            yield Result(part, None, opened, time.perf_counter() - started)
            continue
        yield from rows_of(part, opened, checker, options)


def _fields(options: BatchOptions) -> Shipment:
    """The shipment-level fields the run gives every row."""
    from exportcheck.input import shipment  # noqa: PLC0415 (when there is CSV)

    exporter = options.defaults.get("exporter") if options.defaults else None
    given = options.shipment or shipment.Shipment()
    return given.with_exporter(exporter if isinstance(exporter, YMap) else None)


def open_rows(name: str, options: BatchOptions) -> Manifest | tuple[Problem, ...]:
    """A manifest opened past its header, with the shipment-level fields the run gives."""
    from exportcheck.input import manifest  # noqa: PLC0415 (when there is CSV)

    return manifest.open_manifest(
        name, _fields(options), options.encoding, decimal_comma=options.decimal_comma
    )


def rows_of(
    name: str,
    opened: Manifest,
    checker: Checker,
    options: BatchOptions,
    *,
    found: Iterable[tuple[int, list[str]] | Unfit] | None = None,
    decided: dict[object, Verdict] | None = None,
) -> Iterator[Result]:
    """The results of `found` rows of the manifest (default: every row, as it reads them);
    `decided`: the decisions of earlier rows by their facts (kept across calls by a worker)."""
    from exportcheck.input import layout, manifest  # noqa: PLC0415 (when there is CSV)
    from exportcheck.run.unnamed import Unnamed  # noqa: PLC0415 (when there is CSV)

    decided = {} if decided is None else decided
    key_of, digest, decimals = opened.key, options.digest, bool(opened.decimals)
    unnamed = Unnamed.of(opened, checker.book.entity_lists)
    clock = time.perf_counter
    for row in opened.rows() if found is None else found:
        started = clock()
        if isinstance(row, manifest.Unfit):
            yield Result(name, None, row.problems, row=row.line)
            continue
        line, cells = row
        row_digest = layout.row_digest(cells) if digest else None
        if decimals:
            cells = opened.comma_decimals(cells)
        key = key_of(cells)
        known = decided.get(key)
        if known is None and unnamed is not None:
            known = unnamed.reused(cells, line)
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
            day, how = days.chosen(options.as_of, description.date, options.today)
            verdict = checker.check(description, day, options.horizon, how)
            if options.provenance is not None:
                verdict = options.provenance.apply(verdict, description, day)
        except InputError as error:
            yield Result(name, None, error.problems, clock() - started, line, item, row_digest)
            continue
        except INPUT_FAILURES as exc:
            problem = failure(name, exc, line)
            yield Result(name, None, (problem,), clock() - started, line, item, row_digest)
            continue
        if len(decided) >= MEMO_SIZE:
            decided.clear()
        decided[key] = verdict
        if unnamed is not None:
            unnamed.remember(cells, line, verdict)
        yield Result(name, verdict, (), clock() - started, line, item, row_digest)
