"""The check of a description whose items are read one at a time (input.streamed): the verdict
`engine.Checker.check` gives, without holding the items or their findings.

The items are gone through once for the day (and once for each day ahead `upcoming` looks at).
Each item leaves a record: its position, its id and what the rules decided (`Decided`, shared by
the items whose facts read alike). Everything that needs the whole shipment is then done as the
engine does it: what the shipment holds, party screening, which parties a watch list concerns,
the lapse alternative. The item's findings and notes are worded from its record when they are
asked for (`Replayed`), each time the same: licences applied, the alternative's verdict and the
lapses a finding rests on set, ordered as the engine orders them.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple, TypeVar, overload

from exportcheck.check import licensing
from exportcheck.check.decisions import Decided, gather, outcome, resting, word
from exportcheck.check.engine import Checker, transferred
from exportcheck.identify import facts
from exportcheck.model.days import AS_OF
from exportcheck.model.verdict import Assumption, Finding, Level, Note, Verdict

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Iterator

    from exportcheck.model.description import Description, Item, LicenseType
    from exportcheck.rules.matchers.base import Outcome

    ItemSource = Callable[[], Iterable[Item]]
    """Each call goes through the description's items again, in order."""

T = TypeVar("T")


class _Record(NamedTuple):
    position: int
    item: str
    first: Decided
    then: Decided
    other: tuple[Decided, Decided] | None
    """Under the lapse alternative, where the item's decisions rest on a lapse (else the same)."""

    def pair(self, alternative: bool) -> tuple[Decided, Decided]:
        if alternative and self.other is not None:
            return self.other
        return self.first, self.then


class _Records:
    """The items' records, a few bytes each: which of the distinct decisions each item had
    (`array` of indexes) and its id (UTF-8, end to end in one buffer). A record is made again
    when it is gone through."""

    def __init__(self) -> None:
        self.decided: list[tuple[Decided, Decided, tuple[Decided, Decided] | None]] = []
        self._known: dict[tuple[int, ...], int] = {}
        self._which = array("L")
        self._ids = bytearray()
        self._ends = array("Q")

    def add(
        self, item: str, first: Decided, then: Decided, other: tuple[Decided, Decided] | None
    ) -> None:
        key = (id(first), id(then)) if other is None else (id(first), id(then), *map(id, other))
        which = self._known.get(key)
        if which is None:  # `decided` keeps them alive, so their ids stay theirs
            which = self._known[key] = len(self.decided)
            self.decided.append((first, then, other))
        self._which.append(which)
        self._ids += item.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._ids))

    def __len__(self) -> int:
        return len(self._which)

    def __iter__(self) -> Iterator[_Record]:
        decided, ids, start = self.decided, self._ids, 0
        for position, (which, end) in enumerate(zip(self._which, self._ends, strict=True), 1):
            item = ids[start:end].decode("utf-8", "surrogatepass")
            yield _Record(position, item, *decided[which])
            start = end


def check(
    checker: Checker,
    header: Description,
    items: ItemSource,
    as_of: dt.date,
    *,
    horizon: int = 0,
    as_of_from: str = AS_OF,
) -> Verdict:
    """`checker.check` of `header` with the items `items` gives, item by item."""
    day = _Day(checker, header, items, as_of)

    def judge(other: dt.date) -> tuple[Level, tuple[LicenseType, ...]]:
        then = _Day(checker, header, items, other)
        return then.level, then.license_types

    touched = day.touched
    return Verdict(
        file=header.file,
        reference=header.reference,
        as_of=as_of,
        level=day.level,
        license_types=day.license_types,
        findings=Replayed(day.counts[0], day.findings),
        notes=Replayed(day.counts[1], day.notes),
        rulesets=checker.infos,
        screening=day.main.summary,
        row=header.row,
        licenses_applied=day.applied,
        subjects=tuple((s.path, s.id, s.description) for s in day.main.transfers),
        as_of_from=as_of_from,
        reviewed=checker.reviewed,
        if_extended=None if day.other is None else day.other_level,
        assumption=checker.book.assumption,
        horizon=max(horizon, 0),
        upcoming=checker.ahead(as_of, horizon, touched, judge) if horizon > 0 else (),
    )


