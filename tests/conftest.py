from __future__ import annotations

import datetime as dt
import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from exportcheck.check.engine import check
from exportcheck.input import config as settings_file
from exportcheck.input.parse import parse_file
from exportcheck.model.description import Description
from exportcheck.model.verdict import Verdict
from exportcheck.rules.book import RuleBook
from exportcheck.rules.load import load_rulebook

ROOT = Path(__file__).resolve().parent.parent

SHIPMENT_HEAD = """\
kind: shipment
exporter: {name: Ganzhou Rare Metals Co., country: CN}
end_user: {name: Bosch GmbH, country: DE, military: false}
"""


_SAVED_CONFIG: list[str | None] = []


def pytest_configure(config: pytest.Config) -> None:
    """A configuration file above the checkout (or a developer's EXPORTCHECK_CONFIG) must not
    change what the tests see; tests of the configuration set their own (set before
    collection: some test modules load the rule book as they are imported)."""
    _SAVED_CONFIG.append(os.environ.get(settings_file.ENV))
    os.environ[settings_file.ENV] = settings_file.OFF


def pytest_unconfigure(config: pytest.Config) -> None:
    saved = _SAVED_CONFIG.pop() if _SAVED_CONFIG else None
    if saved is None:
        os.environ.pop(settings_file.ENV, None)
    else:
        os.environ[settings_file.ENV] = saved


@pytest.fixture(scope="session")
def book() -> RuleBook:
    return load_rulebook()


@pytest.fixture
def describe() -> Callable[[str], Description]:
    """Parse a description given as (dedented) YAML text."""

    def _describe(text: str) -> Description:
        return parse_file(textwrap.dedent(text).encode(), "test.yaml")

    return _describe


@pytest.fixture
def check_items(book: RuleBook) -> Callable[..., Verdict]:
    """Check a shipment from CN to DE made of the given `items:` YAML, as of a date."""

    def _check(items_yaml: str, as_of: str = "2026-12-01", head: str = SHIPMENT_HEAD) -> Verdict:
        text = head + "items:\n" + textwrap.indent(textwrap.dedent(items_yaml), "  ")
        description = parse_file(text.encode(), "test.yaml")
        return check(description, book, dt.date.fromisoformat(as_of))

    return _check
