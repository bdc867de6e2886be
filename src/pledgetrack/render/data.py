"""A summary as plain data and JSON, in a stable, documented shape.

The shape is versioned (``schema_version``) and described by the JSON Schema shipped next to
this module (``summary.schema.json``, read with :func:`json_schema`). Within a version, keys
are only ever added, never renamed or removed. Dates are ISO ``YYYY-MM-DD`` texts; quantities
are decimal texts (``"1000.5"``), exact; shares and scores are numbers or ``null`` when there
is nothing to compute them from.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import attrs

from pledgetrack.model import Status
from pledgetrack.model.filter import Filter
from pledgetrack.rollups.core import Item, Transitions, UnitProgress, round_like
from pledgetrack.rollups.measures import Counts, Section
from pledgetrack.rollups.summary import Summary

__all__ = ["SCHEMA_VERSION", "json_schema", "render_json", "to_data"]

SCHEMA_VERSION = 1


def _rounded(value: float | None, places: int = 6) -> float | None:
    return None if value is None else round(value, places)


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def filter_data(chosen: Filter) -> dict[str, Any]:
    """The filter's criteria that are set, by name (dates as ISO texts, lists as lists); a
    criterion left at its default (``withdrawn=False``: withdrawn commitments left out) is not
    listed."""
    out: dict[str, Any] = {}
    defaults = attrs.asdict(Filter(), recurse=False)
    for name, value in attrs.asdict(chosen, recurse=False).items():
        if value is None or (isinstance(value, tuple | list | Mapping) and not value):
            continue
        if value == defaults.get(name):
            continue
        if isinstance(value, tuple | list):
            value = [str(v) for v in value]
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, Mapping):
            value = {k: v if isinstance(v, str | int | bool) else str(v) for k, v in value.items()}
        out[name] = value
    return out


def counts_data(counts: Counts) -> dict[str, Any]:
    """The figures of one set of commitments (the whole scope or one group)."""
    compliance = counts.compliance
    return {
        "total": counts.total,
        "by_status": {status.value: counts.by_status[status] for status in Status},
        "assessed": counts.assessed,
        "unassessed": counts.unassessed,
        "unassessed_past_due": counts.unassessed_past_due,
        "overdue": counts.overdue,
        "due_soon": counts.due_soon,
        "without_deadline": counts.without_deadline,
        "fallen_due": counts.fallen_due,
        "fulfilled_of_fallen_due": counts.fulfilled_of_fallen_due,
        "fulfilment_rate": _rounded(counts.fulfilment_rate),
        "compliance": {
            "score": _rounded(compliance.score),
            "percent": _rounded(compliance.percent),
            "assessed": compliance.assessed,
            "full": compliance.full,
            "partial": compliance.partial,
            "none": compliance.none,
            "left_out": {
                "unassessed": compliance.unassessed,
                "not_applicable": compliance.not_applicable,
                "not_started_before_deadline": compliance.not_yet_due,
            },
        },
        "fulfilment_percentage": _rounded(counts.fulfilment_percentage),
        "fulfilment_rated": counts.rated,
        "fulfilment_basis": {
            "own_percent": counts.rated_own,
            "status_weights": counts.rated_by_status,
        },
        "sections": {section.value: n for section, n in counts.sections.items()},
    }


def item_data(item: Item) -> dict[str, Any]:
    """One listed commitment."""
    pace = item.pace
    return {
        "key": item.key,
        "title": item.title,
        "status": item.status.value,
        "actors": list(item.actors),
        "announced": item.announced.isoformat(),
        "due": item.due.isoformat() if item.due else None,
        "days_overdue": item.days_overdue,
        "days_past_due": item.days_past_due,
        "days_left": item.days_left,
        "unit": item.unit,
        "target": _text(pace.target) if pace else None,
        "delivered": _text(pace.delivered) if pace else None,
        "expected": _text(round_like(pace.expected, pace.target)) if pace else None,
        "behind_pace": pace.behind if pace else None,
        "progress_reported": pace.reported if pace else None,
    }


def progress_data(unit: UnitProgress) -> dict[str, Any]:
    """Quantified progress of one unit (and group)."""
    return {
        "key": dict(unit.key),
        "unit": unit.unit,
        "currency": unit.currency,
        "commitments": unit.commitments,
        "reported": unit.reported,
        "target": _text(unit.target),
        "delivered": _text(unit.delivered),
        "expected": _text(unit.expected),
        "behind_pace": unit.behind,
        "closed": unit.closed,
    }


def transitions_data(change: Transitions) -> dict[str, Any]:
    """The transition table between two dates."""
    return {
        "since": change.start.isoformat(),
        "as_of": change.end.isoformat(),
        "total": change.total,
        "changed": change.changed,
        "table": [
            {"from": t.before.value if t.before else None, "to": t.after.value, "count": t.count}
            for t in change.cells
        ],
        "moves": [
            {
                "key": m.key,
                "title": m.title,
                "from": m.before.value if m.before else None,
                "to": m.after.value,
            }
            for m in change.moves
        ],
    }


def _items(items: Mapping[Section, tuple[Item, ...]] | None) -> dict[str, Any] | None:
    if items is None:
        return None
    return {section.value: [item_data(i) for i in items.get(section, ())] for section in Section}


def to_data(summary: Summary) -> dict[str, Any]:
    """The summary as JSON-ready data, in the shape of :func:`json_schema`."""
    return {
        "schema": "pledgetrack.summary",
        "schema_version": SCHEMA_VERSION,
        "title": summary.title,
        "as_of": summary.as_of.isoformat(),
        "due_within_days": summary.due_within,
        "filter": filter_data(summary.filter),
        **counts_data(summary.counts),
        "dimensions": list(summary.dimensions),
        "groups": [{"key": dict(g.key), **counts_data(g.counts)} for g in summary.groups],
        "items": _items(summary.items),
        "item_limit": summary.item_limit,
        "timeline": [
            {
                "month": f"{b.year:04d}-{b.month:02d}",
                "fulfilled": b.fulfilled,
                "overdue": b.overdue,
                "open": b.open,
                "closed": b.closed,
                "unassessed": b.unassessed,
            }
            for b in summary.timeline
        ],
        "progress": [progress_data(p) for p in summary.progress],
        "transitions": transitions_data(summary.transitions) if summary.transitions else None,
    }


def render_json(summary: Summary, *, indent: int | None = 2) -> str:
    """The summary as JSON text (UTF-8, keys in a fixed order), ending with a newline."""
    return json.dumps(to_data(summary), indent=indent, ensure_ascii=False) + "\n"


@cache
def _schema_text() -> str:
    return resources.files("pledgetrack.render").joinpath("summary.schema.json").read_text("utf-8")


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :func:`to_data`'s output."""
    loaded: dict[str, Any] = json.loads(_schema_text())
    return loaded
