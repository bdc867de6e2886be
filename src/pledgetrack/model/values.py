"""Value objects: quantities, targets, deadlines, events.

All are frozen attrs classes; a bad value raises :class:`~pledgetrack.errors.ValidationError`
naming the field.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import operator
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import attrs

from pledgetrack.errors import ValidationError
from pledgetrack.model.bounds import DECIMAL_BOUNDS, check_decimal

__all__ = [
    "Basis",
    "Deadline",
    "Event",
    "Precision",
    "Qualifier",
    "Target",
    "to_date",
    "to_quantity",
]


class Qualifier(enum.StrEnum):
    """How a target's quantity bounds what is promised."""

    EXACTLY = "exactly"
    AT_LEAST = "at_least"
    UP_TO = "up_to"
    ABOUT = "about"
    MORE_THAN = "more_than"


class Precision(enum.StrEnum):
    """How precisely a date is known: a day, or the whole month, quarter or year it falls in."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    NONE = "none"


class Basis(enum.StrEnum):
    """Whether a deadline is stated by the text or inferred (announcement date plus a horizon)."""

    STATED = "stated"
    INFERRED = "inferred"


def _enum_converter(kind: type[enum.StrEnum], field: str) -> Any:
    def convert(value: object) -> enum.StrEnum:
        if isinstance(value, kind):
            return value
        try:
            return kind(str(value).strip().lower().replace(" ", "_").replace("-", "_"))
        except ValueError:
            choices = ", ".join(m.value for m in kind)
            raise ValidationError(None, field, value, f"must be one of: {choices}") from None

    return convert


def to_quantity(value: object, field: str = "quantity") -> Decimal:
    """An exact, finite, non-negative decimal from a Decimal, int or numeric string.

    Floats are refused (they are not exact); strings may carry thousands separators
    (``"1,000"``) and surrounding spaces, nothing else.
    """
    if isinstance(value, bool | float):
        raise ValidationError(
            None, field, value, "must be an exact decimal (a string, int or Decimal), not a float"
        )
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        if value.bit_length() > 64:
            raise ValidationError(None, field, value, DECIMAL_BOUNDS)
        number = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
            text = text.replace(",", "")
        if len(text) > 200:
            raise ValidationError(None, field, value, DECIMAL_BOUNDS)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(None, field, value, "is not a number") from None
    else:
        raise ValidationError(None, field, value, "must be a decimal number")
    check_decimal(number, field, given=value)
    if number < 0:
        raise ValidationError(None, field, value, "must not be negative")
    return number


def _optional_quantity(value: object) -> Decimal | None:
    return None if value is None else to_quantity(value)


def to_date(value: object, field: str = "date") -> dt.date:
    """A date from a ``datetime.date`` or an ISO ``YYYY-MM-DD`` string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(None, field, value, "must be a date (YYYY-MM-DD)")


def optional_date(value: object, field: str) -> dt.date | None:
    """None for None or an empty text, else :func:`to_date`."""
    return None if value is None or value == "" else to_date(value, field)


def _to_qualifier(value: object) -> Qualifier:
    return _enum_converter(Qualifier, "qualifier")(value)  # type: ignore[no-any-return]


def _to_precision(value: object) -> Precision:
    return _enum_converter(Precision, "deadline.precision")(value)  # type: ignore[no-any-return]


def _to_basis(value: object) -> Basis:
    return _enum_converter(Basis, "deadline.basis")(value)  # type: ignore[no-any-return]


def _to_deadline_date(value: object) -> dt.date | None:
    return optional_date(value, "deadline.date")


def _to_event_date(value: object) -> dt.date | None:
    return optional_date(value, "event.date")


_SURROGATE = re.compile("[\ud800-\udfff]")


@cache
def _field_names(cls: type[attrs.AttrsInstance]) -> tuple[str, ...]:
    return tuple(attribute.name for attribute in attrs.fields(cls))


