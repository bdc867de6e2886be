"""Mapping files as typed specs: attrs classes structured with cattrs, and their JSON Schema.

Before a mapping is compiled, its YAML is structured into these classes; every mistake of
shape (an unknown property, a list where a text belongs, a missing ``file``) is reported at
once, each with its path in the YAML (``$.commitments.citations[0].quote``). The same
classes give the published JSON Schema (``pledgetrack schema --mapping``, or
:func:`mapping_schema`), so that editors complete and check mapping files.

Wherever a *value* is expected (:class:`ValueSpec`) a bare text names a column, a scalar is a
constant, and a mapping is a value object. Wherever a list of rules or citations is expected,
one rule alone may be given instead of a list of one.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Union

import attrs
import cattrs
from cattrs.cols import list_structure_factory
from cattrs.gen import make_dict_structure_fn, override

from pledgetrack.errors import quoted

__all__ = [
    "MappingSpec",
    "ValueSpec",
    "mapping_schema",
    "spec_problems",
    "structure_mapping",
    "structure_value",
]


@attrs.frozen
class ValueSpec:
    """Where a value comes from (exactly one of the first seven) and how it is transformed.

    ``row: true`` is the row's own place: its line number in a CSV/TSV file (the line the
    record starts on), its row number in a sheet, its JSON path in a JSON/YAML file.
    ``root`` is a value outside the records: a JSONPath from the root of the table's JSON or
    YAML document (``$.updated``), read once, the same for every row."""

    column: str | None = None
    path: str | None = None
    constant: Any = None
    template: str | None = None
    related: RelatedSpec | None = None
    row: bool | None = None
    root: str | RootSpec | None = None
    when: str | None = None
    split: str | None = None
    regex: str | None = None
    present: Any = None
    map: dict[Any, Any] | None = None
    lookup: LookupSpec | None = None
    #: the decimal mark of the numbers in this value: ``","`` reads ``37,5`` as 37.5
    decimal: str | None = None
    #: multiply a number by this, exactly (a 0-1 score as a percentage: ``scale: 100``)
    scale: Decimal | int | None = None
    format: str | None = None
    default: Any = None


@attrs.frozen
class RelatedSpec:
    """The values of the rows of another table that match this row."""

    from_: str
    match: dict[str, str]
    value: ValueSpec


@attrs.frozen
class RootSpec:
    """A value outside the records, from the root of a table's JSON or YAML document."""

    #: a JSONPath (RFC 9535) from the document's root: ``$.updated``, ``$.meta.source``
    path: str
    #: the table whose document is read (default: the rule's own ``from`` table)
    table: str | None = None


@attrs.frozen
class LookupSpec:
    """The ``value`` column of the row of ``table`` whose ``key`` column equals the value."""

    table: str
    key: str
    value: str


@attrs.frozen
class InputSpec:
    """Defaults for every table."""

    encoding: str | None = None
    delimiter: str | None = None
    format: str | None = None
    #: cell texts that mean "no value" in every table ("N/A", "-"), unless a table gives its own
    missing: list[str] | None = None


@attrs.frozen
class DatesSpec:
    """How numeric dates are read."""

    dayfirst: bool | None = None
    formats: list[str] = attrs.Factory(list)


@attrs.frozen
class TableSpec:
    """One input table: a file and how to read it."""

    file: str
    format: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    records: str | None = None
    sheet: str | int | None = None
    header: int | None = None
    where: str | None = None
    #: the column names of a CSV/TSV file with no header row (its first row is a record)
    columns: list[str] | None = None
    #: cell texts that mean "no value" ("N/A", "n/a", "-"): read as an empty cell
    missing: list[str] | None = None


@attrs.frozen
class VocabularySpec:
    """A status vocabulary: the tracker's labels and the canonical status of each."""

    name: str
    labels: dict[str, str | None]
    description: str | None = None


@attrs.frozen
class FieldDeclaration:
    """A custom field declared by the mapping."""

    name: str
    type: str
    description: str | None = None
    choices: list[str] = attrs.Factory(list)
    required: bool = False


@attrs.frozen
class CitationSpec:
    """A quote in a source (or one per related row)."""

    source: ValueSpec | None = None
    quote: ValueSpec | None = None
    from_: str | None = None
    match: dict[str, str] | None = None


