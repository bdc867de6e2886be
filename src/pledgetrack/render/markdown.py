r"""A summary as Markdown: headings, pipe tables and lists, every user text escaped.

Text that came from users (titles, actors, group values) has the characters that Markdown
reads inside a line backslash-escaped (``\ ` * _ [ ] | ~``) and ``& < >`` written as
entities, so it can never become emphasis, code, a link, an image, a table cell break or raw
HTML. Keys are slugs and are shown as code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from pledgetrack.render.common import (
    SECTION_ORDER,
    SHORT_LABELS,
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
    compliance = counts.compliance
    horizon = summary.as_of + dt.timedelta(days=summary.due_within)
    out += [
        "## Key figures",
        "",
        f"- **Overdue:** {number(counts.overdue)} (not final, deadline passed)",
        f"- **Due by {horizon.isoformat()}:** {number(counts.due_soon)}",
        f"- **Without a deadline:** {number(counts.without_deadline)}",
        f"- **Fulfilment rate of what fell due:** {share(counts.fulfilment_rate)} "
        f"({number(counts.fulfilled_of_fallen_due)} of {number(counts.fallen_due)})",
        f"- **Compliance score:** {score(compliance.score)} ({percent(compliance.percent)}, "
        f"{number(compliance.assessed)} assessed)",
        f"- **Fulfilment percentage:** {percent(counts.fulfilment_percentage, 1)} "
        f"({number(counts.rated)} rated)",
        "",
    ]
    if summary.dimensions:
        shown = statuses_shown([g.counts for g in summary.groups])
        header = [
            *(escape_markdown(d.replace("_", " ").capitalize()) for d in summary.dimensions),
            "Total",
            *(SHORT_LABELS[s] for s in shown),
            "Overdue",
            "Fulfilled when due",
        ]
        rows = [
            [
                *(escape_markdown("(none)" if v is None else str(v)) for v in g.values),
                number(g.counts.total),
                *(number(g.counts.by_status[s]) for s in shown),
                number(g.counts.overdue),
                share(g.counts.fulfilment_rate),
            ]
            for g in summary.groups
        ]
        title = " × ".join(summary.dimensions)
        out += [f"## By {escape_markdown(title)}", ""]
        out += [*_table(header, rows, right=len(shown) + 3), ""]
    if summary.progress:
        rows = [
            [
                escape_markdown(f"{p.currency + ' ' if p.currency else ''}{p.unit}"),
                number(p.commitments),
                f"{p.target:,}",
                f"{p.delivered:,} ({share(p.share_delivered)})",
                f"{p.expected.quantize(1):,} ({share(p.share_expected)})",
                number(p.behind),
            ]
            for p in summary.progress
        ]
        header = ["Unit", "Commitments", "Target", "Delivered", "Expected by now", "Behind pace"]
        out += ["## Quantified targets", "", *_table(header, rows, right=5), ""]
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
                out.append(
                    f"- `{item.key}` {escape_markdown(shorten(item.title, 100))} — "
                    f"{item.status.label}, {escape_markdown(when(item))}"
                )
            left = summary.unlisted(section)
            if left:
                out.append(f"- … and {number(left)} more")
            out.append("")
    return "\n".join(out)
