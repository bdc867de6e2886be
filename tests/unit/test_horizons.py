"""Each timing rule of pledgetrack.rules.horizons, said on a fixed announcement date."""

from __future__ import annotations

import datetime as dt

import pytest

from pledgetrack.model.values import Basis, Deadline, Precision
from pledgetrack.rules.horizons import (
    deadline_from_phrase,
    find_horizon,
    find_horizons,
    read_phrase,
)

D = dt.date(2023, 7, 4)


@pytest.mark.parametrize(
    ("phrase", "date", "precision", "basis"),
    [
        ("in the next three years", dt.date(2026, 7, 4), Precision.DAY, Basis.INFERRED),
        ("in the coming 3 years", dt.date(2026, 7, 4), Precision.DAY, Basis.INFERRED),
        ("within five years", dt.date(2028, 7, 4), Precision.DAY, Basis.INFERRED),
        ("over the next two years", dt.date(2025, 7, 4), Precision.DAY, Basis.INFERRED),
        ("in two years' time", dt.date(2025, 7, 4), Precision.DAY, Basis.INFERRED),
        ("in the next six months", dt.date(2024, 1, 4), Precision.DAY, Basis.INFERRED),
        ("within 18 months", dt.date(2025, 1, 4), Precision.DAY, Basis.INFERRED),
        ("over three years", dt.date(2026, 7, 4), Precision.DAY, Basis.INFERRED),
        ("within a decade", dt.date(2033, 7, 4), Precision.DAY, Basis.INFERRED),
        ("over the next decade", dt.date(2033, 7, 4), Precision.DAY, Basis.INFERRED),
        ("by 2025", dt.date(2025, 12, 31), Precision.YEAR, Basis.STATED),
        ("in 2025", dt.date(2025, 12, 31), Precision.YEAR, Basis.STATED),
        ("for 2025", dt.date(2025, 12, 31), Precision.YEAR, Basis.STATED),
        ("by the end of 2025", dt.date(2025, 12, 31), Precision.YEAR, Basis.STATED),
        ("before the end of 2025", dt.date(2025, 12, 31), Precision.YEAR, Basis.STATED),
        ("by end-2025", dt.date(2025, 12, 31), Precision.YEAR, Basis.STATED),
        ("before 2025", dt.date(2024, 12, 31), Precision.YEAR, Basis.STATED),
        ("declare 2025 the Year of Sustainable Development", dt.date(2025, 12, 31),
         Precision.YEAR, Basis.STATED),
        ("for 2024-2025", dt.date(2025, 12, 31), Precision.YEAR, Basis.STATED),
        ("2017-2024", dt.date(2024, 12, 31), Precision.YEAR, Basis.STATED),
        ("for 2024-25", dt.date(2025, 12, 31), Precision.YEAR, Basis.STATED),
        ("between 2024 and 2026", dt.date(2026, 12, 31), Precision.YEAR, Basis.STATED),
        ("from 2024 to 2026", dt.date(2026, 12, 31), Precision.YEAR, Basis.STATED),
        ("in June 2018", dt.date(2018, 6, 30), Precision.MONTH, Basis.STATED),
        ("by June 2018", dt.date(2018, 6, 30), Precision.MONTH, Basis.STATED),
        ("by mid-2026", dt.date(2026, 6, 30), Precision.MONTH, Basis.STATED),
        ("from July 2025 to June 2028", dt.date(2028, 6, 30), Precision.MONTH, Basis.STATED),
        ("by the end of June", dt.date(2024, 6, 30), Precision.MONTH, Basis.INFERRED),
        ("in September", dt.date(2023, 9, 30), Precision.MONTH, Basis.INFERRED),
        ("Q4 2017", dt.date(2017, 12, 31), Precision.QUARTER, Basis.STATED),
        ("in the fourth quarter of 2017", dt.date(2017, 12, 31), Precision.QUARTER,
         Basis.STATED),
        ("by 31 December 2025", dt.date(2025, 12, 31), Precision.DAY, Basis.STATED),
        ("by December 31, 2025", dt.date(2025, 12, 31), Precision.DAY, Basis.STATED),
        ("this year", dt.date(2023, 12, 31), Precision.YEAR, Basis.INFERRED),
        ("by the end of this year", dt.date(2023, 12, 31), Precision.YEAR, Basis.INFERRED),
        ("by the end of the year", dt.date(2023, 12, 31), Precision.YEAR, Basis.INFERRED),
        ("by year-end", dt.date(2023, 12, 31), Precision.YEAR, Basis.INFERRED),
        ("next year", dt.date(2024, 12, 31), Precision.YEAR, Basis.INFERRED),
        ("in the coming year", dt.date(2024, 12, 31), Precision.YEAR, Basis.INFERRED),
        ("the Northern Guard-2027 exercise", dt.date(2027, 12, 31), Precision.YEAR,
         Basis.INFERRED),
    ],
)  # fmt: skip
def test_phrase_gives_deadline(
    phrase: str, date: dt.date, precision: Precision, basis: Basis
) -> None:
    deadline = deadline_from_phrase(phrase, D)
    assert deadline is not None
    assert (deadline.date, deadline.precision, deadline.basis) == (date, precision, basis)
    assert deadline.phrase == phrase


