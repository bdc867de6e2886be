"""Per-actor status as of a date (the compliance grid's SQL) against hand-written SQL.

The library's :func:`pledgetrack.store.queries.actor_status` and a hand-written window query
run through the plain ``sqlite3`` module on the same file in the same run, and must return
the same (commitment, actor, status) rows; the whole grid (scores and averages in Python)
runs beside them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from results import SIZE, record, timings_of
from sqlalchemy import select

import pledgetrack as pt
from pledgetrack.rollups.grid import compliance_grid
from pledgetrack.store.queries import actor_status

AS_OF = dt.date(2022, 12, 31)
ROUNDS = 3

HAND_WRITTEN = """
WITH covering AS (
    SELECT a.commitment_id, a.name AS actor, u.id, u.effective, u.status, 0 AS specific
    FROM commitment_actor a JOIN status_update u ON u.commitment_id = a.commitment_id
    WHERE u.effective <= :day
      AND NOT EXISTS (SELECT 1 FROM status_update_actor n WHERE n.status_update_id = u.id)
    UNION ALL
    SELECT u.commitment_id, n.name, u.id, u.effective, u.status, 1
    FROM status_update_actor n JOIN status_update u ON u.id = n.status_update_id
    WHERE u.effective <= :day
), ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY commitment_id, actor ORDER BY effective DESC, specific DESC, id DESC
    ) AS r
    FROM covering
)
SELECT a.commitment_id, a.name, ranked.status
FROM commitment_actor a
LEFT JOIN ranked ON ranked.commitment_id = a.commitment_id AND ranked.actor = a.name
                AND ranked.r = 1
"""

Rows = list[tuple[int, str, str | None]]


def _library(tracker: pt.Tracker) -> Rows:
    status = actor_status(AS_OF)
    with tracker.engine.connect() as conn:
        rows = conn.execute(select(status.c.commitment_id, status.c.actor, status.c.status))
        return sorted((int(c), a, s) for c, a, s in rows)


def _hand_written(path: Path) -> Rows:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(HAND_WRITTEN, {"day": AS_OF.isoformat()}).fetchall()
    return sorted((int(c), a, s) for c, a, s in rows)


def _pairs_announced(path: Path) -> int:
    """The (commitment, actor) pairs of the commitments the grid takes as of the date."""
    with sqlite3.connect(path) as conn:
        found = conn.execute(
            "SELECT count(*) FROM commitment_actor a JOIN commitment c ON c.id = a.commitment_id"
            " WHERE c.announced <= ? AND NOT c.withdrawn",
            (AS_OF.isoformat(),),
        ).fetchone()
    return int(found[0])


@pytest.mark.benchmark(group=f"grid-sqlite ({SIZE:,} commitments)")
@pytest.mark.parametrize("name", ["library", "hand:window", "grid"])
def test_actor_status_sqlite(benchmark: Any, sqlite_file: Path, name: str) -> None:
    with pt.open(str(sqlite_file)) as tracker:
        expected = _hand_written(sqlite_file)
        if name == "grid":
            grid = benchmark.pedantic(
                lambda: compliance_grid(tracker, as_of=AS_OF), rounds=1, iterations=1
            )
            cells = sum(1 for row in grid.rows for cell in row.cells if cell is not None)
            assert cells == _pairs_announced(sqlite_file)
        else:
            run = (
                (lambda: _library(tracker))
                if name == "library"
                else (lambda: _hand_written(sqlite_file))
            )
            result = benchmark.pedantic(run, rounds=ROUNDS, iterations=1, warmup_rounds=1)
            assert result == expected
        record(f"grid-sqlite:{name}", timings_of(benchmark))
