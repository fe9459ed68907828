"""Reproducible synthetic workloads for benchmarks/run.py.

Line items are drawn from a catalogue of about 700 products built from the families a
rare-earth and battery supply chain ships: rare-earth oxides and metals, magnets with and
without a stated composition, lithium-ion cells around the 300 Wh/kg threshold, cathode
powders around theirs, graphite, antimony, gallium arsenide, tungsten alloy, electric cars (each
with its own VIN), and the ordinary goods that fill most manifests (garments, fasteners,
laptops). Products are drawn with Zipf-like weights, as real manifests repeat their best
sellers; quantities, values and line ids vary per line; CSV rows go to 40 consignees in 17
countries. Everything comes from one seeded random generator: the same arguments give the same
bytes.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

SEED = 20261201


@dataclass(frozen=True)
class Product:
    description: str
    hs_code: str
    unit: str
    contains: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)
    car: bool = False


def catalogue(rng: random.Random) -> list[Product]:
    products: list[Product] = []
    add = products.append
    for purity, dy in itertools.product(("99.5", "99.9", "99.99"), range(74, 80)):
        add(
            Product(
                f"Dysprosium oxide Dy2O3 {purity}%, lot grade {dy}",
                "2846901940",
                "kg",
                {"Dy": str(dy), "O": str(100 - dy)},
            )
        )
        add(Product(f"Terbium metal {purity}%, ingot {dy} mm", "2805301990", "kg", {"Tb": purity}))
    for grade, size in itertools.product(
        ("N35", "N42", "N48SH", "N52", "38UH", "45SH"), ("10x5x2", "20x10x5", "30x20x10", "D8x4")
    ):
        share = rng.choice(("0", "1.2", "2.2", "3.5"))
        add(
            Product(
                f"Sintered NdFeB magnets {grade}, nickel coated, {size} mm",
                "8505111000",
                "pcs",
                {"Nd": "28.5", "Dy": share, "Fe": str(round(70.5 - float(share), 1)), "B": "1.0"},
            )
        )
        add(Product(f"NdFeB magnets {grade}, assorted, {size} mm", "8505111000", "pcs"))
    for ah, wh in itertools.product(range(5, 55, 5), range(180, 345, 10)):
        add(
            Product(
                f"Lithium-ion pouch cell, {ah} Ah, {wh} Wh/kg class",
                "8507600090",
                "pcs",
                parameters={"energy_density_wh_per_kg": str(wh)},
            )
        )
    for density, capacity in itertools.product(("2.2", "2.35", "2.5", "2.6"), range(140, 166, 3)):
        add(
            Product(
                f"LFP cathode powder, carbon coated, {density} g/cm3",
                "2842904000",
                "kg",
                parameters={
                    "compaction_density_g_per_cm3": density,
                    "specific_capacity_mah_per_g": str(capacity),
                },
            )
        )
    for sg, carbon in itertools.product(range(10, 25), ("99.9", "99.95", "99.99")):
        add(
            Product(
                f"Spherical natural graphite SG-{sg}, carbon {carbon}%",
                "3801909010",
                "kg",
                parameters={"purity_percent": carbon},
            )
        )
    for grade in ("flame-retardant", "catalyst", "high purity", "glass"):
        add(Product(f"Antimony trioxide Sb2O3, {grade} grade", "2825800010", "kg"))
    for inch in ("2", "3", "4", "6"):
        add(
            Product(
                f"Semi-insulating gallium arsenide (GaAs) wafers, {inch} inch", "3818009004", "pcs"
            )
        )
    for w, ni, fe in (
        ("90", "7", "3"),
        ("93", "4.9", "2.1"),
        ("95", "3.5", "1.5"),
        ("97", "2.1", "0.9"),
    ):
        add(
            Product(
                f"Tungsten heavy alloy bars W-Ni-Fe {w}%",
                "8101991090",
                "kg",
                {"W": w, "Ni": ni, "Fe": fe},
            )
        )
    for thread, length in itertools.product(
        ("M4", "M5", "M6", "M8", "M10", "M12", "M16"), range(10, 110, 5)
    ):
        add(
            Product(
                f"Stainless steel hex bolts {thread}x{length}, A2-70",
                "7318158090",
                "pcs",
                {"Fe": "70", "Cr": "18", "Ni": "8"},
            )
        )
    for kind, size, colour in itertools.product(
        ("T-shirts", "Polo shirts", "Vests"),
        ("S", "M", "L", "XL", "XXL"),
        ("white", "black", "navy", "grey", "red"),
    ):
        add(
            Product(
                f"Men's {kind}, knitted, 100% cotton, {colour}, size {size}",
                "6109100000",
                "pcs",
                {"cotton": "100"},
            )
        )
    for brand, number in itertools.product(("Lenovo", "Huawei", "Xiaomi", "Honor"), range(1, 40)):
        add(Product(f"Laptop computer {brand} {number:02d}, 14 inch", "8471300000", "pcs"))
    for model in ("sedan 82 kWh", "SUV 100 kWh", "hatchback 60 kWh"):
        add(Product(f"Electric {model}", "8703801090", "pcs", car=True))
    return products


CONSIGNEES = [
    (f"{name} {suffix}", country)
    for (name, country), suffix in zip(
        [
            ("Bosch", "DE"), ("Continental", "DE"), ("Valeo", "FR"), ("Philips", "NL"),
            ("Northvolt Ett", "SE"), ("Magna Components", "CZ"), ("Tata AutoComp", "IN"),
            ("VinFast Trading", "VN"), ("Samsung SDI", "KR"), ("Denso", "JP"),
            ("Grupo Bimbo Logistica", "MX"), ("Arcelik", "TR"), ("Electrolux", "SE"),
            ("Ficosa", "ES"), ("Brembo", "IT"), ("Siemens", "DE"), ("ABB", "CH"),
            ("Nokia", "FI"), ("Hyundai Mobis", "KR"), ("Panasonic Energy", "JP"),
            ("Schneider Electric", "FR"), ("Legrand", "FR"), ("Vestas", "DK"),
            ("Orsted", "DK"), ("Umicore", "BE"), ("Solvay", "BE"), ("BASF", "DE"),
            ("Tesla Manufacturing", "US"), ("Whirlpool", "US"), ("Flex", "SG"),
            ("Jabil", "MY"), ("Foxconn Industrial", "VN"), ("Pegatron", "ID"),
            ("Wistron", "MX"), ("Compal", "BR"), ("Inventec", "CZ"), ("Delta Electronics", "TH"),
            ("Lite-On", "PH"), ("Quanta", "US"), ("Acer Europe", "NL"),
        ],
        itertools.cycle(("GmbH", "S.A.", "B.V.", "AB", "s.r.o.", "Ltd.", "Inc.", "Co.")),
    )
]  # fmt: skip


@dataclass(frozen=True)
class Line:
    id: str
    product: Product
    quantity: int
    value: str
    consignee: tuple[str, str]
    vin: str | None


def products(seed: int = SEED) -> list[Product]:
    """The catalogue in the order `lines` draws from (a product's place is its number)."""
    return _shuffled(random.Random(seed))


def _shuffled(rng: random.Random) -> list[Product]:
    found = catalogue(rng)
    rng.shuffle(found)
    return found


def lines(count: int, seed: int = SEED, controlled: Share | None = None) -> Iterator[Line]:
    """`count` lines drawn from the catalogue; with `controlled`, that share of them drawn from
    its products (each pool by the same Zipf-like weights), the rest from the others."""
    rng = random.Random(seed)
    products = _shuffled(rng)
    weights = [1 / (rank**1.1) for rank in range(1, len(products) + 1)]
    vins = (f"LGX{n:014d}" for n in itertools.count(1))
    if controlled is not None:
        yield from _shared(rng, products, weights, count, chosen=controlled, vins=vins)
        return
    batch = 10_000
    made = 0
    while made < count:
        size = min(batch, count - made)
        for product in rng.choices(products, weights, k=size):
            made += 1
            yield _line(rng, made, product, vins)


def _line(rng: random.Random, made: int, product: Product, vins: Iterator[str]) -> Line:
    """The line numbered `made` of a product: its quantity, value and consignee drawn."""
    quantity = rng.randint(1, 5_000)
    value = f"{quantity * rng.uniform(0.5, 400):.2f}"
    consignee = CONSIGNEES[int(rng.paretovariate(1.2)) % len(CONSIGNEES)]
    return Line(f"L{made:07d}", product, quantity, value, consignee,
                next(vins) if product.car else None)  # fmt: skip


@dataclass(frozen=True)
class Share:
    """A share of the lines to draw from some of the products (by their number)."""

    share: float
    numbers: frozenset[int]


def _shared(
    rng: random.Random,
    products: list[Product],
    weights: list[float],
    count: int,
    *,
    chosen: Share,
    vins: Iterator[str],
) -> Iterator[Line]:
    pools: tuple[tuple[list[Product], list[float]], ...] = tuple(
        (
            [p for n, p in enumerate(products) if (n in chosen.numbers) is inside],
            [w for n, w in enumerate(weights) if (n in chosen.numbers) is inside],
        )
        for inside in (True, False)
    )
    if not pools[0][0] or not pools[1][0]:
        raise ValueError("a share needs products in it and products outside it")
    for made in range(1, count + 1):
        pool, pool_weights = pools[0] if rng.random() < chosen.share else pools[1]
        yield _line(rng, made, rng.choices(pool, pool_weights)[0], vins)


HEAD = """\
kind: shipment
reference: BENCH-{count}
date: 2026-12-01
exporter: {{name: "Ganzhou Rare Metals Co., Ltd.", country: CN}}
consignee: {{name: Bosch GmbH, country: DE}}
end_user: {{name: Bosch GmbH, country: DE, military: false}}
items:
"""


def _flow(mapping: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in mapping.items()) + "}"


def write_yaml(path: Path, count: int, seed: int = SEED) -> None:
    """One description of `count` line items."""
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD.format(count=count))
        for line in lines(count, seed):
            p = line.product
            out.write(f'  - id: "{line.id}"\n    description: "{p.description}"\n')
            out.write(f'    hs_code: "{p.hs_code}"\n    quantity: {line.quantity}\n')
            out.write(f"    unit: {p.unit}\n    value: {line.value}\n    currency: USD\n")
            if p.contains:
                out.write(f"    contains: {_flow(p.contains)}\n")
            if p.parameters:
                out.write(f"    parameters: {_flow(p.parameters)}\n")
            if line.vin:
                out.write(
                    f"    vehicle: {{powertrain: bev, condition: new, vin: {line.vin},"
                    " after_sales_confirmation: true}\n"
                )


