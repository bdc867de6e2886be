"""Numbers as trackers write them: ``scale`` multiplies exactly, so that 0-1 scores are
read as the 0-100 percentages pledgetrack stores (``percent: {column: score, scale: 100}``),
and ``decimal: ","`` reads numbers written with a decimal comma (``37,5``)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pledgetrack.io.mapped import CellError, MappingError, _Context, compile_value, read_mapped
from pledgetrack.io.mapspec import mapping_schema, spec_problems
from pledgetrack.io.problems import Place
from pledgetrack.io.readers import Row, yaml_load


def value_of(spec: Any, **row: Any) -> Any:
    compiled = compile_value(spec, "test", {})
    return compiled.get(Row(Place("t.csv", "2"), row), _Context({}))


@pytest.mark.parametrize(
    ("cell", "scale", "expected"),
    [
        ("0.65", 100, Decimal("65")),
        ("0.655", 100, Decimal("65.5")),
        (Decimal("0.1"), 100, Decimal("10")),
        (3, Decimal("0.5"), Decimal("1.5")),
        ("1,250", Decimal("0.01"), Decimal("12.5")),
    ],
)
def test_a_number_is_multiplied_exactly(cell: Any, scale: Any, expected: Decimal) -> None:
    got = value_of({"column": "s", "scale": scale}, s=cell)
    assert got == expected and str(got) == str(expected)


def test_it_comes_after_map_and_before_format() -> None:
    assert value_of({"column": "s", "map": {"half": Decimal("0.5")}, "scale": 100}, s="half") == 50
    assert value_of({"column": "s", "scale": 100, "format": "{} %"}, s="0.4") == "40 %"
    assert value_of({"column": "s", "scale": 100}, s=None) is None


def test_a_text_that_is_not_a_number_is_a_problem_of_its_cell() -> None:
    with pytest.raises(CellError) as caught:
        value_of({"column": "s", "scale": 100}, s="about half")
    assert caught.value.column == "s" and caught.value.value == "about half"
    with pytest.raises(CellError):
        value_of({"column": "s", "scale": 100}, s=True)


def test_the_scale_itself_must_be_a_number() -> None:
    with pytest.raises(MappingError, match="must be a number"):
        compile_value({"column": "s", "scale": "100"}, "test", {})
    bad = yaml_load(
        "pledgetrack-mapping: 1\ntables: {t: t.csv}\n"
        "history: {from: t, commitment: id, status: s, effective: d, "
        "percent: {column: p, scale: lots}}\n"
    )
    assert [path for path, _reason in spec_problems(bad)] == ["history.percent.scale"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, mapping_schema())


def test_a_tracker_scoring_from_0_to_1_gives_its_mean_as_a_percentage(tmp_path: Path) -> None:
    scores = ["1", "0.5", "0.25", "0", "0.333"]
    statuses = ["kept", "partly", "partly", "not started", "partly"]
    rows = [
        {"id": i, "text": f"Promise {i}", "status": st, "score": sc}
        for i, (st, sc) in enumerate(zip(statuses, scores, strict=True))
    ]
    (tmp_path / "data.json").write_text(json.dumps(rows), encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(
        "pledgetrack-mapping: 1\n"
        "tables: {p: data.json}\n"
        "sources: [{key: {constant: s}, title: {constant: S}}]\n"
        "commitments: {from: p, key: {column: id, format: 'p-{}'}, title: text,\n"
        "  actors: {constant: [A]}, announced: {constant: 2020-01-01},\n"
        "  citations: [{source: {constant: s}, quote: text}]}\n"
        "history: {from: p, commitment: {column: id, format: 'p-{}'},\n"
        "  status: {column: status, map: {kept: fulfilled, partly: partially_fulfilled,\n"
        "    not started: not_started}},\n"
        "  effective: {constant: 2021-01-01}, percent: {column: score, scale: 100}}\n",
        encoding="utf-8",
    )
    percents = [e.value.percent for e in read_mapped(tmp_path / "mapping.yaml").updates]
    assert percents == [Decimal("100"), Decimal("50"), Decimal("25"), Decimal("0"), Decimal("33.3")]
    assert sum(p for p in percents if p is not None) / len(percents) == Decimal("41.66")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("37,5", "37.5"),
        ("1.234,5", "1234.5"),
        ("1.234", "1234"),
        ("75,5 %", "75.5%"),
        ("-0,25", "-0.25"),
        ("100", "100"),
    ],
)
def test_a_decimal_comma_is_read_where_the_mapping_says_so(cell: str, expected: str) -> None:
    assert value_of({"column": "s", "decimal": ","}, s=cell) == expected
    assert value_of({"column": "s"}, s=cell) == cell  # never guessed without it


def test_a_decimal_comma_then_a_scale() -> None:
    assert value_of({"column": "s", "decimal": ",", "scale": 100}, s="0,375") == Decimal("37.5")


def test_a_cell_that_is_not_such_a_number_is_a_problem_and_the_mark_is_checked() -> None:
    for text in ("12,", "1,234.5", "about 3"):
        with pytest.raises(CellError, match="decimal comma"):
            value_of({"column": "s", "decimal": ","}, s=text)
    with pytest.raises(MappingError, match="must be"):
        compile_value({"column": "s", "decimal": ";"}, "test", {})
