"""`keyword: [word or phrase, ...]`: the item description mentions one, as a whole word, any case.

Keywords catch what HS codes miss (announcements list goods by name), so a description that says
"dysprosium oxide" is matched even under a wrong or unspecific HS code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab.words import WordPattern, word_pattern

if TYPE_CHECKING:
    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value


@dataclass(frozen=True, eq=False)
class Keyword(Leaf):
    words: tuple[str, ...]
    pattern: WordPattern = field(compare=False, repr=False)
    name = "keyword"
    subjects = frozenset({"items", "technologies", "services"})

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> Keyword | None:
        words = reader.strings(arg, mark, path)
        if words is None:
            return None
        return cls(words, word_pattern(words))

    def evaluate(self, ctx: Context) -> Outcome:
        found = self.pattern.search(ctx.subject.description)
        if found:
            return Outcome(Truth.TRUE, (f'description says "{found.group(0)}"',))
        return Outcome(Truth.FALSE)

    def explain(self) -> str:
        return "description mentions " + " / ".join(f'"{w}"' for w in self.words)
