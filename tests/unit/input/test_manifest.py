"""CSV manifests: each row gives the verdict of the one-item description it stands for, whatever
rows came before it; columns, header and --set, and every way a file or row can be wrong."""

from __future__ import annotations

import datetime as dt
import functools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec.structs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportcheck.check.engine import Checker
from exportcheck.errors import InputError
from exportcheck.identify import facts
from exportcheck.input import manifest, shipment
from exportcheck.input.convert import decimal_comma
from exportcheck.input.keys import PASSIVE_ITEM_KEYS
from exportcheck.input.parse import parse_file
from exportcheck.input.yamlio import DEFAULT_LIMITS, Limits
from exportcheck.model import days
from exportcheck.model.result import Result
from exportcheck.model.verdict import Level
from exportcheck.render import record
from exportcheck.rules.book import RuleBook
from exportcheck.rules.load import load_rulebook
from exportcheck.run.batch import BatchOptions, rows

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = ROOT / "examples" / "manifests" / "2026-12-01.csv"
HEADER = ROOT / "examples" / "manifests" / "2026-12-01.header.yaml"
DAY = dt.date(2026, 12, 1)
EXPORTER = ["exporter.name=Ganzhou Co.", "exporter.country=CN"]


def results(
    book: RuleBook,
    path: Path,
    sets: list[str] | None = None,
    header: Path | None = None,
    checker: Checker | None = None,
    *,
    decimal_comma: bool = False,
) -> list[Result]:
    fields = shipment.shipment_fields(
        str(header) if header else None, EXPORTER if sets is None else sets, _limits()
    )
    options = BatchOptions(today=DAY, horizon=0, shipment=fields, decimal_comma=decimal_comma)
    return list(rows(str(path), checker or Checker(book), options))


def _limits() -> Limits:
    return DEFAULT_LIMITS


def write(tmp_path: Path, text: str, name: str = "m.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def as_description(row: dict[str, str], line: int, shipment: dict[str, Any]) -> bytes:
    """The YAML (as JSON) description a manifest row stands for."""
    top: dict[str, Any] = json.loads(json.dumps(shipment))
    item: dict[str, Any] = {}
    for column, value in row.items():
        if not value.strip():
            continue
        parts = column.split(".")
        target = item if manifest.item_place(column) is not None else top
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value.strip()
    item.setdefault("id", str(line))
    top["items"] = [item]
    top.setdefault("kind", "shipment")
    return json.dumps(top).encode()


def test_every_row_gives_the_verdict_of_its_own_description(book: RuleBook) -> None:
    found = results(book, MANIFEST, sets=[], header=HEADER)
    header = {
        "reference": "FWD-2026-12-01",
        "date": "2026-12-01",
        "exporter": {"name": "Ganzhou Rare Metals Co., Ltd.", "country": "CN"},
        "end_user": {"military": "false"},
    }
    lines = MANIFEST.read_text().splitlines()
    names = lines[0].split(",")
    assert len(found) == len(lines) - 1
    for result, (line, text) in zip(found, enumerate(lines[1:], start=2), strict=True):
        row = dict(zip(names, text.split(","), strict=True))
        data = as_description(row, line, header)
        assert result.row == line
        try:
            description = parse_file(data, str(MANIFEST))
        except InputError:
            assert result.verdict is None
            assert result.problems[0].mark is not None
            assert result.problems[0].mark.line == line
            continue
        day, how = days.chosen(None, description.date, DAY)
        expected = Checker(book).check(msgspec.structs.replace(description, row=line), day, 0, how)
        assert result.verdict == expected, line


ROWS = st.tuples(
    st.sampled_from(
        [
            ("Dysprosium oxide", "2846901940", "78"),
            ("Dysprosium oxide", "2846901940", ""),
            ("Cotton t-shirts", "6109100000", ""),
            ("Sintered NdFeB magnets", "8505111000", ""),
            ("Widget", "84x1", ""),
        ]
    ),
    st.sampled_from(["", "A1", "A2", "x,y"]),
    st.sampled_from(["", "1", "2.5", "-3", "abc"]),
    st.sampled_from(["", "USD", "usd"]),
    st.sampled_from(["DE", "JP", "", "XX"]),
)


@functools.cache
def bundled() -> RuleBook:
    return load_rulebook()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROWS, min_size=1, max_size=12))
