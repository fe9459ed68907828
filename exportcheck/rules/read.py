"""Reading one ruleset file's data: the header, measures, rules, entity-list entries and
overlays, validated, every problem recorded with its place (docs/rulesets.md).

Checks that span files (ids unique across rulesets, overlays' targets, entries' listings) are
the rule book's (rules.book).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from exportcheck.errors import key_path
from exportcheck.model.description import LicenseType
from exportcheck.model.verdict import CautionKind, Level, RulesetInfo
from exportcheck.rules import overlay
from exportcheck.rules.dates import read_suspensions
from exportcheck.rules.entities import KINDS, Listing
from exportcheck.rules.lists import read_entries
from exportcheck.rules.matchers.base import SUBJECT_KINDS
from exportcheck.rules.matchers.combinators import All
from exportcheck.rules.matchers.registry import compile_expression
from exportcheck.rules.model import DUAL_USE_TAG, Measure, Rule, Ruleset

if TYPE_CHECKING:
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import YMap
    from exportcheck.rules.entities import Entry
    from exportcheck.rules.matchers.base import Matcher
    from exportcheck.rules.model import Overlay

RULESET_KEYS = ("ruleset", "measures", "rules", "overlays", "entries")
HEADER_KEYS = ("name", "version", "title", "entries_as_of")
MEASURE_KEYS = (
    "id",
    "title",
    "published",
    "effective",
    "ends",
    "source",
    "caution",
    "caution_kinds",
    "scope",
    "suspensions",
    "list",
    "announced",
    "confirmed_by",
)
RULE_KEYS = (
    "id",
    "measure",
    "control_code",
    "title",
    "verdict",
    "otherwise",
    "license",
    "effective",
    "trigger",
    "condition",
    "source",
    "caution",
    "caution_kinds",
    "tags",
    "suspensions",
    "applies_to",
)
PARTIES = "parties"
"""Rules for parties say what a hit on their measure's entity listing means."""
APPLIES_TO = {kind: kind for kind in (*SUBJECT_KINDS, PARTIES)}
LEVELS = {level.value: level for level in Level if level not in (Level.NO_MATCH, Level.LICENSED)}
"""What a rule may conclude (`licensed` comes only from held licences)."""
OTHERWISE = {Level.REVIEW.value: Level.REVIEW}
"""What a rule may conclude when its condition does not hold."""
LICENSES = {lic.value: lic for lic in LicenseType}

_RULE_ID = re.compile(r"[a-z0-9][a-z0-9-]*:[A-Za-z0-9][A-Za-z0-9._-]*")


def ruleset(reader: Reader, top: YMap, file: str, sha256: str) -> Ruleset | None:
    reader.keys(top, "", RULESET_KEYS, required=("ruleset",))
    if not any(key in top for key in ("measures", "rules", "overlays")):
        reader.error(top.mark, "", "a ruleset gives measures and rules, or overlays, or both")
    header = reader.get_mapping(top, "ruleset", "")
    name = version = title = entries_as_of = None
    if header is not None:
        reader.keys(header, "ruleset", HEADER_KEYS, required=("name", "version", "title"))
        name = reader.identifier(header, "name", "ruleset")
        version = reader.text(header, "version", "ruleset")
        title = reader.text(header, "title", "ruleset")
        entries_as_of = reader.date(header, "entries_as_of", "ruleset")
    measures = _measures(reader, top)
    rules = _rules(reader, top, measures, name or "?")
    overlays: tuple[Overlay, ...] | None = ()
    if "overlays" in top:
        overlays = overlay.read(reader, top)
    entries: tuple[Entry, ...] | None = ()
    if "entries" in top:
        entries = read_entries(reader, top)
        if entries_as_of is None and header is not None:
            reader.error(
                header.mark,
                "ruleset.entries_as_of",
                "a ruleset with entries says when they were checked",
            )
    if (
        name is None
        or version is None
        or title is None
        or measures is None
        or rules is None
        or overlays is None
        or entries is None
    ):
        return None
    return Ruleset(
        info=RulesetInfo(name, version, sha256),
        title=title,
        file=file,
        measures=tuple(measures.values()),
        rules=rules,
        overlays=overlays,
        entries=entries,
        entries_as_of=entries_as_of,
    )


