"""Streaming bulk load: validated model objects into the store, in batches, in one transaction.

:func:`bulk_load` reads an iterable of :class:`~pledgetrack.model.Source`,
:class:`~pledgetrack.model.Commitment` and :class:`~pledgetrack.model.StatusUpdate` objects
(in any mix: a commitment followed by its updates is the natural order) and writes them with
batched Core ``INSERT`` statements (``executemany``), the same code on SQLite and PostgreSQL.

It checks what the one-at-a-time :class:`~pledgetrack.Tracker` methods check: keys that
already exist, parents and sources that must exist, quotes found in their source's text,
declared custom fields, an update not before its commitment's announcement, progress only on
a quantified commitment, assessed actors among the commitment's actors. Everything is one
transaction: on any error nothing is stored.

Only one batch is held at a time (``batch_size`` records of each kind, plus the stored sources),
so the memory it needs does not grow with the size of the load. A parent must come before
its children and a commitment before its updates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import attrs
from sqlalchemy import Connection, Engine, Table, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from pledgetrack.errors import (
    ConflictError,
    NotFoundError,
    PledgetrackError,
    StoreError,
    ValidationError,
)
from pledgetrack.io.fields import FieldSpec, check_custom
from pledgetrack.model import Citation, Commitment, Source, StatusUpdate
from pledgetrack.model.commitment import check_assessed_actors
from pledgetrack.store import mapping
from pledgetrack.store.engine import writing
from pledgetrack.store.tables import (
    CitationRow,
    CommitmentActorRow,
    CommitmentFieldRow,
    CommitmentRow,
    CommitmentThemeRow,
    SourceRow,
    StatusUpdateActorRow,
    StatusUpdateRow,
)

__all__ = [
    "DEFAULT_BATCH",
    "LoadReport",
    "bulk_load",
    "commitment_values",
    "load_on",
    "update_values",
]

DEFAULT_BATCH = 10_000

_SOURCE: Table = SourceRow.__table__  # type: ignore[attr-defined]
_COMMITMENT: Table = CommitmentRow.__table__  # type: ignore[attr-defined]
_ACTOR: Table = CommitmentActorRow.__table__  # type: ignore[attr-defined]
_THEME: Table = CommitmentThemeRow.__table__  # type: ignore[attr-defined]
_FIELD: Table = CommitmentFieldRow.__table__  # type: ignore[attr-defined]
_CITATION: Table = CitationRow.__table__  # type: ignore[attr-defined]
_UPDATE: Table = StatusUpdateRow.__table__  # type: ignore[attr-defined]
_UPDATE_ACTOR: Table = StatusUpdateActorRow.__table__  # type: ignore[attr-defined]

_UPDATE_RETURNING = insert(_UPDATE).returning(_UPDATE.c.id, sort_by_parameter_order=True)


def commitment_values(commitment: Commitment, parent_id: int | None) -> dict[str, Any]:
    """The ``commitment`` table's values for ``commitment``, as a plain dict.

    The same values as :func:`pledgetrack.store.mapping.commitment_row` (a test holds them
    equal), without building an ORM object: the bulk load's hot path.
    """
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
        "target_qualifier": target.qualifier.value if target else None,
        "deadline_date": deadline.date,
        "deadline_due": deadline.due,
        "deadline_precision": deadline.precision.value,
        "deadline_phrase": deadline.phrase,
        "deadline_basis": deadline.basis.value,
        "parent_id": parent_id,
        "notes": commitment.notes,
        "withdrawn": commitment.withdrawn,
    }


def update_values(
    update: StatusUpdate, commitment_id: int, recorded: dt.datetime
) -> dict[str, Any]:
    """The ``status_update`` table's values for ``update``, as a plain dict.

    The same values as :func:`pledgetrack.store.mapping.update_row` (a test holds them equal).
    """
    return {
        "commitment_id": commitment_id,
        "status": update.status.value,
        "label": update.label,
        "effective": update.effective,
        "effective_precision": update.effective_precision.value,
        "progress": update.progress,
        "note": update.note,
        "recorded": recorded,
        "percent": update.percent,
        "author": update.author,
    }


@attrs.frozen
class LoadReport:
    """How many records a bulk load stored."""

    sources: int = 0
    commitments: int = 0
    updates: int = 0
    citations: int = 0

    def __str__(self) -> str:
        return (
            f"{self.sources:,} sources, {self.commitments:,} commitments, "
            f"{self.updates:,} status updates and {self.citations:,} citations loaded"
        )


@attrs.define
class _Counter:
    sources: int = 0
    commitments: int = 0
    updates: int = 0
    citations: int = 0


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Loader:
    """One bulk load: the open connection, the sources seen, the pending batches."""

    def __init__(self, conn: Connection, batch_size: int, recorded: dt.datetime) -> None:
        self.conn = conn
        self.batch_size = batch_size
        self.recorded = recorded
        self.count = _Counter()
        self.sources: dict[str, tuple[int, Source]] = {}
        self.commitments: list[Commitment] = []
        self.updates: list[StatusUpdate] = []
        # the last batch of commitments stored: their updates usually follow them
        self.recent: dict[str, tuple[int, dt.date, bool]] = {}
        self.fields = self._declared_fields()

    def _declared_fields(self) -> Mapping[str, FieldSpec]:
        from pledgetrack.store.repository import Repository

        with Session(bind=self.conn) as session:
            return {spec.name: spec for spec in Repository(session).fields()}

    # --- sources -----------------------------------------------------------------------

    def add_source(self, source: Source) -> None:
        found = self.conn.execute(select(_SOURCE.c.id).where(_SOURCE.c.key == source.key))
        if found.first() is not None:
            raise ConflictError("source", source.key)
        row = self.conn.execute(
            insert(_SOURCE).returning(_SOURCE.c.id), [attrs.asdict(source, recurse=False)]
        )
        self.sources[source.key] = (row.scalar_one(), source)
        self.count.sources += 1

    def _source(self, key: str, record: str, field: str) -> tuple[int, Source]:
        if key not in self.sources:
            row = self.conn.execute(select(_SOURCE).where(_SOURCE.c.key == key)).mappings().first()
            if row is None:
                raise ValidationError(record, f"{field}.source", key, "no such source")
            fields = {f.name: row[f.name] for f in attrs.fields(Source)}
            self.sources[key] = (row["id"], Source(**fields))
        return self.sources[key]

    def _citation_rows(
        self, citations: Sequence[Citation], record: str, field: str, owner: dict[str, int | None]
    ) -> list[dict[str, Any]]:
        rows = []
        for position, citation in enumerate(citations):
            source_id, source = self._source(citation.source, record, f"{field}[{position}]")
            try:
                located = citation.locate(source)
            except ValidationError as err:
                raise type(err)(record, f"{field}[{position}]", err.value, err.reason) from None
            rows.append(
                {
                    **owner,
                    "position": position,
                    "source_id": source_id,
                    "quote": located.quote,
                    "start_offset": located.start,
                    "end_offset": located.end,
                }
            )
        return rows

    # --- commitments ---------------------------------------------------------------------

    def flush_commitments(self) -> None:
        batch, self.commitments = self.commitments, []
        if not batch:
            return
        keys = [c.key for c in batch]
        if len(set(keys)) != len(keys):
            seen: set[str] = set()
            for key in keys:
                if key in seen:
                    raise ConflictError("commitment", key, "is given twice")
                seen.add(key)
        taken = self._ids(keys)
        if taken:
            raise ConflictError("commitment", min(taken))
        in_batch = set(keys)
        parents = self._ids([c.parent for c in batch if c.parent and c.parent not in in_batch])
        rows = []
        for commitment in batch:
            check_custom(self.fields, commitment.custom, commitment.key)
            parent_id = None
            if commitment.parent is not None and commitment.parent not in in_batch:
                parent_id = parents.get(commitment.parent)
                if parent_id is None:
                    raise ValidationError(
                        commitment.key, "parent", commitment.parent, "no such commitment"
                    )
            rows.append(commitment_values(commitment, parent_id))
        self.conn.execute(insert(_COMMITMENT), rows)
        by_key = self._ids(keys)
        ids = [by_key[key] for key in keys]
        self.recent = {c.key: (by_key[c.key], c.announced, c.target is not None) for c in batch}
        self._fix_parents(batch, by_key)
        actors, themes, fields, citations = [], [], [], []
        for commitment, cid in zip(batch, ids, strict=True):
            actors += [
                {"commitment_id": cid, "position": p, "name": name}
                for p, name in enumerate(commitment.actors)
            ]
            themes += [
                {"commitment_id": cid, "position": p, "name": name}
                for p, name in enumerate(commitment.themes)
            ]
            fields += [
                {"commitment_id": cid, "name": name, "value": mapping.custom_to_json(value)}
                for name, value in commitment.custom.items()
            ]
            citations += self._citation_rows(
                commitment.citations,
                commitment.key,
                "citations",
                {"commitment_id": cid, "status_update_id": None},
            )
        for table, values in ((_ACTOR, actors), (_THEME, themes), (_FIELD, fields)):
            if values:
                self.conn.execute(insert(table), values)
        if citations:
            self.conn.execute(insert(_CITATION), citations)
        self.count.commitments += len(batch)
        self.count.citations += len(citations)

    def _fix_parents(self, batch: Sequence[Commitment], by_key: Mapping[str, int]) -> None:
        """Point children at parents of the same batch (which came before them)."""
        changes = []
        before: set[str] = set()
        for commitment in batch:
            parent = commitment.parent
            if parent is not None and parent in by_key:
                if parent not in before:
                    raise ValidationError(
                        commitment.key, "parent", parent, "the parent must come before its children"
                    )
                changes.append({"child": by_key[commitment.key], "parent_id": by_key[parent]})
            before.add(commitment.key)
        if changes:
            from sqlalchemy import bindparam

            statement = (
                update(_COMMITMENT)
                .where(_COMMITMENT.c.id == bindparam("child"))
                .values(parent_id=bindparam("parent_id"))
            )
            self.conn.execute(statement, changes)

    def _actors(self, ids: set[int]) -> dict[int, list[str]]:
        """The actors of the commitments ``ids``, in order."""
        out: dict[int, list[str]] = {}
        for chunk in _chunks(sorted(ids), 900):
            query = (
                select(_ACTOR.c.commitment_id, _ACTOR.c.name)
                .where(_ACTOR.c.commitment_id.in_(chunk))
                .order_by(_ACTOR.c.commitment_id, _ACTOR.c.position)
            )
            for cid, name in self.conn.execute(query):
                out.setdefault(cid, []).append(name)
        return out

    def _ids(self, keys: Sequence[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        unique = sorted(set(keys))
        for chunk in _chunks(unique, 900):
            query = select(_COMMITMENT.c.key, _COMMITMENT.c.id).where(_COMMITMENT.c.key.in_(chunk))
            out.update((key, cid) for key, cid in self.conn.execute(query))
        return out

    # --- status updates --------------------------------------------------------------------

    def flush_updates(self) -> None:
        batch, self.updates = self.updates, []
        if not batch:
            return
        found: dict[str, tuple[int, dt.date, bool]] = {}
        wanted = {u.commitment for u in batch}
        found.update((key, self.recent[key]) for key in wanted & self.recent.keys())
        for chunk in _chunks(sorted(wanted - found.keys()), 900):
            query = select(
                _COMMITMENT.c.key,
                _COMMITMENT.c.id,
                _COMMITMENT.c.announced,
                _COMMITMENT.c.target_quantity.is_not(None),
            ).where(_COMMITMENT.c.key.in_(chunk))
            found.update(
                (key, (cid, announced, bool(quantified)))
                for key, cid, announced, quantified in self.conn.execute(query)
            )
        actors = self._actors(
            {found[u.commitment][0] for u in batch if u.actors and u.commitment in found}
        )
        rows = []
        for update_ in batch:
            if update_.commitment not in found:
                raise NotFoundError("commitment", update_.commitment)
            cid, announced, quantified = found[update_.commitment]
            if update_.effective < announced:
                raise ValidationError(
                    update_.commitment,
                    "effective",
                    update_.effective.isoformat(),
                    f"is before the commitment was announced on {announced.isoformat()}",
                )
            if update_.progress is not None and not quantified:
                raise ValidationError(
                    update_.commitment,
                    "progress",
                    str(update_.progress),
                    "the commitment has no quantified target",
                )
            if update_.actors:
                check_assessed_actors(update_, actors.get(cid, ()))
            rows.append(update_values(update_, cid, update_.recorded or self.recorded))
        if any(u.evidence or u.actors for u in batch):
            ids = list(self.conn.execute(_UPDATE_RETURNING, rows).scalars())
            evidence = []
            assessed = []
            for update_, uid in zip(batch, ids, strict=True):
                assessed += [
                    {"status_update_id": uid, "position": p, "name": name}
                    for p, name in enumerate(update_.actors)
                ]
                evidence += self._citation_rows(
                    update_.evidence,
                    update_.commitment,
                    "evidence",
                    {"commitment_id": None, "status_update_id": uid},
                )
            if evidence:
                self.conn.execute(insert(_CITATION), evidence)
            if assessed:
                self.conn.execute(insert(_UPDATE_ACTOR), assessed)
            self.count.citations += len(evidence)
        else:
            self.conn.execute(insert(_UPDATE), rows)
        self.count.updates += len(batch)

    # --- the stream --------------------------------------------------------------------------

    def add(self, record: object) -> None:
        if isinstance(record, Commitment):
            self.commitments.append(record)
            if len(self.commitments) >= self.batch_size:
                self.flush()
        elif isinstance(record, StatusUpdate):
            self.updates.append(record)
            if len(self.updates) >= self.batch_size:
                self.flush()
        elif isinstance(record, Source):
            self.add_source(record)
        else:
            raise ValidationError(
                "bulk load",
                "record",
                type(record).__name__,
                "must be a Source, a Commitment or a StatusUpdate",
            )

    def flush(self) -> None:
        self.flush_commitments()
        self.flush_updates()

    def report(self) -> LoadReport:
        c = self.count
        return LoadReport(c.sources, c.commitments, c.updates, c.citations)


@contextmanager
def _database_errors() -> Iterator[None]:
    try:
        yield
    except PledgetrackError:
        raise
    except IntegrityError as err:
        raise ConflictError("record", "?", f"breaks a database constraint: {err.orig}") from err
    except SQLAlchemyError as err:
        raise StoreError(f"database error: {err}") from err


def load_on(
    conn: Connection,
    records: Iterable[Source | Commitment | StatusUpdate],
    *,
    batch_size: int = DEFAULT_BATCH,
    recorded: dt.datetime | None = None,
    progress: Any = None,
) -> LoadReport:
    """Store ``records`` on ``conn``, in the transaction its caller holds open.

    The same checks and batches as :func:`bulk_load`; the caller commits or rolls back.
    ``progress`` (if given) is called with the number of records handed over so far, once
    per batch.
    """
    loader = _Loader(conn, batch_size, recorded or dt.datetime.now(dt.UTC))
    with _database_errors():
        for done, record in enumerate(records, start=1):
            loader.add(record)
            if progress is not None and done % batch_size == 0:
                progress(done)
        loader.flush()
    return loader.report()


def bulk_load(
    target: Any,
    records: Iterable[Source | Commitment | StatusUpdate],
    *,
    batch_size: int = DEFAULT_BATCH,
    recorded: dt.datetime | None = None,
) -> LoadReport:
    """Store ``records`` (sources, commitments, status updates) in one transaction, in batches.

    ``target`` is a :class:`~pledgetrack.Tracker` or a SQLAlchemy engine (not inside an open
    ``tracker.transaction()``). Updates without a ``recorded`` time get ``recorded`` (default:
    now, UTC); record order is the order given. Raises the library's errors naming the
    record; nothing is stored then.
    """
    engine = getattr(target, "engine", target)
    if not isinstance(engine, Engine):
        raise TypeError(f"expected a Tracker or an Engine, not {type(target).__name__}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValidationError(
            "bulk load", "batch_size", batch_size, "must be a whole number, 1 or more"
        )
    stamp = recorded or dt.datetime.now(dt.UTC)
    with _database_errors(), writing(engine).begin() as conn:
        loader = _Loader(conn, batch_size, stamp)
        for record in records:
            loader.add(record)
        loader.flush()
        return loader.report()
