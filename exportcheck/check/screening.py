"""End-user screening: the parties of a description against MOFCOM's entity lists.

Names are normalised (vocab.names: case, width, accents, punctuation, `&`, legal forms such as
Co., Ltd., Inc., GmbH, 株式会社, and the words and/of/the are dropped), read in every way they may
stand for an entity (without a parenthesised or trailing address, the parenthesised name) and
compared with every entry's name and aliases by rapidfuzz's token-sort ratio (0-100, word order
ignored), and without spaces (Tech Insights is TechInsights). A name read one of its ways as
an entry's (a score of `SURE`, 100) is that entity. Any other score from `NEAR` (75) up is a
`review` finding with its score for the user to confirm (never silently dropped): from `MATCH`
(90) "close" (a letter apart, a word added: it may be the entity), below it a near match; the
party's `distinct_from` clears either. An exact name the party's `distinct_from` names is a
`review` finding, not a note (the file's word alone does not clear the listed name itself).
What a hit means is the rule for parties of the entry's listing measure, in the rule book like
any rule (rulesets/lists/): on the Control List, `prohibited` when the shipment holds a
dual-use item and `review` when that is undecided or none was found (the hit must still be
cleared); on the Watch List `review` (no general licence); on the Unreliable Entity List
`prohibited`.

Listings before their date give nothing; lifted or suspended listings give notes. While a
listing binds, a hit is read by other measures' rules for parties too (lists.EntityLists.also:
No. 61 of 2025 on Control and Watch List importers and end users); those that reach companies
a listed entity owns read hits on the owners a receiving party states (`consignee.owners[1]`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from msgspec import Struct

from exportcheck.model.description import Party
from exportcheck.model.evidence import Basis, Form
from exportcheck.model.verdict import CautionKind, Finding, Level, Note, NoteKind, Screening
from exportcheck.rules.entities import Hit
from exportcheck.rules.lists import OWNED
from exportcheck.rules.matchers.base import Context, Truth
from exportcheck.rules.matchers.entity_list import MATCH, SURE, EntityList
from exportcheck.rules.window import Status
from exportcheck.vocab.names import normalise, variants

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from exportcheck.model.description import Description
    from exportcheck.rules.book import RuleBook
    from exportcheck.rules.lists import EntityLists
    from exportcheck.rules.matchers.base import Outcome
    from exportcheck.rules.model import Rule

T = TypeVar("T")

NEAR = 75.0
"""Score from which a name is reported as a near miss."""


class Screened(Struct, frozen=True):
    findings: tuple[Finding, ...]
    notes: tuple[Note, ...]
    summary: Screening


def parties(description: Description) -> list[Party]:
    named = (
        description.exporter,
        description.consignee,
        description.end_user,
        description.recipient,
    )
    return [p for p in named if p]


def screen(
    description: Description, book: RuleBook, as_of: dt.date, shipment: Mapping[str, Outcome]
) -> Screened:
    """Screen every named party; `shipment` is what the shipment holds, by tag."""
    lists = book.entity_lists
    assert lists is not None
    findings: list[Finding] = []
    notes: list[Note] = []
    screened = parties(description)
    for party in screened:
        for index, score in _ranked(party.name, lists):
            entry = lists.entries[index]
            rule = lists.rules[entry.measure]
            measure = rule.measure
            assert measure.listing is not None
            hit = Hit(entry, measure.listing, measure.title, measure.effective, score)
            ctx = Context(description, party, as_of, shipment, hit)
            result = _judge(rule, ctx)
            if isinstance(result, Finding):
                near = result.score is not None and result.score < MATCH
                if near and any(
                    f.subject == result.subject and f.rule == result.rule for f in findings
                ):
                    continue  # the best near match per party and list stands for the rest
                findings.append(result)
            elif result is not None:
                notes.append(result)
            if score >= SURE and rule.status(as_of).status is Status.IN_FORCE:
                findings.extend(_also(lists.also, ctx))
        for owner in _owners(party):
            for index, score in _ranked(owner.name, lists):
                entry = lists.entries[index]
                rule = lists.rules[entry.measure]
                if score < MATCH or rule.status(as_of).status is not Status.IN_FORCE:
                    continue
                measure = rule.measure
                assert measure.listing is not None
                hit = Hit(entry, measure.listing, measure.title, measure.effective, score)
                ctx = Context(description, owner, as_of, shipment, hit)
                findings.extend(_also([r for r in lists.also if OWNED in r.tags], ctx))
    entries, announced = _counted(lists, as_of)
    summary = Screening(
        parties=tuple(p.path for p in screened),
        entries=entries,
        announced=announced,
        lists_as_of=min(lists.as_of, as_of),
        threshold=MATCH,
        hits=len(findings),
    )
    return Screened(tuple(findings), tuple(notes), summary)


class _Memory(Generic[T]):
    """What was worked out from a book's entity lists, by the lists (held, and compared by
    identity) and a key; at most `bound` values, then it starts afresh."""

    def __init__(self, bound: int) -> None:
        self.bound = bound
        self.known: dict[tuple[object, ...], tuple[EntityLists, T]] = {}

    def get(self, lists: EntityLists, key: tuple[object, ...], make: Callable[[], T]) -> T:
        where = (id(lists), *key)
        known = self.known.get(where)
        if known is not None and known[0] is lists:
            return known[1]
        if len(self.known) >= self.bound:
            self.known.clear()
        value = make()
        self.known[where] = (lists, value)
        return value


_COUNTED: _Memory[tuple[int, int]] = _Memory(1_024)


def _counted(lists: EntityLists, as_of: dt.date) -> tuple[int, int]:
    """How many entries the lists hold on the day, and how many of them were announced (the
    same for every description checked on that day: counted once)."""
    return _COUNTED.get(lists, (as_of,), lambda: _count(lists, as_of))


def _count(lists: EntityLists, as_of: dt.date) -> tuple[int, int]:
    listed = {m.id for m in lists.measures if m.window.state(as_of).status is not Status.NOT_YET}
    entries = sum(1 for e in lists.entries if e.measure in listed)
    announced = sum(m.listing.announced for m in lists.measures if m.id in listed and m.listing)
    return entries, announced


def clean(name: str, lists: EntityLists) -> bool:
    """Whether no entry of the lists scores NEAR or more against the name, read in any of its
    ways (a party so named can give no finding and no note)."""
    return not _scores(name, lists)


def _ranked(name: str, lists: EntityLists) -> list[tuple[int, float]]:
    """The entries a name scores NEAR or more against, best first."""
    return sorted(_scores(name, lists).items(), key=lambda kv: (-kv[1], kv[0]))


def _owners(party: Party) -> list[Party]:
    """The owners a party states, each screened as `<party>.owners[n]` in its party's role."""
    return [
        Party(f"{party.path}.owners[{n}]", name, None, party.military)
        for n, name in enumerate(party.owners or (), start=1)
    ]


