"""Where a command's output goes: standard output for the report, standard error for
diagnostics, and the rich consoles put on them for people (colour on a terminal only, none with
NO_COLOR; rich decides from the stream)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from msgspec import Struct

from exportcheck.vocab import safe

if TYPE_CHECKING:
    from rich.console import Console


COLORS = ("auto", "always", "never")
"""`--color`: colour on a terminal unless NO_COLOR is set (auto), always, or never."""


def _colour(color: str) -> dict[str, object]:
    if color == "always":
        return {"force_terminal": True}
    if color == "never":
        return {"no_color": True, "color_system": None}
    return {}


def console(stream: TextIO, color: str = "auto") -> Console:
    """A console for a report on `stream`, wrapped to the terminal's width."""
    from rich.console import Console  # noqa: PLC0415 (rich: only for what people read)

    return Console(file=stream, highlight=False, emoji=False, **_colour(color))  # type: ignore[arg-type]


def diagnostics(stream: TextIO, color: str = "auto") -> Console:
    """A console for diagnostics: one line per message, never wrapped."""
    from rich.console import Console  # noqa: PLC0415 (rich: only for what people read)

    return Console(
        file=stream,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        **_colour(color),  # type: ignore[arg-type]
    )


class Streams(Struct, frozen=True):
    out: TextIO
    err: TextIO

    @classmethod
    def standard(cls) -> Streams:
        """The process's standard output and error as they are now (a test runner may have
        replaced them)."""
        return cls(sys.stdout, sys.stderr)

    def say(self, text: str) -> None:
        """One diagnostic line (or several): what an input put in it is shown escaped. Written
        as it is, not through a rich console, which costs a quarter of a millisecond a line: a
        file of 100,000 bad keys is 100,000 lines."""
        self.err.write(f"{safe.lines(text)}\n")
