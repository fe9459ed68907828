"""Rules and measures: the bundled control lists (YAML data) compiled and validated.

A ruleset file holds `ruleset` (name, version, title), `measures` (the legal acts, with their
dates, sources and suspension windows) and `rules` (what each act controls, as matcher
expressions). The format is documented in docs/rulesets.md. Loading validates everything and
reports every problem as `file:line:col: path: message`; a broken ruleset is exit 2, never a
partial check.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from exportcheck import cache
from exportcheck.errors import Problems, RulesetError, key_path, raise_if_any
from exportcheck.fields import Reader
from exportcheck.index import RuleIndex
from exportcheck.matchers import compile_expression
from exportcheck.matchers.base import SUBJECT_KINDS
from exportcheck.matchers.combinators import All
from exportcheck.model import Level, LicenseType, RulesetInfo
from exportcheck.screening import EntityLists, load_entity_lists
from exportcheck.yamlio import YMap, load

if TYPE_CHECKING:
    from collections.abc import Iterable

    from exportcheck.matchers import Matcher
    from exportcheck.overlay import Overlay

RULESET_KEYS = ("ruleset", "measures", "rules", "overlays")
HEADER_KEYS = ("name", "version", "title")
MEASURE_KEYS = (
    "id",
    "title",
    "published",
    "effective",
    "ends",
    "source",
    "caution",
    "scope",
    "suspensions",
)
SUSPENSION_KEYS = ("by", "title", "from", "until", "source", "caution_after")
RULE_KEYS = (
    "id",
    "measure",
    "control_code",
    "title",
    "verdict",
    "license",
    "effective",
    "trigger",
    "condition",
    "source",
    "caution",
    "tags",
    "suspensions",
    "applies_to",
)
DUAL_USE_TAG = "dual_use"
"""Every rule requiring a dual-use export licence carries this tag (see matchers.listed)."""
APPLIES_TO = {kind: kind for kind in SUBJECT_KINDS}
LEVELS = {level.value: level for level in Level if level not in (Level.NO_MATCH, Level.LICENSED)}
"""What a rule may conclude (`licensed` comes only from held licences)."""
LICENSES = {lic.value: lic for lic in LicenseType}

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_RULE_ID = re.compile(r"[a-z0-9][a-z0-9-]*:[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True, eq=False)
class Suspension:
    by: str
    title: str
    start: dt.date
    end: dt.date
    """Inclusive: the measure is suspended on `end` and applies again the day after."""
    source: str
    caution_after: str | None


@dataclass(frozen=True, eq=False)
class Measure:
    id: str
    title: str
    published: dt.date | None
    effective: dt.date
    ends: dt.date | None
    source: str
    caution: str | None
    scope: Matcher | None
    suspensions: tuple[Suspension, ...]
    amendment: str | None = None
    """Set by an overlay (exportcheck.overlay): which, with its hash, what it changed, why."""


class Status(enum.Enum):
    IN_FORCE = "in_force"
    NOT_YET = "not_yet"
    SUSPENDED = "suspended"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class RuleStatus:
    status: Status
    suspension: Suspension | None = None
    """For SUSPENDED: the window in force."""
    cautions: tuple[str, ...] = ()
    """For IN_FORCE: cautions about the state of the law on that day."""


@dataclass(frozen=True, eq=False)
class Rule:
    id: str
    measure: Measure
    control_code: str | None
    title: str
    level: Level
    license: LicenseType | None
    effective: dt.date
    trigger: Matcher
    condition: Matcher | None
    source: str
    caution: str | None
    ruleset: str
    tags: frozenset[str] = frozenset()
    suspensions: tuple[Suspension, ...] = ()
    applies_to: str = "items"
    """Which subjects the rule judges: items, technologies or services."""
    amendment: str | None = None
    """Set by an overlay amending this rule (exportcheck.overlay)."""

    @property
    def amendments(self) -> tuple[str, ...]:
        """The overlays that changed this rule's status, its measure's first."""
        return tuple(a for a in (self.measure.amendment, self.amendment) if a)

    @property
    def uses_listed(self) -> bool:
        """Whether the rule reads other rules' conclusions (it is then evaluated after them)."""
        matchers = [self.trigger] if self.condition is None else [self.trigger, self.condition]
        return any(leaf.name == "listed" for m in matchers for leaf in m.leaves())

    def status(self, as_of: dt.date) -> RuleStatus:
        measure = self.measure
        if as_of < self.effective:
            return RuleStatus(Status.NOT_YET)
        if measure.ends is not None and as_of > measure.ends:
            return RuleStatus(Status.ENDED)
        cautions: list[str] = []
        for suspension in (*measure.suspensions, *self.suspensions):
            if suspension.start <= as_of <= suspension.end:
                return RuleStatus(Status.SUSPENDED, suspension)
            if as_of > suspension.end and suspension.caution_after:
                cautions.append(suspension.caution_after)
        for text in (self.caution, measure.caution):
            if text:
                cautions.append(text)
        return RuleStatus(Status.IN_FORCE, cautions=tuple(cautions))


