"""`--format csv`: one row per input (description file or manifest row), to load back into an
ERP or a spreadsheet beside the order lines: the file, the row's line and item id, the verdict,
the licence types, the findings (`rule verdict`), the facts that would settle a review, the
kinds of caution, and for an input that could not be checked its problems.

A cell that starts as a spreadsheet formula would (`=`, `+`, `-`, `@`, a tab or a carriage
return) is written with a leading apostrophe, so opening the file never runs what an input
wrote; control characters are escaped as for a terminal.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from exportcheck.render import reasons
from exportcheck.report.writer import Target, Writer
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from collections.abc import Callable

    from exportcheck.model.result import Result
    from exportcheck.report.tally import Tally

COLUMNS = (
    "file",
    "row",
    "item",
    "as_of",
    "verdict",
    "licenses",
    "findings",
    "missing",
    "caution_kinds",
    "problems",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """Text safe in a spreadsheet cell: no formula, no control character."""
    shown = safe.terminal(text)
    return f"'{shown}" if shown.startswith(_FORMULA) else shown


def values(result: Result, cell: Callable[[str], str] = cell) -> list[str]:
    """The row of one result, in COLUMNS order; `cell` makes an input's text safe where it goes
    (here a CSV cell; `--format xlsx` writes typed text cells, which no spreadsheet runs)."""
    verdict = result.verdict
    row = "" if result.row is None else str(result.row)
    if verdict is None:
        problems = "; ".join(str(p) for p in result.problems)
        return [cell(result.file), row, cell(result.item or ""), "", "invalid", "", "", "", "",
                cell(problems)]  # fmt: skip
    findings = "; ".join(f"{f.rule} {f.level.value}" for f in verdict.findings)
    missing = reasons.missing_facts(verdict.findings)
    kinds = dict.fromkeys(k.value for f in verdict.findings for k in f.caution_kinds)
    item = result.item or ";".join(own for _, own, _ in verdict.subjects)
    return [
        cell(verdict.file),
        row,
        cell(item),
        verdict.as_of.isoformat(),
        verdict.level.value,
        ";".join(lic.value for lic in verdict.license_types),
        cell(findings),
        cell("; ".join(missing)),
        ";".join(kinds),
        "",
    ]


class CsvWriter(Writer):
    """A header row, then a row per result as it is decided."""

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.writer = csv.writer(self.target.out, lineterminator="\n")
        self.writer.writerow(COLUMNS)

    def _add(self, result: Result) -> None:
        self.writer.writerow(values(result))

    def close(self, tally: Tally) -> None:
        """Nothing after the last row."""
