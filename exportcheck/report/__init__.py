"""Reporters: a Verdict rendered for people or programs. `REPORTERS` feeds `--format`.

Each reporter writes to an injected rich Console (the CLI decides where it goes and whether it
has colour), so golden tests can pin the exact output.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from exportcheck.report import json_report, text_report

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from exportcheck.model import Verdict


class Format(enum.Enum):
    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"


def _json_line(verdict: Verdict, console: Console) -> None:
    console.file.write(json_report.line(json_report.to_dict(verdict, rulesets=False)))


REPORTERS: dict[Format, Callable[[Verdict, Console], None]] = {
    Format.TEXT: text_report.render,
    Format.JSON: json_report.render,
    Format.JSONL: _json_line,
}
