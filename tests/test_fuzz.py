"""Fuzzing the loader, parser and engine: random bytes, random YAML structures and mutations of
the bundled examples. The only outcomes allowed are a verdict or an input error (exit 2), each
within a time bound; any other exception is a bug.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportcheck.check.engine import check
from exportcheck.errors import InputError
from exportcheck.input.parse import parse_file
from exportcheck.input.yamlio import UNFIT, Limits, decode, load_fast, load_text
from exportcheck.model.verdict import Verdict
from exportcheck.rules.load import load_rulebook

ROOT = Path(__file__).resolve().parent.parent
BOOK = load_rulebook()
EXAMPLES = [p.read_bytes() for p in sorted((ROOT / "examples").glob("*.yaml"))]
LIMITS = Limits(max_bytes=1_000_000, max_depth=64, max_nodes=100_000)
BOUND = 2.0  # seconds per input
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def loaders_agree(data: bytes) -> None:
    """The fast loader gives the exact loader's tree, or leaves the document to it."""
    try:
        text = decode(data, "fuzz.yaml", LIMITS)
    except InputError:
        return
    fast = load_fast(text, LIMITS)
    try:
        exact = load_text(text, "fuzz.yaml", LIMITS)
    except InputError:
        assert fast is UNFIT
        return
    assert fast is UNFIT or fast == exact


def outcome(data: bytes) -> Verdict | InputError:
    """Parse and check; an InputError is a legitimate outcome, anything else propagates."""
    loaders_agree(data)
    started = time.perf_counter()
    result: Verdict | InputError
    try:
        description = parse_file(data, "fuzz.yaml", LIMITS)
    except InputError as error:
        result = error
    else:
        result = check(description, BOOK, dt.date(2026, 12, 1))
    assert time.perf_counter() - started < BOUND
    if isinstance(result, InputError):
        assert result.problems, "an input error must say what is wrong"
        assert all(str(p).startswith("fuzz.yaml") for p in result.problems)
    return result


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    outcome(data)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["NO", "yes", "0701", "8471.30", "2026-02-30", "~", "Dy", "dysprosum", "CN"]),
)
KEYS = st.one_of(
    st.text(max_size=12),
    st.sampled_from([
        "kind", "exporter", "items", "description", "hs_code", "contains", "parameters",
        "vehicle", "components", "technologies", "services", "recipient", "end_user",
        "military", "destination", "date", "area", "value", "origin", "country", "name",
    ]),
)  # fmt: skip
TREES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(KEYS, children, max_size=6)
    ),
    max_leaves=40,
)


@SETTINGS
@given(TREES)
def test_random_yaml_structures(tree: Any) -> None:
    outcome(yaml.safe_dump(tree, allow_unicode=True).encode())


@SETTINGS
@given(
    st.sampled_from(EXAMPLES),
    st.lists(
        st.tuples(
            st.sampled_from(["drop", "dup", "swap", "replace"]),
            st.integers(0, 200),
            st.text(max_size=20),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_mutated_examples(example: bytes, edits: list[tuple[str, int, str]]) -> None:
    lines = example.decode().splitlines(keepends=True)
    for action, where, text in edits:
        if not lines:
            break
        i = where % len(lines)
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = (i + 1) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        else:
            head, sep, _ = lines[i].partition(":")
            lines[i] = f"{head}{sep} {text}\n" if sep else text + "\n"
    outcome("".join(lines).encode("utf-8", "surrogatepass"))


def test_every_example_is_a_verdict() -> None:
    for data in EXAMPLES:
        assert isinstance(outcome(data), Verdict)
