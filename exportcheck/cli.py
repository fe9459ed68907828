"""The command line: options -> load -> parse -> check -> render -> exit code.

The only module that prints or exits. Exit codes: 0 no_match, 1 license_required, 3 review,
4 prohibited, 2 could not assess (usage error, unreadable or invalid input, invalid ruleset),
70 internal error (one line on stderr; the traceback only with --debug).
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from exportcheck import __version__, catalogue
from exportcheck.engine import check as run_check
from exportcheck.errors import ExportcheckError
from exportcheck.inputs import read_input
from exportcheck.parse import parse_file
from exportcheck.report import REPORTERS, Format, rules_report
from exportcheck.ruleset import load_rulebook
from exportcheck.yamlio import DEFAULT_LIMITS, Limits

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


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if not value:
        return
    err = _stderr()
    try:
        book = load_rulebook()
    except ExportcheckError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"exportcheck {__version__}", markup=False)
    for info in book.infos:
        out.print(f"ruleset {info.name} {info.version} sha256:{info.sha256[:12]}", markup=False)
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
    file: Annotated[
        Path,
        typer.Argument(
            help="Description file (YAML) of a shipment; - reads standard input.",
            show_default=False,
            metavar="FILE",
        ),
    ],
    output_format: Annotated[
        Format,
        typer.Option("--format", "-f", help="Output format."),
    ] = Format.TEXT,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Evaluate the rules as of this date. Default: the file's date, else today.",
            show_default=False,
            metavar="YYYY-MM-DD",
        ),
    ] = None,
    rules: Annotated[
        list[Path] | None,
        typer.Option(
            "--rules",
            help="An extra ruleset file, validated like the bundled ones (repeatable).",
            show_default=False,
            metavar="PATH",
        ),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Largest input file accepted.")
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
    """Check a description file and print the verdict; the exit code is the verdict."""
    day = _parse_as_of(as_of)
    limits = Limits(max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes)
    extra = list(rules or [])
    raise typer.Exit(
        _guarded(lambda: _run(str(file), output_format, day, limits, extra), debug=debug)
    )


def _guarded(action: Callable[[], int], *, debug: bool) -> int:
    """Run a command body: could-not-assess errors are exit 2, anything else exit 70."""
    err = _stderr()
    try:
        return action()
    except ExportcheckError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        return EXIT_INVALID
    except Exception as exc:
        if debug:
            err.print(traceback.format_exc(), markup=False)
        err.print(
            f"exportcheck: internal error: {type(exc).__name__}: {exc} "
            "(rerun with --debug for the traceback)",
            markup=False,
        )
        return EXIT_INTERNAL


def _run(
    name: str, output_format: Format, as_of: dt.date | None, limits: Limits, rules: list[Path]
) -> int:
    description = parse_file(read_input(name, limits), name, limits)
    book = load_rulebook(extra=rules)
    verdict = run_check(description, book, as_of or description.date or dt.date.today())
    REPORTERS[output_format](verdict, _stdout())
    return verdict.level.exit_code


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
    debug: Debug = False,
) -> None:
    """List measures and rules with their status on a date."""
    day = _day(in_force_on)

    def action() -> int:
        book = load_rulebook()
        rules = catalogue.rules_of(book, measure)
        if measure is not None and not rules:
            known = ", ".join(m.id for m in catalogue.measures(book))
            _stderr().print(f"exportcheck: no measure {measure!r} (known: {known})", markup=False)
            return EXIT_INVALID
        rules_report.render_list(
            book, rules, day, _stdout(), as_json=output_format is ListFormat.JSON
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
    debug: Debug = False,
) -> None:
    """Everything about one rule or measure: what it matches, its dates, source and caution."""
    day = _day(in_force_on)

    def action() -> int:
        book = load_rulebook()
        as_json = output_format is ListFormat.JSON
        rule = book.rule(name)
        if rule is not None:
            rules_report.render_rule(rule, day, _stdout(), as_json=as_json)
            return 0
        measure = catalogue.find_measure(book, name)
        if measure is not None:
            rules = catalogue.rules_of(book, measure.id)
            rules_report.render_measure(measure, rules, day, _stdout(), as_json=as_json)
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
    debug: Debug = False,
) -> None:
    """Find rules by element, HS code, control code or words."""
    day = _day(in_force_on)

    def action() -> int:
        book = load_rulebook()
        hits = catalogue.search(book, text)
        rules_report.render_search(
            text, hits, day, _stdout(), as_json=output_format is ListFormat.JSON
        )
        return 0

    raise typer.Exit(_guarded(action, debug=debug))


def _stdout() -> Console:
    return Console(highlight=False)


def main() -> None:
    app(prog_name="exportcheck")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())  # type: ignore[func-returns-value]
