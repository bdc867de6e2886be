"""Importing other trackers' data through a declarative mapping file.

A mapping (YAML) names the input tables and says, field by field, where each value comes
from. The full reference is ``docs/import-export.md``; in short::

    pledgetrack-mapping: 1
    dates: {dayfirst: true}                 # how to read 03/04/2019
    tables:
      promises: {file: promises.csv}        # CSV, TSV, JSON or YAML; paths relative to this file
    vocabularies:
      - name: delivery-unit
        labels: {"On track": in_progress, "Done": fulfilled}
    fields:
      - {name: sector, type: choice, choices: [Health, Education]}
    sources:
      - key: {constant: unit-2023}
        title: {constant: Delivery Unit assessment 2023}
    commitments:
      from: promises
      key: {template: "promise-{No|slug}"}
      title: Commitment                     # a bare text names a column
      actors: {constant: [Government]}
      announced: {constant: 2016-03-01}
      deadline: Deadline                    # free text: "Q4 2017", "by end of 2019", "annually"
      parent: {column: No, regex: '^(\\d+)[a-z]+$', format: "promise-{}"}
      custom: {sector: Sector}
      citations:
        - {source: {constant: unit-2023}, quote: Commitment}
    history:
      - from: promises
        commitment: {template: "promise-{No|slug}"}
        vocabulary: delivery-unit
        rounds:                              # a wide table: one status column per round
          pattern: 'status_(?P<year>\\d{4})'
          effective: "{year}-12-31"

A *value* is a column name, a constant (``{constant: …}``), a template (``{template:
"p-{id}"}``, filters ``|slug``, ``|lower``, ``|upper``), a JSON path (``{path: meta.title}``),
related rows of another table (``{related: {from: t, match: {their_col: our_col},
value: …}}``), the row's own place (``{row: true}``: its line, sheet row or JSON path) or a
value outside the records (``{root: $.updated}``: a JSONPath from the document's root, read
once), then optionally ``split``, ``regex`` (keep group 1), ``present`` (a value to use
instead of any non-empty one), ``map`` (every value must be mapped), ``lookup`` (``{table, key,
value}``), ``decimal`` (``","``: a decimal comma), ``scale`` (multiply exactly), ``format``
("promise-{}") and ``default`` (the value when there is none).

A cell the mapping names is never dropped silently: a percentage, note or author of a round
whose status is empty, or a quote whose source is empty, is a doubt (a note, or a problem
under ``strict``).

Every row problem is collected with its file, row and column; the mapping's own mistakes
(an unknown property, a column no table has) are reported against the mapping file.

The YAML is structured into the typed spec of :mod:`pledgetrack.io.mapspec` first; the rules
are compiled from it, each value into one function of the row. :func:`iter_mapped` yields
the records one at a time (CSV/TSV rows streamed from the file); :func:`read_mapped` gathers
them into one :class:`Collection`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from pledgetrack.errors import PledgetrackError, ValidationError, quoted
from pledgetrack.io.collection import Collection, Entry
from pledgetrack.io.dates import parse_date, read_deadline
from pledgetrack.io.mapspec import (
    CitationSpec,
    CommitmentRule,
    HistoryRule,
    RoundPattern,
    RoundSpec,
    SourceRule,
    ValueSpec,
    spec_problems,
    structure_mapping,
    structure_value,
)
from pledgetrack.io.paths import RowFilter, select_records
from pledgetrack.io.problems import Place, Problem, Problems
from pledgetrack.io.readers import (
    DelimitedRows,
    Row,
    Table,
    normalise,
    read_table,
    select,
    yaml_load,
)
from pledgetrack.io.sheets import SPREADSHEET_FORMATS, read_sheet
from pledgetrack.model import (
    CANONICAL,
    Citation,
    Commitment,
    Deadline,
    Event,
    Precision,
    Source,
    Status,
    StatusUpdate,
    Target,
    Vocabulary,
    slugify,
    to_quantity,
)
from pledgetrack.model.fields import FieldSpec, spec_from_dict
from pledgetrack.model.status import number_label
from pledgetrack.model.values import refuse_nul_text
from pledgetrack.model.vocabularies import BUILT_IN, vocabulary_from_dict

if TYPE_CHECKING:
    from pledgetrack.tracker import Tracker

__all__ = ["MAPPING_VERSION", "Item", "Note", "iter_mapped", "read_mapped"]

MAPPING_VERSION = 1
T = TypeVar("T")

_SOURCE_VALUES = (
    "key", "title", "publisher", "url", "published", "language", "retrieved", "text", "event",
    "licence", "notes",
)  # fmt: skip
_UPDATE_VALUES = ("note", "progress", "progress_percent", "percent", "author", "actors")
_TEMPLATE = re.compile(
    r"\{\{|\}\}|\{(?P<name>[^{}|?]+)(?P<optional>\?)?(?:\|(?P<filter>[a-z]+))?\}"
)
_FILTERS: Mapping[str, Callable[[str], str]] = {
    "slug": slugify,
    "lower": str.lower,
    "upper": str.upper,
    "strip": str.strip,
}


class CellError(PledgetrackError):
    """A value cannot be read: the column it came from, the value and why."""

    def __init__(self, column: str | None, value: Any, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.value = value
        self.reason = reason


class MappingError(PledgetrackError):
    """The mapping file itself is wrong at ``where`` (a dotted property path)."""

    def __init__(self, where: str, reason: str, value: Any = None) -> None:
        super().__init__(reason)
        self.where = where
        self.reason = reason
        self.value = value


def _text(value: Any) -> str | None:
    if value is None or type(value) is str:
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Context:
    """The input tables, indexed for lookups and related rows."""

    def __init__(self, tables: Mapping[str, Table]) -> None:
        self.tables = tables
        self._index: dict[tuple[str, tuple[str, ...]], dict[tuple[str | None, ...], list[Row]]] = {}

    def rows_where(
        self, table: str, columns: tuple[str, ...], values: tuple[str | None, ...]
    ) -> list[Row]:
        index = self._index.get((table, columns))
        if index is None:
            index = defaultdict(list)
            for row in self.tables[table].rows:
                index[tuple(_text(_get(row, c)) for c in columns)].append(row)
            self._index[(table, columns)] = index
        return index.get(values, [])


def _has(name: str, columns: set[str]) -> bool:
    """True when ``name`` is one of ``columns``, or a JSON path into one of them."""
    if name in columns:
        return True
    nested = "." in name or "[" in name
    return nested and name.split(".")[0].split("[")[0].lstrip("$") in columns | {""}


def _get(row: Row, column: str) -> Any:
    if column in row.values:
        return row.values[column]
    if "." in column or "[" in column:
        found = [v for _w, v in select(row.values, column)]
        return found[0] if found else None
    return None


@attrs.frozen
class Value:
    """A compiled value spec: where a value comes from and how it is transformed."""

    where: str
    column: str | None = None
    path: str | None = None
    constant: Any = None
    has_constant: bool = False
    template: str | None = None
    related: tuple[str, tuple[tuple[str, str], ...], Value] | None = None
    #: the row's place (line number, sheet row or JSON path) is the value
    row: bool = False
    regex: re.Pattern[str] | None = None
    split: str | None = None
    mapping: Mapping[str, Any] | None = None
    lookup: tuple[str, str, str] | None = None
    #: "," when the numbers of this value write their decimals after a comma
    decimal: str | None = None
    scale: Decimal | None = None
    format: str | None = None
    present: Any = None
    default: Any = None
    when: RowFilter | None = None
    #: a column read as it is (no modifier): the common case, read without the general path
    plain: bool = False
    #: the value compiled into one function of (row, context), made once
    get: Callable[[Row, _Context], Any] = attrs.field(
        init=False, eq=False, repr=False, default=None
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "get", _compiled(self))

    def columns(self) -> list[str]:
        """The columns of the current table this value reads."""
        out = [c for c in (self.column, self.path) if c]
        if self.template:
            out += [m["name"].strip() for m in _TEMPLATE.finditer(self.template) if m["name"]]
        if self.related:
            out += [ours for _theirs, ours in self.related[1]]
        return out

    def _raw(self, row: Row, ctx: _Context) -> Any:
        if self.has_constant:
            return self.constant
        if self.column is not None:
            return _get(row, self.column)
        if self.path is not None:
            return _get(row, self.path)
        if self.template is not None:
            return self._fill(row)
        if self.row:
            return row.place.row
        if self.related is not None:
            table, match, value = self.related
            theirs = tuple(t for t, _o in match)
            ours = tuple(_text(row.values.get(o)) for _t, o in match)
            if any(v is None for v in ours):
                return []
            out = []
            for other in ctx.rows_where(table, theirs, ours):
                got = value.get(other, ctx)
                if isinstance(got, list):
                    out.extend(got)
                elif got is not None:
                    out.append(got)
            return out
        return None

    def _fill(self, row: Row) -> str | None:
        assert self.template is not None
        missing = False

        def replace(m: re.Match[str]) -> str:
            nonlocal missing
            if m[0] == "{{":
                return "{"
            if m[0] == "}}":
                return "}"
            name = m["name"].strip()
            value = _text(_get(row, name))
            if value is None:
                if not m["optional"]:
                    missing = True
                return ""
            return _FILTERS[m["filter"]](value) if m["filter"] else value

        filled = _TEMPLATE.sub(replace, self.template)
        return None if missing else filled

    def _one(self, value: Any, ctx: _Context) -> Any:
        column = self.column or self.path
        if value is None:
            return None
        if self.regex is not None:
            m = self.regex.search(_text(value) or "")
            if m is None:
                return None
            found = (
                m["value"] if "value" in self.regex.groupindex else (m[1] if m.groups() else m[0])
            )
            value = found.strip() if isinstance(found, str) and found.strip() else None
            if value is None:
                return None
        if self.present is not None:
            value = self.present
        if self.mapping is not None:
            folded = _fold(_text(value) or "")
            if folded not in self.mapping:
                known = ", ".join(repr(k) for k in sorted(self.mapping))
                raise CellError(
                    column, value, f"has no entry in the map of {self.where}; known: {known}"
                )
            value = self.mapping[folded]
        if self.lookup is not None and value is not None:
            table, key, wanted = self.lookup
            rows = ctx.rows_where(table, (key,), (_text(value),))
            if not rows:
                raise CellError(column, value, f"is not a {key!r} of table {table!r}")
            value = _looked_up(rows, wanted, key, table, column, value)
        if self.decimal is not None and isinstance(value, str):
            value = _comma_decimal(value, column, self.where)
        if self.scale is not None and value is not None:
            value = _scaled(value, self.scale, column, self.where)
        if self.format is not None and value is not None:
            value = self.format.replace("{}", _text(value) or "")
        return value

    def evaluate(self, row: Row, ctx: _Context) -> Any:
        """The value for ``row`` (a list for split and related values), read step by step."""
        if self.when is not None and not self.when.matches(row.values):
            return self.default
        raw = self._raw(row, ctx)
        if isinstance(raw, str) and self.split is not None:
            raw = [part.strip() for part in raw.split(self.split) if part.strip()]
        if isinstance(raw, list):
            items = [self._one(v, ctx) for v in raw]
            out: Any = [v for v in items if v is not None]
            if not out and self.default is not None:
                return self.default if isinstance(self.default, list) else [self.default]
            return out
        value = self._one(raw, ctx)
        if value is None or value == "":
            return self.default
        return value


def _column_getter(column: str) -> Callable[[Row], Any]:
    """A function reading ``column`` of a row (a JSON path into it when it names one)."""
    if "." in column or "[" in column:

        def nested(row: Row) -> Any:
            values = row.values
            if column in values:
                return values[column]
            return _get(row, column)

        return nested

    def plain(row: Row) -> Any:
        return row.values.get(column)

    return plain


def _template_filler(template: str) -> Callable[[Row], str | None]:
    """The template compiled once into its parts: texts, and columns with their filters."""
    parts: list[tuple[str, Callable[[Row], Any] | None, bool, Callable[[str], str] | None]] = []
    pos = 0
    for m in _TEMPLATE.finditer(template):
        if m.start() > pos:
            parts.append((template[pos : m.start()], None, False, None))
        pos = m.end()
        if m[0] in ("{{", "}}"):
            parts.append((m[0][0], None, False, None))
            continue
        filt = _FILTERS[m["filter"]] if m["filter"] else None
        parts.append(("", _column_getter(m["name"].strip()), bool(m["optional"]), filt))
    if pos < len(template):
        parts.append((template[pos:], None, False, None))

    def fill(row: Row) -> str | None:
        out = []
        for text, getter, optional, filt in parts:
            if getter is None:
                out.append(text)
                continue
            value = _text(getter(row))
            if value is None:
                if not optional:
                    return None
                continue
            out.append(filt(value) if filt is not None else value)
        return "".join(out)

    return fill


def _compiled(value: Value) -> Callable[[Row, _Context], Any]:
    """``value`` as one function: only the steps its spec has, decided once, not per cell."""
    default = value.default
    if value.plain and value.column is not None:
        read = _column_getter(value.column)

        def plain(row: Row, _ctx: _Context) -> Any:
            found = read(row)
            return default if found is None or found == "" else found

        return plain
    if value.has_constant and value.when is None and value.split is None:
        constant = value.constant
        if not isinstance(constant, list | dict) and not _transforms(value):
            fixed = default if constant is None or constant == "" else constant
            return lambda _row, _ctx: fixed
    raw: Callable[[Row, _Context], Any]
    if value.column is not None or value.path is not None:
        column = _column_getter(value.column or value.path or "")
        raw = lambda row, _ctx: column(row)  # noqa: E731
    elif value.template is not None:
        fill = _template_filler(value.template)
        raw = lambda row, _ctx: fill(row)  # noqa: E731
    elif value.row:
        raw = lambda row, _ctx: row.place.row  # noqa: E731
    else:
        raw = value._raw
    one = value._one if _transforms(value) else None
    when, split = value.when, value.split

    def general(row: Row, ctx: _Context) -> Any:
        if when is not None and not when.matches(row.values):
            return default
        got = raw(row, ctx)
        if split is not None and isinstance(got, str):
            got = [part.strip() for part in got.split(split) if part.strip()]
        if isinstance(got, list):
            items = [one(v, ctx) for v in got] if one is not None else got
            out: Any = [v for v in items if v is not None]
            if not out and default is not None:
                return default if isinstance(default, list) else [default]
            return out
        if one is not None:
            got = one(got, ctx)
        return default if got is None or got == "" else got

    return general


def _transforms(value: Value) -> bool:
    """True when ``value`` changes what it reads (regex, present, map, lookup, scale, format)."""
    return (
        value.regex is not None
        or value.present is not None
        or value.mapping is not None
        or value.lookup is not None
        or value.decimal is not None
        or value.scale is not None
        or value.format is not None
    )


_COMMA_NUMBER = re.compile(
    r"(?P<sign>[+-]?)(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<fraction>\d+))?(?P<pc>\s*%)?"
)


def _comma_decimal(text: str, column: str | None, where: str) -> str:
    """``text``, a number written with a decimal comma (``37,5``, ``1.234,5``, ``75,5 %``),
    as pledgetrack reads numbers (``37.5``, ``1234.5``, ``75.5%``); CellError otherwise."""
    m = _COMMA_NUMBER.fullmatch(text.strip())
    if m is None:
        raise CellError(
            column, text, f"is not a number written with a decimal comma ({where}.decimal)"
        )
    fraction = f".{m['fraction']}" if m["fraction"] else ""
    return f"{m['sign']}{m['whole'].replace('.', '')}{fraction}{'%' if m['pc'] else ''}"


def _scaled(value: Any, scale: Decimal, column: str | None, where: str) -> Decimal:
    """``value`` (a number, or a text that reads as one) times ``scale``, exactly: a whole
    result is a whole number (``0.65`` × 100 is ``65``), any other keeps its digits."""
    if isinstance(value, bool):
        raise CellError(column, value, f"is not a number to scale ({where})")
    try:
        number = (
            Decimal(value)
            if isinstance(value, int | Decimal)
            else to_quantity(str(value).strip(), "scale")
        )
    except ValidationError:
        raise CellError(column, value, f"is not a number to scale ({where})") from None
    out = number * scale
    return out.quantize(Decimal(1)) if out == out.to_integral_value() else out.normalize()


def _fold(text: str) -> str:
    """How a map's keys match a cell: case- and space-insensitively, and a number as a
    number (``+1``, ``1`` and ``1.0`` are one key, ``-1`` another)."""
    return number_label(text) or " ".join(text.casefold().split())


def compile_value(spec: ValueSpec | Any, where: str, tables: Mapping[str, Any]) -> Value:
    """A :class:`Value` from its typed spec (or a value as written in a mapping file, which is
    structured first); MappingError naming ``where`` if the spec is wrong."""
    if not isinstance(spec, ValueSpec):
        written = spec
        try:
            spec = structure_value(spec)
        except ValueError as err:
            raise MappingError(where, str(err), written) from None
    sources = [
        name
        for name, given in (
            ("column", spec.column), ("path", spec.path), ("template", spec.template),
            ("related", spec.related), ("row", spec.row or None), ("root", spec.root),
        )
        if given is not None
    ]  # fmt: skip
    if len(sources) > 1 or (sources and spec.constant is not None):
        raise MappingError(
            where, "needs exactly one of column, path, constant, template, related, row, root"
        )
    if spec.root is not None:
        raise MappingError(
            f"{where}.root", "is read only in a rule's own value, not inside related", spec.root
        )
    regex = None
    if spec.regex is not None:
        try:
            regex = re.compile(spec.regex)
        except re.error as err:
            raise MappingError(
                f"{where}.regex", f"is not a regular expression: {err}", spec.regex
            ) from None
    mapping = None
    if spec.map is not None:
        mapping = {_fold(_text(k) or ""): v for k, v in spec.map.items()}
    lookup = None
    if spec.lookup is not None:
        lk = spec.lookup
        if lk.table not in tables:
            raise MappingError(f"{where}.lookup.table", "is not a table of the mapping", lk.table)
        lookup = (lk.table, lk.key, lk.value)
    related = None
    if spec.related is not None:
        rel = spec.related
        if rel.from_ not in tables:
            raise MappingError(f"{where}.related.from", "is not a table of the mapping", rel.from_)
        if not rel.match:
            raise MappingError(f"{where}.related.match", "must map their columns to ours")
        inner = compile_value(rel.value, f"{where}.related.value", tables)
        related = (rel.from_, tuple(rel.match.items()), inner)
    when = None
    if spec.when is not None:
        try:
            when = RowFilter(spec.when)
        except ValueError as err:
            raise MappingError(f"{where}.when", str(err), spec.when) from None
    if spec.decimal not in (None, ".", ","):
        raise MappingError(f"{where}.decimal", 'must be "," or "."', spec.decimal)
    if spec.format is not None and "{}" not in spec.format:
        raise MappingError(f"{where}.format", 'must hold "{}" where the value goes', spec.format)
    if spec.template is not None:
        for m in _TEMPLATE.finditer(spec.template):
            if m["filter"] and m["filter"] not in _FILTERS:
                raise MappingError(
                    f"{where}.template",
                    f"unknown filter {m['filter']!r}; known: {', '.join(_FILTERS)}",
                )
    plain = spec.column is not None and not (
        spec.when or spec.split or spec.regex or spec.map or spec.lookup or spec.format
        or spec.present is not None or spec.scale is not None or spec.decimal is not None
    )  # fmt: skip
    return Value(
        where,
        column=spec.column,
        path=spec.path,
        constant=spec.constant,
        has_constant=not sources,
        template=spec.template,
        related=related,
        row=bool(spec.row),
        regex=regex,
        split=spec.split,
        mapping=mapping,
        lookup=lookup,
        decimal="," if spec.decimal == "," else None,
        scale=None if spec.scale is None else Decimal(spec.scale),
        format=spec.format,
        present=spec.present,
        default=spec.default,
        when=when,
        plain=plain,
    )


# --- the mapping's rules ------------------------------------------------------------------


@attrs.frozen
class _Settings:
    dayfirst: bool | None = None
    formats: tuple[str, ...] = ()
    #: dates and deadlines already read, by their text (real trackers repeat them)
    memo: _Memo = attrs.field(factory=lambda: _Memo(), eq=False, repr=False)


class _Memo:
    """Results of pure readings by their inputs; at most ``size`` of them (then it starts over),
    so that memory stays flat however long the file."""

    def __init__(self, size: int = 32768) -> None:
        self.size = size
        self.items: dict[Hashable, Any] = {}

    def get(self, key: Hashable) -> Any:
        return self.items.get(key)

    def put(self, key: Hashable, value: Any) -> None:
        if len(self.items) >= self.size:
            self.items.clear()
        self.items[key] = value


class _Compiler:
    """Compiles a rule's value specs and checks the columns they name exist in its table."""

    def __init__(self, tables: Mapping[str, Table], problems: Problems, mapping_file: str) -> None:
        self.tables = tables
        self.problems = problems
        self.mapping_file = mapping_file

    def columns_of(self, table: str) -> set[str]:
        t = self.tables[table]
        if t.columns is not None:
            return set(t.columns)
        out: set[str] = set()
        for row in t.rows:
            out.update(row.values)
        return out

    def check_columns(self, value: Value, table: str | None) -> None:
        names = value.columns()
        if table is None:
            if names and not value.has_constant:
                self.problems.add(
                    Place(self.mapping_file),
                    "reads a column but the rule has no 'from' table",
                    names[0],
                    field=value.where,
                )
            return
        if self.tables[table].columns is None and not self.tables[table].rows:
            return
        have = self.columns_of(table)
        for name in names:
            if _has(name, have):
                continue
            shown = ", ".join(quoted(c, as_text=True, limit=60) for c in sorted(have)[:30])
            self.problems.add(
                Place(self.mapping_file, None, name),
                f"names a column that table {table!r} ({self.tables[table].file}) does not have; "
                f"its columns: {shown}",
                name,
                field=value.where,
            )
        if value.related is not None:
            rel_table, match, inner = value.related
            have_rel = self.columns_of(rel_table)
            for theirs, _ours in match:
                if not _has(theirs, have_rel):
                    self.problems.add(
                        Place(self.mapping_file, None, theirs),
                        f"names a column that table {rel_table!r} does not have",
                        theirs,
                        field=f"{value.where}.related.match",
                    )
            self.check_columns(inner, rel_table)
        if value.lookup is not None:
            lk_table, key, wanted = value.lookup
            have_lk = self.columns_of(lk_table)
            for name in (key, wanted):
                if not _has(name, have_lk):
                    self.problems.add(
                        Place(self.mapping_file, None, name),
                        f"names a column that table {lk_table!r} does not have",
                        name,
                        field=f"{value.where}.lookup",
                    )

    def value(self, spec: ValueSpec, where: str, table: str | None) -> Value | None:
        try:
            if isinstance(spec, ValueSpec) and spec.root is not None:
                spec = _root_value(spec, where, table, self.tables)
            value = compile_value(spec, where, self.tables)
        except MappingError as err:
            self.problems.add(Place(self.mapping_file), err.reason, err.value, field=err.where)
            return None
        self.check_columns(value, table)
        return value

    def values(
        self, rule: Any, names: Iterable[str], where: str, table: str | None
    ) -> dict[str, Value]:
        """The value specs ``names`` of a typed ``rule`` (those it gives), compiled."""
        return self.named({n: getattr(rule, n) for n in names}, where, table)

    def named(
        self, specs: Mapping[str, ValueSpec | None], where: str, table: str | None
    ) -> dict[str, Value]:
        """The value specs given in ``specs`` (by name), compiled."""
        out = {}
        for name, spec in specs.items():
            if spec is not None:
                compiled = self.value(spec, f"{where}.{name}", table)
                if compiled is not None:
                    out[name] = compiled
        return out

    def where(self, rule: Any, at: str) -> RowFilter | None:
        """The rule's ``where`` filter (None: every row); a mistake is noted."""
        if rule.where is None:
            return None
        try:
            return RowFilter(rule.where)
        except ValueError as err:
            self.problems.add(Place(self.mapping_file), str(err), rule.where, field=f"{at}.where")
            return None

    def table(self, rule: Any, where: str, required: bool = True) -> str | None:
        name: str | None = rule.from_
        if name is None:
            if required:
                self.problems.add(
                    Place(self.mapping_file), "needs 'from': the table it reads", field=where
                )
            return None
        if name not in self.tables:
            self.problems.add(
                Place(self.mapping_file),
                f"is not a table of the mapping; tables: {', '.join(sorted(self.tables))}",
                name,
                field=f"{where}.from",
            )
            return None
        return str(name)


