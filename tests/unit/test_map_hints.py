"""Mistakes a user makes while writing a mapping from the docs, and what the messages say to do:
an object as a constant (``default: {column: other}`` would otherwise be imported as its own
text), and a key that is not a slug (the cut-short value would hide the character at fault)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pledgetrack.io import ImportFailed
from pledgetrack.io.mapped import MappingError, compile_value, read_mapped
from pledgetrack.io.mapspec import mapping_schema, spec_problems
from pledgetrack.io.readers import yaml_load

_HEAD = (
    "pledgetrack-mapping: 1\n"
    "tables: {p: data.json}\n"
    "sources: [{key: {constant: s}, title: {constant: S}}]\n"
)


def _mapping(title: str, key: str = "{column: id, format: 'p-{}'}") -> Any:
    return yaml_load(
        _HEAD + f"commitments: {{from: p, key: {key}, title: {title},\n"
        "  actors: {constant: [A]}, announced: {constant: 2020-01-01},\n"
        "  citations: [{source: {constant: s}, quote: text}]}\n"
    )


def test_a_default_reading_another_column_is_refused_with_what_to_write_instead() -> None:
    found = dict(spec_problems(_mapping("{column: title, default: {column: text}}")))
    assert list(found) == ["commitments.title"]
    reason = found["commitments.title"]
    assert reason.startswith("default: is a constant")
    assert "{'column': 'text'}" in reason
    assert 'where: "@.title"' in reason and 'where: "!@.title"' in reason
    spaced = dict(spec_problems(_mapping("{column: Short title, default: {path: a.b}}")))
    assert "where: \"@['Short title']\"" in spaced["commitments.title"]


@pytest.mark.parametrize("part", ["constant", "present", "default"])
def test_an_object_is_never_a_constant(part: str) -> None:
    title = f"{{column: title, {part}: {{a: 1}}}}"
    if part == "constant":
        title = "{constant: {a: 1}}"
    found = dict(spec_problems(_mapping(title)))
    assert found["commitments.title"].startswith(f"{part}: is a constant")
    with pytest.raises(MappingError, match=f"{part}: is a constant"):
        compile_value({"column": "t", part: {"a": 1}}, "test", {})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_mapping(title), mapping_schema())


def test_constants_that_are_values_are_still_taken() -> None:
    for title in ("{column: title, default: Untitled}", "{constant: [A, B]}",
                  "{column: title, present: yes, default: [x]}"):  # fmt: skip
        data = _mapping(title)
        assert spec_problems(data) == []
        jsonschema.validate(data, mapping_schema())


def _read(tmp_path: Path, ids: list[str], key: str) -> ImportFailed:
    rows = [{"id": i, "title": f"Promise {n}", "text": f"Promise {n}"} for n, i in enumerate(ids)]
    (tmp_path / "data.json").write_text(json.dumps(rows), encoding="utf-8")
    path = tmp_path / "mapping.yaml"
    path.write_text(
        _HEAD + f"commitments: {{from: p, key: {key}, title: title,\n"
        "  actors: {constant: [A]}, announced: {constant: 2020-01-01},\n"
        "  citations: [{source: {constant: s}, quote: text}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as caught:
        read_mapped(path)
    return caught.value


def test_a_key_that_is_not_a_slug_says_which_character_and_how_to_make_one(
    tmp_path: Path,
) -> None:
    ids = ["a-long-url-slug-cut-at-a-dash-" + "x" * 60 + "-", "Upper", "with space", "-lead"]
    # "-lead" gives p--lead, a slug
    failed = _read(tmp_path, ids, "{column: id, format: 'p-{}'}")
    reasons = [p.reason for p in failed.problems]
    assert [p.field for p in failed.problems] == ["key"] * 3
    assert reasons[0].endswith(
        "it ends with '-'; a template's |slug filter makes a slug of any text "
        '({template: "p-{title|slug}"}), or a regex can keep only the part that is one'
    )
    assert ": it holds 'U' at position 3;" in reasons[1]
    assert ": it holds ' ' at position 7;" in reasons[2]


def test_the_hint_names_a_key_too_long_or_starting_wrong(tmp_path: Path) -> None:
    failed = _read(tmp_path, ["x" * 300, "ok"], "{column: id}")
    assert "it is 300 characters long" in failed.problems[0].reason
    failed = _read(tmp_path, ["_x"], "{column: id}")
    assert "it starts with '_'" in failed.problems[0].reason


def test_the_slug_filter_it_suggests_makes_the_key(tmp_path: Path) -> None:
    rows = [{"id": "a-", "title": "Lift the restrictions -", "text": "T"}]
    (tmp_path / "data.json").write_text(json.dumps(rows), encoding="utf-8")
    path = tmp_path / "mapping.yaml"
    path.write_text(
        _HEAD + "commitments: {from: p, key: {template: 'p-{title|slug}'}, title: title,\n"
        "  actors: {constant: [A]}, announced: {constant: 2020-01-01},\n"
        "  citations: [{source: {constant: s}, quote: text}]}\n",
        encoding="utf-8",
    )
    assert [e.value.key for e in read_mapped(path).commitments] == ["p-lift-the-restrictions"]


def _areas_mapping(tmp_path: Path, records: list[dict[str, Any]]) -> Path:
    (tmp_path / "dump.json").write_text(json.dumps({"data": records}), encoding="utf-8")
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "pledgetrack-mapping: 1\n"
        "tables:\n"
        "  p: {file: dump.json, records: \"$.data[?@.type == 'promise']\"}\n"
        "  areas: {file: dump.json, records: \"$.data[?@.type == 'area']\"}\n"
        "sources: [{key: {constant: s}, title: {constant: S}}]\n"
        "commitments: {from: p, key: {template: 'p-{attributes.number}'},\n"
        "  title: attributes.title, actors: {constant: [A]}, announced: {constant: 2020-01-01},\n"
        "  themes: {path: area, lookup: {table: areas, key: id, value: attributes.name}},\n"
        "  citations: [{source: {constant: s}, quote: attributes.title}]}\n",
        encoding="utf-8",
    )
    return path


def _promise(n: int, area: int) -> dict[str, Any]:
    return {"type": "promise", "area": area,
            "attributes": {"number": str(n), "title": f"Promise {n}"}}  # fmt: skip


def _area(ident: int, name: str) -> dict[str, Any]:
    return {"type": "area", "id": ident, "attributes": {"name": name}}


def test_a_lookup_reads_a_record_restated_in_the_dump_once(tmp_path: Path) -> None:
    records = [_area(7, "Salud"), _promise(1, 7), _area(7, "Salud"), _promise(2, 7)]
    got = read_mapped(_areas_mapping(tmp_path, records)).commitments
    assert [(e.value.key, e.value.themes) for e in got] == [
        ("p-1", ("Salud",)),
        ("p-2", ("Salud",)),
    ]


def test_a_lookup_whose_rows_disagree_is_a_problem_naming_both(tmp_path: Path) -> None:
    records = [_area(7, "Salud"), _promise(1, 7), _area(7, "Educación"), _promise(2, 8)]
    with pytest.raises(ImportFailed) as caught:
        read_mapped(_areas_mapping(tmp_path, [*records, _area(8, "Estado")]))
    (problem,) = caught.value.problems
    assert problem.place.row == "$.data[1]" and problem.value == 7
    assert problem.reason == (
        "is the 'id' of 2 rows of table 'areas' whose 'attributes.name' differ "
        "('Salud' at $.data[0], 'Educación' at $.data[2]); the lookup cannot choose"
    )


def test_an_empty_title_says_how_rows_without_one_are_read(tmp_path: Path) -> None:
    rows = [{"id": "1", "title": "", "text": "Promise 1"}, {"id": "2", "title": "T", "text": "x"}]
    (tmp_path / "data.json").write_text(json.dumps(rows), encoding="utf-8")
    path = tmp_path / "mapping.yaml"
    path.write_text(
        _HEAD + "commitments: {from: p, key: {column: id, format: 'p-{}'}, title: title,\n"
        "  actors: {constant: [A]}, announced: {constant: 2020-01-01},\n"
        "  citations: [{source: {constant: s}, quote: text}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as caught:
        read_mapped(path)
    (problem,) = caught.value.problems
    assert (problem.place.row, problem.place.column, problem.field) == ("$[0]", "title", "title")
    assert problem.reason == (
        "is empty; a commitment needs a title. For rows that lack one: a constant `default`, or "
        "a rule of their own (`where`) reading another column (docs/import-export.md, 'Recipes')"
    )
    # what the message points to: the rows without a title read another column
    path.write_text(
        _HEAD + "commitments:\n"
        "  - &c {from: p, where: '@.title', key: {column: id, format: 'p-{}'}, title: title,\n"
        "        actors: {constant: [A]}, announced: {constant: 2020-01-01},\n"
        "        citations: [{source: {constant: s}, quote: text}]}\n"
        "  - {<<: *c, where: '!@.title', title: text}\n",
        encoding="utf-8",
    )
    got = {e.value.key: e.value.title for e in read_mapped(path).commitments}
    assert got == {"p-1": "Promise 1", "p-2": "T"}
