"""The rule book: every loaded ruleset and entity list, validated together, with the indexes
that pick each subject's candidate rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct, field

from exportcheck.errors import Problems, RulesetError, raise_if_any
from exportcheck.model.verdict import Assumption
from exportcheck.rules import lists, overlay
from exportcheck.rules.index import RuleIndex
from exportcheck.rules.read import PARTIES

if TYPE_CHECKING:
    from exportcheck.model.verdict import RulesetInfo
    from exportcheck.rules.lists import EntityLists
    from exportcheck.rules.model import Rule, Ruleset


class RuleBook(Struct, frozen=True, eq=False):
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

    by_id: dict[str, Rule] = field(default_factory=dict)
    assumption: Assumption = Assumption.LAPSED
    """What the book assumes of suspensions whose end the data cannot confirm (rules.assume)."""

    @property
    def infos(self) -> tuple[RulesetInfo, ...]:
        return tuple(r.info for r in self.rulesets)

    def rule(self, rule_id: str) -> Rule | None:
        return self.by_id.get(rule_id)


def combine(rulesets: list[Ruleset]) -> RuleBook:
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
        rulesets = list(overlay.amend(rulesets))
    ordered = tuple(sorted(rulesets, key=lambda r: r.info.name))
    rules = tuple(rule for r in ordered for rule in r.rules)
    items = [r for r in rules if r.applies_to == "items"]
    goods = tuple(r for r in items if not r.uses_listed)
    dependent = tuple(r for r in items if r.uses_listed)
    indexes = {
        "goods": RuleIndex.build(goods),
        "dependent": RuleIndex.build(dependent),
        "technologies": RuleIndex.build(r for r in rules if r.applies_to == "technologies"),
        "services": RuleIndex.build(r for r in rules if r.applies_to == "services"),
    }
    return RuleBook(
        ordered,
        rules,
        entity_lists=_entity_lists(ordered, rules),
        goods_rules=goods,
        dependent_rules=dependent,
        indexes=indexes,
        by_id={r.id: r for r in rules},
    )


def _entity_lists(rulesets: tuple[Ruleset, ...], rules: tuple[Rule, ...]) -> EntityLists | None:
    """The entries of every ruleset, each on a listing measure that has its rule for parties;
    RulesetError naming every entry, listing and rule that does not fit."""
    measures = {m.id: m for r in rulesets for m in r.measures}
    for rule in rules:  # an overlay may have rebuilt a rule's measure
        measures[rule.measure.id] = rule.measure
    for_parties = [r for r in rules if r.applies_to == PARTIES]
    by_measure: dict[str, Rule] = {}
    also: list[Rule] = []
    problems = Problems("rulesets")
    for rule in for_parties:
        if rule.measure.listing is None:
            if any(leaf.name == "entity_list" for leaf in rule.trigger.leaves()):
                also.append(rule)  # another measure's reading of listed parties (No. 61)
                continue
            problems.add(
                None,
                f"rules.{rule.id}",
                "a rule for parties belongs to a listing measure, or names the lists it reads "
                "(entity_list)",
            )
        elif rule.measure.id in by_measure:
            problems.add(
                None,
                f"rules.{rule.id}",
                f"{rule.measure.id} has two rules for parties ({by_measure[rule.measure.id].id})",
            )
        else:
            by_measure[rule.measure.id] = rule
    for measure in measures.values():
        if measure.listing is not None and measure.id not in by_measure:
            problems.add(
                None, f"measures.{measure.id}", "a listing measure needs a rule for parties"
            )
    entries = [(r, e) for r in rulesets for e in r.entries]
    for ruleset, entry in entries:
        listing = measures.get(entry.measure)
        if listing is None or listing.listing is None:
            problems.add(
                None,
                f"entries.{entry.name}",
                f"{entry.measure!r} is no listing measure ({ruleset.file})",
            )
    raise_if_any(problems, RulesetError)
    if not entries:
        return None
    as_of = min(d for r in rulesets if r.entries and (d := r.entries_as_of) is not None)
    return lists.gather((e for _, e in entries), measures, by_measure, as_of, tuple(also))
