"""Reading other trackers' files as they come: CSV, TSV, JSON and YAML, in real-world shape.

- Text must be UTF-8 (a byte-order mark is accepted and dropped); a file that is not is
  reported with the line and byte where decoding failed, unless the mapping names another
  encoding.
- CRLF, CR or LF line ends, a missing final newline and quoted cells spanning lines are all
  read; line ends inside a cell become ``\\n``.
- Every text is NFC-normalised and stripped; an empty cell has no value (None).
- HTML in a cell is kept as the text it is; nothing is unescaped or rendered.
- JSON and YAML numbers with a fraction are read as exact decimals, never floats.

Each row keeps its place: the file and the line the row starts on (CSV/TSV), or its JSON path
(JSON/YAML), so that every problem can name it.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import yaml

from pledgetrack.io.problems import Place, Problems

__all__ = ["Row", "Table", "decode", "normalise", "read_table", "select", "yaml_load"]


def decode(data: bytes, file: str, problems: Problems, encoding: str = "utf-8") -> str:
    """``data`` as text; a problem naming the line and byte when it is not in ``encoding``.

    A UTF-8 byte-order mark is dropped. Nothing else is changed.
    """
    codec = "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        bad = data[err.start : err.start + 1].hex().upper()
        problems.add(
            Place(file, str(line)),
            f"is not {encoding.upper()} text: byte 0x{bad} at byte {err.start} cannot be decoded; "
            "save the file as UTF-8 (or name its encoding in the mapping's input.encoding)",
        )
        return ""


class _DecimalLoader(yaml.SafeLoader):
    """Safe YAML with exact decimals for numbers with a fraction."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
    if text.lower() in (".nan", ".inf", "-.inf", "+.inf"):
        return float(text.replace(".", "", 1))
    return Decimal(text)


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def yaml_load(text: str) -> Any:
    """YAML data, with exact decimals (safe loader: no arbitrary objects)."""
    return yaml.load(text, Loader=_DecimalLoader)


