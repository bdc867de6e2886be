"""The one writer: raise the first problem (the Tracker) or collect every problem (imports),
the same rules either way, and a database conflict named by its key."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert

import pledgetrack as pt
from pledgetrack.errors import ConflictError, NotFoundError, ValidationError
from pledgetrack.model import Citation, StatusUpdate
from pledgetrack.store.rows import source_values
from pledgetrack.store.writer import SOURCE, Writer, database_errors, update_identity
from pledgetrack.testing import make_commitment, make_source


def test_collect_mode_notes_every_problem_with_its_place(sourced_tracker: pt.Tracker) -> None:
    tracker = sourced_tracker
    records = [
        (make_commitment("good", target=None), "row 2"),
        (make_commitment("bad-quote", quote="a sentence the report never says"), "row 3"),
        (make_commitment("orphan", parent="nobody"), "row 4"),
        (make_commitment("good"), "row 5"),
        (StatusUpdate("good", "in_progress", dt.date(2020, 1, 1), progress="5"), "row 6"),
        (StatusUpdate("bad-quote", "in_progress", dt.date(2025, 1, 1)), "row 7"),
        (StatusUpdate("missing", "in_progress", dt.date(2025, 1, 1)), "row 8"),
    ]
    with pytest.raises(RuntimeError), tracker.transaction():  # noqa: PT012
        conn = tracker.connection()
        assert conn is not None
        writer = Writer(conn, collect=True, batch_size=3)
        for record, place in records:
            writer.add(record, place)
        writer.flush()
        found = [
            (place, type(err).__name__, getattr(err, "field", None))
            for place, err in writer.problems
        ]
        assert found == [
            ("row 3", "QuoteNotFoundError", "citations[0]"),
            ("row 4", "ValidationError", "parent"),
            ("row 5", "ConflictError", None),
            ("row 6", "ValidationError", "effective"),
            ("row 6", "ValidationError", "progress"),
            # row 7: its commitment was refused, so its update is not reported again
            ("row 8", "NotFoundError", None),
        ]
        assert writer.count.commitments == 1
        raise RuntimeError("the caller rolls back when there are problems")
    assert tracker.count() == 0


def test_raise_mode_stops_at_the_first_problem(sourced_tracker: pt.Tracker) -> None:
    tracker = sourced_tracker
    tracker.add_commitment(make_commitment())
    late = StatusUpdate("china-digital-training", "in_progress", dt.date(2020, 1, 1), progress="5")
    with pytest.raises(ValidationError) as caught:
        tracker.add_update(late)
    assert caught.value.field == "effective"
    assert "before the commitment was announced on 2024-07-04" in str(caught.value)
    with pytest.raises(NotFoundError):
        tracker.add_update(StatusUpdate("nobody", "in_progress", dt.date(2025, 1, 1)))
    assert tracker.history("china-digital-training") == []


def test_stored_records_come_back_as_written(sourced_tracker: pt.Tracker) -> None:
    tracker = sourced_tracker
    stored = tracker.add_commitment(make_commitment())
    assert stored.citations[0].start is not None
    evidence = Citation("summit-report", "Kazakhstan will host a youth forum in 2025")
    update = tracker.add_update(
        StatusUpdate(stored.key, "in_progress", dt.date(2025, 1, 1), evidence=(evidence,))
    )
    assert update.sequence is not None and update.recorded is not None
    [read] = tracker.history(stored.key)
    assert update_identity(read) == update_identity(update)
    assert read.sequence == update.sequence


def test_a_database_conflict_names_the_key(tracker: pt.Tracker) -> None:
    tracker.add_source(make_source())
    with pytest.raises(ConflictError) as caught, database_errors(), tracker.engine.begin() as conn:
        conn.execute(insert(SOURCE), [source_values(make_source())])
    assert caught.value.key == "summit-report"
    assert caught.value.kind == "source"


def test_the_tracker_refuses_a_key_given_again(sourced_tracker: pt.Tracker) -> None:
    with pytest.raises(ConflictError) as caught:
        sourced_tracker.add_source(make_source())
    assert caught.value.key == "summit-report"


def test_updates_are_checked_the_same_once_the_cache_has_dropped_their_commitment(
    sourced_tracker: pt.Tracker,
) -> None:
    """The writer keeps what it knows of the commitments it wrote within one batch; the
    updates of commitments it has dropped are checked against what it reads back, with the
    same rules (announcement date, progress only on a quantified target, assessed actors)."""
    tracker = sourced_tracker
    keys = [f"c{i}" for i in range(7)]
    records: list[tuple[object, str]] = [
        (make_commitment(k, target=None if k == "c1" else make_commitment().target), f"row {i}")
        for i, k in enumerate(keys)
    ]
    records += [
        (StatusUpdate("c0", "in_progress", dt.date(2024, 1, 1)), "u0"),  # before 4 July 2024
        (StatusUpdate("c1", "in_progress", dt.date(2025, 1, 1), progress="5"), "u1"),
        (StatusUpdate("c2", "in_progress", dt.date(2025, 1, 1), actors=("Chile",)), "u2"),
        *[(StatusUpdate(k, "fulfilled", dt.date(2025, 1, 1)), f"ok {k}") for k in keys],
    ]
    with pytest.raises(RuntimeError), tracker.transaction():  # noqa: PT012
        conn = tracker.connection()
        assert conn is not None
        writer = Writer(conn, collect=True, batch_size=2)
        for record, place in records:
            writer.add(record, place)  # type: ignore[arg-type]
        writer.flush()
        assert len(writer._known) <= 2
        found = [(place, getattr(err, "field", None)) for place, err in writer.problems]
        assert found == [("u0", "effective"), ("u1", "progress"), ("u2", "actors[0]")]
        assert writer.count.commitments == len(keys)
        assert writer.count.updates == len(keys)
        raise RuntimeError("the caller rolls back when there are problems")
    assert tracker.count() == 0
