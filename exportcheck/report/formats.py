"""The output formats: one registry that `--format`, the configuration's `format` and the tests
all read. Adding a format is one writer module and one line here.

A writer module is imported when its format is chosen, so a run writing JSON never imports
rich (whose console takes a small check a third of its time to import).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from collections.abc import Callable

    from exportcheck.report.writer import Writer


def _text() -> type[Writer]:
    from exportcheck.report.text_report import TextWriter  # noqa: PLC0415 (see the module's doc)

    return TextWriter


def _json() -> type[Writer]:
    from exportcheck.report.json_report import JsonWriter  # noqa: PLC0415

    return JsonWriter


def _jsonl() -> type[Writer]:
    from exportcheck.report.jsonl_report import JsonLinesWriter  # noqa: PLC0415

    return JsonLinesWriter


def _markdown() -> type[Writer]:
    from exportcheck.report.markdown_report import MarkdownWriter  # noqa: PLC0415

    return MarkdownWriter


def _sarif() -> type[Writer]:
    from exportcheck.report.sarif_report import SarifWriter  # noqa: PLC0415

    return SarifWriter


def _junit() -> type[Writer]:
    from exportcheck.report.junit_report import JunitWriter  # noqa: PLC0415

    return JunitWriter


def _html() -> type[Writer]:
    from exportcheck.report.html_report import HtmlWriter  # noqa: PLC0415

    return HtmlWriter


def _csv() -> type[Writer]:
    from exportcheck.report.csv_report import CsvWriter  # noqa: PLC0415

    return CsvWriter


def _github() -> type[Writer]:
    from exportcheck.report.github_report import GithubWriter  # noqa: PLC0415

    return GithubWriter


def _xlsx() -> type[Writer]:
    from exportcheck.report.xlsx_report import XlsxWriter  # noqa: PLC0415

    return XlsxWriter


class Format(Struct, frozen=True):
    name: str
    summary: str
    """What it is for, in a line (docs and help)."""
    writer: Callable[[], type[Writer]]
    """The writer class, imported on first use."""
    for_people: bool = False
    """Written through a rich console (colour, wrapping); a run shows its progress bar only
    for these."""
    binary: bool = False
    """Bytes, not text: never written to a terminal."""
    streams: bool = False
    """Goes through a verdict's findings once, in order, holding none: a big description is
    then checked item by item (check.streamed), in memory that does not grow with its items."""


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", "the verdict for a person, coloured on a terminal", _text, for_people=True),
        Format("json", "one JSON document: every result and a summary", _json, streams=True),
        Format(
            "jsonl",
            "one JSON object per line, per input or CSV row, as decided",
            _jsonl,
            streams=True,
        ),
        Format(
            "markdown", "a Markdown section per verdict, for tickets and pull requests", _markdown
        ),
        Format("sarif", "SARIF 2.1.0, for code-scanning dashboards", _sarif),
        Format("junit", "JUnit XML, for CI test reports", _junit),
        Format("github", "GitHub Actions annotations, one per finding at its line", _github),
        Format("csv", "one CSV row per input or manifest row, to load back into an ERP", _csv),
        Format(
            "xlsx", "the rows of csv as an Excel workbook (binary: -o FILE)", _xlsx, binary=True
        ),
        Format("html", "one self-contained page: summary, chart, filterable table", _html),
    )
}
DEFAULT = "text"
