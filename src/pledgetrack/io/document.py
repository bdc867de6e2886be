"""The exchange document: a collection as plain data, and back.

The document is what ``pledgetrack export`` writes and ``pledgetrack import`` reads::

    {"pledgetrack": 1, "fields": [...], "vocabularies": [...],
     "sources": [...], "commitments": [...]}

Every source carries all its fields (its text included); every commitment its key, title,
actors, action, target (quantity, unit, currency, qualifier) or null, beneficiary, themes,
event or null, announced, deadline (date, precision, phrase, basis) or null, parent, custom,
notes, withdrawn, citations (source, quote, start, end), amendments (revision, reason,
author, recorded, changes: field, old, new) and history (status, label, effective,
effective_precision, progress, percent, actors, author, note, evidence, recorded). Decimals are
strings, dates ISO, ``recorded`` an ISO timestamp in UTC. Custom values are JSON scalars,
except decimals and dates, which are tagged: ``{"decimal": "12.5"}``,
``{"date": "2024-05-01"}``. Records are sorted by key. The JSON Schema is
:func:`json_schema` (``pledgetrack schema``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

import attrs

from pledgetrack.errors import ValidationError
from pledgetrack.io.dates import parse_deadline
from pledgetrack.model import (
    NO_DEADLINE,
    Amendment,
    Change,
    Citation,
    Commitment,
    CustomValue,
    Deadline,
    Event,
    Source,
    StatusUpdate,
    Target,
    to_date,
)
from pledgetrack.model.bounds import check_decimal, check_integer

__all__ = [
    "AMENDMENT_KEYS",
    "COMMITMENT_KEYS",
    "FORMAT_VERSION",
    "SOURCE_KEYS",
    "UPDATE_KEYS",
    "amendment_to_dict",
    "amendments_from_dict",
    "citation_from_dict",
    "citation_to_dict",
    "commitment_from_dict",
    "commitment_to_dict",
    "custom_from_plain",
    "custom_to_plain",
    "json_schema",
    "source_from_dict",
    "source_to_dict",
    "update_from_dict",
    "update_to_dict",
]

FORMAT_VERSION = 1

SOURCE_KEYS = tuple(f.name for f in attrs.fields(Source))
COMMITMENT_KEYS = (
    "key", "title", "actors", "action", "target", "beneficiary", "themes", "event",
    "announced", "deadline", "parent", "custom", "notes", "withdrawn", "citations", "history",
    "amendments",
)  # fmt: skip
AMENDMENT_KEYS = ("revision", "reason", "author", "recorded", "changes")
CHANGE_KEYS = ("field", "old", "new")
UPDATE_KEYS = (
    "status", "label", "effective", "effective_precision", "progress", "percent", "actors",
    "author", "note", "evidence", "recorded",
)  # fmt: skip
CITATION_KEYS = ("source", "quote", "start", "end")


# --- to plain data ------------------------------------------------------------------------


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def custom_to_plain(value: CustomValue) -> Any:
    """A custom value as JSON data: decimals and dates tagged, the rest as they are."""
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def source_to_dict(source: Source) -> dict[str, Any]:
    """Every field of a source, dates ISO."""
    out = attrs.asdict(source, recurse=False)
    out["published"] = _date(source.published)
    out["retrieved"] = _date(source.retrieved)
    return out


def citation_to_dict(citation: Citation) -> dict[str, Any]:
    """A citation's source key, quote and offsets."""
    return {
        "source": citation.source,
        "quote": citation.quote,
        "start": citation.start,
        "end": citation.end,
    }


def _deadline_to_dict(deadline: Deadline) -> dict[str, Any] | None:
    if deadline.date is None and deadline.phrase is None:
        return None
    return {
        "date": _date(deadline.date),
        "precision": deadline.precision.value,
        "phrase": deadline.phrase,
        "basis": deadline.basis.value,
    }


def update_to_dict(update: StatusUpdate) -> dict[str, Any]:
    """A status update as the history of an exported commitment holds it."""
    recorded = update.recorded
    if recorded is not None:
        recorded = (recorded if recorded.tzinfo else recorded.replace(tzinfo=dt.UTC)).astimezone(
            dt.UTC
        )
    return {
        "status": update.status.value,
        "label": update.label,
        "effective": update.effective.isoformat(),
        "effective_precision": update.effective_precision.value,
        "progress": _decimal(update.progress),
        "percent": _decimal(update.percent),
        "actors": list(update.actors),
        "author": update.author,
        "note": update.note,
        "evidence": [citation_to_dict(c) for c in update.evidence],
        "recorded": None if recorded is None else recorded.isoformat(),
    }


