"""Rollups as of any date, computed in the database: counts, item lists, timeline, pace, changes.

Each function takes a :class:`~pledgetrack.Tracker` and reads on its connection (inside its open
:meth:`~pledgetrack.Tracker.transaction`, when there is one, so it sees that transaction's own
writes), an as-of date
(a ``datetime.date`` or ``YYYY-MM-DD``; default today) and an optional
:class:`~pledgetrack.Filter`. Bad input raises :class:`~pledgetrack.errors.ValidationError`
naming the valid choices.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
from sqlalchemy import (
    Connection,
    Date,
    String,
    and_,
    bindparam,
    case,
    extract,
    func,
    literal,
    or_,
    select,
)

from pledgetrack.errors import NotFoundError, ValidationError
from pledgetrack.model import Status, to_date
from pledgetrack.model.filter import Filter
from pledgetrack.rollups.dimensions import (
    ACTOR,
    Dimension,
    KeyValue,
    check_fields,
    parse_dimensions,
)
from pledgetrack.rollups.measures import Counts, Section, StatusCell
from pledgetrack.rollups.sql import (
    CLOSED_CODES,
    UA,
    C,
    actor_value,
    deadline_flags,
    delivered_column,
    exact,
    pace_columns,
    quantity,
    reported_column,
    scope,
    section_of,
)
from pledgetrack.rules.pace import Pace, elapsed_fraction
from pledgetrack.store.queries import U, latest_value

if TYPE_CHECKING:
    from pledgetrack.tracker import Tracker

__all__ = [
    "Group",
    "Item",
    "Move",
    "Rollup",
    "TimelineBin",
    "Transition",
    "Transitions",
    "UnitProgress",
    "items",
    "progress",
    "resolve_as_of",
    "rollup",
    "round_like",
    "status_at",
    "timeline",
    "transitions",
]

DEFAULT_DUE_WITHIN = 365


def resolve_as_of(as_of: dt.date | str | None) -> dt.date:
    """The as-of date: a date, an ISO ``YYYY-MM-DD`` text, or today when None."""
    if as_of is None:
        return dt.date.today()
    return to_date(as_of, "as_of")


def _due_within(days: int) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ValidationError(
            "rollup", "due_within", days, "must be a whole number of days, 0 or more"
        )
    return days


def _filter(filter: Filter | None, conn: Connection) -> Filter:
    chosen = filter or Filter()
    if not isinstance(chosen, Filter):
        raise ValidationError("rollup", "filter", chosen, "must be a pledgetrack.Filter")
    check_fields(conn, sorted(chosen.custom), "filter.custom")
    return chosen


def _prepare(
    tracker: Tracker,
    as_of: dt.date | str | None,
    by: Iterable[str | Dimension],
    filter: Filter | None,
) -> tuple[dt.date, tuple[Dimension, ...], Filter]:
    day = resolve_as_of(as_of)
    dims = parse_dimensions(by)
    with tracker.reading() as conn:
        chosen = _filter(filter, conn)
        check_fields(conn, [d.field for d in dims if d.field is not None], "by")
    return day, dims, chosen


def _key_order(values: tuple[KeyValue, ...]) -> tuple[tuple[int, Any], ...]:
    def one(value: KeyValue) -> tuple[int, Any]:
        if value is None:
            return (2, "")
        if isinstance(value, str):
            return (1, value)
        return (0, value)

    return tuple(one(v) for v in values)


# --- one commitment -------------------------------------------------------------------------


_STATUS_AT = select(
    func.coalesce(
        latest_value(U.status, bindparam("day", type_=Date()), C.id), Status.NO_EVIDENCE.value
    )
).where(C.key == bindparam("key", type_=String()))


def status_at(tracker: Tracker, key: str, as_of: dt.date | str | None = None) -> Status:
    """The canonical status of the commitment ``key`` on ``as_of`` (default today).

    One indexed query, nothing else loaded: the quick way to ask about a single commitment
    (:meth:`pledgetrack.Tracker.status_of` also returns the commitment and the update).
    Raises :class:`~pledgetrack.errors.NotFoundError` when no commitment has that key.
    """
    day = resolve_as_of(as_of)
    found = tracker.read_one(_STATUS_AT, {"key": key, "day": day})
    if found is None:
        raise NotFoundError("commitment", key)
    return Status(found)


# --- counts -------------------------------------------------------------------------------


@attrs.frozen
class Group:
    """One group of a rollup: its value in each dimension, and its :class:`Counts`."""

    key: tuple[tuple[str, KeyValue], ...]
    counts: Counts

    @property
    def values(self) -> tuple[KeyValue, ...]:
        """The group's values, in the order of the dimensions."""
        return tuple(value for _name, value in self.key)

    def get(self, dimension: str) -> KeyValue:
        """The group's value in ``dimension``."""
        return dict(self.key)[dimension]

    @property
    def label(self) -> str:
        """The values joined for display (``(none)`` for a missing value)."""
        return " / ".join("(none)" if v is None else str(v) for v in self.values)


