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
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import yaml

from pledgetrack.errors import PledgetrackError, quoted
from pledgetrack.io.limits import Limits, exceeded
from pledgetrack.io.limits import current as current_limits
from pledgetrack.io.problems import Place, Problems

__all__ = [
    "DelimitedRows",
    "Row",
    "Table",
    "UnreadableInput",
    "check_sizes",
    "csv_cell_limit",
    "decode",
    "json_load",
    "normalise",
    "read_bytes",
    "read_table",
    "select",
    "yaml_load",
]


def decode(data: bytes, file: str, problems: Problems, encoding: str = "utf-8") -> str:
    """``data`` as text; a problem naming the line and byte when it is not in ``encoding``.

    A UTF-8 byte-order mark is dropped. Nothing else is changed.
    """
    try:
        known = codecs.lookup(encoding).name
    except (LookupError, TypeError, ValueError):
        problems.add(
            Place(file),
            f"names the encoding {quoted(encoding)}, which is not known; give one such as "
            "utf-8, utf-16, cp1252 or latin-1",
        )
        return ""
    if not codecs.lookup(encoding)._is_text_encoding:  # e.g. base64, zlib, rot13
        problems.add(Place(file), f"names {quoted(encoding)}, which is not a text encoding")
        return ""
    codec = "utf-8-sig" if known == "utf-8" else encoding
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
    except (UnicodeError, LookupError, ValueError) as err:
        problems.add(Place(file), f"cannot be decoded as {quoted(encoding)}: {err}")
        return ""


class UnreadableInput(PledgetrackError, ValueError):
    """An input that cannot be read within the limits (or at all): the reason is the message."""