@attrs.frozen
class SourceRule:
    """One source, or one per row of ``from``."""

    key: ValueSpec | None = None
    title: ValueSpec | None = None
    from_: str | None = None
    where: str | None = None
    publisher: ValueSpec | None = None
    url: ValueSpec | None = None
    published: ValueSpec | None = None
    language: ValueSpec | None = None
    retrieved: ValueSpec | None = None
    text: ValueSpec | None = None
    event: ValueSpec | None = None
    licence: ValueSpec | None = None
    notes: ValueSpec | None = None


@attrs.frozen
class TargetSpec:
    """A quantified target."""

    quantity: ValueSpec | None = None
    unit: ValueSpec | None = None
    currency: ValueSpec | None = None
    qualifier: ValueSpec | None = None


@attrs.frozen
class EventSpec:
    """The event a commitment was made at."""

    name: ValueSpec | None = None
    place: ValueSpec | None = None
    date: ValueSpec | None = None


@attrs.frozen
class CommitmentRule:
    """One commitment per row of ``from``."""

    from_: str | None = None
    where: str | None = None
    key: ValueSpec | None = None
    title: ValueSpec | None = None
    actors: ValueSpec | None = None
    announced: ValueSpec | None = None
    action: ValueSpec | None = None
    beneficiary: ValueSpec | None = None
    themes: ValueSpec | None = None
    deadline: ValueSpec | None = None
    parent: ValueSpec | None = None
    notes: ValueSpec | None = None
    target: TargetSpec | None = None
    event: EventSpec | None = None
    custom: dict[str, ValueSpec] = attrs.Factory(dict)
    citations: list[CitationSpec] = attrs.Factory(list)


@attrs.frozen
class RoundSpec:
    """One assessment round of a wide table (a status column and its date).

    ``effective`` is the round's date (``2021-12-31``, or a partial date as text: ``"Q4
    2021"``), or a value object (``{column: rated_on}``) for a date in each row."""

    status: ValueSpec | None = None
    effective: str | dt.date | ValueSpec | None = None
    note: ValueSpec | None = None
    progress: ValueSpec | None = None
    progress_percent: ValueSpec | None = None
    percent: ValueSpec | None = None
    author: ValueSpec | None = None
    #: the commitment's actors this round assesses (a scorecard's column per member state)
    actors: ValueSpec | None = None
    evidence: list[CitationSpec] = attrs.Factory(list)


@attrs.frozen
class RoundPattern:
    """The rounds of a wide table found by a pattern over its column names."""

    pattern: str
    #: a template of the pattern's groups ("{year}-12-31"), or one date for every round
    effective: str
    note: str | None = None
    progress: str | None = None
    progress_percent: str | None = None
    percent: str | None = None
    author: str | None = None
    actors: str | None = None
    evidence: list[CitationSpec] = attrs.Factory(list)


@attrs.frozen
class HistoryRule:
    """Status updates: one per row (a long table) or per round of each row (a wide one)."""

    from_: str | None = None
    where: str | None = None
    commitment: ValueSpec | None = None
    vocabulary: str | None = None
    day: str | None = None
    rounds: RoundPattern | list[RoundSpec] | None = None
    status: ValueSpec | None = None
    effective: ValueSpec | None = None
    note: ValueSpec | None = None
    progress: ValueSpec | None = None
    progress_percent: ValueSpec | None = None
    percent: ValueSpec | None = None
    author: ValueSpec | None = None
    #: the commitment's actors each update assesses (none: the commitment as a whole)
    actors: ValueSpec | None = None
    evidence: list[CitationSpec] = attrs.Factory(list)


@attrs.frozen
class MappingSpec:
    """A whole mapping file."""

    pledgetrack_mapping: int
    tables: dict[str, TableSpec]
    description: str | None = None
    input: InputSpec | None = None
    dates: DatesSpec | None = None
    vocabularies: list[VocabularySpec] = attrs.Factory(list)
    fields: list[FieldDeclaration] = attrs.Factory(list)
    sources: list[SourceRule] = attrs.Factory(list)
    commitments: list[CommitmentRule] = attrs.Factory(list)
    history: list[HistoryRule] = attrs.Factory(list)


