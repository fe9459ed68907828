"""`form: [metal, alloy, oxide, ...]`: the item is in one of the forms (vocab.forms).

The form comes from the item's `form`, else from the words of its description in any language
(`ingot` is metal, `合金` alloy, `Oxid` oxide) that say what the item is (the last form word
before its use or packing: `transistor` in `GaN power transistor in TO-247 package`), its
formulas (`Dy2O3` is an oxide) and the compounds of its composition. TRUE when that form is
listed; FALSE when it is known and not listed (evidence: the form and the word that gave it);
UNKNOWN, naming `form`, when nothing says what form the item is in: not recognising a word is
never evidence of a form the rule excludes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from exportcheck.identify.identity import identity
from exportcheck.model.evidence import Missing
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab.forms import FORMS
from exportcheck.vocab.formulas import parse

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Item
    from exportcheck.rules.matchers.base import Query

FORM = Missing("form", opens=True)


def forms_of(item: Item) -> list[tuple[str, str]]:
    """(form, the words that gave it) for every form the item shows."""
    found = list(identity(item).forms)
    composition = item.composition
    if composition is not None:
        for conversion in composition.converted:
            formula = parse(conversion.read_as)
            if formula is not None:
                found.append((formula.form, conversion.written))
    return found


class FormIs(Leaf, frozen=True, eq=False):
    forms: tuple[str, ...]
    name = "form"
    reads = frozenset({"form", "description", "contains"})
    wording: ClassVar[Mapping[str, str]] = {
        "is": 'form {0} ("{1}")',
        "other": "form {0}, not a listed form",
    }

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> FormIs | None:
        names = reader.strings(arg, mark, path)
        if names is None:
            return None
        unknown = [n for n in names if n not in FORMS]
        if unknown:
            reader.error(
                mark, path, f"{', '.join(unknown)}: not a form (one of: {', '.join(FORMS)})"
            )
            return None
        return cls(names)

    def evaluate(self, ctx: Context) -> Outcome:
        found = forms_of(ctx.item)
        if not found:
            return Outcome(Truth.UNKNOWN, missing=(FORM,))
        form, written = found[0]  # what the item is; the others describe its parts or use
        if form in self.forms:
            return Outcome(Truth.TRUE, (self.said("is", form, written),))
        return Outcome(Truth.FALSE, (self.said("other", f'{form} ("{written}")'),))

    def may_open(self, ctx: Context) -> bool:
        return True

    def terms(self, query: Query) -> Iterable[str]:
        if query.lowered in self.forms:
            return (f"form {query.lowered}",)
        return ()

    def explain(self) -> str:
        return "in the form of " + " / ".join(self.forms)
