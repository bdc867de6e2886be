"""The rollups' SQL: SQLAlchemy Core over the store's tables, one code for SQLite and PostgreSQL.

Every query starts from one *scope*: the commitments announced by the as-of date that the
filter takes, each with its status as of that date (read by a correlated subquery that
follows the ``(commitment_id, effective, id)`` index, see
:func:`pledgetrack.store.queries.latest_value`). The queries aggregate in the database and
return one row a group (and status), never one row a commitment, except the capped item lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs
from sqlalchemy import (
    Date,
    Integer,
    Numeric,
    Select,
    Table,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement, Subquery
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from pledgetrack.model import Status
from pledgetrack.model.filter import Filter
from pledgetrack.store.queries import (
    FINAL_CODES,
    NOT_OVERDUE,
    commitment_ids,
    latest_value,
    withdrawn,
)
from pledgetrack.store.tables import (
    CommitmentRow,
    StatusUpdateActorRow,
    StatusUpdateRow,
    whole_commitment,
)
from pledgetrack.store.types import ExactDecimal

__all__ = ["days_between", "scope"]

COMMITMENT: Table = CommitmentRow.__table__  # type: ignore[attr-defined]
C = COMMITMENT.c
U = StatusUpdateRow.__table__.c  # type: ignore[attr-defined]
UA = StatusUpdateActorRow.__table__.c  # type: ignore[attr-defined]

#: final statuses other than fulfilled: pace and expected totals leave them out
CLOSED_CODES = (Status.BROKEN.value, Status.NOT_APPLICABLE.value)

UNDER_WAY_CODES = (
    Status.IN_PROGRESS.value,
    Status.PARTIALLY_FULFILLED.value,
    Status.DELAYED.value,
)


class days_between(FunctionElement[int]):
    """``days_between(start, end)``: the whole days from the date ``start`` to ``end``."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between, "sqlite")
def _days_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


