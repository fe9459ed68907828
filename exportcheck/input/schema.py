"""A JSON Schema (draft 2020-12) of the description format, for editors (`exportcheck schema`).

Built from the parser's own key lists and vocabularies, so the two agree on shape: which keys
exist, which are required, what is a mapping or a list, which values are closed choices. The
parser stays the judge of values (a real country code, a valid calendar date, shares adding up
to 100%): the schema checks their form where a pattern can. Scalars may be written as strings
or, where an editor reads them as such, numbers and booleans: the parser reads every scalar as
the text written.
"""

from __future__ import annotations

from typing import Any

from exportcheck.input.keys import (
    COMPONENT_KEYS,
    END_USER_KEYS,
    ITEM_KEYS,
    LICENSE_KEYS,
    PARTY_KEYS,
    RECEIVER_KEYS,
    TECHNOLOGY_KEYS,
    TOP_KEYS,
    VEHICLE_KEYS,
)
from exportcheck.model.description import (
    Condition,
    EndUseAssessment,
    Kind,
    LicenseType,
    Powertrain,
    Stated,
)
from exportcheck.vocab.areas import Area
from exportcheck.vocab.parameters import PARAMETERS

SCHEMA_ID = "urn:exportcheck:description:1"

TEXT: dict[str, Any] = {"type": ["string", "number", "boolean"], "minLength": 1}
NUMBER: dict[str, Any] = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$"},
    ]
}
DATE: dict[str, Any] = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
COUNTRY: dict[str, Any] = {"anyOf": [{"type": "string", "pattern": "^[A-Z]{2}$"}, {"const": False}]}
"""A country code; `false` too, which is what a YAML 1.1 reader makes of `NO` (Norway), the
code the parser reads as written."""
HS_CODE: dict[str, Any] = {
    "anyOf": [{"type": "integer"}, {"type": "string", "pattern": r"^[0-9. ]+$"}]
}


def _choice(values: list[str]) -> dict[str, Any]:
    return {"type": "string", "enum": values}


STATED: dict[str, Any] = {"anyOf": [{"type": "boolean"}, _choice([s.value for s in Stated])]}
"""A yes/no fact: `true` and `false` are booleans to an editor and to a standard YAML reader
(the parser reads the text written), or `unknown`."""


def _object(
    properties: dict[str, Any], required: tuple[str, ...] = (), **extra: Any
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    if required:
        found["required"] = list(required)
    return found | extra


def _keys(keys: tuple[str, ...], known: dict[str, Any]) -> dict[str, Any]:
    """Every key the parser allows, with what is known of its value (else any scalar)."""
    return {key: known.get(key, TEXT) for key in keys}


def _party(keys: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Any]:
    known = {
        "country": COUNTRY,
        "military": STATED,
        "distinct_from": {"anyOf": [TEXT, {"type": "array", "minItems": 1, "items": TEXT}]},
        "owners": {"anyOf": [TEXT, {"type": "array", "minItems": 1, "items": TEXT}]},
    }
    return _object(_keys(keys, known), required)


def schema() -> dict[str, Any]:
    shares: dict[str, Any] = {"type": "object", "additionalProperties": NUMBER}
    parameters = _object(dict.fromkeys(PARAMETERS, NUMBER))
    vehicle = _object(
        _keys(
            VEHICLE_KEYS,
            {
                "powertrain": _choice([p.value for p in Powertrain]),
                "condition": _choice([c.value for c in Condition]),
                "registration_date": DATE,
                "after_sales_confirmation": STATED,
            },
        )
    )
    component = _object(
        _keys(
            COMPONENT_KEYS,
            {"origin": COUNTRY, "value": NUMBER, "contains": shares},
        ),
        ("description",),
    )
    item = _object(
        _keys(
            ITEM_KEYS,
            {
                "hs_code": HS_CODE,
                "origin": COUNTRY,
                "quantity": NUMBER,
                "value": NUMBER,
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                "contains": shares,
                "composition_complete": {
                    "anyOf": [{"type": "boolean"}, _choice(["true", "false"])]
                },
                "parameters": parameters,
                "vehicle": vehicle,
                "components": {"type": "array", "items": component},
            },
        ),
        ("description",),
    )
    transferred = _object(
        _keys(
            TECHNOLOGY_KEYS,
            {"area": _choice([a.value for a in Area]), "parameters": parameters},
        ),
        ("description",),
    )
    licence = _object(
        _keys(
            LICENSE_KEYS,
            {
                "type": _choice([t.value for t in LicenseType]),
                "general": {"anyOf": [{"type": "boolean"}, _choice(["true", "false"])]},
                "covers": {"anyOf": [TEXT, {"type": "array", "minItems": 1, "items": TEXT}]},
                "valid_from": DATE,
                "valid_until": DATE,
                "destination": COUNTRY,
            },
        ),
        ("type", "number", "valid_until"),
    )
    top = _keys(
        TOP_KEYS,
        {
            "kind": _choice([k.value for k in Kind]),
            "date": DATE,
            "exporter": _party(PARTY_KEYS, ("name", "country")),
            "consignee": _party(RECEIVER_KEYS, ("name",)),
            "end_user": _party(END_USER_KEYS, ("name",)),
            "recipient": _party(RECEIVER_KEYS, ("name", "country")),
            "destination": COUNTRY,
            "end_use_assessment": _choice([a.value for a in EndUseAssessment]),
            "items": {"type": "array", "minItems": 1, "items": item},
            "technologies": {"type": "array", "items": transferred},
            "services": {"type": "array", "items": transferred},
            "licenses": {"type": "array", "items": licence},
        },
    )
    shipment = {"properties": {"kind": {"const": Kind.SHIPMENT.value}}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "exportcheck description (format version 1)",
        "description": "A shipment, technology transfer or investment to check with exportcheck "
        "(docs/format.md).",
        **_object(top, ("kind", "exporter")),
        "allOf": [
            {
                "if": shipment,
                "then": {
                    "required": ["items"],
                    "not": {
                        "anyOf": [
                            {"required": [k]} for k in ("technologies", "services", "recipient")
                        ]
                    },
                },
                "else": {"required": ["recipient"]},
            }
        ],
    }
