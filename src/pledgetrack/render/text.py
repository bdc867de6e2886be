"""A summary for the terminal: rich tables, plain text when written to a file or a pipe.

`rich <https://rich.readthedocs.io>`_ lays the tables out to the terminal's width, wraps long
titles and degrades to plain characters without colour, so the same code serves a terminal,
a log and a test.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from pledgetrack.render.common import (
    PROGRESS_HEADER,
    SECTION_ORDER,
    SHORT_LABELS,
    STATUS_COLOURS,
    STATUS_ORDER,
    describe_filter,
    headline,
    key_figures,
    number,
    pace_note,
    progress_note,
    progress_row,
    share,
    shorten,
    statuses_shown,
    unit_label,
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
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column("Figure", ratio=3)
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Note", style="dim", ratio=5)
    for figure in key_figures(summary):
        table.add_row(figure.name, figure.value, figure.note)
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
    table.add_column("Passed, not assessed", justify="right")
    table.add_column("Fulfilled when due", justify="right")
    for group in summary.groups:
        counts = group.counts
        table.add_row(
            *(escape("(none)" if v is None else str(v)) for v in group.values),
            number(counts.total),
            *(number(counts.by_status[s]) for s in shown),
            number(counts.overdue),
            number(counts.unassessed_past_due),
            share(counts.fulfilment_rate),
        )
    return table


def _progress_table(summary: Summary) -> Table:
    table = Table(title="Quantified targets", box=box.SIMPLE_HEAD, title_justify="left")
    words = [w for u in summary.progress for w in unit_label(u.unit, u.currency).split()]
    longest = max((len(w) for w in words), default=4)
    table.add_column(PROGRESS_HEADER[0], min_width=min(longest, 30), overflow="fold")
    for name in PROGRESS_HEADER[1:]:
        table.add_column(name, justify="right")
    for unit in summary.progress:
        row = progress_row(unit)
        table.add_row(escape(row[0]), *row[1:])
    return table


def _section_list(summary: Summary, section: Section) -> Group | None:
    """A section as a list: key, status and when on one line, the title below, indented.

    Lines wrap at spaces only, so no word (and no key) is ever split at any width.
    """
    listed = summary.listed(section)
    count = summary.counts.sections[section]
    if not count:
        return None
    title = f"{section.heading(summary.due_within)} ({number(count)})"
    lines: list[Text | Padding] = [Text(title, style="italic")]
    for item in listed:
        line = Text()
        line.append(item.key, style="bold")
        line.append("  ")
        line.append(item.status.label, style=STATUS_COLOURS[item.status])
        line.append(f"  {when(item)}")
        note = pace_note(item)
        if note:
            line.append(f"; {note}")
        lines.append(Padding(line, (0, 0, 0, 2)))
        lines.append(Padding(Text(shorten(item.title, 200), style="dim"), (0, 0, 0, 6)))
    left = summary.unlisted(section)
    if left:
        lines.append(Padding(Text(f"… and {number(left)} more", style="dim"), (0, 0, 0, 2)))
    return Group(*lines)


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
        parts += [Text(), _progress_table(summary), Text(progress_note(summary), style="dim")]
    change = _transitions_table(summary)
    if change is not None:
        parts += [Text(), _transitions_title(summary), change]
    if summary.items is not None:
        for section in SECTION_ORDER:
            table = _section_list(summary, section)
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
