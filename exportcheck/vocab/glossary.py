"""The glossary (vocab/data/glossary.yaml): the words of descriptions in any language, and what
each means in the English words rules are written in.

`find(text)` gives every glossary word a text holds, each as a `Word`: what kind of word it is
(an element, a form, a term, a military word), what it means (`Dy`, `oxide`, `artificial
graphite`, `military`) and how the text writes it. Texts are compared folded (vocab.text).
Chinese, Japanese and Korean words are found anywhere (those scripts do not separate words);
Latin-script words must start a word and end one, except that an element's name (or a German or
French term) may run on into the next word and a German or French form word may end one
(`Dysprosiumoxid`, `Graphitpulver`).
"""

from __future__ import annotations

import json
import re
import zlib
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from msgspec import Struct

from exportcheck.places import bundled_dir, read_compiled
from exportcheck.vocab import formulas
from exportcheck.vocab.elements import ALIASES, NAMES
from exportcheck.vocab.text import fold
from exportcheck.vocabulary import Vocabulary

if TYPE_CHECKING:
    from collections.abc import Container, Mapping


class WordKind(Vocabulary):
    ELEMENT = "element"
    FORM = "form"
    TERM = "term"
    MATERIAL = "material"
    """An ordinary material (steel, plastic, cotton): it identifies an item, names no listed
    substance, and is a material name, not a formula, as a `contains` key."""
    MILITARY = "military"


class Word(Struct, frozen=True):
    kind: WordKind
    means: str
    """An element's symbol, a form's name, a term's English words, `military`."""
    written: str
    """As the text writes it (folded)."""
    language: str


class Glossary(Struct, frozen=True):
    words: dict[str, tuple[tuple[WordKind, str, str], ...]]
    """Word (folded, its Latin-script words joined by one space) -> (kind, meaning, language)
    for each meaning it has."""
    longest: int
    """The most words (Latin script) or characters (other scripts) a glossary word has."""
    prefixes: frozenset[str]
    """Element names, and German and French terms, that may run on into the next word
    (`dysprosiumoxid`, `graphitpulver`)."""
    suffixes: frozenset[str]
    """German and French form words that may end a word."""
    formulas: dict[str, str]
    """A term -> its formula, where one of its words is one (`LiFePO4`), as written."""
    families: dict[str, tuple[str, ...]]
    """A term for a material of varying composition (`NdFeB`) -> the elements it holds."""
    forms: dict[str, tuple[tuple[WordKind, str, str], ...]]
    """The form words of `words`."""


_CJK_RUNS = r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+"
"""Runs of Chinese, Japanese and Korean characters (a pattern that takes milliseconds to
compile: `_cjk_runs` compiles it when a text is not ASCII)."""
_LATIN = re.compile(r"[0-9a-z\u00c0-\u024f]+")
_SUFFIX_LANGUAGES = frozenset({"de", "fr"})
_ENDINGS = ("es", "s", "en", "n")
"""The plural endings `_plain` may take off a word."""


@cache
def _cjk_runs() -> re.Pattern[str]:
    return re.compile(_CJK_RUNS)


def _key(word: str) -> str:
    """A folded word as the glossary keys it: Latin-script words joined by one space
    (`Nd-Fe-B` and `nd fe b` are one key); other scripts as they stand."""
    if not word.isascii() and _cjk_runs().search(word):
        return word.replace(" ", "")
    return " ".join(_LATIN.findall(word))


def _entries(data: dict[str, object]) -> list[tuple[str, WordKind, str, str]]:
    """(word, kind, meaning, language) for every word of the glossary file, and the English
    element names."""
    found: list[tuple[str, WordKind, str, str]] = []
    for symbol, name in NAMES.items():
        found.append((name, WordKind.ELEMENT, symbol, "en"))
    for alias, symbol in ALIASES.items():
        found.append((alias, WordKind.ELEMENT, symbol, "en"))
    sections = (
        ("elements", WordKind.ELEMENT),
        ("forms", WordKind.FORM),
        ("terms", WordKind.TERM),
        ("materials", WordKind.MATERIAL),
    )
    for section, kind in sections:
        table = data.get(section)
        assert isinstance(table, dict), section
        for means, languages in table.items():
            assert isinstance(languages, dict), means
            if kind is not WordKind.ELEMENT:
                found.append((means, kind, means, "en"))
            for language, words in languages.items():
                found.extend((w, kind, means, language) for w in words)
    military = data.get("military")
    assert isinstance(military, dict)
    for language, words in military.items():
        found.extend((w, WordKind.MILITARY, "military", language) for w in words)
    return found


