"""A cell the mapping names is never dropped silently: a percentage, note, progress or author
given for a round whose status cell is empty (an unrated round) is a doubt that names the
file, row, column and value and says what was assumed; ``strict`` makes it a problem."""

from __future__ import annotations

from pathlib import Path

import pytest

import pledgetrack as pt
from pledgetrack.io import ImportFailed, import_path
from pledgetrack.io.mapped import Note, iter_mapped, read_mapped
from pledgetrack.io.problems import Problem

HEAD = """pledgetrack-mapping: 1
tables:
  ratings: {file: ratings.csv}
  docs: {file: docs.csv}
sources:
  - {key: {constant: sheet}, title: {constant: The sheet}}
  - {from: docs, key: {template: "doc-{id}"}, title: title}
commitments:
  from: ratings
  key: {template: "p-{No}"}
  title: Commitment
  actors: {constant: [Government]}
  announced: {constant: 2020-01-01}
  citations: [{source: {constant: sheet}, quote: Commitment}]
"""

RATINGS = (
    "No,Commitment,status_2021,percent_2021,comment_2021,status_2022,percent_2022,author\n"
    "1,Build schools,in_progress,40,slow,fulfilled,100,A. Rater\n"
    "2,Build roads,,25,not rated yet,in_progress,,A. Rater\n"
    "3,Build ports,,,,,,\n"
)
DOCS = "id,rating,title,excerpt\n9,3,Port report,The port opened\n"


def folder(tmp_path: Path, history: str) -> Path:
    (tmp_path / "ratings.csv").write_text(RATINGS, encoding="utf-8")
    (tmp_path / "docs.csv").write_text(DOCS, encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(HEAD + history, encoding="utf-8")
    return mapping


WIDE = """history:
  from: ratings
  commitment: {template: "p-{No}"}
  rounds:
    pattern: 'status_(?P<year>\\d{4})'
    effective: "{year}-12-31"
    percent: "percent_{year}"
    note: "comment_{year}"
"""


def doubts(mapping: Path) -> list[tuple[str | None, str | None, str | None, object]]:
    return [(d.place.row, d.place.column, d.field, d.value) for d in read_mapped(mapping).doubts]


def test_a_percentage_and_a_note_of_an_unrated_round_are_notes(tmp_path: Path) -> None:
    mapping = folder(tmp_path, WIDE)
    collection = read_mapped(mapping)
    # row 3 (p-2) rates 2022 only: its 2021 percentage and comment are not imported
    assert [(u.value.commitment, u.value.effective.year) for u in collection.updates] == [
        ("p-1", 2021), ("p-1", 2022), ("p-2", 2022),
    ]  # fmt: skip
    assert doubts(mapping) == [
        ("3", "comment_2021", "note", "not rated yet"),
        ("3", "percent_2021", "percent", "25"),
    ]
    (_note, first) = collection.doubts
    assert first.record == "p-2" and first.place.file == "ratings.csv"
    assert "status cell 'status_2021' is empty" in first.reason and "not imported" in first.reason
    assert str(first).startswith("ratings.csv, row 3, column 'percent_2021' (p-2, field")


def test_strict_refuses_them_and_nothing_is_imported(tmp_path: Path) -> None:
    mapping = folder(tmp_path, WIDE)
    items = [i for i in iter_mapped(mapping, strict=True) if isinstance(i, Note | Problem)]
    assert [(i.place.row, i.place.column) for i in items if isinstance(i, Problem)] == [
        ("3", "comment_2021"),
        ("3", "percent_2021"),
    ]
    with pt.open(tmp_path / "store.db") as tracker:
        with pytest.raises(ImportFailed) as caught:
            import_path(tracker, None, mapping=mapping, strict=True)
        assert [p.place.column for p in caught.value.problems] == ["comment_2021", "percent_2021"]
        assert tracker.list_commitments(as_of="2030-01-01") == []
        report = import_path(tracker, None, mapping=mapping)
        assert report.updates_added == 3 and len(report.notices) == 2


def test_listed_rounds_and_a_long_table_say_the_same(tmp_path: Path) -> None:
    listed = WIDE.split("  rounds:")[0] + (
        "  rounds:\n"
        "    - {status: status_2021, effective: 2021-12-31, percent: percent_2021}\n"
        "    - {status: status_2022, effective: 2022-12-31, author: author}\n"
    )
    mapping = folder(tmp_path, listed)
    assert doubts(mapping) == [("3", "percent_2021", "percent", "25")]
    long = (
        'history:\n  from: ratings\n  commitment: {template: "p-{No}"}\n'
        "  status: status_2021\n  effective: {constant: 2021-12-31}\n"
        "  percent: percent_2021\n  note: comment_2021\n  author: author\n"
    )
    mapping = folder(tmp_path, long)
    assert doubts(mapping) == [
        ("3", "comment_2021", "note", "not rated yet"),
        ("3", "percent_2021", "percent", "25"),
        ("3", "author", "author", "A. Rater"),
    ]


def test_a_constant_or_a_default_is_not_the_rows_and_is_no_doubt(tmp_path: Path) -> None:
    history = (
        'history:\n  from: ratings\n  commitment: {template: "p-{No}"}\n'
        "  status: status_2021\n  effective: {constant: 2021-12-31}\n"
        "  author: {constant: The unit}\n  percent: {column: percent_2022, default: 0}\n"
    )
    assert doubts(folder(tmp_path, history)) == []


def test_evidence_of_a_row_with_no_rating_is_a_note(tmp_path: Path) -> None:
    history = (
        'history:\n  from: ratings\n  commitment: {template: "p-{No}"}\n'
        "  status: status_2021\n  effective: {constant: 2021-12-31}\n"
        "  evidence:\n"
        "    - from: docs\n"
        '      match: {rating: "No"}\n'
        '      source: {template: "doc-{id}"}\n'
        "      quote: excerpt\n"
    )
    (doubt,) = read_mapped(folder(tmp_path, history)).doubts
    assert (doubt.place.row, doubt.field, doubt.record) == ("4", "evidence", "p-3")
    assert doubt.value == "doc-9: The port opened"
    assert "'status_2021'" in doubt.reason
    assert "1 evidence quote(s) were not imported" in doubt.reason


def test_a_quote_whose_source_is_empty_is_a_note(tmp_path: Path) -> None:
    ratings = "No,Commitment,ref,status_2021\n1,Build schools,,in_progress\n2,Build roads,sheet,\n"
    (tmp_path / "ratings.csv").write_text(ratings, encoding="utf-8")
    (tmp_path / "docs.csv").write_text(DOCS, encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        HEAD.replace(
            "  citations: [{source: {constant: sheet}, quote: Commitment}]\n",
            "  citations:\n"
            "    - {source: {constant: sheet}, quote: Commitment}\n"
            "    - {source: ref, quote: Commitment}\n",
        )
        + 'history:\n  from: ratings\n  commitment: {template: "p-{No}"}\n'
        "  status: status_2021\n  effective: {constant: 2021-12-31}\n",
        encoding="utf-8",
    )
    collection = read_mapped(mapping)
    # row 2 cites the sheet once, and its second quote has no source: not cited, and said so
    assert [len(e.value.citations) for e in collection.commitments] == [1, 2]
    (doubt,) = collection.doubts
    assert (doubt.place.row, doubt.place.column, doubt.field) == ("2", "Commitment", "citations")
    assert (doubt.record, doubt.value) == ("p-1", "Build schools")
    assert "source ('ref') is empty" in doubt.reason
