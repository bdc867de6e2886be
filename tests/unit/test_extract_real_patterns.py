"""General patterns of real news copy, each shown on a verbatim sentence of a text in the tuning
half of the real corpus (``extract/gold/real/tune/``; the file is named beside each sentence).

Every rule these tests pin down is stated in the code as a pattern, not as the words of one
sentence; the sentences only show it at work on real copy.
"""

from __future__ import annotations

from decimal import Decimal

from pledgetrack.extract import Draft, extract_drafts, find_quantities


def _money(drafts: list[Draft]) -> list[tuple[str, str | None]]:
    return [(str(d.quantity), d.currency) for d in drafts if d.quantity is not None]


def test_a_hyphen_joins_a_number_to_its_scale() -> None:
    # tune/modi-far-east-2019-hindustantimes.txt
    (q,) = find_quantities(
        "his government’s plans to make the country a $5-trillion economy by 2024"
    )
    assert (q.value, q.currency) == (Decimal(5 * 10**12), "USD")


def test_a_subject_before_a_perfect_auxiliary_promising_a_sum() -> None:
    # tune/drc-geneva-2018-cgtn.txt: "has meanwhile promised" and a second verb "earmarked"
    text = (
        "The government has meanwhile promised $100 million “to ease humanitarian distress” and "
        "earmarked $10 million to help refugees or those internally displaced to return home."
    )
    drafts = extract_drafts(text, "2018-04-13", "donors")
    assert _money(drafts) == [("100000000", "USD"), ("10000000", "USD")]
    assert {d.actor for d in drafts} == {"government"}


def test_a_year_after_a_comparison_dates_the_baseline_not_the_pledge() -> None:
    # tune/gpe-brussels-2014-globalpartnership.txt
    text = (
        "Donors including the European Union, Sweden, Norway, Denmark and the United Kingdom also "
        "pledged over US$2.1 billion for the GPE Fund, an increase of US$600 million or 40 percent "
        "on the last replenishment pledging conference in Copenhagen in 2011."
    )
    (d,) = extract_drafts(text, "2014-06-26")
    assert (d.quantity, d.currency) == (Decimal(21 * 10**8), "USD")


def test_the_whole_a_fraction_is_compared_with_is_no_pledge() -> None:
    # tune/drc-geneva-2018-cgtn.txt
    text = (
        "In a bid to address the humanitarian crisis in the Democratic Republic Of Congo (DRC), "
        "donors have pledged $528 million (428 million euros), less than a quarter of $2.2 "
        "billion the UN had estimated it required this year to provide needed aid inside DRC and "
        "to Congolese refugees in neighbouring countries.."
    )
    assert _money(extract_drafts(text, "2018-04-13")) == [("528000000", "USD")]


def test_a_coordinated_promissory_verb_in_the_past_takes_its_own_horizon() -> None:
    # tune/leaders-climate-summit-2021-usembassy.txt
    text = (
        "President Jair Bolsonaro promised Brazil would end illegal deforestation by 2030 and "
        "pledged carbon neutrality by 2050."
    )
    first, second = extract_drafts(text, "2021-04-22")
    assert first.quote.text.endswith("deforestation by 2030")
    assert second.quote.text == "pledged carbon neutrality by 2050"
    assert first.deadline is not None and first.deadline.due.year == 2030
    assert second.deadline is not None and second.deadline.due.year == 2050
