"""Overlays: a user ruleset's amendments to the status of measures and rules loaded from other
rulesets (docs/rulesets.md#overlays).

An overlay names one measure or rule and changes its dates, not what it matches: new or
extended suspension windows, another effective or end date, a caution. It cites its own source.
The loaded objects are never edited: `amend` rebuilds the amended measures and every rule
reading them, and each amended measure or rule carries a caution naming the overlay and its
ruleset's hash, so every finding it produces says that its status comes from the user's file.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import msgspec.structs

from exportcheck.errors import Problems, RulesetError, key_path
from exportcheck.model.verdict import CautionKind
from exportcheck.rules.dates import Suspension, read_suspensions
from exportcheck.rules.model import Measure, Overlay, Rule, Ruleset

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import YMap

OVERLAY_KEYS = ("measure", "rule", "title", "source", "effective", "ends", "caution", "suspensions")
CHANGES = ("effective", "ends", "caution", "suspensions")


def read(reader: Reader, top: YMap) -> tuple[Overlay, ...] | None:
    """The `overlays` of a ruleset file; None when one of them is invalid (reported)."""
    found: list[Overlay] = []
    ok = True
    for _, path, m in reader.mappings(top, "overlays", ""):
        reader.keys(m, path, OVERLAY_KEYS, required=("title", "source"))
        targets = [key for key in ("measure", "rule") if key in m]
        if len(targets) != 1:
            reader.error(m.mark, path, "names exactly one of measure or rule (the one it amends)")
            ok = False
            continue
        kind = targets[0]
        target = reader.text(m, kind, path)
        if not any(key in m for key in CHANGES):
            reader.error(m.mark, path, f"changes nothing: give one of {', '.join(CHANGES)}")
            ok = False
        if kind == "rule" and "ends" in m:
            reader.error(
                reader.mark_of(m, "ends"),
                key_path(path, "ends"),
                "a rule ends with its measure: amend the measure",
            )
            ok = False
        title = reader.text(m, "title", path)
        source = reader.url(m, "source", path)
        effective = reader.date(m, "effective", path)
        ends = reader.date(m, "ends", path)
        caution = reader.text(m, "caution", path)
        suspensions = read_suspensions(reader, m, path)
        if target is None or title is None or source is None or suspensions is None:
            ok = False
            continue
        found.append(
            Overlay(
                target,
                kind == "rule",
                title,
                source,
                effective,
                ends,
                caution,
                suspensions,
                path,
                m.mark,
            )
        )
    return tuple(found) if ok else None


def amend(rulesets: Sequence[Ruleset]) -> tuple[Ruleset, ...]:
    """The rulesets with every overlay applied (measures first, then rules; in order of ruleset
    name); RulesetError lists every overlay that names nothing loaded, amends what another
    overlay amends, or leaves overlapping or backwards dates."""
    measures = {m.id: m for r in rulesets for m in r.measures}
    rules = {rule.id: rule for r in rulesets for rule in r.rules}
    new_measures: dict[str, Measure] = {}
    rule_overlays: dict[str, tuple[Overlay, Ruleset]] = {}
    seen: dict[str, str] = {}
    problems = {r.file: Problems(r.file) for r in rulesets}
    ordered = sorted(rulesets, key=lambda r: r.info.name)
    for ruleset in ordered:
        for overlay in ruleset.overlays:
            mine = problems[ruleset.file]
            if not _claim(overlay, ruleset, rules if overlay.is_rule else measures, seen, mine):
                continue
            if overlay.is_rule:
                rule_overlays[overlay.target] = (overlay, ruleset)
                continue
            measure = measures[overlay.target]
            start = overlay.effective or measure.effective
            end = overlay.ends or measure.ends
            if end is not None and end < start:
                mine.add(overlay.mark, overlay.path, f"ends {end} before it takes effect {start}")
            new_measures[measure.id] = msgspec.structs.replace(
                measure,
                effective=start,
                ends=end,
                caution=_caution(measure.caution, overlay, ruleset),
                caution_kinds=_amended(measure.caution_kinds),
                suspensions=_windows((), measure.suspensions, overlay, mine),
                amendment=_amendment(overlay, ruleset),
            )
    new_rules: dict[str, Rule] = {}
    for overlay, ruleset in rule_overlays.values():
        rule = rules[overlay.target]
        measure = new_measures.get(rule.measure.id, rule.measure)
        mine = problems[ruleset.file]
        new_rules[rule.id] = msgspec.structs.replace(
            rule,
            effective=overlay.effective or rule.effective,
            caution=_caution(rule.caution, overlay, ruleset),
            caution_kinds=_amended(rule.caution_kinds),
            suspensions=_windows(measure.suspensions, rule.suspensions, overlay, mine),
            amendment=_amendment(overlay, ruleset),
        )
        if overlay.effective is not None and overlay.effective < measure.effective:
            mine.add(
                overlay.mark,
                key_path(overlay.path, "effective"),
                f"{overlay.effective} is before its measure's effective date {measure.effective}",
            )
    found = tuple(p for r in ordered for p in problems[r.file].sorted())
    if found:
        raise RulesetError(found)
    if not new_measures and not new_rules:
        return tuple(rulesets)
    return tuple(_rebuilt(r, measures, new_measures, new_rules) for r in rulesets)


def _claim(
    overlay: Overlay,
    ruleset: Ruleset,
    known: Mapping[str, object],
    seen: dict[str, str],
    problems: Problems,
) -> bool:
    """Whether the overlay's target is loaded and not amended by another overlay already."""
    where = key_path(overlay.path, "rule" if overlay.is_rule else "measure")
    if overlay.target not in known:
        what = "rule" if overlay.is_rule else "measure"
        problems.add(overlay.mark, where, f"no {what} {overlay.target!r} is loaded")
        return False
    if overlay.target in seen:
        problems.add(
            overlay.mark,
            where,
            f"{overlay.target} is already amended by {seen[overlay.target]}; "
            "give its changes in one overlay",
        )
        return False
    seen[overlay.target] = f"{ruleset.file} {overlay.path}"
    return True


