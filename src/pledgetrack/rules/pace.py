"""Linear pace: how much of a target should be delivered by a date.

Between the announcement and the day the deadline falls due, the expected quantity grows in a
straight line from 0 to the target. A commitment is *behind pace* when what it reported as
delivered is less than that: 400 of 1,000 delivered with 67% of the time gone is behind (670
expected). A commitment that reports no progress is neither behind nor on pace: nothing is
known of it (``reported`` is False). Pace means nothing once a commitment is final
(fulfilled, broken, not applicable): :func:`pace` gives none then.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from pledgetrack.model.commitment import Commitment
from pledgetrack.model.status import Status

__all__ = ["Pace", "elapsed_fraction", "pace"]


def elapsed_fraction(start: dt.date, due: dt.date, as_of: dt.date) -> Decimal:
    """The share of the time from ``start`` to ``due`` gone by ``as_of``, from 0 to 1."""
    if as_of <= start:
        return Decimal(0)
    if as_of >= due or due <= start:
        return Decimal(1)
    return Decimal((as_of - start).days) / Decimal((due - start).days)


def _delivered(value: Decimal | None) -> Decimal:
    return Decimal(0) if value is None else value


@attrs.frozen
class Pace:
    """Delivered against target and against the quantity expected at a date.

    Built with ``delivered=None`` when no progress is reported: ``delivered`` reads 0 and
    ``reported`` False.
    """

    delivered: Decimal = attrs.field(converter=_delivered)
    target: Decimal
    expected: Decimal
    elapsed: Decimal
    reported: bool = True

    @property
    def share_delivered(self) -> Decimal:
        """Delivered as a share of the target (0 when the target is 0)."""
        return self.delivered / self.target if self.target else Decimal(0)

    @property
    def behind(self) -> bool:
        """True when a reported delivery is less than the expected quantity."""
        return self.reported and self.delivered < self.expected


def pace(
    commitment: Commitment,
    delivered: Decimal | None,
    as_of: dt.date,
    status: Status | None = None,
) -> Pace | None:
    """The pace of a quantified commitment with a deadline; None when it has neither, or when
    ``status`` is final. ``delivered`` is None when no progress is reported."""
    due = commitment.deadline.due
    if commitment.target is None or due is None or (status is not None and status.is_final):
        return None
    fraction = elapsed_fraction(commitment.announced, due, as_of)
    target = commitment.target.quantity
    return Pace(delivered, target, target * fraction, fraction, delivered is not None)
