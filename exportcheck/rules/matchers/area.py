"""`area: [...]`: the area of a technology or service (given, or classified from its
description; see vocab.areas). UNKNOWN when neither settles it, naming `<subject>.area`; UNKNOWN
too when the given area and the one the description reads as fall on either side of the test
(`area: other` for "Rare earth separation process"): a given area does not clear what the
description places under a rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from exportcheck.model.description import Item
from exportcheck.model.evidence import Missing
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab.areas import Area, classify

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Subject
    from exportcheck.rules.matchers.base import Anchor

AREAS = {a.value: a for a in Area}


class AreaIs(Leaf, frozen=True, eq=False):
    areas: tuple[Area, ...]
    name = "area"
    subjects = frozenset({"technologies", "services"})
    reads = frozenset({"area", "description"})
    wording: ClassVar[Mapping[str, str]] = {
        "given": "area {0}",
        "classified": "classified from the description as {0}",
    }

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> AreaIs | None:
        names = reader.strings(arg, mark, path)
        if names is None:
            return None
        bad = [n for n in names if n not in AREAS]
        if bad:
            reader.error(mark, path, f"unknown area {', '.join(bad)} (known: {', '.join(AREAS)})")
            return None
        return cls(tuple(AREAS[n] for n in names))

    def evaluate(self, ctx: Context) -> Outcome:
        subject = ctx.described
        assert not isinstance(subject, Item)
        if subject.area is None:
            return Outcome(Truth.UNKNOWN, missing=(Missing("area"),))
        how = "given" if subject.area_given else "classified"
        truth = Truth.TRUE if subject.area in self.areas else Truth.FALSE
        read = _read(subject)
        if read is not None and (read in self.areas) is not (truth is Truth.TRUE):
            doubt = (
                f"the description reads as {read.value}, the area given is "
                f"{subject.area.value}: correct the one that is wrong"
            )
            return Outcome(Truth.UNKNOWN, missing=(Missing("area", doubt=doubt, opens=True),))
        return Outcome(truth, (self.said(how, subject.area.value),))

    def may_open(self, ctx: Context) -> bool:
        """A doubt between the given area and the description's opens the rule (it is asked)."""
        return _read(ctx.described) is not None

    def anchors(self) -> frozenset[Anchor] | None:
        return frozenset(("area", a.value) for a in self.areas)

    @classmethod
    def signals(cls, subject: Subject, listed: Mapping[str, Outcome]) -> Iterable[Anchor]:
        if isinstance(subject, Item) or subject.area is None:
            return ()
        read = _read(subject)
        shown = (subject.area,) if read is None else (subject.area, read)
        return tuple(("area", a.value) for a in shown)

    def explain(self) -> str:
        return "area " + " or ".join(a.value for a in self.areas)


def _read(subject: Subject) -> Area | None:
    """The area the description reads as, where it differs from the one the file gives."""
    if isinstance(subject, Item) or not subject.area_given:
        return None
    read = classify(subject.description)
    return read if read is not None and read is not subject.area else None
