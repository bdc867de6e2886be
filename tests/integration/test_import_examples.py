"""The two import walk-throughs (examples/import_*) run as a user runs them, on both backends."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(example: str, store: str) -> str:
    done = subprocess.run(
        [sys.executable, str(REPO / "examples" / example / "run.py"), store],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_yearly_spreadsheet(store_url: str) -> None:
    out = run("import_yearly_spreadsheet", store_url)
    assert "dry run: would add 1 sources, 20 commitments, 58 status updates" in out
    assert (
        "import: added 1 sources, 20 commitments, 58 status updates, 3 fields, 1 vocabularies"
        in out
    )
    assert (
        "again: added 0 sources, 0 commitments, 0 status updates; "
        "unchanged: 1 sources, 20 commitments, 58 status updates" in out
    )
    assert (
        "note: ratings.csv, row 5, column 'Deadline' (ndu-4, field 'deadline'): 'annually' "
        "is not a date; kept as the deadline's phrase" in out
    )
    assert (
        "as of 2023-12-31: not_started 1, in_progress 5, delayed 2, partially_fulfilled 1, "
        "fulfilled 10, broken 1" in out
    )
    assert "overdue on 2023-12-31: ndu-12d, ndu-12f, ndu-7, ndu-8" in out
    assert "parts of ndu-12: ndu-12a, ndu-12b, ndu-12c, ndu-12d, ndu-12e, ndu-12f" in out
    assert "2023-12-31 Partially completed → partially_fulfilled" in out


def test_relational_dump(store_url: str) -> None:
    out = run("import_relational_dump", store_url)
    assert "import: added 8 sources, 17 commitments, 17 status updates, 3 fields" in out
    assert (
        "note: dump.json, row $.tables.promises[4], column 'deadline' (mayor-5, field "
        "'deadline'): 'every spring' is not a date" in out
    )
    assert "  promise kept: 9" in out
    assert (
        "mayor-1: Promise Kept (3 of 3 pools), evidence doc-9001: The third of the new pools" in out
    )
    assert "themes of mayor-20: Transport, Culture" in out
    assert "milestones of mayor-1: Site chosen for pool 1, Pool 1 opens" in out
    assert "promise kept → completed" in out


@pytest.mark.parametrize("example", ["import_yearly_spreadsheet", "import_relational_dump"])
def test_the_cli_imports_the_same(example: str, tmp_path: Path) -> None:
    store = str(tmp_path / "cli.db")
    mapping = str(REPO / "examples" / example / "mapping.yaml")
    command = [sys.executable, "-m", "pledgetrack", "import", "--mapping", mapping, "--db", store]
    first = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "added" in first.stdout
    again = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert again.returncode == 0
    assert "added 0 sources, 0 commitments, 0 status updates" in again.stdout
