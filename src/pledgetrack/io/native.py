"""Lossless export and re-import: JSON, YAML, and CSV (one file per table, or a zip of them).

Export → import into an empty store → export gives the same bytes, in every format.

CSV tables (UTF-8, a header row, empty cell = no value; lists keep their order):

=================  ==================================================================
``meta.csv``       ``name,value`` — the format version (``pledgetrack,1``), and
                   ``cells,apostrophe-before-formula`` (see :mod:`pledgetrack.csvcells`)
``fields.csv``     name, type, description, choices (a JSON list), required
``vocabularies``   vocabulary, description, label, status — one row per label
``sources.csv``    every source field
``commitments``    key, title, action, beneficiary, announced, event_*, target_*,
                   deadline_*, parent, notes
``actors.csv``     commitment, position, name
``themes.csv``     commitment, position, name
``custom.csv``     commitment, name, type (text, integer, boolean, decimal, date, null), value
``citations.csv``  commitment, position, source, quote, start, end
``history.csv``    commitment, position, status, label, effective, effective_precision,
                   progress, note, recorded, percent, author
``evidence.csv``   commitment, update (the history position), position, source, quote,
                   start, end
``assessed.csv``   commitment, update (the history position), position, name — the actors
                   an update assesses (none: the commitment as a whole)
=================  ==================================================================

Tables written by older versions lack ``assessed.csv`` and the ``percent`` and ``author``
columns of ``history.csv``; they read as empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import stat
import tempfile
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from pledgetrack.csvcells import neutralise, restore
from pledgetrack.errors import ExportError, PledgetrackError, ValidationError, quoted
from pledgetrack.io.collection import Collection, Entry, Progress
from pledgetrack.io.document import (
    FORMAT_VERSION,
    SOURCE_KEYS,
    amendments_from_dict,
    commitment_from_dict,
    commitment_to_dict,
    source_from_dict,
    source_to_dict,
)
from pledgetrack.io.limits import Limits, exceeded
from pledgetrack.io.limits import current as current_limits
from pledgetrack.io.problems import Place, Problems
from pledgetrack.io.readers import (
    UnreadableInput,
    csv_cell_limit,
    decode,
    json_load,
    read_bytes,
    yaml_load,
)
from pledgetrack.model.fields import spec_from_dict
from pledgetrack.model.vocabularies import vocabulary_from_dict, vocabulary_to_dict

if TYPE_CHECKING:
    from pledgetrack.tracker import Tracker

__all__ = [
    "CSV_TABLES",
    "FORMATS",
    "csv_tables",
    "document_to_collection",
    "dumps_json",
    "dumps_yaml",
    "export_document",
    "format_of",
    "read_document",
    "write_export",
]

T = TypeVar("T")

FORMATS = ("json", "yaml", "csv", "zip")
#: the meta.csv row saying cells starting with = + - @ tab CR or ' carry one more apostrophe
_CELLS_META = "cells"
_CELLS_APOSTROPHE = "apostrophe-before-formula"
_INTEGER = re.compile(r"-?[0-9]{1,19}")
_FAR_FUTURE = dt.date(9999, 12, 31)

_COMMITMENT_COLUMNS = (
    "key", "title", "action", "beneficiary", "announced", "event_name", "event_place",
    "event_date", "target_quantity", "target_unit", "target_currency", "target_qualifier",
    "deadline_date", "deadline_precision", "deadline_phrase", "deadline_basis", "parent", "notes",
    "withdrawn",
)  # fmt: skip
_AMENDMENT = ("revision", "reason", "author", "recorded", "field", "old", "new")
_CITATION = ("source", "quote", "start", "end")
_HISTORY = (
    "status", "label", "effective", "effective_precision", "progress", "note", "recorded",
    "percent", "author",
)  # fmt: skip
#: columns that older exports lack: read as empty
_LATER_COLUMNS = {"history.csv": ("percent", "author"), "commitments.csv": ("withdrawn",)}

#: file name → columns, in the order the files are written
CSV_TABLES: Mapping[str, tuple[str, ...]] = {
    "meta.csv": ("name", "value"),
    "fields.csv": ("name", "type", "description", "choices", "required"),
    "vocabularies.csv": ("vocabulary", "description", "label", "status"),
    "sources.csv": SOURCE_KEYS,
    "commitments.csv": _COMMITMENT_COLUMNS,
    "actors.csv": ("commitment", "position", "name"),
    "themes.csv": ("commitment", "position", "name"),
    "custom.csv": ("commitment", "name", "type", "value"),
    "citations.csv": ("commitment", "position", *_CITATION),
    "history.csv": ("commitment", "position", *_HISTORY),
    "evidence.csv": ("commitment", "update", "position", *_CITATION),
    "assessed.csv": ("commitment", "update", "position", "name"),
    "amendments.csv": ("commitment", *_AMENDMENT),
}


# --- export -------------------------------------------------------------------------------


def export_document(tracker: Tracker, *, progress: Progress | None = None) -> dict[str, Any]:
    """The whole collection as the exchange document (see :mod:`pledgetrack.io.document`)."""
    with tracker.transaction():
        fields = tracker.fields()
        vocabularies = [v for v in tracker.vocabularies().values() if v.name not in _BUILT_IN_NAMES]
        sources = tracker.list_sources()
        commitments = tracker.list_commitments(as_of=_FAR_FUTURE, withdrawn=None)
        keys = [c.key for c in commitments]
        histories = tracker.histories(keys) if commitments else {}
        amendments = tracker.amendments_of(keys) if commitments else {}
    out = []
    for done, commitment in enumerate(sorted(commitments, key=lambda c: c.key), start=1):
        key = commitment.key
        out.append(commitment_to_dict(commitment, histories.get(key, []), amendments.get(key, [])))
        if progress and (done % 100 == 0 or done == len(commitments)):
            progress(done, len(commitments))
    return {
        "pledgetrack": FORMAT_VERSION,
        "fields": [f.as_dict() for f in fields],
        "vocabularies": [vocabulary_to_dict(v) for v in sorted(vocabularies, key=lambda v: v.name)],
        "sources": [source_to_dict(s) for s in sorted(sources, key=lambda s: s.key)],
        "commitments": out,
    }


def _built_in_names() -> frozenset[str]:
    from pledgetrack.model.vocabularies import BUILT_IN

    return frozenset(BUILT_IN)


_BUILT_IN_NAMES = _built_in_names()


def dumps_json(document: Mapping[str, Any]) -> str:
    """The document as indented JSON (UTF-8 text, not ASCII-escaped), ending in a newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


