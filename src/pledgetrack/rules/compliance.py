"""Compliance scores per (commitment, actor), in the style of the G7 and G20 Research Groups.

The Research Groups score each member on each commitment +1 (full compliance), 0 (partial
compliance, or work under way) or −1 (no compliance, or action contrary to the commitment), and
average the scores per member and per commitment. pledgetrack reads the score from the
status in force for the actor as of the date (:func:`pledgetrack.rules.status.latest_update`):

========================================  =======  =======================================
status in force for the actor             score    why
========================================  =======  =======================================
``fulfilled``                             +1       full compliance
``partially_fulfilled``, ``in_progress``,  0       partial compliance, work under way
``delayed``
``broken``                                −1       no compliance, or abandoned
``not_started``, deadline passed          −1       nothing done by the deadline
``not_started``, not yet due or no        none     not yet scorable
deadline
``no_evidence`` or no update at all       none     unassessed: never scored −1
``not_applicable``                        none     left out
========================================  =======  =======================================

A cell without a score is left out of every average, and the averages say how many cells they
scored and how many they left out, and why.
"""

from __future__ import annotations

import datetime as dt
import enum

from pledgetrack.model import Status

__all__ = ["Unscored", "compliance_score"]


class Unscored(enum.StrEnum):
    """Why a cell has no score."""

    UNASSESSED = "unassessed"
    NOT_YET_DUE = "not_yet_due"
    NOT_APPLICABLE = "not_applicable"


_SCORES = {
    Status.FULFILLED: 1,
    Status.PARTIALLY_FULFILLED: 0,
    Status.IN_PROGRESS: 0,
    Status.DELAYED: 0,
    Status.BROKEN: -1,
}


def compliance_score(status: Status | None, due: dt.date | None, as_of: dt.date) -> int | Unscored:
    """The score (+1, 0, −1) of a status in force on ``as_of``, or why there is none.

    ``status`` None means no update covers the actor by then; ``due`` is the day the
    commitment's deadline falls due (None without a deadline).
    """
    if status is None or status is Status.NO_EVIDENCE:
        return Unscored.UNASSESSED
    if status is Status.NOT_APPLICABLE:
        return Unscored.NOT_APPLICABLE
    if status is Status.NOT_STARTED:
        return -1 if due is not None and due < as_of else Unscored.NOT_YET_DUE
    return _SCORES[status]