@cache
def _field_values(cls: type[attrs.AttrsInstance]) -> Callable[[object], tuple[Any, ...]]:
    """The values of every field of a ``cls`` record, read at once."""
    names = _field_names(cls)
    get = operator.attrgetter(*names)
    if len(names) == 1:
        return lambda record: (get(record),)
    return get


def refuse_nul(record: attrs.AttrsInstance) -> None:
    """Refuse a NUL character or a lone surrogate in any text field of an attrs ``record``.

    No database stores either: PostgreSQL refuses NUL in text, and neither backend can encode
    half of a UTF-16 surrogate pair (``"\\ud800"``, which a broken decoder can leave behind).
    """
    texts: list[str] = []
    for value in _field_values(type(record))(record):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, tuple) and value:
            texts += [text for text in value if isinstance(text, str)]
    joined = "".join(texts)
    if "\x00" not in joined and (joined.isascii() or not _SURROGATE.search(joined)):
        return  # the common case: every text at once, then field by field to name the field
    for name in _field_names(type(record)):
        value = getattr(record, name)
        if isinstance(value, str):
            refuse_nul_text(value, name)
        elif isinstance(value, tuple):
            for text in value:
                if isinstance(text, str):
                    refuse_nul_text(text, name)


def refuse_nul_text(text: str, field: str) -> None:
    """Refuse a NUL character or a lone surrogate in ``text``, the value of ``field``."""
    if "\x00" in text:
        raise ValidationError(None, field, text[:40], "must not contain a NUL character")
    if not text.isascii() and _SURROGATE.search(text):
        raise ValidationError(
            None,
            field,
            text.encode("utf-8", "backslashreplace").decode("ascii")[:40],
            "must be Unicode text: it holds a lone surrogate (a broken character)",
        )


def _non_empty(field: str) -> Any:
    def check(_inst: object, _attr: object, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(None, field, value, "must be a non-empty text")

    return check


@cache
def _currency_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


def _check_currency(_inst: object, _attr: object, value: str | None) -> None:
    if value is None:
        return
    if value not in _currency_codes():
        raise ValidationError(None, "currency", value, "is not an ISO 4217 currency code")


def _upper_or_none(value: object) -> str | None:
    if value is None or value == "":
        return None
    return str(value).strip().upper()


@attrs.frozen
class Target:
    """What is promised, counted: an exact quantity of a unit, bounded by a qualifier.

    ``currency`` (ISO 4217) is set when the unit is money; it is then the unit that prints
    (``USD 4,000,000,000``, or ``EUR 5 schools`` when the unit names something else). The
    quantity prints in plain digits with thousands separators, never an exponent.
    """

    quantity: Decimal = attrs.field(converter=to_quantity)
    unit: str = attrs.field(validator=_non_empty("unit"))
    currency: str | None = attrs.field(
        default=None, converter=_upper_or_none, validator=_check_currency
    )
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACTLY, converter=_to_qualifier)

    def __str__(self) -> str:
        words = {
            Qualifier.EXACTLY: "",
            Qualifier.AT_LEAST: "at least ",
            Qualifier.UP_TO: "up to ",
            Qualifier.ABOUT: "about ",
            Qualifier.MORE_THAN: "more than ",
        }[self.qualifier]
        digits = format(self.quantity, ",f")
        if self.currency is None:
            return f"{words}{digits} {self.unit}"
        if self.unit.strip().casefold() == self.currency.casefold():
            return f"{words}{self.currency} {digits}"
        return f"{words}{self.currency} {digits} {self.unit}"