def test_rows_are_decided_alike_with_or_without_earlier_rows(
    tmp_path_factory: pytest.TempPathFactory, rows: list[Any]
) -> None:
    book = bundled()
    folder = tmp_path_factory.mktemp("m")
    text = "description,hs_code,contains.Dy,id,quantity,currency,destination\n"
    for (description, hs_code, dy), item, quantity, currency, destination in rows:
        cell = f'"{item}"' if "," in item else item
        text += f"{description},{hs_code},{dy},{cell},{quantity},{currency},{destination}\n"
    path = write(folder, text)
    together = results(book, path)
    apart = []
    for line_text in text.splitlines()[1:]:
        alone = write(folder, text.splitlines()[0] + "\n" + line_text + "\n", "one.csv")
        (result,) = results(book, alone)
        apart.append(result)
    assert len(together) == len(apart)
    for line, (shared, own) in enumerate(zip(together, apart, strict=True), start=2):
        assert shared.row == line
        if own.verdict is None:
            assert shared.verdict is None
            assert [(p.path, p.message) for p in shared.problems] == [
                (p.path, p.message) for p in own.problems
            ]
            continue
        assert shared.verdict is not None
        assert shared.item is not None
        assert own.item == (shared.item if shared.item != str(line) else "2")
        assert msgspec.structs.replace(shared.verdict.for_row(0, "-"), file="") == (
            msgspec.structs.replace(own.verdict.for_row(0, "-"), file="")
        )
        template = record.RowTemplate(shared.decided)  # type: ignore[arg-type]
        assert template.render(line, shared.item) == record.line(
            record.to_dict(shared.verdict, rulesets=False)
        )


def test_passive_columns_are_what_no_rule_reads(book: RuleBook) -> None:
    description = parse_file((ROOT / "examples" / "cotton-t-shirts.yaml").read_bytes(), "f")
    item = description.items[0]
    assert item.components is None
    changed = msgspec.structs.replace(item, quantity=None, unit="t", value=None, currency="EUR")
    for index in book.indexes.values():
        assert facts.key(index.facts, description, changed) == facts.key(
            index.facts, description, item
        )
    assert set(PASSIVE_ITEM_KEYS) == {"quantity", "unit", "value", "currency"}


def test_a_cell_wins_over_set_which_wins_over_the_header(book: RuleBook, tmp_path: Path) -> None:
    """Clause 1 of No. 46 of 2024 (dual-use items to US military users) concerns dysprosium
    oxide to the US, not to Germany: it shows which destination a row got."""
    header = write(tmp_path, "exporter: {name: H, country: CN}\ndestination: US\n", "h.yaml")
    path = write(
        tmp_path,
        "description,hs_code,contains.Dy,destination\n"
        "Dysprosium oxide,2846901940,78,\n"
        "Dysprosium oxide,2846901940,78,US\n",
    )

    def barred(sets: list[str]) -> list[bool]:
        found = results(book, path, sets=sets, header=header)
        verdicts = [r.verdict for r in found]
        assert all(v is not None for v in verdicts)
        return [any(f.rule == "mofcom-2024-46:clause-1" for f in v.findings) for v in verdicts if v]

    assert barred([]) == [True, True]  # the header's US
    assert barred(["destination=DE"]) == [False, True]  # --set over the header, the cell over both


