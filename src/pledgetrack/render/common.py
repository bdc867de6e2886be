"""What the renderers share: status order, colours, number formats, the rows of tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pledgetrack.model import Status
from pledgetrack.rollups.core import Group, Item
from pledgetrack.rollups.measures import Counts, Section
from pledgetrack.rollups.summary import Summary

__all__ = [
    "SECTION_ORDER",
    "SHORT_LABELS",
    "STATUS_COLOURS",
    "STATUS_ORDER",
    "TIMELINE_COLOURS",
    "count_row",
    "describe_filter",
    "number",
    "percent",
    "share",
    "shorten",
    "statuses_shown",
    "table_columns",
    "when",
]

#: canonical statuses, from done to not yet started, then the closed ones
STATUS_ORDER: tuple[Status, ...] = (
    Status.FULFILLED,
    Status.PARTIALLY_FULFILLED,
    Status.IN_PROGRESS,
    Status.DELAYED,
    Status.NOT_STARTED,
    Status.NO_EVIDENCE,
    Status.BROKEN,
    Status.NOT_APPLICABLE,
)

#: sections in the order a reader wants them
SECTION_ORDER: tuple[Section, ...] = (
    Section.OVERDUE,
    Section.DUE_SOON,
    Section.IN_PROGRESS,
    Section.FULFILLED,
    Section.NO_DEADLINE,
    Section.DUE_LATER,
    Section.CLOSED,
)

STATUS_COLOURS: dict[Status, str] = {
    Status.FULFILLED: "#2e7d32",
    Status.PARTIALLY_FULFILLED: "#8bc34a",
    Status.IN_PROGRESS: "#1e88e5",
    Status.DELAYED: "#fb8c00",
    Status.NOT_STARTED: "#9e9e9e",
    Status.NO_EVIDENCE: "#d5d5d5",
    Status.BROKEN: "#c62828",
    Status.NOT_APPLICABLE: "#795548",
}

#: short status names for the columns of group tables
SHORT_LABELS: dict[Status, str] = {
    Status.FULFILLED: "fulfilled",
    Status.PARTIALLY_FULFILLED: "partial",
    Status.IN_PROGRESS: "in progress",
    Status.DELAYED: "delayed",
    Status.NOT_STARTED: "not started",
    Status.NO_EVIDENCE: "no evidence",
    Status.BROKEN: "broken",
    Status.NOT_APPLICABLE: "n/a",
}

TIMELINE_COLOURS: dict[str, str] = {
    "fulfilled": "#2e7d32",
    "overdue": "#c62828",
    "open": "#1e88e5",
    "closed": "#9e9e9e",
}


def number(value: int) -> str:
    """A count with thousands separators: ``1,000``."""
    return f"{value:,}"


def percent(value: float | None, places: int = 0) -> str:
    """A 0–100 value as ``42%``; an em dash when there is none."""
    return "—" if value is None else f"{value:.{places}f}%"


def share(value: float | None, places: int = 0) -> str:
    """A 0–1 share as ``42%``; an em dash when there is none."""
    return "—" if value is None else f"{value * 100:.{places}f}%"


def score(value: float | None) -> str:
    """A compliance score, signed: ``+0.25``; an em dash when there is none."""
    return "—" if value is None else f"{value:+.2f}"


def shorten(text: str, width: int = 70) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def when(item: Item) -> str:
    """When an item falls due, in words: ``overdue by 12 days (due 2025-12-31)``."""
    if item.due is None:
        return "no deadline"
    if item.days_overdue:
        unit = "day" if item.days_overdue == 1 else "days"
        return f"overdue by {item.days_overdue:,} {unit} (due {item.due.isoformat()})"
    if item.days_left is not None and item.status.is_final is False:
        if item.days_left == 0:
            return f"due today ({item.due.isoformat()})"
        unit = "day" if item.days_left == 1 else "days"
        return f"due {item.due.isoformat()} (in {item.days_left:,} {unit})"
    return f"due {item.due.isoformat()}"


def statuses_shown(counts: Sequence[Counts]) -> list[Status]:
    """The statuses that occur in any of ``counts``, in :data:`STATUS_ORDER`."""
    return [s for s in STATUS_ORDER if any(c.by_status[s] for c in counts)]


def table_columns(summary: Summary) -> list[str]:
    """The columns of the group table (CSV, DataFrame): dimensions, counts, scores."""
    return [
        *summary.dimensions,
        "total",
        *(s.value for s in STATUS_ORDER),
        "overdue",
        "due_soon",
        "without_deadline",
        "fallen_due",
        "fulfilment_rate",
        "compliance_score",
        "compliance_assessed",
        "fulfilment_percentage",
    ]


def count_row(group: Group | None, counts: Counts) -> list[Any]:
    """One row of the group table: the group's values (none for the whole scope), then figures."""
    values = list(group.values) if group is not None else []
    compliance = counts.compliance
    return [
        *values,
        counts.total,
        *(counts.by_status[s] for s in STATUS_ORDER),
        counts.overdue,
        counts.due_soon,
        counts.without_deadline,
        counts.fallen_due,
        counts.fulfilment_rate,
        compliance.score,
        compliance.assessed,
        counts.fulfilment_percentage,
    ]


def group_rows(summary: Summary) -> list[list[Any]]:
    """The group table's rows: one per group, or one for the whole scope without groups."""
    if summary.dimensions:
        return [count_row(g, g.counts) for g in summary.groups]
    return [count_row(None, summary.counts)]


def describe_filter(summary: Summary) -> list[str]:
    """The filter's criteria in words, one per criterion (empty when nothing is filtered)."""
    out = []
    chosen = summary.filter
    for name in (
        "actors", "themes", "events", "statuses", "keys",
    ):  # fmt: skip
        values = getattr(chosen, name)
        if values:
            out.append(f"{name}: {', '.join(str(v) for v in values)}")
    for name in ("due_from", "due_to", "announced_from", "announced_to"):
        value = getattr(chosen, name)
        if isinstance(value, dt.date):
            out.append(f"{name.replace('_', ' ')}: {value.isoformat()}")
    for name in ("overdue", "has_deadline"):
        value = getattr(chosen, name)
        if value is not None:
            out.append(f"{name.replace('_', ' ')}: {'yes' if value else 'no'}")
    if chosen.parent:
        out.append(f"parent: {chosen.parent}")
    for name, value in chosen.custom.items():
        out.append(f"{name}: {value}")
    return out


def headline(summary: Summary) -> str:
    """``76 commitments as of 2026-01-01``."""
    noun = "commitment" if summary.total == 1 else "commitments"
    return f"{number(summary.total)} {noun} as of {summary.as_of.isoformat()}"
