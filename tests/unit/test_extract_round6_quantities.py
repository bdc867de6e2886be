"""Quantities of the sixth round: how copy writes sums and counts, each rule shown on a verbatim
sentence of a text of the tuning half (``extract/gold/real/tune/``; the file is named beside each
sentence), and the grammar around it on short phrases, as in ``test_extract_quantities.py``.

Each rule is stated in ``pledgetrack.extract.quantities`` as a convention of number writing (a
currency sign, a scale, a unit, a share restating a sum, a currency the copy leaves out), not as
the sentence that showed it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pledgetrack.extract import extract_drafts, find_quantities
from pledgetrack.extract.quantities import carried_currency


def _money(text: str) -> list[tuple[str, str | None]]:
    return [(str(q.value), q.currency) for q in find_quantities(text)]


# --- currency signs of letters ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # tune/bangladesh-homes-mujib-borsho-2021-observerbd.txt
        (
            "Tk 1,000cr to build 50,000 more homes for the homeless, says Hasina",
            [("10000000000", "BDT"), ("50000", None)],
        ),
        (
            "Prime Minister Sheikh Hasina on Thursday said she has released Tk 1,000 crore to "
            "construct 50,000 more houses for the homeless and landless people.",
            [("10000000000", "BDT"), ("50000", None)],
        ),
        # tune/kenya-budget-policy-2023-allafrica.txt
        (
            "The government plans to spend 2.5 trillion shillings on recurrent expenses and Ksh "
            "769.3 billion on development.",
            [("2500000000000", "KES"), ("769300000000", "KES")],
        ),
        (
            "The Auditor General has received a share of 7.6Billion, Equalization Fund Sh "
            "7.8Billion, Conditional Grant Sh 44Billion and the Medical Equipment Scheme Sh "
            "4.5Billion.",
            [
                ("7600000000", None),
                ("7800000000", "KES"),
                ("44000000000", "KES"),
                ("4500000000", "KES"),
            ],
        ),
    ],
)
def test_a_currency_sign_of_letters_before_the_sum(
    text: str, found: list[tuple[str, str | None]]
) -> None:
    assert _money(text) == found


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("GH¢3.8 billion", "3800000000", "GHS"),
        ("Ksh2.5 billion", "2500000000", "KES"),  # glued, with decimals: not "5 billion"
        ("Sh2.25 trillion", "2250000000000", "KES"),
        ("Tk500 crore", "5000000000", "BDT"),
        ("RM1.2 billion", "1200000000", "MYR"),
        ("Rp 10 trillion", "10000000000000", "IDR"),
        ("USh 5 billion", "5000000000", "UGX"),
        ("TSh 300 billion", "300000000000", "TZS"),
        ("Dh5 billion", "5000000000", "AED"),
        ("SR 3 billion", "3000000000", "SAR"),
        ("₱5 billion", "5000000000", "PHP"),
    ],
)
def test_letter_and_local_signs_name_their_currency(text: str, value: str, currency: str) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.currency, q.text) == (Decimal(value), currency, text)


def test_letter_signs_are_words_of_their_own_in_their_case() -> None:
    # no currency inside a word or in another case
    assert all(q.currency is None for q in find_quantities("the BASH 5 release, ush 5, Mrs 5"))
    assert [q.currency for q in find_quantities("sh 5 billion")] == [None]


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("5 billion Egyptian pounds", "EGP"),
        ("5 billion pounds", "GBP"),
        ("30 billion Ugandan shillings", "UGX"),
        ("2.5 trillion shillings", "KES"),  # tune/kenya-budget-policy-2023-allafrica.txt
        ("100 billion Pakistani rupees", "PKR"),
        ("100 billion rupees", "INR"),
        ("2 billion Qatari riyals", "QAR"),
        ("10 billion taka", "BDT"),
        ("2 billion cedis", "GHS"),
        ("3 billion ringgit", "MYR"),
    ],
)
def test_a_countrys_adjective_names_its_own_currency(text: str, currency: str) -> None:
    (q,) = find_quantities(text)
    assert (q.currency, q.text) == (currency, text)


def test_local_dollar_signs() -> None:
    # tune/us-pacific-summit-2022-fijitimes.txt: the Fiji dollars in brackets convert the sum
    text = (
        "The United States will provide more than $US810 million ($F1.86b) to aid Pacific island "
        "countries."
    )
    assert _money(text) == [("810000000", "USD")]
    (q,) = find_quantities("($F1.86b)")
    assert (q.value, q.currency) == (Decimal("1860000000"), "FJD")
    assert _money("N$5 billion") == [("5000000000", "NAD")]
    assert _money("TT$2 billion") == [("2000000000", "TTD")]
    assert _money("$5 billion") == [("5000000000", "USD")]
    # a sign ending in a letter may be glued to its digits: "$F1.86 billion" is no "86 billion"
    assert _money("$F1.86 billion") == [("1860000000", "FJD")]
    assert _money("Rs5 crore") == [("50000000", "INR")]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("a 10 billion-dollar fund", "10000000000", "USD"),
        ("a 5 billion-euro plan", "5000000000", "EUR"),
        ("USD5bn", "5000000000", "USD"),
        ("EUR1.5bn", "1500000000", "EUR"),
    ],
)
def test_a_currency_joined_to_the_sum(text: str, value: str, currency: str) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.currency) == (Decimal(value), currency)


def test_a_code_glued_to_digits_needs_a_scale_and_no_hyphen() -> None:
    assert find_quantities("COP28") == []
    assert find_quantities("the COP28 million-strong rally") == []


# --- scales and units --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$2.5 bn", "2500000000", "USD"),
        ("$2.5 bln", "2500000000", "USD"),
        ("€1.5 bln", "1500000000", "EUR"),
        ("USD 3.5 mln", "3500000", "USD"),
        ("3 trln roubles", "3000000000000", "RUB"),
    ],
)
def test_a_short_scale_of_two_letters_may_follow_a_space(
    text: str, value: str, currency: str
) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.currency) == (Decimal(value), currency)


def test_one_letter_or_tonnes_after_a_space_is_no_scale() -> None:
    assert [str(q.value) for q in find_quantities("5 tn of rice")] == ["5"]
    assert [str(q.value) for q in find_quantities("a wall 5 m high")] == ["5"]


def test_a_unit_of_measure_glued_to_its_digits() -> None:
    # tune/reliance-green-energy-2021-news18.txt
    text = "Reliance will establish and enable at least 100GW of solar energy by 2030."
    (q,) = find_quantities(text)
    assert (q.value, q.unit, q.text, q.qualifier.value) == (
        Decimal(100),
        "GW",
        "at least 100GW",
        "at_least",
    )
    # a year with a unit glued is a count: "a 2000MW plant"
    assert [(str(q.value), q.unit) for q in find_quantities("a 2000MW plant")] == [("2000", "MW")]
    (draft,) = extract_drafts(text, "2021-06-24", "Reliance")
    assert draft.quantity == Decimal(100)


def test_a_short_scale_counts_without_money_before_a_plural_noun() -> None:
    # tune/south-africa-jetp-2021-ft.txt
    text = (
        "South Africa is seeking to cut its annual greenhouse-gas emissions by almost a third over "
        "the next decade, from 500m tonnes of CO2 equivalent, to 350m tonnes by 2030."
    )
    assert [(str(q.value), q.unit) for q in find_quantities(text)] == [
        ("500000000", "tonnes"),
        ("350000000", "tonnes"),
    ]
    # may be metres: no counted noun after it
    assert find_quantities("the 100m final and a 5m wall") == []


# --- a share that restates a sum -----------------------------------------------------------------


def test_a_share_right_after_a_sum_restates_it() -> None:
    # tune/ghana-budget-2020-projects-pulse.txt
    text = (
        "the government projects to spend GH¢9.3 billion, equivalent to 2.3 percent of GDP on "
        "selected infrastructure projects across the country next year."
    )
    assert _money(text) == [("9300000000", "GHS")]
    assert _money("$2 billion (0.1% of GNI)") == [("2000000000", "USD")]
    # a part of the sum is no restatement of it, nor is a share of something else
    assert _money("$5 billion, 20% of which") == [("5000000000", "USD"), ("20", None)]
    assert _money("will give $5 billion and cut emissions 20% by 2030") == [
        ("5000000000", "USD"),
        ("20", None),
    ]


# --- a currency the copy leaves out ------------------------------------------------------------

SUDAN = (
    "244 million euros from Germany\n\n"
    "Germany alone promised aid worth 244 million euros for Sudan and its neighbors. Another 350 "
    "million are to come from the EU, 138 million from the USA and 110 million from France."
)  # tune/sudan-paris-conference-2024-allnewspress.txt


def test_a_bare_sum_is_in_the_currency_of_the_sum_before_it() -> None:
    at = SUDAN.index("138 million")
    assert carried_currency(SUDAN, at, "138 million") == "EUR"
    money = {
        (str(d.quantity), d.currency)
        for d in extract_drafts(SUDAN, "2024-04-15", "donors")
        if d.quantity is not None
    }
    assert money == {
        ("110000000", "EUR"),
        ("138000000", "EUR"),
        ("244000000", "EUR"),
        ("350000000", "EUR"),
    }


def test_a_bare_sum_keeps_no_currency_without_a_sum_before_it_or_with_a_counted_noun() -> None:
    alone = "Another 350 million are to come from the EU."
    assert carried_currency(alone, 8, "350 million") is None
    text = "Germany gives 244 million euros. It will train 5,000 nurses."
    assert carried_currency(text, text.index("5,000"), "5,000") is None
    # only the paragraph of the sum and the one before it count
    far = "It gives 244 million euros.\n\nA paragraph.\n\nAnother 350 million will come."
    assert carried_currency(far, far.index("350"), "350 million") is None


def test_a_bare_sum_before_its_conversion_takes_the_currency_the_text_uses() -> None:
    # tune/japan-mofa-philippines-typhoon-2013.txt
    text = (
        "    3. With this aid, Japan extends app. 52.1 million USD (app. 5.21 billion JPY)in total "
        "for the Philippine typhoon disaster.\n\n"
        "    In addition to the dispatch of Japan Disaster Relief Team (Medical team and Japan "
        "Self-Defense Force Unit), Japan decided to provide the following assistance (52.1 "
        "million (5.21 billion JPY) in total);"
    )
    at = text.rindex("52.1")
    assert carried_currency(text, at, "52.1 million") == "USD"


# --- a dateline is where the copy was filed, not whose dollar ----------------------------------


def test_a_dateline_city_does_not_make_another_countrys_dollar() -> None:
    # tune/japan-defense-2pct-2022-defensenews.txt
    text = (
        "MELBOURNE, Australia — Japan’s prime minister has asked his Cabinet to secure enough "
        "funds to raise defense spending to 2% of gross domestic product in five years.\n\n"
        "The proposed increase would total about $287 billion over the next five years."
    )
    money = [(str(d.quantity), d.currency) for d in extract_drafts(text, "2022-11-28", "Japan")]
    assert ("287000000000", "USD") in money
    # the city still names the dollar when no country is the actor
    money = [(str(d.quantity), d.currency) for d in extract_drafts(text, "2022-11-28")]
    assert ("287000000000", "AUD") in money
