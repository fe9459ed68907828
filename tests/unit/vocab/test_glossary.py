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
