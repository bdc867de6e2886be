"""The compliance grid for people and programs: JSON data, CSV, plain text, an HTML table.

Scores print signed (``+1``, ``0``, ``−1`` in text and HTML; ``1``, ``0``, ``-1`` in CSV and
JSON). A cell without a score is empty in CSV and the published-grid style, and says why in
JSON (``unscored``: ``unassessed``, ``not_yet_due`` or ``not_applicable``) and in text and
HTML (``·`` unassessed, ``…`` not yet due, ``n/a`` not applicable). A member that is not an
actor of a commitment has no cell there (JSON ``null``, CSV empty, text and HTML ``–``).
Averages are rounded half-even to two places; ``sum`` and ``scored`` give them exactly.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from typing import Any

from pledgetrack.rollups.grid import Average, Cell, ComplianceGrid
from pledgetrack.rules.compliance import Unscored

__all__ = ["grid_csv", "grid_html", "grid_text", "grid_to_data"]

_MARKS = {Unscored.UNASSESSED: "·", Unscored.NOT_YET_DUE: "…", Unscored.NOT_APPLICABLE: "n/a"}
_ABSENT = "–"

LEGEND = (
    "+1 fulfilled; 0 partially fulfilled, in progress or delayed; −1 broken, or not started "
    "after the deadline. · unassessed (no evidence), … not started and not yet due, "
    "n/a not applicable, – not an actor of the commitment: all left out of the averages."
)


def _average(average: Average) -> dict[str, Any]:
    score = average.score
    return {
        "score": None if score is None else str(score),
        "sum": average.sum,
        "scored": average.scored,
        "full": average.full,
        "partial": average.partial,
        "none": average.none,
        "unassessed": average.unassessed,
        "not_yet_due": average.not_yet_due,
        "not_applicable": average.not_applicable,
    }


def _cell(cell: Cell | None) -> dict[str, Any] | None:
    if cell is None:
        return None
    return {
        "status": None if cell.status is None else cell.status.value,
        "since": None if cell.since is None else cell.since.isoformat(),
        "percent": None if cell.percent is None else str(cell.percent),
        "score": cell.score,
        "unscored": None if cell.unscored is None else cell.unscored.value,
    }


def grid_to_data(grid: ComplianceGrid) -> dict[str, Any]:
    """The grid as JSON-ready data: members, one row per commitment, averages."""
    return {
        "as_of": grid.as_of.isoformat(),
        "members": list(grid.members),
        "commitments": [
            {
                "key": row.key,
                "title": row.title,
                "due": None if row.due is None else row.due.isoformat(),
                "cells": {m: _cell(c) for m, c in zip(grid.members, row.cells, strict=True)},
                "average": _average(row.average),
            }
            for row in grid.rows
        ],
        "member_averages": {m: _average(grid.member_average(m)) for m in grid.members},
        "overall": _average(grid.overall),
    }


def grid_json(grid: ComplianceGrid, *, indent: int | None = 2) -> str:
    """The grid as JSON text (:func:`grid_to_data`), ending with a newline."""
    return json.dumps(grid_to_data(grid), indent=indent, ensure_ascii=False) + "\n"


def _signed(score: int | None) -> str:
    return "" if score is None else ("+1" if score > 0 else str(score))


def grid_csv(grid: ComplianceGrid) -> str:
    """The grid as published: a row per commitment, a column per member, then the averages.

    Columns: ``key, title, <members…>, average, scored, left_out``; the last row, keyed
    ``average``, holds each member's average (``scored`` and ``left_out`` overall).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["key", "title", *grid.members, "average", "scored", "left_out"])
    for row in grid.rows:
        average = row.average
        writer.writerow(
            [
                row.key,
                row.title,
                *(_signed(c.score) if c is not None else "" for c in row.cells),
                _score(average),
                average.scored,
                average.left_out,
            ]
        )
    overall = grid.overall
    writer.writerow(
        [
            "average",
            "",
            *(_score(grid.member_average(m)) for m in grid.members),
            _score(overall),
            overall.scored,
            overall.left_out,
        ]
    )
    return buffer.getvalue()


