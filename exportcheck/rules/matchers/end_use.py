"""`end_use_keyword: [...]`: the description's `end_use` names one of the words or phrases, as a
whole word in any case (FALSE when there is no end use)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from exportcheck.model.description import EndUseAssessment
from exportcheck.model.evidence import Missing
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab.words import WordPattern, word_pattern

if TYPE_CHECKING:
    from collections.abc import Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value


ASSESSMENT = Missing("end_use_assessment", whole=True)


class EndUseKeyword(Leaf, frozen=True, eq=False):
    words: tuple[str, ...]
    pattern: WordPattern
    name = "end_use_keyword"
    subjects = frozenset({"items", "technologies", "services"})
    reads = frozenset({"end_use"})
    wording: ClassVar[Mapping[str, str]] = {"says": 'end use says "{0}"'}

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> EndUseKeyword | None:
        words = reader.strings(arg, mark, path)
        if words is None:
            return None
        return cls(words, word_pattern(words))

    def evaluate(self, ctx: Context) -> Outcome:
        found = self.pattern.find(ctx.description.end_use or "")
        if found:
            return Outcome(Truth.TRUE, (self.said("says", found),))
        return Outcome(Truth.FALSE)

    def explain(self) -> str:
        return "end use mentions " + " / ".join(f'"{w}"' for w in self.words)


class AssessedEndUse(Leaf, frozen=True, eq=False):
    """`end_use_assessment: [rare_earth_activity]`: the exporter's stated assessment of the end
    use is one of these (`end_use_assessment` in the file); UNKNOWN, naming it, when the file
    states none: how a knowledge-based catch-all asks, and how the file answers."""

    values: tuple[EndUseAssessment, ...]
    name = "end_use_assessment"
    subjects = frozenset({"items", "technologies", "services"})
    reads = frozenset({"end_use_assessment"})
    wording: ClassVar[Mapping[str, str]] = {"is": "the exporter assesses the end use as {0}"}

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> AssessedEndUse | None:
        words = reader.strings(arg, mark, path)
        if words is None:
            return None
        known = {a.value: a for a in EndUseAssessment}
        bad = [w for w in words if w not in known]
        if bad:
            reader.error(mark, path, f"{', '.join(bad)}: expected {' | '.join(known)}")
            return None
        return cls(tuple(known[w] for w in words))

    def evaluate(self, ctx: Context) -> Outcome:
        stated = ctx.description.end_use_assessment
        if stated is None:
            return Outcome(Truth.UNKNOWN, missing=(ASSESSMENT,))
        truth = Truth.TRUE if stated in self.values else Truth.FALSE
        return Outcome(truth, (self.said("is", stated.value),))

    def explain(self) -> str:
        return "end use assessed as " + " / ".join(v.value for v in self.values)
