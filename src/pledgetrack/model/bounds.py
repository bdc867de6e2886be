"""The bounds every value must keep, the same on every backend.

A value outside them is refused by the model, before any database sees it, so that a SQLite
store and a PostgreSQL store accept exactly the same records and an export of either always
imports into the other.

- **Decimals** (target quantities, progress, custom decimal values): finite (no ``NaN`` or
  infinity), at most :data:`MAX_INTEGER_DIGITS` digits before the point and
  :data:`MAX_FRACTION_DIGITS` after it. A billion billion (10\\ :sup:`18`) is beyond every
  pledge ever counted; a value beyond it is a mistake (``1e999999999``) that would make every
  sum overflow. (PostgreSQL's NUMERIC keeps up to 16,383 digits after the point.)
- **Whole numbers** (custom integer values): 64-bit, from :data:`MIN_INTEGER` to
  :data:`MAX_INTEGER`.
- **Short texts**, stored in columns of a fixed width: keys, actor and theme names and
  vocabulary labels up to :data:`MAX_NAME` characters; a source's language up to
  :data:`MAX_LANGUAGE` (the longest BCP 47 tag in common use is shorter); custom field and
  vocabulary names up to 63.
"""

from __future__ import annotations

from decimal import Decimal

from pledgetrack.errors import ValidationError

__all__ = [
    "MAX_FRACTION_DIGITS",
    "MAX_INTEGER",
    "MAX_INTEGER_DIGITS",
    "MAX_LANGUAGE",
    "MAX_NAME",
    "MIN_INTEGER",
    "check_decimal",
    "check_integer",
    "check_length",
    "decimal_in_bounds",
]

MAX_INTEGER_DIGITS = 18
MAX_FRACTION_DIGITS = 1000
MAX_INTEGER = 2**63 - 1
MIN_INTEGER = -(2**63)
MAX_NAME = 200
MAX_LANGUAGE = 35

DECIMAL_BOUNDS = (
    f"must be a finite number with at most {MAX_INTEGER_DIGITS} digits before the point "
    f"and {MAX_FRACTION_DIGITS} after it"
)


def decimal_in_bounds(value: Decimal) -> bool:
    """True when ``value`` is finite and within the decimal bounds."""
    if not value.is_finite():
        return False
    if value != 0 and value.adjusted() >= MAX_INTEGER_DIGITS:
        return False
    exponent = value.as_tuple().exponent
    return not (isinstance(exponent, int) and exponent < -MAX_FRACTION_DIGITS)


def check_decimal(
    value: Decimal, field: str, record: str | None = None, given: object = None
) -> Decimal:
    """``value`` if it is within the decimal bounds, else a ValidationError (naming ``given``)."""
    if not decimal_in_bounds(value):
        raise ValidationError(record, field, value if given is None else given, DECIMAL_BOUNDS)
    return value


def integer_text_fits(text: str) -> bool:
    """True when a text of digits (and a sign) is short enough to be read as a bounded integer.

    Checked before ``int()``, which refuses texts of more than 4,300 digits with a ValueError.
    """
    return len(text.lstrip("+-").lstrip("0")) <= 19


def check_integer(value: int, field: str, record: str | None = None) -> int:
    """``value`` if it is a 64-bit integer, else a ValidationError."""
    if not MIN_INTEGER <= value <= MAX_INTEGER:
        raise ValidationError(
            record, field, value, f"must be a whole number from {MIN_INTEGER} to {MAX_INTEGER}"
        )
    return value


def check_length(value: str, limit: int, field: str, record: str | None = None) -> str:
    """``value`` if it has at most ``limit`` characters, else a ValidationError."""
    if len(value) > limit:
        raise ValidationError(
            record, field, value, f"is {len(value):,} characters long; at most {limit} are kept"
        )
    return value
