"""`exportcheck config show`: the effective settings and where each comes from."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from exportcheck.input.config import ENV, OFF
from exportcheck.report.formats import DEFAULT
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from rich.console import Console

    from exportcheck.input.config import Settings


def _where(settings: Settings) -> str:
    if settings.source is not None:
        how = f" (named by {ENV})" if settings.found_by == ENV else ""
        return f"{settings.source}{how}"
    if settings.found_by == ENV:
        return f"none ({ENV}={OFF})"
    return (
        "none found (looked from the working directory upward for exportcheck.yaml and "
        "pyproject.toml [tool.exportcheck])"
    )


def _value(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "-"
    if isinstance(value, dict):
        return f"{value.get('name')} ({value.get('country')})"
    return str(value)


def render_text(settings: Settings, console: Console) -> None:
    console.print(safe.terminal(f"configuration: {_where(settings)}"), markup=False)
    for key, value, origin in settings.shown(DEFAULT):
        console.print(safe.terminal(f"  {key:<10} {_value(value)}  [{origin}]"), markup=False)


def render_json(settings: Settings, out: TextIO) -> None:
    document = {
        "configuration": settings.source,
        "found_by": settings.found_by,
        "settings": {
            key: {"value": value, "from": origin} for key, value, origin in settings.shown(DEFAULT)
        },
    }
    out.write(safe.json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n")
