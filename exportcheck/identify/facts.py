"""The facts rules read: each named once, with how to read it from a description and its
subject, and whether the file gives it.

Matchers declare the facts they read (`Leaf.reads`); the engine remembers its decisions keyed
by the values of exactly those facts, and tests prove a matcher reads nothing it did not
declare. `needs_fact` asks for the facts that are `askable`.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from exportcheck.identify.identity import identity
from exportcheck.model.description import Item
from exportcheck.vocab.glossary import military

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from exportcheck.model.description import Description, Party, Subject

ITEMS = frozenset({"items"})
TRANSFERS = frozenset({"technologies", "services"})
EVERY = ITEMS | TRANSFERS


class Fact(Struct, frozen=True, eq=False):
    name: str
    meaning: str
    read: Callable[[Description, Any], object]
    """The fact's value, for keys: two subjects with equal values are alike to every test that
    reads only this fact."""
    whole: bool = False
    """A fact of the whole description (the scene around every subject), not of the subject."""
    subjects: frozenset[str] = EVERY
    """The kinds of subject that have it."""
    attribute: str | None = None
    """The item's attribute that is the fact as it stands, when one is (a faster key)."""


def _item(read: Callable[[Item], object]) -> Callable[[Description, Subject], object]:
    return lambda _, subject: read(subject) if isinstance(subject, Item) else None


def _components(item: Item) -> object:
    if item.components is None:
        return None
    return tuple(
        (
            c.description,
            c.origin,
            c.value,
            None if c.composition is None else c.composition.key(),
        )
        for c in item.components
    )


def _area(_: Description, subject: Subject) -> object:
    return None if isinstance(subject, Item) else (subject.area, subject.area_given)


FACTS: dict[str, Fact] = {
    f.name: f
    for f in (
        Fact(
            "description",
            "the subject's description",
            lambda _, s: s.description,
            attribute="description",
        ),
        Fact(
            "hs_code",
            "the item's HS code",
            _item(lambda i: i.hs_code),
            subjects=ITEMS,
            attribute="hs_code",
        ),
        Fact(
            "control_code",
            "the exporter's classification of the item",
            _item(lambda i: i.control_code),
            subjects=ITEMS,
            attribute="control_code",
        ),
        Fact(
            "origin",
            "the item's country of origin",
            _item(lambda i: i.origin),
            subjects=ITEMS,
            attribute="origin",
        ),
        Fact(
            "contains",
            "the item's composition: elements and materials by mass",
            _item(lambda i: None if i.composition is None else i.composition.key()),
            subjects=ITEMS,
        ),
        Fact(
            "form",
            "the item's form as the file states it (its description may also say it)",
            _item(lambda i: i.form),
            subjects=ITEMS,
            attribute="form",
        ),
        Fact(
            "parameters",
            "technical parameters (vocab.parameters)",
            lambda _, s: tuple(s.parameters.items()),
        ),
        Fact(
            "vehicle", "what a vehicle says of itself", _item(lambda i: i.vehicle), subjects=ITEMS
        ),
        Fact("components", "the item's components", _item(_components), subjects=ITEMS),
        Fact(
            "value",
            "the item's value, where its components give it a meaning (the value-share test)",
            _item(lambda i: None if i.components is None else i.value),
            subjects=ITEMS,
        ),
        Fact("area", "the area of a technology or service", _area, subjects=TRANSFERS),
        Fact("destination", "the destination country", lambda d, _: d.destination, whole=True),
        Fact(
            "parties",
            "the receiving parties (consignee, end user, recipient): countries, status, the "
            "military word a name holds (rules read no more of a name; screening reads names) "
            "and who owns them",
            lambda d, _: tuple(
                (p.path, p.country, p.military, military(p.name), p.owners) for p in receiving(d)
            ),
            whole=True,
        ),
        Fact("end_use", "the stated end use", lambda d, _: d.end_use, whole=True),
        Fact(
            "end_use_assessment",
            "the exporter's assessment of the end use for catch-alls",
            lambda d, _: d.end_use_assessment,
            whole=True,
        ),
        Fact(
            "end_user.military",
            "whether the end user is military",
            lambda d, _: None if d.end_user is None else d.end_user.military,
            whole=True,
        ),
        Fact(
            "exporter.country",
            "where the exporter is established",
            lambda d, _: d.exporter.country,
            whole=True,
        ),
    )
}
WHOLE = frozenset(name for name, f in FACTS.items() if f.whole)


def receiving(description: Description) -> tuple[Party, ...]:
    """The parties that receive what goes abroad: consignee, end user, recipient."""
    found = (description.consignee, description.end_user, description.recipient)
    return tuple(p for p in found if p is not None)


def key(names: Iterable[str], description: Description, subject: Subject) -> tuple[object, ...]:
    """The values of the named facts: what tests reading only them can tell of the subject."""
    return tuple(FACTS[name].read(description, subject) for name in names)


def item_key(names: Iterable[str]) -> Callable[[Description, Item], tuple[object, ...]]:
    """`key` for items, as one function made once per set of facts (the engine asks it of
    every line item): the plain attributes read at once, then the other facts."""
    chosen = [FACTS[name] for name in names]
    plain = [f.attribute for f in chosen if f.attribute is not None]
    others = tuple(f.read for f in chosen if f.attribute is None)
    get = operator.attrgetter(*plain) if plain else None

    def key(description: Description, item: Item) -> tuple[object, ...]:
        found = () if get is None else get(item)
        if len(plain) == 1:
            found = (found,)
        return (*found, *(read(description, item) for read in others))

    return key


def scene(names: Iterable[str], description: Description) -> tuple[object, ...]:
    """The values of the named facts of the whole description."""
    return tuple(FACTS[name].read(description, None) for name in names)


ASKABLE = (
    "control_code",
    "contains",
    "form",
    "hs_code",
    "parameters.<name>",
    "destination",
    "vehicle.<field>",
    "area",
)
"""The facts `needs_fact` may ask for, as the error message lists them."""


def given(field: str, description: Description, subject: Subject) -> bool:
    """Whether the file gives the fact (`parameters.<name>` and `vehicle.<field>` name one
    parameter or vehicle field)."""
    group, _, name = field.partition(".")
    if group == "destination":
        return description.destination is not None
    if group == "parameters":
        return name in subject.parameters
    if group == "area":
        return not isinstance(subject, Item) and subject.area is not None
    if not isinstance(subject, Item):
        return False
    if group == "vehicle":
        return subject.vehicle is not None and getattr(subject.vehicle, name) is not None
    if group == "control_code":
        return subject.control_code is not None
    if group == "hs_code":
        return subject.hs_code is not None
    if group == "form":
        return subject.form is not None or bool(identity(subject).forms)
    return subject.composition is not None  # contains
