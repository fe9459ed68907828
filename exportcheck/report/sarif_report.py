"""`--format sarif`: SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One result per finding, with the specific rule id (`mofcom-2025-18:1C905`), the input file and
the line the subject starts on (the YAML line of the item or party, the CSV line of a row) as
its location and the subject (`items[1]`) as a logical location. Levels: `error` for prohibited
and license_required, `warning` for review, `note` for licensed. Rules carry their title,
measure, control code, licence type and source. An input that could not be checked is an error
notification with its positions; the run is then not successful.

GitHub takes at most `RESULTS_PER_RUN` results in a run and `MAX_RUNS` runs in a file: results
are split into runs of that size, the most severe first; beyond the last run the least severe
are left out, and a notification counts them by level.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from exportcheck.model.verdict import Assumption, Level
from exportcheck.render import record
from exportcheck.report.writer import Target, Writer
from exportcheck.version import __version__
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from exportcheck.errors import Problem
    from exportcheck.model.result import Result
    from exportcheck.model.verdict import Finding, Verdict
    from exportcheck.report.tally import Tally
    from exportcheck.rules.model import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RESULTS_PER_RUN = 25_000
MAX_RUNS = 20
_SEVERITY = {"error": 0, "warning": 1, "note": 2, "none": 3}
LEVELS = {
    Level.PROHIBITED: "error",
    Level.LICENSE_REQUIRED: "error",
    Level.REVIEW: "warning",
    Level.LICENSED: "note",
    Level.NO_MATCH: "none",
}


class Sarif:
    """Results gathered over a run, written as one document."""

    def __init__(self, rules: Mapping[str, Rule]) -> None:
        self.rules = rules
        self.descriptors: dict[str, dict[str, Any]] = {}
        self.indexes: dict[str, int] = {}
        self.results: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []

    def add_verdict(self, verdict: Verdict, line_of: Callable[[str], int] = lambda _: 1) -> None:
        """The verdict's findings; `line_of` gives the line each subject starts on."""
        for finding in verdict.findings:
            self.results.append(self._result(finding, verdict, line_of(finding.subject)))

    def add_problems(self, problems: tuple[Problem, ...]) -> None:
        for problem in problems:
            location: dict[str, Any] = {"artifactLocation": {"uri": safe.uri(problem.file)}}
            if problem.mark is not None:
                location["region"] = {
                    "startLine": problem.mark.line,
                    "startColumn": problem.mark.column,
                }
            text = f"{problem.path}: {problem.message}" if problem.path else problem.message
            self.notifications.append(
                {
                    "level": "error",
                    "message": {"text": text},
                    "locations": [{"physicalLocation": location}],
                }
            )

    def _result(self, finding: Finding, verdict: Verdict, line: int) -> dict[str, Any]:
        data = record.finding(finding)
        if finding.rule not in self.descriptors:
            self.indexes[finding.rule] = len(self.descriptors)
            self.descriptors[finding.rule] = self._descriptor(finding)
        properties: dict[str, Any] = {
            "verdict": finding.level.value,
            "measure": finding.measure,
            "as_of": verdict.as_of.isoformat(),
        }
        for key, value in (
            ("item", data["item"]),
            ("row", verdict.row),
            ("license", data["license"]),
            ("control_code", data["control_code"]),
            ("covered_by", data["covered_by"]),
            ("caution", data["caution"]),
        ):
            if value is not None:
                properties[key] = value
        if data["caution_kinds"]:
            properties["caution_kinds"] = data["caution_kinds"]
        if data["missing"]:
            properties["missing"] = data["missing"]
        if verdict.without_overlays is not None:
            properties["without_overlays"] = verdict.without_overlays.value
        if data["assumes"]:
            properties["assumes"] = data["assumes"]
        if verdict.assumption is not Assumption.LAPSED:
            properties["suspensions_assumed"] = verdict.assumption.value
        if verdict.configuration:
            properties["configuration"] = record.configuration(verdict)
        return {
            "ruleId": finding.rule,
            "ruleIndex": self.indexes[finding.rule],
            "level": LEVELS[finding.level],
            "message": {"text": data["reason"]},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": safe.uri(verdict.file)},
                        "region": {"startLine": line},
                    },
                    "logicalLocations": [{"fullyQualifiedName": finding.subject}],
                }
            ],
            "properties": properties,
        }

    def _descriptor(self, finding: Finding) -> dict[str, Any]:
        rule = self.rules.get(finding.rule)
        title = rule.title if rule is not None else finding.rule
        properties = {"measure": finding.measure}
        if finding.control_code:
            properties["control_code"] = finding.control_code
        if finding.license:
            properties["license"] = finding.license.value
        return {
            "id": finding.rule,
            "name": finding.rule,
            "shortDescription": {"text": title},
            "helpUri": finding.source,
            "properties": properties,
        }

    def document(self) -> dict[str, Any]:
        results = self.results
        notifications = list(self.notifications)
        if len(results) > RESULTS_PER_RUN:
            # stable: the order of the run within each level
            results = sorted(results, key=lambda r: _SEVERITY[r["level"]])
        room = RESULTS_PER_RUN * MAX_RUNS
        if len(results) > room:
            left = Counter(r["level"] for r in results[room:])
            said = ", ".join(f"{n:,} {level}" for level, n in sorted(left.items()))
            notifications.append(
                {
                    "level": "warning",
                    "message": {
                        "text": f"{len(results) - room:,} results left out ({said}): a SARIF "
                        f"upload takes at most {MAX_RUNS} runs of {RESULTS_PER_RUN:,}; the "
                        "JSON formats give every one"
                    },
                }
            )
            results = results[:room]
        chunks = [
            results[start : start + RESULTS_PER_RUN]
            for start in range(0, len(results), RESULTS_PER_RUN)
        ] or [[]]
        return {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [self._run(chunk, notifications) for chunk in chunks],
        }

    def _run(
        self, results: list[dict[str, Any]], notifications: list[dict[str, Any]]
    ) -> dict[str, Any]:
        return {
            "tool": {
                "driver": {
                    "name": "exportcheck",
                    "version": __version__,
                    "informationUri": "https://pypi.org/project/exportcheck/",
                    "rules": list(self.descriptors.values()),
                }
            },
            "invocations": [
                {
                    "executionSuccessful": not self.notifications,
                    "toolExecutionNotifications": notifications,
                }
            ],
            "results": results,
        }

    def dumps(self) -> str:
        return safe.json(json.dumps(self.document(), indent=2, ensure_ascii=False)) + "\n"


class SarifWriter(Writer):
    """One SARIF document for the run, written at its end."""

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.sarif = Sarif(target.rules)

    def _add(self, result: Result) -> None:
        if result.verdict is None:
            self.sarif.add_problems(result.problems)
        else:
            self.sarif.add_verdict(result.verdict, result.line_of)

    def close(self, tally: Tally) -> None:
        self.target.out.write(self.sarif.dumps())
