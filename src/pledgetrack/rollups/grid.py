"""The compliance grid: members × commitments, each cell scored −1, 0 or +1, as of any date.

>>> import pledgetrack as pt
>>> from pledgetrack.rollups.grid import compliance_grid
>>> with pt.open("g7.db") as tracker:                           # doctest: +SKIP
...     grid = compliance_grid(tracker, as_of="2025-12-31", themes=["health"])

Rows are the commitments the filter takes (by key), columns their actors (the *members*, by
name, or in the order of ``actors=`` when given). A cell holds the status in force for that
actor (:func:`pledgetrack.store.queries.actor_status`) and its score
(:func:`pledgetrack.rules.compliance.compliance_score`); a member that is not an actor of a
commitment has no cell there. Cells without a score (unassessed, not yet due, not applicable)
are left out of the averages, which say how many cells they scored and how many they left
out. The JSON, CSV, text and HTML forms are in :mod:`pledgetrack.render.grid`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs
from sqlalchemy import select

from pledgetrack.errors import ValidationError
from pledgetrack.model import Status
from pledgetrack.model.filter import Filter
from pledgetrack.rollups.core import resolve_as_of
from pledgetrack.rules.compliance import Unscored, compliance_score
from pledgetrack.store.queries import C, actor_status, commitment_ids
from pledgetrack.store.tables import CommitmentRow

if TYPE_CHECKING:
    from pledgetrack.tracker import Tracker

__all__ = ["Average", "Cell", "ComplianceGrid", "GridRow", "compliance_grid"]

#: places the averages are shown with (the exact value is ``sum / scored``)
PLACES = 2


@attrs.frozen
class Cell:
    """One actor on one commitment: the status in force for it and its score, or why none."""

    key: str
    actor: str
    status: Status | None
    since: dt.date | None
    percent: Decimal | None
    score: int | None
    unscored: Unscored | None


@attrs.frozen
class Average:
    """The scores of some cells: how many at +1, 0 and −1, and how many left out, by reason."""

    full: int = 0
    partial: int = 0
    none: int = 0
    unassessed: int = 0
    not_yet_due: int = 0
    not_applicable: int = 0

    @classmethod
    def of(cls, cells: Iterable[Cell]) -> Average:
        """The average of ``cells``."""
        counts = dict.fromkeys(("full", "partial", "none", *(u.value for u in Unscored)), 0)
        for cell in cells:
            if cell.unscored is not None:
                counts[cell.unscored.value] += 1
            else:
                counts[{1: "full", 0: "partial", -1: "none"}[cell.score or 0]] += 1
        return cls(**counts)

    @property
    def scored(self) -> int:
        """How many cells have a score."""
        return self.full + self.partial + self.none

    @property
    def left_out(self) -> int:
        """How many cells have no score (unassessed, not yet due, not applicable)."""
        return self.unassessed + self.not_yet_due + self.not_applicable

    @property
    def sum(self) -> int:
        """The sum of the scores."""
        return self.full - self.none

    @property
    def exact(self) -> Fraction | None:
        """The average score, exactly (None when no cell is scored)."""
        return Fraction(self.sum, self.scored) if self.scored else None

    @property
    def score(self) -> Decimal | None:
        """The average score, −1 to +1, rounded half-even to two places (None: none scored)."""
        exact = self.exact
        if exact is None:
            return None
        value = Decimal(exact.numerator) / Decimal(exact.denominator)
        return value.quantize(Decimal(1).scaleb(-PLACES), rounding=ROUND_HALF_EVEN)


@attrs.frozen
class GridRow:
    """A commitment's cells, one per member (None where the member is not one of its actors)."""

    key: str
    title: str
    due: dt.date | None
    cells: tuple[Cell | None, ...]

    @property
    def average(self) -> Average:
        """The average over this commitment's scored cells."""
        return Average.of(c for c in self.cells if c is not None)


@attrs.frozen
class ComplianceGrid:
    """Members × commitments as of a date, with averages per member and per commitment."""

    as_of: dt.date
    members: tuple[str, ...]
    rows: tuple[GridRow, ...]

    def column(self, member: str) -> list[Cell]:
        """The cells of one member, by commitment."""
        index = self.members.index(member)
        return [c for c in (row.cells[index] for row in self.rows) if c is not None]

    def member_average(self, member: str) -> Average:
        """The average over one member's scored cells."""
        return Average.of(self.column(member))

    @property
    def overall(self) -> Average:
        """The average over every scored cell."""
        return Average.of(c for row in self.rows for c in row.cells if c is not None)

    def cell(self, key: str, member: str) -> Cell | None:
        """The cell of commitment ``key`` and ``member`` (None: not one of its actors)."""
        for row in self.rows:
            if row.key == key:
                return row.cells[self.members.index(member)]
        raise KeyError(key)


def _criteria(filter: Filter | None, criteria: dict[str, Any]) -> Filter:
    if filter is not None and criteria:
        raise TypeError("give a Filter or keyword criteria, not both")
    if filter is not None:
        if not isinstance(filter, Filter):
            raise ValidationError("grid", "filter", filter, "must be a pledgetrack.Filter")
        return filter
    valid = {f.name for f in attrs.fields(Filter)}
    for name in criteria:
        if name not in valid:
            raise ValidationError(
                "grid",
                name,
                criteria[name],
                f"unknown criterion; valid: {', '.join(sorted(valid))}",
            )
    try:
        return Filter(**criteria)
    except ValidationError as err:
        raise err.within("filter") from None


def compliance_grid(
    tracker: Tracker,
    filter: Filter | None = None,
    *,
    as_of: dt.date | str | None = None,
    **criteria: Any,
) -> ComplianceGrid:
    """The compliance grid of the commitments ``filter`` takes, as of ``as_of`` (default today).

    Read on ``tracker``'s connection (inside its open transaction, if any); criteria are
    :class:`Filter` fields. With ``actors``, only those members are columns (in the order given).
    """
    day = resolve_as_of(as_of)
    chosen = _criteria(filter, criteria)
    status = actor_status(day)
    commitment = CommitmentRow.__table__  # type: ignore[attr-defined]
    query = (
        select(
            C.key,
            C.title,
            C.deadline_due,
            status.c.actor,
            status.c.status,
            status.c.effective,
            status.c.percent,
        )
        .select_from(status.join(commitment, C.id == status.c.commitment_id))
        .where(C.id.in_(commitment_ids(chosen, day).correlate(None)))
        .order_by(C.key, status.c.position)
    )
    with tracker.reading() as conn:
        rows = conn.execute(query).all()
    titles: dict[str, tuple[str, dt.date | None]] = {}
    cells: dict[tuple[str, str], Cell] = {}
    for key, title, due, actor, code, effective, percent in rows:
        titles.setdefault(key, (title, due))
        state = None if code is None else Status(code)
        scored = compliance_score(state, due, day)
        cells[(key, actor)] = Cell(
            key=key,
            actor=actor,
            status=state,
            since=effective,
            percent=percent,
            score=scored if isinstance(scored, int) else None,
            unscored=scored if isinstance(scored, Unscored) else None,
        )
    members = _members(chosen.actors, (actor for _key, actor in cells))
    grid_rows = tuple(
        GridRow(key, title, due, tuple(cells.get((key, m)) for m in members))
        for key, (title, due) in titles.items()
    )
    return ComplianceGrid(day, members, grid_rows)


def _members(chosen: Sequence[str], found: Iterable[str]) -> tuple[str, ...]:
    if chosen:
        return tuple(dict.fromkeys(chosen))
    return tuple(sorted(set(found), key=lambda name: (name.casefold(), name)))
