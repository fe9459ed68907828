"""Compile the bundled rulesets: `python -m exportcheck.rules.compile [RULESETS]` validates them
and writes the compiled book beside them (rules.compiled), as building the wheel does."""

from __future__ import annotations

import sys
from pathlib import Path

from exportcheck.places import bundled_dir
from exportcheck.rules import compiled, load
from exportcheck.vocab import glossary


def write(rulesets: Path) -> Path:
    """Compile the rulesets in `rulesets` (and its `lists/`) into `rulesets/<compiled.NAME>`,
    and the glossary beside it (vocab.glossary.COMPILED)."""
    files = load.bundled_paths(rulesets)
    target = rulesets / compiled.NAME
    book = load.build(files, under=rulesets)
    target.write_text(compiled.dumps(book, files), encoding="utf-8")
    (rulesets / glossary.COMPILED).write_text(glossary.dumps(), encoding="utf-8")
    return target


if __name__ == "__main__":  # pragma: no cover - run by hatch_build.py and benchmarks/run.py
    sys.stdout.write(f"{write(Path(sys.argv[1]) if len(sys.argv) > 1 else bundled_dir())}\n")
