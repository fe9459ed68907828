"""`--format junit`: JUnit XML, for CI systems that show test reports (Jenkins, GitLab, Azure).

One test suite per input (file, or CSV row), one test case per item (technology, service), and
one for the parties when they were screened. A case fails when its worst finding is
`license_required`, `review` or `prohibited` (the failure's type), naming each such finding; it
passes at `no_match` or `licensed`. An input that could not be checked is a suite with one case
in error, giving its problems.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from exportcheck.model.verdict import Level
from exportcheck.render import reasons
from exportcheck.report.writer import Writer
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from exportcheck.errors import Problem
    from exportcheck.model.result import Result
    from exportcheck.model.verdict import Finding, Verdict
    from exportcheck.report.tally import Tally

FAILING = (Level.LICENSE_REQUIRED, Level.REVIEW, Level.PROHIBITED)
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="exportcheck">\n'
TAIL = "</testsuites>\n"


def suite(verdict: Verdict, started: str) -> str:
    """The test suite of one verdict, as XML text; `started`: when the run began (ISO 8601)."""
    name = verdict.file if verdict.row is None else f"{verdict.file}:{verdict.row}"
    by_subject: dict[str, list[Finding]] = {}
    for finding in verdict.findings:
        by_subject.setdefault(finding.subject, []).append(finding)
    cases = []
    for path, own_id, text in verdict.subjects:
        cases.append(_case(name, f"{path} (id {own_id}) {text}", by_subject.pop(path, [])))
    if verdict.screening is not None or by_subject:
        parties = [f for group in by_subject.values() for f in group]
        cases.append(_case(name, "parties (screening)", parties))
    failures = sum(1 for c in cases if c.find("failure") is not None)
    element = ET.Element(
        "testsuite",
        name=name,
        tests=str(len(cases)),
        failures=str(failures),
        errors="0",
        timestamp=started,
    )
    properties = ET.SubElement(element, "properties")
    given = [("verdict", verdict.level.value), ("as_of", verdict.as_of.isoformat())]
    # the day the rules were evaluated on; the suite's timestamp is when the check ran
    if verdict.without_overlays is not None:
        given.append(("without_overlays", verdict.without_overlays.value))
    given.append(("suspensions_assumed", verdict.assumption.value))
    if verdict.if_extended is not None:
        given.append(("if_suspensions_extended", verdict.if_extended.value))
    given.extend((f"supplied.{k}", f"{v} from {src}") for k, v, src in verdict.configuration)
    for key, value in given:
        ET.SubElement(properties, "property", name=key, value=value)
    element.extend(cases)
    return _text(element)


def invalid(file: str, problems: tuple[Problem, ...], row: int | None = None) -> str:
    name = file if row is None else f"{file}:{row}"
    element = ET.Element("testsuite", name=name, tests="1", failures="0", errors="1")
    case = ET.SubElement(element, "testcase", classname=name, name="input")
    error = ET.SubElement(case, "error", type="invalid", message="the input could not be checked")
    error.text = "\n".join(str(p) for p in problems)
    return _text(element)


def _case(suite_name: str, name: str, findings: list[Finding]) -> ET.Element:
    case = ET.Element("testcase", classname=suite_name, name=name)
    failing = [f for f in findings if f.level in FAILING]
    if failing:
        worst = max(failing, key=lambda f: f.level.rank)
        failure = ET.SubElement(
            case,
            "failure",
            type=worst.level.value,
            message="; ".join(f"{f.rule}: {f.level.value}" for f in failing),
        )
        failure.text = "\n\n".join(
            f"{f.rule} ({f.level.value}): {reasons.finding(f)}" for f in failing
        )
    passing = [f for f in findings if f.level not in FAILING]
    if passing:
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(f"{f.rule} ({f.level.value}): {reasons.finding(f)}" for f in passing)
    return case


def _text(element: ET.Element) -> str:
    """The element as XML text. ElementTree escapes markup but writes any character it is
    given: what XML 1.0 does not allow (a control character in an id or a description), what
    a terminal would act on, and line breaks and tabs in attributes become visible escapes."""
    ET.indent(element, space="  ", level=1)
    written = ET.tostring(element, encoding="unicode")
    for reference, shown in _BREAKS:  # a break in an attribute (a name): one line, visibly
        written = written.replace(reference, shown)
    return "  " + safe.xml(written) + "\n"


_BREAKS = (("&#10;", "\\n"), ("&#09;", "\\t"), ("&#13;", "\\r"))
"""How ElementTree writes a line feed, tab or carriage return inside an attribute (anything
the input wrote as `&#10;` is `&amp;#10;` by then), and how a report shows them."""


class JunitWriter(Writer):
    """JUnit XML: one test suite per input, written as it comes."""

    def _add(self, result: Result) -> None:
        if not self.count:
            self.target.out.write(HEAD)
        if result.verdict is None:
            self.target.out.write(invalid(result.file, result.problems, result.row))
        else:
            self.target.out.write(suite(result.verdict, self.target.started))

    def close(self, tally: Tally) -> None:
        if not self.count:
            self.target.out.write(HEAD)
        self.target.out.write(TAIL)
