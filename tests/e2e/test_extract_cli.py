"""``pledgetrack extract``, ``extract-accept`` and ``extract-eval`` through the typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pledgetrack.cli.extract  # noqa: F401  (registers the commands)
from pledgetrack.cli.app import app
from pledgetrack.seeds import corpus_path

TEXT = (
    "China is ready to provide at least 1,000 training opportunities on digital technology "
    "to fellow countries in the SCO in the next three years.\n"
    "Since 2019 China has trained 2,000 officials.\n"
)


@pytest.fixture
def announcement(tmp_path: Path) -> Path:
    path = tmp_path / "astana.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_json_lists_drafts_with_offsets(announcement: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(announcement), "--announced", "2024-07-04"])
    assert result.exit_code == 0, result.output
    drafts = json.loads(result.stdout)
    assert len(drafts) == 1
    (d,) = drafts
    assert (d["quantity"], d["qualifier"], d["unit"]) == (
        "1000",
        "at_least",
        "training opportunities",
    )
    assert d["deadline"]["date"] == "2027-07-04"
    quote = d["quotes"][0]
    assert TEXT[quote["start"] : quote["end"]] == quote["text"]


@pytest.mark.parametrize(
    ("fmt", "marker"), [("yaml", "announced: '2024-07-04'"), ("markdown", "| d1 |")]
)
def test_other_formats(announcement: Path, fmt: str, marker: str) -> None:
    result = CliRunner().invoke(
        app, ["extract", str(announcement), "--announced", "2024-07-04", "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    assert marker in result.stdout


@pytest.mark.parametrize(
    ("content", "args", "field"),
    [
        (b"", ["--announced", "2024-07-04"], "file"),
        (b"\x89PNG\x00\x00", ["--announced", "2024-07-04"], "file"),
        ("Zürich".encode("latin-1"), ["--announced", "2024-07-04"], "file"),
        (TEXT.encode(), ["--announced", "2024-07-04", "--format", "xml"], "format"),
    ],
)
def test_bad_input_exits_1_naming_the_field(
    tmp_path: Path, content: bytes, args: list[str], field: str
) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    result = CliRunner().invoke(app, ["extract", str(path), *args])
    assert result.exit_code == 1
    assert f"{field}=" in result.stderr


def test_a_bad_date_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    """As in every command (docs/cli.md): a date that is not one exits 2, naming it."""
    path = tmp_path / "in.txt"
    path.write_bytes(TEXT.encode())
    result = CliRunner().invoke(app, ["extract", str(path), "--announced", "2024-31-12"])
    assert result.exit_code == 2
    assert "'2024-31-12' is not a date" in result.stderr and "--announced" in result.stderr


def test_into_stores_then_cites(tmp_path: Path, announcement: Path) -> None:
    db = tmp_path / "store.db"
    runner = CliRunner()
    args = ["--announced", "2024-07-04", "--actor", "China", "--into", str(db)]
    first = runner.invoke(app, ["extract", str(announcement), *args])
    assert first.exit_code == 0, first.output
    assert "\tcreated\t" in first.stdout
    other = tmp_path / "report.txt"
    other.write_text(
        "China is ready to provide at least 1,000 training opportunities in digital technology "
        "in the next three years, he said.\n",
        encoding="utf-8",
    )
    second = runner.invoke(app, ["extract", str(other), *args])
    assert second.exit_code == 0, second.output
    assert "\tcited\t" in second.stdout and "\tcreated\t" not in second.stdout


def test_review_then_accept(tmp_path: Path, announcement: Path) -> None:
    runner = CliRunner()
    drafted = runner.invoke(
        app, ["extract", str(announcement), "--announced", "2024-07-04", "--actor", "China",
              "--format", "yaml"],
    )  # fmt: skip
    reviewed = tmp_path / "reviewed.yaml"
    reviewed.write_text(drafted.stdout, encoding="utf-8")
    result = runner.invoke(
        app,
        ["extract-accept", str(reviewed), "--file", str(announcement), "--db",
         str(tmp_path / "s.db")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\tcreated\t") == 1


def test_accept_takes_the_store_from_pledgetrack_db_and_keeps_edits(
    tmp_path: Path, announcement: Path
) -> None:
    import yaml

    import pledgetrack as pt

    runner = CliRunner()
    drafted = runner.invoke(
        app, ["extract", str(announcement), "--announced", "2024-07-04", "--format", "yaml"]
    )
    document = yaml.safe_load(drafted.stdout)
    (draft,) = document["drafts"]
    assert draft["key"] == "china-1000-training-opportunities-2024"
    draft.update(key="sco-digital-training", actor=["China", "SCO Secretariat"], themes=["ict"])
    reviewed = tmp_path / "reviewed.yaml"
    reviewed.write_text(yaml.safe_dump(document), encoding="utf-8")
    db = tmp_path / "env.db"
    result = runner.invoke(
        app,
        ["extract-accept", str(reviewed), "--file", str(announcement)],
        env={"PLEDGETRACK_DB": str(db)},
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "d1\tcreated\tsco-digital-training\n"
    with pt.open(db) as tracker:
        stored = tracker.get_commitment("sco-digital-training")
    assert stored.actors == ("China", "SCO Secretariat") and stored.themes == ("ict",)


def test_eval_prints_the_figures_of_each_set_separately() -> None:
    result = CliRunner().invoke(
        app, ["extract-eval", "--set", "invented", "--set", "tune", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert list(figures) == ["invented", "tune"]
    for name, least in (("invented", 10), ("tune", 8)):
        total = figures[name]["total"]
        assert total["documents"] >= least
        assert 0 <= total["precision"] <= 1 and 0 <= total["recall"] <= 1
        assert total["gold_quotes"] > 0
        assert "documents" not in figures[name]  # per document only when asked


def test_eval_per_document_and_text() -> None:
    result = CliRunner().invoke(app, ["extract-eval", "--set", "invented", "--per-document"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("invented: 10 documents")
    assert any(line.strip().startswith("japan-africa-speech: P ") for line in lines)


@pytest.mark.parametrize("args", [["--set", "training"], ["--format", "xml"]])
def test_eval_refuses_an_unknown_set_or_format(args: list[str]) -> None:
    result = CliRunner().invoke(app, ["extract-eval", "--set", "invented", *args])
    assert result.exit_code == 1
    assert "set=" in result.stderr or "format=" in result.stderr


def test_eval_meets_the_acceptance_targets_on_both_gold_sets() -> None:
    """The targets: on the seed corpus recall >= 0.9, precision >= 0.8, every quantity exact
    and deadlines right for >= 0.9 of the quotes that state a horizon; on the project's own
    gold texts (at least ten) precision and recall >= 0.9, quantities and deadlines >= 0.95."""
    result = CliRunner().invoke(
        app,
        ["extract-eval", "--seeds", str(corpus_path()), "--set", "invented", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    seeds = figures["seed corpus"]["total"]
    assert seeds["documents"] == 5
    assert seeds["recall"] >= 0.9
    assert seeds["precision"] >= 0.8
    assert seeds["quantity_exact"] == seeds["quantity_total"] > 0
    assert seeds["deadline_total"] > 0 and seeds["deadline_accuracy"] >= 0.9
    own = figures["invented"]["total"]
    assert own["documents"] >= 10
    assert own["precision"] >= 0.9 and own["recall"] >= 0.9
    assert own["quantity_accuracy"] >= 0.95
    assert own["deadline_total"] > 0 and own["deadline_accuracy"] >= 0.95