_EMPTY_ROW = Row(Place(), {})


def _not_a_value(value: Any) -> bool:
    """True for an object, or a list holding objects or lists: not a value a field takes."""
    if isinstance(value, list):
        return any(isinstance(item, Mapping | list) for item in value)
    return isinstance(value, Mapping)


def _root_value(
    spec: ValueSpec, where: str, table: str | None, tables: Mapping[str, Table]
) -> ValueSpec:
    """``spec`` with its ``root`` read once from its table's document, as a constant.

    MappingError when the table is not a JSON or YAML file, the path cannot be read, reaches
    nothing (and there is no ``default``) or reaches an object instead of a value."""
    others = (spec.column, spec.path, spec.template, spec.related, spec.row or None)
    if any(o is not None for o in others) or spec.constant is not None:
        return spec  # compile_value reports that it needs exactly one source
    root = spec.root
    assert root is not None
    path, name = (root, table) if isinstance(root, str) else (root.path, root.table or table)
    at = f"{where}.root"
    if name is None:
        raise MappingError(
            at, "names no table: in a rule with no 'from', give {table: …, path: …}", path
        )
    if name not in tables:
        raise MappingError(f"{at}.table", "is not a table of the mapping", name)
    document = tables[name].document
    if document is None:
        raise MappingError(
            at,
            f"reads the document of a JSON or YAML file, or the cells above a sheet's "
            f"header; table {name!r} ({tables[name].file}) is neither",
            path,
        )
    try:
        found = [normalise(v) for _w, v in select_records(document, path)]
    except ValueError as err:
        raise MappingError(at, str(err), path) from None
    if any(_not_a_value(v) for v in found):
        raise MappingError(
            at, f"reaches an object in {tables[name].file}, not a value or a list of them", path
        )
    if not found and spec.default is None:
        raise MappingError(at, f"reaches nothing in {tables[name].file}", path)
    value = None if not found else found[0] if len(found) == 1 else found
    return attrs.evolve(spec, root=None, constant=value)


