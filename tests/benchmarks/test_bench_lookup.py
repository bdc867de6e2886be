"""One commitment's status as of a date: the latency of a single lookup, on the full collection.

Goals: ``status_at`` p99 within 8× a raw sqlite3 lookup of the same row (run beside it, on the
same file and keys) and ≤ 100 µs at a million commitments (``PLEDGETRACK_BENCH_SIZE=1000000``);
``Tracker.status_of`` (the commitment and the update as well) p99 ≤ 0.5 ms.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import time
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


#: the same lookup written by hand: the latest whole-commitment update by the date
RAW = """
SELECT coalesce((
    SELECT u.status FROM status_update u
    WHERE u.commitment_id = c.id AND u.effective <= ?
      AND NOT EXISTS (SELECT 1 FROM status_update_actor a WHERE a.status_update_id = u.id)
    ORDER BY u.effective DESC, u.id DESC LIMIT 1), 'no_evidence')
FROM commitment c WHERE c.key = ?
"""


@pytest.mark.benchmark(group="lookup-sqlite")
def test_lookup_beside_raw_sqlite(benchmark: Any, sqlite_file: Path) -> None:
    """``status_at`` and the driver alone, in turn on the same keys, so that both meet the
    same load on the machine: each lookup is timed by itself, and both p99 are recorded."""
    keys = _keys(LOOKUPS)
    day = AS_OF.isoformat()
    conn = sqlite3.connect(sqlite_file, isolation_level=None)
    library: list[float] = []
    raw: list[float] = []
    try:
        with pt.open(sqlite_file) as tracker:
            for key in _keys(50):  # the same answers, and warm caches
                (found,) = conn.execute(RAW, (day, key)).fetchone()
                assert found == status_at(tracker, key, AS_OF).value

            def both() -> None:
                clock = time.perf_counter
                for key in keys:
                    start = clock()
                    conn.execute(RAW, (day, key)).fetchone()
                    middle = clock()
                    status_at(tracker, key, AS_OF)
                    raw.append(middle - start)
                    library.append(clock() - middle)

            benchmark.pedantic(both, rounds=1, iterations=1)
    finally:
        conn.close()
    record("lookup-sqlite:status_at (beside raw)", library)
    record("lookup-sqlite:raw", raw)


@pytest.mark.benchmark(group="lookup-sqlite")
def test_lookup_with_the_commitment_sqlite(benchmark: Any, sqlite_file: Path) -> None:
    _run(benchmark, "lookup-sqlite:Tracker.status_of", str(sqlite_file), LOOKUPS // 3, full=True)


#: the rows ``Tracker.status_of`` reads, written by hand: the commitment with the update in
#: force as a whole, then its actors, themes, custom values, citations, evidence and the actors
#: its updates assess
RAW_COMMITMENT = """
SELECT c.id, c.key, c.title, c.action, c.beneficiary, c.announced, c.event_name, c.event_place,
       c.event_date, c.target_quantity, c.target_unit, c.target_currency, c.target_qualifier,
       c.deadline_date, c.deadline_precision, c.deadline_phrase, c.deadline_basis, c.notes,
       c.withdrawn, p.key, u.id, u.status, u.label, u.effective, u.effective_precision,
       u.progress, u.note, u.recorded, u.percent, u.author
FROM commitment c LEFT JOIN commitment p ON p.id = c.parent_id
LEFT JOIN status_update u ON u.id = (
    SELECT v.id FROM status_update v
    WHERE v.commitment_id = c.id AND v.effective <= ? AND NOT v.names_actors
    ORDER BY v.effective DESC, v.id DESC LIMIT 1)
WHERE c.key = ?
"""
RAW_RELATED = """
SELECT 'a', NULL, position, name, NULL, NULL, NULL FROM commitment_actor WHERE commitment_id = ?1
UNION ALL SELECT 't', NULL, position, name, NULL, NULL, NULL
FROM commitment_theme WHERE commitment_id = ?1
UNION ALL SELECT 'f', NULL, 0, name, value, NULL, NULL
FROM commitment_field WHERE commitment_id = ?1
UNION ALL SELECT 'c', NULL, ci.position, s.key, ci.quote, ci.start_offset, ci.end_offset
FROM citation ci JOIN source s ON s.id = ci.source_id WHERE ci.commitment_id = ?1
UNION ALL SELECT 'c', ci.status_update_id, ci.position, s.key, ci.quote, ci.start_offset,
       ci.end_offset FROM citation ci JOIN source s ON s.id = ci.source_id
JOIN status_update u ON u.id = ci.status_update_id WHERE u.commitment_id = ?1
UNION ALL SELECT 'u', a.status_update_id, a.position, a.name, NULL, NULL, NULL
FROM status_update_actor a JOIN status_update u ON u.id = a.status_update_id
WHERE u.commitment_id = ?1
ORDER BY 1, 2, 3
"""


def _raw_rows(conn: sqlite3.Connection, key: str) -> tuple[list[Any], list[Any]]:
    rows = conn.execute(RAW_COMMITMENT, (AS_OF.isoformat(), key)).fetchall()
    return rows, conn.execute(RAW_RELATED, (rows[0][0],)).fetchall()


@pytest.mark.benchmark(group="lookup-sqlite")
def test_status_of_beside_raw_sqlite(benchmark: Any, sqlite_file: Path) -> None:
    """``Tracker.status_of`` and the driver reading the same rows (no model objects), in turn
    on the same keys, each timed by itself; both p99 recorded."""
    keys = _keys(LOOKUPS // 3)
    conn = sqlite3.connect(sqlite_file, isolation_level=None)
    library: list[float] = []
    raw: list[float] = []
    try:
        with pt.open(sqlite_file) as tracker:
            for key in _keys(50):  # the same rows, and warm caches
                rows, related = _raw_rows(conn, key)
                found = tracker.status_of(key, AS_OF)
                assert found.commitment.key == rows[0][1] == key
                in_force = None if found.update is None else found.update.sequence
                assert [row[20] for row in rows] == [in_force]
                assert len(found.commitment.actors) == sum(r[0] == "a" for r in related)

            def both() -> None:
                clock = time.perf_counter
                for key in keys:
                    start = clock()
                    _raw_rows(conn, key)
                    middle = clock()
                    tracker.status_of(key, AS_OF)
                    raw.append(middle - start)
                    library.append(clock() - middle)

            benchmark.pedantic(both, rounds=1, iterations=1)
    finally:
        conn.close()
    record("lookup-sqlite:Tracker.status_of (beside raw)", library)
    record("lookup-sqlite:status_of rows by raw sqlite3", raw)


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
