"""Bulk loading through the library against raw ``executemany`` in one transaction.

Both sides consume the same stream of validated model objects from the generator, so both
pay for making them; ``stream`` times the generator alone, to show the load itself. Peak
memory is measured in child processes at two sizes: it must not grow with the collection.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import synthetic
from results import LOAD_SIZE, PG_LOAD_SIZE, record, timings_of
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import pledgetrack as pt
from pledgetrack.store.bulk import bulk_load

HERE = Path(__file__).parent
ROUNDS = 1 if LOAD_SIZE >= 200_000 else 3
_counter = itertools.count()


def _fresh_sqlite(folder: Path) -> Path:
    path = folder / f"load-{next(_counter)}.db"
    pt.open(path).close()
    return path


@pytest.mark.benchmark(group=f"load-sqlite ({LOAD_SIZE:,} commitments)")
@pytest.mark.parametrize("name", ["library", "raw", "stream"])
def test_load_sqlite(benchmark: Any, tmp_path: Path, name: str) -> None:
    def setup() -> tuple[tuple[Path], dict[str, Any]]:
        return (_fresh_sqlite(tmp_path),), {}

    def load(path: Path) -> None:
        if name == "library":
            with pt.open(path) as tracker:
                bulk_load(tracker, synthetic.records(LOAD_SIZE))
        elif name == "raw":
            synthetic.raw_load(path, synthetic.records(LOAD_SIZE))
        else:
            for _ in synthetic.records(LOAD_SIZE):
                pass
        if name != "stream":
            path.unlink()
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

    benchmark.pedantic(load, setup=setup, rounds=ROUNDS, iterations=1)
    record(f"load-sqlite:{name}", timings_of(benchmark))


_MEASURE = """
import json, resource, sys
sys.path.insert(0, {here!r})
import synthetic
import pledgetrack as pt
from pledgetrack.store.bulk import bulk_load
with pt.open({path!r}) as tracker:
    report = bulk_load(tracker, synthetic.records({size}))
print(json.dumps({{"peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "commitments": report.commitments}}))
"""


def _peak_kib(folder: Path, size: int) -> int:
    path = _fresh_sqlite(folder)
    script = _MEASURE.format(here=str(HERE), path=str(path), size=size)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=3600
    )
    result = json.loads(done.stdout)
    assert result["commitments"] == size
    return int(result["peak_kib"])


@pytest.mark.benchmark(group="load-memory")
def test_load_memory_does_not_grow(benchmark: Any, tmp_path: Path) -> None:
    """Peak resident memory of a whole load at a quarter of the size and at the full size."""
    small_size = max(LOAD_SIZE // 4, 1_000)
    peaks: dict[int, int] = {}

    def measure() -> None:
        peaks[small_size] = _peak_kib(tmp_path, small_size)
        peaks[LOAD_SIZE] = _peak_kib(tmp_path, LOAD_SIZE)

    benchmark.pedantic(measure, rounds=1, iterations=1)
    growth = peaks[LOAD_SIZE] / peaks[small_size]
    record(
        "load-memory:peak",
        timings_of(benchmark),
        peak_mib_small=f"{peaks[small_size] / 1024:.0f} MiB at {small_size:,}",
        peak_mib_full=f"{peaks[LOAD_SIZE] / 1024:.0f} MiB at {LOAD_SIZE:,}",
        growth=f"{growth:.2f}x for {LOAD_SIZE / small_size:.0f}x the commitments",
    )
    assert growth < 1.25, peaks


@pytest.mark.benchmark(group=f"load-pg ({PG_LOAD_SIZE:,} commitments)")
@pytest.mark.parametrize("name", ["library", "raw"])
def test_load_postgresql(benchmark: Any, postgres_server: str, name: str) -> None:
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def setup() -> tuple[tuple[str], dict[str, Any]]:
        database = "bench_" + uuid.uuid4().hex[:10]
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        made.append(database)
        url = make_url(postgres_server).set(database=database).render_as_string(False)
        pt.open(url).close()
        return (url,), {}

    def load(url: str) -> None:
        if name == "library":
            with pt.open(url) as tracker:
                bulk_load(tracker, synthetic.records(PG_LOAD_SIZE))
        else:
            synthetic.raw_load_postgres(url, synthetic.records(PG_LOAD_SIZE))

    try:
        benchmark.pedantic(load, setup=setup, rounds=ROUNDS, iterations=1)
        record(f"load-pg:{name}", timings_of(benchmark))
    finally:
        with admin.connect() as conn:
            for database in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
