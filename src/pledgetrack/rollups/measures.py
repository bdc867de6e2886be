"""What a rollup counts, and the scores derived from the counts.

For a set of commitments (all of them, or one group) as of a date, the database returns, per
canonical status, how many there are and how many of those have a deadline that fell due
before the date, falls due within the horizon, or have none (:class:`StatusCell`). Everything
else follows from these counts (:class:`Counts`):

A commitment is *assessed* once an update gives it a status other than ``no_evidence``;
one without any update, or whose latest update says ``no_evidence`` ("not yet rated"), is
*unassessed*. No evidence either way is not a failure, so:

- **overdue**: assessed, not final (fulfilled, broken, not applicable) and the deadline fell
  due strictly before the date;
- **unassessed past deadline**: unassessed and the deadline fell due strictly before the
  date: counted and listed on its own, never as overdue;
- **due soon**: not final and the deadline falls due on the date or in the ``due_within``
  days after it;
- **fulfilment rate of what has fallen due**: among the assessed commitments whose deadline
  fell due before the date (those not applicable left out), the share that is fulfilled;
- **compliance score**, in the style of the G7/G20 Research Group: each assessed commitment
  scores +1 when fulfilled, 0 when partially fulfilled or under way (in progress, delayed),
  −1 when broken, or when not started once its deadline has passed. Left out, and counted
  apart: unassessed commitments, not applicable ones, and those not started before their
  deadline (or without one). The score is the average, from −1 to +1, and as a percentage
  ``(score + 1) / 2 × 100``;
- **fulfilment percentage**, in the style of promise trackers that rate each promise from 0 to
  100: the tracker's own percentage where the update in force gives one (``percent``), else
  the status weight: fulfilled 100, partially fulfilled 50, in progress 25, any other assessed
  status 0; unassessed and not applicable commitments are left out; the percentage is the
  average rating, and :attr:`Counts.rated_own` and :attr:`Counts.rated_by_status` say how many
  were rated each way.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from pledgetrack.model import Status

__all__ = [
    "FULFILMENT_POINTS",
    "UNDER_WAY",
    "Compliance",
    "Counts",
    "Section",
    "StatusCell",
]

#: statuses of a commitment being worked on
UNDER_WAY = frozenset({Status.IN_PROGRESS, Status.PARTIALLY_FULFILLED, Status.DELAYED})

#: the rating of a promise by status, for the fulfilment percentage (not applicable: not rated)
FULFILMENT_POINTS: Mapping[Status, int] = {
    Status.FULFILLED: 100,
    Status.PARTIALLY_FULFILLED: 50,
    Status.IN_PROGRESS: 25,
    Status.DELAYED: 0,
    Status.NOT_STARTED: 0,
    Status.NO_EVIDENCE: 0,
    Status.BROKEN: 0,
}


class Section(enum.StrEnum):
    """Where a commitment is listed in a summary; every commitment falls in exactly one.

    Taken in this order: ``fulfilled``; ``closed`` (broken or not applicable); ``unassessed``
    (no assessment, deadline passed); ``overdue`` (assessed, deadline passed); ``due_soon``
    (falls due within the horizon); ``in_progress`` (under way: in progress,
    partially fulfilled or delayed, and due later or without a deadline); ``no_deadline``;
    ``due_later`` (not under way, due after the horizon).
    """

    FULFILLED = "fulfilled"
    OVERDUE = "overdue"
    UNASSESSED = "unassessed"
    DUE_SOON = "due_soon"
    IN_PROGRESS = "in_progress"
    NO_DEADLINE = "no_deadline"
    DUE_LATER = "due_later"
    CLOSED = "closed"

    def heading(self, due_within: int) -> str:
        """The section's heading in a summary for people."""
        if self is Section.DUE_SOON:
            return f"Due within {_days(due_within)}"
        return _TITLES[self]


def _days(days: int) -> str:
    if days == 365:
        return "a year"
    if days == 1:
        return "a day"
    return f"{days} days"


