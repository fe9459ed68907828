"""Exit codes: the one definition of what a run's exit status means.

Each verdict has its code; an input that could not be checked (unreadable, invalid, a broken
ruleset, a usage error) is `INVALID`; a bug is `INTERNAL`. A run over many inputs exits with the
most severe of its results' codes, in the order of `SEVERITY`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

NO_MATCH = 0
LICENSED = 0
LICENSE_REQUIRED = 1
INVALID = 2
"""An input, a ruleset, the configuration or the command line could not be assessed; also what
the surroundings did: a closed standard input, a non-regular file, `-o` or the audit log not
writable (a full disk), a date outside model.days' calendar."""
REVIEW = 3
PROHIBITED = 4
INTERNAL = 70
"""A bug, and only a bug: one line on standard error (the traceback with --debug). A reader
that goes away is no error at all (run.output.pipe_safe)."""

FOR_VERDICT = {
    "no_match": NO_MATCH,
    "licensed": LICENSED,
    "license_required": LICENSE_REQUIRED,
    "review": REVIEW,
    "prohibited": PROHIBITED,
    "invalid": INVALID,
}
"""Exit code per verdict name as JSON writes it, `invalid` (could not be checked) included."""

SEVERITY = (NO_MATCH, LICENSE_REQUIRED, REVIEW, INVALID, PROHIBITED)
"""Exit codes from least to most severe: no_match, license_required, review, could not assess
(an input that cannot be read is worse than one a person must review: nothing is known about
it), prohibited."""


def most_severe(codes: Iterable[int]) -> int:
    """The exit code of a run: the most severe of its results' codes (0 when there are none)."""
    return max(codes, key=SEVERITY.index, default=NO_MATCH)
