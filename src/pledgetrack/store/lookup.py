"""One commitment in full, read with a few plain SQL queries: the fast path of ``show``.

:func:`commitment_view` reads a commitment, its history, amendments, children and the
sources it quotes on any SQLAlchemy connection, with SQLAlchemy Core text queries and typed
result columns. It needs neither the ORM nor the SQLModel tables (whose definitions alone
cost more to import than SQLAlchemy itself), so a command that looks up one record starts in
about the time SQLAlchemy takes to import. It returns the same model objects the
:class:`~pledgetrack.Tracker` returns (``tests/integration/test_lookup.py`` compares them for
every commitment of the seed corpus, on SQLite and PostgreSQL).

:func:`open_engine` opens an existing store for such reads: a SQLite file that is not there is
refused (a read never creates a store), and the schema revision is checked with one query.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
from sqlalchemy import Boolean, Connection, Date, DateTime, Engine, bindparam, text
from sqlalchemy.engine import URL

from pledgetrack.errors import NotFoundError, StoreError
from pledgetrack.model import (
    Amendment,
    Change,
    Citation,
    Commitment,
    CustomValue,
    Deadline,
    Event,
    Precision,
    Status,
    StatusUpdate,
    Target,
)
from pledgetrack.rules.status import days_overdue, is_overdue, latest_update
from pledgetrack.store.engine import create_store_engine, resolve_url, sqlite_file

__all__ = ["CommitmentView", "SourceRef", "commitment_view", "open_engine", "require_store"]


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


_COMMITMENT = text(
    "SELECT c.id, c.key, c.title, c.action, c.beneficiary, c.announced, c.event_name,"
    " c.event_place, c.event_date, c.target_quantity, c.target_unit, c.target_currency,"
    " c.target_qualifier, c.deadline_date, c.deadline_precision, c.deadline_phrase,"
    " c.deadline_basis, c.notes, c.withdrawn, p.key AS parent"
    " FROM commitment c LEFT JOIN commitment p ON p.id = c.parent_id WHERE c.key = :key"
).columns(announced=Date, event_date=Date, deadline_date=Date, withdrawn=Boolean)
_ACTORS = text("SELECT name FROM commitment_actor WHERE commitment_id = :id ORDER BY position")
_THEMES = text("SELECT name FROM commitment_theme WHERE commitment_id = :id ORDER BY position")
_CUSTOM = text("SELECT name, value FROM commitment_field WHERE commitment_id = :id")
_CITATIONS = text(
    "SELECT ci.quote, ci.start_offset, ci.end_offset, s.key FROM citation ci"
    " JOIN source s ON s.id = ci.source_id WHERE ci.commitment_id = :id ORDER BY ci.position"
)
_UPDATES = text(
    "SELECT id, status, label, effective, effective_precision, progress, note, recorded,"
    " percent, author FROM status_update WHERE commitment_id = :id ORDER BY effective, id"
).columns(effective=Date, recorded=DateTime(timezone=True))
_UPDATE_ACTORS = text(
    "SELECT a.status_update_id, a.name FROM status_update_actor a"
    " JOIN status_update u ON u.id = a.status_update_id WHERE u.commitment_id = :id"
    " ORDER BY a.status_update_id, a.position"
)
_EVIDENCE = text(
    "SELECT ci.status_update_id, ci.quote, ci.start_offset, ci.end_offset, s.key"
    " FROM citation ci JOIN source s ON s.id = ci.source_id"
    " JOIN status_update u ON u.id = ci.status_update_id WHERE u.commitment_id = :id"
    " ORDER BY ci.status_update_id, ci.position"
)
_AMENDMENTS = text(
    "SELECT revision, field, old_value, new_value, reason, author, recorded"
    " FROM commitment_amendment WHERE commitment_id = :id ORDER BY revision, id"
).columns(recorded=DateTime(timezone=True))
_CHILDREN = text(
    "SELECT key FROM commitment WHERE parent_id = :id AND withdrawn = :withdrawn ORDER BY key"
).bindparams(bindparam("withdrawn", type_=Boolean))
_SOURCES = (
    text("SELECT key, title, url, publisher, published FROM source WHERE key IN :keys")
    .bindparams(bindparam("keys", expanding=True))
    .columns(published=Date)
)


def _decimal(value: Any) -> Decimal | None:
    """A stored exact decimal (text on SQLite, NUMERIC on PostgreSQL) as a Decimal."""
    return None if value is None else Decimal(str(value))


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _custom_value(stored: str) -> CustomValue:
    """A custom value from its JSON text (decimals and dates are tagged objects)."""
    value = json.loads(stored)
    if isinstance(value, dict):
        if "decimal" in value:
            return Decimal(value["decimal"])
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
    if isinstance(value, str | int | bool) or value is None:
        return value
    raise StoreError(f"a stored custom value is not one pledgetrack writes: {stored[:60]!r}")


def _commitment(conn: Connection, row: Any) -> Commitment:
    params = {"id": row.id}
    target = None
    if row.target_quantity is not None:
        target = Target(
            _decimal(row.target_quantity),
            row.target_unit or "",
            row.target_currency,
            row.target_qualifier,
        )
    event = Event(row.event_name, row.event_place, row.event_date) if row.event_name else None
    citations = tuple(
        Citation(source, quote, start, end)
        for quote, start, end, source in conn.execute(_CITATIONS, params)
    )
    return Commitment(
        key=row.key,
        title=row.title,
        actors=tuple(name for (name,) in conn.execute(_ACTORS, params)),
        announced=row.announced,
        citations=citations,
        action=row.action,
        target=target,
        beneficiary=row.beneficiary,
        themes=tuple(name for (name,) in conn.execute(_THEMES, params)),
        event=event,
        deadline=Deadline(
            row.deadline_date,
            row.deadline_precision,
            row.deadline_phrase,
            row.deadline_basis or "stated",
        ),
        parent=row.parent,
        custom={name: _custom_value(value) for name, value in conn.execute(_CUSTOM, params)},
        notes=row.notes,
        withdrawn=bool(row.withdrawn),
    )


def _history(conn: Connection, commitment_id: int, key: str) -> tuple[StatusUpdate, ...]:
    params = {"id": commitment_id}
    actors: dict[int, list[str]] = defaultdict(list)
    for update_id, name in conn.execute(_UPDATE_ACTORS, params):
        actors[update_id].append(name)
    evidence: dict[int, list[Citation]] = defaultdict(list)
    for update_id, quote, start, end, source in conn.execute(_EVIDENCE, params):
        evidence[update_id].append(Citation(source, quote, start, end))
    return tuple(
        StatusUpdate(
            commitment=key,
            status=row.status,
            effective=row.effective,
            progress=_decimal(row.progress),
            note=row.note,
            evidence=tuple(evidence[row.id]),
            effective_precision=Precision(row.effective_precision),
            label=row.label,
            recorded=_aware(row.recorded),
            sequence=row.id,
            percent=_decimal(row.percent),
            actors=tuple(actors[row.id]),
            author=row.author,
        )
        for row in conn.execute(_UPDATES, params)
    )


def _amendments(conn: Connection, commitment_id: int, key: str) -> tuple[Amendment, ...]:
    revisions: dict[int, list[Any]] = defaultdict(list)
    for row in conn.execute(_AMENDMENTS, {"id": commitment_id}):
        revisions[row.revision].append(row)
    out = []
    for revision, rows in revisions.items():
        first = rows[0]
        out.append(
            Amendment(
                commitment=key,
                reason=first.reason,
                changes=tuple(
                    Change(r.field, json.loads(r.old_value), json.loads(r.new_value)) for r in rows
                ),
                author=first.author,
                recorded=_aware(first.recorded),
                sequence=revision,
            )
        )
    return tuple(out)


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
    row = conn.execute(_COMMITMENT, {"key": key}).first()
    if row is None:
        raise NotFoundError("commitment", key)
    commitment = _commitment(conn, row)
    history = _history(conn, row.id, commitment.key)
    update = latest_update(history, as_of)
    quoted = [c.source for c in commitment.citations]
    quoted += [c.source for u in history for c in u.evidence]
    return CommitmentView(
        commitment=commitment,
        as_of=as_of,
        status=Status.NO_EVIDENCE if update is None else update.status,
        update=update,
        history=history,
        amendments=_amendments(conn, row.id, commitment.key),
        children=tuple(k for (k,) in conn.execute(_CHILDREN, {"id": row.id, "withdrawn": False})),
        sources=_sources(conn, list(dict.fromkeys(quoted))),
    )
