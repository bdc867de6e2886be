"""The command line, run in-process (CliRunner) and as a user runs it (a subprocess)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner, Result

import pledgetrack as pt
from pledgetrack.cli import app
from pledgetrack.testing import SAMPLE_TEXT

REPO = Path(__file__).resolve().parents[2]
YEARLY = REPO / "tests" / "data" / "import" / "yearly" / "mapping.yaml"
BAD = REPO / "tests" / "data" / "import" / "bad"
QUOTE = "China is ready to provide at least 1,000 training opportunities"

Run = Callable[..., Result]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


@pytest.fixture
def cli(db: str) -> Run:
    """Run a command against the test store, as ``pledgetrack ARGS --db DB``."""
    runner = CliRunner()

    def run(*args: str, store: str | None = db) -> Result:
        extra = ["--db", store] if store is not None else []
        return runner.invoke(app, [*args, *extra], catch_exceptions=False)

    return run


@pytest.fixture
def seeded(cli: Run, db: str) -> Run:
    """A store with the sample source and one commitment."""
    with pt.open(db) as tracker:
        tracker.add_source(pt.Source("summit-report", "Summit report", text=SAMPLE_TEXT))
    done = cli(
        "add", "--key", "china-training", "--title", "China to train 1,000 people",
        "--actor", "China", "--announced", "2024-07-04", "--source", "summit-report",
        "--quote", QUOTE, "--target", "1000 training opportunities", "--qualifier", "at_least",
        "--deadline", "in the next three years", "--theme", "digital",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    return cli


def _commands() -> list[list[str]]:
    group = get_command(app)
    out: list[list[str]] = []
    assert isinstance(group, typer.core.TyperGroup)
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        if sub:
            out.extend([name, child] for child in sub)
        else:
            out.append([name])
    return out


OURS = [
    "init", "seed", "add", "update", "list", "show", "import", "export", "schema",
    "db upgrade", "db downgrade", "db current", "db history", "field declare",
    "field list", "vocab list", "vocab show", "vocab add", "vocab crosswalk", "grid", "edit",
    "withdraw",
]  # fmt: skip


def test_every_command_is_there() -> None:
    names = {" ".join(c) for c in _commands()}
    assert set(OURS) <= names


@pytest.mark.parametrize("command", [c.split() for c in OURS], ids=str)
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Example" in result.stdout, f"{command}: no example in --help"


def test_version_prints_the_installed_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"pledgetrack {pt.__version__}"
    done = subprocess.run(
        [sys.executable, "-m", "pledgetrack", "--version"], capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == result.stdout.strip()


def test_init_creates_the_store_and_db_commands(cli: Run, db: str) -> None:
    result = cli("init")
    assert result.exit_code == 0 and "store ready" in result.stdout
    assert Path(db).exists()
    assert "(newest)" in cli("db", "current").stdout
    from pledgetrack.store import migrate

    revisions = [rev for rev, _down, _msg in migrate.revisions()]
    head, before_head = migrate.head_revision(), revisions[-2]
    history = cli("db", "history", store=None).stdout
    assert "0001_initial" in history and "0002_fields_vocabularies" in history and head in history
    assert f"schema at {before_head}" in cli("db", "downgrade").stdout
    assert f"newest is {head}" in cli("db", "current").stdout
    assert f"schema at {head}" in cli("db", "upgrade").stdout
    bad = cli("db", "downgrade", "no-such-revision")
    assert bad.exit_code == 1 and "error:" in bad.stderr


def test_the_store_comes_from_the_environment(tmp_path: Path) -> None:
    store = tmp_path / "env.db"
    result = CliRunner().invoke(app, ["init"], env={"PLEDGETRACK_DB": str(store)})
    assert result.exit_code == 0
    assert store.exists()


def test_add_and_show(seeded: Run) -> None:
    shown = seeded("show", "china-training", "--as-of", "2025-01-01")
    assert shown.exit_code == 0
    assert "China to train 1,000 people" in shown.stdout
    assert "2027-07-04" in shown.stdout and "in the next three years" in shown.stdout
    assert QUOTE in shown.stdout
    data = json.loads(seeded("show", "china-training", "--format", "json").stdout)
    assert data["citations"][0]["start"] == SAMPLE_TEXT.index(QUOTE)
    assert data["target"] == {
        "quantity": "1000",
        "unit": "training opportunities",
        "currency": None,
        "qualifier": "at_least",
    }
    assert data["as_of"]["status"] == "no_evidence"


def test_add_errors(seeded: Run) -> None:
    again = seeded("add", "--key", "china-training", "--title", "x", "--actor", "China",
                   "--announced", "2024-07-04", "--source", "summit-report",
                   "--quote", QUOTE)  # fmt: skip
    assert again.exit_code == 1
    assert "china-training" in again.stderr and "already exists" in again.stderr
    missing = seeded("add", "--title", "x")
    assert missing.exit_code == 2 and "--announced" in missing.stderr
    quote = seeded("add", "--title", "Something", "--actor", "A", "--announced", "2024-07-04",
                   "--source", "summit-report", "--quote", "not in the text")  # fmt: skip
    assert quote.exit_code == 1
    assert (
        "something" in quote.stderr
        and "citations[0]" in quote.stderr
        and "not found" in quote.stderr
    )
    bad_date = seeded("add", "--title", "x", "--actor", "A", "--announced", "July 2024",
                      "--source", "s", "--quote", "q")  # fmt: skip
    assert bad_date.exit_code == 2


def test_add_from_a_yaml_file(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "pledges.yaml").write_text(
        f"""
