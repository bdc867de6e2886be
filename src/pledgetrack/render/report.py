"""A summary as one self-contained HTML page: key figures, charts and the listed commitments.

The page needs nothing else: the style sheet is inline and the charts are inline SVG (a status
bar for the whole scope and one per group, a timeline of deadlines with the as-of date
marked). It loads no script, font, image or style from anywhere. Every text that came from
users (titles, keys, actors, group values, units) is escaped with :func:`html.escape`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from pledgetrack.model import Citation, Commitment, Status
from pledgetrack.render.common import (
    PROGRESS_HEADER,
    SECTION_ORDER,
    SHORT_LABELS,
    STATUS_COLOURS,
    STATUS_ORDER,
    TIMELINE_COLOURS,
    describe_filter,
    headline,
    key_figures,
    number,
    pace_note,
    progress_note,
    progress_row,
    score,
    share,
    shorten,
    statuses_shown,
    when,
)
from pledgetrack.rollups.core import Group, Item, TimelineBin
from pledgetrack.rollups.measures import Counts
from pledgetrack.rollups.summary import Dossier, SourceRef, Summary

if TYPE_CHECKING:
    from pledgetrack.rollups.grid import ComplianceGrid

__all__ = ["MAX_CHART_GROUPS", "render_html"]

#: groups drawn as bars (all of them are in the table below the chart)
MAX_CHART_GROUPS = 60

_CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; color: var(--ink); background: var(--bg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
header h1 { margin: 0 0 4px; font-size: 26px; }
.sub { margin: 0; color: var(--muted); }
h2 { margin: 32px 0 10px; font-size: 19px; border-bottom: 1px solid var(--line);
  padding-bottom: 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
  gap: 12px; margin-top: 20px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 10px 14px; }
.card .value { font-size: 26px; font-weight: 650; }
.card .label { color: var(--muted); font-size: 13px; }
.card.alert .value { color: #c62828; }
.card .note { margin-top: 4px; }
svg { display: block; width: 100%; height: auto; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  fill: var(--ink); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 8px 0 0; padding: 0;
  list-style: none; font-size: 13px; color: var(--muted); }
.legend span { display: inline-block; width: 11px; height: 11px; border-radius: 2px;
  margin-right: 5px; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
#group-table td { white-space: nowrap; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  word-break: break-all; }
.status { white-space: nowrap; }
.status i { display: inline-block; width: 9px; height: 9px; border-radius: 50%;
  margin-right: 5px; }
.more, .note { color: var(--muted); font-size: 13px; }
blockquote { margin: 6px 0 10px; padding: 2px 12px; border-left: 3px solid var(--line); }
blockquote p { margin: 0; }
blockquote footer { margin: 2px 0 0; font-size: 13px; }
.dossier { margin-top: 24px; }
.dossier h3 { margin: 0 0 2px; font-size: 16px; }
.dossier h4 { margin: 12px 0 4px; font-size: 14px; }
table.facts th { width: 110px; background: none; }
body > footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print { body { padding: 0; } .card { break-inside: avoid; } }
"""


