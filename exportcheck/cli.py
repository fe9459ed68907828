"""The command line: options -> load -> parse -> check -> render -> exit code.

The only module that prints or exits. Exit codes: 0 no_match, 1 license_required, 3 review,
4 prohibited, 2 could not assess (usage error, unreadable or invalid input, invalid ruleset),
70 internal error (one line on stderr; the traceback only with --debug).

Unlike the rest of the package, this module does not postpone the evaluation of annotations:
typer reads the commands' annotations at every start, and evaluating them from strings costs a
small check about a twentieth of its time.
"""

import contextlib
import dataclasses
import datetime as dt
import enum
import gc
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from exportcheck import __version__, batch
from exportcheck.errors import ExportcheckError, InputError, Problems
from exportcheck.model import fingerprint
from exportcheck.report import Format
from exportcheck.results import Result
from exportcheck.ruleset import load_rulebook
from exportcheck.upcoming import DEFAULT_HORIZON
from exportcheck.yamlio import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from rich.console import Console

    from exportcheck.audit import AuditLog
    from exportcheck.config import Settings
    from exportcheck.report.batch_report import Writer
    from exportcheck.ruleset import RuleBook
    from exportcheck.yamlio import YMap

# Modules only some commands need (rich for text, the CSV reader, the rules catalogue) are
# imported where they are used: a check printing JSON starts within a few hundredths of a
# second of its own dependencies' import time (benchmarks/run.py measures it).

EXIT_INVALID = 2
EXIT_INTERNAL = 70


class ListFormat(enum.Enum):
    TEXT = "text"
    JSON = "json"


app = typer.Typer(
    name="exportcheck",
    help=(
        "Check shipments against China's export controls on battery, EV and rare-earth "
        "supply chains."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _stderr() -> "Console":
    from rich.console import Console  # noqa: PLC0415 (see the imports)

    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def _version(value: bool) -> None:
    if not value:
        return
    err = _stderr()
    try:
        book = load_rulebook(extra=_settings().rules)
    except ExportcheckError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    out = _stdout()
    out.print(f"exportcheck {__version__}", markup=False, soft_wrap=True)
    for info in book.infos:
        line = f"ruleset {info.name} {info.version} sha256:{info.sha256[:12]}"
        if info.origin != "bundled":
            line = f"{line} ({info.origin_label}, from the configuration)"
        out.print(line, markup=False)
    out.print(f"rulebook sha256:{fingerprint(book.infos)}", markup=False)
    raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the package and ruleset versions and exit.",
        ),
    ] = False,
) -> None:
    """Check shipments against China's export controls."""


def _parse_as_of(value: str | None, option: str = "--as-of") -> dt.date | None:
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (expected YYYY-MM-DD)", param_hint=option
        ) from None