CSV_HEADER = """\
reference: BENCH-CSV
date: 2026-12-01
exporter: {name: "Ganzhou Rare Metals Co., Ltd.", country: CN}
"""
CONTAINS = ("Dy", "Tb", "Nd", "Fe", "B", "O", "W", "Ni", "Cr", "cotton")
PARAMETERS = (
    "energy_density_wh_per_kg",
    "compaction_density_g_per_cm3",
    "specific_capacity_mah_per_g",
    "purity_percent",
)
COLUMNS = [
    "id", "description", "hs_code", "quantity", "unit", "value", "currency",
    *(f"contains.{c}" for c in CONTAINS), *(f"parameters.{p}" for p in PARAMETERS),
    "vehicle.powertrain", "vehicle.condition", "vehicle.vin", "vehicle.after_sales_confirmation",
    "consignee.name", "consignee.country", "end_user.name", "end_user.country",
]  # fmt: skip


def write_csv(
    path: Path,
    count: int,
    seed: int = SEED,
    *,
    distinct: bool = False,
    parties: bool = False,
    controlled: Share | None = None,
    drawn: Iterable[Line] | None = None,
) -> Path:
    """A manifest of `count` rows; returns the header file written next to it. `distinct`:
    each description names its own lot, so no row repeats another (as real ERP lines do).
    `parties`: each row goes to a consignee of its own (a forwarder's many small buyers).
    `controlled`: that share of the rows drawn from those products. `drawn`: these lines
    instead (`catalogue_lines`)."""
    header = path.with_suffix(".header.yaml")
    header.write_text(CSV_HEADER, encoding="utf-8")
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        buffer = io.StringIO()
        rows = csv.writer(buffer)
        chosen = lines(count, seed, controlled) if drawn is None else drawn
        for n, line in enumerate(chosen, 1):
            p = line.product
            car = ("bev", "new", line.vin, "true") if line.vin else ("", "", "", "")
            rows.writerow([
                line.id, f"{p.description}, lot {n}" if distinct else p.description,
                p.hs_code, line.quantity, p.unit, line.value, "USD",
                *(p.contains.get(c, "") for c in CONTAINS),
                *(p.parameters.get(k, "") for k in PARAMETERS),
                *car, *(_own(line.consignee, n) if parties else line.consignee) * 2,
            ])  # fmt: skip
            if not n % 10_000:
                out.write(buffer.getvalue())
                buffer.seek(0)
                buffer.truncate()
        out.write(buffer.getvalue())
    return header


