"""Values outside the records: ``{root: "$.updated"}`` reads a JSONPath from the root of a
table's JSON or YAML document once (a publication date, the tracker's own address), the same
for every record; typed in the specs and in the published JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from pledgetrack.io import ImportFailed
from pledgetrack.io.mapped import read_mapped
from pledgetrack.io.mapspec import RootSpec, ValueSpec, mapping_schema, spec_problems
from pledgetrack.io.readers import yaml_load

DOCUMENT = {
    "updated": "2024-05-01",
    "meta": {"source": "https://tracker.example/data.json", "areas": ["Health", "Schools"]},
    "promises": [
        {"id": 1, "text": "Build two clinics", "status": "kept", "percent": 100},
        {"id": 2, "text": "Hire nurses", "status": "in progress", "percent": 40},
    ],
}

MAPPING = """pledgetrack-mapping: 1
tables:
  promises: {file: data.json, records: "$.promises[*]"}
vocabularies:
  - {name: t, labels: {kept: fulfilled, in progress: in_progress}}
sources:
  - key: {constant: tracker}
    title: {constant: The tracker}
    url: {root: {table: promises, path: "$.meta.source"}}
    published: {root: {table: promises, path: $.updated}}
commitments:
  from: promises
  key: {column: id, format: "p-{}"}
  title: text
  actors: {constant: [Government]}
  announced: {root: $.updated}
  themes: {root: "$.meta.areas[*]"}
  citations: [{source: {constant: tracker}, quote: text}]
history:
  from: promises
  commitment: {column: id, format: "p-{}"}
  vocabulary: t
  status: status
  percent: percent
  effective: {root: $.updated}
