"""Custom fields: declared once per collection, typed, and checked on every commitment.

A collection that declares no field accepts any custom value (of the types a commitment
allows). Once it declares one, every custom value must name a declared field and have its
type; a ``required`` field must be given on every commitment.

Types: ``text``, ``integer``, ``decimal``, ``boolean``, ``date`` and ``choice`` (a text among
declared ``choices``). :meth:`FieldSpec.coerce` reads a value from text as imports find it
("12.5", "yes", "2024-05-01").
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from pledgetrack.errors import ValidationError
from pledgetrack.model.bounds import (
    DECIMAL_BOUNDS,
    check_decimal,
    check_integer,
    integer_text_fits,
)
from pledgetrack.model.commitment import CustomValue

__all__ = ["FieldSpec", "FieldType", "check_custom"]

_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0"}


class FieldType(enum.StrEnum):
    """The type of a custom field's values."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATE = "date"
    CHOICE = "choice"


def _check_name(_inst: object, _attr: object, value: str) -> None:
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise ValidationError(
            None, "name", value, "a field name is lowercase letters, digits and _ (up to 63)"
        )


def _field_type(value: object) -> FieldType:
    try:
        return FieldType(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(t.value for t in FieldType)
        raise ValidationError(None, "type", value, f"must be one of: {choices}") from None


def _choices(value: Iterable[object] | None) -> tuple[str, ...]:
    items = tuple(str(v).strip() for v in value or ())
    if any(not v for v in items):
        raise ValidationError(None, "choices", value, "must not hold an empty text")
    if len(set(items)) != len(items):
        raise ValidationError(None, "choices", value, "must not repeat a choice")
    return items


@attrs.frozen
class FieldSpec:
    """A declared custom field: its name, type, allowed choices, whether it is required."""

    name: str = attrs.field(validator=_check_name)
    type: FieldType = attrs.field(default=FieldType.TEXT, converter=_field_type)
    description: str | None = None
    choices: tuple[str, ...] = attrs.field(default=(), converter=_choices)
    required: bool = False

    @choices.validator
    def _check_choices(self, _attr: object, value: tuple[str, ...]) -> None:
        if self.type is FieldType.CHOICE and not value:
            raise ValidationError(self.name, "choices", value, "a choice field needs choices")
        if self.type is not FieldType.CHOICE and value:
            raise ValidationError(self.name, "choices", value, "only a choice field has choices")

    def check(self, value: CustomValue, record: str | None = None) -> None:
        """Refuse a stored value of the wrong type (None is refused only when required)."""
        if value is None:
            if self.required:
                raise ValidationError(record, f"custom.{self.name}", value, "is required")
            return
        kind = self.type
        if kind is FieldType.TEXT:
            ok = isinstance(value, str)
        elif kind is FieldType.CHOICE:
            ok = isinstance(value, str) and value in self.choices
        elif kind is FieldType.INTEGER:
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif kind is FieldType.DECIMAL:
            ok = isinstance(value, Decimal | int) and not isinstance(value, bool)
        elif kind is FieldType.BOOLEAN:
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, dt.date)
        if not ok:
            if self.type is FieldType.CHOICE:
                reason = f"must be one of: {', '.join(self.choices)}"
            else:
                reason = f"must be of type {self.type.value}"
            raise ValidationError(record, f"custom.{self.name}", value, reason)

    def coerce(self, value: object, record: str | None = None) -> CustomValue:
        """The value of this field's type read from ``value`` (text as an import finds it)."""
        field = f"custom.{self.name}"
        if value is None or (isinstance(value, str) and not value.strip()):
            self.check(None, record)
            return None
        text = value.strip() if isinstance(value, str) else value
        out: CustomValue
        if self.type in (FieldType.TEXT, FieldType.CHOICE):
            out = str(text)
        elif self.type is FieldType.INTEGER:
            out = _integer(text, field, record)
        elif self.type is FieldType.DECIMAL:
            out = _decimal(text, field, record)
        elif self.type is FieldType.BOOLEAN:
            out = _boolean(text, field, record)
        else:
            out = _date(text, field, record)
        self.check(out, record)
        return out

    def as_dict(self) -> dict[str, Any]:
        """The declaration as plain data, as exports write it."""
        return {
            "name": self.name,
            "type": self.type.value,
            "description": self.description,
            "choices": list(self.choices),
            "required": self.required,
        }


def _integer(value: object, field: str, record: str | None) -> int:
    if isinstance(value, bool):
        raise ValidationError(record, field, value, "must be a whole number")
    if isinstance(value, int):
        return check_integer(value, field, record)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        if value.adjusted() > 19:
            raise ValidationError(record, field, value, "must be a 64-bit whole number")
        return check_integer(int(value), field, record)
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.replace(",", "")):
        digits = value.replace(",", "")
        if not integer_text_fits(digits):
            raise ValidationError(record, field, value, "must be a 64-bit whole number")
        return check_integer(int(digits), field, record)
    raise ValidationError(record, field, value, "must be a whole number")


def _decimal(value: object, field: str, record: str | None) -> Decimal:
    if isinstance(value, bool | float):
        raise ValidationError(record, field, value, "must be an exact decimal (not a float)")
    if isinstance(value, Decimal):
        return check_decimal(value, field, record)
    if isinstance(value, int):
        if value.bit_length() > 64:
            raise ValidationError(record, field, value, DECIMAL_BOUNDS)
        return check_decimal(Decimal(value), field, record)
    if isinstance(value, str) and len(value) <= 200:
        text = (
            value.replace(",", "")
            if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", value)
            else value
        )
        try:
            number = Decimal(text)
        except InvalidOperation:
            pass
        else:
            if number.is_finite():
                return check_decimal(number, field, record)
    raise ValidationError(record, field, value, "must be a decimal number")


def _boolean(value: object, field: str, record: str | None) -> bool:
    if isinstance(value, bool):
        return value
    folded = str(value).strip().casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValidationError(record, field, value, "must be true or false (yes/no)")


def _date(value: object, field: str, record: str | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(record, field, value, "must be a date (YYYY-MM-DD)") from None


def check_custom(
    specs: Mapping[str, FieldSpec], custom: Mapping[str, CustomValue], record: str | None = None
) -> None:
    """Refuse ``custom`` values that break the declared fields ``specs`` (see the module doc)."""
    if not specs:
        return
    for name, value in custom.items():
        spec = specs.get(name)
        if spec is None:
            known = ", ".join(sorted(specs))
            raise ValidationError(
                record, f"custom.{name}", value, f"is not a declared field; declared: {known}"
            )
        spec.check(value, record)
    for name, spec in specs.items():
        if spec.required and custom.get(name) is None:
            raise ValidationError(record, f"custom.{name}", None, "is required")


def spec_from_dict(data: Mapping[str, Any], record: str = "field") -> FieldSpec:
    """A declaration from plain data (name, type, description, choices, required)."""
    unknown = sorted(set(data) - {"name", "type", "description", "choices", "required"})
    if unknown:
        raise ValidationError(record, unknown[0], data[unknown[0]], "is not a field property")
    try:
        required = data.get("required", False)
        if not isinstance(required, bool):
            raise ValidationError(None, "required", required, "must be true or false")
        return FieldSpec(
            name=data.get("name"),  # type: ignore[arg-type]
            type=data.get("type", "text"),
            description=data.get("description"),
            choices=data.get("choices") or (),
            required=required,
        )
    except ValidationError as err:
        raise err.within(str(data.get("name") or record)) from None