def _kept(rows: Iterable[Row], keep: RowFilter | None) -> Iterable[Row]:
    """The rows that pass ``keep`` (all of them without a filter)."""
    if keep is None:
        return rows
    return (row for row in rows if keep.matches(row.values))


class _RowReader:
    """Evaluates compiled values on one row, collecting problems with the row's place."""

    def __init__(
        self, row: Row, ctx: _Context, problems: Problems, record: str | None = None
    ) -> None:
        self.row = row
        self.ctx = ctx
        self.problems = problems
        self.record = record
        self.failed = False

    def get(self, values: Mapping[str, Value], name: str) -> Any:
        value = values.get(name)
        if value is None:
            return None
        try:
            return value.get(self.row, self.ctx)
        except CellError as err:
            self.fail(err.column or value.column, err.value, err.reason, name)
            return None

    def fail(self, column: str | None, value: Any, reason: str, field: str | None) -> None:
        self.failed = True
        self.problems.add(self.row.place.at(column), reason, value, record=self.record, field=field)

    def text(self, values: Mapping[str, Value], name: str) -> str | None:
        if name not in values:
            return None
        got = self.get(values, name)
        if got is None or type(got) is str:
            return got
        if isinstance(got, list):
            got = "; ".join(_text(v) or "" for v in got) or None
        return _text(got)

    def build(
        self, make: Callable[[], Any], columns: Mapping[str, Value], field_hint: str | None = None
    ) -> Any:
        try:
            return make()
        except ValidationError as err:
            field = err.field
            source = columns.get(field.split(".")[0]) if field else None
            column = (source.column or source.path) if source else None
            self.fail(column, err.value, err.reason + _slug_hint(err.value), field or field_hint)
            return None


