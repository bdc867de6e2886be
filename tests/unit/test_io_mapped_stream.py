"""The lazy mapped reader (``iter_mapped``): write order, parents first, problems and notes as
items, mapping mistakes before any record, CSV rows streamed from the file."""

from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path
from typing import Any

import attrs
import pytest

from pledgetrack.io import ImportFailed
from pledgetrack.io.collection import Entry
from pledgetrack.io.mapped import MappingError, Note, iter_mapped, read_mapped
from pledgetrack.io.problems import Problem
from pledgetrack.model import Commitment, Source, StatusUpdate, Vocabulary
from pledgetrack.model.fields import FieldSpec

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
YEARLY = DATA / "yearly" / "mapping.yaml"
BAD = DATA / "bad" / "mapping.yaml"
ORDER = [Source, FieldSpec, Vocabulary, Commitment, StatusUpdate]


def kind(item: object) -> str:
    if isinstance(item, Entry):
        return type(item.value).__name__
    return type(item).__name__


def bad_folder(tmp_path: Path, csv_text: str) -> Path:
    """The bad-input mapping beside ``csv_text`` as its table (good.csv)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    shutil.copy(BAD, tmp_path / "mapping.yaml")
    (tmp_path / "good.csv").write_text(csv_text, encoding="utf-8")
    return tmp_path / "mapping.yaml"


def test_records_come_in_write_order_and_match_read_mapped() -> None:
    items = list(iter_mapped(YEARLY))
    kinds = [kind(i) for i in items if isinstance(i, Entry)]
    ranks = [[t.__name__ for t in ORDER].index(k) for k in kinds]
    assert ranks == sorted(ranks)
    assert set(kinds) == {t.__name__ for t in ORDER}
    collection = read_mapped(YEARLY)
    assert [i.problem for i in items if isinstance(i, Note)] == collection.doubts
    assert [e.value for e in collection.commitments] == [
        i.value for i in items if kind(i) == "Commitment"
    ]
    assert [e.value for e in collection.updates] == [
        i.value for i in items if kind(i) == "StatusUpdate"
    ]
    assert [e.place for e in collection.updates] == [
        i.place for i in items if kind(i) == "StatusUpdate"
    ]


def test_a_part_listed_before_its_commitment_is_yielded_after_it(tmp_path: Path) -> None:
    mapping = bad_folder(
        tmp_path,
        "id,title,announced,deadline,status_2022\n"
        "4a,Part of four,2021-01-10,2022,\n"
        "4b,Another part,2021-01-10,2022,\n"
        "1,One,2021-01-10,2022,\n"
        "4,Four,2021-01-10,2022,\n"
        "9a,Part of a stored nine,2021-01-10,2022,\n",
    )
    keys = [i.value.key for i in iter_mapped(mapping) if kind(i) == "Commitment"]
    assert keys == ["bad-1", "bad-4", "bad-4a", "bad-4b", "bad-9a"]


def test_row_problems_are_items_and_the_reading_goes_on(tmp_path: Path) -> None:
    mapping = bad_folder(
        tmp_path,
        "id,title,announced,deadline,status_2022\n"
        "1,One,2021-01-10,2022,Done\n"
        "2,,2021-01-10,2022,Going\n"
        "3,Three,2021-01-10,2022,Unknown label\n",
    )
    items = list(iter_mapped(mapping))
    problems = [i for i in items if isinstance(i, Problem)]
    assert [(p.place.row, p.field) for p in problems] == [("3", "title"), ("4", "status")]
    assert [i.value.key for i in items if kind(i) == "Commitment"] == ["bad-1", "bad-3"]
    assert [i.value.commitment for i in items if kind(i) == "StatusUpdate"] == ["bad-1", "bad-2"]
    with pytest.raises(ImportFailed) as caught:
        read_mapped(mapping)
    assert [(p.place.row, p.field) for p in caught.value.problems] == [
        ("3", "title"),
        ("4", "status"),
    ]


def test_a_doubt_is_a_note_or_with_strict_a_problem(tmp_path: Path) -> None:
    mapping = bad_folder(
        tmp_path,
        "id,title,announced,deadline,status_2022\n7,Seven,2023-01-10,2022,\n",
    )
    lenient = [i for i in iter_mapped(mapping) if isinstance(i, Note | Problem)]
    assert [type(i).__name__ for i in lenient] == ["Note"]
    assert isinstance(lenient[0], Note)
    assert (lenient[0].problem.place.row, lenient[0].problem.value) == ("2", "2022")
    strict = [i for i in iter_mapped(mapping, strict=True) if isinstance(i, Note | Problem)]
    assert strict == [lenient[0].problem]
    assert [e.value.key for e in read_mapped(mapping).commitments] == ["bad-7"]


def test_a_mapping_mistake_is_raised_before_any_record(tmp_path: Path) -> None:
    mapping = bad_folder(tmp_path, "id,title,announced,deadline,status_2022\n1,One,2021,2022,\n")
    text = mapping.read_text(encoding="utf-8").replace("title: title", "title: Title")
    mapping.write_text(text, encoding="utf-8")
    stream = iter_mapped(mapping)
    with pytest.raises(ImportFailed) as caught:
        next(stream)
    assert [(p.place.column, p.field) for p in caught.value.problems] == [
        ("Title", "commitments.title")
    ]


def test_the_problems_of_rows_are_noted_once_even_when_two_rules_read_them(
    tmp_path: Path,
) -> None:
    mapping = bad_folder(
        tmp_path,
        "id,title,announced,deadline,status_2022\n1,One,2021-01-10,2022,Done,extra\n",
    )
    problems = [i for i in iter_mapped(mapping) if isinstance(i, Problem)]
    assert [(p.place.row, p.value) for p in problems] == [("2", "extra")]


def _peak(mapping: Path, keep: bool) -> int:
    tracemalloc.start()
    try:
        if keep:
            read_mapped(mapping)
        else:
            for _item in iter_mapped(mapping):
                pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _rows(folder: Path, count: int) -> Path:
    lines = ["id,title,announced,deadline,status_2022"]
    lines += [
        f"{n},Commitment number {n} for the district,2021-01-10,2022,Done" for n in range(count)
    ]
    return bad_folder(folder, "\n".join(lines) + "\n")


def test_csv_rows_are_streamed_not_held(tmp_path: Path) -> None:
    """Reading 4 times the rows lazily needs far less than 4 times the memory; holding the
    records (read_mapped) grows with them — the contrast shows the measure can tell."""
    small, large = (_rows(tmp_path / str(n), n) for n in (1000, 4000))
    _peak(small, True)  # caches filled (compiled patterns, imports) before measuring
    lazy_small, lazy_large = _peak(small, False), _peak(large, False)
    held_small, held_large = _peak(small, True), _peak(large, True)
    assert held_large > 3 * held_small
    assert lazy_large < 1.5 * lazy_small
    assert lazy_large < held_large / 3


def test_updates_built_by_copy_equal_updates_built_in_full() -> None:
    """Later rounds of a row are copies of its first update with accepted values: each is
    the update the full constructor gives for the same fields."""
    updates = [i.value for i in iter_mapped(YEARLY) if kind(i) == "StatusUpdate"]
    assert len(updates) > len({u.commitment for u in updates})  # rows with several rounds
    for update in updates:
        rebuilt = StatusUpdate(
            **{a.name: getattr(update, a.name) for a in attrs.fields(StatusUpdate)}
        )
        assert rebuilt == update
        assert type(update) is StatusUpdate


def _two_rounds(tmp_path: Path, rows: str, labels: str) -> list[Any]:
    """What iter_mapped yields for ``rows`` (CSV text) rated in two rounds, r1 and r2, by a
    vocabulary of ``labels`` (YAML)."""
    folder = tmp_path / "rounds"
    folder.mkdir()
    (folder / "rows.csv").write_text(rows, encoding="utf-8")
    (folder / "mapping.yaml").write_text(
        "pledgetrack-mapping: 1\n"
        "tables: {rows: {file: rows.csv}}\n"
        f"vocabularies: [{{name: v, labels: {labels}}}]\n"
        "history:\n"
        "  - from: rows\n"
        "    commitment: id\n"
        "    vocabulary: v\n"
        "    rounds: [{status: r1, effective: 2021-12-31}, {status: r2, effective: 2022-12-31}]\n",
        encoding="utf-8",
    )
    return list(iter_mapped(folder / "mapping.yaml"))


def test_a_nul_in_a_later_round_label_is_still_refused(tmp_path: Path) -> None:
    rows = "id,title,r1,r2\n1,One,Done,Done\n2,Two,Done,Do\x00ne\n"
    items = _two_rounds(tmp_path, rows, '{Done: fulfilled, "Do\\0ne": fulfilled}')
    problems = [i for i in items if isinstance(i, Problem)]
    assert [(p.place.row, p.place.column) for p in problems] == [("3", "r2")]
    assert [(u.value.commitment, u.value.label) for u in items if kind(u) == "StatusUpdate"] == [
        ("1", "Done"),
        ("1", "Done"),
        ("2", "Done"),
    ]


def test_a_nul_in_a_later_rows_commitment_key_is_still_refused(tmp_path: Path) -> None:
    """Plain updates of later rows are copies of an earlier one with their own key: the key is
    checked by the model's own checks, so a bad key is a problem, not a copied update."""
    rows = "id,r1,r2\n1,Done,Done\n2,Done,Done\n3\x00,Done,Done\n4,Done,\n"
    items = _two_rounds(tmp_path, rows, "{Done: fulfilled}")
    problems = [i for i in items if isinstance(i, Problem)]
    assert [p.place.row for p in problems] == ["4", "4"]
    assert all("NUL" in p.reason for p in problems)
    updates = [u.value for u in items if kind(u) == "StatusUpdate"]
    assert [(u.commitment, u.effective.year) for u in updates] == [
        ("1", 2021), ("1", 2022), ("2", 2021), ("2", 2022), ("4", 2021),
    ]  # fmt: skip
    for update in updates:
        rebuilt = StatusUpdate(
            **{a.name: getattr(update, a.name) for a in attrs.fields(StatusUpdate)}
        )
        assert rebuilt == update


