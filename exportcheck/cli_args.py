"""What the commands share: option types, and the reading of a day given as an option.

Like exportcheck.cli, this module does not postpone the evaluation of annotations (typer reads
them at every start)."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated

import typer

from exportcheck.model.days import today
from exportcheck.run.options import CatalogueOptions


class ListFormat(enum.Enum):
    TEXT = "text"
    JSON = "json"


HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}
"""Every command and group takes -h as well as --help."""

ExtraRules = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        envvar="EXPORTCHECK_RULES",
        help="An extra ruleset file (rules or overlays); adds to the configuration's (repeatable).",
        show_default=False,
        metavar="PATH",
    ),
]
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
Debug = Annotated[
    bool,
    typer.Option(
        "--debug", envvar="EXPORTCHECK_DEBUG", help="Show a traceback on internal errors."
    ),
]


def parse_day(value: str | None, option: str = "--as-of") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value if len(value) == 10 else "")
    except ValueError:
        message = f"{value!r} is not a date (expected YYYY-MM-DD)"
        raise typer.BadParameter(message, param_hint=option) from None


def catalogue_options(
    in_force_on: str | None, output_format: ListFormat, rules: list[Path] | None, debug: bool
) -> CatalogueOptions:
    return CatalogueOptions(
        day=parse_day(in_force_on, "--in-force-on") or today(),
        as_json=output_format is ListFormat.JSON,
        rules=tuple(rules or ()),
        debug=debug,
    )
