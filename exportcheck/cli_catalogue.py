"""The commands that read the rule book and the configuration rather than check: `explain`,
`rules list | show | search | changes`, `config show`. Each fills one options object and calls
its runner (exportcheck.run), which returns the exit code.

Like exportcheck.cli, this module does not postpone the evaluation of annotations (typer reads
them at every start)."""

from __future__ import annotations

from typing import Annotated

import typer

from exportcheck.cli_args import (
    HELP_OPTIONS,
    AsJson,
    Debug,
    ExtraRules,
    InForceOn,
    ListFormat,
    catalogue_options,
    parse_day,
)


def explain(
    rule: Annotated[
        str, typer.Argument(help="A rule id, like mofcom-2025-18:1C905.", metavar="RULE")
    ],
    in_force_on: InForceOn = None,
    output_format: AsJson = ListFormat.TEXT,
    rules: ExtraRules = None,
    debug: Debug = False,
) -> None:
    """What a rule matches, its dates and status, its source and cautions."""
    options = catalogue_options(in_force_on, output_format, rules, debug)
    from exportcheck.run import catalogue  # noqa: PLC0415 (see the imports)

    raise typer.Exit(catalogue.show(options, rule))


rules_app = typer.Typer(
    help="The bundled control lists: list, show and search rules and measures.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings=HELP_OPTIONS,
)


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
    options = catalogue_options(in_force_on, output_format, rules, debug)
    from exportcheck.run import catalogue  # noqa: PLC0415 (see the imports)

    raise typer.Exit(catalogue.listing(options, measure))


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
    options = catalogue_options(in_force_on, output_format, rules, debug)
    from exportcheck.run import catalogue  # noqa: PLC0415 (see the imports)

    raise typer.Exit(catalogue.show(options, name))


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
    options = catalogue_options(in_force_on, output_format, rules, debug)
    from exportcheck.run import catalogue  # noqa: PLC0415 (see the imports)

    raise typer.Exit(catalogue.search(options, text))


@rules_app.command("changes")
def rules_changes(
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only the changes made on this day or later. Default: every change.",
            show_default=False,
            metavar="YYYY-MM-DD",
        ),
    ] = None,
    output_format: AsJson = ListFormat.TEXT,
    debug: Debug = False,
) -> None:
    """What the bundled data changed, day by day: entries added, ended, suspended; rules
    added and changed."""
    first = parse_day(since, "--since")
    options = catalogue_options(None, output_format, None, debug)
    from exportcheck.run import catalogue  # noqa: PLC0415 (see the imports)

    raise typer.Exit(catalogue.changes(options, first))


config_app = typer.Typer(
    help="The configuration file (exportcheck.yaml, or [tool.exportcheck] in pyproject.toml).",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings=HELP_OPTIONS,
)


@config_app.command("show")
def config_show(output_format: AsJson = ListFormat.TEXT, debug: Debug = False) -> None:
    """The effective settings, and for each whether the configuration or the default gives it.

    Found from the working directory upward: exportcheck.yaml, else a pyproject.toml with a
    [tool.exportcheck] table; EXPORTCHECK_CONFIG=FILE names one, EXPORTCHECK_CONFIG=off none.
    """
    from exportcheck.run import about  # noqa: PLC0415 (see the imports)

    raise typer.Exit(about.config_show(as_json=output_format is ListFormat.JSON, debug=debug))
