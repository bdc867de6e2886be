"""The figures derived from per-status counts, and the parsing of dimensions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pledgetrack as pt
from pledgetrack.model import Status
from pledgetrack.rollups import DIMENSIONS, Counts, Section, StatusCell, parse_dimension
from pledgetrack.rollups.dimensions import parse_dimensions


@st.composite
def cells(draw: st.DrawFn) -> StatusCell:
    """A consistent cell: the deadline kinds never add up to more than the total."""
    total = draw(st.integers(0, 50))
    past = draw(st.integers(0, total))
    soon = draw(st.integers(0, total - past))
    none = draw(st.integers(0, total - past - soon))
    return StatusCell(total, past, soon, none)


counts_strategy = st.dictionaries(st.sampled_from(list(Status)), cells()).map(Counts)


@given(counts_strategy)
def test_sections_partition_the_commitments(counts: Counts) -> None:
    sections = counts.sections
    assert set(sections) == set(Section)
    assert all(n >= 0 for n in sections.values())
    assert sum(sections.values()) == counts.total
    assert sections[Section.OVERDUE] == counts.overdue
    assert sections[Section.DUE_SOON] == counts.due_soon
    assert sections[Section.FULFILLED] == counts.by_status[Status.FULFILLED]


@given(counts_strategy)
def test_scores_stay_in_their_ranges(counts: Counts) -> None:
    compliance = counts.compliance
    assert compliance.assessed <= counts.total
    if compliance.score is None:
        assert compliance.assessed == 0
    else:
        assert -1 <= compliance.score <= 1
        assert compliance.percent == pytest.approx((compliance.score + 1) * 50)
    if counts.fulfilment_percentage is not None:
        assert 0 <= counts.fulfilment_percentage <= 100
    if counts.fulfilment_rate is not None:
        assert 0 <= counts.fulfilment_rate <= 1


@given(counts_strategy, counts_strategy)
def test_counts_add_up(a: Counts, b: Counts) -> None:
    both = a + b
    assert both.total == a.total + b.total
    assert both.overdue == a.overdue + b.overdue
    assert both.sections == {s: a.sections[s] + b.sections[s] for s in Section}


def test_compliance_scores_each_status_as_documented() -> None:
    """+1 fulfilled; 0 under way; −1 broken or not started after the deadline; the rest is
    left out, each with its reason (no evidence is never −1)."""
    one = StatusCell(1)
    late = StatusCell(1, past_due=1)

    def score(status: Status, cell: StatusCell) -> tuple[int, int, int]:
        c = Counts({status: cell}).compliance
        return c.full, c.partial, c.none

    assert score(Status.FULFILLED, one) == (1, 0, 0)
    for status in (Status.PARTIALLY_FULFILLED, Status.IN_PROGRESS, Status.DELAYED):
        assert score(status, one) == score(status, late) == (0, 1, 0)
    assert score(Status.BROKEN, one) == (0, 0, 1)
    assert score(Status.NOT_STARTED, one) == (0, 0, 0)
    assert score(Status.NOT_STARTED, late) == (0, 0, 1)
    assert Counts({Status.NOT_STARTED: one}).compliance.not_yet_due == 1
    for cell in (one, late):
        assert score(Status.NO_EVIDENCE, cell) == (0, 0, 0)
        assert Counts({Status.NO_EVIDENCE: cell}).compliance.unassessed == 1
        assert Counts({Status.NOT_APPLICABLE: cell}).compliance.not_applicable == 1
    assert score(Status.NOT_APPLICABLE, late) == (0, 0, 0)


@given(counts_strategy)
def test_every_commitment_is_scored_or_left_out_with_a_reason(counts: Counts) -> None:
    compliance = counts.compliance
    assert compliance.assessed + compliance.left_out == counts.total
    assert compliance.unassessed == counts.unassessed == counts.by_status[Status.NO_EVIDENCE]
    not_applicable = counts.by_status[Status.NOT_APPLICABLE]
    assert counts.rated == counts.total - counts.unassessed - not_applicable
    # no unassessed commitment is overdue or counted as fallen due
    assert counts.overdue + counts.unassessed_past_due <= counts.total
    assert counts.sections[Section.UNASSESSED] == counts.unassessed_past_due
    assert counts.fallen_due + counts.unassessed_past_due <= counts.total


def test_a_worked_example() -> None:
    """G7-style: 2 fulfilled, 1 in progress, 1 not started after its deadline → (2 − 1) / 4;
    the 2 without evidence (one past its deadline) are left out, not scored −1."""
    counts = Counts(
        {
            Status.FULFILLED: StatusCell(2, past_due=1),
            Status.IN_PROGRESS: StatusCell(1, due_soon=1),
            Status.NOT_STARTED: StatusCell(1, past_due=1),
            Status.NO_EVIDENCE: StatusCell(2, past_due=1, no_deadline=1),
            Status.NOT_APPLICABLE: StatusCell(1, past_due=1),
        }
    )
    assert counts.compliance.score == pytest.approx(0.25)
    assert counts.compliance.percent == pytest.approx(62.5)
    assert (counts.compliance.unassessed, counts.compliance.not_applicable) == (2, 1)
    assert counts.fulfilment_percentage == pytest.approx((2 * 100 + 25) / 4)
    assert counts.rated == 4
    assert (counts.fallen_due, counts.fulfilled_of_fallen_due) == (2, 1)
    assert counts.overdue == 1
    assert counts.unassessed_past_due == 1
    assert counts.sections[Section.UNASSESSED] == 1
    assert counts.sections[Section.NO_DEADLINE] == 1


@pytest.mark.parametrize("name", [d for d in DIMENSIONS if d != "field:<name>"])
def test_every_documented_dimension_parses(name: str) -> None:
    assert parse_dimension(name).name == name
    assert parse_dimension(name.upper().replace("_", "-")).name == name


def test_field_dimensions() -> None:
    assert parse_dimension("field:region").field == "region"
    assert parse_dimension("field.region").name == "field:region"


@pytest.mark.parametrize("bad", ["colour", "field:", "field:Bad Name", "status", ""])
def test_unknown_dimensions_list_the_valid_ones(bad: str) -> None:
    with pytest.raises(pt.ValidationError) as caught:
        parse_dimension(bad)
    for name in DIMENSIONS:
        assert name in str(caught.value)


def test_a_dimension_twice_is_refused() -> None:
    with pytest.raises(pt.ValidationError, match="twice"):
        parse_dimensions(["theme", "actor", "theme"])


def test_section_headings() -> None:
    assert Section.DUE_SOON.heading(365) == "Due within a year"
    assert Section.DUE_SOON.heading(30) == "Due within 30 days"
    assert Section.OVERDUE.heading(30) == "Overdue"