sources:
  - key: summit-report
    title: Summit report
    text: "{SAMPLE_TEXT}"
commitments:
  - key: kazakhstan-youth-forum
    title: Kazakhstan to host a youth forum
    actors: [Kazakhstan]
    announced: 2024-07-04
    deadline: in 2025
    citations:
      - {{source: summit-report, quote: Kazakhstan will host a youth forum in 2025.}}
    history:
      - {{status: fulfilled, effective: 2025-09-01, note: held in Astana}}
""",
        encoding="utf-8",
    )
    result = cli("add", "--file", str(tmp_path / "pledges.yaml"))
    assert result.exit_code == 0, result.stderr
    assert "added 1 sources, 1 commitments, 1 status updates" in result.stdout
    rows = json.loads(cli("list", "--as-of", "2025-12-31", "--format", "json").stdout)
    assert [(r["key"], r["status"], r["due"]) for r in rows] == [
        ("kazakhstan-youth-forum", "fulfilled", "2025-12-31")
    ]
    (tmp_path / "bad.yaml").write_text(
        "- {key: x, title: y, actors: [a], announced: soon}\n", encoding="utf-8"
    )
    bad = cli("add", "--file", str(tmp_path / "bad.yaml"))
    assert bad.exit_code == 1
    assert "bad.yaml, row [0]" in bad.stderr and "announced" in bad.stderr


def test_update_and_history(seeded: Run) -> None:
    done = seeded(
        "update", "china-training", "in_progress", "--effective", "2025-06", "--progress", "400",
        "--evidence", "summit-report=Last year 500 young people", "--note", "first report",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert "in_progress from 2025-06-30" in done.stdout
    labelled = seeded(
        "update",
        "china-training",
        "Promise Kept",
        "--effective",
        "2027-01-10",
        "--vocabulary",
        "promise-meter",
    )
    assert "fulfilled (Promise Kept)" in labelled.stdout
    history = json.loads(seeded("show", "china-training", "--format", "json").stdout)["history"]
    assert [
        (h["status"], h["label"], h["effective"], h["effective_precision"]) for h in history
    ] == [
        ("in_progress", None, "2025-06-30", "month"),
        ("fulfilled", "Promise Kept", "2027-01-10", "day"),
    ]
    assert history[0]["evidence"][0]["source"] == "summit-report"
    unknown = seeded("update", "china-training", "done-ish", "--effective", "2025-01-01")
    assert unknown.exit_code == 1 and "not a status" in unknown.stderr
    early = seeded("update", "china-training", "delayed", "--effective", "2020-01-01")
    assert early.exit_code == 1 and "before the commitment was announced" in early.stderr
    missing = seeded("update", "nope", "delayed", "--effective", "2025-01-01")
    assert missing.exit_code == 1 and "no commitment with key 'nope'" in missing.stderr
    usage = seeded("update", "china-training", "delayed", "--effective", "someday")
    assert usage.exit_code == 2


def test_update_per_actor_with_percent_and_author(
    cli: Run, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pt.open(db) as tracker:
        tracker.add_source(pt.Source("summit-report", "Summit report", text=SAMPLE_TEXT))
    added = cli(
        "add", "--key", "youth", "--title", "Youth exchanges", "--actor", "China",
        "--actor", "Kazakhstan", "--announced", "2024-07-04", "--source", "summit-report",
        "--quote", "Last year 500 young people took part",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    monkeypatch.setenv("PLEDGETRACK_AUTHOR", "Desk editor")
    done = cli(
        "update", "youth", "partially_fulfilled", "--effective", "2025-06", "--percent", "75",
        "--actor", "Kazakhstan", "--actor", "China", "--by", "A. Analyst",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert "recorded youth for Kazakhstan, China: partially_fulfilled" in done.stdout
    whole = cli("update", "youth", "in_progress", "--effective", "2025-07-01", "--percent", "80.5")
    assert whole.exit_code == 0, whole.stderr
    monkeypatch.delenv("PLEDGETRACK_AUTHOR")
    anonymous = cli("update", "youth", "in_progress", "--effective", "2025-08-01")
    assert anonymous.exit_code == 0, anonymous.stderr
    history = json.loads(cli("show", "youth", "--format", "json").stdout)["history"]
    assert [(h["percent"], h["actors"], h["author"]) for h in history] == [
        ("75", ["Kazakhstan", "China"], "A. Analyst"),
        ("80.5", [], "Desk editor"),
        (None, [], None),
    ]
    assert cli("show", "youth").exit_code == 0
    stranger = cli("update", "youth", "broken", "--effective", "2025-09-01", "--actor", "Japan")
    assert stranger.exit_code == 1
    assert "youth" in stranger.stderr and "actors[0]" in stranger.stderr
    assert "Japan" in stranger.stderr
    over = cli("update", "youth", "broken", "--effective", "2025-09-01", "--percent", "101")
    assert over.exit_code == 1 and "percent" in over.stderr
    with pt.open(db) as tracker:
        assert len(tracker.history("youth")) == 3


def test_edit_withdraw_show_and_list_withdrawn(
    seeded: Run, db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLEDGETRACK_AUTHOR", "Desk editor")
    edited = seeded(
        "edit", "china-training", "--title", "China to train at least 1,000 people",
        "--deadline", "by 2027", "--theme", "digital", "--theme", "training",
        "--reason", "title misread the quote",
    )  # fmt: skip
    assert edited.exit_code == 0, edited.stderr
    assert "amended china-training (#1): title, themes, deadline" in edited.stdout
    nothing = seeded("edit", "china-training", "--theme", "digital", "--theme", "training",
                     "--reason", "again")  # fmt: skip
    assert nothing.exit_code == 1 and "changes nothing" in nothing.stderr
    no_reason = seeded("edit", "china-training", "--title", "x")
    assert no_reason.exit_code == 2
    shown = json.loads(seeded("show", "china-training", "--format", "json").stdout)
    assert shown["title"] == "China to train at least 1,000 people"
    (amendment,) = shown["amendments"]
    assert (amendment["revision"], amendment["author"]) == (1, "Desk editor")
    assert amendment["changes"][0] == {
        "field": "title", "old": "China to train 1,000 people",
        "new": "China to train at least 1,000 people",
    }  # fmt: skip
    gone = seeded("withdraw", "china-training", "--reason", "duplicate", "--by", "Chief")
    assert gone.exit_code == 0, gone.stderr
    listed = json.loads(seeded("list", "--format", "json").stdout)
    assert listed == []
    withdrawn = json.loads(seeded("list", "--withdrawn", "--format", "json").stdout)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert [(r["key"], r["withdrawn"]) for r in withdrawn] == [
        ("china-training", f"withdrawn on {today} by Chief: duplicate")
    ]
    text = seeded("show", "china-training")
    assert text.exit_code == 0 and "withdrawn on" in text.stdout
    again = seeded("withdraw", "china-training", "--reason", "duplicate")
    assert again.exit_code == 1 and "already withdrawn" in again.stderr


def test_import_amend_from_the_command_line(seeded: Run, db: str, tmp_path: Path) -> None:
    export = tmp_path / "all.json"
    assert seeded("export", str(export)).exit_code == 0
    document = json.loads(export.read_text(encoding="utf-8"))
    document["commitments"][0]["title"] = "China to train 1,000 people in digital skills"
    export.write_text(json.dumps(document), encoding="utf-8")
    refused = seeded("import", str(export))
    assert refused.exit_code == 1 and "--amend" in refused.stderr
    usage = seeded("import", str(export), "--amend")
    assert usage.exit_code == 2 and "--reason" in usage.stderr
    done = seeded("import", str(export), "--amend", "--reason", "corrected", "--by", "Desk")
    assert done.exit_code == 0, done.stderr
    assert "amended 1 commitments" in done.stdout
    with pt.open(db) as tracker:
        (amendment,) = tracker.amendments("china-training")
        assert (amendment.reason, amendment.author) == ("corrected", "Desk")


def test_list_filters_and_formats(cli: Run) -> None:
    assert cli("import", "--mapping", str(YEARLY)).exit_code == 0
    table = cli("list", "--as-of", "2023-12-31")
    assert table.exit_code == 0 and "13 commitments as of 2023-12-31" in table.stdout
    rows = json.loads(
        cli("list", "--as-of", "2023-12-31", "--status", "broken", "--format", "json").stdout
    )
    assert [r["key"] for r in rows] == ["ndu-12d"]
    overdue = json.loads(
        cli("list", "--as-of", "2023-12-31", "--overdue", "--format", "json").stdout
    )
    assert all(r["overdue"] for r in overdue) and "ndu-12f" in {r["key"] for r in overdue}
    children = cli("list", "--parent", "ndu-12", "--format", "csv", "--as-of", "2023-12-31").stdout
    parsed = list(csv.DictReader(io.StringIO(children)))
    assert [r["key"] for r in parsed] == [f"ndu-12{s}" for s in "abcdef"]
    assert parsed[0]["status"] == "fulfilled" and parsed[0]["parent"] == "ndu-12"
    budget = json.loads(
        cli("list", "--field", "budget=10.5", "--format", "json", "--as-of", "2023-12-31").stdout
    )
    assert [r["key"] for r in budget] == ["ndu-1"]
    words = json.loads(
        cli(
            "list",
            "--vocabulary",
            "ndu",
            "--status",
            "Dropped",
            "--format",
            "json",
            "--as-of",
            "2023-12-31",
        ).stdout
    )
    # the label the update was recorded with, as recorded
    assert [(r["key"], r["status"]) for r in words] == [("ndu-12d", "Dropped")]
    themed = json.loads(
        cli(
            "list",
            "--theme",
            "Governance",
            "--no-deadline",
            "--format",
            "json",
            "--as-of",
            "2023-12-31",
        ).stdout
    )
    assert themed == []
    assert cli("list", "--as-of", "31/12/2023").exit_code == 2
    assert cli("list", "--format", "xml").exit_code == 2
    bad_field = cli("list", "--field", "budget=lots")
    assert bad_field.exit_code == 1 and "custom.budget" in bad_field.stderr


def test_import_reports_every_problem_on_stderr_and_exits_1(cli: Run, db: str) -> None:
    cli("import", str(BAD / "good.csv"), "--mapping", str(BAD / "mapping.yaml"))
    result = cli("import", str(BAD / "unmapped_label.csv"), "--mapping", str(BAD / "mapping.yaml"))
    assert result.exit_code == 1
    assert "1 problem; nothing was imported" in result.stderr
    assert "unmapped_label.csv, row 3, column 'status_2022'" in result.stderr
    assert "'Sort of done'" in result.stderr
    assert result.stdout == ""
    assert "\x1b[" not in result.stderr  # no progress bar off a terminal
    latin = cli("import", str(BAD / "latin1.csv"), "--mapping", str(BAD / "mapping.yaml"))
    assert (
        latin.exit_code == 1 and "latin1.csv, row 3" in latin.stderr and "not UTF-8" in latin.stderr
    )
    with pt.open(db) as tracker:
        assert tracker.count() == 3


def test_import_dry_run_and_json_report(cli: Run, db: str) -> None:
    dry = cli("import", "--mapping", str(YEARLY), "--dry-run", "--report", "json")
    assert dry.exit_code == 0
    report = json.loads(dry.stdout)
    assert report["dry_run"] is True and report["commitments_added"] == 13
    with pt.open(db) as tracker:
        assert tracker.count() == 0
    assert cli("import").exit_code == 2


def test_export_and_import_through_the_cli(cli: Run, tmp_path: Path) -> None:
    cli("import", "--mapping", str(YEARLY))
    stdout = cli("export")
    assert stdout.exit_code == 0
    document = json.loads(stdout.stdout)
    assert len(document["commitments"]) == 13
    for name, fmt in (("all.yaml", []), ("all.zip", []), ("tables", ["--format", "csv"])):
        assert cli("export", str(tmp_path / name), *fmt).exit_code == 0
        other = str(tmp_path / f"from-{name}.db")
        result = cli("import", str(tmp_path / name), store=other)
        assert result.exit_code == 0, result.stderr
        again = CliRunner().invoke(app, ["export", "--db", other])
        assert json.loads(again.stdout) == document
    assert (tmp_path / "tables" / "history.csv").exists()
    needs_path = cli("export", "--format", "zip")
    assert needs_path.exit_code == 2 and "needs a PATH" in needs_path.stderr
    unknown = cli("export", str(tmp_path / "all.txt"))
    assert unknown.exit_code == 1 and "--format" in unknown.stderr


def test_fields_and_vocabularies(cli: Run, tmp_path: Path) -> None:
    declared = cli(
        "field", "declare", "sector", "--type", "choice", "--choice", "Health", "--choice", "Energy"
    )
    assert declared.exit_code == 0
    assert "sector: choice (Health, Energy)" in cli("field", "list").stdout
    changed = cli("field", "declare", "sector", "--type", "text")
    assert changed.exit_code == 1 and "already declared" in changed.stderr
    assert cli("field", "declare", "Bad Name").exit_code == 1
    (tmp_path / "v.yaml").write_text(
        "name: ndu\nlabels: {On track: in_progress, Done: fulfilled}\n", encoding="utf-8"
    )
    assert "vocabulary ndu: 2 labels" in cli("vocab", "add", str(tmp_path / "v.yaml")).stdout
    listed = cli("vocab", "list").stdout
    assert "promise-meter" in listed and "progress" in listed and "ndu (2 labels)" in listed
    assert "in_progress" in cli("vocab", "show", "ndu").stdout
    walk = json.loads(cli("vocab", "crosswalk", "ndu", "promise-meter", "--format", "json").stdout)
    assert walk == {"on track": ["in the works"], "done": ["promise kept"]}
    (tmp_path / "w.yaml").write_text("name: ndu\nlabels: {Done: broken}\n", encoding="utf-8")
    remap = cli("vocab", "add", str(tmp_path / "w.yaml"))
    assert remap.exit_code == 1 and "cannot change" in remap.stderr
    assert cli("vocab", "show", "nope").exit_code == 1


def test_schema_is_json(cli: Run) -> None:
    schema = json.loads(cli("schema", store=None).stdout)
    assert schema["properties"]["pledgetrack"] == {"description": "The format version.", "const": 1}


def test_seed(cli: Run, db: str) -> None:
    first = cli("seed")
    assert first.exit_code == 0, first.stderr
    with pt.open(db) as tracker:
        count = tracker.count()
    assert count > 0
    again = cli("seed")
    assert again.exit_code == 0
    with pt.open(db) as tracker:
        assert tracker.count() == count


def test_usage_errors_exit_2(cli: Run) -> None:
    assert cli("no-such-command", store=None).exit_code == 2
    assert cli("show", store=None).exit_code == 2
    assert cli("list", "--no-such-option").exit_code == 2


def test_a_store_that_cannot_be_opened_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["list", "--db", str(tmp_path / "no" / "such" / "p.db")])
    assert result.exit_code == 1 and "does not exist" in result.stderr


@pytest.mark.postgres
def test_the_cli_on_postgresql(postgres_url: str) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["import", "--mapping", str(YEARLY), "--db", postgres_url])
    assert done.exit_code == 0, done.stderr
    rows = json.loads(
        runner.invoke(
            app, ["list", "--db", postgres_url, "--format", "json", "--as-of", "2023-12-31"]
        ).stdout
    )
    assert len(rows) == 13


@pytest.mark.parametrize(
    "entry",
    [[sys.executable, "-m", "pledgetrack"], [str(Path(sys.executable).parent / "pledgetrack")]],
)
def test_the_installed_entry_points(entry: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "PLEDGETRACK_DB": str(tmp_path / "p.db")}
    helped = subprocess.run(
        [*entry, "--help"], capture_output=True, text=True, check=False, env=env
    )
    assert helped.returncode == 0 and "import" in helped.stdout
    init = subprocess.run([*entry, "init"], capture_output=True, text=True, check=False, env=env)
    assert init.returncode == 0 and (tmp_path / "p.db").exists()
    bad = subprocess.run(
        [*entry, "show", "nope"], capture_output=True, text=True, check=False, env=env
    )
    assert bad.returncode == 1 and bad.stderr.startswith("error: no commitment with key 'nope'")
    usage = subprocess.run(
        [*entry, "list", "--as-of", "x"], capture_output=True, text=True, check=False, env=env
    )
    assert usage.returncode == 2