@attrs.frozen
class Rollup:
    """Counts by canonical status for every group of the chosen dimensions, as of a date."""

    as_of: dt.date
    due_within: int
    dimensions: tuple[str, ...]
    groups: tuple[Group, ...]

    def counts(self, *values: KeyValue) -> Counts:
        """The counts of the group with these values (empty counts when there is none)."""
        for group in self.groups:
            if group.values == tuple(values):
                return group.counts
        return Counts()

    def table(self) -> dict[tuple[KeyValue, ...], dict[Status, int]]:
        """Group values → canonical status → count."""
        return {g.values: g.counts.by_status for g in self.groups}


_ANY_NAMED = select(UA.status_update_id).limit(1)


def rollup(
    tracker: Tracker,
    *,
    by: Iterable[str | Dimension] = (),
    as_of: dt.date | str | None = None,
    filter: Filter | None = None,
    due_within: int = DEFAULT_DUE_WITHIN,
) -> Rollup:
    """Counts by canonical status, grouped ``by`` dimensions, as of ``as_of``: one query.

    Without ``by``, one group (with an empty key) holds the whole scope; an empty store gives
    no group at all. Grouped by ``actor``, each actor's group counts the commitment with that
    actor's own status: the latest update naming the actor or the whole commitment (see
    :func:`pledgetrack.store.queries.actor_status`); otherwise a commitment's status is that
    of the whole commitment. Grouped by ``label``, the label is that of the same update that
    gives the status.
    """
    day, dims, chosen = _prepare(tracker, as_of, by, filter)
    horizon = _due_within(due_within)
    by_actor = any(dim.name == "actor" for dim in dims)
    with tracker.reading() as conn:
        # per-actor statuses only where some update names actors (a look at a small table, made
        # only when grouping by actor); percentages always: a check for them would scan every
        # update, the column does not
        named = by_actor and conn.execute(_ANY_NAMED).first() is not None
        lateral = tracker.engine.dialect.name == "postgresql"
        base = scope(
            day, chosen, extra=[n for d in dims for n in d.needs], percent=True, lateral=lateral
        )
        query = select().select_from(base)
        keys: list[Any] = []
        status: Any = base.c.status
        percent: Any = base.c.percent
        own: Any = None  # the actor whose own update gives the status, when grouping by actor
        for index, dim in enumerate(dims):
            query, column = dim.column(query, base, index)
            keys.append(column)
            if dim.name == "actor" and named and own is None:
                # by actor, each actor's own status: updates naming it, or the whole commitment's
                own = column
                status = func.coalesce(
                    actor_value(U.status, day, base.c.cid, column), Status.NO_EVIDENCE.value
                )
                percent = actor_value(U.percent, day, base.c.cid, column)
        if own is not None:
            # by actor, the label of that same update
            keys = [
                actor_value(U.label, day, base.c.cid, own) if dim.name == "label" else key
                for dim, key in zip(dims, keys, strict=True)
            ]
        keys = [key.label(f"k{index}") for index, key in enumerate(keys)]
        inner = query.add_columns(
            *keys,
            status.label("status"),
            base.c.due.label("due"),
            percent.label("percent"),
        ).subquery("grouped")
        outer_keys = [inner.c[f"k{index}"] for index in range(len(dims))]
        query = select(
            *outer_keys,
            inner.c.status,
            func.count(),
            *deadline_flags(inner.c.due, day, horizon),
            func.sum(case((inner.c.percent.is_not(None), 1), else_=0)),
            exact(func.sum(quantity(inner.c.percent))),
        ).group_by(*outer_keys, inner.c.status)
        rows = conn.execute(query).all()
    cells: dict[tuple[KeyValue, ...], dict[Status, StatusCell]] = defaultdict(dict)
    for row in rows:
        values = tuple(dim.value(raw) for dim, raw in zip(dims, row[: len(dims)], strict=True))
        status, total, past, soon, none, rated, points = row[len(dims) :]
        cell = StatusCell(
            int(total),
            int(past or 0),
            int(soon or 0),
            int(none or 0),
            int(rated or 0),
            _decimal(points),
        )
        found = cells[values].get(Status(status))
        cells[values][Status(status)] = cell if found is None else found + cell
    names = tuple(d.name for d in dims)
    groups = tuple(
        Group(tuple(zip(names, values, strict=True)), Counts(cells[values]))
        for values in sorted(cells, key=_key_order)
    )
    return Rollup(day, horizon, names, groups)


