"""A summary for the terminal: rich tables, plain text when written to a file or a pipe.

`rich <https://rich.readthedocs.io>`_ lays the tables out to the terminal's width, wraps long
titles and degrades to plain characters without colour, so the same code serves a terminal,
a log and a test.
"""

from __future__ import annotations

import datetime as dt
import io

from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pledgetrack.render.common import (
    SECTION_ORDER,
    SHORT_LABELS,
    STATUS_COLOURS,
    STATUS_ORDER,
    describe_filter,
    headline,
    number,
    percent,
    score,
    share,
    shorten,
    statuses_shown,
    when,
)
from pledgetrack.rollups.measures import Section
from pledgetrack.rollups.summary import Summary

__all__ = ["render_text", "summary_renderable"]


def _status_table(summary: Summary) -> Table:
    table = Table(title="By status", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Status")
    table.add_column("Count", justify="right")
    table.add_column("Share", justify="right")
    total = summary.total
    for status in STATUS_ORDER:
        count = summary.by_status[status]
        if not count:
            continue
        table.add_row(
            Text(status.label, style=STATUS_COLOURS[status]),
            number(count),
            share(count / total if total else None),
        )
    return table


def _figures(summary: Summary) -> Table:
    counts = summary.counts
    compliance = counts.compliance
    horizon = summary.as_of + dt.timedelta(days=summary.due_within)
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column("Figure")
    table.add_column("Value", justify="right")
    table.add_column("Note", style="dim")
    table.add_row("Overdue", number(counts.overdue), "not final, deadline passed")
    table.add_row(
        Section.DUE_SOON.heading(summary.due_within),
        number(counts.due_soon),
        f"not final, falling due by {horizon.isoformat()}",
    )
    table.add_row("Without a deadline", number(counts.without_deadline), "")
    table.add_row(
        "Fulfilment rate of what fell due",
        share(counts.fulfilment_rate),
        f"{number(counts.fulfilled_of_fallen_due)} of {number(counts.fallen_due)} fulfilled",
    )
    table.add_row(
        "Compliance score",
        score(compliance.score),
        f"{percent(compliance.percent)}; {number(compliance.assessed)} assessed "
        "(+1 fulfilled, 0 under way, −1 not done)",
    )
    table.add_row(
        "Fulfilment percentage",
        percent(counts.fulfilment_percentage, 1),
        f"{number(counts.rated)} rated 0–100",
    )
    return table


def _groups_table(summary: Summary) -> Table:
    shown = statuses_shown([g.counts for g in summary.groups])
    table = Table(
        title=f"By {' × '.join(summary.dimensions)}", box=box.SIMPLE_HEAD, title_justify="left"
    )
    for name in summary.dimensions:
        table.add_column(name.replace("_", " ").capitalize())
    table.add_column("Total", justify="right")
    for status in shown:
        table.add_column(Text(SHORT_LABELS[status], style=STATUS_COLOURS[status]), justify="right")
    table.add_column("Overdue", justify="right")
    table.add_column("Fulfilled when due", justify="right")
    for group in summary.groups:
        counts = group.counts
        table.add_row(
            *(escape("(none)" if v is None else str(v)) for v in group.values),
            number(counts.total),
            *(number(counts.by_status[s]) for s in shown),
            number(counts.overdue),
            share(counts.fulfilment_rate),
        )
    return table


def _progress_table(summary: Summary) -> Table:
    table = Table(title="Quantified targets", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Unit")
    table.add_column("Commitments", justify="right")
    table.add_column("Target", justify="right")
    table.add_column("Delivered", justify="right")
    table.add_column("Expected by now", justify="right")
    table.add_column("Behind pace", justify="right")
    for unit in summary.progress:
        money = f"{unit.currency} " if unit.currency else ""
        table.add_row(
            escape(shorten(f"{money}{unit.unit}", 40)),
            number(unit.commitments),
            f"{unit.target:,}",
            f"{unit.delivered:,} ({share(unit.share_delivered)})",
            f"{unit.expected.quantize(1):,} ({share(unit.share_expected)})",
            number(unit.behind),
        )
    return table


def _section_table(summary: Summary, section: Section) -> Table | None:
    listed = summary.listed(section)
    count = summary.counts.sections[section]
    if not count:
        return None
    title = f"{section.heading(summary.due_within)} ({number(count)})"
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Commitment", ratio=4)
    table.add_column("Status", ratio=1)
    table.add_column("When", ratio=2)
    for item in listed:
        progress = ""
        if item.pace is not None:
            pace = item.pace
            state = "behind pace" if pace.behind else "on pace"
            progress = f"; {pace.delivered:,} of {pace.target:,} ({state})"
        commitment = Text(item.key, style="bold", overflow="fold")
        commitment.append("\n")
        commitment.append(shorten(item.title), style="dim")
        table.add_row(
            commitment,
            Text(item.status.label, style=STATUS_COLOURS[item.status]),
            escape(when(item) + progress),
        )
    left = summary.unlisted(section)
    if left:
        table.caption = f"… and {number(left)} more"
    return table


def _transitions_title(summary: Summary) -> Text:
    change = summary.transitions
    assert change is not None
    return Text(
        f"Changes from {change.start.isoformat()} to {change.end.isoformat()}: "
        f"{number(change.changed)} of {number(change.total)} moved",
        style="italic",
    )


def _transitions_table(summary: Summary) -> Table | None:
    change = summary.transitions
    if change is None:
        return None
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("From")
    table.add_column("To")
    table.add_column("Count", justify="right")
    for cell in change.cells:
        if cell.before == cell.after:
            continue
        table.add_row(
            "not yet announced" if cell.before is None else cell.before.label,
            cell.after.label,
            number(cell.count),
        )
    return table


def summary_renderable(summary: Summary) -> Group:
    """The summary as one rich renderable, to print on any :class:`rich.console.Console`."""
    parts: list[object] = [Text(f"{summary.title}: {headline(summary)}", style="bold")]
    criteria = describe_filter(summary)
    if criteria:
        parts.append(Text("Filter: " + "; ".join(criteria), style="dim"))
    if summary.total == 0:
        parts.append(Text("No commitment matches."))
        return Group(*parts)  # type: ignore[arg-type]
    parts += [Text(), _status_table(summary), _figures(summary)]
    if summary.dimensions:
        parts += [Text(), _groups_table(summary)]
    if summary.progress:
        parts += [Text(), _progress_table(summary)]
    change = _transitions_table(summary)
    if change is not None:
        parts += [Text(), _transitions_title(summary), change]
    if summary.items is not None:
        for section in SECTION_ORDER:
            table = _section_table(summary, section)
            if table is not None:
                parts += [Text(), table]
    return Group(*parts)  # type: ignore[arg-type]


def render_text(summary: Summary, *, width: int = 100, color: bool = False) -> str:
    """The summary as terminal text, ``width`` columns wide, with ANSI colours if ``color``."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
    )
    console.print(summary_renderable(summary))
    return buffer.getvalue()