_FORM_NAMES = {
    "salt": "compound",
    "pack": "battery",
    "cathode_material": "cathode material",
    "anode_material": "anode material",
}
"""names.yaml's forms by the names the glossary gives them."""
_AMBIGUOUS = frozenset(
    {"pack", "module", "chips", "chip", "particles", "인", "칩", "チップ", "原料"}
)
"""Words names.yaml marks as ambiguous alone (`pack`, Korean 인 for phosphorus): left out."""


def _data(name: str) -> dict[str, object]:
    text = (_DATA / name).read_text("utf-8")
    loaded = yaml.load(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))  # noqa: S506 (strings only, no tags)
    assert isinstance(loaded, dict), name
    return loaded


def _names(data: dict[str, object]) -> list[tuple[str, WordKind, str, str]]:
    """(word, kind, meaning, language) for every word of names.yaml: its elements, compounds and
    materials (as terms meaning their first English name), forms and military words."""
    found: list[tuple[str, WordKind, str, str]] = []

    def add(names: object, kind: WordKind, means: str) -> None:
        assert isinstance(names, dict)
        for language, words in names.items():
            found.extend(
                (w, kind, means, language.removesuffix("-Hans"))
                for w in words
                if w not in _AMBIGUOUS
            )

    for entry in data["elements"]:  # type: ignore[attr-defined]
        add(entry["names"], WordKind.ELEMENT, entry["symbol"])
    for section in ("compounds", "materials"):
        for entry in data[section]:  # type: ignore[attr-defined]
            english = entry["names"]["en"][0]
            add(entry["names"], WordKind.TERM, english)
            if "formula" in entry and section == "compounds":
                found.append((entry["formula"], WordKind.TERM, english, "formula"))
    forms = data["forms"]
    assert isinstance(forms, dict)
    for name, names in forms.items():
        if name != "source":
            add(names, WordKind.FORM, _FORM_NAMES.get(name) or name)
    military = dict(data["military"])  # type: ignore[call-overload]
    military.pop("source", None)
    add(military, WordKind.MILITARY, "military")
    return found


COMPILED = "glossary.compiled.json"
"""The glossary as built, beside the compiled rule book (written with it: rules.compile)."""
_SOURCES = ("glossary.yaml", "names.yaml")
_DATA = Path(__file__).resolve().parent / "data"
"""The glossary's data files (inside the package, installed or not)."""


def _stamp() -> list[list[object]]:
    """What a compiled glossary was built from: each data file's, this module's and vocab.text's
    name, size and CRC-32."""
    found: list[list[object]] = []
    for name in (*_SOURCES, "han_variants.txt"):  # the last: how vocab.text folds Han text
        raw = (_DATA / name).read_bytes()
        found.append([name, len(raw), zlib.crc32(raw)])
    for module in (Path(__file__), _DATA.parent / "text.py"):  # this one, and fold's
        code = module.read_bytes()
        found.append([module.name, len(code), zlib.crc32(code)])
    return found