def _e(text: object) -> str:
    """Escape any text for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def _status_cell(status: Status) -> str:
    colour = STATUS_COLOURS[status]
    return f'<span class="status"><i style="background:{colour}"></i>{_e(status.label)}</span>'


def _legend(entries: Iterable[tuple[str, str]]) -> str:
    items = "".join(
        f'<li><span style="background:{colour}"></span>{_e(label)}</li>'
        for label, colour in entries
    )
    return f'<ul class="legend">{items}</ul>'


def _segments(counts: Counts, x: float, width: float, y: float, height: float) -> str:
    """Rectangles of a bar split by status, in proportion to the counts."""
    total = counts.total
    if not total:
        return ""
    out = []
    left = x
    for status in STATUS_ORDER:
        count = counts.by_status[status]
        if not count:
            continue
        size = width * count / total
        out.append(
            f'<rect x="{left:.2f}" y="{y:.2f}" width="{size:.2f}" height="{height:.2f}" '
            f'fill="{STATUS_COLOURS[status]}" data-status="{status.value}">'
            f"<title>{_e(status.label)}: {number(count)} ({share(count / total)})</title></rect>"
        )
        left += size
    return "".join(out)


def _status_bar(counts: Counts) -> str:
    bar = _segments(counts, 0, 1000, 0, 32)
    return (
        f'<svg id="status-bar" viewBox="0 0 1000 32" preserveAspectRatio="none" role="img" '
        f'aria-label="Commitments by status">{bar}</svg>'
    )


def _group_bars(groups: Sequence[Group]) -> str:
    shown = groups[:MAX_CHART_GROUPS]
    row, label_width, bar_x, bar_width = 26, 290, 300, 600
    height = row * len(shown) + 4
    rows = []
    for index, group in enumerate(shown):
        y = index * row + 4
        label = shorten(group.label, 42)
        rows.append(
            f'<g class="group-bar"><text x="{label_width}" y="{y + 14}" text-anchor="end">'
            f"{_e(label)}<title>{_e(group.label)}</title></text>"
            f"{_segments(group.counts, bar_x, bar_width, y, 18)}"
            f'<text x="{bar_x + bar_width + 10}" y="{y + 14}">{number(group.counts.total)}'
            "</text></g>"
        )
    more = ""
    if len(groups) > len(shown):
        more = (
            f'<p class="more">The chart shows the first {len(shown)} of '
            f"{number(len(groups))} groups; the table has them all.</p>"
        )
    return (
        f'<svg id="group-bars" viewBox="0 0 1000 {height}" role="img" '
        f'aria-label="Commitments by status in each group">{"".join(rows)}</svg>{more}'
    )


def _bins_by_year(bins: Sequence[TimelineBin]) -> list[TimelineBin]:
    years: dict[int, list[int]] = {}
    for b in bins:
        kept = years.setdefault(b.year, [0, 0, 0, 0, 0])
        for i, value in enumerate((b.fulfilled, b.overdue, b.open, b.closed, b.unassessed)):
            kept[i] += value
    return [TimelineBin(y, 1, *values) for y, values in sorted(years.items())]


_KIND_LABELS = {
    "overdue": "overdue",
    "unassessed": "passed, not assessed",
    "open": "open",
    "fulfilled": "fulfilled",
    "closed": "closed",
}


def _timeline(bins: Sequence[TimelineBin], as_of: dt.date, today: dt.date) -> str:
    """Bars of deadlines by month (or year, over a long span), the as-of date marked."""
    first = min([b.start for b in bins] + [as_of.replace(day=1)])
    last = max([b.start for b in bins] + [as_of.replace(day=1)])
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    yearly = months > 180
    if yearly:
        bins = _bins_by_year(bins)
        slots = last.year - first.year + 1
    else:
        slots = months
    left, right, top, bottom = 40, 980, 24, 190
    slot = (right - left) / slots
    peak = max((b.total for b in bins), default=1) or 1

    def x_of(day: dt.date) -> float:
        if yearly:
            position = day.year - first.year + (day.timetuple().tm_yday - 1) / 366
        else:
            days = 31 if day.month in (1, 3, 5, 7, 8, 10, 12) else 30
            position = (day.year - first.year) * 12 + day.month - first.month + (day.day - 1) / days
        return left + position * slot

    parts = [
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#8c959f"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{number(peak)}</text>',
        f'<text x="{left - 6}" y="{bottom}" text-anchor="end">0</text>',
    ]
    for b in bins:
        x = x_of(b.start) + slot * 0.1
        width = max(slot * 0.8, 1.0)
        y = float(bottom)
        label = f"{b.year}" if yearly else f"{b.year}-{b.month:02d}"
        for kind, value in (
            ("fulfilled", b.fulfilled), ("closed", b.closed), ("open", b.open),
            ("unassessed", b.unassessed), ("overdue", b.overdue),
        ):  # fmt: skip
            if not value:
                continue
            size = (bottom - top) * value / peak
            y -= size
            parts.append(
                f'<rect x="{x:.2f}" y="{y:.2f}" width="{width:.2f}" height="{size:.2f}" '
                f'fill="{TIMELINE_COLOURS[kind]}" data-kind="{kind}">'
                f"<title>{label}: {number(value)} {_KIND_LABELS[kind]}</title></rect>"
            )
    step = 1 if slots <= 12 * 12 else 2
    for year in range(first.year, last.year + 1, step):
        x = x_of(dt.date(year, 1, 1))
        if left <= x <= right:
            parts.append(
                f'<line x1="{x:.2f}" y1="{bottom}" x2="{x:.2f}" y2="{bottom + 5}" '
                'stroke="#8c959f"/>'
                f'<text x="{x:.2f}" y="{bottom + 18}" text-anchor="middle">{year}</text>'
            )
    marker = x_of(as_of)
    word = "today" if as_of == today else f"as of {as_of.isoformat()}"
    anchor = "end" if marker > (left + right) / 2 else "start"
    shift = -5 if anchor == "end" else 5
    parts.append(
        f'<g id="as-of-marker"><line x1="{marker:.2f}" y1="{top - 14}" x2="{marker:.2f}" '
        f'y2="{bottom}" stroke="#1f2328" stroke-width="2" stroke-dasharray="5 3"/>'
        f'<text x="{marker + shift:.2f}" y="{top - 4}" text-anchor="{anchor}" '
        f'font-weight="600">{_e(word)}</text></g>'
    )
    return (
        f'<svg id="timeline" viewBox="0 0 1000 220" role="img" '
        f'aria-label="Deadlines by the month they fall due">{"".join(parts)}</svg>'
        + _legend(
            (_KIND_LABELS[k], TIMELINE_COLOURS[k])
            for k in ("overdue", "unassessed", "open", "fulfilled", "closed")
        )
    )


def _cards(summary: Summary) -> str:
    counts = summary.counts
    cards = [
        ("Commitments", number(counts.total), "", False),
        ("Fulfilled", number(counts.by_status[Status.FULFILLED]), "", False),
        *((f.name, f.value, f.note, f.alert) for f in key_figures(summary)),
    ]
    body = "".join(
        f'<div class="card{" alert" if alert else ""}"><div class="value">{_e(value)}</div>'
        f'<div class="label">{_e(label)}</div>'
        + (f'<div class="note">{_e(note)}</div>' if note else "")
        + "</div>"
        for label, value, note, alert in cards
    )
    return f'<section class="cards" id="figures">{body}</section>'


def _group_table(summary: Summary) -> str:
    shown = statuses_shown([g.counts for g in summary.groups])
    head = "".join(f"<th>{_e(d.replace('_', ' ').capitalize())}</th>" for d in summary.dimensions)
    head += '<th class="num">Total</th>'
    head += "".join(
        f'<th class="num"><span class="status"><i style="background:{STATUS_COLOURS[s]}"></i>'
        f"{_e(SHORT_LABELS[s])}</span></th>"
        for s in shown
    )
    head += '<th class="num">Overdue</th><th class="num">Passed, not assessed</th>'
    head += '<th class="num">Fulfilled when due</th>'
    head += '<th class="num">Compliance</th>'
    rows = []
    for group in summary.groups:
        counts = group.counts
        cells = "".join(f"<td>{_e('(none)' if v is None else v)}</td>" for v in group.values)
        cells += f'<td class="num">{number(counts.total)}</td>'
        cells += "".join(f'<td class="num">{number(counts.by_status[s])}</td>' for s in shown)
        cells += (
            f'<td class="num">{number(counts.overdue)}</td>'
            f'<td class="num">{number(counts.unassessed_past_due)}</td>'
            f'<td class="num">{share(counts.fulfilment_rate)}</td>'
            f'<td class="num">{score(counts.compliance.score)}</td>'
        )
        rows.append(f"<tr>{cells}</tr>")
    body = "".join(rows)
    return f'<table id="group-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _progress(summary: Summary) -> str:
    rows = []
    for p in summary.progress:
        cells = progress_row(p)
        delivered = min(p.share_delivered or 0.0, 1.0) * 200
        expected = min(p.share_expected or 0.0, 1.0) * 200
        colour = "#c62828" if p.behind else "#2e7d32"
        bar = (
            '<svg viewBox="0 0 200 14" width="200" height="14" role="img" '
            f'aria-label="delivered against expected">'
            '<rect x="0" y="2" width="200" height="10" fill="#eaeef2"/>'
            f'<rect x="0" y="2" width="{delivered:.1f}" height="10" fill="{colour}"/>'
            f'<line x1="{expected:.1f}" y1="0" x2="{expected:.1f}" y2="14" stroke="#1f2328" '
            'stroke-width="2"/></svg>'
        )
        rows.append(
            f"<tr><td>{_e(cells[0])}</td>"
            + "".join(f'<td class="num">{_e(c)}</td>' for c in cells[1:])
            + f"<td>{bar}</td></tr>"
        )
    head = f"<th>{_e(PROGRESS_HEADER[0])}</th>" + "".join(
        f'<th class="num">{_e(h)}</th>' for h in PROGRESS_HEADER[1:]
    )
    return (
        f'<table id="progress"><thead><tr>{head}'
        "<th>Delivered (bar) and expected (mark)</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<p class="note">{_e(progress_note(summary))}</p>'
    )


def _transitions(summary: Summary) -> str:
    change = summary.transitions
    if change is None:
        return ""
    rows = "".join(
        f"<tr><td>{'not yet announced' if c.before is None else _status_cell(c.before)}</td>"
        f'<td>{_status_cell(c.after)}</td><td class="num">{number(c.count)}</td></tr>'
        for c in change.cells
        if c.before != c.after
    )
    return (
        f"<h2>Changes from {change.start.isoformat()} to {change.end.isoformat()}</h2>"
        f'<p class="note">{number(change.changed)} of {number(change.total)} commitments '
        "are in another status at the end.</p>"
        '<table id="transitions"><thead><tr><th>From</th><th>To</th><th class="num">Count</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def anchor(key: str) -> str:
    """The id of a commitment's section in the report: ``c-`` and its key."""
    return "c-" + "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in key)


