"""The as-of rollup by theme × status: the library against hand-written SQL and a naive loop.

Every contender runs on the same file in the same run, and must return the library's result
(the counts and the sum of the trackers' own percentages). On each backend the library and the
hand-written queries run in alternation: each round runs every contender once, in an order that
turns from round to round, so that a burst of load on a shared machine falls on all of them
alike. The ratios of the medians (the goal's figure) and of the minimums are recorded.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import synthetic
from results import NAIVE_SIZE, RESULTS, SIZE, record, timings_of

import pledgetrack as pt
from pledgetrack import Tracker

AS_OF = dt.date(2022, 12, 31)
ROUNDS = int(os.environ.get("PLEDGETRACK_BENCH_ROLLUP_ROUNDS", "5"))


def _contender(name: str, tracker: Tracker) -> Callable[[], synthetic.Cells]:
    engine = tracker.engine
    if name == "library":
        return lambda: synthetic.library_rollup(tracker, AS_OF)
    if name == "naive":
        return lambda: synthetic.naive_rollup(engine, AS_OF)
    variant = name.split(":", 1)[1]
    return lambda: synthetic.hand_written_rollup(engine, AS_OF, variant)


def _alternating(
    benchmark: Any, group: str, names: list[str], path_or_url: str, rounds: int
) -> None:
    """Every contender once a round, the order turned by one each round; one warm-up round."""
    with pt.open(path_or_url) as tracker:
        expected = synthetic.library_rollup(tracker, AS_OF)
        runs = {name: _contender(name, tracker) for name in names}
        timings: dict[str, list[float]] = {name: [] for name in names}
        turn = iter(range(rounds + 1))

        def one_round() -> None:
            shift = next(turn)
            for name in names[shift % len(names) :] + names[: shift % len(names)]:
                start = time.perf_counter()
                result = runs[name]()
                elapsed = time.perf_counter() - start
                assert result == expected, name
                if shift:  # the first round warms the caches and is not kept
                    timings[name].append(elapsed)

        benchmark.pedantic(one_round, rounds=rounds + 1, iterations=1)
    for name in names:
        record(f"{group}:{name}", timings[name])
    library = RESULTS[f"{group}:library"]
    hand = {n: RESULTS[f"{group}:{n}"] for n in names if n.startswith("hand:")}
    fastest = min(hand, key=lambda n: hand[n]["median"])
    quickest = min(hand, key=lambda n: hand[n]["min"])
    library["fastest by median"] = fastest
    library["ratio of medians"] = round(library["median"] / hand[fastest]["median"], 3)
    library["fastest by minimum"] = quickest
    library["ratio of minimums"] = round(library["min"] / hand[quickest]["min"], 3)


def _run(benchmark: Any, group: str, name: str, path_or_url: str, rounds: int) -> None:
    with pt.open(path_or_url) as tracker:
        expected = synthetic.library_rollup(tracker, AS_OF)
        run = _contender(name, tracker)
        warmup = 1 if rounds > 1 else 0
        result = benchmark.pedantic(run, rounds=rounds, iterations=1, warmup_rounds=warmup)
        assert result == expected
        record(f"{group}:{name}", timings_of(benchmark))


@pytest.mark.benchmark(group=f"rollup-sqlite ({SIZE:,} commitments)")
def test_rollup_sqlite(benchmark: Any, sqlite_file: Path) -> None:
    names = ["library", "hand:correlated_whole", "hand:correlated"]
    _alternating(benchmark, "rollup-sqlite", names, str(sqlite_file), ROUNDS)


#: the textbook ways, several times slower at every size: one round each, for the record
TEXTBOOK = {"sqlite": ["hand:window"], "pg": ["hand:distinct_on", "hand:window"]}


@pytest.mark.benchmark(group=f"rollup-sqlite ({SIZE:,} commitments)")
@pytest.mark.parametrize("name", TEXTBOOK["sqlite"])
def test_rollup_sqlite_textbook(benchmark: Any, sqlite_file: Path, name: str) -> None:
    _run(benchmark, "rollup-sqlite", name, str(sqlite_file), 1)


@pytest.mark.benchmark(group=f"rollup-naive ({NAIVE_SIZE:,} commitments)")
@pytest.mark.parametrize("name", ["library", "hand:correlated", "naive"])
def test_rollup_against_a_naive_loop(benchmark: Any, naive_file: Path, name: str) -> None:
    _run(benchmark, "rollup-naive", name, str(naive_file), 1 if name == "naive" else 3)


@pytest.mark.benchmark(group=f"rollup-pg ({SIZE:,} commitments)")
def test_rollup_postgresql(benchmark: Any, postgres_copy: str) -> None:
    names = [
        "library",
        "hand:lateral_whole_ordered",
        "hand:lateral_whole",
        "hand:lateral",
    ]
    _alternating(benchmark, "rollup-pg", names, postgres_copy, ROUNDS)


@pytest.mark.benchmark(group=f"rollup-pg ({SIZE:,} commitments)")
@pytest.mark.parametrize("name", TEXTBOOK["pg"])
def test_rollup_postgresql_textbook(benchmark: Any, postgres_copy: str, name: str) -> None:
    _run(benchmark, "rollup-pg", name, postgres_copy, 1)
