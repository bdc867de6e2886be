"""The as-of rollup by theme × status: the library against hand-written SQL and a naive loop.

Every contender runs on the same file in the same run, and must return the library's result.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import synthetic
from results import NAIVE_SIZE, SIZE, record, timings_of

import pledgetrack as pt
from pledgetrack import Tracker

AS_OF = dt.date(2022, 12, 31)
ROUNDS = 3


def _contender(name: str, tracker: Tracker) -> Any:
    engine = tracker.engine
    if name == "library":
        return lambda: synthetic.library_rollup(tracker, AS_OF)
    if name == "naive":
        return lambda: synthetic.naive_rollup(engine, AS_OF)
    variant = name.split(":", 1)[1]
    return lambda: synthetic.hand_written_rollup(engine, AS_OF, variant)


def _run(benchmark: Any, group: str, name: str, path_or_url: str, rounds: int) -> None:
    with pt.open(path_or_url) as tracker:
        expected = synthetic.library_rollup(tracker, AS_OF)
        run = _contender(name, tracker)
        result = benchmark.pedantic(run, rounds=rounds, iterations=1, warmup_rounds=1)
        assert result == expected
        record(f"{group}:{name}", timings_of(benchmark))


@pytest.mark.benchmark(group=f"rollup-sqlite ({SIZE:,} commitments)")
@pytest.mark.parametrize(
    "name", ["library", "hand:window", "hand:correlated", "hand:correlated_whole"]
)
def test_rollup_sqlite(benchmark: Any, sqlite_file: Path, name: str) -> None:
    _run(benchmark, "rollup-sqlite", name, str(sqlite_file), ROUNDS)


@pytest.mark.benchmark(group=f"rollup-naive ({NAIVE_SIZE:,} commitments)")
@pytest.mark.parametrize("name", ["library", "hand:correlated", "naive"])
def test_rollup_against_a_naive_loop(benchmark: Any, naive_file: Path, name: str) -> None:
    _run(benchmark, "rollup-naive", name, str(naive_file), 1 if name == "naive" else ROUNDS)


@pytest.mark.benchmark(group=f"rollup-pg ({SIZE:,} commitments)")
@pytest.mark.parametrize(
    "name", ["library", "hand:window", "hand:distinct_on", "hand:lateral", "hand:lateral_whole"]
)
def test_rollup_postgresql(benchmark: Any, postgres_copy: str, name: str) -> None:
    _run(benchmark, "rollup-pg", name, postgres_copy, ROUNDS)
