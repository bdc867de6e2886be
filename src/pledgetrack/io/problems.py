"""What went wrong in an import, and where: the file, the row, the column, the value and why.

An import collects every :class:`Problem` before it writes anything; if there is one, it
raises :class:`ImportFailed` carrying them all, and the store is left as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from pledgetrack.errors import PledgetrackError, ValidationError, quoted

__all__ = ["ImportFailed", "Place", "Problem", "Problems"]


@attrs.frozen
class Place:
    """Where a value came from: a file, a row in it (a line number or a JSON path), a column."""

    file: str | None = None
    row: str | None = None
    column: str | None = None

    def at(self, column: str | None) -> Place:
        """The same place, in ``column``."""
        return Place(self.file, self.row, column)

    def __str__(self) -> str:
        row = f"row {quoted(self.row, as_text=True)}" if self.row else None
        parts = [p for p in (self.file, row) if p]
        if self.column:
            parts.append(f"column {quoted(self.column)}")
        return ", ".join(parts) or "input"


@attrs.frozen
class Problem:
    """One reason the input cannot be imported, and its place."""

    place: Place
    reason: str
    value: Any = None
    record: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        what = []
        if self.record:
            what.append(quoted(self.record, as_text=True))
        if self.field:
            what.append(f"field {quoted(self.field)}")
        shown = "" if self.value is None else f" {_shown(self.value)}"
        target = f" ({', '.join(what)})" if what else ""
        return f"{self.place}{target}:{shown} {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        """The problem as plain data (for JSON output)."""
        return {
            "file": self.place.file,
            "row": self.place.row,
            "column": self.place.column,
            "record": self.record,
            "field": self.field,
            "value": None if self.value is None else quoted(self.value, as_text=True),
            "reason": self.reason,
        }


def _shown(value: object) -> str:
    """A value as a problem quotes it: a scalar as its quoted text, cut short; data briefly."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return quoted(value)
    if isinstance(value, int | float | Decimal | dt.date):
        return quoted(str(value))
    return quoted(value)


class ImportFailed(PledgetrackError):
    """The input has problems; nothing was written. ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = "\n".join(f"  {p}" for p in self.problems[:20])
        more = f"\n  … and {count - 20} more" if count > 20 else ""
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun}; nothing was imported:\n{head}{more}")


class Problems:
    """A collector of problems, for code that must report them all at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(
        self,
        place: Place,
        reason: str,
        value: Any = None,
        *,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        """Note one problem."""
        self.items.append(Problem(place, reason, value, record, field))

    def from_error(self, place: Place, err: ValidationError, record: str | None = None) -> None:
        """Note a validation error raised while building a record at ``place``."""
        self.items.append(Problem(place, err.reason, err.value, err.record or record, err.field))

    def extend(self, problems: Iterable[Problem]) -> None:
        """Note several problems."""
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self) -> None:
        """Raise :class:`ImportFailed` with every problem noted (by file and row), if any."""
        if self.items:
            raise ImportFailed(sorted(self.items, key=_order))


def _order(problem: Problem) -> tuple[str, list[tuple[int, str]]]:
    """Problems by file, then row in natural order (row 9 before row 10, [2] before [10])."""
    row = problem.place.row or ""
    parts = [(int(p), "") if p.isdigit() else (-1, p) for p in re.split(r"(\d+)", row) if p]
    return problem.place.file or "", parts