_TITLES = {
    Section.FULFILLED: "Fulfilled",
    Section.OVERDUE: "Overdue",
    Section.UNASSESSED: "Deadline passed, not assessed",
    Section.IN_PROGRESS: "In progress, not due soon",
    Section.NO_DEADLINE: "No deadline",
    Section.DUE_LATER: "Not under way, due later",
    Section.CLOSED: "Broken or not applicable",
}


@attrs.frozen
class StatusCell:
    """Commitments with one status: how many, and how many by where their deadline stands;
    ``own_rated`` counts those whose update gives the tracker's own percentage, and
    ``own_points`` adds those percentages up (exactly)."""

    total: int = 0
    past_due: int = 0
    due_soon: int = 0
    no_deadline: int = 0
    own_rated: int = 0
    own_points: Decimal = Decimal(0)

    def __add__(self, other: StatusCell) -> StatusCell:
        return StatusCell(
            self.total + other.total,
            self.past_due + other.past_due,
            self.due_soon + other.due_soon,
            self.no_deadline + other.no_deadline,
            self.own_rated + other.own_rated,
            self.own_points + other.own_points,
        )


@attrs.frozen
class Compliance:
    """A compliance score in the style of the G7/G20 Research Group (see the module doc)."""

    full: int
    partial: int
    none: int
    unassessed: int = 0
    not_applicable: int = 0
    not_yet_due: int = 0

    @property
    def assessed(self) -> int:
        """How many commitments are scored."""
        return self.full + self.partial + self.none

    @property
    def left_out(self) -> int:
        """How many commitments are not scored: unassessed, not applicable, not yet due."""
        return self.unassessed + self.not_applicable + self.not_yet_due

    @property
    def score(self) -> float | None:
        """The average score, from −1 to +1 (None when nothing is assessed)."""
        return (self.full - self.none) / self.assessed if self.assessed else None

    @property
    def percent(self) -> float | None:
        """The score as a percentage: −1 is 0 %, +1 is 100 %."""
        score = self.score
        return None if score is None else (score + 1) / 2 * 100


def _cells(
    cells: Mapping[Status, StatusCell] | Iterable[tuple[Status, StatusCell]],
) -> Mapping[Status, StatusCell]:
    given = dict(cells)
    return {status: given.get(status, StatusCell()) for status in Status}


