"""The base of the closed vocabularies (verdict levels, licence types, truths, areas, ...)."""

from __future__ import annotations

import enum


class Vocabulary(enum.Enum):
    """An enum whose members hash by identity. Members are singletons compared by identity, so
    this is the same equality, but hashing runs in C instead of `Enum.__hash__`'s Python: the
    engine's memory keys and the run's tallies hash members millions of times."""

    __hash__ = object.__hash__