def _measures(reader: Reader, top: YMap) -> dict[str, Measure] | None:
    measures: dict[str, Measure] = {}
    ok = True
    for _, path, m in reader.mappings(top, "measures", ""):
        reader.keys(m, path, MEASURE_KEYS, required=("id", "title", "effective", "source"))
        measure_id = reader.identifier(m, "id", path)
        title = reader.text(m, "title", path)
        published = reader.date(m, "published", path)
        effective = reader.date(m, "effective", path)
        ends = reader.date(m, "ends", path)
        source = reader.url(m, "source", path)
        caution, kinds = _caution(reader, m, path)
        scope = _expression(reader, m, "scope", path)
        ok = ok and ("scope" not in m or scope is not None)
        suspensions = read_suspensions(reader, m, path)
        listed, listing = _listing(reader, m, path)
        confirmed = reader.urls(m, "confirmed_by", path) if "confirmed_by" in m else ()
        if (
            measure_id is None
            or title is None
            or effective is None
            or source is None
            or suspensions is None
            or confirmed is None
            or kinds is None
            or not listed
        ):
            ok = False
            continue
        if measure_id in measures:
            reader.error(
                reader.mark_of(m, "id"),
                key_path(path, "id"),
                f"duplicate measure id {measure_id!r}",
            )
            ok = False
        measures[measure_id] = Measure(
            measure_id,
            title,
            published,
            effective,
            ends,
            source,
            caution,
            scope,
            suspensions,
            listing=listing,
            confirmed_by=confirmed,
            caution_kinds=kinds,
        )
    return measures if ok else None


def _listing(reader: Reader, m: YMap, path: str) -> tuple[bool, Listing | None]:
    """Whether the measure's entity listing is valid, and the listing (None for a measure that
    lists none)."""
    if "list" not in m and "announced" not in m:
        return True, None
    kind = reader.choice(m, "list", path, KINDS)
    announced = reader.decimal(m, "announced", path, what="a count of entities")
    for key, why in (("list", "names its list"), ("announced", "says how many it named")):
        if key not in m:
            reader.error(m.mark, key_path(path, key), f"a listing measure {why}")
    if kind is None or announced is None:
        return False, None
    return True, Listing(kind, int(announced))


def _rules(
    reader: Reader, top: YMap, measures: dict[str, Measure] | None, ruleset_name: str
) -> tuple[Rule, ...] | None:
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    ok = True
    for _, path, m in reader.mappings(top, "rules", ""):
        rule = _rule(
            reader,
            m,
            path,
            measures or {},
            ruleset=ruleset_name,
            check_measure=measures is not None,
        )
        if rule is None:
            ok = False
            continue
        if rule.id in seen:
            reader.error(
                reader.mark_of(m, "id"),
                key_path(path, "id"),
                f"duplicate rule id (also {seen[rule.id]})",
            )
            ok = False
        seen[rule.id] = path
        rules.append(rule)
    return tuple(rules) if ok else None


def _rule_id(reader: Reader, m: YMap, path: str) -> str | None:
    rule_id = reader.text(m, "id", path)
    if rule_id is not None and not _RULE_ID.fullmatch(rule_id):
        reader.error(
            reader.mark_of(m, "id"),
            key_path(path, "id"),
            f'"{rule_id}" must look like <measure>:<name>, e.g. mofcom-2025-18:1C902',
        )
        return None
    return rule_id


def _measure(
    reader: Reader,
    m: YMap,
    where: str,
    rule_id: str | None,
    measures: dict[str, Measure],
    *,
    check_measure: bool,
) -> Measure | None:
    measure_id = reader.text(m, "measure", where)
    measure = measures.get(measure_id) if measure_id else None
    if measure_id is not None and measure is None and check_measure:
        reader.error(
            reader.mark_of(m, "measure"),
            key_path(where, "measure"),
            f"no measure {measure_id!r} in this ruleset",
        )
    if rule_id is not None and measure_id is not None and not rule_id.startswith(measure_id + ":"):
        reader.error(
            reader.mark_of(m, "id"),
            key_path(where, "id"),
            f"must start with its measure id, {measure_id}:",
        )
    return measure


def _expression(reader: Reader, m: YMap, key: str, where: str) -> Matcher | None:
    if key not in m:
        return None
    return compile_expression(m[key], reader.mark_of(m, key), key_path(where, key), reader)


def _fits(
    reader: Reader, m: YMap, where: str, applies_to: str, parts: dict[str, Matcher | None]
) -> bool:
    """Whether every test of the rule can look at what it applies to."""
    for part, expression in parts.items():
        for leaf in expression.leaves() if expression else ():
            if not leaf.supports(applies_to):
                reader.error(
                    reader.mark_of(m, part),
                    key_path(where, part),
                    f"matcher {leaf.name!r} does not apply to {applies_to}",
                )
                return False
    return True