def _also(rules: Iterable[Rule], ctx: Context) -> list[Finding]:
    """What other measures' rules for parties make of a binding hit (lists.EntityLists.also):
    their findings only (a rule that does not apply, or is suspended, says nothing here)."""
    found = []
    for rule in rules:
        if rule.status(ctx.as_of).status is not Status.IN_FORCE:
            continue
        result = _judge(rule, ctx)
        if isinstance(result, Finding):
            found.append(result)
    return found


_SCORED: _Memory[dict[int, float]] = _Memory(65_536)
"""Scores by list and party name: a manifest names the same parties on many rows."""


def _scores(name: str, lists: EntityLists) -> dict[int, float]:
    """`_scored`, remembered per list and name."""
    return _SCORED.get(lists, (name,), lambda: _scored(name, lists))


def _scored(name: str, lists: EntityLists) -> dict[int, float]:
    """Best score per entry over its name and aliases, from NEAR up, for every way the party's
    name may be read (vocab.names.variants), also with the spaces taken out of both. The
    token-sort ratio is the plain ratio of the words sorted, so the keys' words are sorted
    once (`_Keys`), not at every comparison (tests compare the scores with rapidfuzz's
    token_sort_ratio)."""
    best: dict[int, float] = {}
    # rapidfuzz is imported here, not at the top: a check with no party never loads it. (A
    # pure-Python bound that spared the import cost more than the import once the lists held
    # every named entity: 274 entries, some 1,300 keys.)
    from rapidfuzz import fuzz, process  # noqa: PLC0415 (only when a party is screened)

    keys = _keys(lists)
    for query in variants(name):
        found = [
            # spacing finds matches (Tech Insights), not near ones
            *keys.sorted.extract(sorted_words(query), NEAR, process.extract, fuzz.ratio),
            *keys.joined.extract(query.replace(" ", ""), MATCH, process.extract, fuzz.ratio),
        ]
        for score, position in found:
            if score < MATCH and not _alike(query, lists.keys[position]):
                continue
            owner = lists.owners[position]
            best[owner] = max(best.get(owner, 0.0), round(float(score), 1))
    return best


