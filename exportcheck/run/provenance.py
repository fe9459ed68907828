"""What the user's configuration and rulesets supplied to a verdict, said in the verdict itself.

A configuration found on the way, or a ruleset the user adds, can change an answer: an exporter
for files that name none, rules, overlays that move a measure's dates. Every verdict names each
of them (text, JSON, Markdown, SARIF, JUnit and the audit log all show `Verdict.configuration`),
and when the user's overlays make a verdict less severe than the rules without them, the
verdict carries that other answer too (`Verdict.without_overlays`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from exportcheck import exits

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable
    from pathlib import Path

    from exportcheck.check.engine import Checker
    from exportcheck.input.config import Settings
    from exportcheck.model.description import Description
    from exportcheck.model.verdict import Level, Verdict

COMMAND_LINE = "--rules"


class Provenance(Struct, frozen=True):
    settings: tuple[tuple[str, str, str], ...]
    """Run-wide: (setting, value, where from) for each thing the user supplied."""
    exporter: tuple[str, str, str] | None
    """For descriptions that name no exporter and take the configuration's."""
    plain: Checker | None
    """The checker without the user's overlays, when there are any."""

    def apply(self, verdict: Verdict, description: Description, day: dt.date) -> Verdict:
        said = self.settings
        if self.exporter is not None and "exporter" in description.defaulted:
            said = (self.exporter, *said)
        lowered = None
        if self.plain is not None:
            other = self.plain.check(description, day).level
            if _severity(other) > _severity(verdict.level):
                lowered = other
        if not said and lowered is None:
            return verdict
        return replace(verdict, configuration=said, without_overlays=lowered)


def _severity(level: Level) -> int:
    return exits.SEVERITY.index(exits.FOR_VERDICT[level.value])


def provenance(found: Settings, extra: Iterable[Path], plain: Checker | None) -> Provenance | None:
    """What `found` (the configuration) and `extra` (--rules) supply; None when nothing."""
    source = found.source or ""
    said: list[tuple[str, str, str]] = []
    for key in ("format", "horizon", "audit_log"):
        if key in found.given:
            said.append((key, str(getattr(found, key)), source))
    said.extend(("rules", str(path), source) for path in found.rules)
    said.extend(("rules", str(path), COMMAND_LINE) for path in extra)
    exporter = None
    if found.exporter is not None:
        name, country = found.exporter.get("name"), found.exporter.get("country")
        exporter = ("exporter", f"{name} ({country})", source)
    if not said and exporter is None and plain is None:
        return None
    return Provenance(tuple(said), exporter, plain)