_CLASSES: tuple[type[Any], ...] = (
    ValueSpec, RelatedSpec, RootSpec, LookupSpec, InputSpec, DatesSpec, TableSpec, VocabularySpec,
    FieldDeclaration, CitationSpec, SourceRule, TargetSpec, EventSpec, CommitmentRule,
    RoundSpec, RoundPattern, HistoryRule, MappingSpec,
)  # fmt: skip
for _cls in _CLASSES:
    attrs.resolve_types(_cls, globals(), locals())

_RENAMED = {"from_": "from", "pledgetrack_mapping": "pledgetrack-mapping"}
_SCALARS = (str, int, bool, Decimal, dt.date, float)


def _key(name: str) -> str:
    return _RENAMED.get(name, name)


def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)

    def spec_class(cls: Any) -> Any:
        renames: dict[str, Any] = {
            f.name: override(rename=_key(f.name)) for f in attrs.fields(cls) if f.name in _RENAMED
        }
        hook = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True, **renames)
        return _value_hook(hook) if cls is ValueSpec else hook

    conv.register_structure_hook_factory(lambda t: t in _CLASSES, spec_class)

    def strict_text(value: Any, _type: type[Any]) -> str:
        if not isinstance(value, str):
            raise ValueError(f"must be a text, not {_shown(value)}")
        return value

    def strict_int(value: Any, _type: type[Any]) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be a whole number, not {_shown(value)}")
        return value

    def strict_bool(value: Any, _type: type[Any]) -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, not {_shown(value)}")
        return value

    conv.register_structure_hook(str, strict_text)
    conv.register_structure_hook(int, strict_int)
    conv.register_structure_hook(bool, strict_bool)
    conv.register_structure_hook(Any, lambda value, _type: value)

    def is_rule_list(kind: Any) -> bool:
        args = typing.get_args(kind)
        return typing.get_origin(kind) is list and len(args) == 1 and attrs.has(args[0])

    def one_or_many(kind: Any) -> Any:
        (item,) = typing.get_args(kind)
        many = list_structure_factory(kind, conv)

        def hook(value: Any, _type: Any) -> list[Any]:
            if value is None:
                return []
            if isinstance(value, Mapping):
                return [conv.structure(value, item)]
            if not isinstance(value, list):
                raise ValueError(f"must be a {_label(item)} or a list of them, not {_shown(value)}")
            structured: list[Any] = many(value, kind)
            return structured

        return hook

    conv.register_structure_hook_factory(is_rule_list, one_or_many)

    def rounds(value: Any, _type: Any) -> RoundPattern | list[RoundSpec]:
        if isinstance(value, Mapping):
            return conv.structure(value, RoundPattern)
        return conv.structure(value, list[RoundSpec])

    conv.register_structure_hook(RoundPattern | list[RoundSpec], rounds)
    conv.register_structure_hook(
        RoundPattern | list[RoundSpec] | None, lambda v, t: None if v is None else rounds(v, t)
    )

    def round_date(value: Any, _type: Any) -> str | dt.date | ValueSpec | None:
        if value is None or isinstance(value, str | dt.date):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, Mapping):
            return conv.structure(value, ValueSpec)
        raise ValueError(f"is a date or a value object (a date in each row), not {_shown(value)}")

    conv.register_structure_hook(str | dt.date | ValueSpec | None, round_date)

    def pattern_class(cls: Any) -> Any:
        # a pattern's effective may be one date written as a YAML date (2020-06-30)
        hook = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)

        def structure(value: Any, kind: Any) -> Any:
            if isinstance(value, Mapping) and isinstance(value.get("effective"), dt.date):
                value = {**value, "effective": value["effective"].isoformat()}
            return hook(value, kind)

        return structure

    conv.register_structure_hook_factory(lambda t: t is RoundPattern, pattern_class)

    def sheet(value: Any, _type: Any) -> str | int:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError(f"is a sheet's name or its position (0 first), not {_shown(value)}")
        return value

    def root(value: Any, _type: Any) -> str | RootSpec | None:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, Mapping):
            return conv.structure(value, RootSpec)
        raise ValueError(
            f"is a JSONPath from the document's root, or {{table, path}}, not {_shown(value)}"
        )

    conv.register_structure_hook(str | RootSpec | None, root)

    def number(value: Any, _type: Any) -> Decimal | int | None:
        if value is None or (isinstance(value, Decimal | int) and not isinstance(value, bool)):
            return value
        raise ValueError(f"must be a number, not {_shown(value)}")

    conv.register_structure_hook(Decimal | int | None, number)

    conv.register_structure_hook(str | int, sheet)
    conv.register_structure_hook(
        str | int | None, lambda v, _t: None if v is None else sheet(v, _t)
    )

    return conv