@app.command()
def check(
    paths: Annotated[
        list[str],
        typer.Argument(
            help=(
                "Description files (YAML or JSON), CSV manifests (*.csv, one item per row), "
                "directories (searched recursively for *.yaml, *.yml and *.json), or - for "
                "standard input."
            ),
            show_default=False,
            metavar="PATH...",
        ),
    ],
    output_format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format. jsonl: one JSON object per line, per input, as it is decided. "
            "Default: the configuration's format, else text.",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Evaluate the rules as of this date. Default: the file's date, else today.",
            show_default=False,
            metavar="YYYY-MM-DD",
        ),
    ] = None,
    horizon: Annotated[
        int | None,
        typer.Option(
            "--horizon",
            min=0,
            help="Days ahead to list the dates a rule touching the input changes (0: none). "
            "Default: the configuration's horizon, else 90.",
            show_default=False,
            metavar="DAYS",
        ),
    ] = None,
    rules: Annotated[
        list[Path] | None,
        typer.Option(
            "--rules",
            help="An extra ruleset file (rules or overlays), validated like the bundled ones; "
            "adds to the configuration's (repeatable).",
            show_default=False,
            metavar="PATH...",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report to FILE instead of standard output: replaced whole once the "
            "run is done, and not written at all if nothing could be checked.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    audit_log: Annotated[
        Path | None,
        typer.Option(
            "--audit-log",
            help="Append one JSON line per check to this file (time, input sha256, rulesets, "
            "verdict, findings). Default: the configuration's audit_log, if any.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    header: Annotated[
        str | None,
        typer.Option(
            "--header",
            help="For CSV manifests: a YAML file of shipment-level fields (exporter, end_user, "
            "destination, ...) that every row shares.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="For CSV manifests: a shipment-level field for every row, like "
            "exporter.country=CN (repeatable; over --header, under a non-empty cell).",
            show_default=False,
            metavar="KEY=VALUE",
        ),
    ] = None,
    max_bytes: Annotated[
        int,
        typer.Option(
            "--max-bytes", min=1, help="Largest description file accepted (CSV manifests stream)."
        ),
    ] = DEFAULT_LIMITS.max_bytes,
    max_depth: Annotated[
        int, typer.Option("--max-depth", min=1, help="Deepest YAML nesting accepted.")
    ] = DEFAULT_LIMITS.max_depth,
    max_nodes: Annotated[
        int, typer.Option("--max-nodes", min=1, help="Most YAML nodes accepted in one file.")
    ] = DEFAULT_LIMITS.max_nodes,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
) -> None:
    """Check descriptions and print the verdicts; the exit code is the most severe verdict.

    Exit codes, least to most severe: 0 no_match, 1 license_required, 3 review, 2 could not
    assess (an input or ruleset is invalid), 4 prohibited; 70 internal error.
    """
    day = _parse_as_of(as_of)
    limits = Limits(max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes)
    shipment = (header, list(sets or []))

    def action() -> int:
        found = _settings()
        chosen = output_format or Format(found.format or Format.TEXT.value)
        log = audit_log or found.audit_log
        options = batch.Options(
            as_of=day,
            limits=limits,
            horizon=_first(horizon, found.horizon, DEFAULT_HORIZON),
            digest=log is not None,
            defaults=found.defaults(),
        )
        extra = [*found.rules, *(rules or [])]
        files = (output, log)
        return _run(paths, chosen, options, extra, shipment, files, found.audited())

    raise typer.Exit(_guarded(action, debug=debug))


def _first(*values: int | None) -> int:
    return next(v for v in values if v is not None)


def _settings() -> "Settings":
    """The configuration file's settings (exportcheck/config.py); a bad file is an input error."""
    from exportcheck import config  # noqa: PLC0415 (see the imports)

    return config.settings()


def _guarded(action: Callable[[], int], *, debug: bool) -> int:
    """Run a command body: could-not-assess errors are exit 2, anything else exit 70."""
    try:
        return action()
    except ExportcheckError as exc:
        err = _stderr()
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        return EXIT_INVALID
    except Exception as exc:
        err = _stderr()
        if debug:
            err.print(traceback.format_exc(), markup=False)
        err.print(
            f"exportcheck: internal error: {type(exc).__name__}: {exc} "
            "(rerun with --debug for the traceback)",
            markup=False,
        )
        return EXIT_INTERNAL


PROGRESS_AFTER = 1.0
"""Seconds of work after which a run over many inputs shows a progress bar (text on a terminal)."""


def _run(
    paths: list[str],
    output_format: Format,
    options: batch.Options,
    rules: list[Path],
    shipment: tuple[str | None, list[str]],
    files: tuple[Path | None, Path | None] = (None, None),
    configuration: dict[str, object] | None = None,
) -> int:
    output, audit_log = files
    found = list(batch.sources(paths))
    manifests = any(s.kind is batch.Kind.MANIFEST for s in found)
    single = len(found) == 1 and found[0].kind is not batch.Kind.MANIFEST
    single = single and len(paths) == 1 and not Path(paths[0]).is_dir()
    header, sets = shipment
    if header is not None or sets:
        if not manifests:
            _stderr().print(
                "exportcheck: --header and --set are for CSV manifests (*.csv); none was given",
                markup=False,
            )
            return EXIT_INVALID
        from exportcheck import manifest  # noqa: PLC0415 (see the imports)

        fields = manifest.shipment_fields(header, sets, options.limits)
        options = dataclasses.replace(options, shipment=fields)
    book = load_rulebook(extra=rules)
    log = _audit_log(audit_log)
    tally = batch.Tally()
    results = batch.run(found, book, options)
    if output_format is Format.TEXT and not single:
        err = _stderr()
        if err.is_terminal:
            results = _with_progress(results, None if manifests else len(found), err)
    with _destination(output) as destination, _few_collections():
        writer = _writer(output_format, destination.stream, single=single, book=book)
        if log is None:
            for result in results:
                tally.add(result)
                writer.add(result)
        else:
            _audited(results, log, tally, writer, configuration)
        writer.close(tally)
        destination.keep = tally.total > tally.verdicts["invalid"]
    return batch.most_severe(batch.EXIT_CODES[v] for v, n in tally.verdicts.items() if n)


class _Destination:
    """Where the report goes: standard output, or a temporary file that replaces `--output`
    only if `keep` is set by the end of the run (a verdict exists)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.keep = False


@contextlib.contextmanager
def _destination(path: Path | None) -> Iterator[_Destination]:
    if path is None:
        yield _Destination(sys.stdout)
        return
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        problems = Problems(str(path))
        problems.add(None, "", f"cannot write the report: {exc.strerror or exc}")
        raise InputError(problems.sorted()) from None
    destination = None
    try:
        with open(handle, "w", encoding="utf-8", newline="") as stream:  # noqa: PTH123 (an fd)
            destination = _Destination(stream)
            yield destination
        if destination.keep:
            Path(temporary).replace(path)
    finally:
        if destination is None or not destination.keep:
            Path(temporary).unlink(missing_ok=True)


def _audit_log(path: Path | None) -> "AuditLog | None":
    """The open audit log, if one is asked for; an input error (exit 2, before any check) if it
    cannot be written."""
    if path is None:
        return None
    from exportcheck.audit import AuditLog  # noqa: PLC0415 (see the imports)

    try:
        return AuditLog(path)
    except OSError as exc:
        problems = Problems(str(path))
        problems.add(None, "", f"cannot write the audit log: {exc.strerror or exc}")
        raise InputError(problems.sorted()) from None


def _audited(
    results: "Iterator[Result]",
    log: "AuditLog",
    tally: batch.Tally,
    writer: "Writer",
    configuration: dict[str, object] | None,
) -> None:
    from exportcheck import audit  # noqa: PLC0415 (see the imports)

    try:
        for result in results:
            log.write(audit.record(result, dt.datetime.now(dt.UTC), configuration))
            tally.add(result)
            writer.add(result)
    finally:
        log.close()


def _writer(output_format: Format, out: TextIO, *, single: bool, book: "RuleBook") -> "Writer":
    from exportcheck.report import batch_report  # noqa: PLC0415 (see the imports)

    if output_format is Format.TEXT:
        console = _stdout() if out is sys.stdout else _file_console(out)
        return batch_report.TextWriter(console, _stderr(), single=single)
    if output_format is Format.SARIF:
        rules = {rule.id: rule for rule in book.rules}
        return batch_report.SarifWriter(out, sys.stderr, single=single, rules=rules)
    writers: dict[Format, type[batch_report.MachineWriter]] = {
        Format.JSON: batch_report.JsonWriter,
        Format.JSONL: batch_report.JsonLinesWriter,
        Format.MARKDOWN: batch_report.MarkdownWriter,
        Format.JUNIT: batch_report.JunitWriter,
    }
    return writers[output_format](out, sys.stderr, single=single)


def _file_console(out: TextIO) -> "Console":
    from rich.console import Console  # noqa: PLC0415 (see the imports)

    return Console(file=out, highlight=False, emoji=False)


def _with_progress(
    results: "Iterator[Result]", total: int | None, err: "Console"
) -> "Iterator[Result]":
    """Pass results through, showing a transient progress bar on stderr once the work has taken
    longer than PROGRESS_AFTER seconds."""
    from rich.progress import Progress  # noqa: PLC0415 (see the imports)

    started = time.perf_counter()
    progress: Progress | None = None
    task = None
    try:
        for done, result in enumerate(results, 1):
            if progress is None and time.perf_counter() - started > PROGRESS_AFTER:
                progress = Progress(console=err, transient=True)
                progress.start()
                task = progress.add_task("checking", total=total, completed=done - 1)
            yield result
            # Files are counted one by one; manifest rows, which come by the thousand, by 64.
            if progress is not None and task is not None and (total or not done % 64):
                progress.update(task, completed=done)
    finally:
        if progress is not None:
            progress.stop()


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Checking a big manifest allocates millions of small objects that reference counting
    frees; the cyclic collector's default pace (every 700 allocations) then costs about a
    seventh of the run. Collect cycles less often for the run's duration."""
    saved = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


@app.command()
def diff(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="As for check: description files, CSV manifests, directories, or -.",
            show_default=False,
            metavar="PATH...",
        ),
    ],
    days: Annotated[
        list[str],
        typer.Option(
            "--as-of",
            help="The two days to compare: give --as-of twice.",
            show_default=False,
            metavar="YYYY-MM-DD",
        ),
    ],
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.TEXT,
    rules: Annotated[
        list[Path] | None,
        typer.Option(
            "--rules",
            help="An extra ruleset file; adds to the configuration's (repeatable).",
            metavar="PATH",
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
) -> None:
    """Which verdicts change between two days, and which findings.

    Exit codes: 0 nothing changes, 1 something changes, 2 an input could not be assessed.
    """
    if len(days) != 2:
        raise typer.BadParameter("give exactly two days", param_hint="--as-of")
    first, second = (_parse_as_of(day) or dt.date.today() for day in days)
    as_json = output_format is ListFormat.JSON

    def action() -> int:
        found = _settings()
        extra = [*found.rules, *(rules or [])]
        return _diff(paths, (first, second), extra, found.defaults(), as_json=as_json)

    raise typer.Exit(_guarded(action, debug=debug))


def _diff(
    paths: list[str],
    days: tuple[dt.date, dt.date],
    rules: list[Path],
    defaults: "YMap | None",
    *,
    as_json: bool,
) -> int:
    from exportcheck import compare  # noqa: PLC0415 (see the imports)
    from exportcheck.report import diff_report  # noqa: PLC0415

    found = list(batch.sources(paths))
    book = load_rulebook(extra=rules)
    before = batch.run(found, book, batch.Options(as_of=days[0], horizon=0, defaults=defaults))
    after = batch.run(found, book, batch.Options(as_of=days[1], horizon=0, defaults=defaults))
    code = 0
    outcomes: list[compare.Comparison | Result] = []
    for a, b in zip(before, after, strict=True):
        if a.verdict is None or b.verdict is None:
            for problem in a.problems:
                sys.stderr.write(f"{problem}\n")
            outcomes.append(a)
            code = EXIT_INVALID
            continue
        comparison = compare.compare(a.verdict, b.verdict)
        outcomes.append(comparison)
        if comparison.changed and code == 0:
            code = 1
    if as_json:
        diff_report.render_json(outcomes, days, sys.stdout)
    else:
        diff_report.render_text(outcomes, days, _stdout())
    return code


@app.command()
def schema() -> None:
    """Print a JSON Schema of the description format, for editors.

    With the YAML language server, start a description with
    `# yaml-language-server: $schema=exportcheck-description.schema.json` after saving this
    output under that name (docs/format.md#editor-support).
    """
    import json  # noqa: PLC0415 (see the imports)

    from exportcheck.schema import schema as build  # noqa: PLC0415

    sys.stdout.write(json.dumps(build(), indent=2, ensure_ascii=False) + "\n")


class InitKind(enum.Enum):
    SHIPMENT = "shipment"
    INVESTMENT = "investment"
    TECHNOLOGY_TRANSFER = "technology_transfer"


@app.command()
def init(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Write the template here (not over an existing file); default: stdout.",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        InitKind, typer.Option("--kind", help="What the template describes.")
    ] = InitKind.SHIPMENT,
) -> None:
    """Write a commented description template that checks as it is, to fill in."""
    from exportcheck.templates import template  # noqa: PLC0415 (see the imports)

    text = template(kind.value)
    if path is None:
        sys.stdout.write(text)
        raise typer.Exit(0)
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        _stderr().print(f"{path}: exists; not overwritten", markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    except OSError as exc:
        _stderr().print(f"{path}: cannot write: {exc.strerror or exc}", markup=False)
        raise typer.Exit(EXIT_INVALID) from None


ExtraRules = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        help="An extra ruleset file (rules or overlays); adds to the configuration's (repeatable).",
        show_default=False,
        metavar="PATH",
    ),
]


