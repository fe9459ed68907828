"""The configuration file's settings for a command, and the rule book they call for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exportcheck.input import config
from exportcheck.report.formats import FORMATS
from exportcheck.rules.load import load_rulebook

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from exportcheck.input.config import Settings
    from exportcheck.rules.book import RuleBook


def settings() -> Settings:
    """The configuration in effect (exportcheck.input.config); a bad file is an input error."""
    return config.settings(FORMATS)


def rulebook(found: Settings, extra: Iterable[Path] = ()) -> RuleBook:
    """The bundled rule book with the configuration's rulesets and then `extra` added."""
    return load_rulebook(extra=[*found.rules, *extra])
