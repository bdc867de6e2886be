"""One commitment and its history, read with four Core statements (no ORM objects): the quick
path of :meth:`pledgetrack.Tracker.status_of`.

Each statement is built once, so SQLAlchemy compiles it once per dialect; the rows become
model objects through the same converters as every other read (:mod:`.rows`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Integer, Table, bindparam, literal, null, select, union_all

from pledgetrack.model import Citation, Commitment, StatusUpdate
from pledgetrack.store.rows import (
    commitment_from_rows,
    custom_from_json,
    update_from_row,
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

__all__ = ["commitment_and_history"]

_C: Table = CommitmentRow.__table__  # type: ignore[attr-defined]
_P = _C.alias("parent")
_A: Table = CommitmentActorRow.__table__  # type: ignore[attr-defined]
_T: Table = CommitmentThemeRow.__table__  # type: ignore[attr-defined]
_F: Table = CommitmentFieldRow.__table__  # type: ignore[attr-defined]
_CI: Table = CitationRow.__table__  # type: ignore[attr-defined]
_S: Table = SourceRow.__table__  # type: ignore[attr-defined]
_U: Table = StatusUpdateRow.__table__  # type: ignore[attr-defined]
_UA: Table = StatusUpdateActorRow.__table__  # type: ignore[attr-defined]

_ID = bindparam("cid", type_=Integer())
_COMMITMENT = (
    select(_C, _P.c.key.label("parent_key"))
    .outerjoin(_P, _P.c.id == _C.c.parent_id)
    .where(_C.c.key == bindparam("key"))
)
#: the commitment's actors, themes and custom values in one statement: (kind, position, name, value)
_NAMED = union_all(
    select(literal("a").label("kind"), _A.c.position, _A.c.name, null().label("value")).where(
        _A.c.commitment_id == _ID
    ),
    select(literal("t"), _T.c.position, _T.c.name, null()).where(_T.c.commitment_id == _ID),
    select(literal("f"), literal(0), _F.c.name, _F.c.value).where(_F.c.commitment_id == _ID),
).order_by("kind", "position")
_QUOTED = (
    _CI.c.commitment_id,
    _CI.c.status_update_id,
    _CI.c.position,
    _CI.c.quote,
    _CI.c.start_offset,
    _CI.c.end_offset,
    _S.c.key.label("source_key"),
)
#: the commitment's citations and its updates' evidence in one statement
_CITATIONS = union_all(
    select(*_QUOTED).join(_S, _S.c.id == _CI.c.source_id).where(_CI.c.commitment_id == _ID),
    select(*_QUOTED)
    .join(_S, _S.c.id == _CI.c.source_id)
    .join(_U, _U.c.id == _CI.c.status_update_id)
    .where(_U.c.commitment_id == _ID),
).order_by("status_update_id", "position")
_HISTORY = select(_U).where(_U.c.commitment_id == _ID).order_by(_U.c.effective, _U.c.id)
_ASSESSED = (
    select(_UA.c.status_update_id, _UA.c.name)
    .join(_U, _U.c.id == _UA.c.status_update_id)
    .where(_U.c.commitment_id == _ID)
    .order_by(_UA.c.status_update_id, _UA.c.position)
)


def _citation(row: Any) -> Citation:
    return Citation(row.source_key, row.quote, row.start_offset, row.end_offset)


def commitment_and_history(
    conn: Connection, key: str
) -> tuple[Commitment, list[StatusUpdate]] | None:
    """The commitment ``key`` and its status updates (by effective date, then record order),
    or None when no commitment has that key."""
    row = conn.execute(_COMMITMENT, {"key": key}).first()
    if row is None:
        return None
    ids = {"cid": row.id}
    actors: list[str] = []
    themes: list[str] = []
    custom: dict[str, Any] = {}
    for kind, _position, name, value in conn.execute(_NAMED, ids):
        if kind == "a":
            actors.append(name)
        elif kind == "t":
            themes.append(name)
        else:
            custom[name] = custom_from_json(value)
    citations: list[Citation] = []
    evidence: dict[int, list[Citation]] = {}
    for c in conn.execute(_CITATIONS, ids):
        if c.status_update_id is None:
            citations.append(_citation(c))
        else:
            evidence.setdefault(c.status_update_id, []).append(_citation(c))
    commitment = commitment_from_rows(
        row,  # type: ignore[arg-type]
        actors=actors,
        themes=themes,
        citations=citations,
        custom=custom,
        parent=row.parent_key,
    )
    updates = conn.execute(_HISTORY, ids).all()
    assessed: dict[int, list[str]] = {}
    if updates:
        for update_id, name in conn.execute(_ASSESSED, ids):
            assessed.setdefault(update_id, []).append(name)
    history = [
        update_from_row(u, key, evidence.get(u.id, ()), assessed.get(u.id, ()))  # type: ignore[arg-type]
        for u in updates
    ]
    return commitment, history
