"""The mapping files' value language, one piece at a time: sources, template parts and
filters, each modifier, and the row filters (``where``/``when``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pledgetrack.io import ImportFailed
from pledgetrack.io.mapped import (
    CellError,
    MappingError,
    _Context,
    blank_missing,
    compile_value,
    read_mapped,
)
from pledgetrack.io.paths import RowFilter, dotted, select_records
from pledgetrack.io.problems import Place, Problems
from pledgetrack.io.readers import Row, Table
from pledgetrack.io.sheets import read_sheet

AREAS = Table(
    "areas",
    "areas.csv",
    (
        Row(Place("areas.csv", "2"), {"id": "7", "name": "Health"}),
        Row(Place("areas.csv", "3"), {"id": "8", "name": "Schools"}),
    ),
    ("id", "name"),
)
LINKS = Table(
    "links",
    "links.csv",
    (
        Row(Place("links.csv", "2"), {"promise": "12", "area": "7"}),
        Row(Place("links.csv", "3"), {"promise": "12", "area": "8"}),
    ),
    ("promise", "area"),
)
TABLES = {"areas": AREAS, "links": LINKS}


def value_of(spec: Any, **row: Any) -> Any:
    compiled = compile_value(spec, "test", TABLES)
    return compiled.get(Row(Place("t.csv", "2"), row), _Context(TABLES))


class TestSources:
    def test_a_bare_text_names_a_column(self) -> None:
        assert value_of("No", No="12") == "12"
        assert value_of("No", Other="12") is None

    def test_a_bare_text_reaches_into_a_nested_record(self) -> None:
        assert value_of("attributes.title", attributes={"title": "Pensions"}) == "Pensions"

    def test_a_constant_is_itself(self) -> None:
        assert value_of({"constant": ["Government"]}) == ["Government"]
        assert value_of({"constant": dt.date(2016, 3, 1)}) == dt.date(2016, 3, 1)

    def test_a_path(self) -> None:
        assert value_of({"path": "meta['the title']"}, meta={"the title": "x"}) == "x"

    def test_related_rows(self) -> None:
        spec = {
            "related": {
                "from": "links",
                "match": {"promise": "id"},
                "value": {
                    "column": "area",
                    "lookup": {"table": "areas", "key": "id", "value": "name"},
                },
            }
        }
        assert value_of(spec, id="12") == ["Health", "Schools"]
        assert value_of(spec, id="13") == []

    def test_exactly_one_source(self) -> None:
        with pytest.raises(MappingError, match="exactly one"):
            compile_value({"column": "a", "constant": 1}, "x", TABLES)


class TestTemplates:
    def test_parts_are_filled_from_columns(self) -> None:
        assert value_of({"template": "ot-{num}{letter}"}, num="12", letter="a") == "ot-12a"

    def test_a_missing_part_gives_no_value(self) -> None:
        assert value_of({"template": "ot-{num}{letter}"}, num="12", letter=None) is None

    def test_an_optional_part_may_be_empty(self) -> None:
        spec = {"template": "ot-{num}{letter?}"}
        assert value_of(spec, num="12", letter=None) == "ot-12"
        assert value_of(spec, num="12", letter="b") == "ot-12b"
        assert value_of(spec, num=None, letter="b") is None  # a required part is still required

    @pytest.mark.parametrize(
        ("name", "given", "expected"),
        [
            ("slug", "Build 12 Schools!", "build-12-schools"),
            ("lower", "AbC", "abc"),
            ("upper", "AbC", "ABC"),
            ("strip", "x", "x"),
        ],
    )
    def test_each_filter(self, name: str, given: str, expected: str) -> None:
        assert value_of({"template": "{v|" + name + "}"}, v=given) == expected

    def test_an_optional_part_with_a_filter(self) -> None:
        assert value_of({"template": "k-{n}{l?|upper}"}, n="4", l="c") == "k-4C"

    def test_braces_are_doubled(self) -> None:
        assert value_of({"template": "{{{n}}}"}, n="4") == "{4}"

    def test_an_unknown_filter_is_a_mapping_mistake(self) -> None:
        with pytest.raises(MappingError, match="unknown filter 'title'"):
            compile_value({"template": "{n|title}"}, "x", TABLES)


class TestModifiers:
    def test_split(self) -> None:
        assert value_of({"column": "s", "split": ";"}, s="Health; Schools;") == [
            "Health",
            "Schools",
        ]

    def test_regex_keeps_group_one(self) -> None:
        assert value_of({"column": "n", "regex": r"^(\d+)[a-z]$"}, n="12a") == "12"
        assert value_of({"column": "n", "regex": r"^(\d+)[a-z]$"}, n="12") is None

    def test_regex_named_group(self) -> None:
        assert value_of({"column": "n", "regex": r"x(?P<value>\d)(\d)"}, n="x12") == "1"

    def test_present(self) -> None:
        assert value_of({"column": "r", "present": "fulfilled"}, r="yes, 2021") == "fulfilled"
        assert value_of({"column": "r", "present": "fulfilled"}, r=None) is None

    def test_map_folds_case_and_space_and_refuses_the_unknown(self) -> None:
        spec = {"column": "r", "map": {"Yes": "fulfilled", "No": None}}
        assert value_of(spec, r="  YES ") == "fulfilled"
        assert value_of(spec, r="no") is None
        with pytest.raises(CellError, match="has no entry in the map"):
            value_of(spec, r="maybe")

    def test_map_to_numbers_keeps_them_exact(self) -> None:
        assert value_of({"column": "r", "map": {"half": Decimal("50.5")}}, r="half") == Decimal(
            "50.5"
        )

    def test_lookup(self) -> None:
        spec = {"column": "a", "lookup": {"table": "areas", "key": "id", "value": "name"}}
        assert value_of(spec, a="8") == "Schools"
        with pytest.raises(CellError, match="is not a 'id' of table 'areas'"):
            value_of(spec, a="9")

    def test_format(self) -> None:
        assert value_of({"column": "n", "format": "ndu-{}"}, n="4") == "ndu-4"
        with pytest.raises(MappingError, match="must hold"):
            compile_value({"column": "n", "format": "ndu-"}, "x", TABLES)

    def test_default(self) -> None:
        assert value_of({"column": "d", "default": "2016-03-01"}, d=None) == "2016-03-01"
        assert value_of({"column": "d", "default": "2016-03-01"}, d="2017") == "2017"

    def test_when_gives_no_value_unless_the_row_passes(self) -> None:
        parent = {"template": "ot-{num}", "when": "@.letter"}
        assert value_of(parent, num="12", letter="a") == "ot-12"
        assert value_of(parent, num="12", letter=None) is None

    def test_when_that_cannot_be_read_names_its_place(self) -> None:
        with pytest.raises(MappingError) as caught:
            compile_value({"column": "a", "when": "@.a =="}, "commitments.parent", TABLES)
        assert caught.value.where == "commitments.parent.when"
        assert "column" in caught.value.reason


class TestRowFilters:
    @pytest.mark.parametrize(
        ("expression", "row", "passes"),
        [
            ("@.letter", {"letter": "a"}, True),
            ("@.letter", {"letter": None}, False),  # an empty cell has no value
            ("!@.letter", {"letter": None}, True),
            ("@.status != 'Not rated'", {"status": "Done"}, True),
            ("@['Lead ministry'] == 'Health'", {"Lead ministry": "Health"}, True),
            ("@.count >= 2.5", {"count": Decimal("2.5")}, True),  # exact decimals compare
            ("@.count > 2.5", {"count": Decimal("2.5")}, False),
            ("@.on == '2021-05-01'", {"on": dt.date(2021, 5, 1)}, True),
            ("match(@.No, '[0-9]+[a-z]')", {"No": "12a"}, True),
            ("match(@.No, '[0-9]+[a-z]')", {"No": "12"}, False),
            ("$[?@.a == 1 && @.b == 2]", {"a": 1, "b": 2}, True),
        ],
    )
    def test_expressions(self, expression: str, row: dict[str, Any], passes: bool) -> None:
        assert RowFilter(expression).matches(row) is passes

    def test_records_by_value(self) -> None:
        document = {"data": [{"type": "area", "id": 1}, {"type": "promise", "id": 2}]}
        found = list(select_records(document, "$.data[?@.type == 'promise']"))
        assert found == [("$.data[1]", {"type": "promise", "id": 2})]

    def test_records_keep_exact_decimals_and_old_paths_still_work(self) -> None:
        document = {"tables": {"p": [{"x": Decimal("0.1")}, {"x": Decimal("2")}]}}
        assert list(select_records(document, "tables.p[?@.x < 1]")) == [
            ("$.tables.p[0]", {"x": Decimal("0.1")})
        ]
        assert [w for w, _v in select_records(document, "$.tables.p[*]")] == [
            "$.tables.p[0]",
            "$.tables.p[1]",
        ]

    def test_a_nested_record_sees_the_record_it_is_in(self) -> None:
        document = {
            "promises": [
                {"id": 7, "title": "x", "ratings": [{"year": 2021}, {"year": 2022}]},
                {"id": 8, "title": "y", "ratings": [{"year": 2023}]},
            ]
        }
        found = list(select_records(document, "$.promises[*].ratings[*]"))
        assert [(w, v["year"], v["^"]) for w, v in found] == [
            ("$.promises[0].ratings[0]", 2021, {"id": 7, "title": "x"}),
            ("$.promises[0].ratings[1]", 2022, {"id": 7, "title": "x"}),
            ("$.promises[1].ratings[0]", 2023, {"id": 8, "title": "y"}),
        ]
        assert value_of({"path": "^.id", "format": "p-{}"}, **found[2][1]) == "p-8"
        top = list(select_records(document, "$.promises[*]"))
        assert "^" not in top[0][1]  # a top-level record has no record around it

    def test_a_mistake_is_reported_with_its_position(self) -> None:
        with pytest.raises(ValueError, match="line 1, column"):
            list(select_records([], "$[?@.model = 'x']"))

    def test_places_read_as_paths(self) -> None:
        assert dotted(("data", 3, "a name")) == "$.data[3]['a name']"


def test_a_sheet_by_name_or_position_with_the_header_below_a_title(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Notes"
    sheet = book.create_sheet("Ratings")
    sheet.append(["Ratings of 2023 (title row)"])
    sheet.append(["No", "Commitment", "Budget", "Announced", "Done"])
    sheet.append([1, "Build schools", 120.5, dt.date(2016, 3, 15), True])
    sheet.append([None, None, None, None, None])
    sheet.append(["12a", "Pass the act", 3, "March 2016", None])
    book.save(tmp_path / "book.xlsx")
    problems = Problems()
    table = read_sheet("r", tmp_path / "book.xlsx", problems, sheet="Ratings", header=2)
    assert not problems
    assert table.columns == ("No", "Commitment", "Budget", "Announced", "Done")
    assert [r.place.row for r in table.rows] == ["3", "5"]
    assert table.rows[0].values == {
        "No": 1,
        "Commitment": "Build schools",
        "Budget": Decimal("120.5"),
        "Announced": dt.date(2016, 3, 15),
        "Done": True,
    }
    assert table.rows[1].values["Done"] is None
    by_index = read_sheet("r", tmp_path / "book.xlsx", problems, sheet=1, header=2)
    assert by_index.rows == table.rows
    missing = read_sheet("r", tmp_path / "book.xlsx", problems, sheet="Ratings 2024")
    assert missing.rows == () and "its sheets: 'Notes', 'Ratings'" in problems.items[0].reason


class TestMissingMarkers:
    """``missing`` on a table (or under ``input`` for every table): texts that mean no value."""

    def test_each_marker_is_blanked_exactly_in_nested_records_too(self) -> None:
        missing = frozenset({"N/A", "-"})
        row = {"a": "N/A", "b": "n/a", "c": "-", "d": 0, "e": {"f": ["N/A", "7"]}, "g": "N/A x"}
        assert blank_missing(row, missing) == {
            "a": None,
            "b": "n/a",  # exact: each spelling is listed
            "c": None,
            "d": 0,
            "e": {"f": [None, "7"]},
            "g": "N/A x",  # a whole cell, never a part of one
        }

    def test_marked_cells_give_no_update_and_no_percent(self, tmp_path: Path) -> None:
        (tmp_path / "r.csv").write_text(
            "No,Promise,Status 2019,Pct 2019,Status 2020,Pct 2020\n"
            "1,Build homes,Started,50 %,Done,100\n"
            "2,Plant trees,N/A,n/a,Started,-\n",
            encoding="utf-8",
        )
        mapping = tmp_path / "m.yaml"
        base = (
            "pledgetrack-mapping: 1\n"
            "{input}"
            "tables:\n  r: {{file: r.csv{table}}}\n"
            "vocabularies: [{{name: v, labels: {{Started: in_progress, Done: fulfilled}}}}]\n"
            "sources: [{{key: {{constant: s}}, title: {{constant: S}}}}]\n"
            "commitments:\n  from: r\n  key: {{template: 'p-{{No}}'}}\n  title: Promise\n"
            "  actors: {{constant: [Gov]}}\n  announced: {{constant: 2019-01-01}}\n"
            "  citations: [{{source: {{constant: s}}, quote: Promise}}]\n"
            "history:\n  - from: r\n    commitment: {{template: 'p-{{No}}'}}\n"
            "    vocabulary: v\n    rounds:\n      pattern: 'Status (?P<year>\\d{{4}})'\n"
            "      effective: '{{year}}-12-31'\n      percent: 'Pct {{year}}'\n"
        )
        # without the markers, 'N/A' is an unknown label (its round is not read further)
        # and '-' is not a number
        mapping.write_text(base.format(input="", table=""), encoding="utf-8")
        with pytest.raises(ImportFailed) as failed:
            read_mapped(mapping)
        assert sorted(p.value for p in failed.value.problems) == ["-", "N/A"]
        for given in (
            {"input": "", "table": ", missing: [N/A, n/a, '-']"},
            {"input": "input: {missing: [N/A, n/a, '-']}\n", "table": ""},
        ):
            mapping.write_text(base.format(**given), encoding="utf-8")
            updates = [e.value for e in read_mapped(mapping).updates]
            assert [(u.commitment, u.effective.year, u.label, u.percent) for u in updates] == [
                ("p-1", 2019, "Started", Decimal(50)),
                ("p-1", 2020, "Done", Decimal(100)),
                ("p-2", 2020, "Started", None),
            ]
        # a table's own list replaces the defaults under input: '-' is a value again
        given = {"input": "input: {missing: [N/A, n/a, '-']}\n", "table": ", missing: [N/A]"}
        mapping.write_text(base.format(**given), encoding="utf-8")
        with pytest.raises(ImportFailed) as failed:
            read_mapped(mapping)
        assert [(p.place.column, p.value) for p in failed.value.problems] == [("Pct 2020", "-")]


class TestMapResults:
    def test_a_map_gives_lists_dates_and_numbers_as_well_as_words(self) -> None:
        spec = {"column": "era", "map": {"labour": ["Labour-led government"], "national": None}}
        assert value_of(spec, era="labour") == ["Labour-led government"]
        assert value_of(spec, era="national") is None
        dated = {"column": "era", "map": {"labour": "2023-10", "national": dt.date(2026, 8, 31)}}
        assert value_of(dated, era="labour") == "2023-10"
        assert value_of(dated, era="national") == dt.date(2026, 8, 31)
        with pytest.raises(CellError):
            value_of(dated, era="greens")

    def test_map_keys_that_are_numbers_match_as_numbers(self) -> None:
        score = {"column": "score", "map": {"-1": 0, "0": 50, "+1": 100}}
        assert [value_of(score, score=s) for s in ("-1", "0", "+1", "1", 1, "1.0")] == [
            0, 50, 100, 100, 100, 100,
        ]  # fmt: skip
        with pytest.raises(CellError):
            value_of(score, score="2")


class TestAssessedActors:
    """``actors`` on a history rule or round: the commitment's actors an update assesses."""

    HEAD = (
        "pledgetrack-mapping: 1\n"
        "tables:\n  s: {file: s.csv}\n"
        "vocabularies: [{name: c, labels: {'-1': broken, '0': in_progress, '+1': fulfilled}}]\n"
        "sources: [{key: {constant: s}, title: {constant: S}}]\n"
        "commitments:\n  from: s\n  key: {template: 'g-{No}'}\n  title: Commitment\n"
        "  actors: {constant: [Canada, France]}\n  announced: {constant: 2019-06}\n"
        "  citations: [{source: {constant: s}, quote: Commitment}]\n"
        "history:\n  - from: s\n    commitment: {template: 'g-{No}'}\n    vocabulary: c\n"
    )

    def read(self, tmp_path: Path, history: str) -> list[tuple[str, tuple[str, ...], str | None]]:
        (tmp_path / "s.csv").write_text(
            "No,Commitment,Canada,France\n1,Climate finance,+1,-1\n2,Trade,0,\n", encoding="utf-8"
        )
        mapping = tmp_path / "m.yaml"
        mapping.write_text(self.HEAD + history, encoding="utf-8")
        updates = [e.value for e in read_mapped(mapping).updates]
        return [(u.commitment, u.actors, u.label) for u in updates]

    def test_listed_rounds_one_per_member(self, tmp_path: Path) -> None:
        history = (
            "    rounds:\n"
            "      - {status: Canada, effective: 2020-06-30, actors: {constant: [Canada]}}\n"
            "      - {status: France, effective: 2020-06-30, actors: {constant: France}}\n"
        )
        assert self.read(tmp_path, history) == [
            ("g-1", ("Canada",), "+1"),
            ("g-1", ("France",), "-1"),
            ("g-2", ("Canada",), "0"),
        ]

    def test_a_pattern_names_the_actor_from_the_column(self, tmp_path: Path) -> None:
        history = (
            "    rounds:\n      pattern: '(?P<member>Canada|France)'\n"
            "      effective: 2020-06-30\n      actors: '{member}'\n"  # one date, for every round
        )
        assert sorted(self.read(tmp_path, history)) == [
            ("g-1", ("Canada",), "+1"),
            ("g-1", ("France",), "-1"),
            ("g-2", ("Canada",), "0"),
        ]

    def test_without_actors_an_update_assesses_the_whole_commitment(self, tmp_path: Path) -> None:
        history = "    status: Canada\n    effective: {constant: 2020-06-30}\n"
        assert self.read(tmp_path, history) == [("g-1", (), "+1"), ("g-2", (), "0")]