def test_a_reader_bug_is_not_turned_into_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    """read_collection lets through only ImportFailed; any other exception is a bug to see."""
    from pledgetrack.io import mapped, read_collection

    def broken(*_args: object, **_kwargs: object) -> None:
        raise TypeError("a bug in the reader")

    monkeypatch.setattr(mapped, "read_mapped", broken)
    with pytest.raises(TypeError, match="a bug in the reader"):
        read_collection(YEARLY.parent, mapping=YEARLY)


def test_a_mistake_of_shape_names_the_property_as_written_and_quotes_briefly(
    tmp_path: Path,
) -> None:
    mapping = bad_folder(tmp_path, "id,title,announced,deadline,status_2022\n")
    text = mapping.read_text(encoding="utf-8")
    mapping.write_text(
        text.replace("pledgetrack-mapping: 1", "pledgetrack-mapping: '" + "9" * 5000 + "'"),
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as caught:
        read_mapped(mapping)
    (problem,) = caught.value.problems
    assert problem.field == "pledgetrack-mapping"
    assert len(str(problem)) < 400 and "5,000 characters" in str(problem)


def test_a_csv_with_no_header_row_is_read_with_the_columns_the_mapping_names(
    tmp_path: Path,
) -> None:
    (tmp_path / "rows.csv").write_text(
        "1,One,2021-01-10,2022,Done\n2,Two,2021-01-10,2023,Nope\n", encoding="utf-8"
    )
    text = BAD.read_text(encoding="utf-8").replace(
        "rows: {file: good.csv}",
        "rows: {file: rows.csv, columns: [id, title, announced, deadline, status_2022]}",
    )
    (tmp_path / "mapping.yaml").write_text(text, encoding="utf-8")
    items = list(iter_mapped(tmp_path / "mapping.yaml"))
    assert [i.value.key for i in items if kind(i) == "Commitment"] == ["bad-1", "bad-2"]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [(p.place.row, p.place.column, p.value) for p in problems] == [
        ("2", "status_2022", "Nope")
    ]
    (tmp_path / "mapping.yaml").write_text(text.replace("status_2022]", "title]"), encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        read_mapped(tmp_path / "mapping.yaml")
    found = [(p.place.file, p.place.column, p.reason) for p in caught.value.problems]
    assert ("rows.csv", "title", "the column name is repeated") in found


def test_a_row_value_is_the_rows_own_place() -> None:
    from pledgetrack.io.mapped import _Context, compile_value
    from pledgetrack.io.problems import Place
    from pledgetrack.io.readers import Row

    value = compile_value({"row": True, "format": "p-{}"}, "key", {})
    assert value.get(Row(Place("f.csv", "17"), {"a": "x"}), _Context({})) == "p-17"
    with pytest.raises(MappingError, match="exactly one of"):
        compile_value({"row": True, "column": "a"}, "key", {})
