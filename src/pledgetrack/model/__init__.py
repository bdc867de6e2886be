"""The domain model: attrs value objects and entities. Nothing here knows the database."""

from pledgetrack.model.commitment import (
    Commitment,
    CustomValue,
    StatusUpdate,
    build_commitment,
    slugify,
    sort_history,
)
from pledgetrack.model.sources import Citation, Source, content_hash, find_quote
from pledgetrack.model.status import (
    CANONICAL,
    FINAL_STATUSES,
    PROGRESS_TRACKER,
    PROMISE_METER,
    VOCABULARIES,
    Status,
    Vocabulary,
    to_status,
)
from pledgetrack.model.values import (
    NO_DEADLINE,
    Basis,
    Deadline,
    Event,
    Precision,
    Qualifier,
    Target,
    to_date,
    to_quantity,
)

__all__ = [
    "CANONICAL",
    "FINAL_STATUSES",
    "NO_DEADLINE",
    "PROGRESS_TRACKER",
    "PROMISE_METER",
    "VOCABULARIES",
    "Basis",
    "Citation",
    "Commitment",
    "CustomValue",
    "Deadline",
    "Event",
    "Precision",
    "Qualifier",
    "Source",
    "Status",
    "StatusUpdate",
    "Target",
    "Vocabulary",
    "build_commitment",
    "content_hash",
    "find_quote",
    "slugify",
    "sort_history",
    "to_date",
    "to_quantity",
    "to_status",
]