@compiles(days_between)
def _days_default(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"({end} - {start})"


class scanned(FunctionElement[Any]):
    """A column that SQLite must not look up by its index: it scans the table in id order.

    Walking the index on ``announced`` visits commitments in date order and reads their status
    history all over the file; scanning in id order reads it in the order of its index, several
    times faster on a large store. SQLite reads ``+column`` as "no index"; other databases get
    the plain column and plan by themselves.
    """

    inherit_cache = True
    name = "scanned"

    def __init__(self, column: ColumnElement[Any]) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(scanned, "sqlite")
def _scanned_sqlite(element: scanned, compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = element.clauses
    return f"+{compiler.process(column, **kw)}"


@compiles(scanned)
def _scanned_default(element: scanned, compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = element.clauses
    return str(compiler.process(column, **kw))


def day(value: dt.date) -> ColumnElement[dt.date]:
    """A date as a typed bind parameter."""
    return literal(value, Date())


def quantity(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """An exactly stored quantity as a number SQL can compute with."""
    return cast(column, Numeric())


def exact(expression: ColumnElement[Any]) -> ColumnElement[Any]:
    """A numeric result read back as a ``Decimal`` on both backends."""
    return type_coerce(expression, ExactDecimal())


_STATUS_FILTERS = ("statuses", "overdue")


def scope(
    as_of: dt.date,
    filter: Filter | None = None,
    *,
    extra: Iterable[str] = (),
    percent: bool = False,
    lateral: bool = False,
) -> Subquery:
    """The commitments announced by ``as_of`` that ``filter`` takes, with their status then.

    Columns: ``cid``, ``due`` (the day the deadline falls due), ``status`` (the canonical
    code, ``no_evidence`` without any update in force), with ``percent`` the tracker's own
    percentage given by that same update (NULL when it gives none), and each commitment column
    named in ``extra``; ``label`` in ``extra`` is the tracker's own label given by the update in
    force (NULL when none is in force or it has no label). Only what is asked for is read, so
    the database carries no more than it needs.

    With ``percent``, the update in force is found once a commitment and both its values read
    from it. With ``lateral`` (for a database that has ``LATERAL``: PostgreSQL), that update is
    a ``LEFT JOIN LATERAL (… LIMIT 1)``, one backward probe of the whole-commitment index that
    returns both values; otherwise its id is read by a correlated subquery and the update then
    joined by its primary key, which SQLite does one probe a commitment but PostgreSQL plans
    as a hash join over every update.
    """
    chosen = filter or Filter()
    plain = attrs.evolve(chosen, statuses=(), overdue=None)
    special = ("cid", "due", "status", "label")
    wanted = list(dict.fromkeys(name for name in extra if name not in special))
    labelled = "label" in extra
    in_force = None
    if percent and lateral:
        in_force = (
            select(U.status, U.percent, U.label)
            .where(U.commitment_id == C.id, U.effective <= as_of, whole_commitment())
            .order_by(U.effective.desc(), U.id.desc())
            .limit(1)
            .lateral("in_force")
        )
        query = select(
            C.id.label("cid"),
            C.deadline_due.label("due"),
            func.coalesce(in_force.c.status, Status.NO_EVIDENCE.value).label("status"),
            in_force.c.percent.label("percent"),
            *([in_force.c.label.label("label")] if labelled else []),
            *(C[name].label(name) for name in wanted),
        ).select_from(COMMITMENT.outerjoin(in_force, true()))
    elif percent:
        # Two values of the same update: find the update once (one backward index probe a
        # commitment, in the join's condition) and read both through its primary key, rather
        # than probing twice; in one query level, which SQLite flattens into the grouping query.
        latest = StatusUpdateRow.__table__.alias("in_force")  # type: ignore[attr-defined]
        query = select(
            C.id.label("cid"),
            C.deadline_due.label("due"),
            func.coalesce(latest.c.status, Status.NO_EVIDENCE.value).label("status"),
            latest.c.percent.label("percent"),
            *([latest.c.label.label("label")] if labelled else []),
            *(C[name].label(name) for name in wanted),
        ).select_from(COMMITMENT.outerjoin(latest, latest.c.id == latest_value(U.id, as_of, C.id)))
    else:
        status = func.coalesce(latest_value(U.status, as_of, C.id), Status.NO_EVIDENCE.value)
        query = select(
            C.id.label("cid"),
            C.deadline_due.label("due"),
            status.label("status"),
            *([latest_value(U.label, as_of, C.id).label("label")] if labelled else []),
            *(C[name].label(name) for name in wanted),
        )
    if plain.keys or plain.parent:
        query = query.where(C.announced <= as_of)
    else:
        query = query.where(scanned(C.announced) <= as_of)
    if plain != Filter():
        criteria = commitment_ids(plain, as_of).whereclause
        if criteria is not None:
            query = query.where(criteria)
    else:
        query = query.where(withdrawn(False))  # withdrawn commitments leave every count
    if in_force is not None:
        # in id order, the grouping joins (themes, actors … keyed by commitment id) merge with
        # their primary keys instead of hashing a million rows past the working memory
        query = query.order_by(C.id)
    if not percent or in_force is not None:
        # kept apart from the grouping joins, so that a many-valued dimension does not repeat
        # the status's probe (with ``percent`` on SQLite the probe is in a join's condition,
        # evaluated once a commitment before the grouping joins, which SQLite never reorders)
        query = query.offset(0)
    if not chosen.needs_status():
        return query.subquery("scope")
    inner = query.subquery("scope_all")
    outer: Select[Any] = select(inner)
    if chosen.statuses:
        outer = outer.where(inner.c.status.in_(chosen.statuses))
    if chosen.overdue is not None:
        late = and_(
            inner.c.due.is_not(None), inner.c.due < as_of, inner.c.status.not_in(NOT_OVERDUE)
        )
        outer = outer.where(late if chosen.overdue else ~late)
    return outer.subquery("scope")


def deadline_flags(
    due: ColumnElement[dt.date | None], as_of: dt.date, due_within: int
) -> tuple[ColumnElement[int], ColumnElement[int], ColumnElement[int]]:
    """Sums counting deadlines fallen due before ``as_of``, due within the horizon, and none."""
    horizon = as_of + dt.timedelta(days=due_within)
    return (
        func.sum(case((due < as_of, 1), else_=0)),
        func.sum(case((and_(due >= as_of, due <= horizon), 1), else_=0)),
        func.sum(case((due.is_(None), 1), else_=0)),
    )


def section_of(
    status: ColumnElement[str], due: ColumnElement[dt.date | None], as_of: dt.date, due_within: int
) -> ColumnElement[str]:
    """The :class:`~pledgetrack.rollups.measures.Section` code of each scope row."""
    horizon = as_of + dt.timedelta(days=due_within)
    return case(
        (status == Status.FULFILLED.value, "fulfilled"),
        (status.in_(FINAL_CODES), "closed"),
        (and_(due < as_of, status == Status.NO_EVIDENCE.value), "unassessed"),
        (due < as_of, "overdue"),
        (due <= horizon, "due_soon"),
        (status.in_(UNDER_WAY_CODES), "in_progress"),
        (due.is_(None), "no_deadline"),
        else_="due_later",
    )


def pace_columns(
    target: ColumnElement[Any],
    delivered: ColumnElement[Any],
    announced: ColumnElement[dt.date],
    due: ColumnElement[dt.date],
    as_of: dt.date,
) -> tuple[ColumnElement[Any], ColumnElement[bool]]:
    """The quantity expected by ``as_of`` on a linear pace, and whether delivery is behind it.

    The rule of :func:`pledgetrack.rules.pace.elapsed_fraction`: nothing is expected on the
    announcement day, all of it from the day it falls due, a straight line between.
    """
    elapsed = days_between(announced, day(as_of))
    length = days_between(announced, due)
    nothing = as_of <= announced
    everything = or_(due <= day(as_of), due <= announced)
    expected = case(
        (nothing, literal(0)),
        (everything, target),
        else_=target * elapsed * literal(1.0, Numeric()) / length,
    )
    behind = case(
        (nothing, False),
        (everything, delivered < target),
        else_=delivered * length < target * elapsed,
    )
    return expected, behind


def reported_column(as_of: dt.date, commitment_id: ColumnElement[int]) -> ColumnElement[Any]:
    """The progress of the latest update by ``as_of`` that reports one (NULL when none does)."""
    return quantity(latest_value(U.progress, as_of, commitment_id, reported=True))


def actor_value(
    column: ColumnElement[Any],
    as_of: dt.date,
    commitment_id: ColumnElement[int],
    actor: ColumnElement[str],
) -> ColumnElement[Any]:
    """``column`` of the update in force on ``as_of`` for ``actor`` of the commitment.

    The rule of :func:`pledgetrack.store.queries.actor_status`, as a correlated subquery
    that follows the ``(commitment_id, effective, id)`` index: among the updates effective by
    then that name the actor or name no actor (the whole commitment), the latest; on the same
    day one naming the actor wins, then the last recorded. NULL when none is in force.
    """
    assessed = StatusUpdateActorRow.__table__  # type: ignore[attr-defined]
    whole = whole_commitment()
    # correlate the actor of the enclosing query, however deeply this is nested
    names_actor = (
        exists().where(UA.status_update_id == U.id, UA.name == actor).correlate_except(assessed)
    )
    return (
        select(column)
        .where(U.commitment_id == commitment_id, U.effective <= as_of, or_(whole, names_actor))
        # among those kept, an update that names any actor names this one
        .order_by(U.effective.desc(), case((whole, 0), else_=1).desc(), U.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def delivered_column(as_of: dt.date, commitment_id: ColumnElement[int]) -> ColumnElement[Any]:
    """The progress of the latest update by ``as_of`` that reports one (0 when none does)."""
    return func.coalesce(reported_column(as_of, commitment_id), 0)