def catalogue_lines(seed: int = SEED) -> list[Line]:
    """Each product once, in `products` order, its line id `P` and its number: checked, they
    tell which products need action."""
    return [
        Line(f"P{n}", p, 1, "100.00", CONSIGNEES[0], "LGX00000000000001" if p.car else None)
        for n, p in enumerate(products(seed))
    ]


def write_xlsx(path: Path, count: int, seed: int = SEED) -> Path:
    """The rows of `write_csv` as an Excel workbook (one sheet, every cell text, as ERPs export
    them); returns the header file written next to it."""
    import xlsxwriter  # noqa: PLC0415 (a dependency of exportcheck's; only for this input)

    rows_csv = path.with_suffix(".csv")
    header = write_csv(rows_csv, count, seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("lines")
    with rows_csv.open(encoding="utf-8", newline="") as handle:
        for r, cells in enumerate(csv.reader(handle)):
            for c, cell in enumerate(cells):
                if cell:
                    sheet.write_string(r, c, cell)
    book.close()
    return header


def _own(consignee: tuple[str, str], n: int) -> tuple[str, str]:
    """A consignee of the row's own, in the country of the drawn one."""
    return (f"Kunde {n} Handelsgesellschaft mbH", consignee[1])


def synthetic_rules(count: int, seed: int = SEED) -> str:
    """A ruleset of `count` rules in the bundled format (not regulations), each on its own
    6-digit HS heading and keyword, like the entries of a long control list: an item meets few
    of them. No heading heads a catalogue product's code, so the verdicts do not change: what
    is measured is the cost of rules that are there but do not concern an item."""
    rng = random.Random(seed)
    taken = {p.hs_code for p in catalogue(random.Random(seed))}
    out = [
        "ruleset:",
        "  name: synthetic-benchmark",
        '  version: "1"',
        "  title: Synthetic rules for benchmarks/run.py (not a regulation)",
        "measures:",
        "  - id: synthetic",
        "    title: Synthetic measure (not a regulation)",
        "    published: 2026-01-01",
        "    effective: 2026-01-01",
        "    source: https://example.com/synthetic",
        "    scope:",
        "      exporter_country: [CN]",
        "rules:",
    ]
    for n in range(count):
        heading = ""
        while not heading or any(code.startswith(heading) for code in taken):
            heading = f"{rng.randint(25, 97):02d}{rng.randint(1, 99):02d}{rng.randint(0, 99):02d}"
        out += [
            f"  - id: synthetic:{n:05d}",
            "    measure: synthetic",
            f"    title: Synthetic rule {n}",
            "    verdict: license_required",
            "    license: dual_use_export_license",
            "    trigger:",
            "      any:",
            f'        - hs_code: ["{heading}"]',
            f"        - keyword: [zzsynthetic{n:05d}]",
            "    condition:",
            f'      parameter: {{name: purity_percent, at_least: "{rng.randint(90, 99)}"}}',
            "    source: https://example.com/synthetic",
        ]
    return "\n".join(out) + "\n"
