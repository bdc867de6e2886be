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
    to_quantity,
)

__all__ = [
    "AMENDABLE",
    "Amendment",
    "Change",
    "Commitment",
    "CustomValue",
    "StatusUpdate",
    "check_assessed_actors",
    "slugify",
]

CustomValue = str | int | bool | Decimal | dt.date | None


def slugify(text: str, max_length: int = 80) -> str:
    """A key made from ``text``: ``"China: 1,000 places"`` → ``china-1-000-places``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"


def _strings(value: object, field: str, *, required: bool) -> tuple[str, ...]:
    raw: Iterable[object] = [value] if isinstance(value, str) else (value or ())  # type: ignore[assignment]
    items = tuple([str(v).strip() for v in raw])
    if "" in items:
        raise ValidationError(None, field, value, "must not hold an empty text")
    if required and not items:
        raise ValidationError(None, field, value, "needs at least one")
    if items and max(map(len, items)) > MAX_NAME:  # the first too long one is named
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


def _to_percent(value: object) -> Decimal | None:
    if value is None:
        return None
    percent = to_quantity(value, "percent")
    if not Decimal(0) <= percent <= Decimal(100):
        raise ValidationError(None, "percent", value, "must be between 0 and 100")
    return percent


def _to_update_actors(value: object) -> tuple[str, ...]:
    actors = _strings(value, "actors", required=False)
    if len(set(actors)) != len(actors):
        raise ValidationError(None, "actors", value, "names an actor twice")
    return actors


def _optional_author(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(None, "author", value, "must be a non-empty text (or None)")
    return value.strip()


_CUSTOM_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")


#: custom field names already accepted (they repeat on every record; bounded)
_CUSTOM_NAMES_SEEN: set[str] = set()


def _custom(value: Mapping[str, CustomValue] | None) -> Mapping[str, CustomValue]:
    out: dict[str, CustomValue] = {}
    for name, item in (value or {}).items():
        if name not in _CUSTOM_NAMES_SEEN:
            if not isinstance(name, str) or not _CUSTOM_NAME.fullmatch(name):
                raise ValidationError(
                    None,
                    f"custom.{name}",
                    item,
                    "a custom field name is lowercase letters, digits, _",
                )
            if type(name) is str and len(_CUSTOM_NAMES_SEEN) < 4096:
                _CUSTOM_NAMES_SEEN.add(name)
        if type(item) is str or item is None:  # the commonest values: nothing more to check
            out[name] = item
            continue
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
    The deadline may not fall due before the announcement. A ``withdrawn`` commitment (a
    duplicate, a mis-extracted pledge) stays stored, with its reason in its amendments, but
    leaves every count.
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
    withdrawn: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))

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

    ``percent`` is the tracker's own rating of completion (0 to 100, exact), allowed whether
    or not the commitment has a quantified target; ``progress`` is a quantity in the target's
    unit. ``actors`` names the commitment's actors this update assesses (empty: the commitment
    as a whole); the store checks that each is one of the commitment's actors. ``author`` is
    who made the assessment.
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
    percent: Decimal | None = attrs.field(default=None, converter=_to_percent)
    actors: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_update_actors)
    author: str | None = attrs.field(default=None, converter=_optional_author)

    @effective_precision.validator
    def _check_precision(self, _attr: object, value: Precision) -> None:
        if value is Precision.NONE:
            raise ValidationError(
                None, "effective_precision", value.value, "an effective date needs a precision"
            )

    def __attrs_post_init__(self) -> None:
        refuse_nul(self)


def check_assessed_actors(update: StatusUpdate, actors: Iterable[str]) -> None:
    """Refuse an update that assesses an actor who is not one of its commitment's ``actors``."""
    known = tuple(actors)
    for position, name in enumerate(update.actors):
        if name not in known:
            raise ValidationError(
                update.commitment,
                f"actors[{position}]",
                name,
                f"is not one of the commitment's actors ({', '.join(known)})",
            )


def sort_history(updates: Iterable[StatusUpdate]) -> list[StatusUpdate]:
    """Updates in the order the rules read them: by effective date, then record order."""
    return sorted(
        updates,
        key=lambda u: (u.effective, u.sequence if u.sequence is not None else 0),
    )


#: the fields of a commitment an amendment may change (``withdrawn`` by :meth:`Tracker.withdraw`)
AMENDABLE = (
    "title",
    "actors",
    "action",
    "target",
    "beneficiary",
    "themes",
    "event",
    "deadline",
    "notes",
)
_CHANGEABLE = (*AMENDABLE, "withdrawn")


def _change_field(_inst: object, _attr: object, value: str) -> None:
    if value not in _CHANGEABLE:
        raise ValidationError(
            None, "field", value, f"cannot be amended; amendable: {', '.join(_CHANGEABLE)}"
        )


@attrs.frozen
class Change:
    """One field of a commitment changed: its value before and after, as plain JSON data.

    The values are those of the exchange document (:mod:`pledgetrack.io.document`): texts,
    lists of names, ``{"quantity": "1000", "unit": ...}`` for a target, and so on.
    """

    field: str = attrs.field(validator=_change_field)
    old: Any
    new: Any


def _to_changes(value: object) -> tuple[Change, ...]:
    raw: Iterable[object] = value or ()  # type: ignore[assignment]
    changes = tuple(raw)
    if not changes:
        raise ValidationError(None, "changes", value, "an amendment changes at least one field")
    if any(not isinstance(c, Change) for c in changes):
        raise ValidationError(None, "changes", value, "must hold Change objects")
    names = [c.field for c in changes]  # type: ignore[attr-defined]
    if len(set(names)) != len(names):
        raise ValidationError(None, "changes", names, "names a field twice")
    return changes  # type: ignore[return-value]


@attrs.frozen
class Amendment:
    """A correction of a commitment, append-only: what changed, when, by whom and why.

    The commitment holds the current values; its amendments, in order (``sequence`` 1, 2 …,
    set by the store with ``recorded``), hold the history of its changes field by field.
    Withdrawing a commitment is an amendment of ``withdrawn`` from false to true.
    """

    commitment: str = attrs.field(validator=_non_empty("commitment"))
    reason: str = attrs.field(validator=_non_empty("reason"))
    changes: tuple[Change, ...] = attrs.field(converter=_to_changes)
    author: str | None = attrs.field(default=None, converter=_optional_author)
    recorded: dt.datetime | None = None
    sequence: int | None = None

    def __attrs_post_init__(self) -> None:
        refuse_nul(self)

    @property
    def withdrawal(self) -> bool:
        """True when this amendment withdraws the commitment."""
        return any(c.field == "withdrawn" and c.new is True for c in self.changes)