@app.command()
def explain(
    rule: Annotated[
        str, typer.Argument(help="A rule id, like mofcom-2025-18:1C905.", metavar="RULE")
    ],
    in_force_on: Annotated[
        str | None,
        typer.Option(
            "--in-force-on",
            help="The rule's status on this date. Default: today.",
            show_default=False,
            metavar="YYYY-MM-DD",
        ),
    ] = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.TEXT,
    rules: ExtraRules = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
) -> None:
    """What a rule matches, its dates and status, its source and cautions."""
    rules_show(rule, in_force_on, output_format, rules, debug)


rules_app = typer.Typer(
    help="The bundled control lists: list, show and search rules and measures.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(rules_app, name="rules")

InForceOn = Annotated[
    str | None,
    typer.Option(
        "--in-force-on",
        help="Show each rule's status on this date. Default: today.",
        show_default=False,
        metavar="YYYY-MM-DD",
    ),
]
AsJson = Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")]
Debug = Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors.")]


def _book(rules: list[Path] | None) -> "RuleBook":
    """The bundled rule book with the configuration's rulesets and then `rules` added."""
    return load_rulebook(extra=[*_settings().rules, *(rules or [])])


def _day(value: str | None) -> dt.date:
    return _parse_as_of(value, "--in-force-on") or dt.date.today()


@rules_app.command("list")
def rules_list(
    measure: Annotated[
        str | None,
        typer.Option(
            "--measure", "-m", help="Only this measure (e.g. mofcom-2025-18).", show_default=False
        ),
    ] = None,
    in_force_on: InForceOn = None,
    output_format: AsJson = ListFormat.TEXT,
    rules: ExtraRules = None,
    debug: Debug = False,
) -> None:
    """List measures and rules with their status on a date."""
    day = _day(in_force_on)

    def action() -> int:
        from exportcheck import catalogue  # noqa: PLC0415 (see the imports)
        from exportcheck.report import rules_report  # noqa: PLC0415

        book = _book(rules)
        chosen = catalogue.rules_of(book, measure)
        if measure is not None and not chosen:
            known = ", ".join(m.id for m in catalogue.measures(book))
            _stderr().print(f"exportcheck: no measure {measure!r} (known: {known})", markup=False)
            return EXIT_INVALID
        rules_report.render_list(
            book, chosen, day, _stdout(), as_json=output_format is ListFormat.JSON
        )
        return 0

    raise typer.Exit(_guarded(action, debug=debug))


@rules_app.command("show")
def rules_show(
    name: Annotated[
        str,
        typer.Argument(
            help="A rule id (mofcom-2025-18:1C905) or a measure id (mofcom-2025-18).",
            metavar="RULE_OR_MEASURE",
        ),
    ],
    in_force_on: InForceOn = None,
    output_format: AsJson = ListFormat.TEXT,
    rules: ExtraRules = None,
    debug: Debug = False,
) -> None:
    """Everything about one rule or measure: what it matches, its dates, source and caution."""
    day = _day(in_force_on)

    def action() -> int:
        from exportcheck import catalogue  # noqa: PLC0415 (see the imports)
        from exportcheck.report import rules_report  # noqa: PLC0415

        book = _book(rules)
        as_json = output_format is ListFormat.JSON
        rule = book.rule(name)
        if rule is not None:
            rules_report.render_rule(rule, day, _stdout(), as_json=as_json)
            return 0
        measure = catalogue.find_measure(book, name)
        if measure is not None:
            found = catalogue.rules_of(book, measure.id)
            rules_report.render_measure(measure, found, day, _stdout(), as_json=as_json)
            return 0
        hits = catalogue.search(book, name)
        hint = f"; try: {', '.join(h.rule.id for h in hits[:3])}" if hits else ""
        _stderr().print(f"exportcheck: no rule or measure {name!r}{hint}", markup=False)
        return EXIT_INVALID

    raise typer.Exit(_guarded(action, debug=debug))


@rules_app.command("search")
def rules_search(
    text: Annotated[
        str,
        typer.Argument(
            help="An element, HS code, control code or words: "
            '"dysprosium", "8505", "1C902", "cathode".',
            metavar="TEXT",
        ),
    ],
    in_force_on: InForceOn = None,
    output_format: AsJson = ListFormat.TEXT,
    rules: ExtraRules = None,
    debug: Debug = False,
) -> None:
    """Find rules by element, HS code, control code or words."""
    day = _day(in_force_on)

    def action() -> int:
        from exportcheck import catalogue  # noqa: PLC0415 (see the imports)
        from exportcheck.report import rules_report  # noqa: PLC0415

        book = _book(rules)
        hits = catalogue.search(book, text)
        rules_report.render_search(
            text, hits, day, _stdout(), as_json=output_format is ListFormat.JSON
        )
        return 0

    raise typer.Exit(_guarded(action, debug=debug))


config_app = typer.Typer(
    help="The configuration file (exportcheck.yaml, or [tool.exportcheck] in pyproject.toml).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(config_app, name="config")


@config_app.command("show")
def config_show(output_format: AsJson = ListFormat.TEXT, debug: Debug = False) -> None:
    """The effective settings, and for each whether the configuration or the default gives it.

    Found from the working directory upward: exportcheck.yaml, else a pyproject.toml with a
    [tool.exportcheck] table; EXPORTCHECK_CONFIG=FILE names one, EXPORTCHECK_CONFIG=off none.
    """

    def action() -> int:
        from exportcheck.report import config_report  # noqa: PLC0415 (see the imports)

        found = _settings()
        if output_format is ListFormat.JSON:
            config_report.render_json(found, sys.stdout)
        else:
            config_report.render_text(found, _stdout())
        return 0

    raise typer.Exit(_guarded(action, debug=debug))


def _stdout() -> "Console":
    from rich.console import Console  # noqa: PLC0415 (see the imports)

    return Console(highlight=False, emoji=False)


class Shell(enum.Enum):
    BASH = "bash"
    ZSH = "zsh"
    FISH = "fish"
    POWERSHELL = "powershell"


COMPLETE_VAR = "_EXPORTCHECK_COMPLETE"
"""The variable a completion script sets when it asks for completions (click's protocol)."""


@app.command()
def completion(
    shell: Annotated[Shell, typer.Argument(help="The shell to print the script for.")],
) -> None:
    """Print the shell completion script: commands, options, choices and file names complete.

    bash: add `eval "$(exportcheck completion bash)"` to ~/.bashrc; zsh: the same with zsh in
    ~/.zshrc; fish: `exportcheck completion fish > ~/.config/fish/completions/exportcheck.fish`.
    """
    from typer._completion_classes import completion_init  # noqa: PLC0415 (typer<0.29 pinned)
    from typer.completion import shell_complete  # noqa: PLC0415
    from typer.main import get_command  # noqa: PLC0415

    completion_init()
    code = shell_complete(
        get_command(app), {}, "exportcheck", COMPLETE_VAR, f"source_{shell.value}"
    )
    raise typer.Exit(code)


def main() -> None:
    arguments = sys.argv[1:]
    if arguments[:1] == ["check"] and COMPLETE_VAR not in os.environ:
        # The command scripts call in loops: typer builds every command of the app at each start
        # (a few milliseconds per command); `check` alone is enough to run `check`, with the
        # same usage, help and errors (tests/test_integrations.py compares the two).
        alone = typer.Typer(
            add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None
        )
        alone.command()(check)
        alone(args=arguments[1:], prog_name="exportcheck check")
        return
    if COMPLETE_VAR in os.environ:
        # A completion script asking: typer knows the shells only once they are registered,
        # which it does for apps with --install-completion (not this one: that costs every start).
        from typer._completion_classes import completion_init  # noqa: PLC0415

        completion_init()
    app(prog_name="exportcheck")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())  # type: ignore[func-returns-value]
