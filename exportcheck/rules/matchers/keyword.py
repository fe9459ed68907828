"""`keyword: [word or phrase, ...]`: the subject's description mentions one, as a whole word, in
any case.

Keywords catch what HS codes miss (announcements list goods by name), so a description that says
"dysprosium oxide" is matched even under a wrong or unspecific HS code.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, ClassVar

from exportcheck.identify.identity import identify
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab.text import fold
from exportcheck.vocab.words import WordPattern, tokens, word_pattern

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Subject
    from exportcheck.rules.matchers.base import Anchor, Query


@functools.cache
def _script() -> re.Pattern[str]:
    """A kana or Han character: what a phrase without an ASCII word is indexed by (compiled
    when first needed: a pattern with these ranges takes milliseconds to compile, and most
    runs read only ASCII descriptions)."""
    return re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


class Keyword(Leaf, frozen=True, eq=False):
    words: tuple[str, ...]
    pattern: WordPattern
    name = "keyword"
    subjects = frozenset({"items", "technologies", "services"})
    reads = frozenset({"description"})
    reads_words = True
    quiet_unanchored = True  # a phrase found starts with an anchor the text shows
    wording: ClassVar[Mapping[str, str]] = {
        "says": 'description says "{0}"',
        "means": 'description says "{1}" ({0})',
    }

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> Keyword | None:
        found = reader.strings(arg, mark, path)
        if found is None:
            return None
        return cls(found, word_pattern(found))

    def _find(self, description: str) -> str | None:
        """The keyword as the description writes it, except where the description negates it
        (`Dysprosium-free` does not say dysprosium)."""
        found = self.pattern.find(description)
        if found:
            kept = identify(description).kept
            if kept is not None and not self.pattern.find(kept):
                return None
        return found or None

    def truth(self, ctx: Context) -> Truth:
        description = ctx.described.description
        if self._find(description) or self.pattern.find(identify(description).glossed):
            return Truth.TRUE
        return Truth.FALSE

    def evaluate(self, ctx: Context) -> Outcome:
        description = ctx.described.description
        found = self._find(description)
        if found:
            return Outcome(Truth.TRUE, (self.said("says", found),))
        known = identify(description)
        if not known.glosses or not self.pattern.find(known.glossed):
            return Outcome(Truth.FALSE)
        for english, written in known.glosses:
            found = self.pattern.find(english)
            if found:
                return Outcome(Truth.TRUE, (self.said("means", found, written),))
        return Outcome(Truth.FALSE)

    def anchors(self) -> frozenset[Anchor] | None:
        """A phrase's first ASCII word, else (萃取槽) its first Han or kana character, as the
        texts are compared; None for a phrase with neither."""
        found: set[Anchor] = set()
        for word in self.words:
            first = tokens(word)[:1]
            if first:
                found.add(("tok", first[0]))
                continue
            script = _script().search(fold(word))
            if script is None:
                return None
            found.add(("cjk", script.group()))
        return frozenset(found)

    @classmethod
    def signals(cls, subject: Subject, listed: Mapping[str, Outcome]) -> Iterable[Anchor]:
        description = subject.description
        known = identify(description)
        words = tokens(description)
        for english, _ in known.glosses:
            words.extend(tokens(english))
        found: list[Anchor] = [("tok", t) for t in words]
        if not description.isascii():
            for text in (description, known.glossed):
                found.extend(("cjk", c) for c in set(_script().findall(fold(text))))
        return found

    def terms(self, query: Query) -> Iterable[str]:
        if any(query.lowered in w.lower() for w in self.words):
            return ("description keyword",)
        return ()

    def explain(self) -> str:
        return "description mentions " + " / ".join(f'"{w}"' for w in self.words)
