"""The configuration file's settings for a command, and the rule book they call for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exportcheck.input import config
from exportcheck.model.verdict import Assumption
from exportcheck.report.formats import FORMATS
from exportcheck.rules.load import load_rulebook
from exportcheck.run.streams import Streams

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from exportcheck.input.config import Settings
    from exportcheck.rules.book import RuleBook


def settings(streams: Streams | None = None) -> Settings:
    """The configuration in effect (exportcheck.input.config); a bad file is an input error.
    Why a file found on the way was ignored goes to standard error."""
    found = config.settings(FORMATS)
    for line in found.ignored:
        (streams or Streams.standard()).say(line)
    return found


def rulebook(
    found: Settings,
    extra: Iterable[Path] = (),
    *,
    overlays: bool = True,
    assumption: Assumption = Assumption.LAPSED,
) -> RuleBook:
    """The bundled rule book with the configuration's rulesets and then `extra` added (without
    their overlays when `overlays` is False), under `assumption` (rules.assume)."""
    book = load_rulebook(extra=[*found.rules, *extra], overlays=overlays)
    if assumption is Assumption.LAPSED:
        return book
    from exportcheck.rules.assume import assuming  # noqa: PLC0415 (--assume extended only)

    return assuming(book, assumption)