def _key_cell(key: str, linked: bool) -> str:
    code = f"<code>{_e(key)}</code>"
    return f'<a href="#{anchor(key)}">{code}</a>' if linked else code


def _item_row(item: Item, linked: bool) -> str:
    note = pace_note(item)
    pace = f'<br><span class="note">{_e(note)}</span>' if note else ""
    return (
        f"<tr><td>{_key_cell(item.key, linked)}</td><td>{_e(item.title)}{pace}</td>"
        f"<td>{_e(', '.join(item.actors))}</td><td>{_status_cell(item.status)}</td>"
        f"<td>{_e(when(item))}</td></tr>"
    )


def _sections(summary: Summary) -> str:
    out = []
    for section in SECTION_ORDER:
        count = summary.counts.sections[section]
        if not count:
            continue
        found = summary.dossiers or {}
        rows = "".join(_item_row(i, i.key in found) for i in summary.listed(section))
        left = summary.unlisted(section)
        more = f'<p class="more">… and {number(left)} more.</p>' if left else ""
        out.append(
            f'<section class="items" id="section-{section.value}">'
            f"<h2>{_e(section.heading(summary.due_within))} ({number(count)})</h2>"
            "<table><thead><tr><th>Key</th><th>Title</th><th>Actors</th><th>Status</th>"
            f"<th>When</th></tr></thead><tbody>{rows}</tbody></table>{more}</section>"
        )
    return "".join(out)