@pytest.mark.parametrize(
    "phrase",
    [
        "at an appropriate time",
        "in due course",
        "soon",
        "as soon as possible",
        "in the future",
        "in the coming years",
        "in the years ahead",
    ],
)
def test_vague_phrase_means_no_deadline(phrase: str) -> None:
    assert deadline_from_phrase(phrase, D) == Deadline.none(phrase)


@pytest.mark.parametrize(
    "text", ["we may host it", "a five-year outline", "the 24th meeting", "after COVID-19"]
)
def test_no_timing_phrase(text: str) -> None:
    assert find_horizon(text, D) is None
    # the phrase is kept, with no date and precision none, never dropped
    kept = deadline_from_phrase(text, D)
    assert (kept.date, kept.precision, kept.phrase) == (None, Precision.NONE, text)
    assert read_phrase(text, D) is None


@pytest.mark.parametrize(
    ("phrase", "announced", "due"),
    [
        ("by the end of the decade", dt.date(2024, 7, 4), dt.date(2029, 12, 31)),
        ("before the end of this decade", dt.date(2020, 1, 1), dt.date(2029, 12, 31)),
        ("By the end of the decade", dt.date(2019, 12, 31), dt.date(2019, 12, 31)),
        ("at the end of the current decade", dt.date(2031, 5, 1), dt.date(2039, 12, 31)),
    ],
)
def test_end_of_the_decade(phrase: str, announced: dt.date, due: dt.date) -> None:
    deadline = deadline_from_phrase(phrase, announced)
    assert (deadline.due, deadline.precision, deadline.basis) == (
        due, Precision.YEAR, Basis.INFERRED,
    )  # fmt: skip
    assert deadline.phrase == phrase


def test_month_needs_a_preposition_so_may_is_not_a_month() -> None:
    assert find_horizon("They may meet again.", D) is None


def test_announcement_date_may_be_a_string() -> None:
    deadline = deadline_from_phrase("in the next three years", "2024-07-04")
    assert deadline is not None
    assert deadline.date == dt.date(2027, 7, 4)


def test_find_horizon_gives_position() -> None:
    text = "China will provide 1,000 places in the next three years."
    found = find_horizon(text, D)
    assert found is not None
    assert text[found.start : found.end] == "in the next three years"


def test_find_horizons_lists_all_without_overlap() -> None:
    text = "In 2022 we trained 500; by 2030 we will train 1,000 in the next three years."
    found = find_horizons(text, D)
    assert [h.phrase for h in found] == ["In 2022", "by 2030", "in the next three years"]
    assert found[1].deadline.date == dt.date(2030, 12, 31)


def test_words_and_digits_are_the_same_number() -> None:
    words = deadline_from_phrase("within twenty years", D)
    digits = deadline_from_phrase("within 20 years", D)
    assert words is not None and digits is not None
    assert words.date == digits.date == dt.date(2043, 7, 4)


def test_an_event_named_with_its_year_is_due_that_year_but_a_range_stays_a_range() -> None:
    text = "Borduria will host the Steppe Shield-2026 drill and the 2025-2026 training cycle."
    found = find_horizons(text, D)
    assert [h.phrase for h in found] == ["Steppe Shield-2026", "2025-2026"]
    assert found[0].deadline.date == dt.date(2026, 12, 31)
    assert found[0].deadline.basis is Basis.INFERRED


