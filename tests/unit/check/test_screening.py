from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportcheck.check.screening import NEAR, Screened, screen
from exportcheck.model.description import Description
from exportcheck.model.verdict import Level, NoteKind
from exportcheck.render import reasons
from exportcheck.rules.book import RuleBook
from exportcheck.rules.matchers.base import Outcome, Truth
from exportcheck.rules.matchers.entity_list import MATCH, SURE
from exportcheck.rules.model import DUAL_USE_TAG
from exportcheck.vocab.names import normalise

HEAD = "kind: shipment\nexporter: {name: Ganzhou Rare Metals Co., country: CN}\n"
ITEMS = "items: [{description: Cotton, hs_code: '5201'}]\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mitsubishi Shipbuilding Co., Ltd.", "mitsubishi shipbuilding"),
        ("Boeing Defense, Space & Security", "boeing defense space security"),
        ("TCOM, Limited Partnership", "tcom"),
        ("Société Générale S.A.", "societe generale"),
        ("三菱重工業株式会社", "三菱重工业"),  # Han characters as Simplified Chinese ones
        ("株式会社SUBARU", "subaru"),
        ("Ｔｅｃｈ Ｉｎｓｉｇｈｔｓ　Inc.", "tech insights"),
        ("Co., Ltd.", ""),
    ],
)  # fmt: skip
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def screen_party(
    party: str,
    book: RuleBook,
    describe: Callable[[str], Description],
    *,
    as_of: str = "2026-12-01",
    dual_use: Truth = Truth.TRUE,
) -> Screened:
    description = describe(HEAD + f"end_user: {party}\n" + ITEMS)
    shipment = {DUAL_USE_TAG: Outcome(dual_use)} if dual_use is not Truth.FALSE else {}
    return screen(description, book, dt.date.fromisoformat(as_of), shipment)


def test_a_control_list_hit_on_a_dual_use_shipment_is_prohibited(
    book: RuleBook, describe: Callable[[str], Description]
) -> None:
    result = screen_party(
        "{name: Mitsubishi Heavy Industries Shipbuilding Co Ltd, country: JP}", book, describe
    )
    (finding,) = result.findings
    assert finding.level is Level.PROHIBITED
    assert finding.rule == "mofcom-2026-11:control-list"
    assert finding.subject == "end_user"
    assert finding.score is not None
    assert finding.score >= MATCH


@pytest.mark.parametrize(
    ("dual_use", "level"),
    [(Truth.TRUE, Level.PROHIBITED), (Truth.UNKNOWN, Level.REVIEW), (Truth.FALSE, Level.REVIEW)],
)
def test_control_list_effect_depends_on_dual_use_items(
    book: RuleBook, describe: Callable[[str], Description], dual_use: Truth, level: Level
) -> None:
    result = screen_party("{name: MP Materials}", book, describe, dual_use=dual_use)
    assert [f.level for f in result.findings] == [level]


def test_watch_list_is_review_and_unreliable_entity_list_prohibited(
    book: RuleBook, describe: Callable[[str], Description]
) -> None:
    watch = screen_party("{name: Subaru Corporation}", book, describe, dual_use=Truth.FALSE)
    assert [(f.rule, f.level) for f in watch.findings] == [
        ("mofcom-2026-12:watch-list", Level.REVIEW)
    ]
    uel = screen_party("{name: TechInsights Inc}", book, describe, dual_use=Truth.FALSE)
    assert [(f.rule, f.level) for f in uel.findings] == [
        ("uel-2025-10:unreliable-list", Level.PROHIBITED)
    ]


def test_listings_only_from_their_date_and_not_after_they_end(
    book: RuleBook, describe: Callable[[str], Description]
) -> None:
    assert screen_party("{name: MP Materials}", book, describe, as_of="2026-06-21").findings == ()
    # Shield AI: Control List No. 13 of 2025 (measures stopped from 2025-11-10) and Unreliable
    # Entity List No. 8 of 2025 (suspended from 2025-05-14, stopped from 2025-08-12).
    lifted = screen_party("{name: Shield AI}", book, describe, as_of="2026-01-01")
    assert lifted.findings == ()
    assert sorted((n.rule, n.kind) for n in lifted.notes) == [
        ("mofcom-2025-13:control-list", NoteKind.NOT_IN_FORCE),
        ("uel-2025-8:unreliable-list", NoteKind.NOT_IN_FORCE),
    ]
    in_force = screen_party("{name: Shield AI}", book, describe, as_of="2025-06-01")
    assert [f.rule for f in in_force.findings] == ["mofcom-2025-13:control-list"]
    assert [(n.rule, n.kind) for n in in_force.notes] == [
        ("uel-2025-8:unreliable-list", NoteKind.SUSPENDED)
    ]
    before = screen_party("{name: Shield AI}", book, describe, as_of="2025-04-20")
    assert sorted(f.rule for f in before.findings) == [
        "mofcom-2025-13:control-list",
        "uel-2025-8:unreliable-list",
    ]


