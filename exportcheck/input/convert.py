"""Field converters: one written value (a YAML scalar or a CSV cell, with its place) to its typed
value, or a problem recorded with that place. The YAML reader (input.parse) and the CSV reader
(input.manifest) share them, so a field means the same and fails the same in both.

`path` is what a problem names: `items[1].hs_code` in a description, the column `hs_code` in a
manifest.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from exportcheck.errors import key_path
from exportcheck.input.keys import ASSESSMENTS, BOOLEANS, CONDITIONS, POWERTRAINS, STATED
from exportcheck.model.description import (
    NO_VIN,
    NOT_CONTROLLED,
    EndUseAssessment,
    Stated,
    Vehicle,
)
from exportcheck.vocab import countries, forms, safe
from exportcheck.vocab.parameters import PARAMETERS
from exportcheck.vocab.text import digits as ascii_digits
from exportcheck.vocab.text import fold

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value

T = TypeVar("T")
VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
HS_CODE = re.compile(r"[0-9]{4,10}")
CONTROL_CODE = re.compile(r"[0-9][A-Ea-e][0-9]{3}(\.[A-Za-z0-9]+)*")
HUNDRED = Decimal(100)
QUANTITY = "a quantity of 0 or more"
VALUE = "a value of 0 or more"

Entry = tuple[str, "Value", "Mark | None", "Mark | None"]
"""A written `key: value` of a group (`contains`, `parameters`, `vehicle`): the key, the value,
where the key stands and where the value stands."""


def hs_code(reader: Reader, value: Value, mark: Mark | None, path: str) -> str | None:
    """Digits only, as written (leading and trailing zeros kept); dots and spaces ignored, and
    digits of any script (full-width `８５０５`, Arabic-Indic) read as the digits they are."""
    raw = reader.text_at(value, mark, path)
    if raw is None:
        return None
    written = raw if raw.isascii() else ascii_digits(fold(raw))
    digits = written.replace(".", "").replace(" ", "")
    if HS_CODE.fullmatch(digits):
        return digits
    if any(c.isalpha() for c in digits):
        reader.error(
            mark,
            path,
            f"{safe.excerpt(raw)} has a letter (expected 4-10 digits; dots and spaces are ignored)",
        )
    else:
        reader.error(
            mark, path, f"{safe.excerpt(raw)} is not 4-10 digits (dots and spaces are ignored)"
        )
    return None


def control_code(reader: Reader, value: Value, mark: Mark | None, path: str) -> str | None:
    raw = reader.text_at(value, mark, path)
    if raw is None:
        return None
    if CONTROL_CODE.fullmatch(raw):
        return raw
    if raw.lower() == NOT_CONTROLLED:
        return NOT_CONTROLLED
    reader.error(
        mark,
        path,
        f"{safe.excerpt(raw)} is not a control-list code (expected a code like 1C902.a or 3A001, "
        "or none "
        "for an item declared not controlled; leave control_code out if unclassified)",
    )
    return None


def country(reader: Reader, value: Value, mark: Mark | None, path: str) -> str | None:
    raw = reader.text_at(value, mark, path)
    return None if raw is None else reader.country_of(raw, mark, path)


def currency(reader: Reader, value: Value, mark: Mark | None, path: str) -> str | None:
    raw = reader.text_at(value, mark, path)
    if raw is None:
        return None
    if countries.is_currency(raw):
        return raw
    reader.error(
        mark,
        path,
        f"{safe.excerpt(raw)} is not an ISO 4217 currency code (expected three capital letters, "
        "like USD)",
    )
    return None


def number(
    reader: Reader,
    value: Value,
    mark: Mark | None,
    path: str,
    *,
    what: str,
    maximum: Decimal | None = None,
) -> Decimal | None:
    """A decimal of 0 or more (up to `maximum`)."""
    raw = reader.text_at(value, mark, path)
    if raw is None:
        return None
    return reader.number(raw, mark, path, maximum=maximum, what=what)


def boolean(reader: Reader, value: Value, mark: Mark | None, path: str) -> bool | None:
    raw = reader.text_at(value, mark, path)
    return None if raw is None else reader.choice_of(raw, mark, path, BOOLEANS)


def assessment(
    reader: Reader, value: Value, mark: Mark | None, path: str
) -> EndUseAssessment | None:
    raw = reader.text_at(value, mark, path)
    return None if raw is None else reader.choice_of(raw, mark, path, ASSESSMENTS)


def form(reader: Reader, value: Value, mark: Mark | None, path: str) -> str | None:
    """A form (vocab/data/glossary.yaml `forms`), by its name or any word for it."""
    raw = reader.text_at(value, mark, path)
    if raw is None:
        return None
    known = forms.form_of(raw)
    if known is None:
        reader.error(
            mark,
            path,
            f"{safe.excerpt(raw)} is not a form this tool knows (one of: {', '.join(forms.FORMS)})",
        )
    return known


def date(reader: Reader, value: Value, mark: Mark | None, path: str) -> dt.date | None:
    raw = reader.text_at(value, mark, path)
    return None if raw is None else reader.parse_date(raw, mark, path)


def stated(reader: Reader, value: Value, mark: Mark | None, path: str) -> Stated:
    """A yes/no fact: true, false or unknown (the default, also when not given)."""
    raw = reader.text_at(value, mark, path)
    found = None if raw is None else reader.choice_of(raw, mark, path, STATED)
    return found or Stated.UNKNOWN


def parameter(
    reader: Reader, name: str, value: Value, mark: Mark | None, path: str
) -> Decimal | None:
    """A technical parameter (vocab.parameters) in its unit; `name` must be known."""
    known = PARAMETERS[name]
    maximum = Decimal(known.maximum) if known.maximum else None
    return number(reader, value, mark, path, maximum=maximum, what=f"a value in {known.unit}")


def parameters(reader: Reader, entries: Iterable[Entry], path: str) -> dict[str, Decimal]:
    """Known parameters' values (unknown names are reported by the caller, which knows whether
    they are keys or columns)."""
    values: dict[str, Decimal] = {}
    for key, raw, _, value_mark in entries:
        if key not in PARAMETERS or raw is None:
            continue
        found = parameter(reader, key, raw, value_mark, key_path(path, key))
        if found is not None:
            values[key] = found
    return values


def vehicle(reader: Reader, entries: Iterable[Entry], path: str) -> Vehicle:
    """A vehicle from its fields (unknown fields are reported by the caller)."""
    given = {key: (raw, value_mark) for key, raw, _, value_mark in entries}

    def at(key: str) -> tuple[Value, Mark | None, str]:
        raw, where = given.get(key, (None, None))
        return raw, where, key_path(path, key)

    def text(key: str) -> str | None:
        raw, where, field = at(key)
        return None if raw is None else reader.text_at(raw, where, field)

    def choice(key: str, choices: Mapping[str, T]) -> T | None:
        raw = text(key)
        return None if raw is None else reader.choice_of(raw, at(key)[1], at(key)[2], choices)

    vin_raw = text("vin")
    vin = None
    if vin_raw is not None:
        if vin_raw.lower() == NO_VIN:
            vin = NO_VIN
        elif VIN.fullmatch(vin_raw.upper()):
            vin = vin_raw.upper()
        else:
            reader.error(
                at("vin")[1],
                at("vin")[2],
                f"{safe.excerpt(vin_raw)} is not a VIN (expected 17 letters and digits without I, "
                "O or Q, "
                "or none for a vehicle without one)",
            )
    registered = text("registration_date")
    confirmation = at("after_sales_confirmation")
    return Vehicle(
        powertrain=choice("powertrain", POWERTRAINS),
        vin=vin,
        condition=choice("condition", CONDITIONS),
        registration_date=None
        if registered is None
        else reader.parse_date(registered, at("registration_date")[1], at("registration_date")[2]),
        after_sales_confirmation=Stated.UNKNOWN
        if confirmation[0] is None
        else stated(reader, *confirmation),
    )


NO_OWNERS = "none"
"""`owners: none`: no entity owns 50 % or more of the party."""


def party_name(reader: Reader, value: Value, mark: Mark | None, path: str) -> str | None:
    """A party's name: text with a letter or digit in it (a name of punctuation alone, `()`,
    would be screened as no name at all)."""
    name = reader.text_at(value, mark, path)
    if name is not None and not any(c.isalnum() for c in name):
        reader.error(
            mark, path, f"{safe.excerpt(name)} has no letter or digit: give the party's name"
        )
        return None
    return name


def owners(names: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """A party's `owners` as written (a name, a list, or `none`; in a CSV cell, names split by
    `;`): the owners' names, () for `none`, None when unreadable (reported)."""
    if names is None:
        return None
    found = tuple(n.strip() for name in names for n in name.split(";") if n.strip())
    if len(found) == 1 and found[0].casefold() == NO_OWNERS:
        return ()
    return found


_DECIMAL_COMMA = re.compile(r"^\s*([+-]?)(\d{1,3}(?:\.\d{3})+|\d+),(\d+)\s*$")
"""A number with a decimal comma, maybe with dots between thousands: `87,1`, `1.234,5`."""


def decimal_comma(text: str) -> str:
    """`87,1` as `87.1` and `1.234,5` as `1234.5`; any other text as it is (and then refused
    as a number, with its place)."""
    found = _DECIMAL_COMMA.match(text)
    if found is None:
        return text
    sign, whole, fraction = found.groups()
    return f"{sign}{whole.replace('.', '')}.{fraction}"
