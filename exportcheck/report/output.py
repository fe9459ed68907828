"""Writing rendered text: rich pads wrapped lines with spaces; they are stripped here."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)


def write_stripped(console: Console, render: Callable[[], None]) -> None:
    """Run `render` against `console` and write its output without the spaces rich leaves at
    wrap points and after padded blocks (they would make golden files and diffs noisy)."""
    with console.capture() as captured:
        render()
    console.file.write(_TRAILING.sub(r"\1", captured.get()))
