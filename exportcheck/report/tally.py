"""What a run found, for its summary."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from exportcheck.model.verdict import Level

if TYPE_CHECKING:
    from collections.abc import Mapping

    from exportcheck.model.description import LicenseType
    from exportcheck.model.result import Result


_NAMES = {level: level.value for level in Level}


def ranked(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Most first, ties by name: the same order from run to run (a Counter's `most_common`
    keeps ties in the order they were first counted, which a set's order can decide)."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


class Tally:
    """What a run found, for the summary: counts per verdict, licence types, slowest inputs.
    (A plain class: one is made per run, and it needs no generated methods.)"""

    __slots__ = ("license_types", "seconds", "skipped", "verdicts")

    def __init__(self) -> None:
        self.verdicts: Counter[str] = Counter()
        self.license_types: Counter[LicenseType] = Counter()
        """Per licence type: how many inputs need it."""
        self.seconds: dict[str, float] = {}
        """Per input file: the time spent on it."""
        self.skipped = 0
        """Files a directory search left out (symbolic links, and by name), not checked."""

    def add(self, result: Result, writing: float = 0.0) -> None:
        """Count a result; `writing`: the seconds its report took to write (a file's time is
        reading, checking and writing)."""
        decided = result.decided
        if decided is None:
            self.verdicts["invalid"] += 1
        else:
            self.verdicts[_NAMES[decided.level]] += 1
            for license_ in decided.license_types:
                self.license_types[license_] += 1
        seconds = self.seconds
        seconds[result.file] = seconds.get(result.file, 0.0) + result.seconds + writing

    @property
    def total(self) -> int:
        return sum(self.verdicts.values())

    def slowest(self, count: int = 5) -> list[tuple[str, float]]:
        return sorted(self.seconds.items(), key=lambda kv: (-kv[1], kv[0]))[:count]
