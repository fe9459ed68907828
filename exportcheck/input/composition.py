"""`contains`: an item's composition by mass, read into element shares.

A key is, in this order:
* a share left open: `other`, `rest`, `impurities`, `其他`, `余量` (its share is unknown);
* an element, by symbol or name in any case, width or language the glossary knows (`Dy`,
  `Ｄｙ`, `dysprosium`, `Dysprosium`, `镝`, `ジスプロシウム`);
* a compound by formula (`Dy2O3`, `LiFePO4`, `(NH4)10H2W12O42·4H2O`) or by name
  (`dysprosium oxide`, `氧化镝`, `lithium iron phosphate`): converted to element shares by
  stoichiometry, and the conversion is recorded (reasons show it);
* a family whose shares vary (`NdFeB`, `DyFe80`, `钕铁硼`): its elements are present, in shares
  the file does not give, so its share counts as unknown;
* otherwise a material in free text (`cotton`, `epoxy resin`); but a key that looks chemical
  and is none of the above (a misspelt element, an unknown formula) is an error with a hint,
  because it would otherwise slip past every element rule.

A value is a mass percentage (`99.9`, `99.9 %`), or `balance` (`bal`, `rest`, `余量`): what the
other shares leave. The shares may not add up to more than 100 %. What they leave below 100 %
(a point or more: less is rounding) is unknown, unless the item says `composition_complete:
true`.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from exportcheck.errors import key_path
from exportcheck.input.fields import describe
from exportcheck.model.description import Composition, Conversion
from exportcheck.vocab import elements, formulas, safe
from exportcheck.vocab.glossary import WordKind, find, term_formula
from exportcheck.vocab.text import digits as ascii_digits
from exportcheck.vocab.text import fold

if TYPE_CHECKING:
    from collections.abc import Iterable

    from exportcheck.errors import Mark
    from exportcheck.input.convert import Entry
    from exportcheck.input.fields import Reader

HUNDRED = Decimal(100)
ROUNDING = Decimal(1)
"""Shares above 99 % make a complete composition: less than a point is rounding; a whole point
(99 %) could be a listed element, so it stays unknown."""
OPEN_KEYS = frozenset(
    {"other", "others", "rest", "balance", "remainder", "impurities", "impurity", "unspecified",
     "unknown", "misc", "sonstige", "sonstiges", "autres", "reste", "其他", "其它",
     "余量", "杂质", "その他", "기타"}
)  # fmt: skip
BALANCE = frozenset({"balance", "bal", "bal.", "rest", "remainder", "余量", "rest.", "reste"})
_SHARE_PLACES = Decimal("0.0001")


class _Reading:
    """A composition as its entries are read."""

    def __init__(self) -> None:
        self.elements: dict[str, Decimal] = {}
        self.materials: dict[str, Decimal] = {}
        self.present: set[str] = set()
        self.converted: list[Conversion] = []
        self.stated = Decimal(0)
        self.unknown = Decimal(0)
        self.spelled: dict[str, str] = {}


def _number(reader: Reader, raw: str, mark: Mark | None, path: str) -> Decimal | None:
    if not raw.isascii():
        raw = ascii_digits(unicodedata.normalize("NFKC", raw))
    text = raw.strip().removesuffix("%").strip()
    return reader.number(
        text, mark, path, minimum=Decimal(0), maximum=HUNDRED, what="a mass percentage 0-100"
    )


@lru_cache(maxsize=4096)
def _element(key: str) -> str | None:
    """The element a key names, in any language the glossary knows."""
    symbol = elements.symbol_of(fold(key))
    if symbol is not None:
        return symbol
    written = unicodedata.normalize("NFKC", key).strip()
    if written in elements.NAMES:
        return written
    words = find(key)
    if len(words) == 1 and words[0].kind is WordKind.ELEMENT:
        return words[0].means
    return None


@lru_cache(maxsize=4096)
def _formula(key: str) -> formulas.Formula | None:
    """The formula a key is, or stands for (`dysprosium oxide` is Dy2O3)."""
    written = unicodedata.normalize("NFKC", key).strip().replace(" ", "")
    found = formulas.parse(written)
    if found is not None:
        return found
    words = find(key)
    symbols = {w.means for w in words if w.kind is WordKind.ELEMENT}
    kinds = {w.means for w in words if w.kind is WordKind.FORM}
    if len(symbols) == 1 and kinds == {"oxide"}:
        oxide = formulas.OXIDES.get(next(iter(symbols)))
        return None if oxide is None else formulas.parse(oxide)
    terms = [w for w in words if w.kind is WordKind.TERM]
    if len(terms) == 1:
        return term_formula(terms[0].means)
    return None


@lru_cache(maxsize=4096)
def _material(key: str) -> bool:
    """Whether the whole key is an ordinary material the glossary names (`cotton`, `steel`,
    `cast iron`, whose `iron` is part of the material's name): no misspelt element, so not
    compared with the elements' names."""
    whole = " ".join(fold(key).split())
    return any(w.kind is WordKind.MATERIAL and w.written == whole for w in find(key))


@lru_cache(maxsize=4096)
def _misspelt(key: str) -> str | None:
    """The element a key that is not one misspells, as the name to suggest: the whole key
    (`dysprosum`), or one of its words (`galium steel` must not pass as a material)."""
    found = elements.lookup(key).suggestion
    if found is not None:
        return found
    for word in fold(key).split():
        if len(word) >= 5 and word.isalpha() and elements.symbol_of(word) is None:
            symbol = elements.misspelt(word)
            if symbol is not None:
                return elements.name_of(symbol)
    return None


@lru_cache(maxsize=4096)
def _looks_chemical(key: str) -> bool:
    written = unicodedata.normalize("NFKC", key)
    if any(w.kind in (WordKind.ELEMENT, WordKind.TERM) for w in find(key)):
        return True
    letters = [c for c in written if c.isalpha()]
    return any(c.isdigit() for c in written) and any(c.isupper() for c in letters)


def _entry(
    reader: Reader, reading: _Reading, key: str, share: Decimal, *, at: tuple[Mark | None, str]
) -> None:
    mark, field = at
    folded = fold(key)
    if folded in OPEN_KEYS:
        reading.unknown += share
        return
    symbol = _element(key)
    if symbol is not None:
        if symbol in reading.spelled:
            name = elements.name_of(symbol)
            reader.error(
                mark, field, f"{name} is already given as {safe.clip(reading.spelled[symbol])!r}"
            )
            return
        reading.spelled[symbol] = key
        reading.elements[symbol] = reading.elements.get(symbol, Decimal(0)) + share
        reading.stated += share
        return
    formula = _formula(key)
    if formula is not None:
        shares = formulas.shares(formula)
        if shares is None:
            reading.present.update(formula.symbols)
            reading.unknown += share
            reading.converted.append(Conversion(key, formula.written, (), formula.symbols))
            return
        parts = tuple(
            (s, (share * part / HUNDRED).quantize(_SHARE_PLACES)) for s, part in shares.items()
        )
        for s, part in parts:
            reading.elements[s] = reading.elements.get(s, Decimal(0)) + part
        reading.stated += share
        reading.converted.append(Conversion(key, formula.written, parts))
        return
    material = _material(key)
    suggestion = None if material else _misspelt(key)
    if suggestion is not None:
        reader.error(
            mark, field, f"unknown element {safe.clip(key)!r}; did you mean {suggestion!r}?"
        )
        return
    if not material and _looks_chemical(key):
        reader.error(
            mark,
            field,
            f"{safe.clip(key)!r} is not an element, formula or compound this tool knows; write its "
            "elements (Dy: 87.1, O: 12.9), a formula (Dy2O3), or a material name without "
            "element names",
        )
        return
    reading.materials[folded] = share
    reading.stated += share


def read(
    reader: Reader,
    entries: Iterable[Entry],
    path: str,
    mark: Mark | None,
    *,
    complete: bool = False,
) -> Composition | None:
    """The composition of `contains` entries (see the module's doc); None when it has none."""
    reading = _Reading()
    balance: tuple[str, Mark | None, str] | None = None
    for key, raw, key_mark, value_mark in entries:
        field = key_path(path, key)
        if not isinstance(raw, str):
            reader.error(value_mark, field, f"expected a mass percentage, found {describe(raw)}")
            continue
        if fold(raw) in BALANCE:
            if balance is not None:
                reader.error(value_mark, field, f"only one share can be the balance ({balance[0]})")
            balance = (key, key_mark or value_mark, field)
            continue
        share = _number(reader, raw, value_mark, field)
        if share is not None:
            _entry(reader, reading, key, share, at=(key_mark or value_mark, field))
    total = reading.stated + reading.unknown
    if balance is not None and total <= HUNDRED:
        _entry(reader, reading, balance[0], HUNDRED - total, at=(balance[1], balance[2]))
        total = HUNDRED
    if total > HUNDRED:
        reader.error(mark, path, f"shares add up to {total}%, more than 100%")
    if not (reading.spelled or reading.materials or reading.converted or reading.unknown):
        return None  # `contains: {}` says nothing
    unstated = HUNDRED - reading.stated
    if complete or reading.stated > HUNDRED - ROUNDING:
        unstated = Decimal(0)
    return Composition(
        elements=reading.elements,
        materials=reading.materials,
        unstated=max(unstated, Decimal(0)),
        present=frozenset(reading.present),
        converted=tuple(reading.converted),
    )
