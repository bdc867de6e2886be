"""Inserts run behind their caller (a bulk import on SQLite): whatever comes next on the
connection waits for them, a failed insert is raised as the library's error by what comes
next, and a rollback undoes them; on PostgreSQL the writer inserts as before."""

from __future__ import annotations

import datetime as dt
import sys
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import event

import pledgetrack as pt
from pledgetrack.errors import ConflictError, PledgetrackError
from pledgetrack.model import StatusUpdate
from pledgetrack.store.background import Behind
from pledgetrack.store.writer import Writer, _statement_sizes
from pledgetrack.testing import make_commitment, make_source

_ORPHAN_THEME = "INSERT INTO commitment_theme (commitment_id, position, name) VALUES (?, ?, ?)"


@pytest.fixture
def sqlite_tracker(sqlite_url: str) -> Iterator[pt.Tracker]:
    """An open SQLite store holding the sample source (inserts go behind only on SQLite)."""
    with pt.open(sqlite_url) as opened:
        opened.add_source(make_source())
        yield opened


def _count(conn: object, table: str) -> int:
    return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())  # type: ignore[attr-defined]


def test_what_comes_next_on_the_connection_sees_every_insert(
    sourced_tracker: pt.Tracker,
) -> None:
    tracker = sourced_tracker
    with tracker.transaction():
        conn = tracker.connection()
        assert conn is not None
        writer = Writer(conn, batch_size=500, background=True)
        on_sqlite = conn.dialect.name == "sqlite"
        assert (writer._behind is not None) is on_sqlite  # PostgreSQL inserts as before
        for i in range(1_200):
            writer.add(make_commitment(f"c-{i}"))
            writer.add(StatusUpdate(f"c-{i}", "in_progress", dt.date(2025, 1, 1)))
        writer.flush()
        # read at once, on the same connection: the read waits for the inserts in flight
        assert _count(conn, "commitment") == 1_200
        assert _count(conn, "status_update") == 1_200
        assert tracker.count() == 1_200
        writer.close()
    assert tracker.count() == 1_200
    assert [u.status for u in tracker.history("c-1199")] == ["in_progress"]


def _behind(tracker: pt.Tracker) -> tuple[object, Behind]:
    conn = tracker.connection()
    assert conn is not None
    return conn, Behind(conn)


def test_a_failed_insert_is_raised_by_what_comes_next_and_nothing_is_kept(
    sqlite_tracker: pt.Tracker,
) -> None:
    tracker = sqlite_tracker
    tracker.add_commitment(make_commitment("kept"))
    with pytest.raises(PledgetrackError) as caught, tracker.transaction():  # noqa: PT012
        _conn, behind = _behind(tracker)
        behind.add(_ORPHAN_THEME, (987_654, 0, "no such commitment"))
        behind.start()
        tracker.count()  # the next use of the connection: it raises the failure
    assert isinstance(caught.value, ConflictError)
    assert "FOREIGN KEY" in str(caught.value)
    assert [c.key for c in tracker.list_commitments()] == ["kept"]


def test_statements_after_a_failure_are_not_run(sqlite_tracker: pt.Tracker) -> None:
    tracker = sqlite_tracker
    with tracker.transaction():
        conn, behind = _behind(tracker)
        tracker.add_commitment(make_commitment("one"))
        cid = int(conn.exec_driver_sql("SELECT id FROM commitment").scalar_one())
        behind.add(_ORPHAN_THEME, (987_654, 0, "refused"))
        behind.add(_ORPHAN_THEME, (cid, 5, "after the failure"))
        behind.start()
        with pytest.raises(ConflictError):
            behind.wait()
        after = conn.exec_driver_sql("SELECT count(*) FROM commitment_theme WHERE position = 5")
        assert after.scalar_one() == 0  # the second was never run
        behind.wait()  # the failure is raised once
        behind.close()


def test_a_rollback_waits_for_the_inserts_in_flight_and_undoes_them(
    sqlite_tracker: pt.Tracker,
) -> None:
    tracker = sqlite_tracker
    with pytest.raises(RuntimeError), tracker.transaction():  # noqa: PT012
        conn = tracker.connection()
        assert conn is not None
        writer = Writer(conn, background=True)
        for i in range(3_000):
            writer.add(make_commitment(f"c-{i}"))
        writer.flush()  # in flight now
        raise RuntimeError("the caller gives up")
    assert tracker.count() == 0


def test_inserts_run_on_a_second_thread_and_close_stops_watching(
    sqlite_tracker: pt.Tracker,
) -> None:
    tracker = sqlite_tracker
    threads: list[str] = []
    with tracker.transaction():
        conn, behind = _behind(tracker)

        def seen(*_args: object) -> None:
            threads.append(threading.current_thread().name)

        event.listen(conn, "before_cursor_execute", seen)
        interval = sys.getswitchinterval()
        behind.add("SELECT 1", ())
        behind.start()
        behind.wait()
        assert threads == ["pledgetrack-insert"]
        assert sys.getswitchinterval() == interval  # shortened only while the thread ran
        behind.close()
        assert not event.contains(conn, "before_cursor_execute", behind._before_use)
        behind.close()  # closing twice does nothing


@pytest.mark.parametrize("rows", [0, 1, 7, 1_427, 1_428, 1_429, 4_999, 5_000])
def test_insert_sizes_cover_the_rows_from_a_fixed_set(rows: int) -> None:
    sizes = list(_statement_sizes(rows, 1_428))
    assert sum(sizes) == rows
    assert all(s == 1_428 or (s & (s - 1) == 0 and s < 1_428) for s in sizes)
    assert len(sizes) == len(set(sizes)) + max(0, sizes.count(1_428) - 1)  # each power once


def test_the_insert_statements_prepared_do_not_grow_with_the_file(
    sqlite_tracker: pt.Tracker,
) -> None:
    """The driver keeps every statement it prepared (a multi-row INSERT of a thousand rows
    takes megabytes), so a longer file must not bring new statement texts: parts of every
    size from 1 to 120 commitments bring the same few."""
    texts: set[str] = set()

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith("INSERT INTO"):
            texts.add(statement)

    event.listen(sqlite_tracker.engine, "before_cursor_execute", seen)
    with sqlite_tracker.transaction():
        conn = sqlite_tracker.connection()
        assert conn is not None
        writer = Writer(conn, batch_size=10_000, background=True)
        done = 0
        for size in range(1, 121):
            for i in range(size):
                writer.add(make_commitment(f"c-{done + i}"))
            done += size
            writer.flush()
        writer.close()
    assert sqlite_tracker.count() == done == 7_260
    tables = {t.split('"')[1] for t in texts}
    # each table: the powers of two up to 64 (seven texts) at most
    assert len(texts) <= 7 * len(tables), sorted(texts, key=len)[:3]