def test_suspended_listings_are_notes_and_apply_again_with_a_caution(
    book: RuleBook, describe: Callable[[str], Description]
) -> None:
    # Sierra Nevada: Control List No. 21 of 2025 (suspended 2025-05-14 to 2026-11-09) and
    # Unreliable Entity List No. 8 of 2025 (stopped from 2025-08-12).
    during = screen_party("{name: Sierra Nevada Corp}", book, describe, as_of="2026-06-01")
    assert during.findings == ()
    assert sorted((n.rule, n.kind) for n in during.notes) == [
        ("mofcom-2025-21:control-list", NoteKind.SUSPENDED),
        ("uel-2025-8:unreliable-list", NoteKind.NOT_IN_FORCE),
    ]
    after = screen_party("{name: Sierra Nevada Corp}", book, describe, as_of="2026-11-24")
    (finding,) = after.findings
    assert finding.caution is not None
    assert "UNCONFIRMED" in finding.caution


def test_a_near_match_is_review_with_its_score_until_the_file_clears_it(
    book: RuleBook, describe: Callable[[str], Description]
) -> None:
    result = screen_party("{name: Mitsubishi Heavy Industries}", book, describe)
    (near,) = result.findings
    assert near.level is Level.REVIEW
    assert near.score is not None
    assert NEAR <= near.score < MATCH
    assert f"below the match threshold {MATCH:g}" in reasons.finding(near)
    assert "end_user.distinct_from" in reasons.finding(near)
    cleared = screen_party(
        "{name: Mitsubishi Heavy Industries, distinct_from: "
        "['Mitsubishi Heavy Industries Shipbuilding Co., Ltd.',"
        " 'Mitsubishi Heavy Industries Aero Engines, Ltd.',"
        " 'Mitsubishi Heavy Industries Marine Machinery & Equipment Co., Ltd.',"
        " 'Mitsubishi Heavy Industries Maritime Systems, Ltd.']}",
        book,
        describe,
    )
    assert cleared.findings == ()
    assert all(n.kind is NoteKind.NEAR_MATCH for n in cleared.notes)
    assert "is a different entity" in reasons.note(cleared.notes[0])


@pytest.mark.parametrize(
    ("name", "entry"),
    [
        ("Tech Insights Inc", "TechInsights"),
        ("TECHINSIGHTS INC. (Ottawa, Canada)", "TechInsights"),
        ("Lockheed Martin Corporation, Orlando, FL", "Lockheed Martin Corporation"),
        ("Anduril Industries, Inc. (Costa Mesa, CA)", "Anduril Industries"),
        ("洛克希德·马丁公司", "Lockheed Martin Corporation"),  # the name in MOFCOM's Chinese text
        ("Mitsubishi Shipbuilding Co., Ltd.", "Mitsubishi Heavy Industries Shipbuilding"),
        ("株式会社SUBARU", "SUBARU Corporation"),
        ("JAXA (Japan Aerospace Exploration Agency)", "Japan Aerospace Exploration Agency"),
    ],
)
def test_names_match_through_legal_forms_addresses_and_spacing(
    book: RuleBook, describe: Callable[[str], Description], name: str, entry: str
) -> None:
    result = screen_party(f"{{name: {json.dumps(name)}}}", book, describe)
    hits = [f for f in result.findings if f.score is not None and f.score >= MATCH]
    assert hits, result
    assert any(entry in reasons.finding(f) for f in hits)