def _stamp(recorded: dt.datetime | None) -> str | None:
    if recorded is None:
        return None
    return (
        (recorded if recorded.tzinfo else recorded.replace(tzinfo=dt.UTC))
        .astimezone(dt.UTC)
        .isoformat()
    )


def amendment_to_dict(amendment: Amendment) -> dict[str, Any]:
    """An amendment as the ``amendments`` of an exported commitment hold it."""
    return {
        "revision": amendment.sequence,
        "reason": amendment.reason,
        "author": amendment.author,
        "recorded": _stamp(amendment.recorded),
        "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in amendment.changes],
    }


def commitment_to_dict(
    commitment: Commitment,
    history: Sequence[StatusUpdate],
    amendments: Sequence[Amendment] = (),
) -> dict[str, Any]:
    """A commitment, its history and its amendments (in the order given) as plain data."""
    target = commitment.target
    event = commitment.event
    return {
        "key": commitment.key,
        "title": commitment.title,
        "actors": list(commitment.actors),
        "action": commitment.action,
        "target": None
        if target is None
        else {
            "quantity": str(target.quantity),
            "unit": target.unit,
            "currency": target.currency,
            "qualifier": target.qualifier.value,
        },
        "beneficiary": commitment.beneficiary,
        "themes": list(commitment.themes),
        "event": None
        if event is None
        else {"name": event.name, "place": event.place, "date": _date(event.date)},
        "announced": commitment.announced.isoformat(),
        "deadline": _deadline_to_dict(commitment.deadline),
        "parent": commitment.parent,
        "custom": {
            name: custom_to_plain(commitment.custom[name]) for name in sorted(commitment.custom)
        },
        "notes": commitment.notes,
        "withdrawn": commitment.withdrawn,
        "citations": [citation_to_dict(c) for c in commitment.citations],
        "history": [update_to_dict(u) for u in history],
        "amendments": [amendment_to_dict(a) for a in amendments],
    }


# --- from plain data ----------------------------------------------------------------------


