"""Dates as other trackers write them: full, partial, in phrases, and texts that are no dates."""

from __future__ import annotations

import datetime as dt

import pytest

import pledgetrack as pt
from pledgetrack.io.dates import parse_date, parse_deadline

ANNOUNCED = dt.date(2016, 3, 1)


@pytest.mark.parametrize(
    ("text", "due", "precision", "basis"),
    [
        ("Q4 2017", "2017-12-31", "quarter", "stated"),
        ("2017-Q2", "2017-06-30", "quarter", "stated"),
        ("2017-2024", "2024-12-31", "year", "stated"),
        ("June 2018", "2018-06-30", "month", "stated"),
        ("Sept 2019", "2019-09-30", "month", "stated"),
        ("2019-06", "2019-06-30", "month", "stated"),
        ("by end of 2019", "2019-12-31", "year", "stated"),
        ("2019", "2019-12-31", "year", "stated"),
        ("2019-06-30", "2019-06-30", "day", "stated"),
        ("30 June 2018", "2018-06-30", "day", "stated"),
        ("13/04/2019", "2019-04-13", "day", "stated"),
        ("in the next three years", "2019-03-01", "day", "inferred"),
        ("by the end of June", "2016-06-30", "month", "inferred"),
    ],
)
def test_deadlines_in_many_forms(text: str, due: str, precision: str, basis: str) -> None:
    deadline = parse_deadline(text, ANNOUNCED)
    assert deadline.due == dt.date.fromisoformat(due)
    assert deadline.precision.value == precision
    assert deadline.basis.value == basis
    assert deadline.phrase == text


@pytest.mark.parametrize("text", ["annually", "during rainy season", "soon", "every spring"])
def test_texts_that_are_no_dates_give_no_deadline_and_keep_the_text(text: str) -> None:
    deadline = parse_deadline(text, ANNOUNCED)
    assert deadline.date is None
    assert deadline.precision is pt.Precision.NONE
    assert deadline.phrase == text


def test_an_empty_deadline_is_no_deadline_without_phrase() -> None:
    assert parse_deadline("  ", ANNOUNCED) == pt.Deadline.none()
    assert parse_deadline(None, ANNOUNCED) == pt.Deadline.none()


@pytest.mark.parametrize("text", ["31/13/2019", "2019-13-01", "Q5 2019", "FY 20x9"])
def test_digits_that_cannot_be_read_are_an_error(text: str) -> None:
    with pytest.raises(pt.ValidationError) as caught:
        parse_deadline(text, ANNOUNCED, "deadline")
    assert caught.value.field == "deadline"
    assert caught.value.value == text


def test_a_day_and_month_that_could_be_swapped_need_dayfirst() -> None:
    with pytest.raises(pt.ValidationError, match="dayfirst"):
        parse_date("03/04/2019")
    assert parse_date("03/04/2019", dayfirst=True).date == dt.date(2019, 4, 3)
    assert parse_date("03/04/2019", dayfirst=False).date == dt.date(2019, 3, 4)


def test_explicit_formats_come_first_and_set_the_precision() -> None:
    assert parse_date("2019.04", formats=["%Y.%m"]).precision is pt.Precision.MONTH
    found = parse_date("20190403", formats=["%Y%m%d"])
    assert (found.date, found.precision) == (dt.date(2019, 4, 3), pt.Precision.DAY)


def test_a_partial_date_stands_for_its_last_day_unless_asked_for_the_first() -> None:
    found = parse_date("Q2 2019")
    assert found.date == dt.date(2019, 6, 30)
    assert found.on("first") == dt.date(2019, 4, 1)
    assert parse_date("2019").on("first") == dt.date(2019, 1, 1)
    assert parse_date(2019).precision is pt.Precision.YEAR


def test_a_date_must_stand_on_its_own() -> None:
    for text in ("in the next three years", "this year", "annually", "soon"):
        with pytest.raises(pt.ValidationError, match="is not a date"):
            parse_date(text)