def test_no_match_still_reports_what_was_screened(
    book: RuleBook, describe: Callable[[str], Description]
) -> None:
    result = screen_party("{name: Bosch GmbH, country: DE}", book, describe)
    assert result.findings == ()
    assert result.notes == ()
    summary = result.summary
    assert summary.parties == ("exporter", "end_user")
    assert summary.entries >= 274  # every entity a source names (docs/rulesets.md)
    assert summary.announced >= 265  # as the announcements count them
    assert summary.hits == 0
    assert NEAR < MATCH


def test_a_hit_on_an_unconfirmed_entry_says_so(
    book: RuleBook, describe: Callable[[str], Description]
) -> None:
    # Red Cat Holdings: named for No. 23 of 2026 by a single secondary source.
    (finding,) = screen_party("{name: 'Red Cat Holdings, Inc.'}", book, describe).findings
    assert finding.rule == "mofcom-2026-23:control-list"
    assert finding.caution is not None
    assert "This entry is UNCONFIRMED" in finding.caution
    # MP Materials, of the same announcement, is named by the press: no such caution.
    (named,) = screen_party("{name: MP Materials Corp.}", book, describe).findings
    assert named.caution is None or "entry is UNCONFIRMED" not in named.caution


def test_a_listing_whose_measures_stopped_is_a_note_from_that_day(
    book: RuleBook, describe: Callable[[str], Description]
) -> None:
    # American Photonics: No. 22 of 2025, in force 2025-04-10, measures stopped from 2025-08-12.
    earlier = screen_party("{name: American Photonics}", book, describe, as_of="2025-04-20")
    assert [f.rule for f in earlier.findings] == ["mofcom-2025-22:control-list"]
    later = screen_party("{name: American Photonics}", book, describe, as_of="2025-08-12")
    assert later.findings == ()
    assert [(n.rule, n.kind) for n in later.notes] == [
        ("mofcom-2025-22:control-list", NoteKind.NOT_IN_FORCE)
    ]


def _reference(name: str, book: RuleBook) -> dict[int, float]:
    """The scores as rapidfuzz's token_sort_ratio gives them, key by key (screening sorts the
    keys' words once instead, issue 16 item 3): the same numbers are required."""
    from rapidfuzz import fuzz  # noqa: PLC0415

    from exportcheck.check.screening import _alike  # noqa: PLC0415
    from exportcheck.vocab.names import variants  # noqa: PLC0415

    lists = book.entity_lists
    assert lists is not None
    best: dict[int, float] = {}
    for query in variants(name):
        for position, key in enumerate(lists.keys):
            found = []
            score = fuzz.token_sort_ratio(query, key)
            if score >= NEAR:
                found.append(score)
            joined = fuzz.ratio(query.replace(" ", ""), key.replace(" ", ""))
            if joined >= MATCH:
                found.append(joined)
            for value in found:
                if value < MATCH and not _alike(query, key):
                    continue
                owner = lists.owners[position]
                best[owner] = max(best.get(owner, 0.0), round(float(value), 1))
    return best


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_scores_are_rapidfuzz_token_sort_ratio_s(book: RuleBook, data: st.DataObject) -> None:
    """A listed name, an alias, or a name made of their words in any order, with letters
    changed, legal forms added or spaces taken out, scores as token_sort_ratio scores it."""
    from exportcheck.check.screening import _scored  # noqa: PLC0415

    lists = book.entity_lists
    assert lists is not None
    names = sorted({n for e in lists.entries for n in e.names})
    words = sorted({w for n in names for w in n.split()})
    name = data.draw(
        st.one_of(
            st.sampled_from(names),
            st.lists(st.sampled_from(words), min_size=1, max_size=5).map(" ".join),
            st.sampled_from(names).map(lambda n: n.replace(" ", "")),
            st.sampled_from(names).map(lambda n: n[:-2] + "xy GmbH"),
            st.text(min_size=1, max_size=30),
        )
    )
    assert _scored(name, lists) == _reference(name, book)


@pytest.mark.parametrize("cutoff", [NEAR, MATCH])
def test_the_length_window_keeps_every_key_that_can_reach_the_cutoff(cutoff: float) -> None:
    """A ratio is at most 200 * shorter / (sum of lengths): each key length that bound lets
    reach the cutoff is inside the window, for queries of 1 to 80 characters."""
    from exportcheck.check.screening import _ByLength  # noqa: PLC0415

    keys = _ByLength(["x" * n for n in range(160)])
    for length in range(1, 81):
        start, end = keys.window(length, cutoff)
        reachable = [n for n in range(160) if 200 * min(n, length) >= cutoff * (n + length)]
        assert all(start <= n < end for n in reachable), (length, start, end)
        assert end - start < 160  # it leaves keys out


