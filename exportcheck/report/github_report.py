"""`--format github`: GitHub Actions workflow commands, one annotation per finding, so a CI log
shows each at its file and line (as ruff's `--output-format github` does).

`prohibited` and `license_required` are `::error`, `review` is `::warning`, `licensed` is
`::notice`; the title is the verdict and the rule, the message the reason. An input that could
not be checked gives an `::error` per problem at its line and column. Values are escaped as the
runner reads them (`%`, CR and LF; in properties also `:` and `,`), after the terminal escaping
every input text gets (no control character reaches the log).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exportcheck.model.verdict import Level
from exportcheck.render import reasons
from exportcheck.report.writer import Writer
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from collections.abc import Callable

    from exportcheck.errors import Problem
    from exportcheck.model.result import Result
    from exportcheck.model.verdict import Verdict

COMMANDS = {
    Level.PROHIBITED: "error",
    Level.LICENSE_REQUIRED: "error",
    Level.REVIEW: "warning",
    Level.LICENSED: "notice",
}


def _data(text: str) -> str:
    return safe.lines(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def commands(verdict: Verdict, line_of: Callable[[str], int]) -> list[str]:
    """One workflow command per finding of the verdict; `line_of` gives each subject's line."""
    found = []
    for finding in verdict.findings:
        command = COMMANDS.get(finding.level)
        if command is None:
            continue
        line = line_of(finding.subject)
        title = f"{finding.level.value}: {finding.rule} ({finding.subject})"
        found.append(
            f"::{command} file={_property(verdict.file)},line={line},"
            f"title={_property(title)}::{_data(reasons.finding(finding))}"
        )
    return found


def problems(file: str, found: tuple[Problem, ...]) -> list[str]:
    """One `::error` per problem of an input that could not be checked."""
    commands = []
    for problem in found:
        where = f"file={_property(file)}"
        if problem.mark is not None:
            where += f",line={problem.mark.line},col={problem.mark.column}"
        text = f"{problem.path}: {problem.message}" if problem.path else problem.message
        commands.append(f"::error {where},title=invalid input::{_data(text)}")
    return commands


class GithubWriter(Writer):
    """Annotations, written as each input is decided."""

    def _add(self, result: Result) -> None:
        verdict = result.verdict
        if verdict is None:
            found = problems(result.file, result.problems)
        else:
            found = commands(verdict, result.line_of)
        for command in found:
            self.target.out.write(f"{command}\n")
