"""Matchers: the vocabulary of rule tests, and the compiler from ruleset data to matchers.

A rule's `trigger` and `condition` are expressions: a mapping with exactly one key, either a
combinator (`all`, `any`: lists of expressions; `not`: one expression) or a leaf matcher name
from `LEAVES` with its argument. Adding a kind of test is one module and one line here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exportcheck.errors import item_path, key_path
from exportcheck.input.fields import describe
from exportcheck.input.yamlio import YSeq
from exportcheck.rules.matchers.area import AreaIs
from exportcheck.rules.matchers.base import Leaf, Matcher
from exportcheck.rules.matchers.combinators import All, Any, Not
from exportcheck.rules.matchers.components import ComponentIs, ValueShare
from exportcheck.rules.matchers.control_code import ControlCode
from exportcheck.rules.matchers.country import Destination, ExporterCountry, Origin
from exportcheck.rules.matchers.element import Element
from exportcheck.rules.matchers.end_use import AssessedEndUse, EndUseKeyword
from exportcheck.rules.matchers.entity_list import EntityList, PartyRole, ShipmentHolds
from exportcheck.rules.matchers.form import FormIs
from exportcheck.rules.matchers.hs_code import HsCode
from exportcheck.rules.matchers.keyword import Keyword
from exportcheck.rules.matchers.listed import Listed
from exportcheck.rules.matchers.may_contain import MayContain
from exportcheck.rules.matchers.military import Military
from exportcheck.rules.matchers.needs_fact import NeedsFact
from exportcheck.rules.matchers.owners import NeedsOwners
from exportcheck.rules.matchers.parameter import ParameterBound
from exportcheck.rules.matchers.unidentified import Unidentified
from exportcheck.rules.matchers.unnamed import UnnamedSubstance
from exportcheck.rules.matchers.vehicle import (
    AfterSalesConfirmation,
    ConditionIs,
    HasVin,
    PowertrainIs,
    RegisteredWithin,
)

if TYPE_CHECKING:
    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value

__all__ = ["COMBINATORS", "LEAVES", "compile_expression"]

LEAVES: dict[str, type[Leaf]] = {
    leaf.name: leaf
    for leaf in (
        HsCode,
        ControlCode,
        Element,
        MayContain,
        FormIs,
        Keyword,
        Unidentified,
        UnnamedSubstance,
        ParameterBound,
        Origin,
        ExporterCountry,
        Destination,
        Military,
        Listed,
        NeedsFact,
        NeedsOwners,
        PowertrainIs,
        ConditionIs,
        HasVin,
        RegisteredWithin,
        AfterSalesConfirmation,
        AreaIs,
        EndUseKeyword,
        AssessedEndUse,
        ComponentIs,
        ValueShare,
        EntityList,
        ShipmentHolds,
        PartyRole,
    )
}
COMBINATORS = ("all", "any", "not")


def compile_expression(
    value: Value, mark: Mark | None, path: str, reader: Reader
) -> Matcher | None:
    m = reader.mapping(value, mark, path)
    if m is None:
        return None
    if len(m) != 1:
        reader.error(
            m.mark,
            path,
            f"an expression has exactly one key (a matcher or all/any/not), found {len(m)}",
        )
        return None
    ((name, arg),) = m.items()
    arg_mark = m.value_marks.get(name)
    arg_path = key_path(path, name)
    if name in ("all", "any"):
        if not isinstance(arg, YSeq) or not arg:
            reader.error(
                arg_mark,
                arg_path,
                f"expected a non-empty list of expressions, found {describe(arg)}",
            )
            return None
        parts = [
            compile_expression(v, arg.mark_at(i - 1), item_path(arg_path, i), reader)
            for i, v in enumerate(arg, 1)
        ]
        if any(p is None for p in parts):
            return None
        compiled = tuple(p for p in parts if p is not None)
        return All(compiled) if name == "all" else Any(compiled)
    if name == "not":
        inner = compile_expression(arg, arg_mark, arg_path, reader)
        return None if inner is None else Not(inner)
    leaf = LEAVES.get(name)
    if leaf is None:
        known = ", ".join(sorted((*LEAVES, *COMBINATORS)))
        reader.error(m.key_marks.get(name), arg_path, f"unknown matcher {name!r} (known: {known})")
        return None
    return leaf.compile(arg, arg_mark, arg_path, reader)
