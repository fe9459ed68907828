"""Chemical formulas as written in descriptions and `contains` keys: `Dy2O3`, `Tb4O7`,
`LiFePO4`, `(NH4)10H2W12O42·4H2O`, `Sm2Co17`, `GaAs`, `DyFe80`.

`parse` reads a formula (case matters: `Co` is cobalt, `CO` carbon monoxide) into its elements
and their amounts. `shares` gives each element's mass share by stoichiometry, with the standard
atomic weights below, but only where the formula is stoichiometric: a formula of metals alone
(`DyFe80`, `TbDyFe`, `NdFeB`) is an alloy designation whose numbers are grades or percentages,
not atom counts, so it says which elements an item holds but not how much (named intermetallic
compounds such as Sm2Co17 are stoichiometric and listed in the vocabulary as compounds).

Atomic weights: IUPAC Commission on Isotopic Abundances and Atomic Weights, abridged standard
atomic weights (https://www.ciaaw.org/atomic-weights.htm), conventional values for elements
with an interval; elements without a standard atomic weight have none, and a formula with one
gives no shares.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from msgspec import Struct

from exportcheck.vocab.elements import NAMES

WEIGHTS: dict[str, float] = {
    "H": 1.008, "He": 4.0026, "Li": 6.94, "Be": 9.0122, "B": 10.81, "C": 12.011, "N": 14.007,
    "O": 15.999, "F": 18.998, "Ne": 20.180, "Na": 22.990, "Mg": 24.305, "Al": 26.982,
    "Si": 28.085, "P": 30.974, "S": 32.06, "Cl": 35.45, "Ar": 39.95, "K": 39.098, "Ca": 40.078,
    "Sc": 44.956, "Ti": 47.867, "V": 50.942, "Cr": 51.996, "Mn": 54.938, "Fe": 55.845,
    "Co": 58.933, "Ni": 58.693, "Cu": 63.546, "Zn": 65.38, "Ga": 69.723, "Ge": 72.630,
    "As": 74.922, "Se": 78.971, "Br": 79.904, "Kr": 83.798, "Rb": 85.468, "Sr": 87.62,
    "Y": 88.906, "Zr": 91.224, "Nb": 92.906, "Mo": 95.95, "Ru": 101.07, "Rh": 102.91,
    "Pd": 106.42, "Ag": 107.87, "Cd": 112.41, "In": 114.82, "Sn": 118.71, "Sb": 121.76,
    "Te": 127.60, "I": 126.90, "Xe": 131.29, "Cs": 132.91, "Ba": 137.33, "La": 138.91,
    "Ce": 140.12, "Pr": 140.91, "Nd": 144.24, "Sm": 150.36, "Eu": 151.96, "Gd": 157.25,
    "Tb": 158.93, "Dy": 162.50, "Ho": 164.93, "Er": 167.26, "Tm": 168.93, "Yb": 173.05,
    "Lu": 174.97, "Hf": 178.49, "Ta": 180.95, "W": 183.84, "Re": 186.21, "Os": 190.23,
    "Ir": 192.22, "Pt": 195.08, "Au": 196.97, "Hg": 200.59, "Tl": 204.38, "Pb": 207.2,
    "Bi": 208.98, "Th": 232.04, "Pa": 231.04, "U": 238.03,
}  # fmt: skip

NON_METALS = frozenset(
    {"H", "B", "C", "N", "O", "F", "Si", "P", "S", "Cl", "As", "Se", "Br", "Te", "I"}
)
"""Elements whose presence makes a formula a compound's (oxide, salt, arsenide), not an alloy
designation."""

_CLOSING = {"(": ")", "[": "]"}
_TOKEN = re.compile(r"[A-Z][a-z]?|\d+(?:\.\d+)?|[()\[\]]|[·.*]")


class Formula(Struct, frozen=True):
    written: str
    atoms: tuple[tuple[str, float], ...]
    """Element symbol -> amount, in the order first written."""

    @property
    def symbols(self) -> tuple[str, ...]:
        return tuple(s for s, _ in self.atoms)

    @property
    def stoichiometric(self) -> bool:
        """Whether the numbers are atom counts (see the module's doc): a formula with a
        non-metal, and with counts or of two elements (`GaAs`; `NdFeB` is a designation)."""
        counted = any(c.isdigit() for c in self.written) or len(self.atoms) == 2
        return counted and any(s in NON_METALS for s, _ in self.atoms)

    @property
    def form(self) -> str:
        """The form (vocab.forms) a formula names: a binary oxide, another compound, or an
        alloy designation."""
        if not self.stoichiometric:
            return "alloy"
        symbols = self.symbols
        return "oxide" if "O" in symbols and len(symbols) == 2 else "compound"


def _amounts(tokens: list[str], start: int, closing: str | None) -> tuple[dict[str, float], int]:
    """Amounts of one group from `start` up to its closing bracket; raises ValueError."""
    found: dict[str, float] = {}
    i = start
    while i < len(tokens):
        token = tokens[i]
        if token in (")", "]"):
            if closing != token:
                raise ValueError(token)
            return found, i + 1
        if token in ("(", "["):
            inner, i = _amounts(tokens, i + 1, _CLOSING[token])
        elif token[0].isupper():
            if token not in NAMES:
                raise ValueError(token)
            inner, i = {token: 1.0}, i + 1
        else:
            raise ValueError(token)
        count = 1.0
        if i < len(tokens) and tokens[i][0].isdigit():
            count, i = float(tokens[i]), i + 1
        for symbol, amount in inner.items():
            found[symbol] = found.get(symbol, 0.0) + amount * count
    if closing is not None:
        raise ValueError("unclosed")
    return found, i


@lru_cache(maxsize=4096)
def parse(text: str) -> Formula | None:
    """The formula of two or more elements a text is, or None: a single element (`Dy`, `N52`)
    is a symbol or a grade, not a formula; nor is anything with a letter, bracket or sign a
    formula cannot hold."""
    if not text or (not text[0].isupper() and text[0] not in "(["):
        return None
    tokens = _TOKEN.findall(text)
    if "".join(tokens) != text:
        return None
    atoms: dict[str, float] = {}
    for part in _parts(tokens):
        if part is None:
            return None
        for symbol, amount in part.items():
            atoms[symbol] = atoms.get(symbol, 0.0) + amount
    if len(atoms) < 2:
        return None
    return Formula(text, tuple(atoms.items()))


def _parts(tokens: list[str]) -> list[dict[str, float] | None]:
    """The hydrate parts of a formula (`CeCl3·7H2O`), each with its leading multiplier."""
    parts: list[dict[str, float] | None] = []
    current: list[str] = []
    for token in [*tokens, "·"]:
        if token in ("·", ".", "*"):
            if not current:
                return [None]
            factor = 1.0
            if current[0][0].isdigit():
                factor, current = float(current[0]), current[1:]
            try:
                amounts, end = _amounts(current, 0, None)
            except ValueError:
                return [None]
            if end != len(current) or not amounts:
                return [None]
            parts.append({s: a * factor for s, a in amounts.items()})
            current = []
        else:
            current.append(token)
    return parts


def shares(formula: Formula) -> dict[str, Decimal] | None:
    """Mass percentage of each element, to two decimals; None when the formula is not
    stoichiometric or an element has no standard atomic weight."""
    if not formula.stoichiometric or any(s not in WEIGHTS for s in formula.symbols):
        return None
    masses = {s: WEIGHTS[s] * amount for s, amount in formula.atoms}
    total = sum(masses.values())
    return {s: Decimal(str(round(100 * m / total, 2))) for s, m in masses.items()}


OXIDES: dict[str, str] = {
    "Sc": "Sc2O3", "Y": "Y2O3", "La": "La2O3", "Ce": "CeO2", "Pr": "Pr6O11", "Nd": "Nd2O3",
    "Sm": "Sm2O3", "Eu": "Eu2O3", "Gd": "Gd2O3", "Tb": "Tb4O7", "Dy": "Dy2O3", "Ho": "Ho2O3",
    "Er": "Er2O3", "Tm": "Tm2O3", "Yb": "Yb2O3", "Lu": "Lu2O3", "Ga": "Ga2O3", "Ge": "GeO2",
    "Sb": "Sb2O3", "W": "WO3", "Mo": "MoO3", "Bi": "Bi2O3", "Te": "TeO2", "In": "In2O3",
    "Li": "Li2O", "Co": "Co3O4", "Ni": "NiO", "Mn": "MnO2", "Fe": "Fe2O3", "Cu": "CuO",
    "Al": "Al2O3",
}  # fmt: skip
"""The oxide an element's name means when a composition says "dysprosium oxide" (氧化镝)
without a formula: the oxide these elements are traded as (rare earths as the sesquioxide
RE2O3, except CeO2, Pr6O11 and Tb4O7, as rare-earth oxide specifications state them)."""