def _source_link(ref: SourceRef | None, key: str) -> str:
    if ref is None:
        return f"<code>{_e(key)}</code>"
    title = _e(ref.title)
    if ref.url:
        title = f'<a href="{_e(ref.url)}" rel="noopener noreferrer">{title}</a>'
    extra = ", ".join(
        x for x in (ref.publisher, ref.published.isoformat() if ref.published else None) if x
    )
    return title + (f" ({_e(extra)})" if extra else "")


def _quotes(citations: Sequence[Citation], sources: Mapping[str, SourceRef]) -> str:
    return "".join(
        f"<blockquote><p>“{_e(c.quote)}”</p><footer>— "
        f"{_source_link(sources.get(c.source), c.source)}</footer></blockquote>"
        for c in citations
    )


def _dossier(item: Item, dossier: Dossier) -> str:
    c = dossier.commitment
    facts = [
        ("Actors", ", ".join(c.actors)),
        ("Announced", c.announced.isoformat() + (f" at {c.event.name}" if c.event else "")),
        ("Deadline", _deadline_text(c)),
        ("Target", str(c.target) if c.target else ""),
        ("Status", f"{item.status.label}; {when(item)}"),
    ]
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts if v)
    history = "".join(
        f"<tr><td>{u.effective.isoformat()}</td><td>{_status_cell(u.status)}"
        + (f" <span class='note'>({_e(u.label)})</span>" if u.label else "")
        + "</td><td>"
        + ("" if u.progress is None else _e(format(u.progress, ",f")))
        + f"</td><td>{_e(u.note or '')}{_quotes(u.evidence, dossier.sources)}</td></tr>"
        for u in sorted(dossier.history, key=lambda u: u.effective)
    )
    if history:
        history = (
            "<table class='history'><thead><tr><th>Effective</th><th>Status</th>"
            f"<th>Progress</th><th>Note and evidence</th></tr></thead><tbody>{history}</tbody>"
            "</table>"
        )
    else:
        history = '<p class="note">No status update yet: not assessed.</p>'
    return (
        f'<section class="dossier" id="{anchor(c.key)}"><h3>{_e(c.title)}</h3>'
        f'<p class="note"><code>{_e(c.key)}</code></p>'
        f'<table class="facts"><tbody>{rows}</tbody></table>'
        f"<h4>Sources</h4>{_quotes(c.citations, dossier.sources)}"
        f"<h4>History</h4>{history}</section>"
    )


