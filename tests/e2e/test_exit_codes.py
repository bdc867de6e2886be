"""The same bad input gives the same exit code in every command (docs/cli.md, "Exit codes").

- a ``--db`` in a folder that does not exist: 1, naming the path;
- a date that is not a date (``2025-02-30``): 2, naming the value;
- a key that is not stored: 1, naming the key;
- a read-only command on a SQLite file that is not there: 1, naming the file, which is not
  created.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner, Result

import pledgetrack as pt
from pledgetrack.cli import app
from pledgetrack.testing import SAMPLE_TEXT

QUOTE = "China is ready to provide at least 1,000 training opportunities"
BAD_DATE = "2025-02-30"

#: every command (and sub-command) that takes --db, with the rest of a well-formed call
WITH_DB: dict[str, list[str]] = {
    "init": ["init"],
    "seed": ["seed"],
    "add": [
        "add", "--title", "T", "--actor", "China", "--announced", "2024-07-04",
        "--source", "summit-report", "--quote", QUOTE,
    ],
    "update": ["update", "china-training", "in_progress", "--effective", "2025-01-01"],
    "list": ["list"],
    "show": ["show", "china-training"],
    "field declare": ["field", "declare", "sector"],
    "field list": ["field", "list"],
    "vocab list": ["vocab", "list"],
    "vocab show": ["vocab", "show", "promise-meter"],
    "vocab add": ["vocab", "add", "{vocabulary}"],
    "vocab crosswalk": ["vocab", "crosswalk", "promise-meter", "progress-tracker"],
    "edit": ["edit", "china-training", "--title", "New", "--reason", "typo"],
    "withdraw": ["withdraw", "china-training", "--reason", "duplicate"],
    "import": ["import", "{export}"],
    "export": ["export"],
    "summary": ["summary"],
    "report": ["report", "-o", "{report}"],
    "grid": ["grid"],
    "db upgrade": ["db", "upgrade"],
    "db downgrade": ["db", "downgrade"],
    "db current": ["db", "current"],
    "extract-accept": ["extract-accept", "{drafts}", "--file", "{text}"],
}  # fmt: skip

#: every command that takes a date, with the option holding it
WITH_DATE: dict[str, list[str]] = {
    "add": [
        "add", "--title", "T", "--actor", "China", "--announced", BAD_DATE,
        "--source", "summit-report", "--quote", QUOTE,
    ],
    "update": ["update", "china-training", "in_progress", "--effective", BAD_DATE],
    "list": ["list", "--as-of", BAD_DATE],
    "list (filter)": ["list", "--due-from", BAD_DATE],
    "show": ["show", "china-training", "--as-of", BAD_DATE],
    "summary": ["summary", "--as-of", BAD_DATE],
    "summary (filter)": ["summary", "--announced-to", BAD_DATE],
    "report": ["report", "--as-of", BAD_DATE, "-o", "{report}"],
    "grid": ["grid", "--as-of", BAD_DATE],
    "grid (filter)": ["grid", "--due-to", BAD_DATE],
    "extract": ["extract", "{text}", "--announced", BAD_DATE],
}  # fmt: skip

#: every command that names one stored commitment
WITH_KEY: dict[str, list[str]] = {
    "update": ["update", "nope-key", "in_progress", "--effective", "2025-01-01"],
    "show": ["show", "nope-key"],
    "edit": ["edit", "nope-key", "--title", "New", "--reason", "typo"],
    "withdraw": ["withdraw", "nope-key", "--reason", "duplicate"],
}

READ_ONLY = ["list", "show", "summary", "report", "grid", "export", "field list", "vocab list"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A store with one commitment, and the files some commands read."""
    folder = tmp_path_factory.mktemp("exit-codes")
    db = folder / "store.db"
    with pt.open(db) as tracker:
        tracker.add_source(pt.Source("summit-report", "Summit report", text=SAMPLE_TEXT))
        tracker.add_commitment(
            key="china-training",
            title="China to train 1,000 people",
            actors=("China",),
            announced="2024-07-04",
            citations=(pt.Citation("summit-report", QUOTE),),
        )
    (folder / "vocabulary.yaml").write_text(
        "name: mine\nlabels: {Done: fulfilled}\n", encoding="utf-8"
    )
    (folder / "text.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    (folder / "drafts.yaml").write_text("announced: 2024-07-04\ndrafts: []\n", encoding="utf-8")
    runner = CliRunner()
    exported = folder / "export.json"
    done = runner.invoke(app, ["export", str(exported), "--db", str(db)])
    assert done.exit_code == 0, done.stderr
    return {
        "db": str(db),
        "vocabulary": str(folder / "vocabulary.yaml"),
        "text": str(folder / "text.txt"),
        "drafts": str(folder / "drafts.yaml"),
        "export": str(exported),
        "report": str(folder / "report.html"),
    }


def _run(args: list[str], files: dict[str, str], db: str) -> Result:
    filled = [a.format(**files) for a in args]
    store = ["--db", db] if args[0] != "extract" else []
    return CliRunner().invoke(app, [*filled, *store], env={"COLUMNS": "200"})


def _said(result: Result) -> str:
    return " ".join(result.stderr.split())


def test_every_command_with_db_is_covered() -> None:
    """The tables above list every command taking --db (a new command must be added)."""
    group = get_command(app)
    found = set()

    def walk(command: object, prefix: str) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            path = f"{prefix} {name}".strip()
            if getattr(sub, "commands", None):
                walk(sub, path)
            elif any("--db" in p.opts for p in sub.params):  # type: ignore[attr-defined]
                found.add(path)

    walk(group, "")
    assert found == set(WITH_DB)


@pytest.mark.parametrize("name", sorted(WITH_DB))
def test_a_db_in_a_missing_folder_exits_1_naming_it(
    name: str, files: dict[str, str], tmp_path: Path
) -> None:
    bad = str(tmp_path / "no-such-folder" / "store.db")
    done = _run(WITH_DB[name], files, bad)
    assert done.exit_code == 1, done.output
    assert "no-such-folder" in _said(done)
    assert not (tmp_path / "no-such-folder").exists()


@pytest.mark.parametrize("name", sorted(WITH_DATE))
def test_a_bad_date_exits_2_naming_the_value(name: str, files: dict[str, str]) -> None:
    before = Path(files["db"]).read_bytes()
    done = _run(WITH_DATE[name], files, files["db"])
    assert done.exit_code == 2, done.output
    assert f"'{BAD_DATE}'" in _said(done)
    assert Path(files["db"]).read_bytes() == before


@pytest.mark.parametrize("name", sorted(WITH_KEY))
def test_an_unknown_key_exits_1_naming_it(name: str, files: dict[str, str]) -> None:
    done = _run(WITH_KEY[name], files, files["db"])
    assert done.exit_code == 1, done.output
    assert "'nope-key'" in _said(done)


@pytest.mark.parametrize("name", READ_ONLY)
def test_reading_a_missing_store_exits_1_and_creates_nothing(
    name: str, files: dict[str, str], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.db"
    done = _run(WITH_DB[name], files, str(missing))
    assert done.exit_code == 1, done.output
    assert "missing.db" in _said(done)
    assert not missing.exists()