GENERIC = frozenset(
    {"heavy", "industries", "industry", "industrial", "technology", "technologies", "tech",
     "group", "international", "holdings", "holding", "systems", "system", "electric",
     "electronics", "materials", "aerospace", "aviation", "defense", "defence", "engineering",
     "research", "institute", "university", "laboratory", "machinery", "equipment",
     "manufacturing", "solutions", "services", "global", "america", "american", "japan",
     "china", "usa", "us", "trading", "products", "energy", "power", "general", "national",
     "advanced", "applied", "science", "sciences", "security", "enterprises", "operations"}
)  # fmt: skip
"""Words many entities' names share: a name resembles a listed one only if the words that
set each apart resemble too (Sumitomo Heavy Industries is not Mitsubishi Heavy Industries)."""


def _alike(query: str, key: str) -> bool:
    from rapidfuzz import fuzz  # noqa: PLC0415 (imported by the caller already)

    mine = " ".join(w for w in query.split() if w not in GENERIC) or query
    theirs = " ".join(w for w in key.split() if w not in GENERIC) or key
    return fuzz.token_set_ratio(mine, theirs) >= NEAR


def sorted_words(text: str) -> str:
    """The words of `text` in sorted order, as rapidfuzz's token_sort_ratio compares them."""
    return " ".join(sorted(text.split()))


class _ByLength:
    """Keys as one scorer compares them, in order of length: a ratio of two texts is at most
    200 * shorter / (sum of lengths), so a cutoff leaves only the keys of lengths near the
    query's to score (the ratio the scorer gives the others would be below it)."""

    def __init__(self, keys: list[str]) -> None:
        order = sorted(range(len(keys)), key=lambda n: len(keys[n]))
        self.keys = [keys[n] for n in order]
        self.lengths = [len(key) for key in self.keys]
        self.positions = order
        """Each key's position in the lists' keys."""

    def window(self, length: int, cutoff: float) -> tuple[int, int]:
        """The span of keys that may score `cutoff` or more against a query of `length`
        (widened by one each way: it may hold more, never fewer)."""
        shortest = math.floor(cutoff * length / (200 - cutoff)) - 1
        longest = math.ceil(length * (200 - cutoff) / cutoff) + 1
        lengths = self.lengths
        return bisect.bisect_left(lengths, shortest), bisect.bisect_right(lengths, longest)

    def extract(
        self, query: str, cutoff: float, extract: Callable[..., Any], scorer: Callable[..., Any]
    ) -> list[tuple[float, int]]:
        """(score, position in the lists' keys) of each key scoring `cutoff` or more."""
        start, end = self.window(len(query), cutoff)
        chosen = self.keys[start:end]
        found = extract(query, chosen, scorer=scorer, score_cutoff=cutoff, limit=None)
        positions = self.positions
        return [(score, positions[start + at]) for _, score, at in found]


class _Keys(NamedTuple):
    """The lists' keys as the scorers compare them, made once per rule book."""

    sorted: _ByLength
    """Each key's words sorted."""
    joined: _ByLength
    """Each key without its spaces."""


_KEYS: _Memory[_Keys] = _Memory(8)  # a run has a book or two (the alternative of --assume)


def _keys(lists: EntityLists) -> _Keys:
    return _KEYS.get(
        lists,
        (),
        lambda: _Keys(
            _ByLength([sorted_words(key) for key in lists.keys]),
            _ByLength([key.replace(" ", "") for key in lists.keys]),
        ),
    )


