"""The rule book: every loaded ruleset and entity list, validated together, with the indexes
that pick each subject's candidate rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from exportcheck.errors import Problems, RulesetError, raise_if_any
from exportcheck.rules import overlay
from exportcheck.rules.index import RuleIndex

if TYPE_CHECKING:
    from exportcheck.model.verdict import RulesetInfo
    from exportcheck.rules.lists import EntityLists
    from exportcheck.rules.model import Rule, Ruleset


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