@dataclass(frozen=True, eq=False)
class Ruleset:
    info: RulesetInfo
    title: str
    file: str
    measures: tuple[Measure, ...]
    rules: tuple[Rule, ...]
    overlays: tuple[Overlay, ...] = ()
    """Amendments to the status of other rulesets' measures and rules (exportcheck.overlay)."""


@dataclass(frozen=True, eq=False)
class RuleBook:
    """All loaded rulesets, validated together (ids unique across files)."""

    rulesets: tuple[Ruleset, ...]
    rules: tuple[Rule, ...]
    entity_lists: EntityLists | None = None
    goods_rules: tuple[Rule, ...] = ()
    """Rules that look only at the description: evaluated first."""
    dependent_rules: tuple[Rule, ...] = ()
    """Rules that read the goods rules' conclusions (`listed`): evaluated second."""
    indexes: dict[str, RuleIndex] = field(default_factory=dict)
    """Per phase: `goods` and `dependent` (items), `technologies`, `services`."""

    @property
    def infos(self) -> tuple[RulesetInfo, ...]:
        lists = (self.entity_lists.info,) if self.entity_lists else ()
        return tuple(r.info for r in self.rulesets) + lists

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def bundled_dir() -> Path:
    """The bundled rulesets: inside the installed package, or the source tree's `rulesets/`."""
    packaged = Path(__file__).resolve().parent / "rulesets"  # where the wheel puts them
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rulesets"


def bundled_files() -> list[Path]:
    return sorted(bundled_dir().glob("*.yaml"))


def bundled_list_files() -> list[Path]:
    return sorted((bundled_dir() / "lists").glob("*.yaml"))


def load_rulebook(
    paths: Iterable[Path] | None = None,
    list_paths: Iterable[Path] | None = None,
    extra: Iterable[Path] = (),
) -> RuleBook:
    """Load and validate rulesets and entity lists (the bundled ones by default) and any
    `extra` ruleset files; raise RulesetError on problems. A book once validated is kept in the
    compiled cache (exportcheck.cache), under a hash of every file's bytes."""
    user = list(extra)
    files = [*(list(paths) if paths is not None else bundled_files()), *user]
    list_files = list(list_paths) if list_paths is not None else bundled_list_files()
    if not files:
        problems = Problems(str(bundled_dir()))
        problems.add(None, "", "no ruleset files found")
        raise_if_any(problems, RulesetError)
    try:
        parts = (
            [f"ruleset {cache.stamp(p)}" for p in files[: len(files) - len(user)]]
            + [f"user {cache.stamp(p)}" for p in user]
            + [f"list {cache.stamp(p)}" for p in list_files]
        )
    except OSError:
        parts = None  # a file that cannot be read is reported by the build
    if parts is None:
        return _build(files, list_files, len(user))
    return cache.remembered(
        "rulebook", cache.key(parts), lambda: _build(files, list_files, len(user))
    )


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        problems = Problems(str(path))
        problems.add(None, "", f"cannot read the ruleset: {exc.strerror or exc}")
        raise RulesetError(problems.sorted()) from None


def _build(files: list[Path], list_files: list[Path], user: int = 0) -> RuleBook:
    """The book of `files`, the last `user` of which are the user's."""
    loaded = [load_ruleset(_read(path), str(path)) for path in files]
    for position in range(len(loaded) - user, len(loaded)):
        ruleset = loaded[position]
        amends = tuple(sorted({o.target for o in ruleset.overlays}))
        info = replace(ruleset.info, origin="user", amends=amends)
        loaded[position] = replace(ruleset, info=info)
    entity_lists = [load_entity_lists(_read(path), str(path)) for path in list_files]
    return combine(loaded, entity_lists[0] if entity_lists else None)