def test_semicolons_a_bom_blank_rows_and_quoted_commas(book: RuleBook, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(
        '\ufeffid;description;hs_code\n\n1;"Cotton t-shirts, white";6109100000\n ; ; \n'.encode()
    )
    (result,) = results(book, path)
    assert result.row == 3
    assert result.verdict is not None
    assert result.verdict.level is Level.NO_MATCH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("description,hs_code\nx,1234,extra\n", ["m.csv:2:1: has 3 fields; the header has 2"]),
        (
            "description,hs_code\nx,12\x004\n",
            ["m.csv:2:2: contains a NUL character; is it a binary file?"],
        ),
        (
            "description,hs_code,origin\nx,1234,cn\n",
            ["m.csv:2:3: origin: \"cn\" is not an ISO 3166-1 alpha-2 country code; "
             "country codes are upper case: 'CN'"],
        ),
        (
            "description,hs_code,contains.dysprosum\nx,1234,5\n",
            ["m.csv:2:3: contains.dysprosum: unknown element 'dysprosum'; "
             "did you mean 'dysprosium'?"],
        ),
        ("hs_code\n1234\n", ["m.csv:1:1: description: missing required column"]),
        ("", ["m.csv:1:1: description: missing required column"]),
    ],
)  # fmt: skip
def test_problems_name_file_line_column_and_column_name(
    book: RuleBook, tmp_path: Path, text: str, expected: list[str]
) -> None:
    path = write(tmp_path, text)
    found = results(book, path)
    shown = [str(p).replace(str(tmp_path) + "/", "") for r in found for p in r.problems]
    assert shown == expected
    assert all(r.verdict is None for r in found)


def test_bytes_that_are_not_utf8_are_reported_in_their_row_and_column(
    book: RuleBook, tmp_path: Path
) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(
        b"description,hs_code\nCotton,6109100000\nCaf\xe9,6109100000\nCotton,6109100000\n"
    )
    found = results(book, path)
    assert [r.row for r in found] == [2, 3, 4]
    assert [r.verdict is not None for r in found] == [True, False, True]
    assert [str(p).replace(str(tmp_path) + "/", "") for p in found[1].problems] == [
        "m.csv:3:1: is not valid UTF-8; the bytes read as cp1252: give --encoding cp1252"
    ]


def test_header_and_set_are_checked_like_a_description(tmp_path: Path) -> None:
    header = write(tmp_path, "exporter: {name: A, country: CN}\ndate: 2026-13-01\n", "h.yaml")
    with pytest.raises(InputError) as caught:
        shipment.shipment_fields(str(header), [], _limits())
    assert [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [
        'h.yaml:2:7: date: "2026-13-01" is not a valid calendar date'
    ]
    sets = ["destination=Germany", "exporter.nmae=X", "oops"]
    with pytest.raises(InputError) as caught:
        shipment.shipment_fields(None, sets, _limits())
    assert [str(p) for p in caught.value.problems] == [
        "--set: exporter.nmae: unknown field; did you mean 'exporter.name'?",
        "--set: oops: expected KEY=VALUE, found 'oops'",
    ]
    with pytest.raises(InputError) as caught:
        shipment.shipment_fields(None, ["destination=Germany"], _limits())
    assert 'destination: "Germany" is not an ISO 3166-1 alpha-2 country code' in str(
        caught.value.problems[0]
    )


def test_the_shared_header_is_never_changed_by_a_row(book: RuleBook, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "description,hs_code,exporter.name\nCotton t-shirts,6109100000,Row Exporter\n"
        "Cotton t-shirts,6109100000,\n",
    )
    fields = shipment.shipment_fields(None, EXPORTER, _limits())
    options = BatchOptions(today=DAY, horizon=0, shipment=fields)
    found = list(rows(str(path), Checker(book), options))
    assert fields.values[("exporter", "name")].raw == "Ganzhou Co."
    assert [r.verdict is not None for r in found] == [True, True]


def test_stray_bytes_outside_the_facts_are_caught_on_known_rows(
    book: RuleBook, tmp_path: Path
) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(
        b"id,description,hs_code,unit,quantity\n"
        b"A1,Cotton t-shirts,6109100000,pcs,10\n"
        b"A2,Cotton t-shirts,6109100000,pc\x00s,10\n"
        b"A\x003,Cotton t-shirts,6109100000,pcs,10\n"
        b"A4,Cotton t-shirts,6109100000,p\xe9s,10\n"
        b"A5,Cotton t-shirts,6109100000,pcs,1\xff\n"
    )
    found = results(book, path)
    assert [r.verdict is not None for r in found] == [True, False, False, False, False]
    shown = [str(p).replace(str(tmp_path) + "/", "") for r in found for p in r.problems]
    assert shown == [
        "m.csv:3:4: contains a NUL character; is it a binary file?",
        "m.csv:4:1: contains a NUL character; is it a binary file?",
        "m.csv:5:4: is not valid UTF-8; the bytes read as cp1252: give --encoding cp1252",
        "m.csv:6:5: is not valid UTF-8; the bytes read as cp1252: give --encoding cp1252",
    ]


def test_owners_are_read_from_a_cell_as_names_or_none(book: RuleBook, tmp_path: Path) -> None:
    """`<party>.owners` (issue 14, review row 20): names split by `;`, `none` for none, blank
    for not stated; a manifest row says it as a YAML file does."""
    path = tmp_path / "m.csv"
    path.write_text(
        "description,hs_code,origin,exporter.name,exporter.country,consignee.name,"
        "consignee.owners,end_user.name,end_user.military,end_user.owners\n"
        "Dy oxide 99.9%,2846901940,CN,Tokyo Metals,JP,GD Korea,General Dynamics; X,Y,false,none\n"
        "Dy oxide 99.9%,2846901940,CN,Tokyo Metals,JP,Hanil,None,Hanil,false,none\n"
        "Dy oxide 99.9%,2846901940,CN,Tokyo Metals,JP,Hanil,,Hanil,false,none\n"
    )
    listed, clear, unstated = results(book, path)
    for result in (listed, clear, unstated):
        assert result.verdict is not None
    assert listed.verdict is not None
    assert [f.subject for f in listed.verdict.findings if f.rule.endswith("listed-party")] == [
        "consignee.owners[1]"
    ]
    assert clear.verdict is not None
    assert clear.verdict.level is Level.LICENSE_REQUIRED
    assert unstated.verdict is not None
    assert unstated.verdict.level is Level.REVIEW
    assert [m.field for f in unstated.verdict.findings for m in f.missing] == ["consignee.owners"]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.decimals(min_value=0, max_value=100, places=1), st.sampled_from([";", "\t", ","]))
