"""The one writer: every rule a write must keep, each held once, and the only code that inserts
sources, commitments and status updates.

The rules, each a function here that every entry point (the :class:`~pledgetrack.Tracker`,
the bulk loader, the importers, the seed loader) calls:

- a quote must be found in its source's text (:func:`locate`);
- no status update before its commitment's announcement, progress only on a commitment with
  a quantified target, assessed actors among the commitment's actors (:func:`update_problems`);
- a parent must exist, and come before its children (:class:`Writer`);
- a key is stored once: not twice in the input, not again over a stored record (:class:`Writer`);
- custom values fit the declared fields (:func:`~pledgetrack.model.fields.check_custom`);
- a field is declared once, the same way (:func:`field_change`); a vocabulary keeps a slug
  name, not a built-in one, and its labels their meaning (:func:`vocabulary_change`);
- two status updates are "the same update" when their :func:`update_identity` is equal.

A :class:`Writer` takes records in order (a source, then commitments, each followed by its
updates, is the natural order) and writes them in batches with ``executemany`` of plain
values, on the connection (and in the transaction) its caller holds open. Only small per-key
state is kept across batches (the commitments of about one batch: ids, announcement dates,
targets, actors; earlier ones are read back when an update needs them), so memory stays flat
however many records go through. It either raises the first problem (``collect=False``, the
Tracker's way) or notes every problem with the place its caller gave and goes on
(``collect=True``, the importers' way): the caller then rolls the transaction back. With
``background=True`` on SQLite, a batch's inserts run on a second thread behind the caller
(:mod:`pledgetrack.store.background`); any other use of the connection waits for them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import attrs
from sqlalchemy import Connection, Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from pledgetrack.errors import (
    ConflictError,
    NotFoundError,
    PledgetrackError,
    StoreError,
    ValidationError,
)
from pledgetrack.model import Citation, Commitment, Source, StatusUpdate
from pledgetrack.model.fields import FieldSpec, check_custom
from pledgetrack.model.status import Vocabulary
from pledgetrack.model.vocabularies import (
    BUILT_IN,
    check_extends,
    check_labels,
    check_vocabulary_name,
)
from pledgetrack.store.background import Behind
from pledgetrack.store.rows import (
    commitment_values,
    custom_to_json,
    source_from_row,
    source_values,
    update_values,
)
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
    "Counts",
    "Writer",
    "conflict_of",
    "database_errors",
    "differences",
    "field_change",
    "locate",
    "stored_keys",
    "update_identity",
    "update_problems",
    "vocabulary_change",
]

DEFAULT_BATCH = 10_000

SOURCE: Table = SourceRow.__table__  # type: ignore[attr-defined]
COMMITMENT: Table = CommitmentRow.__table__  # type: ignore[attr-defined]
ACTOR: Table = CommitmentActorRow.__table__  # type: ignore[attr-defined]
THEME: Table = CommitmentThemeRow.__table__  # type: ignore[attr-defined]
FIELD: Table = CommitmentFieldRow.__table__  # type: ignore[attr-defined]
CITATION: Table = CitationRow.__table__  # type: ignore[attr-defined]
UPDATE: Table = StatusUpdateRow.__table__  # type: ignore[attr-defined]
UPDATE_ACTOR: Table = StatusUpdateActorRow.__table__  # type: ignore[attr-defined]

_INSERT_SOURCE = insert(SOURCE).returning(SOURCE.c.id)
_SET_PARENT = (
    update(COMMITMENT)
    .where(COMMITMENT.c.id == bindparam("child"))
    .values(parent_id=bindparam("parent_id"))
)
#: values bound in one multi-row INSERT on SQLite (its limit is 32,766)
_SQLITE_VALUES = 30_000


@functools.cache
def _multi_insert(table: str, names: tuple[str, ...], rows: int) -> str:
    """``INSERT INTO table (names) VALUES (?, …), …`` for ``rows`` rows (SQLite's qmark style)."""
    one = "(" + ", ".join("?" for _ in names) + ")"
    quoted = ", ".join(f'"{name}"' for name in names)
    return f'INSERT INTO "{table}" ({quoted}) VALUES ' + ", ".join(one for _ in range(rows))


def _statement_sizes(rows: int, most: int) -> Iterator[int]:
    """The row counts of the multi-row INSERTs that write ``rows`` rows, at most ``most`` each:
    as many of ``most`` as fit, then powers of two. The driver keeps each statement it
    prepared (about 2 MB for a thousand rows of twenty values), one per distinct text, so
    the counts come from a fixed set: a remainder of any size would add one more per part
    written, and memory would grow with the file."""
    full, rest = divmod(rows, most)
    yield from (most for _ in range(full))
    bit = 1 << max(rest.bit_length() - 1, 0)
    while rest:
        if rest >= bit:
            yield bit
            rest -= bit
        bit >>= 1


def _converters(table: Table, columns: tuple[str, ...], dialect: Any) -> list[tuple[int, Any]]:
    """(position, converter) of each column whose values the driver cannot take as they are:
    the column type's own bind processor on ``dialect``, remembered for dates (which repeat)
    and for the last value (a batch's ``recorded`` time is one value)."""
    key = (table.name, columns, dialect.name)
    if key not in _PROCESSORS:
        found = []
        for index, name in enumerate(columns):
            column_type = table.c[name].type
            processor = column_type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                exact_dates = (
                    column_type.python_type is dt.date if _has_python_type(column_type) else False
                )
                found.append((index, _remembered(processor, exact_dates)))
        _PROCESSORS[key] = found
    return _PROCESSORS[key]


def _has_python_type(column_type: Any) -> bool:
    try:
        column_type.python_type  # noqa: B018
    except NotImplementedError:
        return False
    return True


def _remembered(processor: Any, by_value: bool) -> Any:
    """``processor`` remembering its results: by value for dates (equal dates are the same
    date), else only for the very same object as the last call."""
    if by_value:
        seen: dict[Any, Any] = {}

        def by_date(value: Any) -> Any:
            found = seen.get(value)
            if found is None:
                if len(seen) > 50_000:
                    seen.clear()
                found = seen[value] = processor(value)
            return found

        return by_date
    last: list[Any] = [object(), None]

    def by_identity(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, processor(value)
        return last[1]

    return by_identity


_PROCESSORS: dict[tuple[str, tuple[str, ...], str], list[tuple[int, Any]]] = {}


@functools.cache
def _keys_query(columns: str, count: int) -> str:
    """``SELECT columns FROM commitment WHERE key IN (?, …)`` for ``count`` keys (SQLite)."""
    marks = ", ".join("?" for _ in range(count))
    return f'SELECT {columns} FROM commitment WHERE "key" IN ({marks})'


@functools.cache
def _actors_query(count: int) -> str:
    """The actors of ``count`` commitments by id, in order (SQLite)."""
    marks = ", ".join("?" for _ in range(count))
    return (
        "SELECT commitment_id, name FROM commitment_actor "
        f"WHERE commitment_id IN ({marks}) ORDER BY commitment_id, position"
    )


def _date_reader(column_type: Any, dialect: Any) -> Any:
    """A date as the driver returns it (SQLite: ISO text) as a date, by the column type's
    own result processor."""
    processor = column_type.dialect_impl(dialect).result_processor(dialect, None)
    return processor if processor is not None else lambda value: value


#: SQLite takes up to 32,766 bound values a statement; stay well below for IN lists
_CHUNK = 900


def _by_key(conn: Connection, columns: str, keys: Iterable[str]) -> Iterator[Any]:
    """The rows ``SELECT columns FROM commitment WHERE key IN keys``, a chunk of keys at a
    time (on SQLite plain SQL, one statement text a chunk size, which the driver caches)."""
    sqlite = conn.dialect.name == "sqlite"
    for chunk in _chunks(sorted(set(keys))):
        if sqlite:
            # all of a chunk's rows fetched at once (iterating the result fetches one by one)
            yield from conn.exec_driver_sql(_keys_query(columns, len(chunk)), tuple(chunk)).all()
        else:
            names = [COMMITMENT.c[name.strip()] for name in columns.split(",")]
            yield from conn.execute(select(*names).where(COMMITMENT.c.key.in_(chunk)))


def stored_keys(conn: Connection, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` are the keys of stored commitments (one query a chunk of keys)."""
    return {key for (key,) in _by_key(conn, "key", keys)}


# --- the rules ---------------------------------------------------------------------------


def locate(citation: Citation, source: Source | None, record: str, field: str) -> Citation:
    """``citation`` found in ``source``'s text (offsets filled in).

    ValidationError naming ``record`` and ``field`` (``field.source`` when there is no such
    source) when the source is missing or its text does not hold the quote verbatim.
    """
    if source is None:
        raise ValidationError(record, f"{field}.source", citation.source, "no such source")
    try:
        return citation.locate(source)
    except ValidationError as err:
        raise type(err)(record, field, err.value, err.reason) from None


def update_problems(
    update: StatusUpdate, announced: dt.date, quantified: bool, actors: Sequence[str]
) -> list[ValidationError]:
    """What is wrong with ``update`` for a commitment announced on ``announced``, with a
    quantified target or not, naming ``actors``: every problem, in field order."""
    key = update.commitment
    out = []
    if update.effective < announced:
        out.append(
            ValidationError(
                key,
                "effective",
                update.effective.isoformat(),
                f"is before the commitment was announced on {announced.isoformat()}",
            )
        )
    if update.progress is not None and not quantified:
        out.append(
            ValidationError(
                key, "progress", str(update.progress), "the commitment has no quantified target"
            )
        )
    for position, name in enumerate(update.actors):
        if name not in actors:
            out.append(
                ValidationError(
                    key,
                    f"actors[{position}]",
                    name,
                    f"is not one of the commitment's actors ({', '.join(actors)})",
                )
            )
    return out


def field_change(stored: FieldSpec | None, spec: FieldSpec) -> bool:
    """Whether declaring ``spec`` over ``stored`` (the declaration of that name, if any) adds it.

    The same declaration again changes nothing (False); another one is a ConflictError naming
    the properties that differ.
    """
    if stored is None:
        return True
    if stored == spec:
        return False
    changed = ", ".join(differences(stored, spec))
    raise ConflictError("field", spec.name, f"is already declared with another {changed}")


def differences(a: Any, b: Any) -> list[str]:
    """The names of the fields in which two records of one attrs class differ, in field order."""
    old, new = attrs.asdict(a, recurse=False), attrs.asdict(b, recurse=False)
    return [name for name in old if old[name] != new[name]]


def vocabulary_change(stored: Vocabulary | None, vocabulary: Vocabulary) -> bool:
    """Whether storing ``vocabulary`` over ``stored`` (the one of that name, if any) adds labels.

    Its name is a slug (ValidationError) and not a built-in vocabulary's, unless it restates
    that vocabulary exactly (no change; otherwise ConflictError); its labels have at most 200
    characters; a stored label keeps its canonical status (ValidationError). New labels are
    added to a stored vocabulary; when it brings none, nothing changes (False).
    """
    check_vocabulary_name(vocabulary.name)
    check_labels(vocabulary)
    built_in = BUILT_IN.get(vocabulary.name)
    if built_in is not None:
        if built_in == vocabulary:
            return False
        raise ConflictError("vocabulary", vocabulary.name, "is the name of a built-in vocabulary")
    if stored is None:
        return True
    check_extends(stored, vocabulary)
    return not set(vocabulary.mapping) <= set(stored.mapping)


def update_identity(update: StatusUpdate) -> Hashable:
    """What makes two status updates of a commitment the same update.

    Status and label, dates and precision, progress and percentage (as numbers: ``5`` and
    ``5.0`` are the same), note, evidence (source, quote, place), assessed actors and author.
    When it was recorded, and its row id, do not count.
    """
    progress = None if update.progress is None else update.progress.normalize()
    return (
        update.status,
        update.label,
        update.effective,
        update.effective_precision,
        progress,
        update.note,
        tuple((c.source, c.quote, c.start) for c in update.evidence),
        None if update.percent is None else update.percent.normalize(),
        update.actors,
        update.author,
    )


_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)")
_PG_KEY = re.compile(r"Key \((.+?)\)=\((.*)\) already exists")


def conflict_of(err: IntegrityError) -> ConflictError:
    """A :class:`ConflictError` naming the record and key a database constraint refused."""
    text = str(err.orig)
    found = _PG_KEY.search(text)
    table = getattr(getattr(err.orig, "diag", None), "table_name", None)
    if found:
        columns, value = found.groups()
        return ConflictError(table or "record", value, f"already exists (unique {columns})")
    found = _SQLITE_UNIQUE.search(text)
    if found:
        columns = found.group(1)
        table = columns.split(".", 1)[0]
        value = _value_of(err, columns.split(", ")[-1].split(".")[-1])
        return ConflictError(table, value, f"already exists (unique {columns})")
    return ConflictError("record", "?", f"breaks a database constraint: {text}")


def _value_of(err: IntegrityError, column: str) -> str:
    """The value ``column`` had in the statement SQLite refused (the first row, in a batch)."""
    params: Any = err.params
    if isinstance(params, list) and params:
        params = params[0]
    if isinstance(params, Mapping) and column in params:
        return str(params[column])
    listed = re.search(r"INSERT INTO \S+ \(([^)]*)\)", err.statement or "")
    if isinstance(params, tuple) and listed:
        names = [name.strip().strip('"') for name in listed.group(1).split(",")]
        if column in names and names.index(column) < len(params):
            return str(params[names.index(column)])
    return column


@contextmanager
def database_errors() -> Iterator[None]:
    """The library's errors for the database's: a unique key broken is a ConflictError."""
    try:
        yield
    except PledgetrackError:
        raise
    except IntegrityError as err:
        raise conflict_of(err) from err
    except SQLAlchemyError as err:
        raise StoreError(f"database error: {err}") from err


# --- the writer ----------------------------------------------------------------------------


@attrs.define
class Counts:
    """How many records a writer stored."""

    sources: int = 0
    commitments: int = 0
    updates: int = 0
    citations: int = 0


@attrs.frozen
class _Known:
    """What the writer keeps of a stored commitment: enough to check its updates."""

    id: int
    announced: dt.date
    quantified: bool
    actors: tuple[str, ...]


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Writer:
    """Writes records on ``conn`` in batches, checking each against every rule.

    ``collect``: note each problem (with the place given to :meth:`add`) in :attr:`problems`
    and go on, instead of raising the first. ``keep``: keep each record as stored (quotes
    located, update ids and times filled in) in :attr:`stored`, for callers that return them.
    ``recorded`` is the time given to updates that have none (default: now, UTC).
    ``background`` (SQLite only): each :meth:`flush` leaves its inserts running on a second
    thread; call :meth:`close` before the transaction ends.
    """

    def __init__(
        self,
        conn: Connection,
        *,
        collect: bool = False,
        keep: bool = False,
        batch_size: int = DEFAULT_BATCH,
        recorded: dt.datetime | None = None,
        background: bool = False,
    ) -> None:
        self.conn = conn
        # SQLite: a batch's inserts run on a second thread while the caller goes on
        self._behind = Behind(conn) if background and conn.dialect.name == "sqlite" else None
        self.collect = collect
        self.keep = keep
        self.batch_size = batch_size
        self.recorded = recorded or dt.datetime.now(dt.UTC)
        self.count = Counts()
        self.problems: list[tuple[object, PledgetrackError]] = []
        self.stored: list[Source | Commitment | StatusUpdate] = []
        self._sources: dict[str, tuple[int, Source] | None] = {}
        self._commitments: list[tuple[Commitment, object]] = []
        self._updates: list[tuple[StatusUpdate, object]] = []
        self._known: dict[str, _Known] = {}
        self._refused: set[str] = set()
        self._fields: Mapping[str, FieldSpec] | None = None

    # --- problems --------------------------------------------------------------------------

    def _fail(self, err: PledgetrackError, place: object) -> None:
        if not self.collect:
            raise err
        self.problems.append((place, err))

    # --- the stream --------------------------------------------------------------------------

    def add(self, record: Source | Commitment | StatusUpdate, place: object = None) -> None:
        """Take one record (``place`` says where it was read, for a collected problem)."""
        if isinstance(record, Commitment):
            self._commitments.append((record, place))
            if len(self._commitments) >= self.batch_size:
                self.flush()
        elif isinstance(record, StatusUpdate):
            self._updates.append((record, place))
            if len(self._updates) >= self.batch_size:
                self.flush()
        elif isinstance(record, Source):
            self.flush()
            self._add_source(record, place)
        else:
            raise ValidationError(
                "bulk load",
                "record",
                type(record).__name__,
                "must be a Source, a Commitment or a StatusUpdate",
            )

    def write(self, records: Iterable[Source | Commitment | StatusUpdate]) -> Counts:
        """Take every record of ``records`` and write what is pending; the counts so far."""
        for record in records:
            self.add(record)
        self.flush()
        return self.count

    def flush(self) -> None:
        """Write the pending commitments, then the pending updates."""
        with database_errors():
            self._flush_commitments()
            self._flush_updates()
        if self._behind is not None:
            self._behind.start()

    def close(self) -> None:
        """Wait for the inserts in flight (raising a failure); the writer is not used after."""
        if self._behind is not None:
            self._behind.close()

    # --- inserting -------------------------------------------------------------------------

    def _insert(self, table: Table, rows: list[dict[str, Any]], *, ids: bool = False) -> list[int]:
        """Insert ``rows`` (every row with the same columns); with ``ids``, their new row ids.

        On SQLite the rows go to the driver as plain values in multi-row ``INSERT``
        statements, each value converted by the column type's own bind processor (what
        SQLAlchemy would do, less its per-row bookkeeping), and new ids are given in order from
        the largest one: the transaction holds the write lock, so no other writer can take
        them. On PostgreSQL,
        SQLAlchemy's ``insertmanyvalues`` with ``RETURNING``.
        """
        if not rows:
            return []
        if self.conn.dialect.name != "sqlite":
            if not ids:
                self.conn.execute(insert(table), rows)
                return []
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            return list(self.conn.execute(statement, rows).scalars())
        new_ids: list[int] = []
        if ids:
            last = self.conn.exec_driver_sql(f"SELECT max(id) FROM {table.name}").scalar()
            first = int(last or 0) + 1
            new_ids = list(range(first, first + len(rows)))
        columns = tuple(rows[0])
        convert = _converters(table, columns, self.conn.dialect)
        names = (("id",) if ids else ()) + columns
        start = 0
        for per in _statement_sizes(len(rows), max(1, _SQLITE_VALUES // len(names))):
            values: list[Any] = []
            if not ids and not convert:  # the values as they are (names, positions, texts)
                for row in rows[start : start + per]:
                    values += row.values()
            for offset, row in enumerate(rows[start : start + per] if ids or convert else ()):
                if ids:
                    values.append(new_ids[start + offset])
                one = list(row.values())
                for index, change in convert:
                    if one[index] is not None:
                        one[index] = change(one[index])
                values += one
            sql = _multi_insert(table.name, names, per)
            if self._behind is not None:
                self._behind.add(sql, tuple(values))
            else:
                self.conn.exec_driver_sql(sql, tuple(values))
            start += per
        return new_ids

    # --- sources -----------------------------------------------------------------------------

    def _add_source(self, source: Source, place: object) -> None:
        with database_errors():
            if self._source(source.key) is not None:
                self._fail(ConflictError("source", source.key), place)
                return
            source_id = self.conn.execute(_INSERT_SOURCE, [source_values(source)]).scalar_one()
        self._sources[source.key] = (source_id, source)
        self.count.sources += 1
        if self.keep:
            self.stored.append(source)

    def _source(self, key: str) -> tuple[int, Source] | None:
        if key not in self._sources:
            row = self.conn.execute(select(SOURCE).where(SOURCE.c.key == key)).first()
            self._sources[key] = None if row is None else (row.id, source_from_row(row))  # type: ignore[arg-type]
        return self._sources[key]

    def locate_all(
        self, citations: Sequence[Citation], record: str, field: str, first: int = 0
    ) -> list[tuple[Citation, int]]:
        """Each citation located in its stored source, with the source's row id (``first``:
        the position of the first, for the field named in an error)."""
        out = []
        for position, citation in enumerate(citations, start=first):
            found = self._source(citation.source)
            located = locate(
                citation, None if found is None else found[1], record, f"{field}[{position}]"
            )
            assert found is not None
            out.append((located, found[0]))
        return out

    @staticmethod
    def citation_values(
        located: Sequence[tuple[Citation, int]], owner: Mapping[str, int | None], first: int = 0
    ) -> list[dict[str, Any]]:
        """The ``citation`` rows of ``located`` citations of one owner, from ``first`` on."""
        return [
            {
                **owner,
                "position": position,
                "source_id": source_id,
                "quote": citation.quote,
                "start_offset": citation.start,
                "end_offset": citation.end,
            }
            for position, (citation, source_id) in enumerate(located, start=first)
        ]

    # --- commitments -------------------------------------------------------------------------

    def forget_fields(self) -> None:
        """Read the declared custom fields again before the next check (some were declared)."""
        self._fields = None

    def _declared(self) -> Mapping[str, FieldSpec]:
        if self._fields is None:
            from pledgetrack.store.repository import Repository

            with Session(bind=self.conn) as session:
                self._fields = {spec.name: spec for spec in Repository(session).fields()}
        return self._fields

    def _ids(self, keys: Iterable[str]) -> dict[str, int]:
        return dict(_by_key(self.conn, "key, id", keys))

    def _flush_commitments(self) -> None:
        batch, self._commitments = self._commitments, []
        if not batch:
            return
        if len(self._known) + len(batch) > self.batch_size:
            self._known.clear()  # a cache: what is not in it is read back from the store
        specs = self._declared()
        taken = self._ids(c.key for c, _ in batch)
        outside = {c.parent for c, _ in batch if c.parent is not None}
        parents = {k: self._known[k].id for k in outside if k in self._known}
        parents.update(self._ids(outside - parents.keys()))
        good: list[tuple[Commitment, list[tuple[Citation, int]], str | None]] = []
        in_batch: dict[str, int] = {}
        for commitment, place in batch:
            key = commitment.key
            try:
                if key in in_batch:
                    raise ConflictError("commitment", key, "is given twice")
                if key in taken:
                    raise ConflictError("commitment", key)
                check_custom(specs, commitment.custom, key)
                parent = commitment.parent
                if parent is not None and parent not in parents and parent not in in_batch:
                    later = any(c.key == parent for c, _ in batch)
                    raise ValidationError(
                        key,
                        "parent",
                        parent,
                        "the parent must come before its children"
                        if later
                        else "no such commitment",
                    )
                located = self.locate_all(commitment.citations, key, "citations")
            except PledgetrackError as err:
                self._refused.add(key)
                self._fail(err, place)
                continue
            in_batch[key] = len(good)
            good.append((commitment, located, parent))
        if not good:
            return
        rows = [
            commitment_values(c, parents.get(p) if p is not None and p not in in_batch else None)
            for c, _located, p in good
        ]
        ids = self._insert(COMMITMENT, rows, ids=True)
        by_key = {c.key: cid for (c, _l, _p), cid in zip(good, ids, strict=True)}
        same_batch = [
            {"child": by_key[c.key], "parent_id": by_key[p]}
            for c, _l, p in good
            if p is not None and p in in_batch
        ]
        if same_batch:
            self.conn.execute(_SET_PARENT, same_batch)
        actors: list[dict[str, Any]] = []
        themes: list[dict[str, Any]] = []
        fields: list[dict[str, Any]] = []
        citations: list[dict[str, Any]] = []
        for (commitment, located, _parent), cid in zip(good, ids, strict=True):
            actors += [
                {"commitment_id": cid, "position": p, "name": name}
                for p, name in enumerate(commitment.actors)
            ]
            themes += [
                {"commitment_id": cid, "position": p, "name": name}
                for p, name in enumerate(commitment.themes)
            ]
            fields += [
                {"commitment_id": cid, "name": name, "value": custom_to_json(value)}
                for name, value in commitment.custom.items()
            ]
            citations += self.citation_values(
                located, {"commitment_id": cid, "status_update_id": None}
            )
            self._known[commitment.key] = _Known(
                cid, commitment.announced, commitment.target is not None, commitment.actors
            )
            if self.keep:
                self.stored.append(attrs.evolve(commitment, citations=tuple(c for c, _ in located)))
        for table, values in (
            (ACTOR, actors),
            (THEME, themes),
            (FIELD, fields),
            (CITATION, citations),
        ):
            if values:
                self._insert(table, values)
        self.count.commitments += len(good)
        self.count.citations += len(citations)

    def _lookup(self, keys: set[str]) -> None:
        """Read what the updates' checks need of stored commitments not seen yet."""
        wanted = keys - self._known.keys()
        if not wanted:
            return
        if len(self._known) + len(wanted) > self.batch_size:  # a cache, kept within a batch
            self._known = {k: self._known[k] for k in keys if k in self._known}
        found: dict[str, tuple[int, dt.date, bool]] = {}
        sqlite = self.conn.dialect.name == "sqlite"
        announced_of = (
            _date_reader(COMMITMENT.c.announced.type, self.conn.dialect)
            if sqlite  # plain SQL: the driver's values, not SQLAlchemy's
            else lambda value: value
        )
        for key, cid, announced, quantity in _by_key(
            self.conn, "key, id, announced, target_quantity", wanted
        ):
            found[key] = (cid, announced_of(announced), quantity is not None)
        actors: dict[int, list[str]] = {}
        for chunk in _chunks(sorted(cid for cid, _a, _q in found.values())):
            if sqlite:
                rows: Any = self.conn.exec_driver_sql(_actors_query(len(chunk)), tuple(chunk)).all()
            else:
                rows = self.conn.execute(
                    select(ACTOR.c.commitment_id, ACTOR.c.name)
                    .where(ACTOR.c.commitment_id.in_(chunk))
                    .order_by(ACTOR.c.commitment_id, ACTOR.c.position)
                )
            for cid, name in rows:
                actors.setdefault(cid, []).append(name)
        for key, (cid, announced, quantified) in found.items():
            self._known[key] = _Known(cid, announced, quantified, tuple(actors.get(cid, ())))

    # --- status updates ----------------------------------------------------------------------

    def _flush_updates(self) -> None:
        batch, self._updates = self._updates, []
        if not batch:
            return
        self._lookup({u.commitment for u, _ in batch})
        good: list[tuple[StatusUpdate, list[tuple[Citation, int]], dt.datetime]] = []
        rows = []
        for update_, place in batch:
            key = update_.commitment
            known = self._known.get(key)
            if known is None:
                if key not in self._refused:
                    self._fail(NotFoundError("commitment", key), place)
                continue
            problems: list[PledgetrackError] = list(
                update_problems(update_, known.announced, known.quantified, known.actors)
            )
            located: list[tuple[Citation, int]] = []
            if update_.evidence:
                try:
                    located = self.locate_all(update_.evidence, key, "evidence")
                except ValidationError as missing:
                    problems.append(missing)
            if problems:
                for problem in problems if self.collect else problems[:1]:
                    self._fail(problem, place)
                continue
            recorded = update_.recorded or self.recorded
            good.append((update_, located, recorded))
            rows.append(update_values(update_, known.id, recorded))
        if not rows:
            return
        plain = not self.keep and not any(u.evidence or u.actors for u, _l, _r in good)
        if plain:
            self._insert(UPDATE, rows)
            self.count.updates += len(rows)
            return
        ids = self._insert(UPDATE, rows, ids=True)
        evidence: list[dict[str, Any]] = []
        assessed: list[dict[str, Any]] = []
        for (update_, located, recorded), uid in zip(good, ids, strict=True):
            assessed += [
                {"status_update_id": uid, "position": p, "name": name}
                for p, name in enumerate(update_.actors)
            ]
            evidence += self.citation_values(
                located, {"commitment_id": None, "status_update_id": uid}
            )
            if self.keep:
                self.stored.append(
                    attrs.evolve(
                        update_,
                        evidence=tuple(c for c, _ in located),
                        recorded=recorded,
                        sequence=uid,
                    )
                )
        if evidence:
            self._insert(CITATION, evidence)
        if assessed:
            self._insert(UPDATE_ACTOR, assessed)
        self.count.updates += len(rows)
        self.count.citations += len(evidence)
