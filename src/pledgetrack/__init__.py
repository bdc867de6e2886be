"""pledgetrack: track public pledges, their sources, targets, deadlines and status as of any date.

>>> import pledgetrack as pt
>>> with pt.open("pledges.db") as tracker:          # doctest: +SKIP
...     tracker.status_of("china-sco-digital-training-2024", as_of="2025-12-31")
"""

from importlib import metadata as _metadata

from pledgetrack.errors import (
    ConflictError,
    NotFoundError,
    PledgetrackError,
    QuoteNotFoundError,
    SchemaTooNewError,
    StoreError,
    ValidationError,
)
from pledgetrack.model import (
    CANONICAL,
    FINAL_STATUSES,
    NO_DEADLINE,
    PROGRESS_TRACKER,
    PROMISE_METER,
    VOCABULARIES,
    Amendment,
    Basis,
    Change,
    Citation,
    Commitment,
    Deadline,
    Event,
    Precision,
    Qualifier,
    Source,
    Status,
    StatusUpdate,
    Target,
    Vocabulary,
    slugify,
)
from pledgetrack.model.fields import FieldSpec, FieldType
from pledgetrack.model.filter import Filter
from pledgetrack.rollups import Rollup, Summary, rollup, summarize, transitions
from pledgetrack.rules import deadline_from_phrase, find_horizon
from pledgetrack.tracker import StatusAsOf, Tracker, open

__version__ = _metadata.version("pledgetrack")

__all__ = [
    "CANONICAL",
    "FINAL_STATUSES",
    "NO_DEADLINE",
    "PROGRESS_TRACKER",
    "PROMISE_METER",
    "VOCABULARIES",
    "Amendment",
    "Basis",
    "Change",
    "Citation",
    "Commitment",
    "ConflictError",
    "Deadline",
    "Event",
    "FieldSpec",
    "FieldType",
    "Filter",
    "NotFoundError",
    "PledgetrackError",
    "Precision",
    "Qualifier",
    "QuoteNotFoundError",
    "Rollup",
    "SchemaTooNewError",
    "Source",
    "Status",
    "StatusAsOf",
    "StatusUpdate",
    "StoreError",
    "Summary",
    "Target",
    "Tracker",
    "ValidationError",
    "Vocabulary",
    "deadline_from_phrase",
    "find_horizon",
    "open",
    "rollup",
    "slugify",
    "summarize",
    "transitions",
]
