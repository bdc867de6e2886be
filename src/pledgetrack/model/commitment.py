"""Commitments and the append-only history of their status."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from pledgetrack.errors import ValidationError
from pledgetrack.model.bounds import MAX_NAME, check_decimal, check_integer, check_length
from pledgetrack.model.sources import Citation, _key_validator
from pledgetrack.model.status import Status, to_status
from pledgetrack.model.values import (
    NO_DEADLINE,
    Deadline,
    Event,
    Precision,
    Target,
    _enum_converter,
    _non_empty,
    _optional_quantity,
    refuse_nul,
    to_date,
)

__all__ = ["Commitment", "CustomValue", "StatusUpdate", "slugify"]

CustomValue = str | int | bool | Decimal | dt.date | None


def slugify(text: str, max_length: int = 80) -> str:
    """A key made from ``text``: ``"China: 1,000 places"`` → ``china-1-000-places``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"


def _strings(value: object, field: str, *, required: bool) -> tuple[str, ...]:
    raw: Iterable[object] = [value] if isinstance(value, str) else (value or ())  # type: ignore[assignment]
    items = tuple(str(v).strip() for v in raw)
    if any(not v for v in items):
        raise ValidationError(None, field, value, "must not hold an empty text")
    if required and not items:
        raise ValidationError(None, field, value, "needs at least one")
    for item in items:
        check_length(item, MAX_NAME, field)
    return items


def _citations(value: object, field: str, *, required: bool) -> tuple[Citation, ...]:
    raw: Iterable[object] = value or ()  # type: ignore[assignment]
    items = tuple(raw)
    if any(not isinstance(c, Citation) for c in items):
        raise ValidationError(None, field, value, "must hold Citation objects")
    if required and not items:
        raise ValidationError(None, field, value, "needs at least one citation")
    return items  # type: ignore[return-value]


def _to_actors(value: object) -> tuple[str, ...]:
    return _strings(value, "actors", required=True)


def _to_themes(value: object) -> tuple[str, ...]:
    return _strings(value, "themes", required=False)


def _to_citations(value: object) -> tuple[Citation, ...]:
    return _citations(value, "citations", required=True)


def _to_evidence(value: object) -> tuple[Citation, ...]:
    return _citations(value, "evidence", required=False)


def _to_announced(value: object) -> dt.date:
    return to_date(value, "announced")


def _to_effective(value: object) -> dt.date:
    return to_date(value, "effective")


def _to_effective_precision(value: object) -> Precision:
    return _enum_converter(Precision, "effective_precision")(value)  # type: ignore[no-any-return]


def _custom(value: Mapping[str, CustomValue] | None) -> Mapping[str, CustomValue]:
    out: dict[str, CustomValue] = {}
    for name, item in (value or {}).items():
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", name):
            raise ValidationError(
                None, f"custom.{name}", item, "a custom field name is lowercase letters, digits, _"
            )
        if isinstance(item, float):
            raise ValidationError(
                None, f"custom.{name}", item, "must be exact: use a Decimal or a string"
            )
        if not isinstance(item, str | int | bool | Decimal | dt.date | type(None)):
            raise ValidationError(None, f"custom.{name}", item, "has an unsupported type")
        if isinstance(item, Decimal):
            check_decimal(item, f"custom.{name}")
        elif isinstance(item, int) and not isinstance(item, bool):
            check_integer(item, f"custom.{name}")
        out[name] = item
    return out


def _deadline(value: object) -> Deadline:
    if value is None:
        return NO_DEADLINE
    if isinstance(value, Deadline):
        return value
    raise ValidationError(None, "deadline", value, "must be a Deadline (or None for no deadline)")


@attrs.frozen
class Commitment:
    """A pledge: who promised what, to whom, by when, cited from one or more sources.

    The same pledge reported by several sources is one commitment with several citations.
    The deadline may not fall due before the announcement.
    """

    key: str = attrs.field(validator=_key_validator("commitment"))
    title: str = attrs.field(validator=_non_empty("title"))
    actors: tuple[str, ...] = attrs.field(converter=_to_actors)
    announced: dt.date = attrs.field(converter=_to_announced)
    citations: tuple[Citation, ...] = attrs.field(converter=_to_citations)
    action: str | None = None
    target: Target | None = attrs.field(default=None)
    beneficiary: str | None = None
    themes: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_themes)
    event: Event | None = None
    deadline: Deadline = attrs.field(default=NO_DEADLINE, converter=_deadline)
    parent: str | None = attrs.field(default=None)
    custom: Mapping[str, CustomValue] = attrs.field(factory=dict, converter=_custom, hash=False)
    notes: str | None = None

    @target.validator
    def _check_target(self, _attr: object, value: object) -> None:
        if value is not None and not isinstance(value, Target):
            raise ValidationError(None, "target", value, "must be a Target or None")

    @deadline.validator
    def _check_deadline(self, _attr: object, value: Deadline) -> None:
        if value.due is not None and value.due < self.announced:
            raise ValidationError(
                None,
                "deadline",
                str(value),
                f"falls due before the announcement on {self.announced.isoformat()}",
            )

    @parent.validator
    def _check_parent(self, _attr: object, value: str | None) -> None:
        if value is not None and value == self.key:
            raise ValidationError(None, "parent", value, "a commitment cannot be its own parent")

    def __attrs_post_init__(self) -> None:
        refuse_nul(self)

    @property
    def actor(self) -> str:
        """The actors joined for display: ``China and Kazakhstan``."""
        return " and ".join(self.actors) if len(self.actors) < 3 else ", ".join(self.actors)


def build_commitment(**fields: Any) -> Commitment:
    """A commitment, any validation error naming its key."""
    try:
        return Commitment(**fields)
    except ValidationError as err:
        raise err.within(str(fields.get("key", "<commitment>"))) from None


@attrs.frozen
class StatusUpdate:
    """What was true of a commitment from a date on, with the evidence for it.

    History is append-only: a correction is a new update. ``sequence`` (the record order)
    and ``recorded`` are set by the store. ``label`` keeps a source vocabulary's own word.
    """

    commitment: str = attrs.field(validator=_non_empty("commitment"))
    status: Status = attrs.field(converter=to_status)
    effective: dt.date = attrs.field(converter=_to_effective)
    progress: Decimal | None = attrs.field(default=None, converter=_optional_quantity)
    note: str | None = None
    evidence: tuple[Citation, ...] = attrs.field(factory=tuple, converter=_to_evidence)
    effective_precision: Precision = attrs.field(
        default=Precision.DAY, converter=_to_effective_precision
    )
    label: str | None = None
    recorded: dt.datetime | None = None
    sequence: int | None = None

    @effective_precision.validator
    def _check_precision(self, _attr: object, value: Precision) -> None:
        if value is Precision.NONE:
            raise ValidationError(
                None, "effective_precision", value.value, "an effective date needs a precision"
            )

    def __attrs_post_init__(self) -> None:
        refuse_nul(self)


def sort_history(updates: Iterable[StatusUpdate]) -> list[StatusUpdate]:
    """Updates in the order the rules read them: by effective date, then record order."""
    return sorted(
        updates,
        key=lambda u: (u.effective, u.sequence if u.sequence is not None else 0),
    )
