"""Rollups as of any date, computed in the database, and the :class:`Summary` built from them.

>>> import pledgetrack as pt
>>> from pledgetrack.rollups import rollup, summarize
>>> with pt.open("pledges.db") as tracker:                       # doctest: +SKIP
...     by_theme = rollup(tracker, by=["theme"], as_of="2025-12-31")
...     summary = summarize(tracker, as_of="2025-12-31", by=["actor"])

The formulas (overdue, fulfilment rate, compliance score, fulfilment percentage, pace) are in
:mod:`pledgetrack.rollups.measures` and ``docs/rollups.md``.
"""

from pledgetrack.rollups.core import (
    DEFAULT_DUE_WITHIN,
    Group,
    Item,
    Move,
    Rollup,
    TimelineBin,
    Transition,
    Transitions,
    UnitProgress,
    items,
    progress,
    resolve_as_of,
    rollup,
    status_at,
    timeline,
    transitions,
)
from pledgetrack.rollups.dimensions import DIMENSIONS, Dimension, KeyValue, parse_dimension
from pledgetrack.rollups.measures import (
    FULFILMENT_POINTS,
    UNDER_WAY,
    Compliance,
    Counts,
    Section,
    StatusCell,
)
from pledgetrack.rollups.summary import (
    DETAIL_THRESHOLD,
    Dossier,
    SourceRef,
    Summary,
    dossiers,
    summarize,
)

__all__ = [
    "DEFAULT_DUE_WITHIN",
    "DETAIL_THRESHOLD",
    "DIMENSIONS",
    "FULFILMENT_POINTS",
    "UNDER_WAY",
    "Compliance",
    "Counts",
    "Dimension",
    "Dossier",
    "Group",
    "Item",
    "KeyValue",
    "Move",
    "Rollup",
    "Section",
    "SourceRef",
    "StatusCell",
    "Summary",
    "TimelineBin",
    "Transition",
    "Transitions",
    "UnitProgress",
    "dossiers",
    "items",
    "parse_dimension",
    "progress",
    "resolve_as_of",
    "rollup",
    "status_at",
    "summarize",
    "timeline",
    "transitions",
]
