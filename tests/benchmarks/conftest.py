"""Benchmark fixtures: the cached synthetic files, a PostgreSQL copy, and the results table.

The benchmarks run only with ``--benchmark-only`` (the normal test run skips them)::

    PLEDGETRACK_BENCH_SIZE=1000000 .venv/bin/python -m pytest tests/benchmarks \\
        --benchmark-only -p no:randomly

Sizes (environment variables):

- ``PLEDGETRACK_BENCH_SIZE``: commitments in the main collection (5 status updates each),
  default 20,000;
- ``PLEDGETRACK_BENCH_NAIVE_SIZE``: the collection the naive ORM loop runs on, default
  ``min(size, 10,000)``;
- ``PLEDGETRACK_BENCH_LOAD_SIZE``: commitments bulk loaded into SQLite, default the size;
- ``PLEDGETRACK_BENCH_PG_LOAD_SIZE``: commitments bulk loaded into PostgreSQL, default
  ``min(size, 100,000)``.

At the end the ratios against the goals are printed and written to
``.benchmarks/pledgetrack-results.md`` (and ``.json``).
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import synthetic
from results import LOAD_SIZE, NAIVE_SIZE, OUT, PG_LOAD_SIZE, RESULTS, SIZE


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Everything here runs only with ``--benchmark-only``."""
    if config.getoption("benchmark_only", False):
        return
    skip = pytest.mark.skip(reason="benchmarks run with --benchmark-only")
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def sqlite_file() -> Path:
    """The main collection as a SQLite file (generated once, then cached)."""
    return synthetic.cached_sqlite(SIZE)


@pytest.fixture(scope="session")
def naive_file() -> Path:
    """A collection small enough for the naive loop."""
    return synthetic.cached_sqlite(NAIVE_SIZE)


@pytest.fixture(scope="session")
def postgres_copy(postgres_server: str, sqlite_file: Path) -> Iterator[str]:
    """The main collection copied into a PostgreSQL database (dropped at the end)."""
    from pledgetrack.testing import postgres_database

    with postgres_database(postgres_server) as url:
        synthetic.copy_to_postgres(sqlite_file, url)
        yield url


def _machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import sqlite3

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


_TIMING = ("rounds", "min", "median", "p99")

GOALS = [
    # (what, contender, baseline(s), goal, unit)
    ("as-of rollup by theme × status, SQLite", "rollup-sqlite:library", "rollup-sqlite:hand:", 1.0),
    ("as-of rollup by theme × status, PostgreSQL", "rollup-pg:library", "rollup-pg:hand:", 1.1),
    ("bulk load vs raw sqlite3 executemany", "load-sqlite:library", "load-sqlite:raw", 1.5),
    ("bulk load vs raw psycopg executemany", "load-pg:library", "load-pg:raw", 1.5),
    ("per-actor status as of a date (grid SQL), SQLite", "grid-sqlite:library", "grid-sqlite:hand:",
     1.2),
    ("mapped import vs raw csv + sqlite3 (whole process)", "import-mapped:library",
     "import-mapped:raw", 15),
    ("`pledgetrack show KEY` vs `python -c \"import sqlalchemy\"` (whole process)",
     "startup:show", "startup:raw", 2.0),
    ("status_at vs the same row by raw sqlite3, in turn, p99",
     "lookup-sqlite:status_at (beside raw)", "lookup-sqlite:raw", 8, "p99"),
]  # fmt: skip


def _ratios() -> list[dict[str, Any]]:
    rows = []
    for what, contender, baseline, goal, *stat in GOALS:
        if contender not in RESULTS:
            continue
        bases = {k: v for k, v in RESULTS.items() if k.startswith(baseline)}
        if not bases:
            continue
        measure = stat[0] if stat else "median"
        best = min(bases, key=lambda k: bases[k][measure])
        ratio = RESULTS[contender][measure] / bases[best][measure]
        rows.append(
            {"what": what, "baseline": best, "ratio": ratio, "goal": goal, "met": ratio <= goal}
        )
    return rows


def _report() -> str:
    lines = ["# pledgetrack benchmark results", ""]
    machine = _machine()
    lines.append(
        f"Sizes: {SIZE:,} commitments ({SIZE * 5:,} status updates); naive loop on "
        f"{NAIVE_SIZE:,}; bulk load {LOAD_SIZE:,} (SQLite), {PG_LOAD_SIZE:,} (PostgreSQL)."
    )
    lines.append("Machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()) + ".")
    lines += ["", "| Goal | Baseline | Ratio | Goal | Met |", "| --- | --- | ---: | ---: | --- |"]
    for row in _ratios():
        lines.append(
            f"| {row['what']} | {row['baseline']} | {row['ratio']:.2f}× | ≤ {row['goal']}× | "
            f"{'yes' if row['met'] else 'no'} |"
        )
    lines += ["", "| Contender | Rounds | Min (s) | Median (s) | p99 (s) | Notes |"]
    lines += ["| --- | ---: | ---: | ---: | ---: | --- |"]
    for name, r in sorted(RESULTS.items()):
        notes = ", ".join(f"{k} {v}" for k, v in r.items() if k not in _TIMING)
        lines.append(
            f"| {name} | {r['rounds']} | {r['min']:.6f} | {r['median']:.6f} | {r['p99']:.6f} "
            f"| {notes} |"
        )
    return "\n".join(lines) + "\n"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not RESULTS:
        return
    text = _report()
    OUT.mkdir(exist_ok=True)
    (OUT / "pledgetrack-results.md").write_text(text, encoding="utf-8")
    payload = {"machine": _machine(), "results": RESULTS, "ratios": _ratios(), "size": SIZE}
    (OUT / "pledgetrack-results.json").write_text(json.dumps(payload, indent=2), encoding="utf-8")
    terminalreporter.write_sep("=", "pledgetrack: ratios against the goals")
    terminalreporter.write(text)
