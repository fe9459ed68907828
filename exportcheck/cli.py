"""The command line: options -> load -> parse -> check -> render -> exit code.

The only module that prints or exits. Exit codes: 0 no_match, 1 license_required, 3 review,
4 prohibited, 2 could not assess (usage error, unreadable or invalid input, invalid ruleset),
70 internal error (one line on stderr; the traceback only with --debug).
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from exportcheck import __version__
from exportcheck.engine import check as run_check
from exportcheck.errors import ExportcheckError, InputError, Problems, raise_if_any
from exportcheck.parse import parse_file
from exportcheck.report import REPORTERS, Format
from exportcheck.ruleset import load_rulebook

EXIT_INVALID = 2
EXIT_INTERNAL = 70

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


def _parse_as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (expected YYYY-MM-DD)", param_hint="--as-of"
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
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
) -> None:
    """Check a description file and print the verdict; the exit code is the verdict."""
    day = _parse_as_of(as_of)
    err = _stderr()
    try:
        code = _run(file, output_format, day)
    except ExportcheckError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    except Exception as exc:
        if debug:
            err.print(traceback.format_exc(), markup=False)
        err.print(
            f"exportcheck: internal error: {type(exc).__name__}: {exc} "
            "(rerun with --debug for the traceback)",
            markup=False,
        )
        raise typer.Exit(EXIT_INTERNAL) from None
    raise typer.Exit(code)


def _run(file: Path, output_format: Format, as_of: dt.date | None) -> int:
    name = str(file)
    try:
        data = sys.stdin.buffer.read() if name == "-" else file.read_bytes()
    except OSError as exc:
        problems = Problems(name)
        problems.add(None, "", f"cannot read the file: {exc.strerror or exc}")
        raise_if_any(problems, InputError)
        raise  # pragma: no cover
    description = parse_file(data, name)
    book = load_rulebook()
    verdict = run_check(description, book, as_of or description.date or dt.date.today())
    REPORTERS[output_format](verdict, Console(highlight=False))
    return verdict.level.exit_code


def main() -> None:
    app(prog_name="exportcheck")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())  # type: ignore[func-returns-value]
