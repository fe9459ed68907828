"""`end_use_keyword: [...]`: the description's `end_use` names one of the words or phrases, as a
whole word in any case (FALSE when there is no end use)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab.words import WordPattern, word_pattern

if TYPE_CHECKING:
    from collections.abc import Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value


@dataclass(frozen=True, eq=False)
class EndUseKeyword(Leaf):
    words: tuple[str, ...]
    pattern: WordPattern = field(compare=False, repr=False)
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