class _DecimalLoader(yaml.SafeLoader):
    """Safe YAML with exact decimals for numbers with a fraction, and bounded aliases."""

    limits: Limits

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.alias_count = getattr(self, "alias_count", 0) + 1
            if self.alias_count > self.limits.max_yaml_aliases:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise UnreadableInput(
                    f"line {mark.line + 1}: "
                    + exceeded(
                        "the number of aliases", "max_yaml_aliases", self.limits.max_yaml_aliases
                    )
                )
        self.depth = getattr(self, "depth", 0) + 1
        try:
            if self.depth > self.limits.max_depth:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise UnreadableInput(
                    f"line {mark.line + 1}: "
                    + exceeded("the nesting", "max_depth", self.limits.max_depth)
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_document(self, node: yaml.Node) -> Any:
        _check_expansion(node, self.limits)
        return super().construct_document(node)


def _check_expansion(root: yaml.Node, limits: Limits) -> None:
    """Refuse a document whose aliases expand to too many nodes (or refer to themselves)."""
    sizes: dict[int, int] = {}
    distinct: set[int] = set()
    # iterative post-order walk: each node's expanded size, shared nodes counted each time
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] - len(distinct) > limits.max_yaml_expansion:
                raise UnreadableInput(
                    exceeded(
                        "what the aliases expand to",
                        "max_yaml_expansion",
                        limits.max_yaml_expansion,
                    )
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise UnreadableInput("an alias refers to a node that holds it (a loop)")
        on_path.add(key)
        distinct.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
    if text.lower() in (".nan", ".inf", "-.inf", "+.inf"):
        return float(text.replace(".", "", 1))
    try:
        return Decimal(text)
    except ArithmeticError:
        return text


def _construct_int(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    if len(text.replace("_", "").lstrip("+-0")) > 40:
        raise UnreadableInput(
            f"line {node.start_mark.line + 1}: a whole number of {len(text):,} digits is too long"
        )
    return yaml.SafeLoader.construct_yaml_int(loader, node)  # type: ignore[arg-type]


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_DecimalLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def yaml_load(text: str, limits: Limits | None = None) -> Any:
    """YAML data, with exact decimals (safe loader: no arbitrary objects), within ``limits``.

    Raises :class:`yaml.YAMLError` for a syntax error, :class:`UnreadableInput` for an input
    beyond the limits (aliases, their expansion, nesting, sizes).
    """
    chosen = limits or current_limits()
    loader = _DecimalLoader(text)
    loader.limits = chosen
    try:
        data = loader.get_single_data()
    except RecursionError:
        raise UnreadableInput(exceeded("the nesting", "max_depth", chosen.max_depth)) from None
    except (ValueError, TypeError, OverflowError) as err:
        if isinstance(err, UnreadableInput):
            raise
        raise UnreadableInput(f"cannot be read: {quoted(str(err), as_text=True)}") from None
    finally:
        loader.dispose()
    check_sizes(data, chosen)
    return data


def _bounded_int(text: str) -> int:
    if len(text.lstrip("+-0")) > 40:
        raise UnreadableInput(f"a whole number of {len(text):,} digits is too long")
    return int(text)


def json_load(text: str, limits: Limits | None = None) -> Any:
    """JSON data with exact decimals, within ``limits``.

    Raises :class:`json.JSONDecodeError` for a syntax error, :class:`UnreadableInput` for an
    input beyond the limits.
    """
    chosen = limits or current_limits()
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=_bounded_int)
    except RecursionError:
        raise UnreadableInput(exceeded("the nesting", "max_depth", chosen.max_depth)) from None
    check_sizes(data, chosen)
    return data


def check_sizes(data: Any, limits: Limits) -> None:
    """Refuse data nested deeper than ``max_depth`` or holding a text over ``max_cell_chars``.

    Each item of a top-level list (or of a list under a top-level object: the records of a
    document) may hold at most ``max_record_chars`` characters of text.
    """
    stack: list[tuple[Any, int, str]] = [(data, 0, "$")]
    record_chars: dict[str, int] = {}
    while stack:
        value, depth, where = stack.pop()
        if depth > limits.max_depth:
            raise UnreadableInput(
                f"{where}: " + exceeded("the nesting", "max_depth", limits.max_depth)
            )
        record = _record_of(where)
        if isinstance(value, str):
            if len(value) > limits.max_cell_chars:
                raise UnreadableInput(
                    f"{where}: a text of {len(value):,} characters: "
                    + exceeded("it", "max_cell_chars", limits.max_cell_chars)
                )
            total = record_chars.get(record, 0) + len(value)
            record_chars[record] = total
            if total > limits.max_record_chars:
                raise UnreadableInput(
                    f"{record}: "
                    + exceeded("the record", "max_record_chars", limits.max_record_chars)
                )
        elif isinstance(value, Mapping):
            for k, v in value.items():
                stack.append((v, depth + 1, f"{where}.{k}"))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                stack.append((v, depth + 1, f"{where}[{i}]"))


def _record_of(where: str) -> str:
    """The record a JSON path is in: ``$[3]`` or ``$.commitments[3]`` (else ``$``)."""
    match = re.match(r"\$(\.[^.\[]+)?\[\d+\]", where)
    return match.group(0) if match else "$"


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


def _cell_text(text: str) -> str | None:
    """A CSV cell as :func:`normalise` reads it; ASCII text (most cells) without the NFC step,
    which leaves ASCII unchanged."""
    if text.isascii():
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text.strip() or None
    return normalise(text)  # type: ignore[no-any-return]


@attrs.frozen
class Row:
    """One record of an input table: its values by column (or nested data) and its place."""

    place: Place
    values: Mapping[str, Any]


@attrs.frozen
class Table:
    """The rows of one input table; ``columns`` is the header of a CSV/TSV file.

    ``rows`` may be iterated more than once. For a CSV/TSV file it is a
    :class:`DelimitedRows`, which reads the file anew on each pass and holds no row.
    """

    name: str
    file: str
    rows: Iterable[Row]
    columns: tuple[str, ...] | None = None
    #: the whole document of a JSON or YAML file, for values outside its records (``root``)
    document: Any = attrs.field(default=None, eq=False, repr=False)


def _check_delimiter(delimiter: Any, file: str, problems: Problems) -> bool:
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '\r\n"':
        problems.add(
            Place(file),
            "the delimiter must be one character (not a quote or a line end), such as , ; | "
            "or a tab",
            delimiter,
            field="delimiter",
        )
        return False
    return True


def _read_header(reader: Iterator[list[str]], file: str, problems: Problems) -> list[str] | None:
    try:
        header_cells = next(reader)
    except StopIteration:
        problems.add(Place(file), "is empty (a header row is needed)")
        return None
    except csv.Error as err:
        problems.add(Place(file, "1"), f"cannot be read as CSV: {err}")
        return None
    header = [normalise(h) or "" for h in header_cells]
    while header and header[-1] == "":
        header.pop()
    for position, column in enumerate(header, start=1):
        if column == "":
            problems.add(Place(file, "1"), f"header cell {position} is empty")
        elif header.index(column) != position - 1:
            problems.add(Place(file, "1", column), "the column name is repeated")
    return header


def _too_many_cells(cells: int, width: int, named: bool) -> str:
    """Why a row with a non-empty cell beyond the last column is refused: against the header
    row, or (``named``: a file with no header row) against the mapping's ``columns``."""
    if named:
        return (
            f"has {cells} cells but columns names {width} (the file has no header row): "
            "name every column or empty the extra cells"
        )
    return f"has {cells} cells but the header names {width} columns"


def _delimited_rows(
    reader: Any, file: str, header: list[str], problems: Problems | None, limits: Limits,
    named: bool = False,
) -> Iterator[Row]:  # fmt: skip
    """The rows after the header (``named``: all rows, the columns named by the mapping);
    their problems go to ``problems`` (None: not again)."""
    start = reader.line_num + 1
    width = len(header)
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            joined = "".join(cells)
            if not joined.strip():
                continue
            extra = [c for c in cells[width:] if c.strip()] if len(cells) > width else None
            if extra:
                if problems is not None:
                    problems.add(
                        Place(file, str(line)),
                        _too_many_cells(len(cells), width, named),
                        extra[0],
                    )
                continue
            if len(joined) > limits.max_record_chars:
                if problems is not None:
                    problems.add(
                        Place(file, str(line)),
                        exceeded("the row", "max_record_chars", limits.max_record_chars),
                    )
                continue
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            if joined.isascii() and "\r" not in joined:  # most rows: each cell only stripped
                values = dict(zip(header, [c.strip() or None for c in cells], strict=False))
            else:
                values = dict(zip(header, map(_cell_text, cells), strict=False))
            yield Row(Place(file, str(line)), values)
    except csv.Error as err:
        reason = str(err)
        if "field larger than field limit" in reason:
            reason = exceeded("a cell", "max_cell_chars", limits.max_cell_chars)
        if problems is not None:
            problems.add(Place(file, str(reader.line_num + 1)), f"cannot be read as CSV: {reason}")


def _named_header(columns: list[str], file: str, problems: Problems) -> list[str] | None:
    """The column names a mapping gives a file with no header row, checked like a header."""
    header = [normalise(c) or "" for c in columns]
    for position, column in enumerate(header, start=1):
        if column == "":
            problems.add(Place(file), f"column name {position} is empty", field="columns")
        elif header.index(column) != position - 1:
            problems.add(Place(file, None, column), "the column name is repeated", field="columns")
    return header if header else None


def _read_delimited(
    name: str, file: str, text: str, delimiter: str, problems: Problems,
    columns: list[str] | None = None,
) -> Table:  # fmt: skip
    if not _check_delimiter(delimiter, file, problems):
        return Table(name, file, ())
    limits = current_limits()
    csv_cell_limit(limits)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    if columns is not None:
        header = _named_header(columns, file, problems)
    else:
        header = _read_header(reader, file, problems)
    if header is None:
        return Table(name, file, ())
    rows = tuple(_delimited_rows(reader, file, header, problems, limits, columns is not None))
    return Table(name, file, rows, tuple(header))


class DelimitedRows:
    """The rows of a CSV/TSV file, read from the file on each pass (none is held).

    The first complete pass notes the rows' problems (too many cells, too long, unreadable);
    later passes skip the same rows silently, so each problem is noted once.
    """

    def __init__(
        self, path: Path, file: str, codec: str, delimiter: str, header: list[str],
        problems: Problems, has_header: bool = True,
    ) -> None:  # fmt: skip
        self.has_header = has_header
        self.path = path
        self.file = file
        self.codec = codec
        self.delimiter = delimiter
        self.header = header
        self.problems = problems
        self.checked = False

    def __iter__(self) -> Iterator[Row]:
        limits = current_limits()
        csv_cell_limit(limits)
        noted = None if self.checked else self.problems
        with self.path.open(encoding=self.codec, newline="") as handle:
            reader = csv.reader(handle, delimiter=self.delimiter, strict=False)
            if self.has_header:
                next(reader, None)  # the header, read when the table was opened
            yield from _delimited_rows(
                reader, self.file, self.header, noted, limits, not self.has_header
            )
        self.checked = True


def _stream_delimited(
    name: str, path: Path, file: str, encoding: str, delimiter: str, problems: Problems,
    columns: list[str] | None = None,
) -> Table | None:  # fmt: skip
    """The table of a CSV/TSV file whose rows are read lazily; None to read it whole instead
    (it is not valid in its encoding, so that :func:`decode` names the line and byte)."""
    known = codecs.lookup(encoding).name
    codec = "utf-8-sig" if known == "utf-8" else encoding
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except (UnicodeError, ValueError):
        return None
    if not _check_delimiter(delimiter, file, problems):
        return Table(name, file, ())
    csv_cell_limit(current_limits())
    if columns is not None:
        header = _named_header(columns, file, problems)
    else:
        with path.open(encoding=codec, newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter, strict=False)
            header = _read_header(reader, file, problems)
    if header is None:
        return Table(name, file, ())
    rows = DelimitedRows(path, file, codec, delimiter, header, problems, columns is None)
    return Table(name, file, rows, tuple(header))


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


def csv_cell_limit(limits: Limits) -> None:
    """Let Python's csv module read cells up to ``max_cell_chars`` (its default is 131,072)."""
    csv.field_size_limit(min(limits.max_cell_chars, 2**31 - 1))


def read_bytes(path: Path, file: str, problems: Problems) -> bytes | None:
    """The bytes of ``path``, or None with a problem (unreadable, or beyond ``max_file_bytes``)."""
    limit = current_limits().max_file_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            problems.add(
                Place(file), f"holds {size:,} bytes: " + exceeded("it", "max_file_bytes", limit)
            )
            return None
        return path.read_bytes()
    except OSError as err:
        problems.add(Place(file), f"cannot be read: {err.strerror or err}")
        return None


def _encoding_usable(encoding: str) -> bool:
    try:
        return bool(codecs.lookup(encoding)._is_text_encoding)
    except (LookupError, TypeError, ValueError):
        return False


def _within_size(path: Path) -> bool:
    try:
        return path.stat().st_size <= current_limits().max_file_bytes
    except OSError:
        return False


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
    columns: list[str] | None = None,
) -> Table:
    """The rows of the input file ``path`` (CSV, TSV, JSON or YAML); problems are noted.

    ``records`` is the JSONPath query (RFC 9535, filters included) of the records in a JSON
    or YAML file (default: the file is a list of records). ``label`` is how problems name
    the file (default: its name). ``columns`` names the columns of a CSV/TSV file that has
    no header row (its first row is then a record). A CSV/TSV file is streamed: its rows
    are read from the file on each pass over them (:class:`DelimitedRows`).
    """
    file = label or path.name
    kind = (format or path.suffix.lstrip(".")).lower()
    kind = {"yml": "yaml", "txt": "csv"}.get(kind, kind)
    if kind not in ("csv", "tsv", "json", "yaml"):
        problems.add(Place(file), f"cannot tell the format of {path.name!r}; give input format")
        return Table(name, file, ())
    if kind in ("csv", "tsv") and _encoding_usable(encoding) and _within_size(path):
        sep = delimiter or ("\t" if kind == "tsv" else ",")
        streamed = _stream_delimited(name, path, file, encoding, sep, problems, columns)
        if streamed is not None:
            return streamed
    data = read_bytes(path, file, problems)
    if data is None:
        return Table(name, file, ())
    text = decode(data, file, problems, encoding)
    if not text and data:
        return Table(name, file, ())
    if kind in ("csv", "tsv"):
        sep = delimiter or ("\t" if kind == "tsv" else ",")
        return _read_delimited(name, file, text, sep, problems, columns)
    if columns is not None:
        problems.add(Place(file), "columns is for a CSV or TSV file with no header row")
        return Table(name, file, ())
    from pledgetrack.io.paths import select_records

    try:
        document = json_load(text) if kind == "json" else yaml_load(text)
    except json.JSONDecodeError as err:
        problems.add(Place(file, str(err.lineno)), f"is not valid JSON: {err.msg}")
        return Table(name, file, ())
    except UnreadableInput as err:
        problems.add(Place(file), str(err))
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
    return Table(name, file, tuple(rows), document=document)
