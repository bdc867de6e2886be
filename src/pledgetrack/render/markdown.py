r"""A summary as Markdown: headings, pipe tables and lists, every user text escaped.

Text that came from users (titles, actors, group values) has the characters that Markdown
reads inside a line backslash-escaped (``\ ` * _ [ ] | ~``) and ``& < >`` written as
entities, so it can never become emphasis, code, a link, an image, a table cell break or raw
HTML. Keys are slugs and are shown as code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pledgetrack.render.common import (
    PROGRESS_HEADER,
    SECTION_ORDER,
    SHORT_LABELS,
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
    when,
)
from pledgetrack.rollups.summary import Summary

__all__ = ["escape_markdown", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape_markdown(text: str) -> str:
    """``text`` safe anywhere in Markdown: special characters escaped, on one line."""
    flat = " ".join(str(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", flat)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: int = 0) -> list[str]:
    """A pipe table; the last ``right`` columns are right-aligned."""
    align = ["---"] * (len(header) - right) + ["---:"] * right
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render_markdown(summary: Summary) -> str:
    """The summary as a Markdown document."""
    counts = summary.counts
    out = [f"# {escape_markdown(summary.title)}", "", f"{headline(summary)}.", ""]
    criteria = describe_filter(summary)
    if criteria:
        out += ["Filter: " + "; ".join(escape_markdown(c) for c in criteria) + ".", ""]
    if summary.total == 0:
        return "\n".join([*out, "No commitment matches.", ""])
    total = summary.total
    rows = [
        [status.label, number(counts.by_status[status]), share(counts.by_status[status] / total)]
        for status in STATUS_ORDER
        if counts.by_status[status]
    ]
    out += ["## By status", "", *_table(["Status", "Count", "Share"], rows, right=2), ""]
    out += ["## Key figures", ""]
    out += [f"- **{f.name}:** {f.value} ({escape_markdown(f.note)})" for f in key_figures(summary)]
    out.append("")
    if summary.dimensions:
        shown = statuses_shown([g.counts for g in summary.groups])
        header = [
            *(escape_markdown(d.replace("_", " ").capitalize()) for d in summary.dimensions),
            "Total",
            *(SHORT_LABELS[s] for s in shown),
            "Overdue",
            "Passed, not assessed",
            "Fulfilled when due",
        ]
        rows = [
            [
                *(escape_markdown("(none)" if v is None else str(v)) for v in g.values),
                number(g.counts.total),
                *(number(g.counts.by_status[s]) for s in shown),
                number(g.counts.overdue),
                number(g.counts.unassessed_past_due),
                share(g.counts.fulfilment_rate),
            ]
            for g in summary.groups
        ]
        title = " × ".join(summary.dimensions)
        out += [f"## By {escape_markdown(title)}", ""]
        out += [*_table(header, rows, right=len(shown) + 4), ""]
    if summary.progress:
        rows = [[escape_markdown(r[0]), *r[1:]] for r in map(progress_row, summary.progress)]
        out += ["## Quantified targets", "", *_table(PROGRESS_HEADER, rows, right=5), ""]
        out += [escape_markdown(progress_note(summary)), ""]
    change = summary.transitions
    if change is not None:
        rows = [
            [
                "not yet announced" if c.before is None else c.before.label,
                c.after.label,
                number(c.count),
            ]
            for c in change.cells
            if c.before != c.after
        ]
        out += [
            f"## Changes from {change.start.isoformat()} to {change.end.isoformat()}",
            "",
            f"{number(change.changed)} of {number(change.total)} commitments moved.",
            "",
        ]
        if rows:
            out += [*_table(["From", "To", "Count"], rows, right=1), ""]
    if summary.items is not None:
        for section in SECTION_ORDER:
            count = counts.sections[section]
            if not count:
                continue
            out += [f"## {section.heading(summary.due_within)} ({number(count)})", ""]
            for item in summary.listed(section):
                note = pace_note(item)
                out.append(
                    f"- `{item.key}` {escape_markdown(shorten(item.title, 100))} — "
                    f"{item.status.label}, {escape_markdown(when(item))}"
                    + (f"; {escape_markdown(note)}" if note else "")
                )
            left = summary.unlisted(section)
            if left:
                out.append(f"- … and {number(left)} more")
            out.append("")
    return "\n".join(out)
