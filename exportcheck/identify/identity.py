"""What an item is, read once from everything the file says of it: the identification stage.

From the description (in any language the glossary knows, with formulas and element symbols),
the `form` the file states and the composition (`contains`, with compounds already converted to
element shares), `identity(item)` gives:

* the elements the item holds: by share from the composition, or named by the description
  (`镝`, `Dysprosium`, `Dy₂O₃`, `Dy 4 %`), each with the words that named it;
* its forms (metal, alloy, oxide, compound, magnet, powder, article, ...), each with the word
  that established it;
* glosses: the English words rules are written in, for the words the description uses
  (`人造石墨` -> `artificial graphite`), so a rule's keywords find them in any language.

A name the description negates (`Dy-free`, `无镝`, `ohne Dysprosium`) names nothing. Rules read
these facts through their matchers; a reason shows the words as the file writes them.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from exportcheck.vocab import formulas
from exportcheck.vocab.elements import NAMES, misspelt
from exportcheck.vocab.glossary import WordKind, find, glossary, term_formula
from exportcheck.vocab.text import fold

if TYPE_CHECKING:
    from exportcheck.model.description import Item


class Named(Struct, frozen=True):
    """An element the description names."""

    symbol: str
    written: str
    share: Decimal | None = None
    """Mass %, where the description gives one next to it (`Dy 4 %`)."""
    family: bool = False
    """Named as one of the elements of a material whose composition varies (`NdFeB`, `SmCo`):
    says nothing of what else it holds."""


class Identity(Struct, frozen=True, dict=True):
    named: tuple[Named, ...]
    forms: tuple[tuple[str, str], ...]
    """(form, the word that established it), in order of authority: the file's own `form`
    first (as `form: <name>`), then the form that names what the item is (see `_head`)."""
    glosses: tuple[tuple[str, str], ...]
    """(English words, the word the description uses)."""
    terms: tuple[str, ...] = ()
    """The products and materials the description names by a glossary term (`steel`, `NdFeB`,
    `sputtering target`), as their English keys."""
    kept: str | None = None
    """The description (folded) with the element names it negates blanked out (`Dy-free`),
    for keywords to search; None when it negates none."""

    @functools.cached_property
    def glossed(self) -> str:
        """The glosses as one text, one per line (a keyword searches it before telling which
        gloss it found)."""
        return "\n".join(english for english, _ in self.glosses)

    def names(self, symbol: str) -> Named | None:
        return next((n for n in self.named if n.symbol == symbol), None)

    @functools.cached_property
    def substance(self) -> tuple[Named, ...]:
        """The elements named as what the item is made of (not as members of a family)."""
        return tuple(n for n in self.named if not n.family)

    @functools.cached_property
    def symbols(self) -> frozenset[str]:
        return frozenset(n.symbol for n in self.named)


_GRADE = re.compile(r"[A-Z]\d{2}[A-Z]{0,3}|[0-9].*")
"""Magnet grades (`N52SH`, ferrite `Y30BH`) and codes are not formulas."""
_SHARE_AFTER = re.compile(
    r"(?<![A-Za-z])([A-Z][a-z]?)\s*[:=]?\s*(\d+(?:[.,]\d+)?)\s*(?:wt\.?\s*|mass\s*)?%"
)
_SHARE_BEFORE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:wt\.?\s*|mass\s*)?%\s*(?:of\s+)?([A-Z][a-z]?)(?![a-z])"
)
_DOPED = re.compile(
    r"(?<![A-Za-z])([A-Z][a-z]?)\s?:\s?[A-Z]{2,}"
    r"|[A-Z][A-Za-z0-9]*:((?:[A-Z][a-z]?(?:\d+(?:\.\d+)?)?\s?[,+/]\s?)*[A-Z][a-z]?)(?![a-z])"
)
"""Doping notation: `Er:YAG`, `Nd:YVO4` (the dopant first), `Y2O3:Eu` (the host first), with
co-dopants (`LaPO4:Ce,Tb`, `Y3Al5O12:Ce+Tb`)."""
_DOPANT = re.compile(r"[A-Z][a-z]?")
_LETTERS = re.compile(r"[a-z]{5,}")
"""Words of five or more Latin letters (folded), which a misspelt element's name may be."""
_GRADED = re.compile(r"(\d+(?:\.\d+)?)([A-Z][a-z]?)")
"""A member of an alloy designation with its share: `30Gd` in `Mg-30Gd`."""
_STATED_PURITY = re.compile(r"\d+(?:[.,]\d+)?\s*%|\d+N\d?")
"""A purity as written: `99.99%`, `5N`."""
_PURITY = re.compile(_STATED_PURITY.pattern + r"|\d+(?:\.\d+)?")
"""A purity, or a bare number after a symbol (`Dy 99.9`)."""
_NEGATED_AFTER = ("-free", " free", "free")
_NEGATED_BEFORE = (
    "free of ",
    "without ",
    "no ",
    "non-",
    "non ",
    "ohne ",
    "sans ",
    "无",
    "不含",
    "非",
)
_ELEMENT_WORDS = frozenset(
    {"diffused", "diffusion", "grain", "doped", "added", "addition", "additive", "additives",
     "content", "based", "rich", "bearing", "containing", "grade", "enriched", "alloyed",
     "lens", "lenses", "window", "windows", "optics", "optical", "blank", "blanks"}
)  # fmt: skip
"""Words after a symbol that say it is an element of the item (`Tb diffused`, `Ga/Cu
additives`), or what the item is made of (`Ge lenses`, `Ge windows`: optics of the metal)."""
_CONTAINING = frozenset(
    {"containing", "contains", "contain", "with", "incl", "incl.", "including", "plus",
     "enthält", "enthaltend", "mit", "avec", "contenant", "含", "含有", "添加", "掺"}
)  # fmt: skip
"""Words before a symbol that say the item holds the element (`magnets containing Dy`,
`磁铁 含Dy`); a negation before them (`不含`, `without`) is not one of them."""
_PREFIXED = frozenset(
    {"bi-metal", "bi-metallic", "bi-metals", "bi-material", "bi-directional", "bi-color",
     "bi-colour", "in-line", "in-house", "in-situ", "in-mold", "in-mould", "in-ear",
     "co-extruded", "co-op"}
)  # fmt: skip
"""English words made with a prefix that is also a symbol (`Bi-metal` thermometers and saw
blades are two steels, not bismuth; `In-line` is not indium)."""
_MODEL_WORDS = frozenset({"series", "type", "model", "style", "brand", "line", "class"})
"""Words after a capital pair that make it a model name (`Er series alloy wheels`), so a form
word after them is not the element's form."""
_CAPACITOR_CLASS = re.compile(r"[XYZ][4-8][A-Z]")
"""EIA ceramic-capacitor dielectric classes (`X7R`, `Y5V`): never a formula."""


