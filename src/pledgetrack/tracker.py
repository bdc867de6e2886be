"""The one entry point: :func:`open` a store, then work through its :class:`Tracker`.

Every write is a transaction: a call either stores everything it was given or, on any error,
nothing. ``with tracker.transaction():`` makes a batch of calls all or nothing; inside it,
a failed call is undone by itself (a savepoint) and the batch goes on if the caller catches
the error.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from types import TracebackType
from typing import Any, TypeVar

import attrs
from sqlalchemy import Connection, Engine, Select, TextualSelect
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from pledgetrack.errors import ConflictError, NotFoundError, StoreError, ValidationError
from pledgetrack.model import (
    AMENDABLE,
    CANONICAL,
    Amendment,
    Change,
    Citation,
    Commitment,
    CustomValue,
    Precision,
    Source,
    Status,
    StatusUpdate,
    Vocabulary,
    to_date,
    to_status,
)
from pledgetrack.model.fields import FieldSpec, check_custom
from pledgetrack.model.filter import Filter
from pledgetrack.model.vocabularies import BUILT_IN
from pledgetrack.rules.status import days_overdue, is_overdue, latest_update
from pledgetrack.store import migrate
from pledgetrack.store.engine import create_store_engine, resolve_url, writing
from pledgetrack.store.lookup import commitment_and_update
from pledgetrack.store.queries import commitment_ids
from pledgetrack.store.repository import Repository
from pledgetrack.store.writer import Writer, conflict_of

__all__ = ["StatusAsOf", "Tracker", "open"]

_T = TypeVar("_T")


@attrs.frozen
class StatusAsOf:
    """Where one commitment stands on a date: its status, the update behind it, its deadline.

    ``actor`` is None for the commitment as a whole, else the actor whose own status this is.
    """

    commitment: Commitment
    as_of: dt.date
    status: Status
    update: StatusUpdate | None
    actor: str | None = None

    @property
    def key(self) -> str:
        """The commitment's key."""
        return self.commitment.key

    @property
    def due(self) -> dt.date | None:
        """The day the deadline falls due."""
        return self.commitment.deadline.due

    @property
    def overdue(self) -> bool:
        """Deadline passed and status not final."""
        return is_overdue(self.commitment, self.status, self.as_of)

    @property
    def days_overdue(self) -> int:
        """Days since the deadline fell due, when overdue."""
        return days_overdue(self.commitment, self.status, self.as_of)

    @property
    def since(self) -> dt.date | None:
        """The date the status became true."""
        return None if self.update is None else self.update.effective


def _converted(convert: Callable[[Any], Any] | None, value: Any) -> Any:
    """A value from the driver as SQLAlchemy gives it (``convert``: the type's own conversion)."""
    return value if convert is None or value is None else convert(value)


def _driver_value(value: object) -> object:
    """A bound value as SQLite stores it (dates as ISO text, as SQLAlchemy writes them)."""
    if isinstance(value, dt.datetime):
        raise TypeError("a lookup takes dates, not times")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _today() -> dt.date:
    return dt.date.today()