def _looked_up(
    rows: list[Row], wanted: str, key: str, table: str, column: str | None, value: Any
) -> Any:
    """The ``wanted`` value of the rows a lookup found: rows repeating the key (a record
    restated in a dump) must agree on it; when they differ, none is chosen silently."""
    found = _get(rows[0], wanted)
    for other in rows[1:]:
        got = _get(other, wanted)
        if got != found:
            raise CellError(
                column, value,
                f"is the {key!r} of {len(rows)} rows of table {table!r} whose {wanted!r} "
                f"differ ({quoted(found)} at {rows[0].place.row}, {quoted(got)} at "
                f"{other.place.row}); the lookup cannot choose",
            )  # fmt: skip
    return found


def _slug_hint(value: object) -> str:
    """Why a refused key is not a slug, and how to make one: the quoted value is cut short,
    so the character at fault (a trailing ``-``, a space, a capital) would not show."""
    if not isinstance(value, str) or not value or _SLUG_KEY.fullmatch(value):
        return ""
    if len(value) > 200:
        why = f"it is {len(value)} characters long"
    elif value[0] in "-_.:":
        why = f"it starts with {value[0]!r}"
    elif value[-1] in "-_.:":
        why = f"it ends with {value[-1]!r}"
    else:
        bad = next(c for c in value if c not in _SLUG_CHARS)
        why = f"it holds {bad!r} at position {value.index(bad) + 1}"
    return (
        f": {why}; a template's |slug filter makes a slug of any text "
        '({template: "p-{title|slug}"}), or a regex can keep only the part that is one'
    )


_SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_.:")
_SLUG_KEY = re.compile(r"[a-z0-9](?:[a-z0-9._:-]{0,198}[a-z0-9])?")


def _date_of(
    reader: _RowReader,
    values: Mapping[str, Value],
    name: str,
    settings: _Settings,
    edge: str = "last",
) -> tuple[dt.date, Precision] | None:
    raw = reader.get(values, name)
    if raw is None:
        return None
    memo_key = ("date", raw, edge) if isinstance(raw, str | dt.date) else None
    known = settings.memo.get(memo_key) if memo_key is not None else None
    if known is not None:
        return known  # type: ignore[no-any-return]
    try:
        found = parse_date(raw, name, dayfirst=settings.dayfirst, formats=settings.formats)
    except ValidationError as err:
        column = values[name].column or values[name].path
        reader.fail(column, raw, err.reason, name)
        return None
    read = found.on("first" if edge == "first" else "last"), found.precision
    if memo_key is not None:
        settings.memo.put(memo_key, read)
    return read


def _sources(
    compiler: _Compiler, rules: list[tuple[str, SourceRule]], ctx: _Context,
    settings: _Settings, problems: Problems,
) -> list[Callable[[], Iterator[Entry[Source]]]]:  # fmt: skip
    """The source rules compiled: for each, a function that yields its sources row by row."""
    runs: list[Callable[[], Iterator[Entry[Source]]]] = []
    for where, rule in rules:
        before = len(problems)
        table = compiler.table(rule, where, required=False)
        if rule.from_ is not None and table is None:
            continue
        values = compiler.values(rule, _SOURCE_VALUES, where, table)
        keep = compiler.where(rule, where)
        for name in ("key", "title"):
            if name not in values:
                problems.add(Place(compiler.mapping_file), f"a source needs {name!r}", field=where)
        if len(problems) > before:
            continue
        rows = ctx.tables[table].rows if table else (Row(Place(compiler.mapping_file, None), {}),)
        runs.append(partial(_source_rows, rows, keep, values, ctx, settings, problems))
    return runs


def _source_rows(
    rows: Iterable[Row], keep: RowFilter | None, values: Mapping[str, Value], ctx: _Context,
    settings: _Settings, problems: Problems,
) -> Iterator[Entry[Source]]:  # fmt: skip
    for row in _kept(rows, keep):
        reader = _RowReader(row, ctx, problems)
        key = reader.text(values, "key")
        reader.record = key
        fields: dict[str, Any] = {
            name: reader.text(values, name)
            for name in (
                "key",
                "title",
                "publisher",
                "url",
                "language",
                "text",
                "event",
                "licence",
                "notes",
            )
        }
        if "language" not in values:
            fields.pop("language")
        for name in ("published", "retrieved"):
            if name in values:
                found = _date_of(reader, values, name, settings, "first")
                fields[name] = found[0] if found else None
        if reader.failed:
            continue
        source = reader.build(partial(Source, **fields), values)
        if source is not None:
            yield Entry(source, row.place)


def _citations(
    compiler: _Compiler, specs: list[CitationSpec], where: str, table: str,
) -> list[tuple[str | None, tuple[tuple[str, str], ...], dict[str, Value]]]:  # fmt: skip
    out = []
    for i, spec in enumerate(specs):
        at = f"{where}[{i}]"
        other = compiler.table(spec, at, required=False) if spec.from_ is not None else None
        if spec.from_ is not None and other is None:
            continue
        match: tuple[tuple[str, str], ...] = ()
        if other is not None:
            m = spec.match
            if not m:
                compiler.problems.add(
                    Place(compiler.mapping_file),
                    "needs match: {their column: our column}",
                    field=at,
                )
                continue
            match = tuple((str(k), str(v)) for k, v in m.items())
            have, ours = compiler.columns_of(other), compiler.columns_of(table)
            for theirs, mine in match:
                for name, cols, tbl in ((theirs, have, other), (mine, ours, table)):
                    if cols and name not in cols:
                        compiler.problems.add(
                            Place(compiler.mapping_file, None, name),
                            f"names a column that table {tbl!r} does not have",
                            name,
                            field=f"{at}.match",
                        )
        values = compiler.values(spec, ("source", "quote"), at, other or table)
        if "source" not in values or "quote" not in values:
            compiler.problems.add(
                Place(compiler.mapping_file), "a citation needs source and quote", field=at
            )
            continue
        out.append((other, match, values))
    return out


def _read_citations(
    reader: _RowReader,
    rules: list[tuple[str | None, tuple[tuple[str, str], ...], dict[str, Value]]],
    field: str,
    doubts: list[Problem] | None = None,
) -> list[Citation]:
    out: list[Citation] = []
    for other, match, values in rules:
        if other is None:
            rows = [reader.row]
        else:
            ours = tuple(_text(reader.row.values.get(o)) for _t, o in match)
            rows = (
                []
                if any(v is None for v in ours)
                else reader.ctx.rows_where(other, tuple(t for t, _o in match), ours)
            )
        for row in rows:
            sub = _RowReader(row, reader.ctx, reader.problems, reader.record)
            source, quote = sub.text(values, "source"), sub.text(values, "quote")
            if sub.failed:
                reader.failed = True
                continue
            if source is None or quote is None:
                if quote is not None and doubts is not None:
                    doubts.append(_sourceless_quote(sub, values, field, quote))
                continue
            citation = sub.build(partial(Citation, source, quote), values, field)
            if citation is None:
                reader.failed = True
            else:
                out.append(citation)
    return out


def _sourceless_quote(
    reader: _RowReader, values: Mapping[str, Value], field: str, quote: str
) -> Problem:
    """The doubt of a quote given in a row whose source is empty: the quote is not cited."""
    source, given = values["source"], values["quote"]
    named = source.column or source.path or source.template or source.where
    return Problem(
        reader.row.place.at(given.column or given.path),
        f"is a quote but its source ({named!r}) is empty; assumed no citation, and the quote "
        "was not imported",
        quote,
        reader.record,
        field,
    )


def _commitments(
    compiler: _Compiler, rules: list[tuple[str, CommitmentRule]], ctx: _Context,
    settings: _Settings, specs: Mapping[str, FieldSpec], problems: Problems, out: _Out,
) -> list[Callable[[], Iterator[Entry[Commitment]]]]:  # fmt: skip
    """The commitment rules compiled: for each, a function yielding its commitments."""
    runs: list[Callable[[], Iterator[Entry[Commitment]]]] = []
    simple = (
        "key",
        "title",
        "actors",
        "announced",
        "action",
        "beneficiary",
        "themes",
        "deadline",
        "parent",
        "notes",
    )
    for where, rule in rules:
        before = len(problems)
        table = compiler.table(rule, where)
        if table is None:
            continue
        values = compiler.values(rule, simple, where, table)
        target = (
            compiler.values(
                rule.target, ("quantity", "unit", "currency", "qualifier"), f"{where}.target", table
            )
            if rule.target is not None
            else {}
        )
        event = (
            compiler.values(rule.event, ("name", "place", "date"), f"{where}.event", table)
            if rule.event is not None
            else {}
        )
        custom = compiler.named(rule.custom, f"{where}.custom", table)
        citations = _citations(compiler, rule.citations, f"{where}.citations", table)
        missing = [n for n in ("key", "title", "actors", "announced") if n not in values]
        if not rule.citations:
            missing.append("citations")
        for name in missing:
            problems.add(Place(compiler.mapping_file), f"a commitment needs {name!r}", field=where)
        keep = compiler.where(rule, where)
        if len(problems) > before:
            continue
        rule_parts = _CommitmentRule(values, target, event, custom, citations)
        runs.append(
            partial(
                _commitment_rows,
                ctx.tables[table].rows,
                keep,
                ctx,
                problems,
                rule_parts,
                settings,
                specs,
                out,
            )
        )
    return runs