def normalise(value: Any) -> Any:
    """Texts NFC-normalised, stripped, line ends as ``\\n``; empty texts None; recursively."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
        return text or None
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): normalise(v) for k, v in value.items()}
    return value


@attrs.frozen
class Row:
    """One record of an input table: its values by column (or nested data) and its place."""

    place: Place
    values: Mapping[str, Any]


@attrs.frozen
class Table:
    """The rows of one input table; ``columns`` is the header of a CSV/TSV file."""

    name: str
    file: str
    rows: tuple[Row, ...]
    columns: tuple[str, ...] | None = None


def _read_delimited(name: str, file: str, text: str, delimiter: str, problems: Problems) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[Row] = []
    try:
        header_cells = next(reader)
    except StopIteration:
        problems.add(Place(file), "is empty (a header row is needed)")
        return Table(name, file, ())
    except csv.Error as err:
        problems.add(Place(file, "1"), f"cannot be read as CSV: {err}")
        return Table(name, file, ())
    header = [normalise(h) or "" for h in header_cells]
    while header and header[-1] == "":
        header.pop()
    for position, column in enumerate(header, start=1):
        if column == "":
            problems.add(Place(file, "1"), f"header cell {position} is empty")
        elif header.index(column) != position - 1:
            problems.add(Place(file, "1", column), "the column name is repeated")
    start = reader.line_num + 1
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            extra = [c for c in cells[len(header) :] if c.strip()]
            if extra:
                problems.add(
                    Place(file, str(line)),
                    f"has {len(cells)} cells but the header names {len(header)} columns",
                    extra[0],
                )
                continue
            values = {
                col: normalise(cells[i]) if i < len(cells) else None for i, col in enumerate(header)
            }
            rows.append(Row(Place(file, str(line)), values))
    except csv.Error as err:
        problems.add(Place(file, str(reader.line_num)), f"cannot be read as CSV: {err}")
    return Table(name, file, tuple(rows), tuple(header))


_STEP = re.compile(
    r"""\.(?P<name>[^.\[\]]+)|\[(?P<index>\d+|\*)\]|\[(?P<q>['"])(?P<key>.*?)(?P=q)\]"""
)


def _steps(path: str) -> list[str | int | None]:
    """The steps of a JSON path: names, indexes, None for ``[*]``."""
    text = path.strip()
    if text.startswith("$"):
        text = text[1:]
    elif text and not text.startswith((".", "[")):
        text = "." + text
    steps: list[str | int | None] = []
    pos = 0
    while pos < len(text):
        m = _STEP.match(text, pos)
        if m is None:
            raise ValueError(f"cannot read the JSON path {path!r} at {text[pos:]!r}")
        if m["name"] is not None:
            steps.append(None if m["name"] == "*" else m["name"])
        elif m["index"] is not None:
            steps.append(None if m["index"] == "*" else int(m["index"]))
        else:
            steps.append(m["key"])
        pos = m.end()
    return steps


def select(data: Any, path: str, prefix: str = "$") -> Iterator[tuple[str, Any]]:
    """Every value ``path`` reaches in ``data``, with its own concrete path.

    The JSON path subset: ``$`` (the root), ``.name``, ``['name']``, ``[3]``, ``[*]`` and
    ``.*``. A name that is missing reaches nothing.
    """

    def walk(value: Any, steps: list[str | int | None], where: str) -> Iterator[tuple[str, Any]]:
        if not steps:
            yield where, value
            return
        step, rest = steps[0], steps[1:]
        if step is None:
            if isinstance(value, list):
                for i, item in enumerate(value):
                    yield from walk(item, rest, f"{where}[{i}]")
            elif isinstance(value, Mapping):
                for k, item in value.items():
                    yield from walk(item, rest, f"{where}.{k}")
        elif isinstance(step, int):
            if isinstance(value, list) and step < len(value):
                yield from walk(value[step], rest, f"{where}[{step}]")
        elif isinstance(value, Mapping) and step in value:
            yield from walk(value[step], rest, f"{where}.{step}")

    yield from walk(data, _steps(path), prefix)


def read_table(
    name: str,
    path: Path,
    problems: Problems,
    *,
    format: str | None = None,
    delimiter: str | None = None,
    encoding: str = "utf-8",
    records: str | None = None,
    label: str | None = None,
) -> Table:
    """The rows of the input file ``path`` (CSV, TSV, JSON or YAML); problems are noted.

    ``records`` is the JSONPath query (RFC 9535, filters included) of the records in a JSON
    or YAML file (default: the file is a list of records). ``label`` is how problems name
    the file (default: its name).
    """
    file = label or path.name
    kind = (format or path.suffix.lstrip(".")).lower()
    kind = {"yml": "yaml", "txt": "csv"}.get(kind, kind)
    if kind not in ("csv", "tsv", "json", "yaml"):
        problems.add(Place(file), f"cannot tell the format of {path.name!r}; give input format")
        return Table(name, file, ())
    try:
        data = path.read_bytes()
    except OSError as err:
        problems.add(Place(file), f"cannot be read: {err.strerror or err}")
        return Table(name, file, ())
    text = decode(data, file, problems, encoding)
    if not text and data:
        return Table(name, file, ())
    if kind in ("csv", "tsv"):
        return _read_delimited(
            name, file, text, delimiter or ("\t" if kind == "tsv" else ","), problems
        )
    from pledgetrack.io.paths import select_records

    try:
        document = json.loads(text, parse_float=Decimal) if kind == "json" else yaml_load(text)
    except json.JSONDecodeError as err:
        problems.add(Place(file, str(err.lineno)), f"is not valid JSON: {err.msg}")
        return Table(name, file, ())
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = str(mark.line + 1) if mark is not None else None
        problems.add(Place(file, line), f"is not valid YAML: {err}")
        return Table(name, file, ())
    try:
        found = list(select_records(document, records)) if records else [("$", document)]
    except ValueError as err:
        problems.add(Place(file), str(err), records, field="records")
        return Table(name, file, ())
    items: list[tuple[str, Any]] = []
    for where, value in found:
        if isinstance(value, list) and not records:
            items.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
        else:
            items.append((where, value))
    rows = []
    for where, value in items:
        if not isinstance(value, Mapping):
            problems.add(Place(file, where), "is not a record (an object of named values)")
            continue
        rows.append(Row(Place(file, where), normalise(value)))
    if not found:
        problems.add(Place(file), "the records path reaches nothing", records, field="records")
    return Table(name, file, tuple(rows))
