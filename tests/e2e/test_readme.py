"""The README's two commands: CI runs the test command, and the main job works as written."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.*?)\n```", text, flags=re.S)[:2]


def test_readme_starts_with_the_two_commands() -> None:
    main_job, tests = readme_commands()
    assert "pledgetrack seed" in main_job and "pledgetrack summary" in main_job
    assert "pytest" in tests
    assert tests.startswith("python3 -m venv .venv && ") and '".[test]"' in tests


def test_ci_runs_the_readme_commands_in_brand_new_virtualenvs() -> None:
    """CI takes both commands from the README and runs them where no other install can help."""
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "readme_command 0" in ci and "readme_command 1" in ci
    assert "fresh_copy" in ci
    # lint, types and docs get a virtualenv of their own, never the README's .venv
    assert "python3 -m venv .ci-venv" in ci
    assert ".venv/bin" not in ci.replace(".ci-venv/bin", "")
    main_job, tests = readme_commands()
    for command in (main_job, tests):
        assert command.startswith("python3 -m venv .venv && ")


def test_main_job_seeds_and_summarises(tmp_path: Path) -> None:
    """The main job's pledgetrack steps, run with the installed command in a fresh folder."""
    main_job = readme_commands()[0]
    steps = [s.strip() for s in main_job.split("&&") if "pledgetrack " in s and "pip" not in s]
    assert len(steps) == 2
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "COLUMNS": "160"}
    env.pop("PLEDGETRACK_DB", None)
    outputs = []
    for step in steps:
        argv = shlex.split(step)
        argv[0] = str(bin_dir / Path(argv[0]).name)
        done = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    summary = outputs[1]
    assert (tmp_path / "sco.db").exists()
    assert dt.date.today().isoformat() in summary
    for heading in ("fulfilled", "in progress", "overdue", "no deadline"):
        assert heading in summary.lower(), heading
    # each listed item carries its key: a pledge past its deadline with no evidence, with its days
    assert "china-sco-presidency-initiatives-2017" in summary
    days = (dt.date.today() - dt.date(2018, 12, 31)).days
    assert str(days) in summary or f"{days:,}" in summary
    # the 2018 summit was held: the corpus evidences it, so it is listed as fulfilled
    line = next(x for x in summary.splitlines() if "china-host-sco-summit-2018" in x)
    assert "fulfilled" in line and "overdue" not in line
