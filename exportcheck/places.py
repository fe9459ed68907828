"""Where the package's bundled data lives."""

from __future__ import annotations

from pathlib import Path


def bundled_dir() -> Path:
    """The bundled rulesets: inside the installed package, or the source tree's `rulesets/`."""
    package = Path(__file__).resolve().parent
    packaged = package / "rulesets"  # where the wheel puts them
    if packaged.is_dir():
        return packaged
    return package.parent / "rulesets"
