"""The command line: each command fills one options object and calls its runner
(`exportcheck.run`), which returns the exit code. Nothing else happens here.

Exit codes: exportcheck.exits (70, an internal error, is a bug; the traceback with --debug).

Unlike the rest of the package, this module does not postpone the evaluation of annotations:
typer reads the commands' annotations at every start, and evaluating them from strings costs a
small check about a twentieth of its time.
"""

import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from exportcheck import cli_catalogue
from exportcheck.cli_args import HELP_OPTIONS, AsJson, Debug, ExtraRules, ListFormat, parse_day
from exportcheck.input import encodings
from exportcheck.input.yamlio import DEFAULT_LIMITS, Limits
from exportcheck.model.days import today
from exportcheck.model.verdict import Assumption
from exportcheck.report.formats import FORMATS
from exportcheck.run import check as check_run
from exportcheck.run.options import CheckOptions, DiffOptions
from exportcheck.run.output import flushed, pipe_safe

# The runners import what only some commands need (rich for text, the CSV reader, the rules
# catalogue) where they use it: a check printing JSON starts within a few hundredths of a
# second of its own dependencies' import time (benchmarks/run.py measures it).

if TYPE_CHECKING:

    class FormatName(enum.Enum):
        """The names of report.formats.FORMATS."""

else:
    FormatName = enum.Enum("FormatName", {name.upper(): name for name in FORMATS})


class Color(enum.Enum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


class Show(enum.Enum):
    ACTION = "action"
    ALL = "all"


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
    context_settings=HELP_OPTIONS,
)


def _version(value: bool) -> None:
    if value:
        from exportcheck.run import about  # noqa: PLC0415 (see the imports)

        raise typer.Exit(about.version())


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_version,
            is_eager=True,
            help="Show the package and ruleset versions and exit.",
        ),
    ] = False,
) -> None:
    """Check shipments against China's export controls."""