def test_decimal_commas_read_as_decimal_points(
    book: RuleBook, tmp_path: Path, share: Decimal, delimiter: str
) -> None:
    """`87,1` in a semicolon- or tab-separated manifest (as European spreadsheets save CSV), or
    with --decimal-comma in a comma-separated one, is 87.1 (issue 15, item 3)."""
    head = ["description", "hs_code", "origin", "contains.Dy", "contains.O"]
    row = ["Dysprosium oxide", "2846901940", "CN", str(share), str(100 - share)]
    point = tmp_path / "point.csv"
    point.write_text(",".join(head) + "\n" + ",".join(row) + "\n")
    comma = tmp_path / "comma.csv"
    cells = [f'"{c.replace(".", ",")}"' if delimiter == "," else c.replace(".", ",") for c in row]
    comma.write_text(delimiter.join(head) + "\n" + delimiter.join(cells) + "\n")
    (expected,) = results(book, point)
    (got,) = results(book, comma, decimal_comma=delimiter == ",")
    assert expected.verdict is not None
    assert got.verdict is not None, got.problems
    assert got.verdict.level is expected.verdict.level
    assert [f.rule for f in got.verdict.findings] == [f.rule for f in expected.verdict.findings]


def test_a_decimal_comma_with_thousands_dots() -> None:
    assert decimal_comma("87,1") == "87.1"
    assert decimal_comma(" -1.234,50 ") == "-1234.50"
    assert decimal_comma("1,2,3") == "1,2,3"  # not a number: refused later, with its place
    assert decimal_comma("12.5") == "12.5"


def test_a_party_name_of_punctuation_alone_is_an_error(book: RuleBook, tmp_path: Path) -> None:
    """As in a description: a name with no letter or digit would be screened as no name."""
    path = write(tmp_path, "description,hs_code,consignee.name\nCotton t-shirts,6109100000,()\n")
    (found,) = results(book, path)
    assert found.verdict is None
    assert any("has no letter or digit" in str(p) for p in found.problems)
