"""Whole-commitment updates: ``status_update.names_actors`` and the partial index that reads them.

The column is filled by the writer (every write path) and by migration 0005 from the actors
already stored; the status of a commitment as a whole never reads ``status_update_actor``, and
on SQLite it walks the partial index ``ix_status_update_whole`` (PostgreSQL chooses by cost,
and takes it on a large store). On a SQLite file and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Connection, inspect, select, text

import pledgetrack as pt
from pledgetrack.rollups import rollup, status_at
from pledgetrack.store import migrate
from pledgetrack.store.bulk import bulk_load
from pledgetrack.store.engine import create_store_engine, resolve_url
from pledgetrack.store.queries import C, U, latest_value
from pledgetrack.testing import make_commitment, make_source

KEY = "china-digital-training"
DAY = dt.date(2025, 3, 1)


def _flags(tracker: pt.Tracker) -> list[tuple[str, bool]]:
    """(effective date, names_actors) of every stored update, in record order."""
    with tracker.engine.connect() as conn:
        rows = conn.execute(select(U.effective, U.names_actors).order_by(U.id)).all()
    return [(effective.isoformat(), bool(named)) for effective, named in rows]


@pytest.fixture
def assessed(sourced_tracker: pt.Tracker) -> pt.Tracker:
    """A two-actor commitment: a whole-commitment update, then a later one naming an actor."""
    sourced_tracker.add_commitment(make_commitment(actors=("China", "Kazakhstan")))
    sourced_tracker.record_status(KEY, "in_progress", effective="2025-01-01")
    sourced_tracker.record_status(KEY, "fulfilled", effective="2025-02-01", actors=["China"])
    return sourced_tracker


def test_the_writer_marks_the_updates_that_name_actors(assessed: pt.Tracker) -> None:
    assessed.add_updates(
        [
            pt.StatusUpdate(KEY, pt.Status.DELAYED, dt.date(2025, 1, 15), actors=("Kazakhstan",)),
            pt.StatusUpdate(KEY, pt.Status.DELAYED, dt.date(2025, 1, 20)),
        ]
    )
    assert _flags(assessed) == [
        ("2025-01-01", False),
        ("2025-02-01", True),
        ("2025-01-15", True),
        ("2025-01-20", False),
    ]


def test_the_bulk_loader_marks_them_too(tracker: pt.Tracker) -> None:
    bulk_load(
        tracker,
        [
            make_source(),
            make_commitment(actors=("China", "Kazakhstan")),
            pt.StatusUpdate(KEY, pt.Status.IN_PROGRESS, dt.date(2025, 1, 1), actors=("China",)),
            pt.StatusUpdate(KEY, pt.Status.BROKEN, dt.date(2025, 1, 2)),
        ],
    )
    assert _flags(tracker) == [("2025-01-01", True), ("2025-01-02", False)]


def test_the_status_as_a_whole_skips_an_update_naming_actors(assessed: pt.Tracker) -> None:
    assert status_at(assessed, KEY, DAY) is pt.Status.IN_PROGRESS
    (group,) = rollup(assessed, as_of=DAY).groups
    assert group.counts.by_status[pt.Status.IN_PROGRESS] == 1
    assert group.counts.by_status.get(pt.Status.FULFILLED, 0) == 0
    assert assessed.status_of(KEY, DAY).status is pt.Status.IN_PROGRESS


def test_migration_0005_fills_the_column_from_the_stored_actors(
    assessed: pt.Tracker, store_url: str
) -> None:
    engine = create_store_engine(resolve_url(store_url))
    try:
        migrate.downgrade(engine, "0004_commitment_amendments")
        with engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("status_update")}
            updates = conn.scalar(text("SELECT count(*) FROM status_update"))
        assert "names_actors" not in columns and updates == 2
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    assert _flags(assessed) == [("2025-01-01", False), ("2025-02-01", True)]
    assert status_at(assessed, KEY, DAY) is pt.Status.IN_PROGRESS


def _plan(conn: Connection) -> str:
    query = select(latest_value(U.status, DAY, C.id)).where(C.key == KEY)
    compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
        return "\n".join(str(row[-1]) for row in rows)
    # a tiny table is read whole unless sequential scans are priced out
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    return "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {compiled}"))


def test_the_status_probe_walks_the_partial_index(assessed: pt.Tracker) -> None:
    with assessed.engine.connect() as conn:
        plan = _plan(conn)
        sqlite = conn.dialect.name == "sqlite"
    assert "status_update_actor" not in plan, plan
    if sqlite:
        assert "ix_status_update_whole" in plan, plan
    else:
        # PostgreSQL prices the partial index and the full one alike on a table this small and
        # may take either; both are walked backwards by (commitment, effective), and the
        # names_actors test never reads the actors' table
        assert "Index Scan Backward using ix_status_update_" in plan, plan


def test_both_forms_of_the_scope_agree(assessed: pt.Tracker) -> None:
    """PostgreSQL reads the update in force through ``LATERAL``, SQLite through its id: on
    PostgreSQL both forms give the same rows (SQLite has no ``LATERAL``)."""
    from pledgetrack.rollups.sql import scope

    assessed.record_status(KEY, "delayed", effective="2025-01-10", percent="12.5")
    assessed.record_status(KEY, "broken", effective="2025-01-20", percent="40", actors=["China"])
    forms = [False, True] if assessed.engine.dialect.name == "postgresql" else [False]
    found = []
    for lateral in forms:
        query = scope(DAY, percent=True, lateral=lateral)
        with assessed.engine.connect() as conn:
            found.append(conn.execute(select(query.c.status, query.c.percent)).all())
    assert found[0] == [("delayed", Decimal("12.5"))]
    assert all(rows == found[0] for rows in found)
