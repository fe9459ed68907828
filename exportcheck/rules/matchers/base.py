"""Three-valued matching: a matcher says TRUE, FALSE or UNKNOWN (a fact it needs is missing).

UNKNOWN is what makes the tool fail closed: a rule whose condition cannot be decided becomes a
`review` finding naming the missing fields, never a silent `no_match`. Combinators follow Kleene
logic: all(TRUE, UNKNOWN) is UNKNOWN, any(FALSE, UNKNOWN) is UNKNOWN, any(TRUE, UNKNOWN) is TRUE.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from exportcheck.model.description import Item
from exportcheck.vocabulary import Vocabulary

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Description, Subject


class Truth(Vocabulary):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Outcome:
    truth: Truth
    evidence: tuple[str, ...] = ()
    """Why: for TRUE what matched, for FALSE what did not."""
    missing: tuple[str, ...] = ()
    """For UNKNOWN: the input fields that would decide it, like `items[1].contains`."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a matcher looks at: the whole description, the item being checked, and (for rules
    that depend on other rules) what the goods rules concluded about the item, by tag."""

    description: Description
    subject: Subject
    as_of: dt.date
    listed: Mapping[str, Outcome] = field(default_factory=dict)

    @property
    def item(self) -> Item:
        """The subject as an item; rule validation lets item matchers see items only."""
        assert isinstance(self.subject, Item)
        return self.subject


class Matcher(ABC):
    """A compiled test in a rule's `trigger` or `condition`."""

    @abstractmethod
    def evaluate(self, ctx: Context) -> Outcome: ...

    def truth(self, ctx: Context) -> Truth:
        """The truth alone, without evidence: what a trigger needs, and cheaper."""
        return self.evaluate(ctx).truth

    @abstractmethod
    def explain(self) -> str:
        """A one-line human reading of the test, for documentation and `explain`."""

    def leaves(self) -> Iterator[Leaf]:
        """Every leaf test in this expression (for indexing, search and phase ordering)."""
        if isinstance(self, Leaf):
            yield self


SUBJECT_KINDS = ("items", "technologies", "services")
SCENE_FIELDS = ("destination", "end_use", "end_user.military", "exporter.country")
"""The description's facts, beyond the subject's own, that a test may read."""


class Leaf(Matcher):
    """One kind of fact test, written in a ruleset as `{name: argument}`."""

    name: ClassVar[str]
    subjects: ClassVar[frozenset[str]] = frozenset({"items"})
    """The kinds of subject (see SUBJECT_KINDS) this test can look at."""

    def supports(self, kind: str) -> bool:
        return kind in self.subjects

    def scene(self) -> frozenset[str]:
        """What this test reads of the description around its subject, from SCENE_FIELDS (the
        engine keys what it remembers on these). Nothing, unless a test says otherwise."""
        return frozenset()

    @classmethod
    @abstractmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> Leaf | None:
        """Validate the ruleset data for this matcher; record problems and return None if bad."""
