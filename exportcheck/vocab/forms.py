"""Forms: the shape or chemical state of what an item is (vocab/data/glossary.yaml `forms`).

The announcements list materials by form ("metal, alloys, targets, oxide, compounds and their
mixtures"); a rule's `form` test names the forms it covers. `MATERIALS` are the forms of a
material (what those lists are made of); the others are finished goods and equipment, which a
list of material forms does not cover.
"""

from __future__ import annotations

from exportcheck.vocab.glossary import WordKind, find
from exportcheck.vocab.text import fold

MATERIALS = (
    "metal", "alloy", "oxide", "compound", "mixture", "target", "magnet", "powder", "ore",
    "concentrate", "precursor", "cathode material", "anode material", "crystal", "wafer",
    "solution", "scrap",
)  # fmt: skip
ARTICLES = ("cell", "battery", "wire", "article", "equipment")


FORMS = (*MATERIALS, *ARTICLES)
"""Every form, by name (a test proves the glossary has words for each)."""


def form_of(text: str) -> str | None:
    """The form a text names: a form's name (`cathode material`) or one word for it, in any
    language (`ingot` is metal, `合金` alloy); None if it names none or several."""
    folded = fold(text)
    if folded in FORMS:
        return folded
    found = {w.means for w in find(text) if w.kind is WordKind.FORM}
    return found.pop() if len(found) == 1 else None