def _shown(value: Any) -> str:
    """``value`` as a mistake quotes it: cut short (a number by its digits too)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"a number of {len(str(value))} digits"
    return quoted(value)


def _label(cls: type[Any]) -> str:
    return {"CitationSpec": "citation", "VocabularySpec": "vocabulary"}.get(
        cls.__name__, "rule" if cls.__name__.endswith("Rule") else cls.__name__
    )


def _value_hook(structured: Any) -> Any:
    def hook(value: Any, _type: Any) -> ValueSpec:
        if isinstance(value, str):
            return ValueSpec(column=value)
        if value is None or isinstance(value, _SCALARS):
            return ValueSpec(constant=value)
        if isinstance(value, list):
            raise ValueError("a list is given as {constant: [...]} or {related: ...}")
        if not isinstance(value, Mapping):
            raise ValueError(f"is not a value spec: {_shown(value)}")
        _refuse_object_constants(value)
        return structured(value, ValueSpec)  # type: ignore[no-any-return]

    return hook


#: the parts of a value that are constants: an object there would be taken as it is, silently
_CONSTANT_PARTS = ("constant", "present", "default")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SOURCE_PARTS = frozenset({"column", "path", "template", "related", "row", "root", "constant"})


def _refuse_object_constants(value: Mapping[Any, Any]) -> None:
    """Refuse an object as ``constant``, ``present`` or ``default``: no field takes one, and
    ``default: {column: other}`` would otherwise give the text of that object, not the other
    column's value. The message says what to write instead."""
    for part in _CONSTANT_PARTS:
        given = value.get(part)
        if not isinstance(given, Mapping):
            continue
        if part == "default" and _SOURCE_PARTS & set(given):
            column = value.get("column")
            cell = "@.COLUMN"
            if isinstance(column, str):
                cell = f"@.{column}" if _NAME.fullmatch(column) else f"@[{quoted(column)}]"
            raise ValueError(
                f"default: is a constant (the value when there is none), not a value object: "
                f"{_shown(dict(given))} would not read another column. To take another column "
                f'where this one is empty, split the rule in two: one with `where: "{cell}"`, '
                f'one with `where: "!{cell}"` reading the other column (see "Recipes" in '
                "docs/import-export.md)"
            )
        raise ValueError(
            f"{part}: is a constant (a text, number, date, true/false or a list), "
            f"not an object: {_shown(dict(given))}"
        )


_CONVERTER = _converter()


def structure_mapping(data: Any) -> MappingSpec:
    """``data`` (a mapping file's YAML) as a :class:`MappingSpec`; cattrs errors on mistakes."""
    if isinstance(data, Mapping) and isinstance(data.get("tables"), Mapping):
        data = {
            **data,
            "tables": {
                k: {"file": v} if isinstance(v, str) else v for k, v in data["tables"].items()
            },
        }
    return _CONVERTER.structure(data, MappingSpec)


def structure_value(data: Any) -> ValueSpec:
    """``data`` (a value as written in a mapping file) as a :class:`ValueSpec`; ValueError
    saying what is wrong, with the path inside the value, on a mistake."""
    try:
        structured: ValueSpec = _CONVERTER.structure(data, ValueSpec)
    except (cattrs.BaseValidationError, ValueError, TypeError) as err:
        messages = cattrs.transform_error(err, path="$", format_exception=_format)
        raise ValueError("; ".join(messages)) from None
    return structured