# --- listed commitments ---------------------------------------------------------------------


@attrs.frozen
class Item:
    """One commitment as listed in a summary: where it stands and how late or soon it is.

    ``days_overdue`` counts the days since the deadline fell due for an overdue commitment;
    ``days_past_due`` the same for any commitment past its deadline (an unassessed one too).
    ``pace`` is None for a final status, and without a quantified target and a deadline.
    """

    key: str
    title: str
    status: Status
    section: Section
    announced: dt.date
    due: dt.date | None
    actors: tuple[str, ...] = ()
    days_overdue: int = 0
    days_left: int | None = None
    pace: Pace | None = None
    unit: str | None = None
    days_past_due: int = 0
    currency: str | None = None


def items(
    tracker: Tracker,
    *,
    as_of: dt.date | str | None = None,
    filter: Filter | None = None,
    due_within: int = DEFAULT_DUE_WITHIN,
    limit: int | None = 50,
    sections: Iterable[Section | str] | None = None,
) -> dict[Section, tuple[Item, ...]]:
    """The commitments of each :class:`Section`, at most ``limit`` a section (None: all).

    Each section is ordered by the day the deadline falls due (the most overdue first), then
    key; commitments without a deadline come last, by key.
    """
    day, _dims, chosen = _prepare(tracker, as_of, (), filter)
    horizon = _due_within(due_within)
    if limit is not None and (isinstance(limit, bool) or limit < 0):
        raise ValidationError("rollup", "limit", limit, "must be 0 or more (None: no limit)")
    wanted = _sections(sections)
    base = scope(
        day,
        chosen,
        extra=("key", "title", "announced", "target_quantity", "target_unit", "target_currency"),
    )
    section = section_of(base.c.status, base.c.due, day, horizon).label("section")
    order = (case((base.c.due.is_(None), 1), else_=0), base.c.due, base.c.key)
    ranked = select(
        base,
        section,
        func.row_number().over(partition_by=section, order_by=order).label("rank"),
    ).subquery("ranked")
    query = select(ranked).where(ranked.c.section.in_([s.value for s in wanted]))
    if limit is not None:
        query = query.where(ranked.c.rank <= limit)
    query = query.order_by(ranked.c.section, ranked.c.rank)
    out: dict[Section, list[Item]] = {s: [] for s in wanted}
    with tracker.reading() as conn:
        rows = list(conn.execute(query).mappings())
        ids = [row["cid"] for row in rows]
        actors = _actors(conn, ids)
        delivered = _delivered(conn, [r["cid"] for r in rows if r["target_quantity"]], day)
    for row in rows:
        out[Section(row["section"])].append(_item(row, actors, delivered, day))
    return {s: tuple(v) for s, v in out.items()}


