"""The one place where the attrs model and the tables meet: model objects to rows and back.

Each kind of row is built by one function here, used by every writer (plain dicts of column
values for ``INSERT``, the fast path) and read back by one function (``*_from_row``).

:data:`FIELD_COLUMNS` says, for every field of every mapped model class, which columns hold
it; a test walks ``attrs.fields()`` against it and against the tables, so a field cannot be
added to one side only.

The readers of commitments, updates, citations and amendments take any row with the named
columns as attributes: an ORM row or a Core result row alike, so the quick lookups
(:mod:`.lookup`) share them without importing the tables (this module imports them only
where it builds new table rows).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from pledgetrack.errors import StoreError
from pledgetrack.model import (
    Amendment,
    Basis,
    Change,
    Citation,
    Commitment,
    CustomValue,
    Deadline,
    Event,
    Precision,
    Qualifier,
    Source,
    Status,
    StatusUpdate,
    Target,
    Vocabulary,
)
from pledgetrack.model.fields import FieldSpec

if TYPE_CHECKING:
    from pledgetrack.store.tables import (
        CommitmentAmendmentRow,
        FieldDefinitionRow,
        SourceRow,
        VocabularyLabelRow,
        VocabularyRow,
    )

__all__ = [
    "FIELD_COLUMNS",
    "amendment_from_rows",
    "amendment_rows",
    "commitment_from_rows",
    "commitment_values",
    "custom_from_json",
    "custom_to_json",
    "field_from_row",
    "field_row",
    "source_from_row",
    "source_values",
    "update_from_row",
    "update_values",
    "vocabulary_from_rows",
    "vocabulary_rows",
]

#: model class → field → the ``table.column`` names that store it
FIELD_COLUMNS: Mapping[type, Mapping[str, tuple[str, ...]]] = {
    Source: {
        f: (f"source.{f}",)
        for f in (
            "key",
            "title",
            "publisher",
            "url",
            "published",
            "language",
            "retrieved",
            "text",
            "content_hash",
            "event",
            "licence",
            "notes",
        )
    },
    Commitment: {
        "key": ("commitment.key",),
        "title": ("commitment.title",),
        "actors": ("commitment_actor.name", "commitment_actor.position"),
        "announced": ("commitment.announced",),
        "citations": ("citation.commitment_id",),
        "action": ("commitment.action",),
        "target": (
            "commitment.target_quantity",
            "commitment.target_unit",
            "commitment.target_currency",
            "commitment.target_qualifier",
        ),
        "beneficiary": ("commitment.beneficiary",),
        "themes": ("commitment_theme.name", "commitment_theme.position"),
        "event": ("commitment.event_name", "commitment.event_place", "commitment.event_date"),
        "deadline": (
            "commitment.deadline_date",
            "commitment.deadline_due",
            "commitment.deadline_precision",
            "commitment.deadline_phrase",
            "commitment.deadline_basis",
        ),
        "parent": ("commitment.parent_id",),
        "custom": ("commitment_field.name", "commitment_field.value"),
        "notes": ("commitment.notes",),
        "withdrawn": ("commitment.withdrawn",),
    },
    Amendment: {
        "commitment": ("commitment_amendment.commitment_id",),
        "reason": ("commitment_amendment.reason",),
        "changes": (
            "commitment_amendment.field",
            "commitment_amendment.old_value",
            "commitment_amendment.new_value",
        ),
        "author": ("commitment_amendment.author",),
        "recorded": ("commitment_amendment.recorded",),
        "sequence": ("commitment_amendment.revision",),
    },
    Citation: {
        "source": ("citation.source_id",),
        "quote": ("citation.quote",),
        "start": ("citation.start_offset",),
        "end": ("citation.end_offset",),
    },
    StatusUpdate: {
        "commitment": ("status_update.commitment_id",),
        "status": ("status_update.status",),
        "effective": ("status_update.effective",),
        "progress": ("status_update.progress",),
        "note": ("status_update.note",),
        "evidence": ("citation.status_update_id",),
        "effective_precision": ("status_update.effective_precision",),
        "label": ("status_update.label",),
        "recorded": ("status_update.recorded",),
        "sequence": ("status_update.id",),
        "percent": ("status_update.percent",),
        "actors": (
            "status_update_actor.name",
            "status_update_actor.position",
            "status_update.names_actors",
        ),
        "author": ("status_update.author",),
    },
    FieldSpec: {
        "name": ("field_definition.name",),
        "type": ("field_definition.type",),
        "description": ("field_definition.description",),
        "choices": ("field_definition.choices",),
        "required": ("field_definition.required",),
    },
    Vocabulary: {
        "name": ("vocabulary.name",),
        "mapping": (
            "vocabulary_label.vocabulary",
            "vocabulary_label.label",
            "vocabulary_label.status",
        ),
        "description": ("vocabulary.description",),
    },
}

#: columns that are keys and bookkeeping, not model fields
INTERNAL_COLUMNS = frozenset(
    {
        "source.id",
        "commitment.id",
        "commitment_actor.commitment_id",
        "commitment_theme.commitment_id",
        "commitment_field.commitment_id",
        "citation.id",
        "citation.position",
        "commitment_amendment.id",
        "status_update_actor.status_update_id",
        "field_definition.position",
    }
)


def source_values(source: Source) -> dict[str, Any]:
    """The ``source`` table's values for ``source``."""
    return attrs.asdict(source, recurse=False)


