"""CSV cells that spreadsheet programs will not run as formulas.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
spreadsheet programs as a formula (``=HYPERLINK(…)``, ``+cmd|' /C calc'!A0``, ``@SUM(…)``) and
run. Every CSV pledgetrack writes puts an apostrophe before such a cell (the OWASP rule), which
spreadsheets show as text. A plain number (``-5``, ``+1.5``, ``-2e3``) is left as it is: it
cannot run anything, and stays a number.

The exchange format (``export --format csv`` / ``zip``) also puts an apostrophe before a cell
that starts with one, so that :func:`restore` can take exactly one apostrophe off every cell
that starts with one and give back what was exported, byte for byte.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "neutralise", "restore"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(cell: str, *, reversible: bool = False) -> str:
    """``cell``, with an apostrophe before it if a spreadsheet would run it as a formula.

    With ``reversible``, a cell starting with an apostrophe gets one more, so that
    :func:`restore` undoes exactly what was done.
    """
    if not cell:
        return cell
    first = cell[0]
    if first in FORMULA_STARTS and not _NUMBER.fullmatch(cell):
        return "'" + cell
    if reversible and first == "'":
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The cell :func:`neutralise` (``reversible``) was given."""
    return cell[1:] if cell.startswith("'") else cell
