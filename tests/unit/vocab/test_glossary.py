"""The glossary's word finder (vocab.glossary): phrases are tried only from a word that starts
one, and that finds what trying every length from every word finds."""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st

from exportcheck.vocab import glossary
from exportcheck.vocab.text import fold

BOOK = glossary.glossary()
WORDS = sorted(BOOK.words)


def every_length(text: str, words: Mapping[str, object]) -> list[str]:
    """The finder before it skipped the words that start no phrase."""
    tokens = glossary._LATIN.findall(text)
    found: list[str] = []
    for i in range(len(tokens)):
        hit = False
        for n in range(min(BOOK.longest, len(tokens) - i), 0, -1):
            key = glossary._plain(" ".join(tokens[i : i + n]), words)
            if key in words:
                found.append(key)
                hit = True
        if not hit:
            found.extend(k for k in glossary._parts(tokens[i], BOOK) if k in words)
    return found


phrase = st.builds(
    lambda word, ending: word + ending,
    st.sampled_from(WORDS),
    st.sampled_from(["", "s", "es", "en", "n"]),
)
text = st.lists(st.one_of(phrase, st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True)), max_size=8)


@settings(max_examples=400, deadline=None)
@given(parts=text, forms=st.booleans())
def test_words_are_found_as_when_every_length_was_tried(parts: list[str], forms: bool) -> None:
    folded = fold(" ".join(parts))
    words = BOOK.forms if forms else BOOK.words
    assert glossary._latin(folded, BOOK, words) == every_length(folded, words)


MILITARY = sorted(
    key
    for key, meanings in BOOK.words.items()
    if any(kind is glossary.WordKind.MILITARY for kind, _, _ in meanings)
)


def every_word_military(text: str) -> str | None:
    """`military` before it answered Latin-script texts without a military word at once."""
    return next(
        (w.written for w in glossary.find(text) if w.kind is glossary.WordKind.MILITARY), None
    )


def test_the_military_words_are_many_and_some_run_on() -> None:
    assert len(MILITARY) > 100
    assert glossary.military("Raketenabwehrsysteme GmbH") == "raketen"
    assert glossary.military("Kunde 0 Handels GmbH") is None


name_part = st.one_of(
    st.builds(
        lambda w, e: w + e, st.sampled_from(MILITARY), st.sampled_from(["", "s", "es", "en", "n"])
    ),
    st.builds(
        lambda w, rest: w + rest,
        st.sampled_from(MILITARY),
        st.from_regex(r"[a-z]{1,6}", fullmatch=True),
    ),
    st.builds(
        lambda rest, w: rest + w,
        st.from_regex(r"[a-z]{1,6}", fullmatch=True),
        st.sampled_from(MILITARY),
    ),
    st.sampled_from(WORDS),
    st.from_regex(r"[A-Za-z0-9]{1,10}", fullmatch=True),
    st.sampled_from(
        [
            "GmbH",
            "Co., Ltd.",
            "S.A.",
            "Self-Defense",
            "Forces",
            "-",
            "(",
            ")",
            "陆军",
            "自卫队",
            "Ｎａｖｙ",
            "Armée",
            "Rüstung",
        ]
    ),
)


@settings(max_examples=600, deadline=None)
@given(parts=st.lists(name_part, max_size=6), upper=st.booleans())
def test_a_military_word_is_found_as_when_every_word_was_found(
    parts: list[str], upper: bool
) -> None:
    name = " ".join(parts)
    name = name.upper() if upper else name.title()
    assert glossary.military(name) == every_word_military(name)