def _period_end(day: dt.date, precision: Precision) -> dt.date:
    if precision is Precision.YEAR:
        return dt.date(day.year, 12, 31)
    if precision is Precision.QUARTER:
        last_month = ((day.month - 1) // 3 + 1) * 3
        return dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    if precision is Precision.MONTH:
        return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def _period_start(day: dt.date, precision: Precision) -> dt.date:
    if precision is Precision.YEAR:
        return dt.date(day.year, 1, 1)
    if precision is Precision.QUARTER:
        return dt.date(day.year, ((day.month - 1) // 3) * 3 + 1, 1)
    if precision is Precision.MONTH:
        return dt.date(day.year, day.month, 1)
    return day


def _check_deadline_date(inst: Deadline, _attr: object, value: dt.date | None) -> None:
    if inst.precision is Precision.NONE and value is not None:
        raise ValidationError(None, "deadline.date", value, "must be empty when precision is none")
    if inst.precision is not Precision.NONE and value is None:
        raise ValidationError(
            None, "deadline.date", value, f"is required with precision {inst.precision.value}"
        )


@attrs.frozen
class Deadline:
    """When a commitment falls due: a date known to a precision, and the phrase it came from.

    A deadline of precision month, quarter or year is *due* at the end of that period: "in 2025"
    is met by anything delivered on or before 31 December 2025 and is overdue from 1 January
    2026. ``date`` may be any day in the period. ``Deadline.none()`` says there is no deadline.
    """

    date: dt.date | None = attrs.field(converter=_to_deadline_date, validator=_check_deadline_date)
    precision: Precision = attrs.field(default=Precision.DAY, converter=_to_precision)
    phrase: str | None = None
    basis: Basis = attrs.field(default=Basis.STATED, converter=_to_basis)

    @classmethod
    def none(cls, phrase: str | None = None) -> Deadline:
        """No deadline, optionally with the vague phrase given ("at an appropriate time")."""
        return cls(None, Precision.NONE, phrase, Basis.STATED)

    @classmethod
    def in_year(cls, year: int, phrase: str | None = None, *, inferred: bool = False) -> Deadline:
        """Due at the end of ``year``."""
        basis = Basis.INFERRED if inferred else Basis.STATED
        return cls(dt.date(year, 12, 31), Precision.YEAR, phrase, basis)

    @classmethod
    def in_month(cls, year: int, month: int, phrase: str | None = None) -> Deadline:
        """Due at the end of that month."""
        return cls(_period_end(dt.date(year, month, 1), Precision.MONTH), Precision.MONTH, phrase)

    @classmethod
    def in_quarter(cls, year: int, quarter: int, phrase: str | None = None) -> Deadline:
        """Due at the end of that quarter (1 to 4)."""
        if quarter not in (1, 2, 3, 4):
            raise ValidationError(None, "deadline.quarter", quarter, "must be 1, 2, 3 or 4")
        return cls(
            _period_end(dt.date(year, quarter * 3, 1), Precision.MONTH), Precision.QUARTER, phrase
        )

    @property
    def is_set(self) -> bool:
        """True when there is a deadline at all."""
        return self.date is not None

    @property
    def due(self) -> dt.date | None:
        """The last day on which the commitment is still on time (None without a deadline)."""
        if self.date is None:
            return None
        return _period_end(self.date, self.precision)

    @property
    def starts(self) -> dt.date | None:
        """The first day of the deadline's period."""
        if self.date is None:
            return None
        return _period_start(self.date, self.precision)

    def __str__(self) -> str:
        if self.date is None:
            return "no deadline"
        if self.precision is Precision.YEAR:
            return f"{self.date.year}"
        if self.precision is Precision.QUARTER:
            return f"{self.date.year}-Q{(self.date.month - 1) // 3 + 1}"
        if self.precision is Precision.MONTH:
            return f"{self.date.year}-{self.date.month:02d}"
        return self.date.isoformat()


NO_DEADLINE = Deadline.none()


@attrs.frozen
class Event:
    """Where a commitment was announced: a summit, a conference, a visit."""

    name: str = attrs.field(validator=_non_empty("event.name"))
    place: str | None = None
    date: dt.date | None = attrs.field(default=None, converter=_to_event_date)
