"""Status as of a date, overdue and due-soon: pure functions over a commitment and its history.

The rules:

- The status of a commitment as of a date is that of its latest update effective on or
  before that date; updates effective on the same day are read in record order, the last
  recorded wins. So a correction is simply a later-recorded update.
- A commitment with no such update counts as ``no_evidence``: it is *unassessed*. Any other
  status is an assessment.
- An update may assess named actors of the commitment instead of the commitment as a whole.
  The status of the commitment *as a whole* reads only whole-commitment updates (those that
  name no actor): "Canada complied" says nothing of the other members.
- The status of a commitment *for an actor* as of a date is that of the latest update in force
  that covers the actor: one naming it, or a whole-commitment update (which covers every
  actor). Among those effective on the same day an update naming the actor wins over a
  whole-commitment one, whatever the record order; then the last recorded wins. A later
  whole-commitment update overrides earlier ones naming the actor.
- It is *overdue* as of a date when its deadline has fallen due strictly before that date
  (a year, quarter or month deadline falls due at the end of its period) and its status as of
  that date is assessed and not final (``fulfilled``, ``broken``, ``not_applicable``).
- An unassessed commitment whose deadline has fallen due is *unassessed past its deadline*,
  never overdue: no evidence either way is not a failure.
- It is *due within N days* when it is not final and its deadline falls due on the as-of date
  or in the N days after it.
- A commitment is not counted before it is announced (:func:`is_announced`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from pledgetrack.model.commitment import Commitment, StatusUpdate
from pledgetrack.model.status import Status

__all__ = [
    "covers",
    "days_overdue",
    "is_announced",
    "is_assessed",
    "is_due_within",
    "is_overdue",
    "is_unassessed_past_due",
    "latest_update",
    "status_as_of",
]


class Dated(Protocol):
    """What the choice of the update in force reads: a :class:`StatusUpdate`, or a lighter
    record of one (a lookup picks among its rows before building the one it returns)."""

    @property
    def effective(self) -> dt.date: ...

    @property
    def actors(self) -> Sequence[str]: ...

    @property
    def sequence(self) -> int | None: ...


U = TypeVar("U", bound=Dated)


def covers(update: Dated, actor: str | None) -> bool:
    """True when ``update`` assesses ``actor`` (None: the commitment as a whole).

    A whole-commitment update covers every actor; one naming actors covers only those.
    """
    if actor is None:
        return not update.actors
    return not update.actors or actor in update.actors


def latest_update(updates: Iterable[U], as_of: dt.date, actor: str | None = None) -> U | None:
    """The update in force on ``as_of``: the latest effective on or before it, ties by record order.

    Without ``actor``, only whole-commitment updates count. With ``actor``, the updates that
    cover it count, and on the same effective day one naming the actor wins over a
    whole-commitment one. Updates without a ``sequence`` keep the order in which they are given.
    """
    best: U | None = None
    best_key: tuple[dt.date, bool, int, int] | None = None
    for position, update in enumerate(updates):
        if update.effective > as_of or not covers(update, actor):
            continue
        order = update.sequence if update.sequence is not None else -1
        key = (update.effective, bool(update.actors), order, position)
        if best_key is None or key > best_key:
            best, best_key = update, key
    return best


def status_as_of(
    updates: Iterable[StatusUpdate], as_of: dt.date, actor: str | None = None
) -> Status:
    """The canonical status in force on ``as_of`` (for ``actor``); ``no_evidence`` without one."""
    update = latest_update(updates, as_of, actor)
    return Status.NO_EVIDENCE if update is None else update.status


def is_announced(commitment: Commitment, as_of: dt.date) -> bool:
    """True once the commitment has been announced."""
    return commitment.announced <= as_of


def is_assessed(status: Status) -> bool:
    """True for any status but ``no_evidence``: someone has assessed the commitment."""
    return status is not Status.NO_EVIDENCE


def is_overdue(commitment: Commitment, status: Status, as_of: dt.date) -> bool:
    """True when the deadline fell due before ``as_of`` and ``status`` is assessed, not final."""
    due = commitment.deadline.due
    return due is not None and due < as_of and is_assessed(status) and not status.is_final


def is_unassessed_past_due(commitment: Commitment, status: Status, as_of: dt.date) -> bool:
    """True when the deadline fell due before ``as_of`` and ``status`` is ``no_evidence``."""
    due = commitment.deadline.due
    return due is not None and due < as_of and not is_assessed(status)


def days_overdue(commitment: Commitment, status: Status, as_of: dt.date) -> int:
    """How many days past its due date an overdue commitment is (0 when not overdue)."""
    due = commitment.deadline.due
    if due is None or not is_overdue(commitment, status, as_of):
        return 0
    return (as_of - due).days


def is_due_within(commitment: Commitment, status: Status, as_of: dt.date, days: int) -> bool:
    """True when a not-final commitment falls due on ``as_of`` or in the ``days`` after it."""
    due = commitment.deadline.due
    if due is None or status.is_final:
        return False
    return as_of <= due <= as_of + dt.timedelta(days=days)
