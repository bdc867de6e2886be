"""Reading real files: byte-order marks, CRLF, no final newline, HTML, Cyrillic, NFC, empties."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from pledgetrack.io.problems import Problems
from pledgetrack.io.readers import _read_delimited, read_table, select

HEADER = "id,title,note\n"


def read(
    tmp_path: Path, data: bytes, name: str = "t.csv", **options: object
) -> tuple[list[dict[str, object]], Problems]:
    path = tmp_path / name
    path.write_bytes(data)
    problems = Problems()
    table = read_table("t", path, problems, **options)  # type: ignore[arg-type]
    return [dict(r.values) for r in table.rows], problems


def test_bom_crlf_and_no_final_newline(tmp_path: Path) -> None:
    data = "\ufeffid,title\r\n1,One\r\n2,Two".encode()
    rows, problems = read(tmp_path, data)
    assert not problems
    assert rows == [{"id": "1", "title": "One"}, {"id": "2", "title": "Two"}]


def test_line_ends_inside_a_quoted_cell_become_newlines(tmp_path: Path) -> None:
    rows, _ = read(tmp_path, b'id,title\r\n1,"first line\r\nsecond line"\r\n2,x\r\n')
    assert rows[0]["title"] == "first line\nsecond line"


def test_rows_keep_the_line_they_start_on(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b'id,title\n1,"a\nb"\n\n2,c\n')
    table = read_table("t", path, Problems())
    assert [r.place.row for r in table.rows] == ["2", "5"]


def test_texts_are_nfc_normalised_and_stripped_and_empty_cells_are_none(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Société Générale")
    assert decomposed != "Société Générale"
    rows, _ = read(tmp_path, f"{HEADER}1,  {decomposed} ,\n".encode())
    assert rows[0] == {"id": "1", "title": "Société Générale", "note": None}


def test_html_and_cyrillic_are_kept_as_text(tmp_path: Path) -> None:
    line = '1,Открыть <b>50</b> центров &amp; школ,"<a href=""x"">link</a>"\n'
    rows, _ = read(tmp_path, (HEADER + line).encode())
    assert rows[0]["title"] == "Открыть <b>50</b> центров &amp; школ"
    assert rows[0]["note"] == '<a href="x">link</a>'


def test_a_file_that_is_not_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    data = (HEADER + "1,ok,\n2,Rénover,\n").encode("latin-1")
    rows, problems = read(tmp_path, data, "latin.csv")
    assert rows == []
    (problem,) = problems.items
    assert problem.place.file == "latin.csv"
    assert problem.place.row == "3"
    assert "not UTF-8" in problem.reason and "0xE9" in problem.reason


def test_another_encoding_can_be_named(tmp_path: Path) -> None:
    data = (HEADER + "2,Rénover,\n").encode("cp1252")
    rows, problems = read(tmp_path, data, encoding="cp1252")
    assert not problems
    assert rows[0]["title"] == "Rénover"


def test_ragged_rows(tmp_path: Path) -> None:
    rows, problems = read(tmp_path, b"id,title,note\n1,short\n2,a,b,extra\n")
    assert rows == [{"id": "1", "title": "short", "note": None}]
    assert problems.items[0].place.row == "3"
    assert "4 cells" in problems.items[0].reason


@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "whole"])
def test_extra_cells_without_a_header_row_name_the_columns_not_a_header(
    tmp_path: Path, streamed: bool
) -> None:
    # a file too large to stream is read whole: both paths word it the same
    data = b"1,short\n2,a,c\n3,b,,\n"
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    problems = Problems()
    if streamed:
        table = read_table("t", path, problems, columns=["id", "title"])
    else:
        table = _read_delimited("t", "t.csv", data.decode(), ",", problems, ["id", "title"])
    rows = [dict(r.values) for r in table.rows]
    # trailing empty cells need no name; a non-empty one is refused with its line
    assert rows == [{"id": "1", "title": "short"}, {"id": "3", "title": "b"}]
    (problem,) = problems.items
    assert (problem.place.file, problem.place.row, problem.value) == ("t.csv", "2", "c")
    assert "has 3 cells but columns names 2 (the file has no header row)" in problem.reason
    assert "header names" not in problem.reason


def test_repeated_and_empty_header_names(tmp_path: Path) -> None:
    _, problems = read(tmp_path, b"id,title,id,,x\n1,a,b,c,d\n")
    reasons = [p.reason for p in problems.items]
    assert any("repeated" in r for r in reasons)
    assert any("header cell 4 is empty" in r for r in reasons)


def test_tsv(tmp_path: Path) -> None:
    rows, _ = read(tmp_path, b"id\ttitle\n1\tA, with comma\n", "t.tsv")
    assert rows == [{"id": "1", "title": "A, with comma"}]


def test_json_records_with_exact_decimals_and_json_paths(tmp_path: Path) -> None:
    data = b'{"data": {"items": [{"id": 1, "share": 10.50, "title": " x "}, {"id": 2}]}}'
    path = tmp_path / "d.json"
    path.write_bytes(data)
    table = read_table("t", path, Problems(), records="$.data.items[*]")
    assert [dict(r.values) for r in table.rows] == [
        {"id": 1, "share": Decimal("10.50"), "title": "x"},
        {"id": 2},
    ]
    assert table.rows[1].place.row == "$.data.items[1]"


def test_yaml_records_and_invalid_input(tmp_path: Path) -> None:
    rows, problems = read(tmp_path, b"- {id: 1, share: 0.1}\n", "d.yaml")
    assert rows == [{"id": 1, "share": Decimal("0.1")}]
    _, problems = read(tmp_path, b"{not json", "bad.json")
    assert "not valid JSON" in problems.items[0].reason


@pytest.mark.parametrize(
    ("path", "found"),
    [
        ("$.a.b", [("$.a.b", 1)]),
        ("a['c d']", [("$.a.c d", 2)]),
        ("$.l[1]", [("$.l[1]", 20)]),
        ("$.l[*]", [("$.l[0]", 10), ("$.l[1]", 20)]),
        ("$.missing", []),
    ],
)
def test_select(path: str, found: list[tuple[str, object]]) -> None:
    data = {"a": {"b": 1, "c d": 2}, "l": [10, 20]}
    assert list(select(data, path)) == found
