"""The example scripts run as a user runs them, in a fresh process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(REPO / "examples" / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_quickstart(tmp_path: Path) -> None:
    out = run("quickstart.py", str(tmp_path / "q.db"))
    assert "As of 2024-12-31:" in out
    assert "china-sco-digital-training: in progress (due 2027-07-04)" in out
    # no evidence either way is not overdue; an assessed status past its deadline is
    unassessed = "china-host-sco-summit-2025: no evidence yet (due 2025, deadline passed, not"
    assert unassessed + " assessed)" in out
    assert "china-sco-digital-training: in progress (due 2027-07-04, overdue by 28 days)" in out
    assert (tmp_path / "q.db").exists()


def test_sco_due_before_today(tmp_path: Path) -> None:
    out = run("sco_due_before_today.py", str(tmp_path / "sco.db"), "--as-of", "2026-01-01")
    first = out.splitlines()[0]
    count = int(first.split()[0])
    assert first.endswith("fell due before 2026-01-01:")
    assert out.count("\n- ") == count
    assert "china-host-sco-summit-2025" in out  # "in 2025": due 31 December 2025
    assert "evidence (" in out or "evidence: none" in out