def _deadline_text(c: Commitment) -> str:
    deadline = c.deadline
    text = f"{deadline} (due {deadline.due.isoformat()})" if deadline.due else "none"
    if deadline.phrase:
        text += f" — “{deadline.phrase}”"
    return text


def _dossiers(summary: Summary) -> str:
    found = summary.dossiers
    if not found:
        return ""
    parts = []
    for section in SECTION_ORDER:
        for item in summary.listed(section):
            if item.key in found:
                parts.append(_dossier(item, found[item.key]))
    return (
        '<h2 id="commitments">The listed commitments in detail</h2>'
        '<p class="note">Each with its quoted sources and its dated history of assessments '
        "and evidence.</p>" + "".join(parts)
    )


def render_html(
    summary: Summary, *, today: dt.date | None = None, grid: ComplianceGrid | None = None
) -> str:
    """The summary as a self-contained HTML document (``today`` labels the as-of marker).

    With ``grid``, the page also holds the compliance grid (members × commitments).
    """
    counts = summary.counts
    criteria = describe_filter(summary)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(summary.title)} as of {summary.as_of.isoformat()}</title>",
        f"<style>{_CSS}</style></head><body>",
        f'<header><h1>{_e(summary.title)}</h1><p class="sub">{_e(headline(summary))}</p>',
    ]
    if criteria:
        parts.append(f'<p class="note">Filter: {_e("; ".join(criteria))}</p>')
    parts.append("</header>")
    if summary.total == 0:
        parts.append("<p>No commitment matches.</p>")
    else:
        parts.append(_cards(summary))
        present = [(s.label, STATUS_COLOURS[s]) for s in STATUS_ORDER if counts.by_status[s]]
        parts.append(f"<h2>By status</h2>{_status_bar(counts)}{_legend(present)}")
        if summary.dimensions:
            title = " × ".join(d.replace("_", " ") for d in summary.dimensions)
            parts.append(
                f"<h2>By {_e(title)}</h2>{_group_bars(summary.groups)}{_group_table(summary)}"
            )
        if summary.timeline:
            parts.append(
                "<h2>Deadlines</h2>"
                '<p class="note">Commitments by the month their deadline falls due, as they '
                f"stand on {summary.as_of.isoformat()}.</p>"
                + _timeline(summary.timeline, summary.as_of, today or dt.date.today())
            )
        if summary.progress:
            parts.append(
                "<h2>Quantified targets</h2>"
                '<p class="note">Delivered against target, and against a linear pace from '
                "announcement to deadline.</p>" + _progress(summary)
            )
        parts.append(_transitions(summary))
        if grid is not None and grid.rows:
            from pledgetrack.render.grid import grid_html

            parts.append(grid_html(grid))
        if summary.items is not None:
            parts.append(_sections(summary))
            parts.append(_dossiers(summary))
        else:
            parts.append(
                '<p class="note">The commitments are not listed one by one in this report.</p>'
            )
    parts.append(
        f"<footer>pledgetrack summary as of {summary.as_of.isoformat()}. A commitment without "
        "any assessment (no evidence yet) is never overdue and is left out of every score. "
        "Compliance score, over assessed commitments: +1 fulfilled, 0 partially fulfilled or "
        "under way, −1 broken or not started after the deadline. Fulfilment percentage, over "
        "assessed commitments: fulfilled 100, partially fulfilled 50, in progress 25, "
        "otherwise 0.</footer></body></html>"
    )
    return "\n".join(parts) + "\n"
