"""Start-up: whole processes, side by side in one run, against ``python -c "import sqlalchemy"``.

Contenders (each a fresh interpreter, as a user runs it):

- ``raw``: ``python -c "import sqlalchemy"``, the baseline: the least any command that reads
  a store must load;
- ``help``: ``python -m pledgetrack --help``;
- ``show``: ``python -m pledgetrack show KEY`` on the seed corpus in a SQLite file (76
  commitments): open the store, check its schema revision, read one commitment in full and
  print it.

Wall-clock time is what the benchmark times; the CPU time of each child process (user +
system, from ``resource.getrusage``) is recorded beside it, since on a shared machine it
varies less. Goals: ``show`` ≤ 2× the baseline; ``--help`` ≤ 0.3 s.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from results import record, timings_of

import pledgetrack as pt
from pledgetrack.seeds import load_corpus

ROUNDS = int(os.environ.get("PLEDGETRACK_BENCH_STARTUP_ROUNDS", "20"))
KEY = "china-astana-expo-pavilion-2017"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus in a SQLite file."""
    db = tmp_path_factory.mktemp("startup") / "seed.db"
    with pt.open(db) as tracker:
        load_corpus(tracker)
        assert tracker.has_commitment(KEY)
    return db


def _commands(db: Path) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "raw": [python, "-c", "import sqlalchemy"],
        "help": [python, "-m", "pledgetrack", "--help"],
        "show": [python, "-m", "pledgetrack", "show", KEY, "--db", str(db)],
    }


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.mark.parametrize("name", ["raw", "help", "show"])
@pytest.mark.benchmark(group="startup")
def test_startup(benchmark: Any, seeded: Path, name: str) -> None:
    command = _commands(seeded)[name]
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("PLEDGETRACK_DB", None)
    cpu: list[float] = []

    def run() -> None:
        before = _child_cpu()
        done = subprocess.run(command, capture_output=True, env=env, check=False)
        cpu.append(_child_cpu() - before)
        assert done.returncode == 0, done.stderr.decode()

    benchmark.pedantic(run, rounds=ROUNDS, iterations=1, warmup_rounds=2)
    timed = cpu[-ROUNDS:]
    record(
        f"startup:{name}",
        timings_of(benchmark),
        cpu_median=round(statistics.median(timed), 4),
        cpu_min=round(min(timed), 4),
    )