@pytest.mark.parametrize(
    ("phrase", "due", "precision"),
    [
        ("end of 2019", dt.date(2019, 12, 31), "year"),
        ("end-2019", dt.date(2019, 12, 31), "year"),
        ("2017-18", dt.date(2018, 12, 31), "year"),
        ("by 2025-12-31", dt.date(2025, 12, 31), "day"),
        ("2017-06", dt.date(2017, 6, 30), "month"),
    ],
)
def test_import_style_phrases(phrase: str, due: dt.date, precision: str) -> None:
    deadline = deadline_from_phrase(phrase, dt.date(2017, 1, 1))
    assert deadline is not None
    assert deadline.due == due
    assert deadline.precision.value == precision
    assert deadline.basis.value == "stated"


@pytest.mark.parametrize(
    ("sentence", "announced", "phrase", "due", "precision"),
    [
        # tune/us-vaccine-g7-2021-republicworld.txt
        (
            "the remaining 300 million will be delivered in the first half of 2022.",
            dt.date(2021, 6, 10),
            "in the first half of 2022",
            dt.date(2022, 6, 30),
            Precision.MONTH,
        ),
        # tune/us-vaccine-summit-2021-republicworld.txt
        (
            "from January through September in 2022, the US will ship out nearly 800 million "
            "vaccines to the world",
            dt.date(2021, 9, 22),
            "through September in 2022",
            dt.date(2022, 9, 30),
            Precision.MONTH,
        ),
        # tune/australia-climate-package-2019-climatecontrol.txt
        (
            "the Climate Solutions Fund will ensure the ERF delivers a further 103 million tonnes "
            "in emission reductions to 2030.",
            dt.date(2019, 2, 25),
            "to 2030",
            dt.date(2030, 12, 31),
            Precision.YEAR,
        ),
    ],
)
def test_half_years_a_month_with_in_before_its_year_and_to_a_year(
    sentence: str, announced: dt.date, phrase: str, due: dt.date, precision: Precision
) -> None:
    found = find_horizon(sentence, announced)
    assert found is not None
    assert (found.phrase, found.deadline.date, found.deadline.precision) == (
        phrase,
        due,
        precision,
    )


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("in the second half of 2023", dt.date(2023, 12, 31)),
        ("in fiscal year 2024", dt.date(2024, 12, 31)),
        ("for FY2025", dt.date(2025, 12, 31)),
    ],
)
def test_the_second_half_and_a_fiscal_year_named_by_its_year(phrase: str, due: dt.date) -> None:
    deadline = read_phrase(phrase, D)
    assert deadline is not None and deadline.date == due


@pytest.mark.parametrize(
    "text",
    [
        "cut emissions to 2005 levels",  # a year that qualifies what follows
        "bring emissions back to 2030 targets",
        "by 26 to 28 per cent",  # no year at all
    ],
)
def test_to_a_year_is_no_horizon_where_the_year_qualifies_a_noun(text: str) -> None:
    assert find_horizon(text, D) is None


def test_during_a_year_and_an_event_named_by_its_year_fall_due_at_its_end() -> None:
    # tune/eu-humanitarian-forum-2024-brusselstimes.txt
    day = dt.date(2024, 5, 21)
    text = (
        "EU Member States have pledged over €7.7 billion in pledges for global crises during 2024."
    )
    found = find_horizon(text, day)
    assert found is not None and found.deadline.date == dt.date(2024, 12, 31)
    # tune/n4g-london-2013-summary.txt
    text = (
        "Hold a High-Level Nutrition Event, under the leadership of the Government of Brazil, "
        "during the 2016 Rio Olympics."
    )
    found = find_horizon(text, dt.date(2013, 6, 8))
    assert found is not None and found.deadline.date == dt.date(2016, 12, 31)
    assert found.deadline.phrase == "during the 2016 Rio Olympics"
    # a year after "the" with no capitalised name after it is no event
    assert find_horizon("at the 2014 summit", dt.date(2013, 6, 8)) is None
