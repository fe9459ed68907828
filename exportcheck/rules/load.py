"""Loading rulesets: the bundled control lists (YAML data) and the user's, validated and compiled.

A ruleset file holds `ruleset` (name, version, title), `measures` (the legal acts, with their
dates, sources and suspension windows) and `rules` (what each act controls, as matcher
expressions). The format is documented in docs/rulesets.md. Loading validates everything and
reports every problem as `file:line:col: path: message`; a broken ruleset is exit 2, never a
partial check.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from exportcheck import cache
from exportcheck.errors import Problems, RulesetError, key_path, raise_if_any
from exportcheck.input.fields import Reader
from exportcheck.input.yamlio import YMap, load
from exportcheck.model.description import LicenseType
from exportcheck.model.verdict import Level, RulesetInfo
from exportcheck.rules import overlay
from exportcheck.rules.book import RuleBook, combine
from exportcheck.rules.dates import read_suspensions
from exportcheck.rules.lists import load_entity_lists
from exportcheck.rules.matchers.base import SUBJECT_KINDS
from exportcheck.rules.matchers.combinators import All
from exportcheck.rules.matchers.registry import compile_expression
from exportcheck.rules.model import DUAL_USE_TAG, Measure, Rule, Ruleset

if TYPE_CHECKING:
    from collections.abc import Iterable

    from exportcheck.rules.model import Overlay

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
APPLIES_TO = {kind: kind for kind in SUBJECT_KINDS}
LEVELS = {level.value: level for level in Level if level not in (Level.NO_MATCH, Level.LICENSED)}
"""What a rule may conclude (`licensed` comes only from held licences)."""
LICENSES = {lic.value: lic for lic in LicenseType}

_RULE_ID = re.compile(r"[a-z0-9][a-z0-9-]*:[A-Za-z0-9][A-Za-z0-9._-]*")


def bundled_dir() -> Path:
    """The bundled rulesets: inside the installed package, or the source tree's `rulesets/`."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "rulesets"  # where the wheel puts them
    if packaged.is_dir():
        return packaged
    return package.parent / "rulesets"


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
        name = reader.identifier(header, "name", "ruleset")
        version = reader.text(header, "version", "ruleset")
        title = reader.text(header, "title", "ruleset")
    measures = _measures(reader, top)
    rules = _rules(reader, top, measures, name or "?")
    overlays: tuple[Overlay, ...] | None = ()
    if "overlays" in top:
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