def source_from_row(row: SourceRow) -> Source:
    """The model of a source row."""
    return Source(**{f.name: getattr(row, f.name) for f in attrs.fields(Source)})


#: the JSON of texts already converted (custom values repeat: a sector, a region); bounded
_TEXT_JSON: dict[str, str] = {}


def custom_to_json(value: CustomValue) -> str:
    """A custom value as JSON text that keeps its type (decimals and dates tagged)."""
    if type(value) is str:
        found = _TEXT_JSON.get(value)
        if found is None:
            if len(_TEXT_JSON) >= 4096:
                _TEXT_JSON.clear()
            found = _TEXT_JSON[value] = json.dumps(value, ensure_ascii=False)
        return found
    if isinstance(value, Decimal):
        return json.dumps({"decimal": str(value)})
    if isinstance(value, dt.date):
        return json.dumps({"date": value.isoformat()})
    return json.dumps(value, ensure_ascii=False)


def custom_from_json(text: str) -> CustomValue:
    """The custom value stored as ``text``."""
    value = json.loads(text)
    if isinstance(value, dict):
        if "decimal" in value:
            return Decimal(value["decimal"])
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
    if isinstance(value, str | int | bool) or value is None:
        return value
    raise StoreError(f"a stored custom value is not one pledgetrack writes: {text[:60]!r}")


#: each member's value, read without the enum's attribute machinery
_ENUM_TEXT: dict[Any, str] = {m: m.value for e in (Basis, Precision, Qualifier, Status) for m in e}


def commitment_values(commitment: Commitment, parent_id: int | None) -> dict[str, Any]:
    """The ``commitment`` table's values for ``commitment`` (actors, themes, citations and
    custom fields go to their own tables)."""
    target, deadline, event = commitment.target, commitment.deadline, commitment.event
    return {
        "key": commitment.key,
        "title": commitment.title,
        "action": commitment.action,
        "beneficiary": commitment.beneficiary,
        "announced": commitment.announced,
        "event_name": event.name if event else None,
        "event_place": event.place if event else None,
        "event_date": event.date if event else None,
        "target_quantity": target.quantity if target else None,
        "target_unit": target.unit if target else None,
        "target_currency": target.currency if target else None,
        "target_qualifier": _ENUM_TEXT[target.qualifier] if target else None,
        "deadline_date": deadline.date,
        "deadline_due": deadline.due,
        "deadline_precision": _ENUM_TEXT[deadline.precision],
        "deadline_phrase": deadline.phrase,
        "deadline_basis": _ENUM_TEXT[deadline.basis],
        "parent_id": parent_id,
        "notes": commitment.notes,
        "withdrawn": commitment.withdrawn,
    }


def citation_from_row(row: Any, source_key: str) -> Citation:
    """The model of a citation row."""
    return Citation(source_key, row.quote, row.start_offset, row.end_offset)


def commitment_from_rows(
    row: Any,
    *,
    actors: Sequence[str],
    themes: Sequence[str],
    citations: Sequence[Citation],
    custom: Mapping[str, CustomValue],
    parent: str | None,
) -> Commitment:
    """The model of a commitment row and its related rows."""
    target = None
    if row.target_quantity is not None:
        target = Target(
            row.target_quantity, row.target_unit or "", row.target_currency, row.target_qualifier
        )
    event = None
    if row.event_name is not None:
        event = Event(row.event_name, row.event_place, row.event_date)
    deadline = Deadline(
        row.deadline_date,
        row.deadline_precision,
        row.deadline_phrase,
        row.deadline_basis or "stated",
    )
    fields: dict[str, Any] = {
        "key": row.key,
        "title": row.title,
        "actors": tuple(actors),
        "announced": row.announced,
        "citations": tuple(citations),
        "action": row.action,
        "target": target,
        "beneficiary": row.beneficiary,
        "themes": tuple(themes),
        "event": event,
        "deadline": deadline,
        "parent": parent,
        "custom": dict(custom),
        "notes": row.notes,
        "withdrawn": bool(row.withdrawn),
    }
    return Commitment(**fields)


