"""JSONPath (RFC 9535) for mapping files: which records of a document to read, which rows to keep.

Two uses, one language (the standard's, through the ``jsonpath-rfc9535`` library):

- ``records:`` selects the records of a JSON or YAML file, filters included:
  ``$.data[?@.type == 'promise']``, ``$[?@.model == 'promises.promise']``. A path without
  ``$`` is read from the root (``tables.promises[*]``).
- ``where:`` (on a table, a rule, or a value as ``when:``) is a filter expression tested
  on each row: ``@.letter``, ``@.status != 'Not rated'``, ``@['Lead ministry'] == 'Health'
  && @.year >= 2021``, ``match(@.No, '[0-9]+[a-z]')``. An empty cell has no value, so
  ``@.letter`` is true exactly when the cell ``letter`` is not empty.

In filters, numbers compare as numbers (exact decimals included) and dates as ISO texts.
A query that cannot be read is reported with the position of the mistake.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the library is loaded by the first query compiled, not at start-up
    import jsonpath_rfc9535

__all__ = ["PARENT", "RowFilter", "compile_query", "dotted", "select_records"]

#: the name under which a nested record sees the plain values of the record it is inside
PARENT = "^"

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def compile_query(text: str) -> jsonpath_rfc9535.JSONPathQuery:
    """The query ``text`` (``$`` is assumed in front of a path that lacks it).

    ValueError naming the line and column of the mistake when it cannot be read.
    """
    import jsonpath_rfc9535
    from jsonpath_rfc9535.exceptions import JSONPathError

    query = text.strip()
    if not query.startswith("$"):
        query = "$" + ("" if query.startswith("[") else ".") + query
    try:
        return jsonpath_rfc9535.compile(query)
    except JSONPathError as err:
        raise ValueError(f"is not a JSONPath query (RFC 9535): {err}") from None


def _plain(value: Any) -> Any:
    """``value`` as the JSON data filters compare: decimals as numbers, dates as ISO texts."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def dotted(location: tuple[str | int, ...]) -> str:
    """A node's place as a readable path: ``$.tables.promises[3]``, ``$['a name'][0]``."""
    out = "$"
    for step in location:
        if isinstance(step, int):
            out += f"[{step}]"
        elif _NAME.fullmatch(step):
            out += f".{step}"
        else:
            out += "['" + step.replace("\\", "\\\\").replace("'", "\\'") + "']"
    return out


def select_records(document: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every value the query ``path`` reaches in ``document``, with its place.

    Filters see the document as JSON data (see :func:`_plain`); the values returned are
    the document's own (exact decimals kept). ValueError when ``path`` cannot be read.
    """
    query = compile_query(path)
    view = _plain(document) if "?" in path else document
    for node in query.finditer(view):
        location = tuple(node.location)
        value: Any = document
        outer: Any = None
        for position, step in enumerate(location):
            if position and isinstance(location[position - 1], int) and isinstance(value, Mapping):
                outer = value
            value = value[step]
        if outer is not None and isinstance(value, Mapping) and PARENT not in value:
            scalars = {k: v for k, v in outer.items() if not isinstance(v, list | Mapping)}
            value = {**value, PARENT: scalars}
        yield dotted(location), value


_EXISTS = re.compile(r"""@(?:\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)|\['(?P<quoted>[^'\\]*)'\])""")


class RowFilter:
    """A filter expression tested on one row (a mapping of column → value)."""

    def __init__(self, expression: str) -> None:
        text = expression.strip()
        if text.startswith("$[?") and text.endswith("]"):
            text = text[3:-1]
        elif text.startswith("?"):
            text = text[1:]
        self.expression = expression
        # the commonest filter, a test that a column has a value (``@.Letter``), read directly
        # (a row holds no empty value: an empty cell is None, left out of the row tested), and
        # never compiled: it is a valid query as it stands; any other is compiled here, so a
        # mistake is reported when the mapping is read
        exists = _EXISTS.fullmatch(text.strip())
        self._exists = (exists["name"] or exists["quoted"]) if exists else None
        self._query = None if self._exists is not None else compile_query(f"$[?{text}]")

    def matches(self, values: Mapping[str, Any]) -> bool:
        """True when the row passes the filter."""
        if self._exists is not None:
            return values.get(self._exists) is not None
        assert self._query is not None
        row = {k: v if type(v) is str else _plain(v) for k, v in values.items() if v is not None}
        return self._query.find_one([row]) is not None

    def __repr__(self) -> str:
        return f"RowFilter({self.expression!r})"