def _commitment_rows(
    rows: Iterable[Row], keep: RowFilter | None, ctx: _Context, problems: Problems,
    rule: _CommitmentRule, settings: _Settings, specs: Mapping[str, FieldSpec], out: _Out,
) -> Iterator[Entry[Commitment]]:  # fmt: skip
    for row in _kept(rows, keep):
        entry = _commitment_from_row(row, ctx, problems, rule, settings, specs, out)
        if entry is not None:
            yield entry


@attrs.frozen
class _CommitmentRule:
    values: Mapping[str, Value]
    target: Mapping[str, Value]
    event: Mapping[str, Value]
    custom: Mapping[str, Value]
    citations: list[tuple[str | None, tuple[tuple[str, str], ...], dict[str, Value]]]


_EMPTY_REQUIRED = (
    "is empty; a commitment needs a {name}. For rows that lack one: a constant `default`, or "
    "a rule of their own (`where`) reading another column (docs/import-export.md, 'Recipes')"
)


def _commitment_from_row(
    row: Row, ctx: _Context, problems: Problems, rule: _CommitmentRule, settings: _Settings,
    specs: Mapping[str, FieldSpec], out: _Out,
) -> Entry[Commitment] | None:  # fmt: skip
    values, target, event = rule.values, rule.target, rule.event
    reader = _RowReader(row, ctx, problems)
    key = reader.text(values, "key")
    reader.record = key
    title = reader.text(values, "title")
    for name, got in (("key", key), ("title", title)):
        if got is None:
            given = values[name]
            where = given.column or given.path
            reader.fail(where, None, _EMPTY_REQUIRED.format(name=name), name)
    if reader.failed:
        return None
    found = _date_of(reader, values, "announced", settings, "first")
    fields: dict[str, Any] = {
        "key": key,
        "title": title,
        "actors": _as_list(reader.get(values, "actors")),
        "action": reader.text(values, "action"),
        "beneficiary": reader.text(values, "beneficiary"),
        "themes": _as_list(reader.get(values, "themes")),
        "parent": reader.text(values, "parent"),
        "notes": reader.text(values, "notes"),
        "citations": tuple(_read_citations(reader, rule.citations, "citations", out.doubts)),
    }
    if target and reader.get(target, "quantity") is not None:
        fields["target"] = reader.build(
            lambda: Target(
                reader.get(target, "quantity"),
                reader.text(target, "unit"),  # type: ignore[arg-type]
                reader.text(target, "currency"),
                reader.text(target, "qualifier") or "exactly",
            ),
            target,
            "target",
        )
    if event and reader.get(event, "name") is not None:
        event_date = _date_of(reader, event, "date", settings, "first") if "date" in event else None
        fields["event"] = reader.build(
            lambda: Event(
                reader.text(event, "name"),  # type: ignore[arg-type]
                reader.text(event, "place"),
                event_date[0] if event_date else None,
            ),
            event,
            "event",
        )
    fields["custom"] = _custom(reader, rule.custom, specs)
    if found is None:
        if not reader.failed:
            reader.fail(
                values["announced"].column, None, "an announcement date is needed", "announced"
            )
        return None
    announced = found[0]
    fields["announced"] = announced
    deadline_text = reader.get(values, "deadline")
    memo_key = ("deadline", deadline_text, announced) if _plain_key(deadline_text) else None
    read = settings.memo.get(memo_key) if memo_key is not None else None
    if read is None:
        read = reader.build(
            lambda: read_deadline(
                deadline_text,
                announced,
                "deadline",
                dayfirst=settings.dayfirst,
                formats=settings.formats,
            ),
            values,
        )
        if read is not None and memo_key is not None:
            settings.memo.put(memo_key, read)
    if reader.failed:
        return None
    deadline, assumed = read
    assert isinstance(deadline, Deadline)
    fields["deadline"] = deadline
    if assumed is not None:
        given = values["deadline"]
        doubt = Problem(
            row.place.at(given.column or given.path), assumed, deadline_text, key, "deadline"
        )
    commitment = reader.build(lambda: Commitment(**fields), values)
    if commitment is None:
        return None
    if assumed is not None:
        out.doubts.append(doubt)
    if out.want_targets and commitment.target is not None:
        out.targets[commitment.key] = commitment.target
    return Entry(commitment, row.place)


def _plain_key(value: Any) -> bool:
    return value is None or isinstance(value, str | dt.date)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [t for t in (_text(v) for v in items) if t]


