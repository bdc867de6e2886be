"""The benchmark sizes (from the environment) and the collected timings."""

from __future__ import annotations

import os
import statistics
from pathlib import Path
from typing import Any

SIZE = int(os.environ.get("PLEDGETRACK_BENCH_SIZE", "20000"))
NAIVE_SIZE = int(os.environ.get("PLEDGETRACK_BENCH_NAIVE_SIZE", str(min(SIZE, 10_000))))
LOAD_SIZE = int(os.environ.get("PLEDGETRACK_BENCH_LOAD_SIZE", str(SIZE)))
PG_LOAD_SIZE = int(os.environ.get("PLEDGETRACK_BENCH_PG_LOAD_SIZE", str(min(SIZE, 100_000))))
RESULTS: dict[str, dict[str, Any]] = {}
OUT = Path(__file__).resolve().parents[2] / ".benchmarks"


def record(name: str, timings: list[float], **extra: Any) -> None:
    """Keep one contender's timings (seconds) for the results table."""
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    RESULTS[name] = {
        "rounds": len(timings),
        "min": ordered[0],
        "median": statistics.median(ordered),
        "p99": p99,
        **extra,
    }


def timings_of(benchmark: Any) -> list[float]:
    """The raw timing of every round of a finished benchmark."""
    return list(benchmark.stats.stats.data)
