"""SQL building blocks shared by the repository and the rollups: status as of a date, filters.

Every query here is SQLAlchemy Core and runs unchanged on SQLite and PostgreSQL. They follow
the rules of :mod:`pledgetrack.rules.status`: the status of a commitment as a whole reads only
whole-commitment updates (:func:`pledgetrack.store.tables.whole_commitment`, the one
definition); :func:`actor_status` gives the status of each (commitment, actor) pair.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.sql import Subquery
from sqlalchemy.sql.selectable import ScalarSelect

from pledgetrack.model import Status
from pledgetrack.model.filter import Filter
from pledgetrack.store.rows import custom_to_json
from pledgetrack.store.tables import (
    CommitmentActorRow,
    CommitmentFieldRow,
    CommitmentRow,
    CommitmentThemeRow,
    StatusUpdateActorRow,
    StatusUpdateRow,
    whole_commitment,
)

__all__ = [
    "FINAL_CODES",
    "NOT_OVERDUE",
    "actor_status",
    "commitment_ids",
    "current_status",
    "effective_status",
    "latest_value",
    "withdrawn",
]

FINAL_CODES = tuple(s.value for s in Status if s.is_final)
#: statuses that are never overdue: the final ones, and ``no_evidence`` (not assessed)
NOT_OVERDUE = (*FINAL_CODES, Status.NO_EVIDENCE.value)

C = CommitmentRow.__table__.c  # type: ignore[attr-defined]
U = StatusUpdateRow.__table__.c  # type: ignore[attr-defined]
A = CommitmentActorRow.__table__.c  # type: ignore[attr-defined]
T = CommitmentThemeRow.__table__.c  # type: ignore[attr-defined]
F = CommitmentFieldRow.__table__.c  # type: ignore[attr-defined]
UA = StatusUpdateActorRow.__table__.c  # type: ignore[attr-defined]

_V = TypeVar("_V")


def current_status(as_of: dt.date) -> Subquery:
    """One row per commitment with a whole-commitment update in force on ``as_of``.

    Columns: ``commitment_id``, ``status``, ``effective``, ``update_id``, ``progress``.
    The latest update effective on or before ``as_of`` wins; ties go to the last recorded.
    Updates that assess named actors do not count (see :func:`actor_status`).
    """
    ranked = (
        select(
            U.commitment_id,
            U.status,
            U.effective,
            U.id.label("update_id"),
            U.progress,
            func.row_number()
            .over(partition_by=U.commitment_id, order_by=(U.effective.desc(), U.id.desc()))
            .label("rank"),
        )
        .where(U.effective <= as_of, whole_commitment())
        .subquery("ranked")
    )
    return (
        select(
            ranked.c.commitment_id,
            ranked.c.status,
            ranked.c.effective,
            ranked.c.update_id,
            ranked.c.progress,
        )
        .where(ranked.c.rank == 1)
        .subquery("current_status")
    )


def latest_value(
    column: ColumnElement[_V],
    as_of: dt.date | ColumnElement[dt.date],
    commitment_id: ColumnElement[int],
    *,
    reported: bool = False,
) -> ScalarSelect[_V]:
    """``column`` of the update in force on ``as_of`` for the commitment ``commitment_id``.

    A correlated scalar subquery (NULL when no update is in force): the latest whole-commitment
    update effective on or before ``as_of``, ties to the last recorded. With ``reported``, only
    updates where ``column`` is not NULL count (the latest reported progress). It follows the
    partial index ``ix_status_update_whole`` on ``(commitment_id, effective, id)`` of the
    whole-commitment updates, one short backward scan a commitment that reads nothing of the
    actors, and is the fast way to read a status as of a date for many commitments on SQLite
    and PostgreSQL alike.
    """
    query = select(column).where(
        U.commitment_id == commitment_id, U.effective <= as_of, whole_commitment()
    )
    if reported:
        query = query.where(column.is_not(None))
    return query.order_by(U.effective.desc(), U.id.desc()).limit(1).scalar_subquery()


def actor_status(as_of: dt.date | ColumnElement[dt.date]) -> Subquery:
    """One row per (commitment, actor) of every commitment's actors, with its status on ``as_of``.

    Columns: ``commitment_id``, ``actor``, ``position`` (the actor's place in the commitment),
    ``status``, ``effective``, ``update_id``, ``progress``, ``percent`` — the last five NULL
    where no update covering the actor is in force (unassessed; see :func:`effective_status`).

    The update in force for an actor is the latest effective on or before ``as_of`` among
    those naming the actor and the whole-commitment ones (which cover every actor); on the
    same day one naming the actor wins, then the last recorded.

    Two correlated subqueries per (commitment, actor) — the latest update naming the actor and
    the latest whole-commitment one — follow the index on ``(commitment_id, effective, id)``
    backwards, like :func:`latest_value`; the later effective of the two wins, the one naming
    the actor on a tie.
    """
    named_table = StatusUpdateActorRow.__table__  # type: ignore[attr-defined]
    named_here = (
        exists().where(UA.status_update_id == U.id, UA.name == A.name).correlate_except(named_table)
    )

    def latest(covering: ColumnElement[bool]) -> ScalarSelect[int]:
        return (
            select(U.id)
            .where(U.commitment_id == A.commitment_id, U.effective <= as_of, covering)
            .order_by(U.effective.desc(), U.id.desc())
            .limit(1)
            .scalar_subquery()
        )

    pairs = select(
        A.commitment_id,
        A.name.label("actor"),
        A.position,
        latest(named_here).label("named_id"),
        latest(whole_commitment()).label("whole_id"),
    ).subquery("actor_updates")
    update_table = StatusUpdateRow.__table__  # type: ignore[attr-defined]
    named = update_table.alias("named_update")
    whole = update_table.alias("whole_update")
    chosen = case(
        (
            and_(
                named.c.id.is_not(None),
                or_(whole.c.id.is_(None), named.c.effective >= whole.c.effective),
            ),
            named.c.id,
        ),
        else_=whole.c.id,
    )
    picked = (
        select(pairs.c.commitment_id, pairs.c.actor, pairs.c.position, chosen.label("update_id"))
        .select_from(
            pairs.outerjoin(named, named.c.id == pairs.c.named_id).outerjoin(
                whole, whole.c.id == pairs.c.whole_id
            )
        )
        .subquery("actor_update")
    )
    return (
        select(
            picked.c.commitment_id,
            picked.c.actor,
            picked.c.position,
            update_table.c.status,
            update_table.c.effective,
            picked.c.update_id,
            update_table.c.progress,
            update_table.c.percent,
        )
        .select_from(picked.outerjoin(update_table, update_table.c.id == picked.c.update_id))
        .subquery("actor_status")
    )


def withdrawn(value: bool = True) -> ColumnElement[bool]:
    """True for the commitments withdrawn (``value`` False: for those not withdrawn)."""
    column: ColumnElement[bool] = C.withdrawn
    return column == (true() if value else false())


def effective_status(current: Subquery) -> ColumnElement[str]:
    """The status column of ``current`` with ``no_evidence`` where a commitment has none."""
    return func.coalesce(current.c.status, literal(Status.NO_EVIDENCE.value))


def commitment_ids(filter: Filter, as_of: dt.date) -> Select[Any]:
    """The ids of the commitments announced by ``as_of`` that ``filter`` takes."""
    query = select(C.id).where(C.announced <= as_of)
    if filter.withdrawn is not None:
        query = query.where(withdrawn(filter.withdrawn))
    if filter.needs_status():
        current = current_status(as_of)
        status = effective_status(current)
        query = query.outerjoin(current, current.c.commitment_id == C.id)
        if filter.statuses:
            query = query.where(status.in_(filter.statuses))
        if filter.overdue is not None:
            overdue = and_(
                C.deadline_due.is_not(None), C.deadline_due < as_of, status.not_in(NOT_OVERDUE)
            )
            query = query.where(overdue if filter.overdue else ~overdue)
    if filter.actors:
        query = query.where(exists().where(A.commitment_id == C.id, A.name.in_(filter.actors)))
    if filter.themes:
        query = query.where(exists().where(T.commitment_id == C.id, T.name.in_(filter.themes)))
    if filter.events:
        query = query.where(C.event_name.in_(filter.events))
    if filter.due_from is not None:
        query = query.where(C.deadline_due >= filter.due_from)
    if filter.due_to is not None:
        query = query.where(C.deadline_due <= filter.due_to)
    if filter.has_deadline is not None:
        query = query.where(
            C.deadline_due.is_not(None) if filter.has_deadline else C.deadline_due.is_(None)
        )
    if filter.announced_from is not None:
        query = query.where(C.announced >= filter.announced_from)
    if filter.announced_to is not None:
        query = query.where(C.announced <= filter.announced_to)
    if filter.parent is not None:
        parent = CommitmentRow.__table__.alias("parent_commitment")  # type: ignore[attr-defined]
        query = query.where(
            C.parent_id.in_(select(parent.c.id).where(parent.c.key == filter.parent))
        )
    if filter.keys:
        query = query.where(C.key.in_(filter.keys))
    for name, value in filter.custom.items():
        query = query.where(
            exists().where(
                F.commitment_id == C.id, F.name == name, F.value == custom_to_json(value)
            )
        )
    return query
