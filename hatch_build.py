"""Build hook: compile the bundled rulesets into the wheel (exportcheck.rules.compiled).

The validated rule book is written beside the rulesets as data (JSON) that reading cannot make
run code; a check then reads it instead of validating the YAML again. For an editable install
it is written beside the source tree's rulesets, where a later change to a ruleset or to the
code makes the check validate the YAML again (the file records what it was built from).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileRulesets(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        sys.path.insert(0, str(root))
        try:
            from exportcheck.rules import compile as compiler  # noqa: PLC0415 (the source tree)

            compiler.write(root / "rulesets")
        finally:
            sys.path.remove(str(root))
