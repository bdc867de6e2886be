"""Timing phrases of the sixth round, each shown on a verbatim sentence of a text of the tuning
half (``extract/gold/real/tune/``; the file is named beside each sentence).

Each rule in :mod:`pledgetrack.rules.horizons` is stated as a pattern of how copy writes a time
limit; the sentences only show it at work on real copy, and the neighbouring phrases show where
the pattern stops.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pledgetrack.extract import extract_drafts
from pledgetrack.model.values import Basis, Precision
from pledgetrack.rules.horizons import find_horizons


def _phrases(text: str, announced: dt.date) -> list[tuple[str, dt.date | None]]:
    return [(h.phrase, h.deadline.date) for h in find_horizons(text, announced)]


def test_the_first_n_months_of_a_period_count_from_the_announcement() -> None:
    # tune/haiti-donors-2010-spokesman.txt
    text = (
        "The U.N. chief said the $9.9 billion includes pledges of $5.3 billion from governments "
        "and international partners for the first 24 months of reconstruction."
    )
    [h] = find_horizons(text, dt.date(2010, 3, 31))
    assert h.phrase == "for the first 24 months"
    assert h.deadline.date == dt.date(2012, 3, 31)
    assert h.deadline.precision is Precision.DAY
    assert h.deadline.basis is Basis.INFERRED
    # days count after "within" and "the first" only: "over three days" is an event's length
    assert _phrases("within the first 100 days", dt.date(2021, 1, 20)) == [
        ("within the first 100 days", dt.date(2021, 4, 30))
    ]
    assert _phrases("talks held over three days", dt.date(2021, 1, 20)) == []


def test_a_fiscal_year_named_by_two_years_ends_with_the_second() -> None:
    # tune/kenya-budget-policy-2023-allafrica.txt
    text = (
        "Kenya Revenue Authority (KRA) has been tasked to collect Ksh 3 trillion in the financial "
        "year 2023/24, up from Ksh 2 trillion collected in the last financial year."
    )
    [h] = find_horizons(text, dt.date(2023, 3, 16))
    assert h.phrase == "in the financial year 2023/24"
    assert h.deadline.date == dt.date(2024, 12, 31)
    assert h.deadline.precision is Precision.YEAR
    day = dt.date(2023, 3, 16)
    assert _phrases("for FY 2024-25", day) == [("for FY 2024-25", dt.date(2025, 12, 31))]
    assert _phrases("in the financial year 2023/2024", day)[0][1] == dt.date(2024, 12, 31)
    assert _phrases("in fiscal year 2024", day) == [("in fiscal year 2024", dt.date(2024, 12, 31))]


def test_a_preposition_glued_to_its_year_is_still_a_deadline() -> None:
    # tune/hiv-political-declaration-2011-vietnamplus.txt (the page's own typing slips)
    text = (
        "The targets include halving sexualtransmission of HIV and transmission of HIV among "
        "people who injectdrugs and putting an end to HIV transmission from mother to child by2015."
    )
    assert _phrases(text, dt.date(2011, 6, 10)) == [("by2015", dt.date(2015, 12, 31))]
    assert _phrases("a standby2015 model", dt.date(2011, 6, 10)) == []


def test_a_year_a_promise_starts_from_is_due_at_its_end() -> None:
    # tune/n4g-london-2013-summary.txt
    text = "Launch an annual Global Report on Nutrition from 2014"
    assert _phrases(text, dt.date(2013, 6, 8)) == [("from 2014", dt.date(2014, 12, 31))]
    day = dt.date(2013, 6, 8)
    # not the start of a range, nor a baseline
    assert _phrases("from 2014 to 2016", day) == [("from 2014 to 2016", dt.date(2016, 12, 31))]
    assert _phrases("a cut of 40% from 2005 levels", day) == []
    assert _phrases("a cut of 30 per cent from 2020 levels", day) == []


def test_a_year_that_names_a_time_limit_is_a_deadline() -> None:
    # tune/sdg-political-declaration-2019-unga.txt
    text = (
        "We will maintain the integrity of the 2030 Agenda, including by\nensuring ambitious and "
        "continuous action on the targets of the Sustainable\nDevelopment Goals with a 2020 "
        "timeline."
    )
    assert _phrases(text, dt.date(2019, 10, 15)) == [("a 2020 timeline", dt.date(2020, 12, 31))]
    assert _phrases("the 2030 Agenda", dt.date(2019, 10, 15)) == []


@pytest.mark.parametrize(
    ("text", "announced", "actor", "due"),
    [
        # tune/au-import-levy-2016-slpress.txt: a start stated as a year is due by its end
        (
            "Beginning next year, African Union (AU) member countries will impose a 0.2 per cent "
            "import levy on selected products to mobilize resources to fund the organization's "
            "programmes, Zimbabwean Finance Minister Patrick Chinamasa said.",
            "2016-07-17",
            "African Union member countries",
            dt.date(2017, 12, 31),
        ),
        # tune/opec-plus-april-2020-statement.txt: a start day is no deadline; the end is
        (
            "In view of the current fundamentals and the consensus market perspectives, and in "
            "line with the decision taken at the 9th (Extraordinary) OPEC and non-OPEC Ministerial "
            "Meeting, all Participating Countries agreed to:\n\n"
            "  2. Adjust downwards their overall crude oil production by 9.7 mb/d, starting on "
            "1 May 2020, for an initial period of two months that concludes on 30 June 2020.",
            "2020-04-12",
            "OPEC+",
            dt.date(2020, 6, 30),
        ),
    ],
)
def test_a_start_is_due_by_the_end_of_its_period_but_a_start_day_is_no_deadline(
    text: str, announced: str, actor: str, due: dt.date
) -> None:
    [draft] = [d for d in extract_drafts(text, announced, actor) if d.quantity is not None]
    assert draft.deadline is not None
    assert draft.deadline.date == due


def test_in_a_number_of_years_counts_from_the_announcement() -> None:
    # tune/japan-defense-2pct-2022-defensenews.txt
    text = (
        "MELBOURNE, Australia — Japan’s prime minister has asked his Cabinet to secure enough "
        "funds to raise defense spending to 2% of gross domestic product in five years, "
        "continuing a recent trend of increasing the defense budget, according to the country’s "
        "defense minister."
    )
    assert _phrases(text, dt.date(2022, 12, 1)) == [("in five years", dt.date(2027, 12, 1))]
    # not a count of years looking back
    day = dt.date(2022, 12, 1)
    assert _phrases("the first time in five years", day) == []
    assert _phrases("the lowest in 20 years", day) == []
    assert _phrases("agreed in two years of talks", day) == []


def test_a_day_and_month_without_a_year() -> None:
    # tune/bangladesh-homes-mujib-borsho-2021-observerbd.txt
    text = (
        "She asked the public representatives to identify the homeless and landless people in "
        "their localities as the government is committed to give them homes within the Mujib "
        "Borsho [extended till December 16 this year]."
    )
    [h] = find_horizons(text, dt.date(2021, 2, 11))
    assert (h.phrase, h.deadline.date) == ("till December 16 this year", dt.date(2021, 12, 16))
    assert h.deadline.precision is Precision.DAY
    day = dt.date(2021, 2, 11)
    assert _phrases("by 30 June next year", day) == [("by 30 June next year", dt.date(2022, 6, 30))]
    # after "by" without a year: the next such day
    assert _phrases("by 16 December", day) == [("by 16 December", dt.date(2021, 12, 16))]
    assert _phrases("by 1 February", day) == [("by 1 February", dt.date(2022, 2, 1))]
    # a day of no calendar is no deadline, and does not stop the others
    assert _phrases("by February 30, or by 2023", day) == [("by 2023", dt.date(2023, 12, 31))]
    # a stated year still wins
    assert _phrases("by 16 December 2022", day) == [("by 16 December 2022", dt.date(2022, 12, 16))]


def test_an_event_named_with_its_year_after_from() -> None:
    # tune/au-import-levy-2016-slpress.txt
    text = "This will take effect from the 2017 AU budget"
    [h] = find_horizons(text, dt.date(2016, 7, 17))
    assert h.deadline.date == dt.date(2017, 12, 31)
    assert h.deadline.basis is Basis.INFERRED


def test_a_fiscal_year_named_by_two_digits() -> None:
    # tune/india-union-budget-2022-businessinsider.txt
    text = "The allocation for FY23 is ₹1 lakh crore to catalyse overall investments in the economy"
    assert _phrases(text, dt.date(2022, 2, 1)) == [("for FY23", dt.date(2023, 12, 31))]


def test_the_middle_of_the_century_is_2050() -> None:
    # tune/us-climate-summit-2021-cieh.txt
    text = (
        "Johnson, who is also speaking at the US Climate Summit, will urge countries to deliver "
        "net zero by the middle of the century – matching the UK – to tackle climate change."
    )
    [h] = find_horizons(text, dt.date(2021, 4, 22))
    assert (h.phrase, h.deadline.date) == ("by the middle of the century", dt.date(2050, 12, 31))
    assert h.deadline.precision is Precision.YEAR
    assert h.deadline.basis is Basis.INFERRED
    assert _phrases("net zero by mid-century", dt.date(2021, 4, 22))[0][1] == dt.date(2050, 12, 31)


D = dt.date(2023, 7, 4)


@pytest.mark.parametrize(
    ("phrase", "date", "precision"),
    [
        # the end of a year in other words
        ("by the year 2030", dt.date(2030, 12, 31), Precision.YEAR),
        ("not later than 2030", dt.date(2030, 12, 31), Precision.YEAR),
        ("by year-end 2025", dt.date(2025, 12, 31), Precision.YEAR),  # not this year's end
        ("by the close of 2025", dt.date(2025, 12, 31), Precision.YEAR),
        ("in late 2025", dt.date(2025, 12, 31), Precision.YEAR),
        ("within the year", dt.date(2023, 12, 31), Precision.YEAR),
        ("within this decade", dt.date(2029, 12, 31), Precision.YEAR),
        ("for 2021 to 2025", dt.date(2025, 12, 31), Precision.YEAR),
        # months and quarters without a year
        ("by the end of the month", dt.date(2023, 7, 31), Precision.MONTH),
        ("by the end of this month", dt.date(2023, 7, 31), Precision.MONTH),
        ("next month", dt.date(2023, 8, 31), Precision.MONTH),
        ("by Q3", dt.date(2023, 9, 30), Precision.QUARTER),
        ("by Q1", dt.date(2024, 3, 31), Precision.QUARTER),  # this year's first is past
        ("in the third quarter", dt.date(2023, 9, 30), Precision.QUARTER),
        ("by Sept. 30", dt.date(2023, 9, 30), Precision.DAY),
        # a range of counts is due at its later bound; a period counted from now
        ("within two to three years", dt.date(2026, 7, 4), Precision.DAY),
        ("over the next 12 to 18 months", dt.date(2025, 1, 4), Precision.DAY),
        ("within 12-18 months", dt.date(2025, 1, 4), Precision.DAY),
        ("over a five-year period", dt.date(2028, 7, 4), Precision.DAY),
    ],
)
def test_more_ways_copy_writes_a_time_limit(
    phrase: str, date: dt.date, precision: Precision
) -> None:
    [(found, due)] = _phrases(phrase, D)
    assert (found, due) == (phrase, date)
    [h] = find_horizons(phrase, D)
    assert h.deadline.precision is precision


@pytest.mark.parametrize(
    "text",
    [
        "the year 2022 was hard",  # "the year" without a preposition of time
        "the month of Ramadan",
        "earlier this month",
        "for a period of 16 months",  # a length whose start the text gives elsewhere
        "the first time in five years",
    ],
)
def test_where_those_patterns_stop(text: str) -> None:
    assert _phrases(text, D) == []