def _rule(
    reader: Reader,
    m: YMap,
    path: str,
    measures: dict[str, Measure],
    *,
    ruleset: str,
    check_measure: bool,
) -> Rule | None:
    rule_id = _rule_id(reader, m, path)
    where = path if rule_id is None else f"{path} ({rule_id})"
    reader.keys(m, where, RULE_KEYS, required=("id", "measure", "title", "verdict", "trigger"))
    measure = _measure(reader, m, where, rule_id, measures, check_measure=check_measure)
    control_code = reader.text(m, "control_code", where)
    title = reader.text(m, "title", where)
    level = reader.choice(m, "verdict", where, LEVELS)
    otherwise = reader.choice(m, "otherwise", where, OTHERWISE)
    license_ = reader.choice(m, "license", where, LICENSES)
    if level is Level.LICENSE_REQUIRED and license_ is None and "license" not in m:
        reader.error(
            m.mark, key_path(where, "license"), "verdict license_required needs a license type"
        )
    effective = reader.date(m, "effective", where)
    if effective is not None and measure is not None and effective < measure.effective:
        reader.error(
            reader.mark_of(m, "effective"),
            key_path(where, "effective"),
            f"{effective} is before its measure's effective date {measure.effective}",
        )
    trigger = _expression(reader, m, "trigger", where)
    condition = _expression(reader, m, "condition", where)
    if "condition" in m and condition is None:
        return None
    if otherwise is not None and condition is None:
        reader.error(
            reader.mark_of(m, "otherwise"),
            key_path(where, "otherwise"),
            "otherwise is the verdict when the condition does not hold: give a condition",
        )
    source = reader.url(m, "source", where)
    caution, kinds = _caution(reader, m, where)
    tags = _tags(reader, m, where)
    suspensions = read_suspensions(reader, m, where)
    applies_to = reader.choice(m, "applies_to", where, APPLIES_TO) or "items"
    if not _fits(reader, m, where, applies_to, {"trigger": trigger, "condition": condition}):
        return None
    if (
        rule_id is None
        or measure is None
        or title is None
        or level is None
        or trigger is None
        or tags is None
        or suspensions is None
        or kinds is None
    ):
        return None
    if license_ is LicenseType.DUAL_USE_EXPORT_LICENSE and applies_to != PARTIES:
        tags |= {DUAL_USE_TAG}
    if measure.scope is not None:
        trigger = All((measure.scope, trigger))
    return Rule(
        id=rule_id,
        measure=measure,
        control_code=control_code,
        title=title,
        level=level,
        license=license_,
        effective=effective or measure.effective,
        trigger=trigger,
        condition=condition,
        source=source or measure.source,
        caution=caution,
        ruleset=ruleset,
        tags=frozenset(tags),
        suspensions=suspensions,
        applies_to=applies_to,
        otherwise=otherwise,
        caution_kinds=kinds,
    )


CAUTION_KINDS = {kind.value: kind for kind in CautionKind if kind is not CautionKind.STATUS_AMENDED}
"""What a ruleset's caution may say is uncertain (`status_amended` is the overlays' own)."""


def _caution(
    reader: Reader, m: YMap, path: str
) -> tuple[str | None, tuple[CautionKind, ...] | None]:
    """A caution and its kinds: each caution names what it says is uncertain, so scripts can
    filter findings by it; kinds without a caution are refused too."""
    caution = reader.text(m, "caution", path)
    if "caution_kinds" not in m:
        if caution is not None:
            reader.error(
                reader.mark_of(m, "caution"),
                key_path(path, "caution"),
                f"a caution needs caution_kinds (one or more of {' | '.join(CAUTION_KINDS)})",
            )
            return caution, None
        return caution, ()
    where, mark = key_path(path, "caution_kinds"), reader.mark_of(m, "caution_kinds")
    if "caution" not in m:
        reader.error(mark, where, "caution_kinds qualify a caution: give the caution")
        return caution, None
    names = reader.strings(m["caution_kinds"], mark, where)
    if names is None:
        return caution, None
    kinds = [reader.choice_of(name, mark, where, CAUTION_KINDS) for name in names]
    if any(kind is None for kind in kinds):
        return caution, None
    return caution, tuple(dict.fromkeys(k for k in kinds if k is not None))


def _tags(reader: Reader, m: YMap, path: str) -> set[str] | None:
    if "tags" not in m:
        return set()
    tags = reader.tags(m["tags"], reader.mark_of(m, "tags"), key_path(path, "tags"))
    return None if tags is None else set(tags)