def dumps() -> str:
    """The glossary built from its data files, as JSON (plain values only)."""
    book = _built()
    return json.dumps(
        {
            "stamp": _stamp(),
            "words": {w: [[k.value, m, lang] for k, m, lang in ms] for w, ms in book.words.items()},
            "longest": book.longest,
            "prefixes": sorted(book.prefixes),
            "suffixes": sorted(book.suffixes),
            "formulas": book.formulas,
            "families": book.families,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _compiled() -> Glossary | None:
    """The compiled glossary, if one was written from exactly these data files and code."""
    raw = read_compiled(bundled_dir() / COMPILED)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        if data.get("stamp") != _stamp():
            return None
        kinds = {kind.value: kind for kind in WordKind}
        words = {
            w: tuple([(kinds[k], m, lang) for k, m, lang in ms]) for w, ms in data["words"].items()
        }
        families = {t: tuple(s) for t, s in data["families"].items()}
        prefixes, suffixes = frozenset(data["prefixes"]), frozenset(data["suffixes"])
        longest, chemical = int(data["longest"]), dict(data["formulas"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Glossary(words, longest, prefixes, suffixes, chemical, families, _forms_of(words))


def _forms_of(
    words: dict[str, tuple[tuple[WordKind, str, str], ...]],
) -> dict[str, tuple[tuple[WordKind, str, str], ...]]:
    forms: dict[str, tuple[tuple[WordKind, str, str], ...]] = {}
    for w, meanings in words.items():
        kept = [x for x in meanings if x[0] is WordKind.FORM]
        if kept:
            forms[w] = tuple(kept)
    return forms


@cache
def glossary() -> Glossary:
    """The glossary: compiled when a fresh compiled copy is bundled, else read from its data."""
    return _compiled() or _built()


def _built() -> Glossary:
    data = _data("glossary.yaml")
    words: dict[str, list[tuple[WordKind, str, str]]] = {}
    prefixes: set[str] = set()
    suffixes: set[str] = set()
    longest = 1
    chemical: dict[str, str] = {}
    families: dict[str, tuple[str, ...]] = {}
    names = _data("names.yaml")
    for entry in names["materials"]:  # type: ignore[attr-defined]
        families[entry["names"]["en"][0]] = tuple(entry.get("elements", ()))
    for word, kind, means, language in [*_entries(data), *_names(names)]:
        if kind is WordKind.TERM and means not in chemical and means not in families:
            formula = formulas.parse(word)
            if formula is not None and formula.stoichiometric:
                chemical[means] = word
        key = _key(fold(word))
        if not key:
            continue
        meanings = words.setdefault(key, [])
        if (kind, means, language) not in meanings:
            meanings.append((kind, means, language))
        cjk = not key.isascii() and bool(_cjk_runs().fullmatch(key))
        longest = max(longest, len(key) if cjk else key.count(" ") + 1)
        if cjk or " " in key:
            continue
        if len(key) >= 5 and (
            kind is WordKind.ELEMENT
            or (kind in (WordKind.TERM, WordKind.MILITARY) and language in _SUFFIX_LANGUAGES)
        ):
            prefixes.add(key)  # `Galliummetall`, `Graphitpulver`, `Raketenabwehrsysteme`
        elif kind is WordKind.FORM and language in _SUFFIX_LANGUAGES and len(key) >= 4:
            suffixes.add(key)
    every = {w: tuple(m) for w, m in words.items()}
    return Glossary(
        every, longest, frozenset(prefixes), frozenset(suffixes), chemical, families,
        _forms_of(every),
    )  # fmt: skip


def term_formula(term: str) -> formulas.Formula | None:
    """A term's formula: the glossary's (`lithium iron phosphate` is LiFePO4), or the term
    itself where it is one (`NdFeB`)."""
    written = glossary().formulas.get(term, term.replace(" ", "").replace("-", ""))
    return formulas.parse(written)


def _plain(word: str, words: Container[str]) -> str:
    """A plural's singular (`ingots`, `oxides`, `Zellen`), where the glossary has it; for a
    phrase, of its last word (`lithium ionen zellen`)."""
    for ending in _ENDINGS:
        if word.endswith(ending) and word[: -len(ending)] in words:
            return word[: -len(ending)]
    return word


def _latin(text: str, book: Glossary, words: Mapping[str, object]) -> list[str]:
    """The glossary words in Latin-script text: every one, also inside a longer one (`rare
    earth` and `powder` in `rare earth powder`). Phrases are tried only from a word that
    starts one (`_starts`): a plural's ending is taken off a phrase's last word, never its
    first."""
    tokens = _LATIN.findall(text)
    starts = _starts(words)
    found: list[str] = []
    for i, token in enumerate(tokens):
        hit = False
        longest = min(book.longest, len(tokens) - i) if token in starts else 1
        for n in range(longest, 0, -1):
            key = _plain(" ".join(tokens[i : i + n]) if n > 1 else token, words)
            if key in words:
                found.append(key)
                hit = True
        if not hit:
            found.extend(k for k in _parts(token, book) if k in words)
    return found


_STARTS: dict[int, tuple[Mapping[str, object], frozenset[str]]] = {}


def _starts(words: Mapping[str, object]) -> frozenset[str]:
    """The first words of the Latin-script phrases among `words` (worked out once for each of
    the glossary's mappings)."""
    known = _STARTS.get(id(words))
    if known is None or known[0] is not words:
        first = frozenset(key.split(" ", 1)[0] for key in words if " " in key)
        known = _STARTS[id(words)] = (words, first)
    return known[1]


def _parts(token: str, book: Glossary) -> list[str]:
    """An element's name starting a word and a German or French form word ending it
    (`dysprosiumoxid`), or nothing."""
    found = []
    for end in range(len(token) - 1, 4, -1):
        if token[:end] in book.prefixes:
            found.append(token[:end])
            break
    for start in range(1, len(token) - 3):
        if token[start:] in book.suffixes:
            found.append(token[start:])
            break
    return found


def _cjk(run: str, book: Glossary, words: Mapping[str, object]) -> list[str]:
    """The glossary words in a run of Chinese, Japanese or Korean characters: every one, also
    inside a longer one (石墨 and 负极材料 in 人造石墨负极材料)."""
    return [
        run[i : i + n]
        for i in range(len(run))
        for n in range(min(book.longest, len(run) - i), 0, -1)
        if run[i : i + n] in words
    ]


@lru_cache(maxsize=65536)
def find(text: str, *, forms_only: bool = False) -> tuple[Word, ...]:
    """Every glossary word the text holds, in order (military words too); with `forms_only`,
    its form words alone (the forms inside a longer term: 永磁材料 in 钕铁硼永磁材料)."""
    book = glossary()
    words = book.forms if forms_only else book.words
    folded = fold(text)
    keys = _latin(folded, book, words)
    if not folded.isascii():
        for run in _cjk_runs().findall(folded):
            keys.extend(_cjk(run, book, words))
    found: list[Word] = []
    for key in keys:
        seen: set[tuple[WordKind, str]] = set()
        for kind, means, language in words[key]:
            if (kind, means) not in seen:
                seen.add((kind, means))
                found.append(Word(kind, means, key, language))
    return tuple(found)


def military(text: str) -> str | None:
    """The first military word of a text, as the glossary keys it, or None. (Every party's
    name is asked: a Latin-script text none of whose words can begin one is answered at once,
    without finding all its glossary words; a property test compares the two ways.)"""
    if not _may_be_military(fold(text)):
        return None
    return next((w.written for w in find(text) if w.kind is WordKind.MILITARY), None)


def _may_be_military(folded: str) -> bool:
    """False only when `find` can find no military word in the folded text: it is in Latin
    script, and none of its words is a military phrase's first word (or its plural), starts
    with a military word that may run on into the next, or ends with one that may end a
    word."""
    if not folded.isascii():
        return True
    firsts, prefixes, starts, suffixes = _military_words()
    for token in _LATIN.findall(folded):
        if token in firsts or (token[-1] in "sn" and _plain(token, firsts) in firsts):
            return True  # the word, or its singular (every plural ending ends in s or n)
        if len(token) > 5 and token[:5] in starts:  # a run-on word has five letters or more
            for end in range(5, len(token)):
                if token[:end] in prefixes:
                    return True
        for suffix in suffixes:
            if token.endswith(suffix):
                return True
    return False


@cache
def _military_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]:
    """The glossary's keys with a military meaning: their first words; those that may run on
    into the next word, and the first five letters of each; those that may end a word."""
    book = glossary()
    military = WordKind.MILITARY
    keys = {key for key, meanings in book.words.items() for k, _, _ in meanings if k is military}
    firsts = frozenset(key.split(" ", 1)[0] for key in keys)
    prefixes = frozenset(keys & book.prefixes)
    starts = frozenset(p[:5] for p in prefixes)  # `_parts` tries run-on words of 5 letters up
    return firsts, prefixes, starts, tuple(sorted(keys & book.suffixes))