class Tracker:
    """A pledgetrack store: sources, commitments and their status history.

    Make one with :func:`pledgetrack.open`; use it as a context manager to close it.
    """

    def __init__(self, engine: Engine, url: URL) -> None:
        self.engine = engine
        self.url = url
        self._session: Session | None = None
        self._reader: Connection | None = None
        self._quick: Connection | None = None
        self._quick_thread: int | None = None  # the thread that made it
        self._compiled: dict[int, tuple[str, tuple[str, ...], dict[str, Any]]] = {}
        self._statements: list[Any] = []
        self._shapes: dict[int, tuple[Callable[..., Any], list[Any]]] = {}

    # --- life cycle ----------------------------------------------------------------------

    def close(self) -> None:
        """Release the database connections."""
        if self._quick is not None:
            self._quick.close()
            self._quick = None
        self.engine.dispose()

    def __enter__(self) -> Tracker:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Tracker {self.url.render_as_string(hide_password=True)}>"

    @contextmanager
    def transaction(self) -> Iterator[Tracker]:
        """All the calls inside are committed together at the end, or none on an exception."""
        if self._session is not None:
            with self._session.begin_nested():
                yield self
            return
        session = Session(writing(self.engine), expire_on_commit=False)
        try:
            with _database_errors(), session.begin():
                self._session = session
                yield self
        finally:
            self._session = None
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """The connection reads run on: the open :meth:`transaction`'s, else one for this read.

        Inside a transaction, a read (a rollup, a summary, a lookup) sees the transaction's own
        writes. Reads nested in one another share one connection and one snapshot.
        """
        if self._session is not None:
            with _database_errors():
                yield self._session.connection()
            return
        if self._reader is not None:
            yield self._reader
            return
        kept = self._kept()
        if kept is not None:
            self._reader = kept
            try:
                with _database_errors():
                    yield kept
            finally:
                self._reader = None
                kept.rollback()  # ends the read transaction: it holds no lock between reads
            return
        with _database_errors(), self.engine.connect() as conn, conn.begin():
            self._reader = conn
            try:
                yield conn
            finally:
                self._reader = None

    def _kept(self) -> Connection | None:
        """The connection this tracker keeps for reads, made on first use by this thread
        (None in any other thread: they read on pooled connections)."""
        thread = threading.get_ident()
        if self._quick is None:
            self._quick = self.engine.connect()
            self._quick_thread = thread
        return self._quick if self._quick_thread == thread else None

    def read_one(self, statement: Select[Any], params: Mapping[str, Any]) -> Any:
        """The first column of the first row ``statement`` gives (None when no row): the
        quick path for a lookup.

        Inside a transaction (or another read) it runs on that connection. Otherwise, on
        SQLite, it runs as plain SQL (compiled once) on a connection this tracker keeps for
        lookups, each statement its own read transaction; on PostgreSQL, on a pooled one.
        """
        if self._session is not None or self._reader is not None or not self._sqlite:
            with self.reading() as conn:
                return conn.execute(statement, params).scalar()
        kept = self._kept()
        if kept is None:
            with self.reading() as conn:
                return conn.execute(statement, params).scalar()
        sql, names, fixed = self._plain(statement)
        values = [_driver_value(params[n] if n in params else fixed[n]) for n in names]
        try:
            row = kept.connection.driver_connection.execute(sql, values).fetchone()  # type: ignore[union-attr]
        except sqlite3.Error as err:
            raise StoreError(f"database error: {err}") from err
        return None if row is None else row[0]

    @contextmanager
    def reading_rows(
        self,
    ) -> Iterator[Callable[[TextualSelect, Mapping[str, Any]], Sequence[Any]]]:
        """A function that runs a listed-columns statement and returns all its rows (columns
        as attributes, typed as the statement lists them), every call in one snapshot: the
        quick path for a lookup that reads a few rows with a few statements.

        Like :meth:`read_one`: inside a transaction (or another read) the statements run on
        that connection; otherwise, on SQLite, as plain SQL (compiled once) on the connection
        this tracker keeps for lookups, in one read transaction, each column passed through
        SQLAlchemy's own conversion for its type, so the rows hold what SQLAlchemy would give.
        """
        kept = None
        if self._session is None and self._reader is None and self._sqlite:
            kept = self._kept()
        if kept is None:
            with self.reading() as conn:
                yield lambda statement, params: conn.execute(statement, params).all()
            return
        driver = kept.connection.driver_connection

        def rows(statement: TextualSelect, params: Mapping[str, Any]) -> Sequence[Any]:
            sql, names, fixed = self._plain(statement)
            make, convert = self._shapes.get(id(statement)) or self._shape(statement)
            values = [_driver_value(params[n] if n in params else fixed[n]) for n in names]
            raw = driver.execute(sql, values).fetchall()  # type: ignore[union-attr]
            return [
                make(
                    *(
                        v if f is None or v is None else f(v)
                        for f, v in zip(convert, r, strict=True)
                    )
                )
                for r in raw
            ]

        try:
            driver.execute("BEGIN")  # type: ignore[union-attr]
            try:
                yield rows
            finally:
                driver.execute("ROLLBACK")  # type: ignore[union-attr]
        except sqlite3.Error as err:
            raise StoreError(f"database error: {err}") from err

    def _shape(self, statement: TextualSelect) -> tuple[Callable[..., Any], list[Any]]:
        """A row class named by the statement's columns, and each column's conversion."""
        dialect = self.engine.dialect
        columns = list(statement.selected_columns)
        make = namedtuple("Row", [c.name for c in columns])  # type: ignore[misc]
        convert = [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns]
        self._shapes[id(statement)] = (make, convert)
        return make, convert

    @property
    def _sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def _plain(
        self, statement: Select[Any] | TextualSelect
    ) -> tuple[str, tuple[str, ...], dict[str, Any]]:
        found = self._compiled.get(id(statement))
        if found is None:
            compiled = statement.compile(dialect=self.engine.dialect)
            found = (str(compiled), tuple(compiled.positiontup or ()), dict(compiled.params))
            self._compiled[id(statement)] = found
            self._statements.append(statement)  # keep it alive: its id names it
        return found

    @contextmanager
    def _writing(self, recorded: dt.datetime | None = None) -> Iterator[Writer]:
        """The one writer, raising the first problem, in a unit of its own (or a savepoint)."""
        with self._unit() as repo:
            writer = Writer(repo.session.connection(), keep=True, recorded=recorded)
            yield writer
            writer.flush()

    @contextmanager
    def _unit(self, *, write: bool = True) -> Iterator[Repository]:
        """A repository in a transaction of its own, or a savepoint of the open one.

        With ``write``, a transaction of its own takes the store's write lock at its start.
        """
        if self._session is not None:
            with _database_errors(), self._session.begin_nested():
                yield Repository(self._session)
            return
        bind = writing(self.engine) if write else self.engine
        with (
            _database_errors(),
            Session(bind, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield Repository(session)

    # --- sources -------------------------------------------------------------------------

    def add_source(self, source: Source | None = None, /, **fields: Any) -> Source:
        """Store a source document (a :class:`Source`, or its fields as keywords)."""
        source = source if source is not None else _build(Source, fields)
        with self._writing() as writer:
            writer.add(source)
        return source

    def get_source(self, key: str) -> Source:
        """The source with that key; :class:`NotFoundError` if none."""
        with self._unit(write=False) as repo:
            return repo.get_source(key)

    def list_sources(self) -> list[Source]:
        """Every source, by key."""
        with self._unit(write=False) as repo:
            return repo.list_sources()

    def find_source_by_hash(self, content_hash: str) -> Source | None:
        """The first source whose text has that hash (``sha256:…``), or None."""
        with self._unit(write=False) as repo:
            return repo.find_source_by_hash(content_hash)

    # --- commitments ---------------------------------------------------------------------

    def add_commitment(self, commitment: Commitment | None = None, /, **fields: Any) -> Commitment:
        """Store a commitment; its citations are checked against their sources' text.

        Returns the commitment as stored (quotes located, offsets filled in).
        """
        commitment = commitment if commitment is not None else _build(Commitment, fields)
        return self.add_commitments([commitment])[0]

    def add_commitments(self, commitments: Iterable[Commitment]) -> list[Commitment]:
        """Store many commitments in the order given, all or none (parents before children)."""
        with self._writing() as writer:
            for commitment in commitments:
                writer.add(commitment)
        return [c for c in writer.stored if isinstance(c, Commitment)]

    def add_citation(self, key: str, citation: Citation) -> Citation:
        """Cite one more source for an existing commitment (the same pledge, reported again)."""
        with self._unit() as repo:
            return repo.add_citation(key, citation)

    def set_custom(self, key: str, custom: Mapping[str, CustomValue]) -> Commitment:
        """Replace a commitment's custom fields."""
        with self._unit() as repo:
            current = repo.get_commitment(key)
            updated = _evolve(current, custom=dict(custom))
            _check_custom(repo, key, updated.custom)
            repo.set_custom(key, dict(updated.custom))
            return updated

    def get_commitment(self, key: str) -> Commitment:
        """The commitment with that key; :class:`NotFoundError` if none."""
        with self._unit(write=False) as repo:
            return repo.get_commitment(key)

    def has_commitment(self, key: str) -> bool:
        """True when a commitment has that key."""
        with self._unit(write=False) as repo:
            return repo.commitment_id(key) is not None

    def list_commitments(
        self, filter: Filter | None = None, *, as_of: dt.date | str | None = None, **criteria: Any
    ) -> list[Commitment]:
        """Commitments announced by ``as_of`` (default today) that match, ordered by key.

        Criteria are :class:`Filter` fields: ``actors``, ``themes``, ``events``, ``statuses``
        (as of the date), ``due_from``, ``due_to``, ``overdue``, ``has_deadline``, ``parent``,
        ``keys``, ``custom``, ``announced_from``, ``announced_to``.
        """
        day = self._as_of(as_of)
        chosen = _filter(filter, criteria)
        with self._unit(write=False) as repo:
            ids = [int(i) for i in repo.session.scalars(commitment_ids(chosen, day))]
            return repo.commitments_by_ids(ids)

    # --- corrections -------------------------------------------------------------------

    def amend(
        self,
        key: str,
        /,
        *,
        reason: str,
        by: str | None = None,
        recorded: dt.datetime | None = None,
        **changes: Any,
    ) -> Commitment:
        """Correct fields of a commitment, recording an amendment (time, author, reason).

        ``changes`` are new values of :data:`~pledgetrack.model.AMENDABLE` fields (``title``,
        ``actors``, ``action``, ``target``, ``beneficiary``, ``themes``, ``event``,
        ``deadline``, ``notes``), checked as when the commitment was added. The commitment
        keeps its key, citations and history; the amendment keeps each changed field's old
        and new value. An actor named by a status update cannot be removed, nor the target of
        a commitment whose updates report progress. Returns the commitment as amended.
        """
        unknown = sorted(set(changes) - set(AMENDABLE))
        if unknown:
            raise ValidationError(
                key, unknown[0], changes[unknown[0]],
                f"cannot be amended; amendable: {', '.join(AMENDABLE)}",
            )  # fmt: skip
        if not changes:
            raise ValidationError(key, "changes", None, "give at least one field to change")
        with self._unit() as repo:
            current = repo.get_commitment(key)
            updated = _evolve(current, **changes)
            history = repo.history(key)
            _check_amendment(current, updated, history)
            amendment = _amendment(current, updated, reason, by, recorded)
            repo.update_commitment(updated)
            repo.add_amendment(amendment, recorded or dt.datetime.now(dt.UTC))
            return updated

    def withdraw(
        self,
        key: str,
        *,
        reason: str,
        by: str | None = None,
        recorded: dt.datetime | None = None,
    ) -> Commitment:
        """Withdraw a commitment (a duplicate, a mis-extracted pledge), with the reason why.

        It stays stored, with its history, and shows in ``show`` and ``list --withdrawn``, but
        leaves every list, count and rollup. ConflictError when it is already withdrawn.
        """
        with self._unit() as repo:
            current = repo.get_commitment(key)
            if current.withdrawn:
                raise ConflictError("commitment", key, "is already withdrawn")
            updated = attrs.evolve(current, withdrawn=True)
            amendment = _amendment(current, updated, reason, by, recorded)
            repo.update_commitment(updated)
            repo.add_amendment(amendment, recorded or dt.datetime.now(dt.UTC))
            return updated

    def amendments(self, key: str) -> list[Amendment]:
        """A commitment's amendments, oldest first."""
        with self._unit() as repo:
            return repo.amendments({repo.require_commitment_id(key): key})[key]

    def amendments_of(self, keys: Iterable[str] | None = None) -> dict[str, list[Amendment]]:
        """The amendments of the commitments ``keys`` (default: all), keyed by commitment key."""
        with self._unit() as repo:
            ids = repo.ids_for(None if keys is None else list(keys))
            return repo.amendments(ids)

    def add_amendments(self, amendments: Iterable[Amendment]) -> list[Amendment]:
        """Store amendments as they are (an import of an exported history), in the order given.

        The commitments must hold their current values already; nothing else is changed.
        """
        stamp = dt.datetime.now(dt.UTC)
        with self._unit() as repo:
            return [repo.add_amendment(a, stamp) for a in amendments]

    def count(self) -> int:
        """How many commitments the store holds."""
        with self._unit(write=False) as repo:
            return repo.count_commitments()

    # --- status --------------------------------------------------------------------------

    def record_status(
        self,
        key: str,
        status: Status | str,
        *,
        effective: dt.date | str,
        progress: Decimal | int | str | None = None,
        note: str | None = None,
        evidence: Iterable[Citation] = (),
        effective_precision: Precision | str | None = None,
        vocabulary: Vocabulary | None = None,
        recorded: dt.datetime | None = None,
        percent: Decimal | int | str | None = None,
        actors: Iterable[str] = (),
        author: str | None = None,
    ) -> StatusUpdate:
        """Append a status update to a commitment's history and return it as stored.

        ``status`` is a canonical status, or a label of ``vocabulary`` (kept as the label).
        The update may not take effect before the commitment was announced; ``progress`` is a
        quantity in the target's unit, so only a quantified commitment takes one.
        ``percent`` is the tracker's own rating of completion (0 to 100, exact), for any
        commitment. ``actors`` names which of the commitment's actors the update assesses
        (none: the commitment as a whole); ``author`` is who made the assessment.
        ``effective`` takes the date forms of the command line: a date, ``2025-06-15``,
        ``2025-06`` or ``June 2025`` (month), ``Q2 2025`` (quarter), ``2025`` (year); a month,
        quarter or year means its last day, with that precision unless
        ``effective_precision`` says otherwise.
        """
        if isinstance(effective, str):
            from pledgetrack.io.dates import parse_date

            read = _checked(key, lambda: parse_date(effective, "effective"))
            effective = read.date
            effective_precision = effective_precision or read.precision
        label = None
        if vocabulary is not None and vocabulary is not CANONICAL:
            label = str(status)
            canonical = vocabulary.to_canonical(label)
        else:
            canonical = _checked(key, lambda: to_status(status))
        update = _checked(
            key,
            lambda: StatusUpdate(
                commitment=key,
                status=canonical,
                effective=effective,
                progress=progress,
                note=note,
                evidence=tuple(evidence),
                effective_precision=effective_precision or Precision.DAY,
                label=label,
                percent=percent,
                actors=tuple(actors) if not isinstance(actors, str) else (actors,),
                author=author,
            ),
        )
        return self.add_update(update, recorded=recorded)

    def add_update(
        self, update: StatusUpdate, *, recorded: dt.datetime | None = None
    ) -> StatusUpdate:
        """Append a built :class:`StatusUpdate` (its label kept) and return it as stored.

        The same checks as :meth:`record_status`. It is recorded at ``update.recorded``, else
        ``recorded``, else now (UTC).
        """
        return self.add_updates([update], recorded=recorded)[0]

    def add_updates(
        self, updates: Iterable[StatusUpdate], *, recorded: dt.datetime | None = None
    ) -> list[StatusUpdate]:
        """Append many status updates at once, in the order given (all or none of them).

        Each is checked as by :meth:`record_status` and recorded at its own ``recorded``,
        else ``recorded``, else now (UTC).
        """
        with self._writing(recorded) as writer:
            for update in updates:
                writer.add(update)
        return [u for u in writer.stored if isinstance(u, StatusUpdate)]

    def history(self, key: str) -> list[StatusUpdate]:
        """A commitment's status updates, by effective date then record order."""
        with self._unit(write=False) as repo:
            return repo.history(key)

    def histories(self, keys: Iterable[str] | None = None) -> dict[str, list[StatusUpdate]]:
        """The histories of the commitments ``keys`` (default: all), keyed by commitment key."""
        with self._unit(write=False) as repo:
            ids = repo.ids_for(None if keys is None else list(keys))
            return repo.histories(ids)

    def status_of(
        self, key: str, as_of: dt.date | str | None = None, *, actor: str | None = None
    ) -> StatusAsOf:
        """Where the commitment stands on ``as_of`` (default today), as a whole or for ``actor``.

        As a whole, only updates that name no actor count. For an actor (one of the
        commitment's actors), the latest update covering it counts: one naming it, or a
        whole-commitment one; on the same day the one naming it wins (see
        :mod:`pledgetrack.rules.status`).
        """
        day = self._as_of(as_of)
        with self.reading_rows() as rows:
            found = commitment_and_update(rows, key, day, actor)
        if found is None:
            raise NotFoundError("commitment", key)
        commitment, update = found
        if actor is not None and actor not in commitment.actors:
            raise ValidationError(
                key,
                "actor",
                actor,
                f"is not one of the commitment's actors ({', '.join(commitment.actors)})",
            )
        status = Status.NO_EVIDENCE if update is None else update.status
        return StatusAsOf(commitment, day, status, update, actor)

    def statuses(
        self, filter: Filter | None = None, *, as_of: dt.date | str | None = None, **criteria: Any
    ) -> list[StatusAsOf]:
        """Where every matching commitment stands on ``as_of`` (default today), by key."""
        day = self._as_of(as_of)
        chosen = _filter(filter, criteria)
        with self._unit(write=False) as repo:
            ids = [int(i) for i in repo.session.scalars(commitment_ids(chosen, day))]
            commitments = repo.commitments_by_ids(ids)
            keys_by_id = repo.keys_for(ids)
            histories = repo.histories({i: keys_by_id[i] for i in ids})
        out = []
        for commitment in commitments:
            update = latest_update(histories[commitment.key], day)
            status = Status.NO_EVIDENCE if update is None else update.status
            out.append(StatusAsOf(commitment, day, status, update))
        return out

    @staticmethod
    def _as_of(as_of: dt.date | str | None) -> dt.date:
        if as_of is None:
            return _today()
        return to_date(as_of, "as_of")

    # --- custom fields and vocabularies --------------------------------------------------

    def declare_field(self, spec: FieldSpec | None = None, /, **fields: Any) -> FieldSpec:
        """Declare a custom field for the collection (a :class:`FieldSpec`, or its fields).

        Declaring the same field again changes nothing; declaring it differently is a
        :class:`ConflictError`. Values already stored under that name must fit it.
        """
        spec = spec if spec is not None else _build(FieldSpec, fields)
        with self._unit() as repo:
            repo.declare_field(spec)
        return spec

    def fields(self) -> list[FieldSpec]:
        """The declared custom fields, in the order they were declared."""
        with self._unit(write=False) as repo:
            return repo.fields()

    def add_vocabulary(self, vocabulary: Vocabulary) -> Vocabulary:
        """Store a status vocabulary of the collection's own; returns it as stored.

        Adding one of the same name adds its new labels; a stored label may not change its
        meaning (ValidationError). The built-in vocabularies' names are taken: restating one
        exactly changes nothing, anything else is a ConflictError.
        """
        with self._unit() as repo:
            repo.add_vocabulary(vocabulary)
            stored = repo.vocabulary_or_none(vocabulary.name)
        return stored if stored is not None else BUILT_IN[vocabulary.name]

    def vocabularies(self) -> dict[str, Vocabulary]:
        """Every vocabulary known here: the built-in ones, then the collection's own, by name."""
        with self._unit(write=False) as repo:
            own = repo.vocabularies()
        return dict(BUILT_IN) | {v.name: v for v in own}

    def vocabulary(self, name: str) -> Vocabulary:
        """The vocabulary ``name`` (built-in or the collection's); NotFoundError if none."""
        if name in BUILT_IN:
            return BUILT_IN[name]
        with self._unit(write=False) as repo:
            found = repo.vocabulary_or_none(name)
        if found is None:
            raise NotFoundError("vocabulary", name)
        return found

    def connection(self) -> Connection | None:
        """The connection of the open :meth:`transaction`, or None outside one."""
        return self._session.connection() if self._session is not None else None

    # --- schema --------------------------------------------------------------------------

    def schema_revision(self) -> str | None:
        """The schema revision the database is at."""
        return migrate.current_revision(self.engine)


def _filter(filter: Filter | None, criteria: Mapping[str, Any]) -> Filter:
    if filter is not None and criteria:
        raise TypeError("give a Filter or keyword criteria, not both")
    if filter is not None:
        return filter
    valid = {f.name for f in attrs.fields(Filter)}
    unknown = sorted(set(criteria) - valid)
    if unknown:
        raise ValidationError(
            "filter",
            unknown[0],
            criteria[unknown[0]],
            f"unknown criterion; valid: {', '.join(sorted(valid))}",
        )
    return _checked("filter", lambda: Filter(**criteria))


def _plain(commitment: Commitment) -> dict[str, Any]:
    from pledgetrack.io.document import commitment_to_dict

    out = commitment_to_dict(commitment, ())
    out["withdrawn"] = commitment.withdrawn
    return out


def _amendment(
    old: Commitment,
    new: Commitment,
    reason: str,
    by: str | None,
    recorded: dt.datetime | None,
) -> Amendment:
    before, after = _plain(old), _plain(new)
    changes = [
        Change(name, before[name], after[name])
        for name in (*AMENDABLE, "withdrawn")
        if before[name] != after[name]
    ]
    if not changes:
        raise ValidationError(old.key, "changes", None, "changes nothing: every value is the same")
    return _checked(
        old.key,
        lambda: Amendment(old.key, reason, tuple(changes), author=by, recorded=recorded),
    )


def _check_amendment(old: Commitment, new: Commitment, history: Iterable[StatusUpdate]) -> None:
    """Refuse a change the stored history contradicts."""
    updates = list(history)
    assessed = {name for u in updates for name in u.actors}
    removed = sorted(assessed - set(new.actors))
    if removed:
        raise ValidationError(
            old.key, "actors", removed[0],
            "is assessed by a status update of this commitment, so it cannot be removed",
        )  # fmt: skip
    if new.target is None and any(u.progress is not None for u in updates):
        raise ValidationError(
            old.key, "target", None,
            "status updates report progress in the target's unit, so it cannot be removed",
        )  # fmt: skip


def _check_custom(repo: Repository, key: str, custom: Mapping[str, CustomValue]) -> None:
    check_custom({f.name: f for f in repo.fields()}, custom, key)


def _checked(record: str, make: Callable[[], _T]) -> _T:
    try:
        return make()
    except ValidationError as err:
        raise err.within(record) from None


def _build(cls: type[_T], fields: Mapping[str, Any]) -> _T:
    return _checked(str(fields.get("key", f"<{cls.__name__.lower()}>")), lambda: cls(**fields))


def _evolve(commitment: Commitment, **changes: Any) -> Commitment:
    return _checked(commitment.key, lambda: attrs.evolve(commitment, **changes))


@contextmanager
def _database_errors() -> Iterator[None]:
    try:
        yield
    except IntegrityError as err:
        raise conflict_of(err) from err
    except OperationalError as err:
        raise StoreError(f"database error: {err.orig}") from err
    except SQLAlchemyError as err:
        raise StoreError(f"database error: {err}") from err


def open(location: str | os.PathLike[str] | None = None, *, migrate_schema: bool = True) -> Tracker:
    """Open the store at ``location`` (a SQLite path or a database URL), creating or upgrading it.

    Without ``location``, ``$PLEDGETRACK_DB`` is used, else ``./pledgetrack.db``. A database
    written by a newer pledgetrack raises :class:`SchemaTooNewError`.
    """
    url = resolve_url(location)
    engine = create_store_engine(url)
    try:
        with _database_errors():
            if migrate_schema:
                migrate.ensure_current(engine)
            else:
                with engine.connect():
                    pass
    except BaseException:
        engine.dispose()
        raise
    return Tracker(engine, url)
