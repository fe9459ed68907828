"""Helpers around descriptions: `exportcheck schema` and `exportcheck init`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from exportcheck import exits
from exportcheck.run.streams import Streams

if TYPE_CHECKING:
    from pathlib import Path


def schema() -> int:
    """A JSON Schema of the description format, on standard output."""
    from exportcheck.input.schema import schema as build  # noqa: PLC0415 (only for schema)

    Streams.standard().out.write(json.dumps(build(), indent=2, ensure_ascii=False) + "\n")
    return 0


def init(path: Path | None, kind: str) -> int:
    """A commented description template, on standard output or into a new file."""
    from exportcheck.input.templates import template  # noqa: PLC0415 (only for init)

    streams = Streams.standard()
    text = template(kind)
    if path is None:
        streams.out.write(text)
        return 0
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        streams.say(f"{path}: exists; not overwritten")
        return exits.INVALID
    except OSError as exc:
        streams.say(f"{path}: cannot write: {exc.strerror or exc}")
        return exits.INVALID
    return 0