@lru_cache(maxsize=1)
def _scripts() -> re.Pattern[str]:
    """Where Han or kana text runs into a Latin word (`含Dy`): the symbol is a word of its own.
    (Compiled when first needed: its ranges take a millisecond or two, and most descriptions
    are ASCII.)"""
    return re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff])(?=[A-Za-z])")


def _negated_at(folded: str, at: int, length: int) -> bool:
    after = folded[at + length : at + length + 6]
    before = folded[max(0, at - 9) : at]
    return any(after.startswith(n) for n in _NEGATED_AFTER) or any(
        before.endswith(n) for n in _NEGATED_BEFORE
    )


def _occurrences(folded: str, written: str) -> list[int]:
    found, at = [], folded.find(written)
    while at >= 0 and written:
        found.append(at)
        at = folded.find(written, at + 1)
    return found


def _negated(folded: str, written: str) -> bool:
    """Whether the text names `written` (folded) only where it negates it: `Dy-free` negates,
    but `Dysprosium-free packaging, dysprosium oxide` names dysprosium all the same."""
    places = _occurrences(folded, written)
    return bool(places) and all(_negated_at(folded, at, len(written)) for at in places)


def _negated_once(folded: str, written: str) -> bool:
    """Whether the text negates `written` at least once (where `_kept` blanks it out)."""
    return any(_negated_at(folded, at, len(written)) for at in _occurrences(folded, written))


