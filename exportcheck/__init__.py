"""exportcheck: check shipments against China's export controls on battery, EV and rare-earth
supply chains, and explain the verdict.

The library API (docs/library.md)::

    from exportcheck import check_description, parse_description

    verdict = check_description(parse_description(open("shipment.yaml", "rb").read()))
    verdict.level.value, verdict.license_types, verdict.findings, reason_of(finding)

The names below are imported on first use, so `import exportcheck` (and the command line's
start) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from exportcheck.version import __version__

_EXPORTS = {
    "check_description": "exportcheck.api",
    "parse_description": "exportcheck.api",
    "bundled_rulebook": "exportcheck.api",
    "verdict_to_dict": "exportcheck.api",
    "reason_of": "exportcheck.api",
    "missing_of": "exportcheck.api",
    "load_rulebook": "exportcheck.rules.load",
    "RuleBook": "exportcheck.rules.book",
    "Description": "exportcheck.model.description",
    "Verdict": "exportcheck.model.verdict",
    "Finding": "exportcheck.model.verdict",
    "Note": "exportcheck.model.verdict",
    "Level": "exportcheck.model.verdict",
    "LicenseType": "exportcheck.model.description",
    "InputError": "exportcheck.errors",
    "RulesetError": "exportcheck.errors",
    "Problem": "exportcheck.errors",
}
__all__ = [
    "Description",
    "Finding",
    "InputError",
    "Level",
    "LicenseType",
    "Note",
    "Problem",
    "RuleBook",
    "RulesetError",
    "Verdict",
    "__version__",
    "bundled_rulebook",
    "check_description",
    "load_rulebook",
    "missing_of",
    "parse_description",
    "reason_of",
    "verdict_to_dict",
]

if TYPE_CHECKING:
    from exportcheck.api import (
        bundled_rulebook,
        check_description,
        missing_of,
        parse_description,
        reason_of,
        verdict_to_dict,
    )
    from exportcheck.errors import InputError, Problem, RulesetError
    from exportcheck.model.description import Description, LicenseType
    from exportcheck.model.verdict import Finding, Level, Note, Verdict
    from exportcheck.rules.book import RuleBook
    from exportcheck.rules.load import load_rulebook


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'exportcheck' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