def combine(rulesets: list[Ruleset], entity_lists: EntityLists | None = None) -> RuleBook:
    problems = Problems("rulesets")
    names: dict[str, str] = {}
    measures: dict[str, str] = {}
    rule_ids: dict[str, str] = {}
    for ruleset in rulesets:
        if ruleset.info.name in names:
            problems.add(
                None,
                "ruleset.name",
                f"{ruleset.info.name!r} is loaded twice "
                f"({names[ruleset.info.name]}, {ruleset.file})",
            )
        names[ruleset.info.name] = ruleset.file
        for measure in ruleset.measures:
            if measure.id in measures:
                problems.add(
                    None,
                    f"measures.{measure.id}",
                    f"defined in both {measures[measure.id]} and {ruleset.file}",
                )
            measures[measure.id] = ruleset.file
        for rule in ruleset.rules:
            if rule.id in rule_ids:
                problems.add(
                    None,
                    f"rules.{rule.id}",
                    f"duplicate rule id (in {rule_ids[rule.id]} and {ruleset.file})",
                )
            rule_ids[rule.id] = ruleset.file
    raise_if_any(problems, RulesetError)
    if any(r.overlays for r in rulesets):
        from exportcheck import overlay  # noqa: PLC0415 (it imports this module)

        rulesets = list(overlay.amend(rulesets))
    ordered = tuple(sorted(rulesets, key=lambda r: r.info.name))
    rules = tuple(rule for r in ordered for rule in r.rules)
    goods = tuple(r for r in rules if not r.uses_listed)
    dependent = tuple(r for r in rules if r.uses_listed)
    indexes = {
        "goods": RuleIndex.build(r for r in goods if r.applies_to == "items"),
        "dependent": RuleIndex.build(r for r in dependent if r.applies_to == "items"),
        "technologies": RuleIndex.build(r for r in rules if r.applies_to == "technologies"),
        "services": RuleIndex.build(r for r in rules if r.applies_to == "services"),
    }
    return RuleBook(
        ordered,
        rules,
        entity_lists=entity_lists,
        goods_rules=goods,
        dependent_rules=dependent,
        indexes=indexes,
    )


def load_ruleset(data: bytes, file: str) -> Ruleset:
    problems = Problems(file)
    root = load(data, file, problems=problems)
    reader = Reader(problems)
    top = reader.mapping(root, None, "")
    import hashlib  # noqa: PLC0415 (slow to import; a cached rule book needs none)

    ruleset = None if top is None else _ruleset(reader, top, file, hashlib.sha256(data).hexdigest())
    raise_if_any(problems, RulesetError)
    assert ruleset is not None
    return ruleset


def _ruleset(reader: Reader, top: YMap, file: str, sha256: str) -> Ruleset | None:
    reader.keys(top, "", RULESET_KEYS, required=("ruleset",))
    if not any(key in top for key in ("measures", "rules", "overlays")):
        reader.error(top.mark, "", "a ruleset gives measures and rules, or overlays, or both")
    header = reader.get_mapping(top, "ruleset", "")
    name = version = title = None
    if header is not None:
        reader.keys(header, "ruleset", HEADER_KEYS, required=HEADER_KEYS)
        name = _identifier(reader, header, "name", "ruleset")
        version = reader.text(header, "version", "ruleset")
        title = reader.text(header, "title", "ruleset")
    measures = _measures(reader, top)
    rules = _rules(reader, top, measures, name or "?")
    overlays: tuple[Overlay, ...] | None = ()
    if "overlays" in top:
        from exportcheck import overlay  # noqa: PLC0415 (it imports this module)

        overlays = overlay.read(reader, top)
    if (
        name is None
        or version is None
        or title is None
        or measures is None
        or rules is None
        or overlays is None
    ):
        return None
    return Ruleset(
        info=RulesetInfo(name, version, sha256),
        title=title,
        file=file,
        measures=tuple(measures.values()),
        rules=rules,
        overlays=overlays,
    )


def _identifier(reader: Reader, m: YMap, key: str, path: str) -> str | None:
    raw = reader.text(m, key, path)
    if raw is not None and not _ID.fullmatch(raw):
        reader.error(
            reader.mark_of(m, key),
            key_path(path, key),
            f'"{raw}" must be lower-case letters, digits and dashes',
        )
        return None
    return raw


def _measures(reader: Reader, top: YMap) -> dict[str, Measure] | None:
    measures: dict[str, Measure] = {}
    ok = True
    for _, path, m in reader.mappings(top, "measures", ""):
        reader.keys(m, path, MEASURE_KEYS, required=("id", "title", "effective", "source"))
        measure_id = _identifier(reader, m, "id", path)
        title = reader.text(m, "title", path)
        published = reader.date(m, "published", path)
        effective = reader.date(m, "effective", path)
        ends = reader.date(m, "ends", path)
        source = reader.url(m, "source", path)
        caution = reader.text(m, "caution", path)
        scope = None
        if "scope" in m:
            scope = compile_expression(
                m["scope"], reader.mark_of(m, "scope"), key_path(path, "scope"), reader
            )
            ok = ok and scope is not None
        suspensions = read_suspensions(reader, m, path)
        if (
            measure_id is None
            or title is None
            or effective is None
            or source is None
            or suspensions is None
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
            measure_id, title, published, effective, ends, source, caution, scope, suspensions
        )
    return measures if ok else None


