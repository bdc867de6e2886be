"""The status of a commitment for an actor, and the compliance score of a status."""

from __future__ import annotations

import datetime as dt

import pytest

import pledgetrack as pt
from pledgetrack.rules.compliance import Unscored, compliance_score
from pledgetrack.rules.status import covers, latest_update, status_as_of

D = dt.date


def update(status: str, day: str, *actors: str, sequence: int) -> pt.StatusUpdate:
    return pt.StatusUpdate("g7-1", status, day, actors=actors, sequence=sequence)


class TestCovers:
    def test_whole_commitment_update_covers_every_actor(self) -> None:
        whole = update("in_progress", "2025-01-01", sequence=1)
        assert covers(whole, None) and covers(whole, "Canada") and covers(whole, "Japan")

    def test_named_update_covers_only_its_actors(self) -> None:
        named = update("fulfilled", "2025-01-01", "Canada", sequence=1)
        assert covers(named, "Canada")
        assert not covers(named, "Japan")
        assert not covers(named, None)


class TestLatestForActor:
    def test_the_whole_reads_only_whole_commitment_updates(self) -> None:
        history = [
            update("in_progress", "2025-01-01", sequence=1),
            update("fulfilled", "2025-03-01", "Canada", sequence=2),
        ]
        assert status_as_of(history, D(2025, 6, 1)) is pt.Status.IN_PROGRESS
        assert status_as_of(history, D(2025, 6, 1), "Canada") is pt.Status.FULFILLED
        assert status_as_of(history, D(2025, 6, 1), "Japan") is pt.Status.IN_PROGRESS
        assert status_as_of(history, D(2025, 2, 1), "Canada") is pt.Status.IN_PROGRESS

    def test_named_wins_on_the_same_day_whatever_the_record_order(self) -> None:
        named_first = [
            update("fulfilled", "2025-03-01", "Canada", sequence=1),
            update("broken", "2025-03-01", sequence=2),
        ]
        named_last = [
            update("broken", "2025-03-01", sequence=1),
            update("fulfilled", "2025-03-01", "Canada", sequence=2),
        ]
        for history in (named_first, named_last):
            assert status_as_of(history, D(2025, 3, 1), "Canada") is pt.Status.FULFILLED
            assert status_as_of(history, D(2025, 3, 1), "Japan") is pt.Status.BROKEN
            assert status_as_of(history, D(2025, 3, 1)) is pt.Status.BROKEN

    def test_a_later_whole_commitment_update_overrides_a_named_one(self) -> None:
        history = [
            update("fulfilled", "2025-03-01", "Canada", sequence=1),
            update("not_applicable", "2025-04-01", sequence=2),
        ]
        assert status_as_of(history, D(2025, 3, 31), "Canada") is pt.Status.FULFILLED
        assert status_as_of(history, D(2025, 4, 1), "Canada") is pt.Status.NOT_APPLICABLE

    def test_same_day_named_updates_go_by_record_order(self) -> None:
        history = [
            update("delayed", "2025-03-01", "Canada", "Japan", sequence=2),
            update("fulfilled", "2025-03-01", "Canada", sequence=1),
        ]
        found = latest_update(history, D(2025, 3, 1), "Canada")
        assert found is not None and found.status is pt.Status.DELAYED

    def test_no_covering_update_is_no_evidence(self) -> None:
        history = [update("fulfilled", "2025-03-01", "Canada", sequence=1)]
        assert status_as_of(history, D(2026, 1, 1), "Japan") is pt.Status.NO_EVIDENCE
        assert status_as_of(history, D(2026, 1, 1)) is pt.Status.NO_EVIDENCE


class TestComplianceScore:
    DUE = D(2025, 12, 31)

    @pytest.mark.parametrize(
        ("status", "score"),
        [
            (pt.Status.FULFILLED, 1),
            (pt.Status.PARTIALLY_FULFILLED, 0),
            (pt.Status.IN_PROGRESS, 0),
            (pt.Status.DELAYED, 0),
            (pt.Status.BROKEN, -1),
        ],
    )
    def test_scored_statuses(self, status: pt.Status, score: int) -> None:
        assert compliance_score(status, self.DUE, D(2025, 6, 1)) == score
        assert compliance_score(status, None, D(2026, 6, 1)) == score

    def test_unassessed_is_never_minus_one(self) -> None:
        after = D(2026, 6, 1)
        assert compliance_score(None, self.DUE, after) is Unscored.UNASSESSED
        assert compliance_score(pt.Status.NO_EVIDENCE, self.DUE, after) is Unscored.UNASSESSED

    def test_not_started_scores_only_after_the_deadline(self) -> None:
        assert compliance_score(pt.Status.NOT_STARTED, self.DUE, D(2026, 1, 1)) == -1
        on_the_day = compliance_score(pt.Status.NOT_STARTED, self.DUE, self.DUE)
        assert on_the_day is Unscored.NOT_YET_DUE
        no_deadline = compliance_score(pt.Status.NOT_STARTED, None, D(2030, 1, 1))
        assert no_deadline is Unscored.NOT_YET_DUE

    def test_not_applicable_is_left_out(self) -> None:
        found = compliance_score(pt.Status.NOT_APPLICABLE, self.DUE, D(2026, 1, 1))
        assert found is Unscored.NOT_APPLICABLE
