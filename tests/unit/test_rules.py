"""Status rules: pure functions, checked against examples and against brute force."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pledgetrack as pt
from pledgetrack.rules import (
    days_overdue,
    elapsed_fraction,
    is_assessed,
    is_due_within,
    is_overdue,
    is_unassessed_past_due,
    latest_update,
    pace,
    status_as_of,
)
from pledgetrack.testing import make_commitment


def update(status: str, effective: str, sequence: int | None = None) -> pt.StatusUpdate:
    return pt.StatusUpdate("c", status, effective, sequence=sequence)


class TestStatusAsOf:
    def test_no_update_is_no_evidence(self) -> None:
        assert status_as_of([], dt.date(2025, 1, 1)) is pt.Status.NO_EVIDENCE

    def test_latest_effective_on_or_before(self) -> None:
        history = [
            update("not_started", "2024-08-01", 1),
            update("in_progress", "2025-05-01", 2),
            update("fulfilled", "2026-01-10", 3),
        ]
        assert status_as_of(history, dt.date(2024, 7, 31)) is pt.Status.NO_EVIDENCE
        assert status_as_of(history, dt.date(2024, 8, 1)) is pt.Status.NOT_STARTED
        assert status_as_of(history, dt.date(2025, 12, 31)) is pt.Status.IN_PROGRESS
        assert status_as_of(history, dt.date(2030, 1, 1)) is pt.Status.FULFILLED

    def test_ties_go_to_the_last_recorded(self) -> None:
        history = [update("fulfilled", "2025-01-01", 7), update("in_progress", "2025-01-01", 9)]
        assert status_as_of(history, dt.date(2025, 1, 1)) is pt.Status.IN_PROGRESS
        assert status_as_of(list(reversed(history)), dt.date(2025, 1, 1)) is pt.Status.IN_PROGRESS

    def test_a_correction_recorded_later_but_effective_earlier(self) -> None:
        history = [update("in_progress", "2025-06-01", 1), update("delayed", "2025-03-01", 2)]
        assert status_as_of(history, dt.date(2025, 4, 1)) is pt.Status.DELAYED
        assert status_as_of(history, dt.date(2025, 7, 1)) is pt.Status.IN_PROGRESS

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(list(pt.Status)), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))
            ),
            max_size=12,
        ),
        st.dates(dt.date(2019, 1, 1), dt.date(2031, 1, 1)),
    )
    def test_agrees_with_brute_force(
        self, raw: list[tuple[pt.Status, dt.date]], as_of: dt.date
    ) -> None:
        history = [pt.StatusUpdate("c", s, day, sequence=i + 1) for i, (s, day) in enumerate(raw)]
        eligible = [u for u in history if u.effective <= as_of]
        expected = (
            max(eligible, key=lambda u: (u.effective, u.sequence or 0)).status
            if eligible
            else pt.Status.NO_EVIDENCE
        )
        assert status_as_of(history, as_of) is expected
        found = latest_update(history, as_of)
        assert (found is None) == (not eligible)


class TestOverdue:
    def test_day_deadline(self) -> None:
        commitment = make_commitment()  # due 2027-07-04
        assert not is_overdue(commitment, pt.Status.IN_PROGRESS, dt.date(2027, 7, 4))
        assert is_overdue(commitment, pt.Status.IN_PROGRESS, dt.date(2027, 7, 5))
        assert days_overdue(commitment, pt.Status.IN_PROGRESS, dt.date(2027, 7, 14)) == 10

    def test_year_deadline_counts_from_the_end_of_the_year(self) -> None:
        commitment = make_commitment(deadline=pt.Deadline.in_year(2025, "in 2025"))
        assert not is_overdue(commitment, pt.Status.NOT_STARTED, dt.date(2025, 12, 31))
        assert is_overdue(commitment, pt.Status.NOT_STARTED, dt.date(2026, 1, 1))
        assert days_overdue(commitment, pt.Status.NOT_STARTED, dt.date(2026, 1, 1)) == 1

    def test_unassessed_is_never_overdue(self) -> None:
        """No evidence either way past the deadline: unassessed, not overdue."""
        commitment = make_commitment(deadline=pt.Deadline.in_year(2025, "in 2025"))
        later = dt.date(2026, 1, 1)
        assert not is_assessed(pt.Status.NO_EVIDENCE)
        assert all(is_assessed(s) for s in pt.Status if s is not pt.Status.NO_EVIDENCE)
        assert not is_overdue(commitment, pt.Status.NO_EVIDENCE, later)
        assert days_overdue(commitment, pt.Status.NO_EVIDENCE, later) == 0
        assert is_unassessed_past_due(commitment, pt.Status.NO_EVIDENCE, later)
        assert not is_unassessed_past_due(commitment, pt.Status.NO_EVIDENCE, dt.date(2025, 12, 31))
        assert not is_unassessed_past_due(commitment, pt.Status.NOT_STARTED, later)

    def test_month_deadline(self) -> None:
        commitment = make_commitment(
            announced=dt.date(2017, 6, 9), deadline=pt.Deadline.in_month(2018, 6, "in June 2018")
        )
        assert not is_overdue(commitment, pt.Status.IN_PROGRESS, dt.date(2018, 6, 30))
        assert is_overdue(commitment, pt.Status.IN_PROGRESS, dt.date(2018, 7, 1))

    @pytest.mark.parametrize("status", [s for s in pt.Status if s.is_final])
    def test_final_status_is_never_overdue(self, status: pt.Status) -> None:
        commitment = make_commitment()
        assert not is_overdue(commitment, status, dt.date(2040, 1, 1))
        assert days_overdue(commitment, status, dt.date(2040, 1, 1)) == 0

    def test_no_deadline_is_never_overdue(self) -> None:
        commitment = make_commitment(deadline=pt.Deadline.none("at an appropriate time"))
        assert not is_overdue(commitment, pt.Status.NO_EVIDENCE, dt.date(2099, 1, 1))
        assert not is_due_within(commitment, pt.Status.NO_EVIDENCE, dt.date(2025, 1, 1), 10_000)

    def test_due_within(self) -> None:
        commitment = make_commitment()  # due 2027-07-04
        assert is_due_within(commitment, pt.Status.IN_PROGRESS, dt.date(2027, 7, 4), 0)
        assert is_due_within(commitment, pt.Status.IN_PROGRESS, dt.date(2026, 7, 4), 365)
        assert not is_due_within(commitment, pt.Status.IN_PROGRESS, dt.date(2026, 7, 3), 365)
        assert not is_due_within(commitment, pt.Status.FULFILLED, dt.date(2027, 7, 1), 30)
        assert not is_due_within(commitment, pt.Status.IN_PROGRESS, dt.date(2027, 7, 5), 30)


class TestPace:
    def test_behind_pace(self) -> None:
        commitment = make_commitment(
            announced=dt.date(2024, 1, 1),
            deadline=pt.Deadline(dt.date(2027, 1, 1), "day"),
        )
        result = pace(commitment, Decimal(400), dt.date(2026, 1, 1))
        assert result is not None
        assert result.elapsed == Decimal(731) / Decimal(1096)
        assert result.behind
        assert result.share_delivered == Decimal("0.4")

    def test_ahead_of_pace(self) -> None:
        commitment = make_commitment()
        result = pace(commitment, Decimal(900), dt.date(2025, 7, 4))
        assert result is not None and not result.behind

    @pytest.mark.parametrize("status", [s for s in pt.Status if s.is_final])
    def test_a_final_status_has_no_pace(self, status: pt.Status) -> None:
        """Fulfilled at 38 of 150 is not "behind pace"; broken or n/a is not either."""
        commitment = make_commitment(target=pt.Target("150", "million people"))
        assert pace(commitment, Decimal(38), dt.date(2027, 1, 1), status) is None
        assert pace(commitment, Decimal(38), dt.date(2027, 1, 1), pt.Status.IN_PROGRESS)

    def test_nothing_reported_is_neither_behind_nor_on_pace(self) -> None:
        commitment = make_commitment()
        result = pace(commitment, None, dt.date(2027, 7, 1))
        assert result is not None and not result.reported and not result.behind
        assert result.delivered == 0
        reported = pace(commitment, Decimal(0), dt.date(2027, 7, 1))
        assert reported is not None and reported.reported and reported.behind

    def test_unquantified_has_no_pace(self) -> None:
        assert pace(make_commitment(target=None), None, dt.date(2025, 1, 1)) is None

    @given(st.dates(dt.date(2000, 1, 1), dt.date(2050, 1, 1)))
    def test_elapsed_fraction_is_between_0_and_1(self, as_of: dt.date) -> None:
        fraction = elapsed_fraction(dt.date(2020, 1, 1), dt.date(2030, 1, 1), as_of)
        assert Decimal(0) <= fraction <= Decimal(1)