@settings(max_examples=300, deadline=None)
@given(
    query=st.text(alphabet="abcdefgh ", min_size=1, max_size=40),
    keys=st.lists(st.text(alphabet="abcdefgh ", max_size=60), min_size=1, max_size=30),
    cutoff=st.sampled_from([NEAR, MATCH]),
)
def test_a_length_window_finds_what_scoring_every_key_finds(
    query: str, keys: list[str], cutoff: float
) -> None:
    from rapidfuzz import fuzz, process  # noqa: PLC0415

    from exportcheck.check.screening import _ByLength  # noqa: PLC0415

    every = {
        (round(score, 6), at)
        for _, score, at in process.extract(
            query, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        )
    }
    found = _ByLength(keys).extract(query, cutoff, process.extract, fuzz.ratio)
    assert {(round(score, 6), at) for score, at in found} == every


def test_distinct_from_does_not_clear_a_match_it_only_disputes(
    book: RuleBook, describe: Callable[[str], Description]
) -> None:
    """A party that says it is not the entity whose very name it has (score 100) is review with
    the score, never a note and never a hit's verdict."""
    plain = screen_party("{name: MP Materials Corp.}", book, describe)  # a dual-use shipment
    assert Level.PROHIBITED in {f.level for f in plain.findings}
    disputed = screen_party(
        "{name: MP Materials Corp., distinct_from: ['MP Materials Corp.']}", book, describe
    )
    assert disputed.findings
    assert all(f.level is Level.REVIEW for f in disputed.findings)
    assert all(f.score is not None and f.score >= MATCH for f in disputed.findings)
    assert "distinct_from" in reasons.finding(disputed.findings[0])


@pytest.mark.parametrize("as_of", ["2025-06-01", "2025-09-01", "2026-06-01"])
def test_a_near_match_to_a_listing_that_binds_no_one_is_a_note(
    book: RuleBook, describe: Callable[[str], Description], as_of: str
) -> None:
    """No. 22's listings were suspended, then stopped: a name that only resembles one is told
    as an exact one is, in a note (it was review on every day after)."""
    result = screen_party("{name: Acme Photonics Inc.}", book, describe, as_of=as_of)
    assert not [f for f in result.findings if f.rule.startswith("mofcom-2025-22")]
    assert any(n.rule.startswith("mofcom-2025-22") for n in result.notes)
    before = screen_party("{name: Acme Photonics Inc.}", book, describe, as_of="2025-04-20")
    assert [f.level for f in before.findings if f.rule.startswith("mofcom-2025-22")] == [
        Level.REVIEW
    ]


@pytest.mark.parametrize(
    ("name", "entry"),
    [
        ("AMP Materials GmbH", "MP Materials"),  # another company, a letter apart
        ("Lockheed Martn Corp", "Lockheed Martin"),  # a letter dropped
        ("Huntington Ingals Industries", "Huntington Ingalls"),
    ],
)
def test_a_close_name_is_review_until_the_file_says_who_it_is(
    book: RuleBook, describe: Callable[[str], Description], name: str, entry: str
) -> None:
    """A name a letter or a word from a listed one may be that entity or another: the user
    confirms (review, with the score), never a listing's verdict on a guess; the party's
    `distinct_from` clears it, as for a near match."""
    result = screen_party(f"{{name: {json.dumps(name)}}}", book, describe)
    close = [f for f in result.findings if f.score is not None and f.score >= MATCH]
    assert close, result
    assert all(f.level is Level.REVIEW for f in result.findings)
    assert all(MATCH <= (f.score or 0) < SURE for f in close)
    said = reasons.finding(close[0])
    assert entry in said
    assert "not the same name" in said
    assert "end_user.distinct_from" in said
    entries = sorted({f.basis.evidence[0].values[1] for f in result.findings})
    cleared = screen_party(
        f"{{name: {json.dumps(name)}, distinct_from: {json.dumps(entries)}}}", book, describe
    )
    assert cleared.findings == ()
    assert cleared.notes
    assert all(n.kind is NoteKind.NEAR_MATCH for n in cleared.notes)
