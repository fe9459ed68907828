"""The description format's keys and closed vocabularies (docs/format.md): read by the YAML
reader, the CSV reader, the configuration and the JSON Schema alike."""

from __future__ import annotations

from exportcheck.model.description import (
    Condition,
    EndUseAssessment,
    Kind,
    LicenseType,
    Powertrain,
    Stated,
)
from exportcheck.vocab.areas import Area

TOP_KEYS = (
    "kind",
    "reference",
    "date",
    "exporter",
    "consignee",
    "end_user",
    "destination",
    "end_use",
    "items",
    "recipient",
    "technologies",
    "services",
    "licenses",
    "end_use_assessment",
)
PARTY_KEYS = ("name", "country", "distinct_from")
RECEIVER_KEYS = (*PARTY_KEYS, "owners")
"""A party that receives what goes abroad (consignee, end user, recipient) also says who owns
50 % or more of it."""
END_USER_KEYS = (*RECEIVER_KEYS, "military")
ITEM_KEYS = (
    "id",
    "description",
    "hs_code",
    "control_code",
    "origin",
    "quantity",
    "unit",
    "value",
    "currency",
    "contains",
    "composition_complete",
    "form",
    "parameters",
    "vehicle",
    "components",
)
PASSIVE_ITEM_KEYS = ("quantity", "unit", "value", "currency")
"""Item fields that are checked for form but that no rule reads (`value` only through
components): the engine's memory leaves them out, and so may a manifest's."""
TECHNOLOGY_KEYS = ("id", "description", "area", "parameters")
COMPONENT_KEYS = ("id", "description", "origin", "value", "contains", "composition_complete")
VEHICLE_KEYS = (
    "powertrain",
    "vin",
    "condition",
    "registration_date",
    "after_sales_confirmation",
)
LICENSE_KEYS = (
    "type", "number", "general", "covers", "valid_from", "valid_until", "destination", "end_user",
)  # fmt: skip

KINDS = {kind.value: kind for kind in Kind}
AREA_CHOICES = {a.value: a for a in Area}
STATED = {m.value: m for m in Stated}
POWERTRAINS = {p.value: p for p in Powertrain}
CONDITIONS = {c.value: c for c in Condition}
LICENSE_TYPES = {t.value: t for t in LicenseType}
BOOLEANS = {"true": True, "false": False}
ASSESSMENTS = {a.value: a for a in EndUseAssessment}
