"""What a command was asked to do: one options object per command, filled by the command line
(exportcheck.cli) and read by the runner (`run(options) -> int`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from msgspec import Struct, field

from exportcheck.errors import InputError, Problems
from exportcheck.input.yamlio import DEFAULT_LIMITS, Limits
from exportcheck.model import days as calendar
from exportcheck.model.verdict import Assumption

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path


class CheckOptions(Struct, frozen=True):
    paths: tuple[str, ...]
    """Description files, CSV manifests, directories, or `-` for standard input."""
    format: str | None = None
    """A name in report.formats.FORMATS; None: the configuration's format, else the default."""
    as_of: dt.date | None = None
    """Evaluate every input on this day; None: each description's own date, else today."""
    horizon: int | None = None
    """Days ahead to look for rules changing; None: the configuration's, else the default."""
    rules: tuple[Path, ...] = ()
    """Ruleset files added to the configuration's."""
    overlays: bool = True
    """Apply the overlays of the user's rulesets (False: `--no-overlays`)."""
    assumption: Assumption = Assumption.LAPSED
    """What to assume of suspensions whose end the data cannot confirm (`--assume`)."""
    show_all: bool = False
    """Over many inputs, the text report lists every one (`--show all`), not only those
    needing action."""
    jobs: int | None = None
    """`--jobs`: worker processes for many files and manifest rows; None: one per CPU."""
    color: str = "auto"
    """`--color`: auto (a terminal without NO_COLOR), always or never (run.streams.COLORS)."""
    quiet: bool = False
    """`--quiet`: no progress bar and no summary on standard error; problems still show."""
    output: Path | None = None
    output_follow_symlink: bool = False
    """If `output` is a symbolic link, replace its target (else -o refuses a link)."""
    audit_log: Path | None = None
    """None: the configuration's audit log, if any."""
    header: str | None = None
    """For CSV manifests: a YAML file of shipment-level fields."""
    encoding: str | None = None
    """For CSV manifests: the codec to read them with (`--encoding`, input.encodings)."""
    decimal_comma: bool = False
    """For comma-separated manifests: numbers with a decimal comma (`--decimal-comma`)."""
    sets: tuple[str, ...] = ()
    """For CSV manifests: shipment-level fields as KEY=VALUE."""
    limits: Limits = DEFAULT_LIMITS
    debug: bool = False
    today: dt.date = field(default_factory=calendar.today)
    """Today in China Standard Time (model.days)."""


class DiffOptions(Struct, frozen=True):
    paths: tuple[str, ...]
    days: tuple[dt.date, dt.date]
    as_json: bool = False
    rules: tuple[Path, ...] = ()
    debug: bool = False


class CatalogueOptions(Struct, frozen=True):
    """For `rules list | show | search` and `explain`."""

    day: dt.date
    """Each rule's status on this day."""
    as_json: bool = False
    rules: tuple[Path, ...] = ()
    debug: bool = False


def in_range(given: Iterable[tuple[str, dt.date | None]], horizon: int | None = None) -> None:
    """Days given as options (option, day) and a horizon inside the calendar exportcheck checks
    (model.days); else a usage error, one line and exit 2, before any check."""
    found = [(option, calendar.out_of_range(day)) for option, day in given if day is not None]
    if horizon is not None:
        found.append(("--horizon", calendar.horizon_problem(horizon)))
    for option, wrong in found:
        if wrong is not None:
            problems = Problems(option)
            problems.add(None, "", wrong)
            raise InputError(problems.sorted())