def _mapping(value: object, record: str | None, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError(record, field, value, "must be an object (a mapping of names)")
    return value


def _known(data: Mapping[str, Any], allowed: Sequence[str], record: str | None, field: str) -> None:
    unknown = sorted((str(k), k) for k in data if not isinstance(k, str) or k not in allowed)
    if unknown:
        name, key = unknown[0]
        where = f"{field}.{name}" if field else name
        raise ValidationError(
            record, where, data[key], f"is not a known property; known: {', '.join(allowed)}"
        )


def _text(value: object, record: str | None, field: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    raise ValidationError(record, field, value, "must be a text")


def _int(value: object, record: str | None, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return check_integer(value, field, record)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,18}", value.strip()):
        return int(value)
    raise ValidationError(record, field, value, "must be a whole number")


def _list(value: object, record: str | None, field: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return list(value)
    raise ValidationError(record, field, value, "must be a list")


def _within(record: str | None, make: Callable[[], Any]) -> Any:
    try:
        return make()
    except ValidationError as err:
        raise err.within(record) if record else err from None


def custom_from_plain(value: object, record: str | None, field: str) -> CustomValue:
    """A custom value from JSON data (see :func:`custom_to_plain`)."""
    if isinstance(value, Mapping):
        if set(value) == {"decimal"}:
            raw = value["decimal"]
            if isinstance(raw, bool) or not isinstance(raw, str | int | Decimal):
                raise ValidationError(record, field, raw, "must be a decimal number as a text")
            text = str(raw).strip()
            try:
                number = Decimal(text) if len(text) <= 200 else Decimal("NaN")
            except InvalidOperation:
                raise ValidationError(record, field, raw, "must be a decimal number") from None
            return check_decimal(number, field, record)
        if set(value) == {"date"}:
            return to_date(value["date"], field)
        raise ValidationError(
            record, field, value, 'must be a scalar, {"decimal": …} or {"date": …}'
        )
    if isinstance(value, float):
        return check_decimal(Decimal(repr(value)), field, record)
    if isinstance(value, Decimal):
        return check_decimal(value, field, record)
    if isinstance(value, int) and not isinstance(value, bool):
        return check_integer(value, field, record)
    if value is None or isinstance(value, str | bool | dt.date):
        return value
    raise ValidationError(record, field, value, "is not a custom value")


def source_from_dict(data: object) -> Source:
    """A source from plain data (unknown properties refused)."""
    fields = _mapping(data, None, "source")
    record = str(fields.get("key") or "<source>")
    _known(fields, SOURCE_KEYS, record, "")
    values = {k: fields[k] for k in SOURCE_KEYS if k in fields}
    for required in ("key", "title"):
        if values.get(required) is None:
            raise ValidationError(record, required, None, "is required")
    for name in (
        "title",
        "publisher",
        "url",
        "language",
        "text",
        "content_hash",
        "event",
        "licence",
        "notes",
    ):
        if name in values:
            values[name] = _text(values[name], record, name)
    return _within(record, lambda: Source(**values))  # type: ignore[no-any-return]


def citation_from_dict(data: object, record: str | None, field: str) -> Citation:
    """A citation from ``{source, quote, start, end}``."""
    fields = _mapping(data, record, field)
    _known(fields, CITATION_KEYS, record, field)
    return _within(  # type: ignore[no-any-return]
        record,
        lambda: Citation(
            _text(fields.get("source"), record, f"{field}.source"),  # type: ignore[arg-type]
            _text(fields.get("quote"), record, f"{field}.quote"),  # type: ignore[arg-type]
            _int(fields.get("start"), record, f"{field}.start"),
            _int(fields.get("end"), record, f"{field}.end"),
        ),
    )


def _target(value: object, record: str) -> Target | None:
    if value is None:
        return None
    fields = _mapping(value, record, "target")
    _known(fields, ("quantity", "unit", "currency", "qualifier"), record, "target")
    return _within(  # type: ignore[no-any-return]
        record,
        lambda: Target(
            fields.get("quantity"),
            fields.get("unit"),  # type: ignore[arg-type]
            fields.get("currency"),
            fields.get("qualifier") or "exactly",
        ),
    )


def _event(value: object, record: str) -> Event | None:
    if value is None:
        return None
    if isinstance(value, str):
        return _within(record, lambda: Event(value))  # type: ignore[no-any-return]
    fields = _mapping(value, record, "event")
    _known(fields, ("name", "place", "date"), record, "event")
    return _within(  # type: ignore[no-any-return]
        record,
        lambda: Event(fields.get("name"), fields.get("place"), fields.get("date")),  # type: ignore[arg-type]
    )


def _deadline(value: object, record: str, announced: dt.date) -> Deadline:
    if value is None:
        return NO_DEADLINE
    if isinstance(value, str | dt.date):
        return _within(record, lambda: parse_deadline(value, announced))  # type: ignore[no-any-return]
    fields = _mapping(value, record, "deadline")
    _known(fields, ("date", "precision", "phrase", "basis"), record, "deadline")
    return _within(  # type: ignore[no-any-return]
        record,
        lambda: Deadline(
            fields.get("date"),
            fields.get("precision") or ("day" if fields.get("date") else "none"),
            _text(fields.get("phrase"), record, "deadline.phrase"),
            fields.get("basis") or "stated",
        ),
    )


def _recorded(value: object, record: str, field: str) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, str):
        try:
            stamp = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(record, field, value, "must be an ISO timestamp") from None
    else:
        raise ValidationError(record, field, value, "must be an ISO timestamp")
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def update_from_dict(data: object, commitment: str, field: str = "history") -> StatusUpdate:
    """A status update of ``commitment`` from plain data."""
    fields = _mapping(data, commitment, field)
    _known(fields, UPDATE_KEYS, commitment, field)
    evidence = [
        citation_from_dict(c, commitment, f"{field}.evidence[{i}]")
        for i, c in enumerate(_list(fields.get("evidence"), commitment, f"{field}.evidence"))
    ]
    progress = fields.get("progress")
    if isinstance(progress, float):
        progress = Decimal(repr(progress))
    percent = fields.get("percent")
    if isinstance(percent, float):
        percent = Decimal(repr(percent))
    actors = _list(fields.get("actors"), commitment, f"{field}.actors")
    return _within(  # type: ignore[no-any-return]
        commitment,
        lambda: StatusUpdate(
            commitment=commitment,
            status=fields.get("status"),
            effective=fields.get("effective"),
            progress=progress,
            note=_text(fields.get("note"), commitment, f"{field}.note"),
            evidence=tuple(evidence),
            effective_precision=fields.get("effective_precision") or "day",
            label=_text(fields.get("label"), commitment, f"{field}.label"),
            recorded=_recorded(fields.get("recorded"), commitment, f"{field}.recorded"),
            percent=percent,
            actors=tuple(actors),
            author=_text(fields.get("author"), commitment, f"{field}.author"),
        ),
    )


def commitment_from_dict(data: object) -> tuple[Commitment, list[StatusUpdate]]:
    """A commitment and its history from plain data (unknown properties refused).

    A deadline may also be given as a text ("in the next three years", "Q4 2027"), read by
    :func:`pledgetrack.io.dates.parse_deadline` against the announcement date.
    """
    fields = _mapping(data, None, "commitment")
    record = str(fields.get("key") or "<commitment>")
    _known(fields, COMMITMENT_KEYS, record, "")
    announced = _within(record, lambda: to_date(fields.get("announced"), "announced"))
    custom_data = _mapping(fields.get("custom") or {}, record, "custom")
    custom = {
        str(name): custom_from_plain(value, record, f"custom.{name}")
        for name, value in custom_data.items()
    }
    citations = [
        citation_from_dict(c, record, f"citations[{i}]")
        for i, c in enumerate(_list(fields.get("citations"), record, "citations"))
    ]
    values: dict[str, Any] = {
        "key": fields.get("key"),
        "title": _text(fields.get("title"), record, "title"),
        "actors": _list(fields.get("actors"), record, "actors"),
        "announced": announced,
        "citations": tuple(citations),
        "action": _text(fields.get("action"), record, "action"),
        "target": _target(fields.get("target"), record),
        "beneficiary": _text(fields.get("beneficiary"), record, "beneficiary"),
        "themes": _list(fields.get("themes"), record, "themes"),
        "event": _event(fields.get("event"), record),
        "deadline": _deadline(fields.get("deadline"), record, announced),
        "parent": _text(fields.get("parent"), record, "parent"),
        "custom": custom,
        "notes": _text(fields.get("notes"), record, "notes"),
        "withdrawn": _flag(fields.get("withdrawn"), record, "withdrawn"),
    }
    commitment = _within(record, lambda: Commitment(**values))
    history = [
        update_from_dict(u, commitment.key, f"history[{i}]")
        for i, u in enumerate(_list(fields.get("history"), record, "history"))
    ]
    return commitment, history


def _flag(value: object, record: str | None, field: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    raise ValidationError(record, field, value, "must be true or false")


def amendments_from_dict(data: object) -> list[Amendment]:
    """The amendments of an exported commitment (its ``amendments`` list), oldest first."""
    fields = _mapping(data, None, "commitment")
    record = str(fields.get("key") or "<commitment>")
    out = []
    for i, item in enumerate(_list(fields.get("amendments"), record, "amendments")):
        where = f"amendments[{i}]"
        entry = _mapping(item, record, where)
        _known(entry, AMENDMENT_KEYS, record, where)
        changes = []
        for j, change in enumerate(_list(entry.get("changes"), record, f"{where}.changes")):
            plain = _mapping(change, record, f"{where}.changes[{j}]")
            _known(plain, CHANGE_KEYS, record, f"{where}.changes[{j}]")
            try:
                changes.append(Change(plain.get("field"), plain.get("old"), plain.get("new")))  # type: ignore[arg-type]
            except ValidationError as err:
                raise err.within(record) from None
        reason = _text(entry.get("reason"), record, f"{where}.reason")
        author = _text(entry.get("author"), record, f"{where}.author")
        recorded = _recorded(entry.get("recorded"), record, f"{where}.recorded")
        revision = _int(entry.get("revision"), record, f"{where}.revision")
        try:
            amendment = Amendment(
                commitment=record,
                reason=reason or "",
                changes=tuple(changes),
                author=author,
                recorded=recorded,
                sequence=revision,
            )
        except ValidationError as err:
            raise ValidationError(record, f"{where}.{err.field}", err.value, err.reason) from None
        out.append(amendment)
    return out


@cache
def json_schema() -> dict[str, Any]:
    """The published JSON Schema of the exchange document."""
    text = resources.files("pledgetrack.io").joinpath("pledgetrack.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