def spec_problems(data: Any) -> list[tuple[str, str]]:
    """Every mistake of shape in ``data``, as (YAML path, what is wrong); empty when none.

    The path is dotted from the top of the file: ``commitments.citations[0].quote``.
    """
    try:
        structure_mapping(data)
    except (cattrs.BaseValidationError, ValueError, TypeError) as err:
        out: list[tuple[str, str]] = []
        for message in cattrs.transform_error(err, path="$", format_exception=_format):
            text, _at, where = message.rpartition(" @ ")
            path = _yaml_path(where) if _at else ""
            extra = _EXTRA.fullmatch(text)
            if extra:
                for name in extra["names"].split(", "):
                    out.append((f"{path}.{name}" if path else name, _UNKNOWN))
            else:
                out.append((path, text or message))
        return out
    return []


_EXTRA = re.compile(r"extra fields found \((?P<names>.*)\)")
_UNKNOWN = "is not a known property here (see pledgetrack schema --mapping)"


def _yaml_path(where: str) -> str:
    path = re.sub(r"\['([^']*)'\]", r".\1", where.removeprefix("$"))
    steps = path.removeprefix(".").split(".")
    return ".".join(re.sub(r"^[a-z_]+", lambda m: _key(m[0]), step) for step in steps)


def _format(exc: BaseException, kind: Any) -> str:
    if isinstance(exc, KeyError):
        return "is required"
    if isinstance(exc, ValueError) and str(exc) and not isinstance(exc, cattrs.BaseValidationError):
        return str(exc)
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"extra fields found ({', '.join(sorted(exc.extra_fields))})"
    if isinstance(exc, TypeError) and kind is not None:
        shown = _label(kind) if isinstance(kind, type) and attrs.has(kind) else "a value spec"
        return f"must be a {shown}"
    return str(exc) or type(exc).__name__


# --- the JSON Schema -----------------------------------------------------------------------

_DESCRIPTIONS = {
    "ValueSpec": "A value: a bare text names a column, a scalar is a constant, an object says "
    "where the value comes from and how it is transformed (docs/import-export.md, 'Values').",
}


def _schema_of(kind: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if kind is Any:
        return {}
    if kind is str:
        return {"type": "string"}
    if kind is bool:
        return {"type": "boolean"}
    if kind is int:
        return {"type": "integer"}
    if kind is dt.date:
        return {"type": "string", "format": "date"}
    if kind is Decimal:
        return {"type": "number"}
    if kind is type(None):
        return {"type": "null"}
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (Union, types.UnionType):
        return {"anyOf": [_schema_of(a, defs) for a in args]}
    if origin is list:
        item = _schema_of(args[0], defs)
        if attrs.has(args[0]):
            return {"anyOf": [item, {"type": "array", "items": item}]}
        return {"type": "array", "items": item}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema_of(args[1], defs)}
    if attrs.has(kind):
        name = kind.__name__
        if name not in defs:
            defs[name] = {}  # a placeholder while its fields are walked (ValueSpec is recursive)
            properties = {_key(f.name): _schema_of(f.type, defs) for f in attrs.fields(kind)}
            required = [_key(f.name) for f in attrs.fields(kind) if f.default is attrs.NOTHING]
            body: dict[str, Any] = {
                "type": "object",
                "description": (kind.__doc__ or "").strip().splitlines()[0],
                "properties": properties,
                "additionalProperties": False,
            }
            if required:
                body["required"] = required
            if name == "ValueSpec":
                for part in _CONSTANT_PARTS:
                    properties[part] = {"not": {"type": "object"}}
                body = {
                    "description": _DESCRIPTIONS[name],
                    "anyOf": [
                        {"type": ["string", "number", "boolean", "null"]},
                        {k: v for k, v in body.items() if k != "description"},
                    ],
                }
            if name == "MappingSpec":
                properties["pledgetrack-mapping"] = {"const": 1}
                properties["tables"]["additionalProperties"] = {
                    "anyOf": [{"type": "string"}, {"$ref": "#/$defs/TableSpec"}]
                }
            defs[name] = body
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {kind!r}")


def mapping_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of mapping files."""
    defs: dict[str, Any] = {}
    root = _schema_of(MappingSpec, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://pledgetrack.example/schema/mapping-1.json",
        "title": "pledgetrack mapping file, version 1",
        "description": "How another tracker's files are read into pledgetrack "
        "(docs/import-export.md, 'Mapping files').",
        **{"$ref": root["$ref"]},
        "$defs": defs,
    }