def _score(average: Average) -> str:
    score = average.score
    return "" if score is None else (f"+{score}" if score > 0 else str(score))


def _mark(cell: Cell | None) -> str:
    if cell is None:
        return _ABSENT
    if cell.unscored is not None:
        return _MARKS[cell.unscored]
    return _signed(cell.score).replace("-", "−")


def grid_text(grid: ComplianceGrid) -> str:
    """The grid as aligned plain text, members as columns, with a legend."""
    if not grid.rows:
        return f"Compliance grid as of {grid.as_of.isoformat()}: no commitment matches.\n"
    key_width = max(len("average"), *(len(row.key) for row in grid.rows))
    widths = [max(5, len(m)) for m in grid.members]
    head = "  ".join(
        [
            "commitment".ljust(key_width),
            *(m.rjust(w) for m, w in zip(grid.members, widths, strict=True)),
            "average",
            "scored",
        ]
    )
    lines = [f"Compliance grid as of {grid.as_of.isoformat()}", "", head]
    for row in grid.rows:
        average = row.average
        cells = (_mark(c).rjust(w) for c, w in zip(row.cells, widths, strict=True))
        lines.append(
            "  ".join(
                [
                    row.key.ljust(key_width),
                    *cells,
                    _score(average).replace("-", "−").rjust(7),
                    f"{average.scored}/{average.scored + average.left_out}".rjust(6),
                ]
            )
        )
    overall = grid.overall
    members = (
        _score(grid.member_average(m)).replace("-", "−").rjust(w)
        for m, w in zip(grid.members, widths, strict=True)
    )
    lines.append(
        "  ".join(
            [
                "average".ljust(key_width),
                *members,
                _score(overall).replace("-", "−").rjust(7),
                f"{overall.scored}/{overall.scored + overall.left_out}".rjust(6),
            ]
        )
    )
    lines += ["", LEGEND]
    return "\n".join(lines) + "\n"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_cell(cell: Cell | None) -> str:
    if cell is None:
        return f'<td class="num" title="not an actor">{_ABSENT}</td>'
    if cell.status is None:
        why = "no update"
    else:
        why = cell.status.label + (f" since {cell.since.isoformat()}" if cell.since else "")
    if cell.unscored is not None:
        why += f" ({cell.unscored.value.replace('_', ' ')})"
    return f'<td class="num" title="{_e(why)}">{_e(_mark(cell))}</td>'


def grid_html(grid: ComplianceGrid, *, anchor: Callable[[str], str] | None = None) -> str:
    """The grid as an HTML section (a table with averages per member and per commitment).

    ``anchor`` gives, for a commitment key, the id of its section elsewhere on the page; each
    row then links to it.
    """
    members = "".join(f'<th class="num">{_e(m)}</th>' for m in grid.members)
    head = f'<tr><th>Commitment</th>{members}<th class="num">Average</th></tr>'
    body = []
    for row in grid.rows:
        average = row.average
        cells = "".join(_html_cell(c) for c in row.cells)
        key = f"<code>{_e(row.key)}</code>"
        if anchor is not None:
            key = f'<a href="#{_e(anchor(row.key))}">{key}</a>'
        body.append(
            f"<tr><td>{key} {_e(row.title)}</td>{cells}"
            f'<td class="num">{_e(_score(average).replace("-", "−"))}</td></tr>'
        )
    averages = "".join(
        f'<td class="num">{_e(_score(grid.member_average(m)).replace("-", "−"))}</td>'
        for m in grid.members
    )
    overall = grid.overall
    foot = (
        f"<tr><th>Average</th>{averages}"
        f'<td class="num">{_e(_score(overall).replace("-", "−"))}</td></tr>'
    )
    return (
        '<section id="compliance-grid"><h2>Compliance by member</h2>'
        f'<p class="note">As of {grid.as_of.isoformat()}; {overall.scored} cells scored, '
        f"{overall.left_out} left out. {_e(LEGEND)}</p>"
        f'<table id="grid-table"><thead>{head}</thead><tbody>{"".join(body)}</tbody>'
        f"<tfoot>{foot}</tfoot></table></section>"
    )
