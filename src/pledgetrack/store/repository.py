"""Reading and writing model objects through a SQLAlchemy session: the repository.

Callers hand it validated model objects; it checks what only the database can tell (keys that
exist or not, sources of citations) and maps to and from rows through :mod:`.mapping`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

import attrs
from sqlalchemy import delete, func
from sqlalchemy.orm import Session
from sqlmodel import col, select

from pledgetrack.errors import ConflictError, NotFoundError, ValidationError
from pledgetrack.model import Citation, Commitment, CustomValue, Source, StatusUpdate, Vocabulary
from pledgetrack.model.commitment import check_assessed_actors
from pledgetrack.model.fields import FieldSpec
from pledgetrack.model.vocabularies import check_extends
from pledgetrack.store import mapping
from pledgetrack.store.tables import (
    CitationRow,
    CommitmentActorRow,
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

    def add_source(self, source: Source) -> Source:
        if self._source_row(source.key) is not None:
            raise ConflictError("source", source.key)
        row = mapping.source_row(source)
        self.session.add(row)
        self.session.flush()
        return source

    def get_source(self, key: str) -> Source:
        row = self._source_row(key)
        if row is None:
            raise NotFoundError("source", key)
        return mapping.source_from_row(row)

    def source_or_none(self, key: str) -> Source | None:
        row = self._source_row(key)
        return None if row is None else mapping.source_from_row(row)

    def list_sources(self) -> list[Source]:
        rows = self.session.scalars(select(SourceRow).order_by(col(SourceRow.key)))
        return [mapping.source_from_row(r) for r in rows]

    def find_source_by_hash(self, content_hash: str) -> Source | None:
        row = self.session.scalars(
            select(SourceRow)
            .where(col(SourceRow.content_hash) == content_hash)
            .order_by(col(SourceRow.id))
        ).first()
        return None if row is None else mapping.source_from_row(row)

    def source_id(self, key: str) -> int | None:
        if key not in self._source_ids:
            found = self.session.scalar(select(col(SourceRow.id)).where(col(SourceRow.key) == key))
            if found is None:
                return None
            self._source_ids[key] = found
        return self._source_ids[key]

    def locate(self, citation: Citation, record: str, field: str) -> tuple[Citation, int]:
        """The citation checked against its stored source, and the source's row id."""
        if citation.source not in self._source_cache:
            source = self.source_or_none(citation.source)
            if source is None:
                raise ValidationError(record, f"{field}.source", citation.source, "no such source")
            self._source_cache[citation.source] = source
        source = self._source_cache[citation.source]
        try:
            located = citation.locate(source)
        except ValidationError as err:
            raise type(err)(record, field, err.value, err.reason) from None
        source_id = self.source_id(citation.source)
        assert source_id is not None
        return located, source_id

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

    def add_commitment(self, commitment: Commitment) -> Commitment:
        key = commitment.key
        if self.commitment_id(key) is not None:
            raise ConflictError("commitment", key)
        parent_id = None
        if commitment.parent is not None:
            parent_id = self.commitment_id(commitment.parent)
            if parent_id is None:
                raise ValidationError(key, "parent", commitment.parent, "no such commitment")
        located = [
            self.locate(c, key, f"citations[{i}]") for i, c in enumerate(commitment.citations)
        ]
        row = mapping.commitment_row(commitment, parent_id)
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        for position, name in enumerate(commitment.actors):
            self.session.add(CommitmentActorRow(commitment_id=row.id, position=position, name=name))
        for position, name in enumerate(commitment.themes):
            self.session.add(CommitmentThemeRow(commitment_id=row.id, position=position, name=name))
        self._write_custom(row.id, commitment.custom)
        for position, (citation, source_id) in enumerate(located):
            self.session.add(
                self._citation_row(citation, source_id, position, commitment_id=row.id)
            )
        self.session.flush()
        return attrs.evolve(commitment, citations=tuple(c for c, _ in located))

    def _write_custom(self, commitment_id: int, custom: dict[str, CustomValue] | object) -> None:
        assert isinstance(custom, dict)
        for name, value in custom.items():
            self.session.add(
                CommitmentFieldRow(
                    commitment_id=commitment_id, name=name, value=mapping.custom_to_json(value)
                )
            )

    def set_custom(self, key: str, custom: dict[str, CustomValue]) -> None:
        commitment_id = self.require_commitment_id(key)
        self.session.execute(
            delete(CommitmentFieldRow).where(col(CommitmentFieldRow.commitment_id) == commitment_id)
        )
        self._write_custom(commitment_id, custom)
        self.session.flush()

    @staticmethod
    def _citation_row(
        citation: Citation,
        source_id: int,
        position: int,
        *,
        commitment_id: int | None = None,
        status_update_id: int | None = None,
    ) -> CitationRow:
        return CitationRow(
            commitment_id=commitment_id,
            status_update_id=status_update_id,
            position=position,
            source_id=source_id,
            quote=citation.quote,
            start_offset=citation.start,
            end_offset=citation.end,
        )

    def add_citation(self, key: str, citation: Citation) -> Citation:
        commitment_id = self.require_commitment_id(key)
        existing = self.session.scalars(
            select(CitationRow).where(col(CitationRow.commitment_id) == commitment_id)
        ).all()
        located, source_id = self.locate(citation, key, f"citations[{len(existing)}]")
        for row in existing:
            if (
                row.source_id == source_id
                and row.start_offset == located.start
                and row.quote == located.quote
            ):
                raise ConflictError("citation", f"{key}/{citation.source}", "is already cited")
        self.session.add(
            self._citation_row(located, source_id, len(existing), commitment_id=commitment_id)
        )
        self.session.flush()
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
                custom[f.commitment_id][f.name] = mapping.custom_from_json(f.value)
            for c, source_key in self.session.execute(
                select(CitationRow, col(SourceRow.key))
                .join(SourceRow, col(SourceRow.id) == col(CitationRow.source_id))
                .where(col(CitationRow.commitment_id).in_(chunk))
                .order_by(col(CitationRow.commitment_id), col(CitationRow.position))
            ):
                assert c.commitment_id is not None
                citations[c.commitment_id].append(mapping.citation_from_row(c, source_key))
        out = []
        for r in rows:
            assert r.id is not None
            out.append(
                mapping.commitment_from_rows(
                    r,
                    actors=actors[r.id],
                    themes=themes[r.id],
                    citations=citations[r.id],
                    custom=custom[r.id],
                    parent=parents.get(r.parent_id) if r.parent_id is not None else None,
                )
            )
        return out

    def count_commitments(self) -> int:
        return self.session.scalar(select(func.count()).select_from(CommitmentRow)) or 0

    # --- status updates ------------------------------------------------------------------

    def add_update(self, update: StatusUpdate, recorded: dt.datetime) -> StatusUpdate:
        return self.add_updates([(update, recorded)])[0]

    def actors_of(self, commitment_ids: Sequence[int]) -> dict[int, list[str]]:
        """The actors of each commitment, in order."""
        out: dict[int, list[str]] = defaultdict(list)
        for chunk in _chunks(sorted(set(commitment_ids))):
            for a in self.session.scalars(
                select(CommitmentActorRow)
                .where(col(CommitmentActorRow.commitment_id).in_(chunk))
                .order_by(col(CommitmentActorRow.commitment_id), col(CommitmentActorRow.position))
            ):
                out[a.commitment_id].append(a.name)
        return out

    def add_updates(
        self, updates: Sequence[tuple[StatusUpdate, dt.datetime]]
    ) -> list[StatusUpdate]:
        """Append many (update, recorded) pairs in a few statements, in the order given.

        Refuses an update effective before its commitment's announcement, with progress
        on a commitment without a quantified target, or assessing an actor the commitment
        does not name.
        """
        keys = sorted({u.commitment for u, _ in updates})
        info: dict[str, tuple[int, dt.date, bool]] = {}
        for start in range(0, len(keys), _CHUNK):
            query = select(
                col(CommitmentRow.id),
                col(CommitmentRow.key),
                col(CommitmentRow.announced),
                col(CommitmentRow.target_quantity),
            ).where(col(CommitmentRow.key).in_(keys[start : start + _CHUNK]))
            for row_id, key, announced, quantity in self.session.execute(query):
                info[key] = (int(row_id or 0), announced, quantity is not None)
        named = [info[u.commitment][0] for u, _ in updates if u.actors and u.commitment in info]
        actors_by_id = self.actors_of(named) if named else {}
        pending: list[tuple[StatusUpdateRow, str, list[tuple[Citation, int]]]] = []
        for update, recorded in updates:
            key = update.commitment
            if key not in info:
                raise NotFoundError("commitment", key)
            commitment_id, announced, quantified = info[key]
            if update.effective < announced:
                raise ValidationError(
                    key,
                    "effective",
                    update.effective.isoformat(),
                    f"is before the commitment was announced on {announced.isoformat()}",
                )
            if update.progress is not None and not quantified:
                raise ValidationError(
                    key, "progress", str(update.progress), "the commitment has no quantified target"
                )
            if update.actors:
                check_assessed_actors(update, actors_by_id.get(commitment_id, ()))
            located = [self.locate(c, key, f"evidence[{i}]") for i, c in enumerate(update.evidence)]
            row = mapping.update_row(update, commitment_id, recorded)
            self.session.add(row)
            pending.append((row, key, located))
        self.session.flush()
        for (row, _key, located), (update, _recorded) in zip(pending, updates, strict=True):
            assert row.id is not None
            for position, (citation, source_id) in enumerate(located):
                self.session.add(
                    self._citation_row(citation, source_id, position, status_update_id=row.id)
                )
            self.session.add_all(mapping.update_actor_rows(update, row.id))
        self.session.flush()
        return [
            mapping.update_from_row(row, key, [c for c, _ in located], update.actors)
            for (row, key, located), (update, _recorded) in zip(pending, updates, strict=True)
        ]

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
                evidence[c.status_update_id].append(mapping.citation_from_row(c, source_key))
        return [
            mapping.update_from_row(
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
        return [mapping.field_from_row(r) for r in rows]

    def declare_field(self, spec: FieldSpec) -> bool:
        """Declare ``spec``; False when the same declaration exists, ConflictError if it differs.

        Values already stored under that name must fit it (and be present when required).
        """
        row = self.session.get(FieldDefinitionRow, spec.name)
        if row is not None:
            if mapping.field_from_row(row) == spec:
                return False
            raise ConflictError("field", spec.name, "is already declared differently")
        values = dict(
            self.session.execute(
                select(col(CommitmentFieldRow.commitment_id), col(CommitmentFieldRow.value)).where(
                    col(CommitmentFieldRow.name) == spec.name
                )
            ).all()
        )
        keys = self.keys_for(sorted(values))
        for commitment_id, text in sorted(values.items()):
            spec.check(mapping.custom_from_json(text), keys.get(commitment_id))
        if spec.required:
            missing = self.count_commitments() - sum(
                1 for text in values.values() if mapping.custom_from_json(text) is not None
            )
            if missing:
                raise ValidationError(
                    f"field {spec.name}",
                    "required",
                    True,
                    f"{missing} stored commitment(s) have no value for it",
                )
        position = self.session.scalar(select(func.count()).select_from(FieldDefinitionRow)) or 0
        self.session.add(mapping.field_row(spec, position))
        self.session.flush()
        return True

    def vocabularies(self) -> list[Vocabulary]:
        """The collection's own vocabularies, by name."""
        rows = self.session.scalars(select(VocabularyRow).order_by(col(VocabularyRow.name))).all()
        labels: dict[str, list[VocabularyLabelRow]] = defaultdict(list)
        for label in self.session.scalars(select(VocabularyLabelRow)):
            labels[label.vocabulary].append(label)
        return [mapping.vocabulary_from_rows(r, labels[r.name]) for r in rows]

    def vocabulary_or_none(self, name: str) -> Vocabulary | None:
        """The collection's own vocabulary ``name``, or None."""
        row = self.session.get(VocabularyRow, name)
        if row is None:
            return None
        labels = self.session.scalars(
            select(VocabularyLabelRow).where(col(VocabularyLabelRow.vocabulary) == name)
        ).all()
        return mapping.vocabulary_from_rows(row, labels)

    def add_vocabulary(self, vocabulary: Vocabulary) -> bool:
        """Store ``vocabulary``, or add its new labels to the stored one of that name.

        False when nothing changes; ValidationError when a stored label would change meaning.
        """
        stored = self.vocabulary_or_none(vocabulary.name)
        row, labels = mapping.vocabulary_rows(vocabulary)
        if stored is None:
            self.session.add(row)
            self.session.flush()
            self.session.add_all(labels)
            self.session.flush()
            return True
        check_extends(stored, vocabulary)
        new = [lb for lb in labels if lb.label not in stored.mapping]
        self.session.add_all(new)
        self.session.flush()
        return bool(new)