class _Dumper(yaml.SafeDumper):
    """Block-style YAML; multi-line texts as literal blocks where YAML allows it."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value and "\r" not in value and not value.endswith(" ") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dumps_yaml(document: Mapping[str, Any]) -> str:
    """The document as YAML (keys in document order)."""
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _custom_cell(value: object) -> tuple[str, str]:
    if value is None:
        return "null", ""
    if isinstance(value, bool):
        return "boolean", "true" if value else "false"
    if isinstance(value, int):
        return "integer", str(value)
    if isinstance(value, Mapping) and "decimal" in value:
        return "decimal", str(value["decimal"])
    if isinstance(value, Mapping) and "date" in value:
        return "date", str(value["date"])
    return "text", str(value)


def csv_tables(document: Mapping[str, Any]) -> dict[str, str]:
    """The document as CSV texts, one per table (file name → text)."""
    rows: dict[str, list[list[str]]] = {name: [] for name in CSV_TABLES}
    rows["meta.csv"].append(["pledgetrack", str(document["pledgetrack"])])
    for f in document.get("fields", []):
        choices = json.dumps(f["choices"], ensure_ascii=False) if f["choices"] else ""
        rows["fields.csv"].append(
            [f["name"], f["type"], _cell(f["description"]), choices, _cell(f["required"])]
        )
    for v in document.get("vocabularies", []):
        for label, status in v["labels"].items():
            rows["vocabularies.csv"].append([v["name"], _cell(v["description"]), label, status])
    for s in document["sources"]:
        rows["sources.csv"].append([_cell(s[k]) for k in SOURCE_KEYS])
    for c in document["commitments"]:
        key = c["key"]
        target = c["target"] or {}
        event = c["event"] or {}
        deadline = c["deadline"] or {}
        rows["commitments.csv"].append(
            [
                _cell(v)
                for v in (
                    key,
                    c["title"],
                    c["action"],
                    c["beneficiary"],
                    c["announced"],
                    event.get("name"),
                    event.get("place"),
                    event.get("date"),
                    target.get("quantity"),
                    target.get("unit"),
                    target.get("currency"),
                    target.get("qualifier"),
                    deadline.get("date"),
                    deadline.get("precision"),
                    deadline.get("phrase"),
                    deadline.get("basis"),
                    c["parent"],
                    c["notes"],
                    c.get("withdrawn", False),
                )
            ]
        )
        for i, name in enumerate(c["actors"]):
            rows["actors.csv"].append([key, str(i), name])
        for i, name in enumerate(c["themes"]):
            rows["themes.csv"].append([key, str(i), name])
        for name, value in c["custom"].items():
            rows["custom.csv"].append([key, name, *_custom_cell(value)])
        for i, cit in enumerate(c["citations"]):
            rows["citations.csv"].append([key, str(i), *(_cell(cit[k]) for k in _CITATION)])
        for i, u in enumerate(c["history"]):
            rows["history.csv"].append([key, str(i), *(_cell(u[k]) for k in _HISTORY)])
            for j, ev in enumerate(u["evidence"]):
                rows["evidence.csv"].append(
                    [key, str(i), str(j), *(_cell(ev[k]) for k in _CITATION)]
                )
            for j, name in enumerate(u.get("actors") or ()):
                rows["assessed.csv"].append([key, str(i), str(j), name])
        for a in c.get("amendments") or ():
            for change in a["changes"]:
                rows["amendments.csv"].append(
                    [
                        key,
                        str(a["revision"]),
                        a["reason"],
                        _cell(a["author"]),
                        _cell(a["recorded"]),
                        change["field"],
                        json.dumps(change["old"], ensure_ascii=False),
                        json.dumps(change["new"], ensure_ascii=False),
                    ]
                )
    rows["meta.csv"].append([_CELLS_META, _CELLS_APOSTROPHE])
    out = {}
    for name, columns in CSV_TABLES.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows[name]:
            _write_row(writer, buffer, [neutralise(c, reversible=True) for c in row])
        out[name] = buffer.getvalue()
    return out


def _write_row(writer: Any, buffer: io.StringIO, row: list[str]) -> None:
    """One row; a cell holding a carriage return is quoted, so that it reads back whole.

    (Python's csv quotes only the characters of the line terminator, here ``\\n``.)
    """
    if not any("\r" in cell for cell in row):
        writer.writerow(row)
        return
    single = io.StringIO()
    csv.writer(single, lineterminator="\r\n").writerow(row)
    buffer.write(single.getvalue()[:-2] + "\n")


def _zip_bytes(tables: Mapping[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in tables.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def format_of(path: Path, given: str | None = None) -> str:
    """The format named, or the one the path implies (a folder is CSV)."""
    if given:
        if given not in FORMATS:
            raise ValidationError(None, "format", given, f"must be one of: {', '.join(FORMATS)}")
        return given
    suffix = path.suffix.lower()
    if path.is_dir() or suffix == "":
        return "csv"
    implied = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".zip": "zip", ".csv": "csv"}
    if suffix not in implied:
        raise ValidationError(
            None, "format", suffix, "cannot tell the format from the file name; give --format"
        )
    return implied[suffix]


def write_export(document: Mapping[str, Any], fmt: str, path: Path | None) -> str | bytes:
    """Write ``document`` in ``fmt`` to ``path`` (a folder for csv); without a path, return it.

    A csv export without a path is returned as a zip. Writing is atomic: each file is written
    to a temporary file beside it and then renamed over it, so a failed export (a full disk, a
    missing folder) leaves any file already there untouched and raises an ExportError.
    """
    if fmt == "json":
        data: str | bytes = dumps_json(document)
    elif fmt == "yaml":
        data = dumps_yaml(document)
    elif fmt == "zip":
        data = _zip_bytes(csv_tables(document))
    elif fmt == "csv":
        tables = csv_tables(document)
        if path is None:
            return _zip_bytes(tables)
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ExportError(path, err) from None
        replace_files({path / name: text.encode("utf-8") for name, text in tables.items()})
        return ""
    else:
        raise ValidationError(None, "format", fmt, f"must be one of: {', '.join(FORMATS)}")
    if path is not None:
        replace_files({path: data.encode("utf-8") if isinstance(data, str) else data})
    return data


def _mode_for(target: Path) -> int:
    """The permissions of the file being replaced, else those a new file gets (umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def replace_files(contents: Mapping[Path, bytes]) -> None:
    """Write each file atomically: all to temporary files beside them first, then rename each.

    When writing fails (a full disk, a missing folder) no target is changed and the temporary
    files are removed; a rename, which only fails on a broken file system, changes each
    target whole or not at all.
    """
    written: list[tuple[Path, Path]] = []
    current = next(iter(contents), Path("."))
    try:
        for target, data in contents.items():
            current = target
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            written.append((Path(name), target))
            os.chmod(name, _mode_for(target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        for temp, target in written:
            current = target
            os.replace(temp, target)
    except OSError as err:
        for temp, _target in written:
            temp.unlink(missing_ok=True)
        raise ExportError(current, err) from None


# --- import -------------------------------------------------------------------------------


#: what a record of unexpected shape can make the model's constructors raise
_UNEXPECTED = (TypeError, ValueError, KeyError, AttributeError, ArithmeticError, RecursionError)


def _unexpected(err: BaseException) -> str:
    return f"cannot be read as a record: {quoted(str(err), as_text=True)}"


def document_to_collection(
    document: object, file: str, places: Mapping[str, Sequence[Place]] | None = None
) -> Collection:
    """The records of an exchange document, each with its place; ImportFailed on any problem.

    ``places`` gives, per part (``sources``, ``commitments`` …), the place of each item when
    the document was assembled from other files (CSV tables); else JSON paths are used.
    """
    given = places or {}

    def place_of(part: str, i: int) -> Place:
        found = given.get(part)
        return found[i] if found is not None and i < len(found) else Place(file, f"$.{part}[{i}]")

    problems = Problems()
    collection = Collection()
    top = Place(file, "$")
    if not isinstance(document, Mapping):
        problems.add(top, "must be an object with pledgetrack, sources and commitments")
        problems.raise_if_any()
        raise AssertionError  # pragma: no cover
    version = document.get("pledgetrack")
    if version != FORMAT_VERSION:
        problems.add(
            top.at("pledgetrack"),
            f"is not a pledgetrack document of format {FORMAT_VERSION}",
            version,
            field="pledgetrack",
        )
    unknown = sorted(
        set(document) - {"pledgetrack", "fields", "vocabularies", "sources", "commitments"}
    )
    for name in unknown:
        problems.add(top.at(name), "is not a part of a pledgetrack document", field=name)

    def part(name: str, build: Callable[[Any], T]) -> list[Entry[T]]:
        items = document.get(name) or []
        if not isinstance(items, list):
            problems.add(top.at(name), "must be a list", field=name)
            return []
        out = []
        for i, item in enumerate(items):
            place = place_of(name, i)
            try:
                if not isinstance(item, Mapping):
                    raise ValidationError(None, name, item, "must be an object")
                out.append(Entry(build(item), place))
            except ValidationError as err:
                problems.from_error(place, err)
            except _UNEXPECTED as err:
                problems.add(place, _unexpected(err))
        return out

    collection.fields.extend(part("fields", spec_from_dict))
    collection.vocabularies.extend(part("vocabularies", vocabulary_from_dict))
    collection.sources.extend(part("sources", source_from_dict))
    items = document.get("commitments") or []
    if not isinstance(items, list):
        problems.add(top.at("commitments"), "must be a list", field="commitments")
        items = []
    for i, item in enumerate(items):
        place = place_of("commitments", i)
        try:
            commitment, history = commitment_from_dict(item)
        except ValidationError as err:
            problems.from_error(place, err)
            continue
        except _UNEXPECTED as err:
            problems.add(place, _unexpected(err))
            continue
        collection.commitments.append(Entry(commitment, place))
        try:
            amendments = amendments_from_dict(item)
        except ValidationError as err:
            problems.from_error(place, err)
            amendments = []
        collection.amendments.extend(Entry(a, place) for a in amendments)
        for j, update in enumerate(history):
            where = place if given else Place(file, f"$.commitments[{i}].history[{j}]")
            collection.updates.append(Entry(update, where))
    problems.raise_if_any()
    return collection


def _csv_rows(
    name: str, text: str, problems: Problems, label: str
) -> list[tuple[int, dict[str, str]]]:
    limits = current_limits()
    csv_cell_limit(limits)
    file = f"{label}/{name}"
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.add(Place(file), "is empty (a header row is needed)")
        return []
    except csv.Error as err:
        problems.add(Place(file, "1"), f"cannot be read as CSV: {_csv_reason(err, limits)}")
        return []
    later = _LATER_COLUMNS.get(name, ())
    expected = CSV_TABLES[name]
    missing = [c for c in expected if c not in header and c not in later]
    if missing:
        problems.add(Place(file, "1", missing[0]), "the column is missing", field=missing[0])
        return []
    out = []
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if len(row) != len(header):
                problems.add(
                    Place(file, str(line)), f"has {len(row)} cells, the header {len(header)}"
                )
                continue
            if sum(len(c) for c in row) > limits.max_record_chars:
                problems.add(
                    Place(file, str(line)),
                    exceeded("the row", "max_record_chars", limits.max_record_chars),
                )
                continue
            out.append((line, dict.fromkeys(later, "") | dict(zip(header, row, strict=True))))
    except csv.Error as err:
        problems.add(
            Place(file, str(line + 1)), f"cannot be read as CSV: {_csv_reason(err, limits)}"
        )
    return out


def _csv_reason(err: csv.Error, limits: Limits) -> str:
    if "field larger than field limit" in str(err):
        return exceeded("a cell", "max_cell_chars", limits.max_cell_chars)
    return str(err)


def _restore_cells(read: dict[str, list[tuple[int, dict[str, str]]]]) -> None:
    """Take off the apostrophe export put before each cell that starts with one."""
    for rows in read.values():
        for _line, row in rows:
            for column, cell in row.items():
                if cell.startswith("'"):
                    row[column] = restore(cell)


def _position(line_row: tuple[int, Mapping[str, str]]) -> tuple[int, int]:
    """Order rows by their position column (else by line)."""
    line, row = line_row
    text = row.get("position") or ""
    return (int(text), line) if _INTEGER.fullmatch(text) else (line, line)


def _none(value: str | None) -> str | None:
    return None if value is None or value == "" else value


def _tables_to_document(
    tables: Mapping[str, str], problems: Problems, label: str
) -> tuple[dict[str, Any], dict[str, list[Place]]]:
    """The document the CSV tables hold, and the place of each source's and commitment's row."""
    read = {
        name: _csv_rows(name, text, problems, label)
        for name, text in tables.items()
        if name in CSV_TABLES
    }
    meta = {r["name"]: r["value"] for _line, r in read.get("meta.csv", [])}
    if meta.get(_CELLS_META) == _CELLS_APOSTROPHE:
        _restore_cells(read)
    version: object = meta.get("pledgetrack")
    document: dict[str, Any] = {
        "pledgetrack": int(version)
        if isinstance(version, str) and _INTEGER.fullmatch(version)
        else version,
        "fields": [],
        "vocabularies": [],
        "sources": [],
        "commitments": [],
    }
    places: dict[str, list[Place]] = {"sources": [], "commitments": [], "fields": []}
    for line, r in read.get("fields.csv", []):
        place = Place(f"{label}/fields.csv", str(line))
        try:
            choices = json_load(r["choices"]) if r["choices"] else []
        except (json.JSONDecodeError, UnreadableInput) as err:
            problems.add(
                place.at("choices"),
                f"is not a JSON list of texts: {err}",
                r["choices"],
                field="choices",
            )
            continue
        places["fields"].append(place)
        document["fields"].append(
            {
                "name": r["name"],
                "type": r["type"],
                "description": _none(r["description"]),
                "choices": choices,
                "required": r["required"] == "true",
            }
        )
    vocabularies: dict[str, dict[str, Any]] = {}
    for _line, r in read.get("vocabularies.csv", []):
        v = vocabularies.setdefault(
            r["vocabulary"],
            {"name": r["vocabulary"], "description": _none(r["description"]), "labels": {}},
        )
        v["labels"][r["label"]] = r["status"]
    document["vocabularies"] = list(vocabularies.values())
    for line, r in read.get("sources.csv", []):
        places["sources"].append(Place(f"{label}/sources.csv", str(line)))
        source = {k: _none(r[k]) for k in SOURCE_KEYS}
        if r.get("text") == "" and r.get("content_hash"):
            source["text"] = ""
        document["sources"].append(source)

    by_key: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for name in (
        "actors.csv",
        "themes.csv",
        "custom.csv",
        "citations.csv",
        "history.csv",
        "evidence.csv",
        "assessed.csv",
        "amendments.csv",
    ):
        for line, r in read.get(name, []):
            by_key[f"{name}:{r['commitment']}"].append((line, r))

    def ordered(name: str, key: str) -> list[dict[str, str]]:
        return [r for _l, r in sorted(by_key[f"{name}:{key}"], key=_position)]

    def citation(r: Mapping[str, str]) -> dict[str, Any]:
        return {
            "source": r["source"],
            "quote": r["quote"],
            "start": r["start"] or None,
            "end": r["end"] or None,
        }

    for line, r in read.get("commitments.csv", []):
        key = r["key"]
        places["commitments"].append(Place(f"{label}/commitments.csv", str(line)))
        evidence: dict[str, list[dict[str, str]]] = defaultdict(list)
        for _l, e in sorted(by_key[f"evidence.csv:{key}"], key=_position):
            evidence[e["update"]].append(e)
        assessed: dict[str, list[str]] = defaultdict(list)
        for _l, a in sorted(by_key[f"assessed.csv:{key}"], key=_position):
            assessed[a["update"]].append(a["name"])
        custom: dict[str, Any] = {}
        for c in ordered("custom.csv", key):
            kind, value = c["type"], c["value"]
            custom[c["name"]] = {
                "null": None,
                "boolean": value == "true",
                "integer": int(value) if _INTEGER.fullmatch(value) else value,
                "decimal": {"decimal": value},
                "date": {"date": value},
            }.get(kind, value)
        deadline = None
        if _none(r["deadline_date"]) or _none(r["deadline_phrase"]):
            deadline = {
                "date": _none(r["deadline_date"]),
                "precision": r["deadline_precision"] or "none",
                "phrase": _none(r["deadline_phrase"]),
                "basis": r["deadline_basis"] or "stated",
            }
        document["commitments"].append(
            {
                "key": key,
                "title": r["title"],
                "actors": [a["name"] for a in ordered("actors.csv", key)],
                "action": _none(r["action"]),
                "target": None
                if not r["target_quantity"]
                else {
                    "quantity": r["target_quantity"],
                    "unit": r["target_unit"],
                    "currency": _none(r["target_currency"]),
                    "qualifier": r["target_qualifier"] or "exactly",
                },
                "beneficiary": _none(r["beneficiary"]),
                "themes": [t["name"] for t in ordered("themes.csv", key)],
                "event": None
                if not r["event_name"]
                else {
                    "name": r["event_name"],
                    "place": _none(r["event_place"]),
                    "date": _none(r["event_date"]),
                },
                "announced": r["announced"],
                "deadline": deadline,
                "parent": _none(r["parent"]),
                "custom": custom,
                "notes": _none(r["notes"]),
                "withdrawn": r["withdrawn"] == "true",
                "citations": [citation(c) for c in ordered("citations.csv", key)],
                "history": [
                    {
                        "status": h["status"],
                        "label": _none(h["label"]),
                        "effective": h["effective"],
                        "effective_precision": h["effective_precision"] or "day",
                        "progress": _none(h["progress"]),
                        "percent": _none(h["percent"]),
                        "actors": assessed[h["position"]],
                        "author": _none(h["author"]),
                        "note": _none(h["note"]),
                        "evidence": [citation(e) for e in evidence[h["position"]]],
                        "recorded": _none(h["recorded"]),
                    }
                    for h in ordered("history.csv", key)
                ],
                "amendments": _amendments(
                    [a for _l, a in by_key[f"amendments.csv:{key}"]], problems, label
                ),
            }
        )
    return document, places


def _amendments(
    rows: Sequence[Mapping[str, str]], problems: Problems, label: str
) -> list[dict[str, Any]]:
    """The amendments of one commitment from its rows of ``amendments.csv`` (in file order)."""
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        revision = r["revision"]
        amendment = out.setdefault(
            revision,
            {
                "revision": int(revision) if revision.isdigit() else revision,
                "reason": r["reason"],
                "author": _none(r["author"]),
                "recorded": _none(r["recorded"]),
                "changes": [],
            },
        )
        try:
            old, new = json.loads(r["old"]), json.loads(r["new"])
        except json.JSONDecodeError as err:
            where = Place(f"{label}/amendments.csv", None, "old")
            problems.add(where, f"is not JSON: {err}", r["commitment"], record=r["commitment"])
            continue
        amendment["changes"].append({"field": r["field"], "old": old, "new": new})
    return list(out.values())


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, read in pieces and refused as soon as they pass ``limit``."""
    chunks = []
    size = 0
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise _TooLarge(size)
            chunks.append(chunk)
    return b"".join(chunks)


class _TooLarge(PledgetrackError):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def _read_zip(path: Path, problems: Problems) -> dict[str, str]:
    limits = current_limits()
    tables: dict[str, str] = {}
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            members = {
                Path(i.filename).name: i for i in archive.infolist() if i.filename.endswith(".csv")
            }
            for name in CSV_TABLES:
                info = members.get(name)
                if info is None:
                    continue
                label = f"{path}:{name}"
                room = min(limits.max_zip_member_bytes, limits.max_zip_total_bytes - total)
                stated = max(info.file_size, 0)
                try:
                    if stated > limits.max_zip_member_bytes:
                        raise _TooLarge(stated)
                    data = _read_member(archive, info, room)
                except _TooLarge as big:
                    if (
                        stated > limits.max_zip_member_bytes
                        or total + big.size <= limits.max_zip_total_bytes
                    ):
                        reason = exceeded(
                            f"it expands to {max(big.size, stated):,} bytes or more, which",
                            "max_zip_member_bytes",
                            limits.max_zip_member_bytes,
                        )
                    else:
                        reason = exceeded(
                            "the members together expand to more than that, which",
                            "max_zip_total_bytes",
                            limits.max_zip_total_bytes,
                        )
                    problems.add(Place(label), reason)
                    return tables
                total += len(data)
                tables[name] = decode(data, label, problems)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as err:
        problems.add(
            Place(str(path)), f"is not a readable zip file: {quoted(str(err), as_text=True)}"
        )
    except (NotImplementedError, RuntimeError) as err:  # compression or encryption not supported
        problems.add(Place(str(path)), f"cannot be read: {quoted(str(err), as_text=True)}")
    return tables


def _read_tables(path: Path, fmt: str, problems: Problems) -> dict[str, str]:
    if fmt == "zip":
        return _read_zip(path, problems)
    tables: dict[str, str] = {}
    folder = path if path.is_dir() else path.parent
    for name in CSV_TABLES:
        file = folder / name
        if file.exists():
            data = read_bytes(file, str(file), problems)
            if data is not None:
                tables[name] = decode(data, str(file), problems)
    if "commitments.csv" not in tables and "sources.csv" not in tables:
        problems.add(Place(str(folder)), "holds neither commitments.csv nor sources.csv")
    return tables


def read_document(path: Path, fmt: str | None = None) -> Collection:
    """The collection in an exported file or folder (JSON, YAML, CSV folder or zip)."""
    kind = format_of(path, fmt)
    problems = Problems()
    if not path.exists():
        problems.add(Place(str(path)), "no such file or folder")
        problems.raise_if_any()
    if kind in ("json", "yaml"):
        if path.is_dir():
            problems.add(Place(str(path)), f"is a folder, not a {kind.upper()} file")
            problems.raise_if_any()
        data = read_bytes(path, str(path), problems)
        problems.raise_if_any()
        text = decode(data or b"", str(path), problems)
        problems.raise_if_any()
        try:
            document = json_load(text) if kind == "json" else yaml_load(text)
        except (json.JSONDecodeError, yaml.YAMLError) as err:
            problems.add(
                Place(str(path)), f"is not valid {kind.upper()}: {quoted(str(err), as_text=True)}"
            )
        except UnreadableInput as err:
            problems.add(Place(str(path)), str(err))
        problems.raise_if_any()
        return document_to_collection(document, str(path))
    tables = _read_tables(path, kind, problems)
    problems.raise_if_any()
    document, places = _tables_to_document(tables, problems, str(path))
    problems.raise_if_any()
    return document_to_collection(document, str(path), places)