"""


def folder(tmp_path: Path, mapping: str = MAPPING, document: object = DOCUMENT) -> Path:
    (tmp_path / "data.json").write_text(json.dumps(document), encoding="utf-8")
    (tmp_path / "rows.csv").write_text("id,text\n1,A\n", encoding="utf-8")
    path = tmp_path / "mapping.yaml"
    path.write_text(mapping, encoding="utf-8")
    return path


def test_values_outside_the_records_reach_every_record(tmp_path: Path) -> None:
    collection = read_mapped(folder(tmp_path))
    (source,) = [e.value for e in collection.sources]
    assert source.url == "https://tracker.example/data.json"
    assert source.published == dt.date(2024, 5, 1)
    commitments = [e.value for e in collection.commitments]
    assert [c.announced for c in commitments] == [dt.date(2024, 5, 1)] * 2
    assert [c.themes for c in commitments] == [("Health", "Schools")] * 2
    updates = [e.value for e in collection.updates]
    assert [(u.commitment, u.effective, u.percent) for u in updates] == [
        ("p-1", dt.date(2024, 5, 1), 100),
        ("p-2", dt.date(2024, 5, 1), 40),
    ]


def test_a_later_document_gives_its_own_date(tmp_path: Path) -> None:
    document = {**DOCUMENT, "updated": "2025-01-31"}
    updates = read_mapped(folder(tmp_path, document=document)).updates
    assert {e.value.effective for e in updates} == {dt.date(2025, 1, 31)}


def problems(tmp_path: Path, old: str, new: str) -> list[tuple[str | None, str, object]]:
    with pytest.raises(ImportFailed) as caught:
        read_mapped(folder(tmp_path, MAPPING.replace(old, new)))
    return [(p.field, p.reason, p.value) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        ("{root: $.updated}\n  themes", "{root: $.published}\n  themes",
         "commitments.announced.root", "reaches nothing in data.json"),
        ("$.meta.areas[*]", "$.meta", "commitments.themes.root", "reaches an object in data.json"),
        ("$.meta.areas[*]", "$.meta[", "commitments.themes.root", "is not a JSONPath query"),
        ("path: \"$.meta.source\"}", "path: \"$.meta.source\", table: nope}",
         "sources[0].url.root.table", "is not a table of the mapping"),
        ("{table: promises, path: $.updated}", "$.updated",
         "sources[0].published.root", "names no table"),
        ("title: text\n", "title: {root: $.updated, column: text}\n",
         "commitments.title", "needs exactly one of"),
    ],
)  # fmt: skip
def test_mistakes_are_reported_against_the_mapping(
    tmp_path: Path, old: str, new: str, field: str, reason: str
) -> None:
    assert old in MAPPING
    # the mistake itself first (a required value it leaves out may be named after it)
    got_field, got_reason, _value = problems(tmp_path, old, new)[0]
    assert got_field == field and reason in got_reason


def test_a_csv_table_has_no_document_to_read(tmp_path: Path) -> None:
    mapping = MAPPING.replace("tables:\n", "tables:\n  rows: {file: rows.csv}\n").replace(
        "{table: promises, path: $.updated}", "{table: rows, path: $.updated}"
    )
    with pytest.raises(ImportFailed) as caught:
        read_mapped(folder(tmp_path, mapping))
    ((problem),) = caught.value.problems
    assert problem.field == "sources[0].published.root"
    assert "table 'rows' (rows.csv) is neither" in problem.reason


def test_a_default_stands_for_a_value_the_document_lacks(tmp_path: Path) -> None:
    mapping = MAPPING.replace(
        "announced: {root: $.updated}", "announced: {root: $.published, default: 2020-02-02}"
    )
    commitments = read_mapped(folder(tmp_path, mapping)).commitments
    assert {e.value.announced for e in commitments} == {dt.date(2020, 2, 2)}


def test_the_specs_and_the_schema_know_root() -> None:
    data = yaml_load(MAPPING)
    assert spec_problems(data) == []
    jsonschema.validate(json.loads(json.dumps(data, default=str)), mapping_schema())
    from pledgetrack.io.mapspec import structure_value

    assert structure_value({"root": "$.updated"}) == ValueSpec(root="$.updated")
    assert structure_value({"root": {"path": "$.a", "table": "t"}}) == ValueSpec(
        root=RootSpec(path="$.a", table="t")
    )
    bad = yaml_load(MAPPING.replace("{root: $.updated}\n  themes", "{root: 5}\n  themes"))
    assert [f for f, _r in spec_problems(bad)] == ["commitments.announced.root"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(json.loads(json.dumps(bad, default=str)), mapping_schema())
    wrong = yaml_load(MAPPING.replace("path: $.updated}", "path: $.updated, tabel: x}"))
    assert [f for f, _r in spec_problems(wrong)] == ["sources[0].published.root.tabel"]


def test_a_sheet_gives_the_cells_above_its_header_by_their_names(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "Delivery ratings"
    sheet["A2"] = "Updated"
    sheet["B2"] = dt.datetime(2024, 5, 1)
    sheet.append([])
    sheet.append(["No", "Commitment", "Status"])
    sheet.append([1, "Build two clinics", "kept"])
    sheet.append([2, "Hire nurses", "in progress"])
    sheet["AB1"] = "draft"  # column letters past Z
    book.save(tmp_path / "ratings.xlsx")
    mapping = MAPPING.replace(
        'promises: {file: data.json, records: "$.promises[*]"}',
        "promises: {file: ratings.xlsx, header: 4}",
    )
    mapping = (
        mapping.replace('url: {root: {table: promises, path: "$.meta.source"}}', "")
        .replace("title: {constant: The tracker}", "title: {root: {table: promises, path: $.A1}}")
        .replace(
            "published: {root: {table: promises, path: $.updated}}",
            "notes: {root: {table: promises, path: $.AB1}}",
        )
        .replace('{root: $.updated}\n  themes: {root: "$.meta.areas[*]"}', "{root: $.B2}")
        .replace("effective: {root: $.updated}", "effective: {root: $.B2}")
        .replace("column: id,", "column: 'No',")
        .replace("title: text", "title: Commitment")
        .replace("quote: text", "quote: Commitment")
        .replace("status: status\n  percent: percent\n", "status: Status\n")
    )
    path = tmp_path / "mapping.yaml"
    path.write_text(mapping, encoding="utf-8")
    collection = read_mapped(path)
    (source,) = [e.value for e in collection.sources]
    assert (source.title, source.notes) == ("Delivery ratings", "draft")
    assert {e.value.announced for e in collection.commitments} == {dt.date(2024, 5, 1)}
    assert [(e.value.commitment, e.value.effective) for e in collection.updates] == [
        ("p-1", dt.date(2024, 5, 1)),
        ("p-2", dt.date(2024, 5, 1)),
    ]
