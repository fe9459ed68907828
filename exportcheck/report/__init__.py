"""Reporters: a Verdict rendered for people or programs. `REPORTERS` feeds `--format`.

Each reporter writes to an injected rich Console (the CLI decides where it goes and whether it
has colour), so golden tests can pin the exact output. The reporter modules are imported on
first use: JSON needs no rich.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from exportcheck.model import Verdict


class Format(enum.Enum):
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"
    SARIF = "sarif"
    JUNIT = "junit"


def _json_line(verdict: Verdict, console: Console) -> None:
    from exportcheck.report import json_report  # noqa: PLC0415 (see the module's doc)

    console.file.write(json_report.line(json_report.to_dict(verdict, rulesets=False)))


def _markdown(verdict: Verdict, console: Console) -> None:
    from exportcheck.report import markdown_report  # noqa: PLC0415

    markdown_report.render(verdict, console.file)


def _sarif(verdict: Verdict, console: Console) -> None:
    from exportcheck.report.sarif_report import Sarif  # noqa: PLC0415

    sarif = Sarif({})
    sarif.add_verdict(verdict)
    console.file.write(sarif.dumps())


def _junit(verdict: Verdict, console: Console) -> None:
    from exportcheck.report import junit_report  # noqa: PLC0415

    console.file.write(junit_report.HEAD + junit_report.suite(verdict) + junit_report.TAIL)


def _reporters() -> dict[Format, Callable[[Verdict, Console], None]]:
    from exportcheck.report import json_report, text_report  # noqa: PLC0415

    return {
        Format.TEXT: text_report.render,
        Format.JSON: json_report.render,
        Format.JSONL: _json_line,
        Format.MARKDOWN: _markdown,
        Format.SARIF: _sarif,
        Format.JUNIT: _junit,
    }


def __getattr__(name: str) -> Any:
    if name == "REPORTERS":
        return _reporters()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