def _sections(sections: Iterable[Section | str] | None) -> list[Section]:
    if sections is None:
        return list(Section)
    out = []
    for value in sections:
        try:
            out.append(Section(value))
        except ValueError:
            choices = ", ".join(s.value for s in Section)
            raise ValidationError(
                "rollup", "sections", value, f"is not a section; choose from: {choices}"
            ) from None
    return out


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _actors(conn: Any, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(ids):
        query = (
            select(ACTOR.c.commitment_id, ACTOR.c.name)
            .where(ACTOR.c.commitment_id.in_(chunk))
            .order_by(ACTOR.c.commitment_id, ACTOR.c.position)
        )
        for cid, name in conn.execute(query):
            found[cid].append(name)
    return {cid: tuple(names) for cid, names in found.items()}


def _delivered(conn: Any, ids: Sequence[int], day: dt.date) -> dict[int, Decimal]:
    """The latest reported progress of each commitment (left out when none is reported)."""
    out: dict[int, Decimal] = {}
    for chunk in _chunks(ids):
        query = select(C.id, exact(reported_column(day, C.id))).where(C.id.in_(chunk))
        out.update((cid, value) for cid, value in conn.execute(query) if value is not None)
    return out


def _item(
    row: Any,
    actors: Mapping[int, tuple[str, ...]],
    delivered: Mapping[int, Decimal],
    day: dt.date,
) -> Item:
    status = Status(row["status"])
    due: dt.date | None = row["due"]
    section = Section(row["section"])
    pace = None
    target = row["target_quantity"]
    if target is not None and due is not None and not status.is_final:
        fraction = elapsed_fraction(row["announced"], due, day)
        quantity = target if isinstance(target, Decimal) else Decimal(str(target))
        reported = delivered.get(row["cid"])
        pace = Pace(reported, quantity, quantity * fraction, fraction, reported is not None)
    past = (day - due).days if due is not None and due < day else 0
    return Item(
        key=row["key"],
        title=row["title"],
        status=status,
        section=section,
        announced=row["announced"],
        due=due,
        actors=actors.get(row["cid"], ()),
        days_overdue=past if section is Section.OVERDUE else 0,
        days_past_due=past,
        days_left=(due - day).days if due is not None and due >= day else None,
        pace=pace,
        unit=row["target_unit"] if target is not None else None,
        currency=row["target_currency"] if target is not None else None,
    )


# --- timeline -------------------------------------------------------------------------------


@attrs.frozen
class TimelineBin:
    """The deadlines falling due in one month, by where they stand on the as-of date.

    ``unassessed`` counts the deadlines passed without any assessment (never ``overdue``).
    """

    year: int
    month: int
    fulfilled: int = 0
    overdue: int = 0
    open: int = 0
    closed: int = 0
    unassessed: int = 0

    @property
    def start(self) -> dt.date:
        """The first day of the month."""
        return dt.date(self.year, self.month, 1)

    @property
    def total(self) -> int:
        """How many deadlines fall due in the month."""
        return self.fulfilled + self.overdue + self.open + self.closed + self.unassessed


def timeline(
    tracker: Tracker, *, as_of: dt.date | str | None = None, filter: Filter | None = None
) -> tuple[TimelineBin, ...]:
    """Deadlines by the month they fall due: fulfilled, overdue, unassessed past the deadline,
    still open, or closed otherwise.

    Months without a deadline are left out; commitments without a deadline are not counted.
    """
    day, _dims, chosen = _prepare(tracker, as_of, (), filter)
    base = scope(day, chosen)
    year = extract("year", base.c.due).label("year")
    month = extract("month", base.c.due).label("month")
    past = case((base.c.due < day, 1), else_=0).label("past")
    query = (
        select(year, month, base.c.status, past, func.count())
        .where(base.c.due.is_not(None))
        .group_by(year, month, base.c.status, past)
    )
    bins: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with tracker.reading() as conn:
        for y, m, status, was_due, count in conn.execute(query):
            code = Status(status)
            if code is Status.FULFILLED:
                kind = "fulfilled"
            elif code.is_final:
                kind = "closed"
            elif not was_due:
                kind = "open"
            else:
                kind = "unassessed" if code is Status.NO_EVIDENCE else "overdue"
            bins[(int(y), int(m))][kind] += int(count)
    return tuple(TimelineBin(y, m, **bins[(y, m)]) for y, m in sorted(bins))


# --- quantified progress --------------------------------------------------------------------


@attrs.frozen
class UnitProgress:
    """Quantified commitments with a deadline, of one unit: delivered against target and pace.

    ``commitments`` counts those not broken or not applicable (``closed`` counts those, left
    out of every total); ``delivered`` is, for each commitment, the progress of its latest
    update by the as-of date that reports one (``reported`` counts those that do); ``expected``
    what a linear pace from announcement to deadline asks by then, rounded (half even) to the
    decimal places of the target; ``behind`` counts commitments that reported less than that
    pace (a fulfilled commitment, or one that reports nothing, is never behind).
    """

    key: tuple[tuple[str, KeyValue], ...]
    unit: str
    currency: str | None
    commitments: int
    reported: int
    target: Decimal
    delivered: Decimal
    expected: Decimal
    behind: int
    closed: int = 0

    @property
    def share_delivered(self) -> float | None:
        """Delivered as a share of the target."""
        return float(self.delivered / self.target) if self.target else None

    @property
    def share_expected(self) -> float | None:
        """Expected as a share of the target: the share of the time gone, on average."""
        return float(self.expected / self.target) if self.target else None


def progress(
    tracker: Tracker,
    *,
    by: Iterable[str | Dimension] = (),
    as_of: dt.date | str | None = None,
    filter: Filter | None = None,
) -> tuple[UnitProgress, ...]:
    """Delivered quantity against target and against the linear pace, by group and unit.

    Only commitments with a quantified target and a deadline count; broken and not applicable
    ones leave the totals (counted in ``closed``); quantities of different units or
    currencies are never added together.
    """
    day, dims, chosen = _prepare(tracker, as_of, by, filter)
    needs = [n for d in dims for n in d.needs if n != "due"]
    columns = ("announced", "target_quantity", "target_unit", "target_currency", *needs)
    base = scope(day, chosen, extra=columns)
    target = quantity(base.c.target_quantity)
    delivered = delivered_column(day, base.c.cid)
    expected, behind = pace_columns(target, delivered, base.c.announced, base.c.due, day)
    has_report = (
        select(U.id)
        .where(U.commitment_id == base.c.cid, U.effective <= day, U.progress.is_not(None))
        .exists()
    )
    closed = base.c.status.in_(CLOSED_CODES)
    never_behind = or_(closed, base.c.status == Status.FULFILLED.value, ~has_report)
    inner = (
        select(
            base.c.cid,
            base.c.target_unit.label("unit"),
            base.c.target_currency.label("currency"),
            case((closed, None), else_=target).label("target"),
            case((closed, None), else_=delivered).label("delivered"),
            case((closed, None), else_=expected).label("expected"),
            case((never_behind, 0), (behind, 1), else_=0).label("behind"),
            case((closed, 0), (has_report, 1), else_=0).label("reported"),
            case((closed, 0), else_=1).label("counted"),
            case((closed, 1), else_=0).label("closed"),
            base.c.due,
            *(base.c[n] for n in dict.fromkeys(needs) if n != "announced"),
            base.c.announced,
        )
        .where(and_(base.c.target_quantity.is_not(None), base.c.due.is_not(None)))
        .subquery("quantified")
    )
    query = select().select_from(inner)
    keys = []
    for index, dim in enumerate(dims):
        query, column = dim.column(query, inner, index)
        keys.append(column.label(f"k{index}"))
    query = query.add_columns(
        *keys,
        inner.c.unit,
        inner.c.currency,
        func.sum(inner.c.counted),
        func.sum(inner.c.closed),
        func.sum(inner.c.reported),
        exact(func.sum(inner.c.target)),
        exact(func.sum(inner.c.delivered)),
        exact(func.sum(inner.c.expected)),
        func.sum(inner.c.behind),
    ).group_by(*keys, inner.c.unit, inner.c.currency)
    names = tuple(d.name for d in dims)
    out = []
    with tracker.reading() as conn:
        for row in conn.execute(query):
            values = tuple(dim.value(raw) for dim, raw in zip(dims, row[: len(dims)], strict=True))
            unit, currency, count, left, reports, total, done, due, late = row[len(dims) :]
            target_total = _decimal(total)
            out.append(
                UnitProgress(
                    key=tuple(zip(names, values, strict=True)),
                    unit=unit,
                    currency=currency,
                    commitments=int(count or 0),
                    reported=int(reports or 0),
                    target=target_total,
                    delivered=_decimal(done),
                    expected=round_like(_decimal(due), target_total),
                    behind=int(late or 0),
                    closed=int(left or 0),
                )
            )
    out.sort(key=lambda p: (_key_order(tuple(v for _n, v in p.key)), p.unit, p.currency or ""))
    return tuple(out)


def round_like(value: Decimal, target: Decimal) -> Decimal:
    """``value`` rounded (half even) to the decimal places of ``target`` (whole at least)."""
    exponent = target.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return value.quantize(Decimal(1).scaleb(-places))


def _decimal(value: object) -> Decimal:
    if value is None:
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(str(value))


# --- change between two dates ---------------------------------------------------------------


@attrs.frozen
class Transition:
    """How many commitments went from one status to another (``None``: not yet announced)."""

    before: Status | None
    after: Status
    count: int


@attrs.frozen
class Move:
    """One commitment whose status changed between the two dates."""

    key: str
    title: str
    before: Status | None
    after: Status


@attrs.frozen
class Transitions:
    """The change between two dates: a transition table and the commitments that moved."""

    start: dt.date
    end: dt.date
    cells: tuple[Transition, ...]
    moves: tuple[Move, ...]

    @property
    def total(self) -> int:
        """How many commitments are counted (announced by the end date)."""
        return sum(t.count for t in self.cells)

    @property
    def changed(self) -> int:
        """How many commitments are in another status at the end (new ones included)."""
        return sum(t.count for t in self.cells if t.before != t.after)

    def matrix(self) -> dict[Status | None, dict[Status, int]]:
        """Status before → status after → count (only pairs that occur)."""
        out: dict[Status | None, dict[Status, int]] = defaultdict(dict)
        for t in self.cells:
            out[t.before][t.after] = t.count
        return dict(out)


def transitions(
    tracker: Tracker,
    *,
    start: dt.date | str,
    end: dt.date | str | None = None,
    filter: Filter | None = None,
    limit: int | None = 50,
) -> Transitions:
    """Which commitments moved from which status to which between ``start`` and ``end``.

    Counts every commitment announced by ``end`` that the filter takes as of ``end``; one
    announced after ``start`` comes from ``None``. ``moves`` lists up to ``limit`` of those
    that changed, by key.
    """
    first = to_date(start, "start")
    last, _dims, chosen = _prepare(tracker, end, (), filter)
    if first > last:
        raise ValidationError(
            "rollup", "start", first.isoformat(), f"is after the end date {last.isoformat()}"
        )
    base = scope(last, chosen, extra=("key", "title", "announced"))
    before_status = func.coalesce(_status_at(first, base.c.cid), literal(Status.NO_EVIDENCE.value))
    before = case((base.c.announced > first, None), else_=before_status).label("before")
    inner = select(base.c.key, base.c.title, before, base.c.status.label("after")).subquery("moved")
    counts = select(inner.c.before, inner.c.after, func.count()).group_by(
        inner.c.before, inner.c.after
    )
    changed = (
        select(inner.c.key, inner.c.title, inner.c.before, inner.c.after)
        .where(inner.c.before.is_distinct_from(inner.c.after))
        .order_by(inner.c.key)
    )
    if limit is not None:
        changed = changed.limit(limit)
    with tracker.reading() as conn:
        cells = [
            Transition(None if b is None else Status(b), Status(a), int(n))
            for b, a, n in conn.execute(counts)
        ]
        moves = [
            Move(k, t, None if b is None else Status(b), Status(a))
            for k, t, b, a in conn.execute(changed)
        ]
    order = {s: i for i, s in enumerate(Status)}
    cells.sort(key=lambda t: (-1 if t.before is None else order[t.before], order[t.after]))
    return Transitions(first, last, tuple(cells), tuple(moves))


def _status_at(day: dt.date, commitment_id: Any) -> Any:
    return latest_value(U.status, day, commitment_id)
