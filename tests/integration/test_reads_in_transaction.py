"""Reads join the unit of work: inside ``with tracker.transaction():`` a rollup, a summary, a
grid and a lookup see the transaction's own writes, and after a rollback they are gone."""

from __future__ import annotations

import datetime as dt

import pytest

import pledgetrack as pt
from pledgetrack.errors import NotFoundError
from pledgetrack.model import Citation, Status
from pledgetrack.rollups import rollup, status_at, summarize
from pledgetrack.rollups.grid import compliance_grid
from pledgetrack.testing import make_commitment

AS_OF = dt.date(2025, 6, 30)


class Undo(Exception):
    """Raised to roll a transaction back."""


def _write(tracker: pt.Tracker) -> None:
    tracker.add_commitment(make_commitment())
    tracker.record_status(
        "china-digital-training", Status.IN_PROGRESS, effective=dt.date(2025, 1, 10)
    )


def test_reads_inside_a_transaction_see_its_writes(sourced_tracker: pt.Tracker) -> None:
    tracker = sourced_tracker
    with tracker.transaction():
        _write(tracker)
        assert tracker.count() == 1
        counts = rollup(tracker, as_of=AS_OF).counts()
        assert counts.total == 1
        assert counts.by_status[Status.IN_PROGRESS] == 1
        assert rollup(tracker, by=["actor"], as_of=AS_OF).counts("China").total == 1
        assert status_at(tracker, "china-digital-training", AS_OF) is Status.IN_PROGRESS
        assert tracker.status_of("china-digital-training", AS_OF).status is Status.IN_PROGRESS
        summary = summarize(tracker, as_of=AS_OF, detail=True, evidence=True)
        assert summary.counts.total == 1
        assert summary.dossiers is not None and list(summary.dossiers) == [
            "china-digital-training"
        ]
        grid = compliance_grid(tracker, as_of=AS_OF)
        assert [row.key for row in grid.rows] == ["china-digital-training"]
    # committed: a read outside the transaction sees the same
    assert rollup(tracker, as_of=AS_OF).counts().total == 1
    assert status_at(tracker, "china-digital-training", AS_OF) is Status.IN_PROGRESS


def test_after_a_rollback_the_writes_are_gone(sourced_tracker: pt.Tracker) -> None:
    tracker = sourced_tracker

    def write_then_undo() -> None:
        with tracker.transaction():
            _write(tracker)
            assert rollup(tracker, as_of=AS_OF).counts().total == 1
            raise Undo

    with pytest.raises(Undo):
        write_then_undo()
    assert tracker.count() == 0
    assert rollup(tracker, as_of=AS_OF).groups == ()
    assert summarize(tracker, as_of=AS_OF).counts.total == 0
    with pytest.raises(NotFoundError):
        status_at(tracker, "china-digital-training", AS_OF)


def test_a_failed_call_inside_a_transaction_is_undone_for_reads_too(
    sourced_tracker: pt.Tracker,
) -> None:
    tracker = sourced_tracker
    with tracker.transaction():
        tracker.add_commitment(make_commitment())
        with pytest.raises(pt.ValidationError):
            tracker.record_status(
                "china-digital-training", Status.IN_PROGRESS, effective=dt.date(2020, 1, 1)
            )
        assert status_at(tracker, "china-digital-training", AS_OF) is Status.NO_EVIDENCE
    assert rollup(tracker, as_of=AS_OF).counts().by_status[Status.NO_EVIDENCE] == 1


def test_nested_reads_share_one_connection(sourced_tracker: pt.Tracker) -> None:
    tracker = sourced_tracker
    with tracker.reading() as outer, tracker.reading() as inner:
        assert inner is outer
    with tracker.transaction(), tracker.reading() as conn:
        assert conn is tracker.connection()


def test_the_quick_lookup_reads_what_the_repository_reads(sourced_tracker: pt.Tracker) -> None:
    """status_of reads the commitment and its updates with its own statements: the same values
    as get_commitment and history, citations, custom values, parent and assessed actors too."""
    tracker = sourced_tracker
    tracker.declare_field(name="sector", type="text")
    tracker.add_commitment(make_commitment("parent", custom={"sector": "digital"}))
    tracker.add_commitment(
        make_commitment(
            actors=("China", "Kazakhstan"),
            themes=("digital", "training"),
            parent="parent",
            custom={"sector": "training"},
        )
    )
    key = "china-digital-training"
    evidence = Citation("summit-report", "Kazakhstan will host a youth forum in 2025")
    tracker.record_status(key, Status.IN_PROGRESS, effective="2025-01-10", evidence=[evidence])
    tracker.record_status(
        key, Status.DELAYED, effective="2025-03-01", actors=["Kazakhstan"], progress="12.5"
    )
    found = tracker.status_of(key, AS_OF, actor="Kazakhstan")
    assert found.commitment == tracker.get_commitment(key)
    assert found.update == tracker.history(key)[-1]
    assert found.status is Status.DELAYED
    whole = tracker.status_of(key, AS_OF)
    assert whole.update == tracker.history(key)[0]
    assert whole.update is not None and whole.update.evidence[0].start is not None