@attrs.frozen
class Counts:
    """One set of commitments as of a date: a :class:`StatusCell` for every canonical status."""

    cells: Mapping[Status, StatusCell] = attrs.field(factory=dict, converter=_cells)

    def __add__(self, other: Counts) -> Counts:
        return Counts({s: self.cells[s] + other.cells[s] for s in Status})

    @property
    def total(self) -> int:
        """How many commitments."""
        return sum(cell.total for cell in self.cells.values())

    @property
    def by_status(self) -> dict[Status, int]:
        """How many commitments have each canonical status (every status present)."""
        return {status: cell.total for status, cell in self.cells.items()}

    def _open(self) -> Iterable[StatusCell]:
        return (cell for status, cell in self.cells.items() if not status.is_final)

    @property
    def overdue(self) -> int:
        """Assessed, not final, and the deadline fell due before the date."""
        return sum(
            cell.past_due for status, cell in self.cells.items()
            if not status.is_final and status is not Status.NO_EVIDENCE
        )  # fmt: skip

    @property
    def assessed(self) -> int:
        """How many commitments have an assessed status (anything but ``no_evidence``)."""
        return self.total - self.unassessed

    @property
    def unassessed(self) -> int:
        """How many commitments have no assessment (status ``no_evidence``)."""
        return self.cells[Status.NO_EVIDENCE].total

    @property
    def unassessed_past_due(self) -> int:
        """Unassessed commitments whose deadline fell due before the date (never overdue)."""
        return self.cells[Status.NO_EVIDENCE].past_due

    @property
    def due_soon(self) -> int:
        """Not final, and the deadline falls due within the horizon."""
        return sum(cell.due_soon for cell in self._open())

    @property
    def without_deadline(self) -> int:
        """Commitments without a deadline, whatever their status."""
        return sum(cell.no_deadline for cell in self.cells.values())

    @property
    def fallen_due(self) -> int:
        """Assessed commitments whose deadline fell due before the date (not applicable left
        out; the unassessed ones are :attr:`unassessed_past_due`)."""
        return sum(
            cell.past_due for status, cell in self.cells.items()
            if status not in (Status.NOT_APPLICABLE, Status.NO_EVIDENCE)
        )  # fmt: skip

    @property
    def fulfilled_of_fallen_due(self) -> int:
        """Of those fallen due, how many are fulfilled."""
        return self.cells[Status.FULFILLED].past_due

    @property
    def fulfilment_rate(self) -> float | None:
        """The share of what has fallen due that is fulfilled, 0 to 1 (None: nothing fell due)."""
        fallen = self.fallen_due
        return self.fulfilled_of_fallen_due / fallen if fallen else None

    @property
    def compliance(self) -> Compliance:
        """The G7/G20 Research Group style compliance score."""
        cells = self.cells
        not_started = cells[Status.NOT_STARTED]
        return Compliance(
            full=cells[Status.FULFILLED].total,
            partial=sum(cells[s].total for s in UNDER_WAY),
            none=cells[Status.BROKEN].total + not_started.past_due,
            unassessed=self.unassessed,
            not_applicable=cells[Status.NOT_APPLICABLE].total,
            not_yet_due=not_started.total - not_started.past_due,
        )

    def _rated_cells(self) -> Iterable[tuple[Status, StatusCell]]:
        return (
            (s, cell) for s, cell in self.cells.items()
            if s not in (Status.NO_EVIDENCE, Status.NOT_APPLICABLE)
        )  # fmt: skip

    @property
    def fulfilment_points(self) -> Decimal:
        """The sum of every rated commitment's rating: the tracker's own percentage where one
        is given, else the status weight (see :data:`FULFILMENT_POINTS`)."""
        return sum(
            (
                cell.own_points + (cell.total - cell.own_rated) * FULFILMENT_POINTS[s]
                for s, cell in self._rated_cells()
            ),
            Decimal(0),
        )

    @property
    def rated_own(self) -> int:
        """How many rated commitments are rated by the tracker's own percentage."""
        return sum(cell.own_rated for _s, cell in self._rated_cells())

    @property
    def rated_by_status(self) -> int:
        """How many rated commitments are rated by the weight of their status."""
        return self.rated - self.rated_own

    @property
    def rated(self) -> int:
        """How many commitments the fulfilment percentage rates: the assessed ones, not
        applicable left out."""
        return self.assessed - self.cells[Status.NOT_APPLICABLE].total

    @property
    def fulfilment_percentage(self) -> float | None:
        """The average rating from 0 to 100 (None when nothing is rated)."""
        return float(self.fulfilment_points / self.rated) if self.rated else None

    @property
    def sections(self) -> dict[Section, int]:
        """How many commitments fall in each :class:`Section` (every section present)."""
        out = dict.fromkeys(Section, 0)
        for status, cell in self.cells.items():
            if status is Status.FULFILLED:
                out[Section.FULFILLED] += cell.total
            elif status.is_final:
                out[Section.CLOSED] += cell.total
            elif status is Status.NO_EVIDENCE:
                out[Section.UNASSESSED] += cell.past_due
            else:
                out[Section.OVERDUE] += cell.past_due
            if not status.is_final:
                out[Section.DUE_SOON] += cell.due_soon
                rest = cell.total - cell.past_due - cell.due_soon
                if status in UNDER_WAY:
                    out[Section.IN_PROGRESS] += rest
                else:
                    out[Section.NO_DEADLINE] += cell.no_deadline
                    out[Section.DUE_LATER] += rest - cell.no_deadline
        return out
