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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from exportcheck.engine import Checker
from exportcheck.errors import InputError, Problem
from exportcheck.inputs import STDIN, read_input
from exportcheck.model import Level
from exportcheck.parse import parse_file, with_defaults
from exportcheck.results import EXIT_INVALID, Result
from exportcheck.upcoming import DEFAULT_HORIZON
from exportcheck.yamlio import DEFAULT_LIMITS, Limits, YMap

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from exportcheck.model import LicenseType
    from exportcheck.ruleset import RuleBook

SEVERITY = (0, 1, 3, 2, 4)
"""Exit codes from least to most severe: no_match, license_required, review, could not assess
(an input that cannot be read is worse than one a person must review: nothing is known about
it), prohibited."""
DESCRIPTION_SUFFIXES = (".yaml", ".yml", ".json")
"""What a directory is searched for (recursively; hidden files and folders are skipped)."""
SKIPPED_SUFFIXES = (".header.yaml", ".header.yml", ".rules.yaml", ".rules.yml")
"""Manifest header files (`--header`) and ruleset files by convention (`--rules`), which a
directory search leaves out."""
SKIPPED_NAMES = ("exportcheck.yaml",)
"""The configuration file, which a directory search leaves out."""
MANIFEST_SUFFIX = ".csv"
"""A path given with this suffix is a CSV manifest."""


class Kind(enum.Enum):
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
    kind: Kind
    problem: str | None = None
    """For MISSING: what is wrong with the path."""


EXIT_CODES = {level.value: level.exit_code for level in Level} | {"invalid": EXIT_INVALID}
"""Exit code per verdict name, `invalid` included."""


def most_severe(codes: Iterable[int]) -> int:
    """The exit code of a run: the most severe of its results' codes (0 when there are none)."""
    return max(codes, key=SEVERITY.index, default=0)


def sources(paths: Iterable[str]) -> Iterator[Source]:
    """Each path as an input; a directory as every description file under it, sorted by path."""
    for name in paths:
        if name == STDIN:
            yield Source(name, Kind.DESCRIPTION)
            continue
        path = Path(name)
        if path.is_dir():
            found = _descriptions_under(path)
            if not found:
                suffixes = ", ".join(f"*{s}" for s in DESCRIPTION_SUFFIXES)
                yield Source(name, Kind.MISSING, f"directory has no description files ({suffixes})")
            yield from (Source(str(p), Kind.DESCRIPTION) for p in found)
        elif path.exists():
            manifest = name.lower().endswith(MANIFEST_SUFFIX)
            yield Source(name, Kind.MANIFEST if manifest else Kind.DESCRIPTION)
        else:
            yield Source(name, Kind.MISSING, "no such file or directory")


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
class Options:
    as_of: dt.date | None = None
    """Evaluate every input on this day; None: each description's own date, else `today`."""
    today: dt.date = field(default_factory=dt.date.today)
    limits: Limits = DEFAULT_LIMITS
    horizon: int = DEFAULT_HORIZON
    """Days ahead to look for rules changing (0: do not look)."""
    digest: bool = False
    """Give each result the sha256 of its input (for the audit log)."""
    shipment: YMap = field(default_factory=lambda: YMap(None))
    """For CSV manifests: the shipment-level fields given once (`manifest.shipment_fields`)."""
    defaults: YMap | None = None
    """Top-level fields a description may leave out (the configuration's exporter); for a
    manifest, an exporter its header and --set do not give."""


def run(found: Iterable[Source], book: RuleBook, options: Options) -> Iterator[Result]:
    """Check each source in turn, yielding its result as soon as it is decided."""
    checker = Checker(book)
    for source in found:
        started = time.perf_counter()
        if source.kind is Kind.MISSING:
            problem = Problem(source.name, None, "", source.problem or "cannot be checked")
            yield Result(source.name, None, (problem,))
            continue
        if source.kind is Kind.MANIFEST:
            from exportcheck import manifest  # noqa: PLC0415 (the CSV reader, when there is CSV)

            yield from manifest.rows(
                source.name,
                with_defaults(options.shipment, options.defaults),
                checker,
                options.as_of,
                options.today,
                horizon=options.horizon,
                digest=options.digest,
            )
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
        yield Result(shown, verdict, (), time.perf_counter() - started, digest=digest)


def sha256(data: bytes) -> str:
    import hashlib  # noqa: PLC0415 (OpenSSL's import is slow; only audit logs need it)

    return hashlib.sha256(data).hexdigest()


_NAMES = {level: level.value for level in Level}


@dataclass
class Tally:
    """What a run found, for the summary: counts per verdict, licence types, slowest inputs."""

    verdicts: Counter[str] = field(default_factory=Counter)
    licenses: Counter[LicenseType] = field(default_factory=Counter)
    """Per licence type: how many inputs need it."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Per input file: the time spent on it."""

    def add(self, result: Result) -> None:
        decided = result.decided
        if decided is None:
            self.verdicts["invalid"] += 1
        else:
            self.verdicts[_NAMES[decided.level]] += 1
            for license_ in decided.licenses:
                self.licenses[license_] += 1
        seconds = self.seconds
        seconds[result.file] = seconds.get(result.file, 0.0) + result.seconds

    @property
    def total(self) -> int:
        return sum(self.verdicts.values())

    def slowest(self, count: int = 5) -> list[tuple[str, float]]:
        return sorted(self.seconds.items(), key=lambda kv: (-kv[1], kv[0]))[:count]