def _kept(folded: str, negated: list[str]) -> str:
    """The folded text with each negated mention blanked out (where it is negated only)."""
    chars = list(folded)
    for written in negated:
        for at in _occurrences(folded, written):
            if _negated_at(folded, at, len(written)):
                chars[at : at + len(written)] = " " * len(written)
    return "".join(chars)


def _share(number: str) -> Decimal | None:
    try:
        value = Decimal(number.replace(",", "."))
    except InvalidOperation:
        return None
    return value if 0 < value <= 100 else None


_NOT_FORMULAS = frozenset(
    {"PC", "PCS", "PCB", "PCBA", "PU", "PVC", "PS", "PO", "NO", "CO", "CN", "CS", "SN", "SI",
     "IP", "UV", "USB", "CNC", "NPT", "BOM", "HF", "VIN", "SKU", "OEM"}
)  # fmt: skip
"""Capital abbreviations that read as formulas but are units and trade words in descriptions:
pieces (PC, PCS), circuit boards, plastics (PU, PVC, PS), purchase order, number, company,
China, serial number, semi-insulating, a camera's IP, ultraviolet, USB, CNC, pipe thread,
bill of materials, high frequency. Never a formula of a listed substance (WC and BN are)."""


def _formula(token: str) -> formulas.Formula | None:
    """The formula a token is, unless it is one of `_NOT_FORMULAS` or a capacitor class."""
    if token in _NOT_FORMULAS or _CAPACITOR_CLASS.fullmatch(token):
        return None
    return formulas.parse(token)


def _symbols(text: str) -> list[Named]:
    """Elements written as symbols or formulas (case matters: `Co` is cobalt, `CO` is not)."""
    found: list[Named] = []
    for match in _SHARE_AFTER.finditer(text):
        symbol, share = match.group(1), _share(match.group(2))
        if symbol in NAMES and share is not None:
            found.append(Named(symbol, match.group(0).strip(), share))
    for match in _SHARE_BEFORE.finditer(text):
        symbol, share = match.group(2), _share(match.group(1))
        if symbol in NAMES and share is not None:
            found.append(Named(symbol, match.group(0).strip(), share))
    for match in _DOPED.finditer(text):
        for group in match.groups():
            for part in _DOPANT.findall(group or ""):
                if part in NAMES:
                    found.append(Named(part, match.group()))
    spaced = text if text.isascii() else _scripts().sub(" ", text)
    tokens = re.findall(r"\S+", spaced)
    for first, second in itertools.pairwise(tokens):
        if first[-1:].isdigit() and second[:1].isupper():  # `Dy2 O3`: a formula split by OCR
            formula = formulas.parse(first + second.strip(",;:()"))
            if formula is not None and formula.stoichiometric:
                found.extend(Named(s, f"{first} {second}") for s in formula.symbols)
    for i, raw in enumerate(tokens):
        token = raw.strip(",;:()[]")
        if not token or _GRADE.fullmatch(token) or token.lower() in _PREFIXED:
            continue
        parts = re.split(r"[-/:]", token) if any(c in token for c in "-/:") else [token]
        listed = "/" in token and all(p in NAMES for p in token.split("/"))
        for part in parts:
            graded = _GRADED.fullmatch(part) if len(parts) > 1 else None
            if graded and graded.group(2) in NAMES:  # `Mg-30Gd`: 30 % gadolinium
                found.append(Named(graded.group(2), token, _share(graded.group(1))))
                continue
            formula = _formula(part)
            if formula is not None:
                found.extend(Named(s, part) for s in formula.symbols)
                continue
            if len(part) == 2 and part in NAMES:  # one-letter symbols only by formula or share
                after = tokens[i + 1].strip(",;:()") if i + 1 < len(tokens) else ""
                phrase = " ".join(tokens[i + 1 : i + 3])
                is_form = (
                    any(w.kind is WordKind.FORM for w in find(phrase))
                    if after and fold(after) not in _MODEL_WORDS
                    else False
                )
                before = fold(tokens[i - 1].strip(",;:()")) if i else ""
                said = (
                    fold(after) in _ELEMENT_WORDS
                    or before in _CONTAINING
                    or raw.startswith("(")
                    or listed
                )
                # after a comma a bare number is another field (`Dy, 10 PCS`), a purity is not
                # (`Tb, 99.99%`, `Ga, 6N`)
                pure = _STATED_PURITY if raw.endswith((",", ";")) else _PURITY
                if pure.fullmatch(after) or is_form or "-" in token or said:
                    found.append(Named(part, f"{part} {after}".strip() if after else part))
    return found


