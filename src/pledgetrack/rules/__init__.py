"""Status rules: pure functions of a commitment, its history and a date."""

from pledgetrack.rules.horizons import Horizon, deadline_from_phrase, find_horizon
from pledgetrack.rules.pace import Pace, elapsed_fraction, pace
from pledgetrack.rules.status import (
    days_overdue,
    is_announced,
    is_assessed,
    is_due_within,
    is_overdue,
    is_unassessed_past_due,
    latest_update,
    status_as_of,
)

__all__ = [
    "Horizon",
    "Pace",
    "days_overdue",
    "deadline_from_phrase",
    "elapsed_fraction",
    "find_horizon",
    "is_announced",
    "is_assessed",
    "is_due_within",
    "is_overdue",
    "is_unassessed_past_due",
    "latest_update",
    "pace",
    "status_as_of",
]
