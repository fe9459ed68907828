"""Three-valued matching: a matcher says TRUE, FALSE or UNKNOWN (a fact it needs is missing).

UNKNOWN is what makes the tool fail closed: a rule whose condition cannot be decided becomes a
`review` finding naming the missing fields, never a silent `no_match`. Combinators follow Kleene
logic: all(TRUE, UNKNOWN) is UNKNOWN, any(FALSE, UNKNOWN) is UNKNOWN, any(TRUE, UNKNOWN) is TRUE.

A leaf test (`Leaf`) declares everything the rest of the package needs to know about it, so
adding one is its own module and a line in the registry:

* `reads`: the facts it reads (identify.facts), from which the engine keys what it remembers
  and a test proves it reads nothing else;
* `anchors` and `signals`: what a subject must show for the test to be TRUE, from which the
  index picks each subject's candidate rules;
* `terms`: why a catalogue search for an element, an HS code or words finds it;
* `wording`: the sentence of each piece of evidence it gives, rendered at the edge.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import TYPE_CHECKING, ClassVar

from msgspec import Struct, field

from exportcheck.identify.facts import WHOLE
from exportcheck.input.fields import describe
from exportcheck.model.description import Item, Party
from exportcheck.model.evidence import Evidence
from exportcheck.vocabulary import Vocabulary

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Description, Subject
    from exportcheck.model.evidence import Missing
    from exportcheck.rules.entities import Hit

Anchor = tuple[str, str]
"""A sign a subject shows (an HS prefix, an element, a description word, ...): ("hs", "2846")."""


class Truth(Vocabulary):
    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


class Outcome(Struct, frozen=True):
    truth: Truth
    evidence: tuple[Evidence, ...] = ()
    """Why: for TRUE what matched, for FALSE what did not."""
    missing: tuple[Missing, ...] = ()
    """For UNKNOWN: the facts that would decide it."""


class Context(Struct, frozen=True):
    """What a matcher looks at: the whole description, the subject being checked, and (for rules
    that depend on other rules) what the goods rules concluded about the item, by tag."""

    description: Description
    subject: Subject | Party
    as_of: dt.date
    listed: Mapping[str, Outcome] = field(default_factory=dict)
    """For a party: what the whole shipment holds, by tag."""
    hit: Hit | None = None
    """For a party: the entity-list entry its name is being judged against."""

    @property
    def item(self) -> Item:
        """The subject as an item; rule validation lets item matchers see items only."""
        assert isinstance(self.subject, Item)
        return self.subject

    @property
    def described(self) -> Subject:
        """The subject as an item, technology or service (tests of parties see parties only)."""
        assert not isinstance(self.subject, Party)
        return self.subject


class Query(Struct, frozen=True):
    """A catalogue search as the tests read it: the text, the element it names, the digits of
    an HS code it may be."""

    lowered: str
    symbol: str | None
    digits: str | None


class Matcher(Struct, frozen=True, eq=False):
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

    def affirmed(self) -> Iterator[Leaf]:
        """The leaf tests this expression asks to hold: every one but those under a `not`
        (what a rule is found by in a search: `not: {hs_code: [85]}` does not make a rule one
        about chapter 85)."""
        return self.leaves()

    def anchors(self) -> frozenset[Anchor] | None:
        """Anchors one of which a subject shows whenever this is TRUE; None if there are none."""
        return None


SUBJECT_KINDS = ("items", "technologies", "services")
"""What item and transfer rules judge (rules for parties judge entity-list hits)."""


def flag(arg: Value, mark: Mark | None, path: str, reader: Reader) -> bool:
    """Whether a test written as a flag (`unidentified: true`) says `true`; an error otherwise."""
    if arg != "true":
        reader.error(mark, path, f"expected true, found {describe(arg)}")
        return False
    return True


class Leaf(Matcher, frozen=True, eq=False):
    """One kind of fact test, written in a ruleset as `{name: argument}`."""

    name: ClassVar[str]
    subjects: ClassVar[frozenset[str]] = frozenset({"items"})
    """The kinds of subject (see SUBJECT_KINDS) this test can look at."""
    reads: ClassVar[frozenset[str]]
    """The facts this test reads (identify.facts.FACTS)."""
    reads_words: ClassVar[bool] = False
    """Whether this test reads a description in its own words (a keyword, the words after a
    symbol), not only through its identity (identify.identity): the engine then keys what it
    remembers of a row on this test's outcome (check.reading)."""
    quiet_unanchored: ClassVar[bool] = False
    """Whether this test is FALSE, with no evidence, whenever its subject shows none of its
    anchors (`signals`): then its outcome need not be asked for to know it."""
    wording: ClassVar[Mapping[str, str]] = {}
    """Evidence code -> its sentence: `{0}`, `{1}`, ... are the evidence's values, `{at}` the
    place it names in the subject."""

    def supports(self, kind: str) -> bool:
        return kind in self.subjects

    def may_open(self, ctx: Context) -> bool:
        """Whether this test, UNKNOWN, may wait on a fact the file has begun to give
        (Missing.opens): a cheap filter before a rule's trigger is evaluated in full."""
        del ctx
        return False

    def facts(self) -> frozenset[str]:
        """The facts this test reads: its kind's `reads`, unless its argument narrows them."""
        return self.reads

    def scene(self) -> frozenset[str]:
        """What this test reads of the description around its subject (the engine keys what
        it remembers on these)."""
        return self.facts() & WHOLE

    def said(self, code: str, *values: object, at: str = "") -> Evidence:
        """Evidence of this test, by one of its `wording`."""
        return Evidence(f"{self.name}.{code}", tuple(str(v) for v in values), at)

    @classmethod
    def signals(cls, subject: Subject, listed: Mapping[str, Outcome]) -> Iterable[Anchor]:
        """The anchors of this kind of test that a subject shows."""
        return ()

    def terms(self, query: Query) -> Iterable[str]:
        """Why a catalogue search finds this test, if it does."""
        return ()

    @classmethod
    @abstractmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> Leaf | None:
        """Validate the ruleset data for this matcher; record problems and return None if bad."""