def _formula_forms(text: str) -> list[tuple[str, str]]:
    forms = []
    for token in re.findall(r"[A-Za-z0-9()\[\]·]+", text):
        formula = _formula(token)
        if formula is not None and not _GRADE.fullmatch(token):
            forms.append((formula.form, token))
    return forms


def term_elements(term: str) -> tuple[str, ...]:
    """The elements a glossary term holds: its family's, its formula's, or those its English
    words name (`lithium iron phosphate`)."""
    book = glossary()
    if term in book.families:
        return book.families[term]
    formula = term_formula(term)
    if formula is not None:
        return formula.symbols
    return tuple(dict.fromkeys(w.means for w in find(term) if w.kind is WordKind.ELEMENT))


def _as_written(text: str, key: str) -> str:
    """A glossary key (folded, words joined by one space) as the text writes it, accents and
    all (`Ladegerät` for `ladegerat`); the key itself where the text cannot be matched."""
    pattern = r"[\W_]*".join(re.escape(p) for p in key.split(" "))
    found = re.search(pattern, text, re.IGNORECASE)
    if found is not None:
        return found.group()
    if text.isascii():
        return key
    bare: list[str] = []
    origin: list[int] = []  # each bare character's place in the text
    for at, char in enumerate(text):
        for part in char if char.isspace() else fold(char):  # as the key was folded
            bare.append(part)
            origin.append(at)
    found = re.search(pattern, "".join(bare), re.IGNORECASE)
    if found is None or found.end() == found.start():
        return key
    return text[origin[found.start()] : origin[found.end() - 1] + 1]


def _one_each(named: list[Named]) -> tuple[Named, ...]:
    """One name per element: the first that gives a share, else the first."""
    chosen: dict[str, Named] = {}
    for n in named:
        known = chosen.get(n.symbol)
        if known is None or (known.share is None and n.share is not None):
            chosen[n.symbol] = n
    return tuple(chosen.values())


_PURPOSE = re.compile(
    r"[,;(，；（]|\s(?:for|in|with|used|to|on|inside|für|mit|zur|zum|aus|pour|avec|dans|sur)\s"
    r"|用于|适用于|用於|適用於"
)
"""Where the words that say what an item is end and those of its use, packing, contents or
material begin: `GaN power transistor in TO-247 package`, `Dysprosium oxide, 25 kg drums`,
`Spiralbohrer aus Wolframcarbid`."""


