"""pledgetrack: track public pledges, their sources, targets, deadlines and status as of any date.

>>> import pledgetrack as pt
>>> with pt.open("pledges.db") as tracker:          # doctest: +SKIP
...     tracker.status_of("china-sco-digital-training-2024", as_of="2025-12-31")

Every public name is importable from here (``from pledgetrack import Commitment``). They are
loaded when first used (:pep:`562`), so ``import pledgetrack`` and the command line start
without loading the database layer, the rollups or the migrations until a name needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pledgetrack.errors import (
        ConflictError,
        ExportError,
        NotFoundError,
        PledgetrackError,
        QuoteNotFoundError,
        SchemaTooNewError,
        StoreError,
        ValidationError,
    )
    from pledgetrack.io import ImportReport, export_path, import_path
    from pledgetrack.io.problems import ImportFailed, Place, Problem
    from pledgetrack.io.readers import UnreadableInput
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
    from pledgetrack.store.bulk import LoadReport
    from pledgetrack.store.bulk import bulk_load as load
    from pledgetrack.tracker import StatusAsOf, Tracker, open

    __version__: str

#: the module each public name is defined in (read on first use)
_WHERE: dict[str, str] = {
    **dict.fromkeys(
        (
            "ConflictError",
            "ExportError",
            "NotFoundError",
            "PledgetrackError",
            "QuoteNotFoundError",
            "SchemaTooNewError",
            "StoreError",
            "ValidationError",
        ),
        "pledgetrack.errors",
    ),
    **dict.fromkeys(
        (
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
            "Deadline",
            "Event",
            "Precision",
            "Qualifier",
            "Source",
            "Status",
            "StatusUpdate",
            "Target",
            "Vocabulary",
            "slugify",
        ),
        "pledgetrack.model",
    ),
    **dict.fromkeys(("FieldSpec", "FieldType"), "pledgetrack.model.fields"),
    **dict.fromkeys(
        ("Rollup", "Summary", "rollup", "summarize", "transitions"), "pledgetrack.rollups"
    ),
    **dict.fromkeys(("deadline_from_phrase", "find_horizon"), "pledgetrack.rules"),
    "Filter": "pledgetrack.model.filter",
    **dict.fromkeys(("ImportReport", "export_path", "import_path"), "pledgetrack.io"),
    **dict.fromkeys(("ImportFailed", "Place", "Problem"), "pledgetrack.io.problems"),
    "UnreadableInput": "pledgetrack.io.readers",
    **dict.fromkeys(("LoadReport", "load"), "pledgetrack.store.bulk"),
    **dict.fromkeys(("StatusAsOf", "Tracker", "open"), "pledgetrack.tracker"),
}
#: public names that differ from the name in their module
_RENAMED = {"load": "bulk_load"}

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
    "ExportError",
    "FieldSpec",
    "FieldType",
    "Filter",
    "ImportFailed",
    "ImportReport",
    "LoadReport",
    "NotFoundError",
    "Place",
    "PledgetrackError",
    "Precision",
    "Problem",
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
    "UnreadableInput",
    "ValidationError",
    "Vocabulary",
    "deadline_from_phrase",
    "export_path",
    "find_horizon",
    "import_path",
    "load",
    "open",
    "rollup",
    "slugify",
    "summarize",
    "transitions",
]


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use, then keep it here."""
    if name == "__version__":
        from importlib import metadata

        value: Any = metadata.version("pledgetrack")
    elif name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), _RENAMED.get(name, name))
    else:
        raise AttributeError(f"module 'pledgetrack' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "__version__"})