def _judge(rule: Rule, ctx: Context) -> Finding | Note | None:
    """What a party's hit on an entry means on the day, by the rule of the entry's listing."""
    hit, party = ctx.hit, ctx.subject
    assert hit is not None
    assert isinstance(party, Party)
    state = rule.status(ctx.as_of)
    if state.status is Status.NOT_YET:
        return None
    test = next((leaf for leaf in rule.trigger.leaves() if isinstance(leaf, EntityList)), None)
    if test is None or rule.trigger.truth(ctx) is not Truth.TRUE:
        return None
    measure = rule.measure
    cleared = {normalise(n) for n in party.distinct_from}
    disputed = bool(cleared & {normalise(n) for n in hit.entry.names})
    sure = hit.score >= SURE
    if disputed and not sure:
        basis = Basis(Form.NEAR, rule.title, (test.match(ctx, "cleared"),))
        return Note(rule.id, measure.id, party.path, NoteKind.NEAR_MATCH, basis)
    # a listing that has ended or is suspended binds no one: a note, for a near match too
    how = "matched" if sure else "close" if hit.score >= MATCH else "resembles"
    match = test.match(ctx, how)
    if state.status is Status.ENDED:
        basis = Basis(
            Form.LISTING_ENDED, rule.title, (match,), measure=measure.title, until=rule.window.ends
        )
        return Note(rule.id, measure.id, party.path, NoteKind.NOT_IN_FORCE, basis)
    suspension = state.suspension
    if suspension is not None:
        basis = Basis(
            Form.LISTING_SUSPENDED,
            rule.title,
            (match,),
            measure=measure.title,
            since=suspension.start,
            until=suspension.end,
            by=suspension.title,
            assumed_extended=suspension.extended,
        )
        assumes = ((suspension.by, suspension.end),) if suspension.extended else ()
        return Note(rule.id, measure.id, party.path, NoteKind.SUSPENDED, basis, assumes)
    if disputed or not sure:
        # A name that resembles a listed entity is for the user to clear, never silence.
        return Finding(
            rule=rule.id,
            measure=measure.id,
            subject=party.path,
            item=None,
            level=Level.REVIEW,
            license=None,
            control_code=None,
            basis=Basis(Form.NEAR, rule.title, (test.match(ctx, "disputed" if disputed else how),)),
            source=hit.entry.source,
            caution=_caution(state.cautions, hit),
            missing=(),
            score=hit.score,
            caution_kinds=_kinds(state.caution_kinds, hit),
        )
    condition = rule.condition.evaluate(ctx) if rule.condition else None
    truth = Truth.TRUE if condition is None else condition.truth
    level = {Truth.TRUE: rule.level, Truth.UNKNOWN: Level.REVIEW, Truth.FALSE: rule.otherwise}[
        truth
    ]
    if level is None:
        return None
    evidence = (test.match(ctx), *(condition.evidence if condition else ()))
    return Finding(
        rule=rule.id,
        measure=measure.id,
        subject=party.path,
        item=None,
        level=level,
        license=rule.license,
        control_code=rule.control_code,
        basis=Basis(Form.LISTED, rule.title, evidence, detail=test.country(ctx)),
        source=hit.entry.source if measure.listing is not None else rule.cited,
        caution=_caution(state.cautions, hit),
        missing=(),
        assumes=state.lapsed,
        score=hit.score,
        caution_kinds=_kinds(state.caution_kinds, hit),
    )


def _caution(cautions: tuple[str, ...], hit: Hit) -> str | None:
    """The listing's cautions on the day, and the entry's own doubt: a hit on an entry that a
    single secondary source names says so."""
    unconfirmed = hit.entry.unconfirmed
    doubt = (f"This entry is UNCONFIRMED: {unconfirmed}",) if unconfirmed else ()
    return " ".join((*cautions, *doubt)) or None


def _kinds(kinds: tuple[CautionKind, ...], hit: Hit) -> tuple[CautionKind, ...]:
    """The kinds of `_caution`'s parts."""
    if hit.entry.unconfirmed and CautionKind.SOURCE_UNCONFIRMED not in kinds:
        return (*kinds, CautionKind.SOURCE_UNCONFIRMED)
    return kinds
