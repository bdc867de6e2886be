"""One commitment read with a few plain SQL queries: ``Tracker.status_of`` and ``show``.

:func:`commitment_and_update` (``Tracker.status_of``) reads a commitment and its history with
two statements (the commitment joined to its updates; then every row that hangs from them, in
one ``UNION ALL``), each built once with its result columns listed, so SQLAlchemy compiles it
once per dialect and caches its result description too; only the update in force becomes a
model object. For the commitment as a whole the first statement reads only that update (one
backward probe of the index on ``(commitment_id, effective, id)``), not the whole history.
:func:`commitment_view` adds its amendments, children and the sources it quotes: the fast
path of ``pledgetrack show KEY``. Both run on any SQLAlchemy connection (the Tracker's, inside
its open transaction when there is one) with Core text queries and typed result columns.
Rows become model objects through the converters every read shares (:mod:`.rows`).

It needs neither the ORM nor the SQLModel tables (whose definitions alone cost more to import
than SQLAlchemy itself), so a command that looks up one record starts in about the time
SQLAlchemy takes to import. It returns the same model objects the
:class:`~pledgetrack.Tracker` returns (``tests/integration/test_lookup.py`` compares them for
every commitment of the seed corpus, on SQLite and PostgreSQL).

:func:`open_engine` opens an existing store for such reads: a SQLite file that is not there is
refused (a read never creates a store), and the schema revision is checked with one query.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import attrs
from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Integer,
    TextualSelect,
    bindparam,
    column,
    text,
)
from sqlalchemy.engine import URL

from pledgetrack.errors import NotFoundError, StoreError
from pledgetrack.model import Amendment, Citation, Commitment, CustomValue, Status, StatusUpdate
from pledgetrack.rules.status import days_overdue, is_overdue, latest_update
from pledgetrack.store.engine import create_store_engine, resolve_url, sqlite_file
from pledgetrack.store.rows import (
    amendment_from_rows,
    commitment_from_rows,
    custom_from_json,
    update_from_row,
)

__all__ = [
    "CommitmentView",
    "SourceRef",
    "commitment_and_update",
    "commitment_view",
    "open_engine",
    "require_store",
]


@attrs.frozen
class SourceRef:
    """What a reader needs to find a source: its key, title, publisher, date and URL."""

    key: str
    title: str
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None


@attrs.frozen
class CommitmentView:
    """A commitment with everything shown about it: its status as of a date and the update
    behind it, its whole history, its amendments, its children (keys, withdrawn ones left
    out) and the sources its citations and evidence quote."""

    commitment: Commitment
    as_of: dt.date
    status: Status
    update: StatusUpdate | None
    history: tuple[StatusUpdate, ...]
    amendments: tuple[Amendment, ...]
    children: tuple[str, ...]
    sources: Mapping[str, SourceRef]

    @property
    def since(self) -> dt.date | None:
        """The date the status became true."""
        return None if self.update is None else self.update.effective

    @property
    def overdue(self) -> bool:
        """Deadline passed and status not final."""
        return is_overdue(self.commitment, self.status, self.as_of)

    @property
    def days_overdue(self) -> int:
        """Days since the deadline fell due, when overdue."""
        return days_overdue(self.commitment, self.status, self.as_of)


def require_store(url: URL) -> None:
    """Refuse a SQLite file that does not exist: reading never creates a store."""
    path = sqlite_file(url)
    if path is not None and not path.exists():
        raise StoreError(f"no store at {str(path)!r} (create one with `pledgetrack init`)")


def open_engine(location: str | os.PathLike[str] | None = None) -> Engine:
    """An engine on the existing store at ``location``, its schema checked (or upgraded).

    A store at this version's schema costs one query; an older one is upgraded as
    :func:`pledgetrack.open` would; a newer or foreign one is refused.
    """
    url = resolve_url(location)
    require_store(url)
    engine = create_store_engine(url)
    try:
        from pledgetrack.store import migrate

        migrate.ensure_current(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _typed(sql: str, names: str, **types: Any) -> TextualSelect:
    """``sql`` with every result column named in order (``names``), some typed: SQLAlchemy
    then matches the columns by position and caches the result's description with the
    compiled statement, instead of matching them by name on every execution."""
    return text(sql).columns(*(column(name, types.get(name)) for name in names.split()))


_COMMITMENT_SELECT = (
    "SELECT c.id AS cid, c.key, c.title, c.action, c.beneficiary, c.announced, c.event_name,"
    " c.event_place, c.event_date, c.target_quantity, c.target_unit, c.target_currency,"
    " c.target_qualifier, c.deadline_date, c.deadline_precision, c.deadline_phrase,"
    " c.deadline_basis, c.notes, c.withdrawn, p.key AS parent,"
    " u.id, u.status, u.label, u.effective, u.effective_precision, u.progress, u.note,"
    " u.recorded, u.percent, u.author"
    " FROM commitment c LEFT JOIN commitment p ON p.id = c.parent_id"
)
_COMMITMENT_COLUMNS = (
    "cid key title action beneficiary announced event_name event_place event_date"
    " target_quantity target_unit target_currency target_qualifier deadline_date"
    " deadline_precision deadline_phrase deadline_basis notes withdrawn parent"
    " id status label effective effective_precision progress note recorded percent author"
)
_COMMITMENT_TYPES: dict[str, Any] = {
    "announced": Date,
    "event_date": Date,
    "deadline_date": Date,
    "withdrawn": Boolean,
    "effective": Date,
    "recorded": DateTime(timezone=True),
}
#: the commitment (with its parent's key) and its updates, one row per update (one row with
#: null update columns when it has none), by effective date then record order. The
#: commitment's id is ``cid`` and the update's is ``id``, so both converters read the same row.
_COMMITMENT = _typed(
    _COMMITMENT_SELECT + " LEFT JOIN status_update u ON u.commitment_id = c.id"
    " WHERE c.key = :key ORDER BY u.effective, u.id",
    _COMMITMENT_COLUMNS,
    **_COMMITMENT_TYPES,
)
#: the same columns, with only the update in force on ``:as_of`` for the commitment as a whole
#: (the latest effective by then among those that name no actor, ties to the last recorded:
#: the rule of :func:`~pledgetrack.rules.status.latest_update`): one row
_COMMITMENT_NOW = _typed(
    _COMMITMENT_SELECT + " LEFT JOIN status_update u ON u.id = (SELECT v.id FROM status_update v"
    " WHERE v.commitment_id = c.id AND v.effective <= :as_of AND NOT v.names_actors"
    " ORDER BY v.effective DESC, v.id DESC LIMIT 1) WHERE c.key = :key",
    _COMMITMENT_COLUMNS,
    **_COMMITMENT_TYPES,
).bindparams(bindparam("as_of", type_=Date))
#: every row that hangs from the commitment and its updates, tagged by kind and ordered by
#: kind, owner and position: ``a`` actors, ``t`` themes, ``f`` custom values (name, JSON
#: text), ``c`` citations and evidence (owner: the update, null for the commitment's own;
#: name: the source's key; text: the quote) and ``u`` the actors an update assesses
_RELATED = _typed(
    "SELECT 'a' AS kind, CAST(NULL AS INTEGER) AS owner, position, name,"
    " CAST(NULL AS TEXT) AS text, CAST(NULL AS INTEGER) AS start_offset,"
    " CAST(NULL AS INTEGER) AS end_offset FROM commitment_actor WHERE commitment_id = :cid"
    " UNION ALL SELECT 't', NULL, position, name, NULL, NULL, NULL"
    " FROM commitment_theme WHERE commitment_id = :cid"
    " UNION ALL SELECT 'f', NULL, 0, name, value, NULL, NULL"
    " FROM commitment_field WHERE commitment_id = :cid"
    " UNION ALL SELECT 'c', NULL, ci.position, s.key, ci.quote, ci.start_offset, ci.end_offset"
    " FROM citation ci JOIN source s ON s.id = ci.source_id WHERE ci.commitment_id = :cid"
    " UNION ALL SELECT 'c', ci.status_update_id, ci.position, s.key, ci.quote,"
    " ci.start_offset, ci.end_offset FROM citation ci JOIN source s ON s.id = ci.source_id"
    " JOIN status_update u ON u.id = ci.status_update_id WHERE u.commitment_id = :cid"
    " UNION ALL SELECT 'u', a.status_update_id, a.position, a.name, NULL, NULL, NULL"
    " FROM status_update_actor a JOIN status_update u ON u.id = a.status_update_id"
    " WHERE u.commitment_id = :cid"
    " ORDER BY 1, 2, 3",
    "kind owner position name text start_offset end_offset",
).bindparams(bindparam("cid", type_=Integer))
_AMENDMENTS = _typed(
    "SELECT revision, field, old_value, new_value, reason, author, recorded"
    " FROM commitment_amendment WHERE commitment_id = :id ORDER BY revision, id",
    "revision field old_value new_value reason author recorded",
    recorded=DateTime(timezone=True),
)
_CHILDREN = _typed(
    "SELECT key FROM commitment WHERE parent_id = :id AND withdrawn = :withdrawn ORDER BY key",
    "key",
).bindparams(bindparam("withdrawn", type_=Boolean))
_SOURCES = _typed(
    "SELECT key, title, url, publisher, published FROM source WHERE key IN :keys",
    "key title url publisher published",
    published=Date,
).bindparams(bindparam("keys", expanding=True))


class _Update(NamedTuple):
    """An update row with what the choice of the update in force reads
    (:func:`~pledgetrack.rules.status.latest_update`), before its model is built."""

    effective: dt.date
    actors: tuple[str, ...]
    sequence: int
    row: Any


class _Found(NamedTuple):
    id: int
    commitment: Commitment
    updates: tuple[_Update, ...]
    evidence: dict[int, list[Citation]]

    def model(self, update: _Update) -> StatusUpdate:
        """The model of one of :attr:`updates`."""
        return update_from_row(
            update.row, self.commitment.key, self.evidence.get(update.sequence, ()), update.actors
        )

    def history(self) -> tuple[StatusUpdate, ...]:
        return tuple(self.model(u) for u in self.updates)


#: runs a statement with its parameters and returns all its rows (columns as attributes)
Rows = Callable[[TextualSelect, Mapping[str, Any]], Sequence[Any]]


def _on(conn: Connection) -> Rows:
    return lambda statement, params: conn.execute(statement, params).all()


def _read(
    rows_of: Rows, key: str, first_statement: TextualSelect = _COMMITMENT, **params: Any
) -> _Found | None:
    """The commitment ``key`` (as its model) and its update rows (every one, or those
    ``first_statement`` reads): two statements."""
    rows = rows_of(first_statement, {"key": key, **params})
    if not rows:
        return None
    first = rows[0]
    actors: list[str] = []
    themes: list[str] = []
    custom: dict[str, CustomValue] = {}
    citations: list[Citation] = []
    evidence: dict[int, list[Citation]] = defaultdict(list)
    assessed: dict[int, list[str]] = defaultdict(list)
    for kind, owner, _position, name, value, start, end in rows_of(_RELATED, {"cid": first.cid}):
        if kind == "a":
            actors.append(name)
        elif kind == "t":
            themes.append(name)
        elif kind == "f":
            custom[name] = custom_from_json(value)
        elif kind == "c":
            citation = Citation(name, value, start, end)
            (citations if owner is None else evidence[owner]).append(citation)
        else:
            assessed[owner].append(name)
    commitment = commitment_from_rows(
        first, actors=actors, themes=themes, citations=citations, custom=custom, parent=first.parent
    )
    updates = tuple(
        _Update(row.effective, tuple(assessed.get(row.id, ())), row.id, row)
        for row in rows
        if row.id is not None
    )
    return _Found(first.cid, commitment, updates, evidence)


def commitment_and_update(
    rows_of: Rows, key: str, as_of: dt.date, actor: str | None = None
) -> tuple[Commitment, StatusUpdate | None] | None:
    """The commitment ``key`` and the update in force on ``as_of`` (for ``actor``; see
    :func:`~pledgetrack.rules.status.latest_update`), or None when no commitment has that
    key. Two statements, run by ``rows_of`` (the Tracker's
    :meth:`~pledgetrack.Tracker.reading_rows`); only the update in force becomes a model object."""
    if actor is None:  # only the update in force is read
        found = _read(rows_of, key, _COMMITMENT_NOW, as_of=as_of)
    else:
        found = _read(rows_of, key)
    if found is None:
        return None
    chosen = latest_update(found.updates, as_of, actor)
    return found.commitment, None if chosen is None else found.model(chosen)


def _amendments(conn: Connection, commitment_id: int, key: str) -> tuple[Amendment, ...]:
    revisions: dict[int, list[Any]] = defaultdict(list)
    for row in conn.execute(_AMENDMENTS, {"id": commitment_id}):
        revisions[row.revision].append(row)
    return tuple(amendment_from_rows(rows, key) for rows in revisions.values())


def _sources(conn: Connection, names: Sequence[str]) -> dict[str, SourceRef]:
    if not names:
        return {}
    found = {
        row.key: SourceRef(row.key, row.title, row.url, row.publisher, row.published)
        for row in conn.execute(_SOURCES, {"keys": list(names)})
    }
    return {name: found[name] for name in names if name in found}


def commitment_view(conn: Connection, key: str, as_of: dt.date) -> CommitmentView:
    """The commitment ``key`` in full, with its status (as a whole) as of ``as_of``.

    Raises :class:`~pledgetrack.errors.NotFoundError` when there is no such commitment.
    """
    found = _read(_on(conn), key)
    if found is None:
        raise NotFoundError("commitment", key)
    commitment_id, commitment, history = found.id, found.commitment, found.history()
    update = latest_update(history, as_of)
    quoted = [c.source for c in commitment.citations]
    quoted += [c.source for u in history for c in u.evidence]
    return CommitmentView(
        commitment=commitment,
        as_of=as_of,
        status=Status.NO_EVIDENCE if update is None else update.status,
        update=update,
        history=history,
        amendments=_amendments(conn, commitment_id, commitment.key),
        children=tuple(
            k for (k,) in conn.execute(_CHILDREN, {"id": commitment_id, "withdrawn": False})
        ),
        sources=_sources(conn, list(dict.fromkeys(quoted))),
    )
