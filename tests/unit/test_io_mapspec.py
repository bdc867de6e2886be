"""Mapping files as typed specs (cattrs) and their published JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from pledgetrack.cli import app
from pledgetrack.io.mapspec import (
    CommitmentRule,
    ValueSpec,
    mapping_schema,
    spec_problems,
    structure_mapping,
)
from pledgetrack.io.readers import yaml_load

ROOT = Path(__file__).resolve().parents[2]
MAPPINGS = sorted([*ROOT.glob("examples/*/mapping.yaml"), *ROOT.glob("tests/data/**/mapping.yaml")])


@pytest.mark.parametrize("path", MAPPINGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_mapping_fits_the_specs_and_the_schema(path: Path) -> None:
    data = yaml_load(path.read_text(encoding="utf-8"))
    assert spec_problems(data) == []
    jsonschema.validate(json.loads(json.dumps(data, default=str)), mapping_schema())


def test_the_yaml_becomes_typed_specs() -> None:
    spec = structure_mapping(
        yaml_load(
            "pledgetrack-mapping: 1\n"
            "tables: {t: t.csv}\n"
            "commitments:\n"
            "  from: t\n"
            "  key: {template: 'k-{id}{letter?}'}\n"
            "  title: Title\n"
            "  announced: 2019-05-01\n"
            "  citations: {source: {constant: s}, quote: Title}\n"
        )
    )
    assert spec.tables["t"].file == "t.csv"
    (rule,) = spec.commitments  # one rule given alone is a list of one
    assert isinstance(rule, CommitmentRule) and rule.from_ == "t"
    assert rule.key == ValueSpec(template="k-{id}{letter?}")
    assert rule.title == ValueSpec(column="Title")
    assert rule.announced is not None and str(rule.announced.constant) == "2019-05-01"
    assert len(rule.citations) == 1


def test_every_mistake_is_reported_with_its_yaml_path() -> None:
    data = yaml_load(
        "pledgetrack-mapping: 1\n"
        "tables: {a: {file: x.xlsx, sheet: [1]}, b: {fil: y.csv}}\n"
        "dates: {dayfirst: maybe}\n"
        "commitments:\n"
        "  from: a\n"
        "  key: {template: x, colour: red}\n"
        "  titel: T\n"
        "  citations:\n"
        "    - {source: [a], quote: q}\n"
        "history:\n"
        "  - {from: a, rounds: {pattern: x}}\n"
    )
    found = dict(spec_problems(data))
    assert set(found) == {
        "tables.a.sheet",
        "tables.b.file",
        "tables.b.fil",
        "dates.dayfirst",
        "commitments.key.colour",
        "commitments.titel",
        "commitments.citations[0].source",
        "history[0].rounds.effective",
    }
    assert found["tables.b.file"] == "is required"
    assert "not a known property" in found["commitments.titel"]
    assert "true or false" in found["dates.dayfirst"]


def test_the_schema_refuses_what_the_specs_refuse() -> None:
    schema = mapping_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    bad = {"pledgetrack-mapping": 1, "tables": {"t": "t.csv"}, "commitments": {"titel": "x"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"pledgetrack-mapping": 2, "tables": {}}, schema)


def test_schema_command_prints_the_mapping_schema() -> None:
    result = CliRunner().invoke(app, ["schema", "--mapping"])
    assert result.exit_code == 0
    assert json.loads(result.output) == mapping_schema()
