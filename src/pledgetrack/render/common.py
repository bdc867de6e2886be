"""What the renderers share: status order, colours, number formats, the rows of tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from pledgetrack.model import Status
from pledgetrack.rollups.core import Group, Item, UnitProgress
from pledgetrack.rollups.measures import Counts, Section
from pledgetrack.rollups.summary import Summary

__all__ = [
    "SECTION_ORDER",
    "SHORT_LABELS",
    "STATUS_COLOURS",
    "STATUS_ORDER",
    "TIMELINE_COLOURS",
    "Figure",
    "count_row",
    "describe_filter",
    "key_figures",
    "left_out",
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
    Section.UNASSESSED,
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
    "unassessed": "#bdbdbd",
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
    """``text`` on one line, cut to at most ``width`` characters at a word boundary, with an
    ellipsis; a first word longer than ``width`` is cut only then."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def when(item: Item) -> str:
    """When an item falls due, in words: ``overdue by 12 days (due 2025-12-31)``."""
    if item.due is None:
        return "no deadline"
    if item.days_overdue:
        unit = "day" if item.days_overdue == 1 else "days"
        return f"overdue by {item.days_overdue:,} {unit} (due {item.due.isoformat()})"
    if item.section is Section.UNASSESSED:
        unit = "day" if item.days_past_due == 1 else "days"
        return (
            f"deadline passed {item.days_past_due:,} {unit} ago (due {item.due.isoformat()}); "
            "not assessed"
        )
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
        "assessed",
        "unassessed",
        "unassessed_past_due",
        "overdue",
        "due_soon",
        "without_deadline",
        "fallen_due",
        "fulfilment_rate",
        "compliance_score",
        "compliance_assessed",
        "compliance_left_out",
        "fulfilment_percentage",
        "fulfilment_rated",
        "fulfilment_rated_own_percent",
        "fulfilment_rated_by_status",
    ]


