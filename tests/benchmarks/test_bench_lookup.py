"""One commitment's status as of a date: the latency of a single lookup (goal: p99 < 1 ms on
SQLite), on the full collection."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
import synthetic
from results import SIZE, record, timings_of

import pledgetrack as pt
from pledgetrack.rollups import status_at

AS_OF = dt.date(2022, 12, 31)
LOOKUPS = 3000


def _keys(count: int) -> list[str]:
    rng = random.Random(7)
    return [synthetic.key_of(rng.randrange(SIZE)) for _ in range(count)]


def _run(benchmark: Any, name: str, location: str, rounds: int, full: bool = False) -> None:
    keys = iter(_keys(rounds + 10) * 2)
    with pt.open(location) as tracker:
        if full:

            def lookup() -> object:
                return tracker.status_of(next(keys), AS_OF).status
        else:

            def lookup() -> object:
                return status_at(tracker, next(keys), AS_OF)

        benchmark.pedantic(lookup, rounds=rounds, iterations=1, warmup_rounds=10)
        record(name, timings_of(benchmark))


@pytest.mark.benchmark(group="lookup-sqlite")
def test_lookup_sqlite(benchmark: Any, sqlite_file: Path) -> None:
    _run(benchmark, "lookup-sqlite:status_at", str(sqlite_file), LOOKUPS)


@pytest.mark.benchmark(group="lookup-sqlite")
def test_lookup_with_the_commitment_sqlite(benchmark: Any, sqlite_file: Path) -> None:
    _run(benchmark, "lookup-sqlite:Tracker.status_of", str(sqlite_file), LOOKUPS // 3, full=True)


@pytest.mark.benchmark(group="lookup-pg")
def test_lookup_postgresql(benchmark: Any, postgres_copy: str) -> None:
    _run(benchmark, "lookup-pg:status_at", postgres_copy, LOOKUPS)


def test_lookup_matches_the_history(sqlite_file: Path, benchmark: Any) -> None:
    """Correctness, not speed: the lookup equals the rules over the stored history."""
    from pledgetrack.rules import status_as_of

    with pt.open(sqlite_file) as tracker:
        keys = _keys(50)

        def check() -> None:
            for key in keys:
                assert status_at(tracker, key, AS_OF) is status_as_of(tracker.history(key), AS_OF)

        benchmark.pedantic(check, rounds=1, iterations=1)
