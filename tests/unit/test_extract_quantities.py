"""Numbers, scales, currencies, qualifiers and units found in running text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pledgetrack.extract.quantities import find_quantities, parse_number
from pledgetrack.model.values import Qualifier


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,000", "1000"),
        ("three", "3"),
        ("a million", "1000000"),
        ("half a million", "500000"),
        ("one hundred and fifty thousand", "150000"),
        ("two and a half million", "2500000"),
        ("10 billion", "10000000000"),
        ("1.5bn", "1500000000"),
        ("600m", "600000000"),
        ("3 crore", "30000000"),
        ("2.5", "2.5"),
    ],
)
def test_parse_number_is_exact(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)
    assert str(parse_number(text)) == value


def test_parse_number_refuses_words_that_are_no_number() -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number("three two banana")


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("will provide USD 600 million to", "600000000", "USD"),
        ("up to $1.5bn in aid", "1500000000", "USD"),
        ("the RMB 10 million grant", "10000000", "CNY"),
        ("contributions of 10 million RMB to", "10000000", "CNY"),
        ("€300m for schools", "300000000", "EUR"),
        ("5 billion euros", "5000000000", "EUR"),
        ("£1.65 billion", "1650000000", "GBP"),
        ("JPY 520 billion", "520000000000", "JPY"),
        ("1.5 trillion yen", "1500000000000", "JPY"),
        ("Rs 150 crore", "1500000000", "INR"),
        ("DKK 150 million", "150000000", "DKK"),
    ],
)
def test_money_has_iso_currency(text: str, value: str, currency: str) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.currency) == (Decimal(value), currency)
    assert q.is_money


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("at least 1,000 places", Qualifier.AT_LEAST),
        ("up to 300 nurses", Qualifier.UP_TO),
        ("about 45 percent", Qualifier.ABOUT),
        ("some 200 experts", Qualifier.ABOUT),
        ("more than 60 schools", Qualifier.MORE_THAN),
        ("over 500 schools", Qualifier.MORE_THAN),
        ("1,000 scholarships", Qualifier.EXACTLY),
    ],
)
def test_qualifier(text: str, qualifier: Qualifier) -> None:
    (q,) = find_quantities(text)
    assert q.qualifier is qualifier
    assert text.startswith(q.text)


def test_unit_is_the_counted_noun_phrase() -> None:
    text = 'offer 3,000 "Chinese Bridge" summer camp opportunities to students'
    (q,) = find_quantities(text)
    assert q.unit == '"Chinese Bridge" summer camp opportunities'
    assert text[q.start : q.end] == q.text == "3,000"


def test_percent() -> None:
    (q,) = find_quantities("cut emissions by 42% by 2030")
    assert (q.value, q.percent, q.unit) == (Decimal(42), True, "percent")


@pytest.mark.parametrize(
    "text",
    [
        "in 2025",
        "the 24th meeting",
        "on 20 July 2015",
        "on July 4",
        "Resolution 2231",
        "the Interaction-2024 exercise",
        "for 2024-2029",
        "published 05.07.2024",
        "from 14 to 16 June 2026",
        "one of the partners",
    ],
)
def test_dates_ordinals_and_ids_are_no_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_offsets_point_into_the_text() -> None:
    text = "We will give USD 600 million, including $250m for Africa and 1,000 doses."
    found = find_quantities(text)
    assert [text[q.start : q.end] for q in found] == [q.text for q in found]
    assert [str(q.value) for q in found] == ["600000000", "250000000", "1000"]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("3 billion Norwegian kroner", "3000000000", "NOK"),
        ("a US $ 50 million grant", "50000000", "USD"),
        ("U.S. $1.2 billion", "1200000000", "USD"),
        ("2 trillion won", "2000000000000", "KRW"),
        ("RMB 5 billion yuan", "5000000000", "CNY"),
    ],
)
def test_more_currency_names_and_spellings(text: str, value: str, currency: str) -> None:
    (q,) = find_quantities(text)
    assert (str(q.value), q.currency) == (value, currency)


def test_compound_indian_scales_multiply() -> None:
    # DD India, 2024-12 (https://ddindia.co.in/2024/12/centre-allocates-rs-1-03-lakh-crore-to-
    # rural-schemes-for-the-poor-in-current-fiscal-shivraj-chouhan), verbatim
    text = (
        "Union Rural Development Minister Shivraj Singh Chouhan announced on Wednesday that the "
        "Ministry has spent Rs 1.03 lakh crore on rural development and social welfare schemes "
        "so far in the current financial year, out of the total budget allocation of Rs 1.84 "
        "lakh crore."
    )
    found = [(q.text, q.value, q.currency) for q in find_quantities(text)]
    assert found == [
        ("Rs 1.03 lakh crore", Decimal("1030000000000"), "INR"),
        ("Rs 1.84 lakh crore", Decimal("1840000000000"), "INR"),
    ]