def _head(
    forms: list[tuple[str, str, int]], text: str, leading: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """The forms in order of authority: the one that names what the item is (the last form
    word before its use or packing is described: `transistor` in `GaN power transistor in
    TO-247 package`, `powder` in `dysprosium oxide powder for magnets`; the first where that
    is a word of a language that names the thing first, `leading`: `chargeur` in `Chargeur GaN
    65 W`), then the others."""
    cut = _PURPOSE.search(text, 1)
    end = cut.start() if cut else len(text)
    before = [f for f in forms if f[2] < end]
    if not before:
        return [(m, w) for m, w, _ in forms]
    first = min(p for _, _, p in before)
    leads = any(p == first and w in leading for _, w, p in before)
    last = first if leads else max(p for _, _, p in before)
    head = [(m, w) for m, w, p in before if p == last]
    return head + [(m, w) for m, w, _ in forms if (m, w) not in head]


_HEAD_FIRST = frozenset({"fr"})
"""Languages whose nouns come before the words that qualify them (`chargeur GaN`, `poudre de
graphite`): a form word only they use names the item where it comes first."""


def _head_first(key: str) -> bool:
    """Whether a form word (a glossary key) is one only head-first languages use."""
    languages = {lang for kind, _, lang in glossary().words.get(key, ()) if kind is WordKind.FORM}
    return bool(languages) and languages <= _HEAD_FIRST


@lru_cache(maxsize=32768)
def _identify(description: str, form: str | None) -> Identity:
    text = unicodedata.normalize("NFKC", description)
    folded = fold(description)
    words = find(description)
    named: list[Named] = []
    forms: list[tuple[str, str, int]] = []
    glosses: list[tuple[str, str]] = []
    negated: list[str] = []
    terms: list[str] = []
    leading: set[str] = set()
    for found in words:
        word = replace(found, written=_as_written(text, found.written))
        at = max(text.find(word.written), 0)
        if word.kind is WordKind.ELEMENT:
            if not _negated(folded, found.written):
                named.append(Named(word.means, word.written))
                glosses.append((NAMES[word.means], word.written))
            if _negated_once(folded, found.written):
                negated.append(found.written)
        elif word.kind is WordKind.FORM:
            forms.append((word.means, word.written, at))
            glosses.append((word.means, word.written))
            if _head_first(found.written):
                leading.add(word.written)
        elif word.kind is WordKind.MATERIAL:
            terms.append(word.means)
            glosses.append((word.means, word.written))
        elif word.kind is WordKind.TERM:
            terms.append(word.means)
            glosses.append((word.means, word.written))
            family = word.means in glossary().families
            named.extend(Named(s, word.written, family=family) for s in term_elements(word.means))
            inside = (*find(word.written, forms_only=True), *find(word.means, forms_only=True))
            forms.extend((w.means, word.written, at) for w in inside)
    known = {t for w in words for t in _LETTERS.findall(fold(w.written))}
    for token in _LETTERS.findall(folded):
        symbol = None if token in known else misspelt(token)
        if symbol is not None and not _negated(folded, token):
            # a misspelt element's name still names it (`Galium Arsenid wafers`)
            named.append(Named(symbol, token))
            glosses.append((NAMES[symbol], token))
    for n in _symbols(text):
        first = fold(n.written.split()[0])
        if not _negated(folded, first):
            named.append(n)
            glosses.append((NAMES[n.symbol], n.written))
        if _negated_once(folded, first):
            negated.append(first)
    forms.extend((m, w, max(text.find(w), 0)) for m, w in _formula_forms(text))
    if len(glosses) > 1:  # the glossed words in order: `diamond powder` for ダイヤモンドパウダー
        glosses.append((" ".join(g for g, _ in glosses), description))
    ordered = _head(forms, text, frozenset(leading))
    if form is not None:
        ordered.insert(0, (form, f"form: {form}"))
    return Identity(
        _one_each(named),
        tuple(dict.fromkeys(ordered)),
        tuple(dict.fromkeys(glosses)),
        tuple(dict.fromkeys(terms)),
        _kept(folded, negated) if negated else None,
    )


def identity(item: Item) -> Identity:
    """What the item is (see the module's doc)."""
    return _identify(item.description, item.form)


def identify(description: str) -> Identity:
    """What a description (of an item, a technology or a service) says it is."""
    return _identify(description, None)