def count_row(group: Group | None, counts: Counts) -> list[Any]:
    """One row of the group table: the group's values (none for the whole scope), then figures."""
    values = list(group.values) if group is not None else []
    compliance = counts.compliance
    return [
        *values,
        counts.total,
        *(counts.by_status[s] for s in STATUS_ORDER),
        counts.assessed,
        counts.unassessed,
        counts.unassessed_past_due,
        counts.overdue,
        counts.due_soon,
        counts.without_deadline,
        counts.fallen_due,
        counts.fulfilment_rate,
        compliance.score,
        compliance.assessed,
        compliance.left_out,
        counts.fulfilment_percentage,
        counts.rated,
        counts.rated_own,
        counts.rated_by_status,
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
    withdrawn = getattr(chosen, "withdrawn", False)
    if withdrawn is not False:
        out.append("withdrawn: only" if withdrawn else "withdrawn: included")
    for name, value in chosen.custom.items():
        out.append(f"{name}: {value}")
    return out


def plural(count: int, noun: str) -> str:
    """``1 commitment``, ``2 commitments``."""
    return f"{number(count)} {noun}{'' if count == 1 else 's'}"


def left_out(parts: Sequence[tuple[int, str]]) -> str:
    """``left out: 60 unassessed, 2 not applicable`` (empty when nothing is left out)."""
    shown = [f"{number(n)} {why}" for n, why in parts if n]
    return "left out: " + ", ".join(shown) if shown else "none left out"


@attrs.frozen
class Figure:
    """One key figure of a summary: its name, its value and what it counts or leaves out."""

    name: str
    value: str
    note: str
    alert: bool = False


def key_figures(summary: Summary) -> list[Figure]:
    """The key figures every renderer shows, each with a note saying what it counts and what
    it leaves out (so an unassessed commitment never reads as failed)."""
    counts = summary.counts
    compliance = counts.compliance
    horizon = summary.as_of + dt.timedelta(days=summary.due_within)
    unassessed = counts.unassessed
    scored = plural(compliance.assessed, "assessed commitment")
    return [
        Figure(
            "Assessed",
            f"{number(counts.assessed)} of {number(counts.total)}",
            f"{number(unassessed)} without any assessment (no evidence yet): left out of "
            "every score below",
        ),
        Figure(
            "Overdue",
            number(counts.overdue),
            "assessed, not final, deadline passed",
            alert=counts.overdue > 0,
        ),
        Figure(
            "Deadline passed, not assessed",
            number(counts.unassessed_past_due),
            "no evidence either way: not counted as overdue",
        ),
        Figure(
            Section.DUE_SOON.heading(summary.due_within),
            number(counts.due_soon),
            f"not final, falling due by {horizon.isoformat()}",
        ),
        Figure("Without a deadline", number(counts.without_deadline), "any status"),
        Figure(
            "Fulfilment rate of what fell due",
            share(counts.fulfilment_rate),
            f"{number(counts.fulfilled_of_fallen_due)} of {number(counts.fallen_due)} assessed "
            f"commitments past their deadline fulfilled; "
            + left_out([(counts.unassessed_past_due, "unassessed")]),
        ),
        Figure(
            "Compliance score",
            score(compliance.score),
            f"{percent(compliance.percent)}; over {scored}"
            " (+1 fulfilled, 0 under way, −1 broken or not started after the deadline); "
            + left_out(
                [
                    (compliance.unassessed, "unassessed"),
                    (compliance.not_applicable, "not applicable"),
                    (compliance.not_yet_due, "not started before the deadline"),
                ]
            ),
        ),
        Figure(
            "Fulfilment percentage",
            percent(counts.fulfilment_percentage, 1),
            f"over {plural(counts.rated, 'assessed commitment')} rated 0–100: "
            f"{number(counts.rated_own)} by the tracker's own percentage, "
            f"{number(counts.rated_by_status)} by status weight; "
            + left_out(
                [
                    (unassessed, "unassessed"),
                    (counts.by_status[Status.NOT_APPLICABLE], "not applicable"),
                ]
            ),
        ),
    ]


def amount(value: Decimal) -> str:
    """An exact quantity in plain digits with thousands separators, never an exponent:
    ``1,980,000,000``, ``2.5``."""
    return format(value, ",f")


def unit_label(unit: str, currency: str | None) -> str:
    """The unit of a quantity in words: the currency alone when it is the unit (``USD``)."""
    if currency and unit.strip().casefold() != currency.casefold():
        return f"{currency} {unit}"
    return currency or unit


def quantity(value: Decimal, unit: str | None, currency: str | None = None) -> str:
    """``USD 4,000,000,000`` for money, ``1,000 young people`` otherwise."""
    digits = amount(value)
    if currency:
        rest = "" if not unit or unit.strip().casefold() == currency.casefold() else f" {unit}"
        return f"{currency} {digits}{rest}"
    return f"{digits} {unit}" if unit else digits


def pace_note(item: Item) -> str:
    """How a listed commitment stands against its target and pace (empty without a pace)."""
    pace = item.pace
    if pace is None:
        return ""
    target = quantity(pace.target, item.unit, item.currency)
    if not pace.reported:
        return f"no progress reported of {target}"
    state = "behind pace" if pace.behind else "on pace"
    return f"{amount(pace.delivered)} of {target} delivered ({state})"


PROGRESS_HEADER = ("Unit", "Commitments", "Target", "Delivered", "Expected by now", "Behind pace")


def progress_row(unit: UnitProgress) -> list[str]:
    """One row of the quantified targets table, in the order of :data:`PROGRESS_HEADER`."""
    return [
        unit_label(unit.unit, unit.currency),
        number(unit.commitments),
        amount(unit.target),
        (
            f"{amount(unit.delivered)} ({share(unit.share_delivered)})"
            if unit.reported
            else "none reported"
        ),
        f"{amount(unit.expected)} ({share(unit.share_expected)})",
        f"{number(unit.behind)} of {number(unit.reported)} reporting",
    ]


def progress_note(summary: Summary) -> str:
    """What the quantified targets table counts and leaves out."""
    units = summary.progress
    silent = sum(u.commitments - u.reported for u in units)
    closed = sum(u.closed for u in units)
    parts = [
        "Expected by now: a linear pace from announcement to deadline, rounded to the "
        "precision of the target",
        "amounts of different units or currencies are never added together",
        "only a commitment that reports progress can be behind pace "
        f"({plural(silent, 'commitment')} report none)",
    ]
    if closed:
        parts.append(f"{plural(closed, 'broken or not applicable commitment')} left out")
    return "; ".join(parts) + "."


def headline(summary: Summary) -> str:
    """``76 commitments as of 2026-01-01``."""
    noun = "commitment" if summary.total == 1 else "commitments"
    return f"{number(summary.total)} {noun} as of {summary.as_of.isoformat()}"
