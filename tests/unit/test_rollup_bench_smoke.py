"""The benchmark's generator and baselines, at a tiny size: correctness only, no timing.

The benchmarks (``tests/benchmarks``) compare the library's rollup and bulk load with
hand-written SQL and raw ``sqlite3``; here we check that they all compute the same thing.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import text

import pledgetrack as pt
from pledgetrack.store.bulk import bulk_load

REPO = Path(__file__).resolve().parents[2]
DAYS = (dt.date(2014, 12, 31), dt.date(2017, 3, 1), dt.date(2020, 6, 30), dt.date(2026, 1, 1))


def _load_synthetic() -> ModuleType:
    path = REPO / "tests" / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("pledgetrack_bench_synthetic", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


synthetic = _load_synthetic()


def test_the_generator_is_deterministic_and_sized_as_asked() -> None:
    first = list(synthetic.specs(400))
    assert first == list(synthetic.specs(400))
    assert first != list(synthetic.specs(400, seed=1))
    assert len(first) == 400
    assert sum(len(s.updates) for s in first) == 5 * 400
    assert {a for s in first for a in s.actors} <= set(synthetic.ACTORS)
    assert len({t for s in first for t in s.themes}) == 12
    days = [s.announced for s in first] + [u.effective for s in first for u in s.updates]
    assert min(days) >= synthetic.FIRST_DAY and max(days) <= synthetic.LAST_DAY


@pytest.fixture(scope="module")
def tiny_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "tiny.db"
    synthetic.write_sqlite(path, 300)
    with sqlite3.connect(path) as conn:  # the generator gives no percentages: some to sum
        conn.execute("UPDATE status_update SET percent = id % 9 * 12.5 WHERE id % 4 = 0")
    return Path(path)


def test_library_hand_written_and_naive_rollups_agree(tiny_file: Path) -> None:
    with pt.open(tiny_file) as tracker:
        for day in DAYS:
            library = synthetic.library_rollup(tracker, day)
            assert library == synthetic.naive_rollup(tracker.engine, day)
            for variant in synthetic.HAND_WRITTEN["sqlite"]:
                assert synthetic.hand_written_rollup(tracker.engine, day, variant) == library
        assert sum(n for n, *_ in synthetic.library_rollup(tracker, DAYS[-1]).values()) > 300


@pytest.mark.postgres
def test_the_same_on_postgresql(tiny_file: Path, postgres_url: str) -> None:
    synthetic.copy_to_postgres(tiny_file, postgres_url)
    with pt.open(postgres_url) as tracker, pt.open(tiny_file) as local:
        for day in DAYS:
            library = synthetic.library_rollup(tracker, day)
            assert library == synthetic.library_rollup(local, day)
            for variant in synthetic.HAND_WRITTEN["postgresql"]:
                assert synthetic.hand_written_rollup(tracker.engine, day, variant) == library


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row that a load writes, without the record time."""
    queries = {
        "commitment": "SELECT * FROM commitment ORDER BY id",
        "actor": "SELECT * FROM commitment_actor ORDER BY 1, 2",
        "theme": "SELECT * FROM commitment_theme ORDER BY 1, 2",
        "field": "SELECT * FROM commitment_field ORDER BY 1, 2",
        "citation": "SELECT commitment_id, status_update_id, position, source_id, quote, "
        "start_offset, end_offset FROM citation ORDER BY id",
        "update": "SELECT id, commitment_id, status, label, effective, effective_precision, "
        "progress, note FROM status_update ORDER BY id",
    }
    with pt.open(path) as tracker, tracker.engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(text(sql))] for name, sql in queries.items()}


def test_raw_and_library_bulk_loads_write_the_same_rows(tmp_path: Path) -> None:
    raw, library = tmp_path / "raw.db", tmp_path / "library.db"
    pt.open(raw).close()
    synthetic.raw_load(raw, synthetic.records(250), batch=40)
    with pt.open(library) as tracker:
        report = bulk_load(tracker, synthetic.records(250), batch_size=40)
    assert (report.commitments, report.updates) == (250, 5 * 250)
    assert _dump(raw) == _dump(library)
    assert _dump(library)["update"]