def _rebuilt(
    ruleset: Ruleset,
    measures: dict[str, Measure],
    new_measures: dict[str, Measure],
    new_rules: dict[str, Rule],
) -> Ruleset:
    """The ruleset with its amended measures, and its rules reading them or amended
    themselves (a rule's own amendment was made from the loaded rule: it gets the new measure
    here)."""
    rules = []
    for loaded in ruleset.rules:
        rule = new_rules.get(loaded.id, loaded)
        measure = new_measures.get(rule.measure.id)
        if measure is not None:
            old = measures[rule.measure.id]
            effective = (
                measure.effective
                if rule.effective == old.effective
                else max(rule.effective, measure.effective)
            )
            rule = msgspec.structs.replace(rule, measure=measure, effective=effective)
        rules.append(rule)
    return msgspec.structs.replace(
        ruleset,
        measures=tuple(new_measures.get(m.id, m) for m in ruleset.measures),
        rules=tuple(rules),
    )


def _amendment(overlay: Overlay, ruleset: Ruleset) -> str:
    info = ruleset.info
    return (
        f"amended by overlay {info.name} {info.version} (sha256:{info.sha256[:12]}, "
        f"{ruleset.file}): {overlay.title} (source: {overlay.source})"
    )


def _caution(existing: str | None, overlay: Overlay, ruleset: Ruleset) -> str:
    note = f"Status {_amendment(overlay, ruleset)}."
    if overlay.caution:
        note = f"{note} {overlay.caution}"
    return note if not existing else f"{existing} {note}"


def _amended(kinds: tuple[CautionKind, ...]) -> tuple[CautionKind, ...]:
    """An amended measure's or rule's caution kinds: its own, then `status_amended`."""
    return tuple(dict.fromkeys((*kinds, CautionKind.STATUS_AMENDED)))


def _windows(
    fixed: tuple[Suspension, ...],
    existing: tuple[Suspension, ...],
    overlay: Overlay,
    problems: Problems,
) -> tuple[Suspension, ...]:
    """`existing` with the overlay's windows put in (one with the same `by` replaces it), sorted;
    overlaps with each other or with `fixed` (the measure's windows, for a rule) reported."""
    replaced = {window.by for window in overlay.suspensions}
    kept = [s for s in existing if s.by not in replaced]
    windows = tuple(sorted((*kept, *overlay.suspensions), key=lambda s: s.start))
    everything = sorted((*fixed, *windows), key=lambda s: s.start)
    for earlier, later in itertools.pairwise(everything):
        if later.start <= earlier.end:
            problems.add(
                overlay.mark,
                key_path(overlay.path, "suspensions"),
                f"window {later.start}..{later.end} ({later.by}) overlaps "
                f"{earlier.start}..{earlier.end} ({earlier.by})",
            )
    return windows