class _Side:
    """One book's view of the records (the checker's, or the lapse alternative's): what the
    technologies, services and parties give, and the parties a watch list concerns."""

    def __init__(
        self,
        checker: Checker,
        header: Description,
        as_of: dt.date,
        shipment: dict[str, Outcome],
        *,
        alternative: bool,
    ) -> None:
        self.header, self.as_of, self.alternative = header, as_of, alternative
        book = checker.book
        self.transfers = (*header.technologies, *header.services)
        findings: list[Finding] = []
        notes: list[Note] = []
        for kind, group in (("technologies", header.technologies), ("services", header.services)):
            for subject in group:
                decisions, held = transferred(header, subject, as_of, book.indexes[kind])
                word(decisions, subject.path, subject.id, findings, notes)
                gather(shipment, held)
        self.summary = None
        if book.entity_lists is not None:
            screened = checker.screen(header, as_of, shipment)
            findings.extend(screened.findings)
            notes.extend(screened.notes)
            self.summary = screened.summary
        self.watched = licensing.watched(findings, book)
        self.findings = [licensing.cover(f, header, as_of, self.watched) for f in findings]
        self.notes = notes

    def item_findings(self, record: _Record) -> list[Finding]:
        """An item's findings, licences applied, in the order the engine makes them."""
        first, then = record.pair(self.alternative)
        findings: list[Finding] = []
        path = f"items[{record.position}]"
        word(first.decisions, path, record.item, findings, None)
        word(then.decisions, path, record.item, findings, None)
        if not self.header.held_licenses:
            return findings
        header, as_of, watched = self.header, self.as_of, self.watched
        return [licensing.cover(f, header, as_of, watched) for f in findings]

    def item_notes(self, record: _Record) -> list[Note]:
        """An item's notes, in the order the engine makes them."""
        first, then = record.pair(self.alternative)
        notes: list[Note] = []
        path = f"items[{record.position}]"
        word(first.decisions, path, record.item, None, notes)
        word(then.decisions, path, record.item, None, notes)
        return notes


class _Sum(NamedTuple):
    """What an item's decisions add to the verdict, where no held licence can change them: the
    same for every item decided alike."""

    level: Level
    license_types: frozenset[LicenseType]
    lapses: tuple[tuple[str, dt.date], ...]
    rules: frozenset[str]
    findings: int
    notes: int

    @classmethod
    def of(cls, first: Decided, then: Decided) -> _Sum:
        decisions = (*first.decisions, *then.decisions)
        found = [d for d in decisions if d.level is not None]
        level = Level.NO_MATCH
        for d in found:
            level = _worse(level, d.level)  # type: ignore[arg-type]
        return cls(
            level,
            frozenset(
                d.rule.license
                for d in found
                if d.level is Level.LICENSE_REQUIRED and d.rule.license
            ),
            tuple(a for d in found for a in d.assumes),
            frozenset(d.rule.id for d in decisions),
            len(found),
            len(decisions) - len(found),
        )