def _encoding(value: str | None) -> str | None:
    if value is None:
        return None
    found = encodings.codec(value)
    if found is None:
        known = ", ".join(sorted(set(encodings.NAMES)))
        message = f"{value!r} is not an encoding exportcheck reads ({known})"
        raise typer.BadParameter(message, param_hint="--encoding")
    return found


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
        FormatName | None,
        typer.Option(
            "--format",
            "-f",
            envvar="EXPORTCHECK_FORMAT",
            help="Output format. jsonl: one JSON object per line, per input, as it is decided. "
            "Default: the configuration's format, else text.",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            envvar="EXPORTCHECK_AS_OF",
            help="Evaluate the rules as of this date. Default: the file's date, else today.",
            show_default=False,
            metavar="YYYY-MM-DD",
        ),
    ] = None,
    horizon: Annotated[
        int | None,
        typer.Option(
            "--horizon",
            envvar="EXPORTCHECK_HORIZON",
            min=0,
            help="Days ahead to list the dates a rule touching the input changes (0: none). "
            "Default: the configuration's horizon, else 90.",
            show_default=False,
            metavar="DAYS",
        ),
    ] = None,
    rules: ExtraRules = None,
    no_overlays: Annotated[
        bool,
        typer.Option(
            "--no-overlays",
            envvar="EXPORTCHECK_NO_OVERLAYS",
            help="Leave out the overlays of the user's rulesets (--rules, the configuration's): "
            "the answer of the rules without the user's changes to their dates.",
        ),
    ] = False,
    assume: Annotated[
        Assumption,
        typer.Option(
            "--assume",
            envvar="EXPORTCHECK_ASSUME",
            help="What to assume of a suspension whose end the bundled data cannot confirm: "
            "lapsed (it ended on its last known day; the measure applies again) or extended (it "
            "goes on). Every verdict records the assumption.",
        ),
    ] = Assumption.LAPSED,
    show: Annotated[
        Show,
        typer.Option(
            "--show",
            envvar="EXPORTCHECK_SHOW",
            help="Over many inputs, which the text report lists after its summary: those "
            "needing action (prohibited, review, license_required) or all.",
        ),
    ] = Show.ACTION,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            envvar="EXPORTCHECK_OUTPUT",
            help="Write the report to FILE instead of standard output: replaced whole once the "
            "run is done, and not written at all if nothing could be checked.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    output_follow_symlink: Annotated[
        bool,
        typer.Option(
            "--output-follow-symlink",
            envvar="EXPORTCHECK_OUTPUT_FOLLOW_SYMLINK",
            help="If -o is a link, replace its target.",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            envvar="EXPORTCHECK_JOBS",
            min=1,
            help="Worker processes for many files and manifest rows (output as with one). "
            "Default: one per CPU.",
            show_default=False,
            metavar="N",
        ),
    ] = None,
    color: Annotated[
        Color,
        typer.Option(
            "--color",
            envvar="EXPORTCHECK_COLOR",
            help="Colour in text reports and diagnostics: auto (on a terminal, unless NO_COLOR "
            "is set), always or never.",
        ),
    ] = Color.AUTO,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            envvar="EXPORTCHECK_QUIET",
            help="No progress bar and no summary on standard error (problems still show).",
        ),
    ] = False,
    audit_log: Annotated[
        Path | None,
        typer.Option(
            "--audit-log",
            envvar="EXPORTCHECK_AUDIT_LOG",
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
            envvar="EXPORTCHECK_HEADER",
            help="For CSV manifests: a YAML file of shipment-level fields (exporter, end_user, "
            "destination, ...) that every row shares.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            envvar="EXPORTCHECK_ENCODING",
            help="For CSV manifests: the file's encoding, e.g. gbk or gb18030 (Excel on Chinese "
            "Windows), cp1252 or latin-1, shift_jis, utf-16. Default: UTF-8, or UTF-16 by its BOM.",
            show_default=False,
            metavar="NAME",
        ),
    ] = None,
    decimal_comma: Annotated[
        bool,
        typer.Option(
            "--decimal-comma",
            envvar="EXPORTCHECK_DECIMAL_COMMA",
            help="For comma-separated manifests: numbers are written with a decimal comma "
            '("87,1"). Semicolon- and tab-separated manifests are read so anyway.',
        ),
    ] = False,
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
            "--max-bytes",
            envvar="EXPORTCHECK_MAX_BYTES",
            min=1,
            help="Largest description file accepted (CSV manifests stream).",
        ),
    ] = DEFAULT_LIMITS.max_bytes,
    max_depth: Annotated[
        int,
        typer.Option(
            "--max-depth",
            envvar="EXPORTCHECK_MAX_DEPTH",
            min=1,
            help="Deepest YAML nesting accepted.",
        ),
    ] = DEFAULT_LIMITS.max_depth,
    max_nodes: Annotated[
        int,
        typer.Option(
            "--max-nodes",
            envvar="EXPORTCHECK_MAX_NODES",
            min=1,
            help="Most YAML nodes accepted in one file.",
        ),
    ] = DEFAULT_LIMITS.max_nodes,
    debug: Debug = False,
) -> None:
    """Check descriptions and print the verdicts; the exit code is the most severe verdict.

    Exit codes, least to most severe: 0 no_match, 1 license_required, 3 review, 2 could not
    assess (an input or ruleset is invalid), 4 prohibited; 70 internal error.
    """
    options = CheckOptions(
        paths=tuple(paths),
        format=None if output_format is None else output_format.value,
        as_of=parse_day(as_of),
        horizon=horizon,
        rules=tuple(rules or ()),
        overlays=not no_overlays,
        assumption=assume,
        show_all=show is Show.ALL,
        color=color.value,
        jobs=jobs,
        quiet=quiet,
        output=output,
        output_follow_symlink=output_follow_symlink,
        audit_log=audit_log,
        header=header,
        encoding=_encoding(encoding),
        decimal_comma=decimal_comma,
        sets=tuple(sets or ()),
        limits=Limits(max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes),
        debug=debug,
    )
    raise typer.Exit(check_run.run(options))


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
    output_format: AsJson = ListFormat.TEXT,
    rules: ExtraRules = None,
    debug: Debug = False,
) -> None:
    """Which verdicts change between two days, and which findings.

    Exit codes: 0 nothing changes, 1 something changes, 2 an input could not be assessed.
    """
    if len(days) != 2:
        raise typer.BadParameter("give exactly two days", param_hint="--as-of")
    first, second = (parse_day(day) or today() for day in days)
    options = DiffOptions(
        paths=tuple(paths),
        days=(first, second),
        as_json=output_format is ListFormat.JSON,
        rules=tuple(rules or ()),
        debug=debug,
    )
    from exportcheck.run import diff as diff_run  # noqa: PLC0415 (see the imports)

    raise typer.Exit(diff_run.run(options))


@app.command()
def schema() -> None:
    """Print a JSON Schema of the description format, for editors.

    With the YAML language server, start a description with
    `# yaml-language-server: $schema=exportcheck-description.schema.json` after saving this
    output under that name (docs/format.md#editor-support).
    """
    from exportcheck.run import helpers  # noqa: PLC0415 (see the imports)

    raise typer.Exit(helpers.schema())


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
    from exportcheck.run import helpers  # noqa: PLC0415 (see the imports)

    raise typer.Exit(helpers.init(path, kind.value))


app.command()(cli_catalogue.explain)
app.add_typer(cli_catalogue.rules_app, name="rules")
app.add_typer(cli_catalogue.config_app, name="config")


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
    pipe_safe()  # `exportcheck check dir | head -1` ends quietly (exportcheck.run.output)
    with flushed():
        _dispatch(sys.argv[1:])


def _dispatch(arguments: list[str]) -> None:
    if arguments[:1] == ["check"] and COMPLETE_VAR not in os.environ:
        # The command scripts call in loops: typer builds every command of the app at each start
        # (a few milliseconds per command); `check` alone is enough to run `check`, with the
        # same usage, help and errors (tests/test_integrations.py compares the two).
        alone = typer.Typer(
            add_completion=False,
            pretty_exceptions_enable=False,
            rich_markup_mode=None,
            context_settings=HELP_OPTIONS,
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