def update_values(
    update: StatusUpdate, commitment_id: int, recorded: dt.datetime
) -> dict[str, Any]:
    """The ``status_update`` table's values for ``update``."""
    return {
        "commitment_id": commitment_id,
        "status": _ENUM_TEXT[update.status],
        "label": update.label,
        "effective": update.effective,
        "effective_precision": _ENUM_TEXT[update.effective_precision],
        "progress": update.progress,
        "note": update.note,
        "recorded": recorded,
        "percent": update.percent,
        "author": update.author,
        "names_actors": bool(update.actors),
    }


def update_from_row(
    row: Any,
    commitment_key: str,
    evidence: Sequence[Citation],
    actors: Sequence[str] = (),
) -> StatusUpdate:
    """The model of a status update row, its evidence and the actors it assesses."""
    recorded = row.recorded
    if recorded.tzinfo is None:
        recorded = recorded.replace(tzinfo=dt.UTC)
    return StatusUpdate(
        commitment=commitment_key,
        status=row.status,
        effective=row.effective,
        progress=row.progress,
        note=row.note,
        evidence=tuple(evidence),
        effective_precision=Precision(row.effective_precision),
        label=row.label,
        recorded=recorded,
        sequence=row.id,
        percent=row.percent,
        actors=tuple(actors),
        author=row.author,
    )


def field_row(spec: FieldSpec, position: int) -> FieldDefinitionRow:
    """A new row declaring the custom field ``spec``."""
    from pledgetrack.store.tables import FieldDefinitionRow

    return FieldDefinitionRow(
        name=spec.name,
        type=spec.type.value,
        description=spec.description,
        choices=json.dumps(list(spec.choices), ensure_ascii=False) if spec.choices else None,
        required=spec.required,
        position=position,
    )


def field_from_row(row: FieldDefinitionRow) -> FieldSpec:
    """The declaration a field row holds."""
    return FieldSpec(
        name=row.name,
        type=row.type,
        description=row.description,
        choices=json.loads(row.choices) if row.choices else (),
        required=bool(row.required),
    )


def vocabulary_rows(vocabulary: Vocabulary) -> tuple[VocabularyRow, list[VocabularyLabelRow]]:
    """New rows for a vocabulary and its labels."""
    from pledgetrack.store.tables import VocabularyLabelRow, VocabularyRow

    labels = [
        VocabularyLabelRow(vocabulary=vocabulary.name, label=label, status=status.value)
        for label, status in sorted(vocabulary.mapping.items())
    ]
    return VocabularyRow(name=vocabulary.name, description=vocabulary.description), labels


def vocabulary_from_rows(row: VocabularyRow, labels: Sequence[VocabularyLabelRow]) -> Vocabulary:
    """The vocabulary its rows hold."""
    return Vocabulary(row.name, {lb.label: lb.status for lb in labels}, row.description)


def amendment_rows(
    amendment: Amendment, commitment_id: int, revision: int, recorded: dt.datetime
) -> list[CommitmentAmendmentRow]:
    """New rows for ``amendment``, one per changed field (values as JSON texts)."""
    from pledgetrack.store.tables import CommitmentAmendmentRow

    return [
        CommitmentAmendmentRow(
            commitment_id=commitment_id,
            revision=revision,
            field=change.field,
            old_value=json.dumps(change.old, ensure_ascii=False),
            new_value=json.dumps(change.new, ensure_ascii=False),
            reason=amendment.reason,
            author=amendment.author,
            recorded=recorded,
        )
        for change in amendment.changes
    ]


def amendment_from_rows(rows: Sequence[Any], commitment_key: str) -> Amendment:
    """The amendment its rows (one revision of one commitment, by id) hold."""
    first = rows[0]
    recorded = first.recorded
    if recorded.tzinfo is None:
        recorded = recorded.replace(tzinfo=dt.UTC)
    return Amendment(
        commitment=commitment_key,
        reason=first.reason,
        changes=tuple(
            Change(r.field, json.loads(r.old_value), json.loads(r.new_value)) for r in rows
        ),
        author=first.author,
        recorded=recorded,
        sequence=first.revision,
    )
