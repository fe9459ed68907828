"""Chemical elements by name or symbol, any case, with "did you mean" for misspellings.

A `contains` key is an element when it is an element's symbol or name (British or American
spelling); a key close to an element name (`dysprosum`) is an error, because a misspelt element
would otherwise be read as an unknown material and slip past every element rule; anything else
(`cotton`, `steel`, `NdFeB`) is a free-text material.
"""

from __future__ import annotations

from functools import cache

from msgspec import Struct

_TABLE = """
H hydrogen|He helium|Li lithium|Be beryllium|B boron|C carbon|N nitrogen|O oxygen|F fluorine|
Ne neon|Na sodium|Mg magnesium|Al aluminium|Si silicon|P phosphorus|S sulfur|Cl chlorine|
Ar argon|K potassium|Ca calcium|Sc scandium|Ti titanium|V vanadium|Cr chromium|Mn manganese|
Fe iron|Co cobalt|Ni nickel|Cu copper|Zn zinc|Ga gallium|Ge germanium|As arsenic|Se selenium|
Br bromine|Kr krypton|Rb rubidium|Sr strontium|Y yttrium|Zr zirconium|Nb niobium|Mo molybdenum|
Tc technetium|Ru ruthenium|Rh rhodium|Pd palladium|Ag silver|Cd cadmium|In indium|Sn tin|
Sb antimony|Te tellurium|I iodine|Xe xenon|Cs caesium|Ba barium|La lanthanum|Ce cerium|
Pr praseodymium|Nd neodymium|Pm promethium|Sm samarium|Eu europium|Gd gadolinium|Tb terbium|
Dy dysprosium|Ho holmium|Er erbium|Tm thulium|Yb ytterbium|Lu lutetium|Hf hafnium|Ta tantalum|
W tungsten|Re rhenium|Os osmium|Ir iridium|Pt platinum|Au gold|Hg mercury|Tl thallium|Pb lead|
Bi bismuth|Po polonium|At astatine|Rn radon|Fr francium|Ra radium|Ac actinium|Th thorium|
Pa protactinium|U uranium|Np neptunium|Pu plutonium|Am americium|Cm curium|Bk berkelium|
Cf californium|Es einsteinium|Fm fermium|Md mendelevium|No nobelium|Lr lawrencium|
Rf rutherfordium|Db dubnium|Sg seaborgium|Bh bohrium|Hs hassium|Mt meitnerium|Ds darmstadtium|
Rg roentgenium|Cn copernicium|Nh nihonium|Fl flerovium|Mc moscovium|Lv livermorium|
Ts tennessine|Og oganesson
"""

ALIASES = {"aluminum": "Al", "cesium": "Cs", "sulphur": "S", "wolfram": "W"}
"""Other English names of elements."""

NAMES: dict[str, str] = {}
"""Symbol -> English name."""
_BY_KEY: dict[str, str] = {}
"""Lower-case symbol or name -> symbol."""

for _entry in _TABLE.replace("\n", "").split("|"):
    _symbol, _name = _entry.split()
    NAMES[_symbol] = _name
    _BY_KEY[_symbol.lower()] = _symbol
    _BY_KEY[_name] = _symbol
for _alias, _symbol in ALIASES.items():
    _BY_KEY[_alias] = _symbol

_SPELLINGS = sorted(name for name in _BY_KEY if len(name) > 2)


class Lookup(Struct, frozen=True):
    """What a `contains` key is: an element (symbol), a near miss (suggestion), or a material."""

    symbol: str | None = None
    suggestion: str | None = None


def symbol_of(text: str) -> str | None:
    """The symbol for an element name or symbol in any case, else None."""
    return _BY_KEY.get(text.strip().lower())


def lookup(text: str) -> Lookup:
    """What `text` is. Every key is compared with the elements' names, however many a file has
    (a misspelt element must never pass as a material): with rapidfuzz's `ratio` (the
    normalised Indel similarity, at least as high as difflib's ratio for a pair), which is about
    twenty times faster than difflib, so a file of 100,000 keys costs a second, not minutes."""
    symbol = symbol_of(text)
    if symbol is not None:
        return Lookup(symbol=symbol)
    return _near(text.strip().lower())


@cache
def _near(word: str) -> Lookup:
    if len(word) >= 4 and word.isalpha():
        from rapidfuzz import fuzz, process  # noqa: PLC0415 (only for a key that is no element)

        close = process.extractOne(word, _SPELLINGS, scorer=fuzz.ratio, score_cutoff=80)
        if close is not None:
            return Lookup(suggestion=close[0])
    return Lookup()


def name_of(symbol: str) -> str:
    return NAMES[symbol]


_BY_START: dict[str, tuple[str, ...]] = {}
for _spelling in _SPELLINGS:
    if len(_spelling) >= 5 and _spelling.isalpha():
        _BY_START[_spelling[0]] = (*_BY_START.get(_spelling[0], ()), _spelling)


@cache
def misspelt(word: str) -> str | None:
    """The symbol of the element a word of five or more letters misspells (`galium`,
    `disprosium`, `lutecium`, `ytrium`), or None. Compared (difflib's ratio, at least 0.85)
    only with the names that start with the same letter, as misspellings do; `word` is lower
    case and not itself a name."""
    near = [
        name
        for name in _BY_START.get(word[0], ())
        if 2 * min(len(word), len(name)) >= 0.85 * (len(word) + len(name))
        and 2 * len(set(word) & set(name)) >= 0.7 * len(set(word) | set(name))
    ]  # a ratio of 0.85 needs lengths and letters this close (difflib's import is spared)
    if not near:
        return None
    import difflib  # noqa: PLC0415 (only for a word close to an element's name)

    best: tuple[float, str] | None = None
    for name in near:
        ratio = difflib.SequenceMatcher(None, word, name).ratio()
        if ratio >= 0.85 and (best is None or ratio > best[0]):
            best = (ratio, name)
    return None if best is None else _BY_KEY[best[1]]
