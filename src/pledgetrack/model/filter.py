"""Which commitments to take: the :class:`Filter` every list, count and rollup reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs

from pledgetrack.errors import ValidationError
from pledgetrack.model.commitment import CustomValue
from pledgetrack.model.status import Status, to_status

__all__ = ["Filter"]


def _statuses(values: Sequence[Status | str]) -> list[str]:
    return [to_status(v, "status").value for v in values]


@attrs.frozen
class Filter:
    """Which commitments to take. Empty fields do not filter; several values in a field are OR.

    ``due_from``/``due_to`` bound the day the deadline falls due (inclusive); ``overdue`` and
    ``statuses`` are read as of the date the query is made for (overdue: assessed, not final,
    deadline passed; a commitment without assessment is never overdue). ``custom`` matches
    exact values.
    ``withdrawn`` is False by default: withdrawn commitments leave every list and count; True
    takes only them, None both.
    """

    actors: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    themes: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    events: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    statuses: tuple[str, ...] = attrs.field(default=(), converter=_statuses)
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    overdue: bool | None = None
    has_deadline: bool | None = None
    parent: str | None = None
    keys: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    custom: Mapping[str, CustomValue] = attrs.field(factory=dict, hash=False)
    announced_from: dt.date | None = None
    announced_to: dt.date | None = None
    withdrawn: bool | None = False

    def __attrs_post_init__(self) -> None:
        if self.due_from and self.due_to and self.due_from > self.due_to:
            raise ValidationError("filter", "due_to", self.due_to.isoformat(), "is before due_from")

    def needs_status(self) -> bool:
        """True when the filter reads the status as of a date."""
        return bool(self.statuses) or self.overdue is not None
