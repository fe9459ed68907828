"""Commented description templates (`exportcheck init`): each checks as written, to be filled in."""

from __future__ import annotations

HEAD = """\
# yaml-language-server: $schema=exportcheck-description.schema.json
# (save `exportcheck schema` under that name for completion and checks in your editor)
#
# A {what} to check with `exportcheck check FILE`. Every field is described in docs/format.md.
# Values are read as written: quote nothing unless it holds `: ` or starts with a symbol;
# `country: NO` is Norway and `hs_code: 0701` keeps its zero. Leave out what you do not know:
# a rule that needs it will say so (verdict review, naming the field), never guess.
kind: {kind}
reference: PO-2026-0001          # your own reference, echoed in the verdict
date: 2026-12-01                 # the day the rules are evaluated on (or use --as-of)
exporter:                        # required: the exporter and its country (ISO 3166-1 alpha-2)
  name: Example Rare Metals Co., Ltd.
  country: CN
"""

PARTIES = """\
consignee:
  name: Example Motors GmbH
  country: DE
end_user:                        # who uses the goods; military: true | false | unknown
  name: Example Motors GmbH
  country: DE
  military: false
end_use: traction motors for passenger cars   # words like "military" here are read
# destination: DE                # defaults to the end user's (or consignee's) country
"""

LICENCES = """\
# Licences you hold: findings they cover become `licensed` (exit 0). Uncomment and fill in.
# licenses:
#   - type: dual_use_export_license     # dual_use_export_license | technology_export_license
#     number: "2026-DU-000000"          #   | goods_export_license
#     general: false
#     covers: ["10"]                    # item ids; leave out to cover every item
#     valid_from: 2026-01-01
#     valid_until: 2027-01-01
#     destination: DE
#     end_user: Example Motors GmbH
"""

ITEMS = """\
items:
  - id: "10"                     # your line id, shown in findings
    description: Dysprosium oxide Dy2O3 99.9%   # what it is: words here are matched
    hs_code: "2846901940"        # 4-10 digits; dots and spaces are ignored
    # control_code: 1C905        # if you have classified the item; `none` if not controlled
    quantity: 500
    unit: kg
    value: 120000
    currency: USD
    contains: {Dy: 78.5, O: 21.5}   # mass % by element (symbol or name) or material
    # parameters: {energy_density_wh_per_kg: 250}   # see docs/format.md#parameter-vocabulary
"""

TRANSFER = """\
recipient:                       # required: the foreign party receiving the technology
  name: Example Battery Kft.
  country: HU
technologies:
  - id: T1
    description: LFP cathode powder synthesis process package
    area: battery_cathode_preparation   # docs/format.md#areas; left out: read from the words
    parameters: {compaction_density_g_per_cm3: 2.6, specific_capacity_mah_per_g: 161}
# services:                       # work done abroad on a line: commissioning, maintenance, ...
#   - id: S1
#     description: Commissioning of an LFP cathode line
"""


def template(kind: str) -> str:
    what = {
        "shipment": "shipment of goods",
        "investment": "investment abroad (a plant, a joint venture) that takes know-how along",
        "technology_transfer": "technology transfer (a licence, a sale or teaching of know-how)",
    }[kind]
    body = HEAD.format(kind=kind, what=what) + PARTIES + LICENCES
    return body + (ITEMS if kind == "shipment" else TRANSFER)