def _custom(
    reader: _RowReader, values: Mapping[str, Value], specs: Mapping[str, FieldSpec]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        raw = reader.get(values, name)
        if isinstance(raw, list):
            raw = "; ".join(_text(v) or "" for v in raw) or None
        spec = specs.get(name)
        if spec is None:
            if raw is not None:
                out[name] = (
                    raw if isinstance(raw, str | int | bool | Decimal | dt.date) else _text(raw)
                )
            continue
        try:
            coerced = spec.coerce(raw, reader.record)
        except ValidationError as err:
            reader.fail(value.column or value.path, raw, err.reason, f"custom.{name}")
            continue
        if coerced is not None:
            out[name] = coerced
    return out


@attrs.frozen
class _Round:
    status: Value
    effective: dt.date | None
    precision: Precision
    effective_value: Value | None
    others: Mapping[str, Value]
    statuses: Mapping[str, Value] = attrs.field(init=False)

    @statuses.default
    def _statuses(self) -> Mapping[str, Value]:
        return {"status": self.status}


class _Updates:
    """Builds the status updates of a rule, row by row.

    The first update is built in full, and so is every update with a note, progress, a
    percentage or an author, and a row's first update when it or the row before cites
    evidence. An update that differs from an earlier plain one (no evidence) only in its
    commitment, status, label and dates — a status, label and dates already accepted by a
    full build — is a copy of it with those values, its commitment key checked by the
    model's own checks of that field: StatusUpdate's checks each look at one field alone, so
    a copy made only of accepted values is one they accept.
    """

    def __init__(self) -> None:
        self.base: StatusUpdate | None = None
        self.kept: tuple[tuple[Callable[[Any, Any], None], Any], ...] = ()
        self.accepted: dict[Hashable, tuple[Any, ...]] = {}

    def row(self, evidence: Sequence[Citation]) -> None:
        """A new row, citing ``evidence``: a base with other evidence is not copied."""
        if evidence or (self.base is not None and self.base.evidence):
            self.base = None

    def make(
        self, build: Callable[[], StatusUpdate | None], plain: bool, status: Status,
        label: str | None, effective: dt.date, precision: Precision, commitment: str,
    ) -> StatusUpdate | None:  # fmt: skip
        key = (status, label, effective, precision)
        base = self.base
        if plain and base is not None:
            accepted = self.accepted.get(key)
            if accepted is not None and (
                base.commitment == commitment or _update_key_accepted(commitment)
            ):
                return _copy_update(self.kept, accepted, commitment)
        update = build()
        if update is not None and plain:
            if len(self.accepted) < 4096:
                self.accepted[key] = (
                    update.status, update.label, update.effective, update.effective_precision
                )  # fmt: skip
            if base is None:
                self.base = update
                self.kept = _base_items(update)
        return update


_UPDATE_FIELDS = tuple(a.name for a in attrs.fields(StatusUpdate))


_UPDATE_KEY = attrs.fields(StatusUpdate).commitment


def _update_key_accepted(key: str) -> bool:
    """True when StatusUpdate's own checks of its ``commitment`` field accept ``key``."""
    try:
        assert _UPDATE_KEY.validator is not None
        _UPDATE_KEY.validator(None, _UPDATE_KEY, key)
        refuse_nul_text(key, "commitment")
    except ValidationError:
        return False  # built in full, which reports the problem
    return True


#: the fields a copy takes from its base, and the setters of the slots (a frozen class's own
#: ``__setattr__`` refuses; its slots' setters are what attrs' generated ``__init__`` uses)
_COPIED = ("commitment", "status", "label", "effective", "effective_precision")
_SETTERS: dict[str, Callable[[Any, Any], None]] = {
    name: StatusUpdate.__dict__[name].__set__ for name in _UPDATE_FIELDS
}
_SET_KEY, _SET_STATUS, _SET_LABEL, _SET_EFFECTIVE, _SET_PRECISION = (_SETTERS[n] for n in _COPIED)


def _base_items(base: StatusUpdate) -> tuple[tuple[Callable[[Any, Any], None], Any], ...]:
    """The setters and values of ``base``'s fields that a copy of it keeps."""
    return tuple((_SETTERS[n], getattr(base, n)) for n in _UPDATE_FIELDS if n not in _COPIED)


def _copy_update(
    kept: tuple[tuple[Callable[[Any, Any], None], Any], ...],
    accepted: tuple[Any, ...],
    commitment: str,
) -> StatusUpdate:
    """A StatusUpdate with the ``kept`` values of a base (:func:`_base_items`), and
    ``commitment`` and the ``accepted`` status, label, date and precision."""
    new = object.__new__(StatusUpdate)
    for put, value in kept:
        put(new, value)
    status, label, effective, precision = accepted
    _SET_KEY(new, commitment)
    _SET_STATUS(new, status)
    _SET_LABEL(new, label)
    _SET_EFFECTIVE(new, effective)
    _SET_PRECISION(new, precision)
    return new


def _round_date(text: Any, where: str, settings: _Settings, edge: str) -> tuple[dt.date, Precision]:
    try:
        found = parse_date(text, where, dayfirst=settings.dayfirst, formats=settings.formats)
    except ValidationError as err:
        raise MappingError(where, err.reason, text) from None
    return found.on("first" if edge == "first" else "last"), found.precision


def _rounds(
    compiler: _Compiler, spec: RoundPattern | list[RoundSpec], where: str, table: str,
    settings: _Settings, edge: str,
) -> list[_Round]:  # fmt: skip
    out = []
    if isinstance(spec, RoundPattern):
        try:
            pattern = re.compile(spec.pattern)
        except re.error as err:
            raise MappingError(
                f"{where}.pattern", f"is not a regular expression: {err}", spec.pattern
            ) from None
        columns = [c for c in sorted(compiler.columns_of(table)) if pattern.fullmatch(c)]
        if not columns:
            raise MappingError(
                f"{where}.pattern", f"matches no column of table {table!r}", spec.pattern
            )
        for column in columns:
            m = pattern.fullmatch(column)
            assert m is not None
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            groups.update({str(i + 1): g for i, g in enumerate(m.groups()) if g is not None})

            def fill(text: str, groups: Mapping[str, str] = groups) -> str:
                out_text = text
                for name, val in groups.items():
                    out_text = out_text.replace("{" + name + "}", val)
                return out_text

            day, precision = _round_date(fill(spec.effective), f"{where}.effective", settings, edge)
            others = {}
            for name in _UPDATE_VALUES:
                given = getattr(spec, name)
                if given is not None and name == "actors":
                    # the actor is named by the column's name ('(?P<member>.+) score')
                    others[name] = _pattern_actor(fill(given), f"{where}.{name}")
                elif given is not None:
                    filled = fill(given)
                    if filled in compiler.columns_of(table):
                        others[name] = Value(f"{where}.{name}", column=filled, plain=True)
            out.append(
                _Round(
                    Value(f"{where}:{column}", column=column, plain=True),
                    day,
                    precision,
                    None,
                    others,
                )
            )
        return out
    if not spec:
        raise MappingError(where, "must be a list of rounds or {pattern, effective}", spec)
    for i, item in enumerate(spec):
        at = f"{where}[{i}]"
        if item.status is None or item.effective is None:
            raise MappingError(at, "a round needs status (a column) and effective (a date)")
        status = compiler.value(item.status, f"{at}.status", table)
        if status is None:
            continue
        effective = item.effective
        round_day: dt.date | None
        if isinstance(effective, ValueSpec):
            eff_value = compiler.value(effective, f"{at}.effective", table)
            round_day, precision = None, Precision.DAY
        else:
            eff_value = None
            round_day, precision = _round_date(effective, f"{at}.effective", settings, edge)
        others = compiler.values(item, _UPDATE_VALUES, at, table)
        out.append(_Round(status, round_day, precision, eff_value, others))
    return out


def _history(
    compiler: _Compiler, rules: list[tuple[str, HistoryRule]], ctx: _Context,
    settings: _Settings, vocabularies: Mapping[str, Vocabulary], problems: Problems, out: _Out,
) -> list[Callable[[], Iterator[Entry[StatusUpdate]]]]:  # fmt: skip
    """The history rules compiled: for each, a function yielding its status updates."""
    runs: list[Callable[[], Iterator[Entry[StatusUpdate]]]] = []
    for where, rule in rules:
        before = len(problems)
        try:
            edge = rule.day or "last"
            if edge not in ("first", "last"):
                raise MappingError(f"{where}.day", "must be first or last", edge)
            table = compiler.table(rule, where)
            if table is None:
                continue
            name = rule.vocabulary or CANONICAL.name
            vocabulary = vocabularies.get(name)
            if vocabulary is None:
                raise MappingError(
                    f"{where}.vocabulary",
                    "is not a vocabulary of the mapping or the store; known: "
                    + ", ".join(sorted(vocabularies)),
                    name,
                )
            if rule.commitment is None:
                raise MappingError(
                    where, "needs commitment: the key of the commitment each row updates"
                )
            commitment = compiler.value(rule.commitment, f"{where}.commitment", table)
            if rule.rounds is not None:
                rounds = _rounds(compiler, rule.rounds, f"{where}.rounds", table, settings, edge)
            else:
                if rule.status is None or rule.effective is None:
                    raise MappingError(
                        where, "needs rounds (a wide table) or status and effective (a long one)"
                    )
                status = compiler.value(rule.status, f"{where}.status", table)
                eff = compiler.value(rule.effective, f"{where}.effective", table)
                if status is None or eff is None:
                    continue
                others = compiler.values(rule, _UPDATE_VALUES, where, table)
                rounds = [_Round(status, None, Precision.DAY, eff, others)]
            evidence = _citations(compiler, rule.evidence, f"{where}.evidence", table)
            keep = compiler.where(rule, where)
        except MappingError as err:
            problems.add(Place(compiler.mapping_file), err.reason, err.value, field=err.where)
            continue
        if commitment is None or len(problems) > before:
            continue
        wide = rule.rounds is not None
        if any("progress_percent" in r.others for r in rounds):
            out.want_targets = True
        plan = _HistoryRule(commitment, rounds, evidence, vocabulary, wide, edge)
        runs.append(
            partial(_update_rows, ctx.tables[table].rows, keep, ctx, problems, plan, settings, out)
        )
    return runs


@attrs.frozen
class _HistoryRule:
    commitment: Value
    rounds: list[_Round]
    evidence: list[tuple[str | None, tuple[tuple[str, str], ...], dict[str, Value]]]
    vocabulary: Vocabulary
    wide: bool
    edge: str


def _update_rows(
    rows: Iterable[Row], keep: RowFilter | None, ctx: _Context, problems: Problems,
    rule: _HistoryRule, settings: _Settings, out: _Out,
) -> Iterator[Entry[StatusUpdate]]:  # fmt: skip
    commitment, rounds, evidence = rule.commitment, rule.rounds, rule.evidence
    vocabulary, wide, edge = rule.vocabulary, rule.wide, rule.edge
    known: dict[str, Status] = {}
    made = _Updates()
    for row in _kept(rows, keep):
        reader = _RowReader(row, ctx, problems)
        key = reader.text({"commitment": commitment}, "commitment")
        reader.record = key
        if key is None:
            reader.fail(commitment.column, None, "names no commitment", "commitment")
            continue
        cited = _read_citations(reader, evidence, "evidence", out.doubts)
        made.row(cited)
        updated = False
        for rnd in rounds:
            update = _read_update(
                reader, rnd, key, vocabulary, settings, edge, wide, cited, out.targets, known,
                made,
            )  # fmt: skip
            if update is not None:
                updated = True
                yield update
            elif rnd.others:
                out.doubts.extend(_unrated_cells(reader, rnd, key))
        if cited and not updated and not reader.failed:
            out.doubts.append(_unrated_evidence(reader, rounds, key, cited))


_CELL_NAMES = {"percent": "percentage", "progress_percent": "percentage", "actors": "actors' list"}


def _unrated_cells(reader: _RowReader, rnd: _Round, key: str) -> list[Problem]:
    """The doubts of a round whose status cell is empty while other cells of it are not.

    An empty status is an unrated round and gives no update; a percentage, note, progress,
    author or actors that the round names in the same row would then be lost. Each such cell
    is a doubt (a note, or a problem under ``strict``) naming its place and value, and
    saying what was assumed. A constant, or a value equal to its own ``default``, is not
    the row's and is never a doubt."""
    row, ctx = reader.row, reader.ctx
    try:
        status = _text(rnd.status.get(row, ctx))
    except CellError:
        return []  # the status cell is not empty (and its problem is reported already)
    if status is not None:
        return []  # an update, or a problem already reported
    column = rnd.status.column or rnd.status.path or rnd.status.where
    out = []
    for name in _UPDATE_VALUES:
        value = rnd.others.get(name)
        if value is None or value.has_constant:
            continue
        try:
            got = value.get(row, ctx)
        except CellError as err:
            got = err.value
        if (
            got is None
            or got == ""
            or got == []
            or (value.default is not None and got == value.default)
        ):
            continue
        out.append(
            Problem(
                row.place.at(value.column or value.path),
                f"is given but the round's status cell {column!r} is empty; assumed the "
                f"round was not rated, and this {_CELL_NAMES.get(name, name)} was not imported",
                got,
                key,
                name,
            )
        )
    return out


def _unrated_evidence(
    reader: _RowReader, rounds: Sequence[_Round], key: str, cited: Sequence[Citation]
) -> Problem:
    """The doubt of a row whose evidence is given while none of its rounds has a status."""
    columns = ", ".join(repr(r.status.column or r.status.path or r.status.where) for r in rounds)
    shown = "; ".join(f"{c.source}: {c.quote}" for c in cited)
    return Problem(
        reader.row.place,
        f"cites evidence but its status cell ({columns}) is empty; assumed the row was not "
        "rated, "
        f"and its {len(cited)} evidence quote(s) were not imported",
        shown,
        key,
        "evidence",
    )


def _read_update(
    reader: _RowReader, rnd: _Round, key: str, vocabulary: Vocabulary, settings: _Settings,
    edge: str, wide: bool, evidence: list[Citation], targets: Mapping[str, Target],
    known: dict[str, Status], made: _Updates,
) -> Entry[StatusUpdate] | None:  # fmt: skip
    before = len(reader.problems)
    raw = reader.get(rnd.statuses, "status")
    label = _text(raw)
    if label is None:  # an empty cell (or a value mapped to null): no update from this row
        return None
    column = rnd.status.column or rnd.status.path
    status: Status | None = None
    if isinstance(raw, Status):
        status = raw
    else:
        try:
            status = known.get(label)
            if status is None:
                status = known[label] = vocabulary.to_canonical(label)
        except ValidationError:
            labels = ", ".join(repr(lb) for lb in vocabulary.labels)
            reader.fail(
                column,
                label,
                f"is a status label with no mapping in vocabulary {vocabulary.name!r}; "
                f"known: {labels}",
                "status",
            )
            return None
    if rnd.effective is not None:
        effective, precision = rnd.effective, rnd.precision
    else:
        assert rnd.effective_value is not None
        found = _date_of(reader, {"effective": rnd.effective_value}, "effective", settings, edge)
        if found is None:
            if len(reader.problems) == before:
                reader.fail(
                    rnd.effective_value.column, None, "an effective date is needed", "effective"
                )
            return None
        effective, precision = found
    note = progress = share = author = None
    others = rnd.others
    if others:
        note = reader.text(others, "note")
        progress = reader.get(others, "progress")
    for name in ("percent", "progress_percent") if others else ():
        given = reader.get(rnd.others, name)
        if given is None:
            continue
        try:
            share = to_quantity(str(given).rstrip("%").strip(), name)
        except ValidationError as err:
            p = rnd.others[name]
            reader.fail(p.column or p.path, given, err.reason, name)
            return None
        if not Decimal(0) <= share <= Decimal(100):
            p = rnd.others[name]
            reader.fail(p.column or p.path, given, "is not a percentage from 0 to 100", name)
            return None
        target = targets.get(key)
        if name == "progress_percent" and target is not None:
            progress = target.quantity * share / 100
    if others:
        author = reader.text(others, "author")
    assessed = _assessed(reader.get(others, "actors")) if others else ()
    if len(reader.problems) > before:
        return None
    own_label = None if vocabulary.name == CANONICAL.name else label
    plain = note is None and progress is None and share is None and author is None and not assessed
    update = made.make(
        lambda: reader.build(
            lambda: StatusUpdate(
                commitment=key,
                status=status,
                effective=effective,
                progress=progress,
                note=note,
                evidence=tuple(evidence),
                effective_precision=precision,
                label=own_label,
                percent=share,
                author=author,
                actors=assessed,
            ),
            {"label": rnd.status, **rnd.others},
        ),
        plain,
        status,
        own_label,
        effective,
        precision,
        key,
    )
    if update is None:
        return None
    return Entry(update, reader.row.place.at(column if rnd.effective is not None else None))


def _pattern_actor(name: str, where: str) -> Value:
    """The actor a pattern's round assesses: its template filled from the column's name."""
    return Value(where, constant=[name], has_constant=True)


def _assessed(given: Any) -> tuple[str, ...]:
    """The actors an update assesses, from a value: one name, or a list of names."""
    if given is None:
        return ()
    names = given if isinstance(given, list | tuple) else [given]
    return tuple(text for name in names if (text := _text(name)) is not None)


# --- the whole mapping --------------------------------------------------------------------


def _load_mapping(path: Path, problems: Problems) -> Mapping[str, Any]:
    from pledgetrack.io.readers import decode

    label = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        problems.add(Place(label), f"cannot read the mapping: {err.strerror or err}")
        problems.raise_if_any()
        raise
    text = decode(data, label, problems)
    problems.raise_if_any()
    try:
        spec = yaml_load(text)
    except Exception as err:
        problems.add(Place(label), f"is not valid YAML: {err}")
        problems.raise_if_any()
        raise
    if not isinstance(spec, Mapping):
        problems.add(Place(label), "a mapping file is a YAML mapping of properties")
        problems.raise_if_any()
    assert isinstance(spec, Mapping)
    return spec


def _plan(mapping_path: Path, data: Path | None, tracker: Tracker | None) -> _Plan:
    """The mapping compiled against its tables' headers; ImportFailed with every mistake of
    the mapping (and every file that cannot be opened) at once.

    The YAML is first structured into the typed spec (:mod:`pledgetrack.io.mapspec`), which
    reports every mistake of shape with its path; the rules are compiled from the typed spec.
    """
    problems = Problems()
    written = _load_mapping(mapping_path, problems)
    label = str(mapping_path)
    for where, reason in spec_problems(written):  # the shape first, every mistake with its path
        problems.add(Place(label), reason, field=where)
    problems.raise_if_any()
    spec = structure_mapping(written)
    folder = data if data is not None and data.is_dir() else mapping_path.parent
    single = data if data is not None and not data.is_dir() else None
    try:
        if spec.pledgetrack_mapping != MAPPING_VERSION:
            raise MappingError(
                "pledgetrack-mapping",
                f"must be {MAPPING_VERSION} (the mapping format version)",
                spec.pledgetrack_mapping,
            )
        dates = spec.dates
        settings = _Settings(dates.dayfirst, tuple(dates.formats)) if dates else _Settings()
        if not spec.tables:
            raise MappingError("tables", "needs at least one input table")
        if single is not None and len(spec.tables) != 1:
            raise MappingError(
                "tables",
                f"has {len(spec.tables)} tables, so the data to import is a folder, not one file",
                str(single),
            )
    except MappingError as err:
        problems.add(Place(label), err.reason, err.value, field=err.where)
        problems.raise_if_any()
        raise

    defaults = spec.input
    tables: dict[str, Table] = {}
    for name, tspec in spec.tables.items():
        where = f"tables.{name}"
        file = single if single is not None else folder / tspec.file
        if not file.exists():
            problems.add(
                Place(label),
                f"the file {str(file)!r} does not exist",
                tspec.file,
                field=f"{where}.file",
            )
            continue
        shown = single.name if single is not None else tspec.file
        fmt = tspec.format or (defaults.format if defaults else None)
        kind = (fmt or file.suffix.lstrip(".")).lower()
        try:
            keep = RowFilter(tspec.where) if tspec.where is not None else None
        except ValueError as err:
            problems.add(Place(label), str(err), tspec.where, field=f"{where}.where")
            continue
        header = tspec.header if tspec.header is not None else 1
        if header < 1:
            problems.add(
                Place(label),
                "is the header's row number (1 or more)",
                header,
                field=f"{where}.header",
            )
            continue
        if kind in SPREADSHEET_FORMATS:
            if tspec.columns is not None:
                problems.add(
                    Place(label),
                    "is for a CSV or TSV file with no header row; a sheet's header row is "
                    "given by header",
                    field=f"{where}.columns",
                )
                continue
            table = read_sheet(name, file, problems, sheet=tspec.sheet, header=header, label=shown)
        else:
            table = read_table(
                name,
                file,
                problems,
                format=fmt,
                delimiter=tspec.delimiter or (defaults.delimiter if defaults else None),
                encoding=tspec.encoding or (defaults.encoding if defaults else None) or "utf-8",
                records=tspec.records,
                label=shown,
                columns=tspec.columns,
            )
        missing = tspec.missing if tspec.missing is not None else (defaults and defaults.missing)
        if missing:
            table = attrs.evolve(table, rows=_Blanked(table.rows, missing))
        if keep is not None:
            table = attrs.evolve(table, rows=_Kept(table.rows, keep))
        tables[name] = table
    if len(tables) < len(spec.tables):
        problems.raise_if_any()

    out = _Out()
    compiler = _Compiler(tables, problems, label)
    ctx = _Context(tables)
    fields: list[Entry[FieldSpec]] = []
    vocabulary_entries: list[Entry[Vocabulary]] = []

    specs: dict[str, FieldSpec] = {f.name: f for f in tracker.fields()} if tracker else {}
    for i, declared in enumerate(spec.fields):
        try:
            field_spec = spec_from_dict(attrs.asdict(declared))
        except ValidationError as err:
            problems.add(Place(label), err.reason, err.value, field=f"fields[{i}]")
            continue
        specs[field_spec.name] = field_spec
        fields.append(Entry(field_spec, Place(label, None, None)))

    vocabularies: dict[str, Vocabulary] = (
        dict(tracker.vocabularies()) if tracker else dict(BUILT_IN)
    )
    for i, given in enumerate(spec.vocabularies):
        try:
            vocabulary = vocabulary_from_dict(attrs.asdict(given))
        except ValidationError as err:
            problems.add(Place(label), err.reason, err.value, field=f"vocabularies[{i}]")
            continue
        if vocabulary.name in vocabularies and vocabulary.name not in BUILT_IN:
            merged = dict(vocabularies[vocabulary.name].mapping) | dict(vocabulary.mapping)
            vocabulary = attrs.evolve(vocabulary, mapping=merged)
        vocabularies[vocabulary.name] = vocabulary
        vocabulary_entries.append(Entry(vocabulary, Place(label)))

    plan = _Plan(
        tables,
        fields,
        vocabulary_entries,
        _sources(compiler, _rules(written, spec.sources, "sources"), ctx, settings, problems),
        _commitments(
            compiler,
            _rules(written, spec.commitments, "commitments"),
            ctx,
            settings,
            specs,
            problems,
            out,
        ),
        _history(
            compiler,
            _rules(written, spec.history, "history"),
            ctx,
            settings,
            vocabularies,
            problems,
            out,
        ),
        problems,
        out,
    )
    problems.raise_if_any()
    return plan


def _rules(written: Mapping[str, Any], rules: list[T], name: str) -> list[tuple[str, T]]:
    """Each rule with its path in the YAML: ``commitments`` when one rule is written alone,
    ``commitments[0]`` … in a list."""
    if isinstance(written.get(name), Mapping):
        return [(name, rule) for rule in rules]
    return [(f"{name}[{i}]", rule) for i, rule in enumerate(rules)]


@attrs.define
class _Out:
    """What reading rows leaves beside the records: doubts, and the targets of commitments."""

    doubts: list[Problem] = attrs.Factory(list)
    #: the target of each commitment read that has one, kept only when a history rule reads
    #: ``progress_percent`` (which needs it); else nothing is kept per commitment
    targets: dict[str, Target] = attrs.Factory(dict)
    want_targets: bool = False


@attrs.frozen
class _Plan:
    tables: Mapping[str, Table]
    fields: list[Entry[FieldSpec]]
    vocabularies: list[Entry[Vocabulary]]
    sources: list[Callable[[], Iterator[Entry[Source]]]]
    commitments: list[Callable[[], Iterator[Entry[Commitment]]]]
    history: list[Callable[[], Iterator[Entry[StatusUpdate]]]]
    problems: Problems
    out: _Out


class _Kept:
    """The rows of ``rows`` that pass ``keep``, as often as they are iterated."""

    def __init__(self, rows: Iterable[Row], keep: RowFilter) -> None:
        self.rows = rows
        self.keep = keep

    def __iter__(self) -> Iterator[Row]:
        return iter(_kept(self.rows, self.keep))


class _Blanked:
    """The rows of ``rows`` with every text in ``missing`` ("N/A", "-") read as an empty cell,
    in nested records too, as often as they are iterated."""

    def __init__(self, rows: Iterable[Row], missing: Iterable[str]) -> None:
        self.rows = rows
        self.missing = frozenset(text for m in missing if (text := normalise(m)) is not None)

    def __iter__(self) -> Iterator[Row]:
        for row in self.rows:
            yield attrs.evolve(row, values=blank_missing(row.values, self.missing))


def blank_missing(value: Any, missing: frozenset[str]) -> Any:
    """``value`` with each text in ``missing`` replaced by None, in lists and records too."""
    if isinstance(value, str):
        return None if value in missing else value
    if isinstance(value, list):
        return [blank_missing(v, missing) for v in value]
    if isinstance(value, Mapping):
        return {k: blank_missing(v, missing) for k, v in value.items()}
    return value


@attrs.frozen
class Note:
    """A doubtful value imported with an assumption: its place, value and what was assumed."""

    problem: Problem


#: what :func:`iter_mapped` yields
Item = (
    Entry[Source] | Entry[FieldSpec] | Entry[Vocabulary] | Entry[Commitment]
    | Entry[StatusUpdate] | Note | Problem
)  # fmt: skip


def iter_mapped(
    mapping_path: Path,
    data: Path | None = None,
    *,
    tracker: Tracker | None = None,
    strict: bool = False,
) -> Iterator[Item]:
    """The records another tracker's files hold, read through the mapping at ``mapping_path``,
    one at a time, in the order they are written.

    Table files are found relative to the mapping's folder, or to ``data`` when it is a
    folder; when ``data`` is a file, the mapping must have one table, which reads it.
    ``tracker`` supplies the vocabularies and fields already stored.

    The contract:

    - **Before anything is yielded** the mapping is compiled against its tables' headers;
      every mistake of the mapping, and every table file that cannot be opened or whose
      header is wrong, is raised at once as :class:`ImportFailed` (on the first ``next``).
    - Then it yields, in this order: the sources (``Entry[Source]``), the declared custom
      fields (``Entry[FieldSpec]``), the declared vocabularies (``Entry[Vocabulary]``), the
      commitments (``Entry[Commitment]``), then the status updates
      (``Entry[StatusUpdate]``), rule by rule and row by row in file order.
    - A commitment is yielded after its parent when the parent is read from the same
      mapping: a commitment whose parent has not been yielded yet is held back until it is,
      and any still held when every commitment rule is done (its parent is stored already,
      or missing) is yielded then, fewest ancestors first. The usual files, parents before
      parts, hold nothing back.
    - Between the records come :class:`Problem` items (a row that cannot be read: file, row,
      column, value and why; the row gives no record) and :class:`Note` items (a doubtful
      value imported with an assumption). With ``strict`` each doubt is a :class:`Problem`
      instead. A problem does not stop the reading, so every one is reported; the caller
      must write nothing if any :class:`Problem` was yielded.
    - Memory: CSV and TSV tables are streamed from the file, once for each rule that reads
      them (and once more, at the end, for a table no rule reads, to report its rows'
      problems); no row is held. JSON, YAML and spreadsheet tables are parsed whole (their
      parsers need the whole document), and a table named by a ``related`` or ``lookup``
      value, or by a citation's ``from``, is indexed in memory. Beside that, only small
      per-key state is kept: the keys of commitments yielded, the commitments held back for
      a parent, and, only when a history rule reads ``progress_percent``, the
      targets of commitments.
    - Status updates are yielded as read; duplicates, unknown commitments and other checks
      across records are the loader's (:func:`pledgetrack.io.collection.load_collection`).
    """
    plan = _plan(mapping_path, data, tracker)
    problems, out = plan.problems, plan.out

    def pending() -> Iterator[Item]:
        if problems.items:
            yield from problems.items
            problems.items.clear()
        if out.doubts:
            for doubt in out.doubts:
                yield doubt if strict else Note(doubt)
            out.doubts.clear()

    for source_run in plan.sources:
        for source in source_run():
            yield from pending()
            yield source
    yield from plan.fields
    yield from plan.vocabularies
    yield from pending()
    seen: dict[str, None] = {}  # the keys yielded (a dictionary: a set takes five times more)
    waiting: dict[str, list[Entry[Commitment]]] = defaultdict(list)
    for commitment_run in plan.commitments:
        for entry in commitment_run():
            yield from pending()
            parent = entry.value.parent
            if parent is not None and parent not in seen:
                waiting[parent].append(entry)
                continue
            ready = [entry]
            while ready:
                done = ready.pop()
                seen[done.value.key] = None
                yield done
                ready.extend(reversed(waiting.pop(done.value.key, [])))
    yield from pending()
    if waiting:
        yield from _held_back(waiting)
    for history_run in plan.history:
        for update in history_run():
            yield from pending()
            yield update
    yield from pending()
    for table in plan.tables.values():  # rows no rule read still have their problems noted
        if isinstance(table.rows, DelimitedRows) and not table.rows.checked:
            for _row in table.rows:
                pass
    yield from pending()


def _held_back(waiting: Mapping[str, list[Entry[Commitment]]]) -> Iterator[Entry[Commitment]]:
    """The commitments whose parents were never yielded, each after its own held-back parent."""
    entries = {e.value.key: e for items in waiting.values() for e in items}

    def depth(key: str) -> int:
        seen: set[str] = set()
        count = 0
        while key in entries and key not in seen:
            seen.add(key)
            parent = entries[key].value.parent
            if parent is None:
                break
            key, count = parent, count + 1
        return count

    order = sorted(entries.values(), key=lambda e: depth(e.value.key))
    yield from order


def read_mapped(
    mapping_path: Path,
    data: Path | None = None,
    *,
    tracker: Tracker | None = None,
) -> Collection:
    """The records another tracker's files hold, read through the mapping at ``mapping_path``,
    as one :class:`Collection` (built from :func:`iter_mapped`).

    Raises ImportFailed with every problem — of the mapping and of every row — at once.
    """
    collection = Collection()
    problems = Problems()
    for item in iter_mapped(mapping_path, data, tracker=tracker):
        if isinstance(item, Problem):
            problems.items.append(item)
        elif isinstance(item, Note):
            collection.doubt(item.problem)
        else:
            value = item.value
            if isinstance(value, Commitment):
                collection.commitments.append(item)  # type: ignore[arg-type]
            elif isinstance(value, StatusUpdate):
                collection.updates.append(item)  # type: ignore[arg-type]
            elif isinstance(value, Source):
                collection.sources.append(item)  # type: ignore[arg-type]
            elif isinstance(value, FieldSpec):
                collection.fields.append(item)  # type: ignore[arg-type]
            else:
                collection.vocabularies.append(item)  # type: ignore[arg-type]
    problems.raise_if_any()
    return collection
