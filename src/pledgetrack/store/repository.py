"""Reading and writing model objects through a SQLAlchemy session: the repository.

It reads model objects, and makes the changes that are not new records (amendments, custom
values, declarations, vocabularies), mapping to and from rows through :mod:`.rows`. New
sources, commitments, citations and status updates are written by :mod:`.writer` only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, insert
from sqlalchemy.orm import Session
from sqlmodel import col, select

from pledgetrack.errors import ConflictError, NotFoundError, ValidationError
from pledgetrack.model import (
    Amendment,
    Citation,
    Commitment,
    CustomValue,
    Source,
    StatusUpdate,
    Vocabulary,
)
from pledgetrack.model.fields import FieldSpec
from pledgetrack.store import rows as convert
from pledgetrack.store.tables import (
    CitationRow,
    CommitmentActorRow,
    CommitmentAmendmentRow,
    CommitmentFieldRow,
    CommitmentRow,
    CommitmentThemeRow,
    FieldDefinitionRow,
    SourceRow,
    StatusUpdateActorRow,
    StatusUpdateRow,
    VocabularyLabelRow,
    VocabularyRow,
)
from pledgetrack.store.writer import Writer, field_change, vocabulary_change

__all__ = ["Repository"]

_CHUNK = 500


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


class Repository:
    """Model objects in and out of one session. Commits nothing: the unit of work does."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._source_ids: dict[str, int] = {}
        self._source_cache: dict[str, Source] = {}

    # --- sources -------------------------------------------------------------------------

    def _source_row(self, key: str) -> SourceRow | None:
        return self.session.scalars(select(SourceRow).where(col(SourceRow.key) == key)).first()

    def get_source(self, key: str) -> Source:
        row = self._source_row(key)
        if row is None:
            raise NotFoundError("source", key)
        return convert.source_from_row(row)

    def source_or_none(self, key: str) -> Source | None:
        row = self._source_row(key)
        return None if row is None else convert.source_from_row(row)

    def list_sources(self) -> list[Source]:
        rows = self.session.scalars(select(SourceRow).order_by(col(SourceRow.key)))
        return [convert.source_from_row(r) for r in rows]

    def find_source_by_hash(self, content_hash: str) -> Source | None:
        row = self.session.scalars(
            select(SourceRow)
            .where(col(SourceRow.content_hash) == content_hash)
            .order_by(col(SourceRow.id))
        ).first()
        return None if row is None else convert.source_from_row(row)

    # --- commitments ---------------------------------------------------------------------

    def commitment_id(self, key: str) -> int | None:
        return self.session.scalar(
            select(col(CommitmentRow.id)).where(col(CommitmentRow.key) == key)
        )

    def ids_for(self, keys: Sequence[str] | None) -> dict[int, str]:
        """Row id → key of the commitments ``keys`` (None: all); NotFoundError for a missing one."""
        query = select(col(CommitmentRow.id), col(CommitmentRow.key))
        if keys is None:
            return {int(i or 0): k for i, k in self.session.execute(query)}
        out: dict[int, str] = {}
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            rows = self.session.execute(query.where(col(CommitmentRow.key).in_(chunk)))
            out.update((int(i or 0), k) for i, k in rows)
        missing = sorted(set(keys) - set(out.values()))
        if missing:
            raise NotFoundError("commitment", missing[0])
        return out

    def require_commitment_id(self, key: str) -> int:
        found = self.commitment_id(key)
        if found is None:
            raise NotFoundError("commitment", key)
        return found

    def _write_custom(self, commitment_id: int, custom: dict[str, CustomValue] | object) -> None:
        assert isinstance(custom, dict)
        for name, value in custom.items():
            self.session.add(
                CommitmentFieldRow(
                    commitment_id=commitment_id, name=name, value=convert.custom_to_json(value)
                )
            )

    def set_custom(self, key: str, custom: dict[str, CustomValue]) -> None:
        commitment_id = self.require_commitment_id(key)
        self.session.execute(
            delete(CommitmentFieldRow).where(col(CommitmentFieldRow.commitment_id) == commitment_id)
        )
        self._write_custom(commitment_id, custom)
        self.session.flush()

    def add_citation(self, key: str, citation: Citation) -> Citation:
        commitment_id = self.require_commitment_id(key)
        existing = self.session.scalars(
            select(CitationRow).where(col(CitationRow.commitment_id) == commitment_id)
        ).all()
        writer = Writer(self.session.connection())
        [(located, source_id)] = writer.locate_all([citation], key, "citations", len(existing))
        for row in existing:
            if (
                row.source_id == source_id
                and row.start_offset == located.start
                and row.quote == located.quote
            ):
                raise ConflictError("citation", f"{key}/{citation.source}", "is already cited")
        self.session.flush()
        values = writer.citation_values(
            [(located, source_id)],
            {"commitment_id": commitment_id, "status_update_id": None},
            len(existing),
        )
        self.session.execute(insert(CitationRow), values)
        return located

    def get_commitment(self, key: str) -> Commitment:
        row = self.session.scalars(
            select(CommitmentRow).where(col(CommitmentRow.key) == key)
        ).first()
        if row is None:
            raise NotFoundError("commitment", key)
        return self.load_commitments([row])[0]

    def commitments_by_ids(self, ids: Sequence[int]) -> list[Commitment]:
        rows: list[CommitmentRow] = []
        for chunk in _chunks(list(ids)):
            rows.extend(
                self.session.scalars(select(CommitmentRow).where(col(CommitmentRow.id).in_(chunk)))
            )
        rows.sort(key=lambda r: r.key)
        return self.load_commitments(rows)

    def keys_for(self, ids: Sequence[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        for chunk in _chunks(list(ids)):
            rows = self.session.execute(
                select(col(CommitmentRow.id), col(CommitmentRow.key)).where(
                    col(CommitmentRow.id).in_(chunk)
                )
            )
            out.update((int(row_id or 0), key) for row_id, key in rows)
        return out

    def load_commitments(self, rows: Sequence[CommitmentRow]) -> list[Commitment]:
        """Models for ``rows``, their related rows read in a few batched queries."""
        ids = [r.id for r in rows if r.id is not None]
        actors: dict[int, list[str]] = defaultdict(list)
        themes: dict[int, list[str]] = defaultdict(list)
        custom: dict[int, dict[str, CustomValue]] = defaultdict(dict)
        citations: dict[int, list[Citation]] = defaultdict(list)
        parents: dict[int, str] = {}
        parent_ids = sorted({r.parent_id for r in rows if r.parent_id is not None})
        for chunk in _chunks(parent_ids):
            for pid, pkey in self.session.execute(
                select(col(CommitmentRow.id), col(CommitmentRow.key)).where(
                    col(CommitmentRow.id).in_(chunk)
                )
            ):
                parents[int(pid or 0)] = pkey
        for chunk in _chunks(ids):
            for a in self.session.scalars(
                select(CommitmentActorRow)
                .where(col(CommitmentActorRow.commitment_id).in_(chunk))
                .order_by(col(CommitmentActorRow.commitment_id), col(CommitmentActorRow.position))
            ):
                actors[a.commitment_id].append(a.name)
            for t in self.session.scalars(
                select(CommitmentThemeRow)
                .where(col(CommitmentThemeRow.commitment_id).in_(chunk))
                .order_by(col(CommitmentThemeRow.commitment_id), col(CommitmentThemeRow.position))
            ):
                themes[t.commitment_id].append(t.name)
            for f in self.session.scalars(
                select(CommitmentFieldRow).where(col(CommitmentFieldRow.commitment_id).in_(chunk))
            ):
                custom[f.commitment_id][f.name] = convert.custom_from_json(f.value)
            for c, source_key in self.session.execute(
                select(CitationRow, col(SourceRow.key))
                .join(SourceRow, col(SourceRow.id) == col(CitationRow.source_id))
                .where(col(CitationRow.commitment_id).in_(chunk))
                .order_by(col(CitationRow.commitment_id), col(CitationRow.position))
            ):
                assert c.commitment_id is not None
                citations[c.commitment_id].append(convert.citation_from_row(c, source_key))
        out = []
        for r in rows:
            assert r.id is not None
            out.append(
                convert.commitment_from_rows(
                    r,
                    actors=actors[r.id],
                    themes=themes[r.id],
                    citations=citations[r.id],
                    custom=custom[r.id],
                    parent=parents.get(r.parent_id) if r.parent_id is not None else None,
                )
            )
        return out

    def update_commitment(self, commitment: Commitment) -> None:
        """Write the current values of a stored commitment (its key, citations, custom fields,
        parent and announcement are not changed here)."""
        commitment_id = self.require_commitment_id(commitment.key)
        row = self.session.get(CommitmentRow, commitment_id)
        assert row is not None
        fresh = convert.commitment_values(commitment, row.parent_id)
        for name in (
            "title", "action", "beneficiary", "event_name", "event_place", "event_date",
            "target_quantity", "target_unit", "target_currency", "target_qualifier",
            "deadline_date", "deadline_due", "deadline_precision", "deadline_phrase",
            "deadline_basis", "notes", "withdrawn",
        ):  # fmt: skip
            setattr(row, name, fresh[name])
        for table in (CommitmentActorRow, CommitmentThemeRow):
            self.session.execute(delete(table).where(col(table.commitment_id) == commitment_id))
        self.session.flush()
        for position, name in enumerate(commitment.actors):
            self.session.add(
                CommitmentActorRow(commitment_id=commitment_id, position=position, name=name)
            )
        for position, name in enumerate(commitment.themes):
            self.session.add(
                CommitmentThemeRow(commitment_id=commitment_id, position=position, name=name)
            )
        self.session.flush()

    def add_amendment(self, amendment: Amendment, recorded: dt.datetime) -> Amendment:
        """Append ``amendment`` to its commitment's amendments; returns it as stored."""
        commitment_id = self.require_commitment_id(amendment.commitment)
        last = self.session.scalar(
            select(func.max(CommitmentAmendmentRow.revision)).where(
                col(CommitmentAmendmentRow.commitment_id) == commitment_id
            )
        )
        revision = amendment.sequence if amendment.sequence is not None else (last or 0) + 1
        stamp = amendment.recorded or recorded
        rows = convert.amendment_rows(amendment, commitment_id, revision, stamp)
        self.session.add_all(rows)
        self.session.flush()
        return convert.amendment_from_rows(rows, amendment.commitment)

    def amendments(self, keys_by_id: dict[int, str]) -> dict[str, list[Amendment]]:
        """The amendments of many commitments, in order, keyed by commitment key."""
        out: dict[str, list[Amendment]] = {k: [] for k in keys_by_id.values()}
        for chunk in _chunks(sorted(keys_by_id)):
            rows = self.session.scalars(
                select(CommitmentAmendmentRow)
                .where(col(CommitmentAmendmentRow.commitment_id).in_(chunk))
                .order_by(
                    col(CommitmentAmendmentRow.commitment_id),
                    col(CommitmentAmendmentRow.revision),
                    col(CommitmentAmendmentRow.id),
                )
            ).all()
            groups: dict[tuple[int, int], list[CommitmentAmendmentRow]] = defaultdict(list)
            for row in rows:
                groups[(row.commitment_id, row.revision)].append(row)
            for (commitment_id, _revision), group in groups.items():
                key = keys_by_id[commitment_id]
                out[key].append(convert.amendment_from_rows(group, key))
        return out

    def count_commitments(self) -> int:
        return self.session.scalar(select(func.count()).select_from(CommitmentRow)) or 0

    # --- status updates ------------------------------------------------------------------

    def history(self, key: str) -> list[StatusUpdate]:
        commitment_id = self.require_commitment_id(key)
        rows = self.session.scalars(
            select(StatusUpdateRow)
            .where(col(StatusUpdateRow.commitment_id) == commitment_id)
            .order_by(col(StatusUpdateRow.effective), col(StatusUpdateRow.id))
        ).all()
        return self._updates(rows, {commitment_id: key})

    def histories(self, keys_by_id: dict[int, str]) -> dict[str, list[StatusUpdate]]:
        """The histories of many commitments at once, keyed by commitment key."""
        out: dict[str, list[StatusUpdate]] = {k: [] for k in keys_by_id.values()}
        for chunk in _chunks(sorted(keys_by_id)):
            rows = self.session.scalars(
                select(StatusUpdateRow)
                .where(col(StatusUpdateRow.commitment_id).in_(chunk))
                .order_by(col(StatusUpdateRow.effective), col(StatusUpdateRow.id))
            ).all()
            for update in self._updates(rows, keys_by_id):
                out[update.commitment].append(update)
        return out

    def _updates(
        self, rows: Sequence[StatusUpdateRow], keys_by_id: dict[int, str]
    ) -> list[StatusUpdate]:
        evidence: dict[int, list[Citation]] = defaultdict(list)
        actors: dict[int, list[str]] = defaultdict(list)
        ids = [r.id for r in rows if r.id is not None]
        for chunk in _chunks(ids):
            for a in self.session.scalars(
                select(StatusUpdateActorRow)
                .where(col(StatusUpdateActorRow.status_update_id).in_(chunk))
                .order_by(
                    col(StatusUpdateActorRow.status_update_id), col(StatusUpdateActorRow.position)
                )
            ):
                actors[a.status_update_id].append(a.name)
            for c, source_key in self.session.execute(
                select(CitationRow, col(SourceRow.key))
                .join(SourceRow, col(SourceRow.id) == col(CitationRow.source_id))
                .where(col(CitationRow.status_update_id).in_(chunk))
                .order_by(col(CitationRow.status_update_id), col(CitationRow.position))
            ):
                assert c.status_update_id is not None
                evidence[c.status_update_id].append(convert.citation_from_row(c, source_key))
        return [
            convert.update_from_row(
                r, keys_by_id[r.commitment_id], evidence[r.id or 0], actors[r.id or 0]
            )
            for r in rows
        ]

    # --- custom fields and vocabularies --------------------------------------------------

    def fields(self) -> list[FieldSpec]:
        """The declared custom fields, in the order they were declared."""
        rows = self.session.scalars(
            select(FieldDefinitionRow).order_by(col(FieldDefinitionRow.position))
        )
        return [convert.field_from_row(r) for r in rows]

    def declare_field(self, spec: FieldSpec) -> bool:
        """Declare ``spec``; False when the same declaration exists, ConflictError if it differs.

        Values already stored under that name must fit it (and be present when required).
        """
        row = self.session.get(FieldDefinitionRow, spec.name)
        if not field_change(None if row is None else convert.field_from_row(row), spec):
            return False
        values = dict(
            self.session.execute(
                select(col(CommitmentFieldRow.commitment_id), col(CommitmentFieldRow.value)).where(
                    col(CommitmentFieldRow.name) == spec.name
                )
            ).all()
        )
        keys = self.keys_for(sorted(values))
        for commitment_id, text in sorted(values.items()):
            spec.check(convert.custom_from_json(text), keys.get(commitment_id))
        if spec.required:
            missing = self.count_commitments() - sum(
                1 for text in values.values() if convert.custom_from_json(text) is not None
            )
            if missing:
                raise ValidationError(
                    f"field {spec.name}",
                    "required",
                    True,
                    f"{missing} stored commitment(s) have no value for it",
                )
        position = self.session.scalar(select(func.count()).select_from(FieldDefinitionRow)) or 0
        self.session.add(convert.field_row(spec, position))
        self.session.flush()
        return True

    def vocabularies(self) -> list[Vocabulary]:
        """The collection's own vocabularies, by name."""
        rows = self.session.scalars(select(VocabularyRow).order_by(col(VocabularyRow.name))).all()
        labels: dict[str, list[VocabularyLabelRow]] = defaultdict(list)
        for label in self.session.scalars(select(VocabularyLabelRow)):
            labels[label.vocabulary].append(label)
        return [convert.vocabulary_from_rows(r, labels[r.name]) for r in rows]

    def vocabulary_or_none(self, name: str) -> Vocabulary | None:
        """The collection's own vocabulary ``name``, or None."""
        row = self.session.get(VocabularyRow, name)
        if row is None:
            return None
        labels = self.session.scalars(
            select(VocabularyLabelRow).where(col(VocabularyLabelRow.vocabulary) == name)
        ).all()
        return convert.vocabulary_from_rows(row, labels)

    def add_vocabulary(self, vocabulary: Vocabulary) -> bool:
        """Store ``vocabulary``, or add its new labels to the stored one of that name.

        False when nothing changes; the rules are those of
        :func:`~pledgetrack.store.writer.vocabulary_change`.
        """
        stored = self.vocabulary_or_none(vocabulary.name)
        if not vocabulary_change(stored, vocabulary):
            return False
        row, labels = convert.vocabulary_rows(vocabulary)
        if stored is None:
            self.session.add(row)
            self.session.flush()
        self.session.add_all(
            lb for lb in labels if stored is None or lb.label not in stored.mapping
        )
        self.session.flush()
        return True