class _Day:
    """The check as of one day: the records, and what the verdict over them is."""

    def __init__(
        self, checker: Checker, header: Description, items: ItemSource, as_of: dt.date
    ) -> None:
        book = checker.book
        lapsed = book.assumption is Assumption.LAPSED
        scenes = _scenes(checker, header)
        alternative: Checker | None = None
        other_scenes = scenes
        records = _Records()
        shipment: dict[str, Outcome] = {}
        rests = False
        for item in items():
            first, then = checker.decide_item(header, item, as_of, scenes)
            other = None
            if lapsed and _rests(first, then):
                # only a decision resting on a lapse differs under the alternative
                if alternative is None:
                    alternative = checker.extended()
                    other_scenes = _scenes(alternative, header)
                other = alternative.decide_item(header, item, as_of, other_scenes)
                rests = True
            records.add(item.id, first, then, other)
            gather(shipment, first.listed)
        self.records = records
        self.header = header
        self._sums: dict[tuple[int, int], _Sum] = {}
        self.main = _Side(checker, header, as_of, shipment, alternative=False)
        rests = rests or any(f.assumes for f in self.main.findings)
        rests = rests or any(n.assumes for n in self.main.notes)
        self.other: _Side | None = None
        if lapsed and rests:
            alternative = alternative or checker.extended()
            held: dict[str, Outcome] = {}
            for first, _, other in records.decided:  # in the order items first had them
                gather(held, (other or (first,))[0].listed)
            self.other = _Side(alternative, header, as_of, held, alternative=True)
        self._sum_up()
        self._sums.clear()
        self.ranks = {s.path: rank for rank, s in enumerate(self.main.transfers, len(records) + 1)}

    def _sum_up(self) -> None:
        """The verdict, licence types, licences used, rules touched and counts, and the lapses
        the findings rest on, gathered in the engine's order: the items first. Items decided
        alike add the same (`_Sum`), unless a held licence may cover one and not another."""
        applied: dict[str, None] = {}
        touched: set[str] = set()
        lapses: dict[tuple[str, dt.date], None] = {}
        needed: set[LicenseType] = set()
        level = other_level = Level.NO_MATCH
        counts = [0, 0]

        def count(findings: list[Finding]) -> None:
            nonlocal level
            for f in findings:
                if f.covered_by is not None:
                    applied[f.covered_by.number] = None
                lapses.update(dict.fromkeys(f.assumes))
            found, types = outcome(findings)
            level = _worse(level, found)
            needed.update(types)

        other, main = self.other, self.main
        held = bool(self.header.held_licenses)
        for record in self.records:
            this = self._summed(record.first, record.then)
            touched.update(this.rules)
            counts[0] += this.findings
            counts[1] += this.notes
            if held:
                count(main.item_findings(record))
            else:
                level = _worse(level, this.level)
                needed.update(this.license_types)
                lapses.update(dict.fromkeys(this.lapses))
            if other is None:
                continue
            if held:
                found = outcome(other.item_findings(record))[0]
            else:
                found = self._summed(*record.pair(alternative=True)).level
            other_level = _worse(other_level, found)
        count(main.findings)
        touched.update(f.rule for f in main.findings)
        touched.update(n.rule for n in main.notes)
        counts[0] += len(main.findings)
        counts[1] += len(main.notes)
        if other is not None:
            other_level = _worse(other_level, outcome(other.findings)[0])
        self.level, self.other_level = level, other_level
        self.license_types = tuple(sorted(needed, key=lambda lic: lic.value))
        self.applied = tuple(applied)
        self.touched = touched
        self.lapses = tuple(lapses)
        self.counts = (counts[0], counts[1])

    def _summed(self, first: Decided, then: Decided) -> _Sum:
        key = (id(first), id(then))  # the records keep both alive
        found = self._sums.get(key)
        if found is None:
            found = self._sums[key] = _Sum.of(first, then)
        return found

    def findings(self) -> Iterator[Finding]:
        """Every finding in the engine's order: the parties', each item's, then the
        technologies' and services'."""
        other = self.other
        rest = self.main.findings
        if other is not None:
            rest = resting(rest, other.findings, self.lapses)
        rest = sorted(rest, key=lambda f: (self._rank(f.subject), -f.level.rank, f.rule))
        yield from (f for f in rest if not self._rank(f.subject))
        held = bool(self.header.held_licenses)
        for record in self.records:
            found = self.main.item_findings(record)
            if other is not None and (held or record.other is not None):
                # (else the alternative decided the item alike, on no lapse: nothing to say)
                found = resting(found, other.item_findings(record), self.lapses)
            found.sort(key=lambda f: (-f.level.rank, f.rule))
            yield from found
        yield from (f for f in rest if self._rank(f.subject))

    def notes(self) -> Iterator[Note]:
        """Every note in the engine's order, as `findings`."""
        rest = sorted(self.main.notes, key=lambda n: (self._rank(n.subject), n.rule, n.kind.value))
        yield from (n for n in rest if not self._rank(n.subject))
        for record in self.records:
            notes = self.main.item_notes(record)
            notes.sort(key=lambda n: (n.rule, n.kind.value))
            yield from notes
        yield from (n for n in rest if self._rank(n.subject))

    def _rank(self, subject: str) -> int:
        """A technology's or service's place after the items; 0 for a party."""
        return self.ranks.get(subject, 0)


def _worse(a: Level, b: Level) -> Level:
    return b if b.rank > a.rank else a


def _scenes(checker: Checker, header: Description) -> tuple[tuple[object, ...], tuple[object, ...]]:
    indexes = checker.book.indexes
    goods, dependent = indexes["goods"], indexes["dependent"]
    return facts.scene(goods.scene, header), facts.scene(dependent.scene, header)


def _rests(first: Decided, then: Decided) -> bool:
    return any(d.assumes for d in first.decisions) or any(d.assumes for d in then.decisions)


class Replayed(Sequence[T]):
    """A verdict's findings or notes, worded again each time they are gone through (a big
    description's would otherwise be held whole); `len` is known without wording them."""

    def __init__(self, count: int, make: Callable[[], Iterator[T]]) -> None:
        self._count = count
        self._make = make

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[T]:
        return self._make()

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return tuple(self)[index]
        if index < 0:
            index += self._count
        found = next(islice(self._make(), index, None), None) if index >= 0 else None
        if found is None:
            raise IndexError(index)
        return found
