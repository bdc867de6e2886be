"""Reading one sheet of a spreadsheet (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) as an input table.

The cells are read with python-calamine (a binding of the Rust ``calamine`` reader), which
reads a 20,000-row sheet several times faster than openpyxl's read-only mode (see
docs/performance.md) and needs no Excel. A sheet is chosen by name or by position (0 is the
first); the header row is row 1 unless ``header`` says another (a title above the table).

Cells come as the spreadsheet holds them: texts NFC-normalised and stripped, an empty cell
has no value, a whole number is an integer, another number an exact decimal of the shortest
text that gives back the stored binary number (``120.5``, never ``120.49999…``), a date cell a
date, a time-of-day cell a text. Each row's place is its row number in the sheet.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from pledgetrack.io.problems import Place, Problems
from pledgetrack.io.readers import Row, Table, normalise

__all__ = ["SPREADSHEET_FORMATS", "read_sheet"]

#: the formats (file name endings) read as spreadsheets
SPREADSHEET_FORMATS = frozenset({"xlsx", "xlsm", "xlsb", "xls", "ods"})


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return Decimal(repr(value))
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return normalise(value)


def read_sheet(
    name: str,
    path: Path,
    problems: Problems,
    *,
    sheet: str | int | None = None,
    header: int = 1,
    label: str | None = None,
) -> Table:
    """The rows of one sheet of the spreadsheet ``path``; problems are noted.

    ``sheet`` is the sheet's name or position (default: the first); ``header`` the row number
    (from 1) of the header row; the rows below it are the records.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    file = label or path.name
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as err:
        problems.add(Place(file), f"cannot be read as a spreadsheet: {err}")
        return Table(name, file, ())
    names = list(workbook.sheet_names)
    chosen = names[0] if sheet is None and names else sheet
    if isinstance(chosen, int) and not isinstance(chosen, bool):
        if not 0 <= chosen < len(names):
            problems.add(
                Place(file),
                f"has no sheet {chosen} (it has {len(names)}: {', '.join(map(repr, names))})",
                chosen,
                field="sheet",
            )
            return Table(name, file, ())
        chosen = names[chosen]
    if chosen not in names:
        problems.add(
            Place(file),
            f"has no sheet of that name; its sheets: {', '.join(map(repr, names))}",
            chosen,
            field="sheet",
        )
        return Table(name, file, ())
    cells = workbook.get_sheet_by_name(str(chosen)).to_python(skip_empty_area=False)
    place = f"{file} [{chosen}]"
    if len(cells) < header:
        problems.add(Place(place), f"has no row {header} (the header row)")
        return Table(name, place, ())
    head = [_cell(h) for h in cells[header - 1]]
    columns = [str(h) if h is not None else "" for h in head]
    while columns and columns[-1] == "":
        columns.pop()
    for position, column in enumerate(columns, start=1):
        if column == "":
            problems.add(Place(place, str(header)), f"header cell {position} is empty")
        elif columns.index(column) != position - 1:
            problems.add(Place(place, str(header), column), "the column name is repeated")
    rows: list[Row] = []
    width = len(columns)
    for number, raw in enumerate(cells[header:], start=header + 1):
        values = [_cell(v) for v in raw]
        if all(v is None for v in values):
            continue
        extra = [v for v in values[width:] if v is not None]
        if extra:
            problems.add(
                Place(place, str(number)),
                f"has a value beyond the {width} columns the header names",
                extra[0],
            )
            continue
        rows.append(
            Row(
                Place(place, str(number)),
                {col: values[i] if i < len(values) else None for i, col in enumerate(columns)},
            )
        )
    above = {
        f"{_letters(col)}{row}": value
        for row, raw in enumerate(cells[: header - 1], start=1)
        for col, cell in enumerate(raw, start=1)
        if (value := _cell(cell)) is not None
    }
    return Table(name, place, tuple(rows), tuple(columns), document=above)


def _letters(column: int) -> str:
    """A column's letters as spreadsheets name it: 1 is ``A``, 27 is ``AA``."""
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(ord("A") + rest) + out
    return out