def read_suspensions(reader: Reader, measure: YMap, path: str) -> tuple[Suspension, ...] | None:
    found: list[tuple[Suspension, str, YMap]] = []
    ok = True
    for _, spath, m in reader.mappings(measure, "suspensions", path):
        reader.keys(m, spath, SUSPENSION_KEYS, required=("by", "title", "from", "until", "source"))
        by = _identifier(reader, m, "by", spath)
        title = reader.text(m, "title", spath)
        start = reader.date(m, "from", spath)
        end = reader.date(m, "until", spath)
        source = reader.url(m, "source", spath)
        caution_after = reader.text(m, "caution_after", spath)
        if by is None or title is None or start is None or end is None or source is None:
            ok = False
            continue
        if end < start:
            reader.error(
                reader.mark_of(m, "until"),
                key_path(spath, "until"),
                f"{end} is before from ({start})",
            )
            ok = False
            continue
        found.append((Suspension(by, title, start, end, source, caution_after), spath, m))
    found.sort(key=lambda entry: entry[0].start)
    for (earlier, _, _), (later, lpath, lm) in itertools.pairwise(found):
        if later.start <= earlier.end:
            reader.error(
                reader.mark_of(lm, "from"),
                key_path(lpath, "from"),
                f"suspension window {later.start}..{later.end} "
                f"overlaps {earlier.start}..{earlier.end}",
            )
            ok = False
    return tuple(s for s, _, _ in found) if ok else None


def _rules(
    reader: Reader, top: YMap, measures: dict[str, Measure] | None, ruleset: str
) -> tuple[Rule, ...] | None:
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    ok = True
    for _, path, m in reader.mappings(top, "rules", ""):
        rule = _rule(
            reader, m, path, measures or {}, ruleset=ruleset, check_measure=measures is not None
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


def _rule(
    reader: Reader,
    m: YMap,
    path: str,
    measures: dict[str, Measure],
    *,
    ruleset: str,
    check_measure: bool,
) -> Rule | None:
    rule_id = reader.text(m, "id", path)
    if rule_id is not None and not _RULE_ID.fullmatch(rule_id):
        reader.error(
            reader.mark_of(m, "id"),
            key_path(path, "id"),
            f'"{rule_id}" must look like <measure>:<name>, e.g. mofcom-2025-18:1C902',
        )
        rule_id = None
    where = path if rule_id is None else f"{path} ({rule_id})"
    reader.keys(m, where, RULE_KEYS, required=("id", "measure", "title", "verdict", "trigger"))
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
    control_code = reader.text(m, "control_code", where)
    title = reader.text(m, "title", where)
    level = reader.choice(m, "verdict", where, LEVELS)
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
    trigger = None
    if "trigger" in m:
        trigger = compile_expression(
            m["trigger"], reader.mark_of(m, "trigger"), key_path(where, "trigger"), reader
        )
    condition = None
    if "condition" in m:
        condition = compile_expression(
            m["condition"], reader.mark_of(m, "condition"), key_path(where, "condition"), reader
        )
        if condition is None:
            return None
    source = reader.url(m, "source", where)
    caution = reader.text(m, "caution", where)
    tags = _tags(reader, m, where)
    suspensions = read_suspensions(reader, m, where)
    applies_to = reader.choice(m, "applies_to", where, APPLIES_TO) or "items"
    for part, expression in (("trigger", trigger), ("condition", condition)):
        for leaf in expression.leaves() if expression else ():
            if not leaf.supports(applies_to):
                reader.error(
                    reader.mark_of(m, part),
                    key_path(where, part),
                    f"matcher {leaf.name!r} does not apply to {applies_to}",
                )
                return None
    if (
        rule_id is None
        or measure is None
        or title is None
        or level is None
        or trigger is None
        or tags is None
        or suspensions is None
    ):
        return None
    if license_ is LicenseType.DUAL_USE_EXPORT_LICENSE:
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
    )


def _tags(reader: Reader, m: YMap, path: str) -> set[str] | None:
    if "tags" not in m:
        return set()
    tags = reader.tags(m["tags"], reader.mark_of(m, "tags"), key_path(path, "tags"))
    return None if tags is None else set(tags)
