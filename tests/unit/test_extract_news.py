"""Patterns of real announcements and news reports: reported speech, packages and their parts,
several aims in one sentence, shared horizons, datelines, an actor per sentence, money."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pledgetrack.extract import Draft, extract, extract_drafts, find_quantities, split_sentences


def _money(drafts: list[Draft]) -> list[tuple[str, str | None]]:
    return [(str(d.quantity), d.currency) for d in drafts if d.quantity is not None]


@pytest.mark.parametrize(
    ("text", "quantity", "currency"),
    [
        ("The U.S. has pledged $1 billion between now and 2018.", "1000000000", "USD"),
        ("Canada had previously pledged CAD 500 million.", "500000000", "CAD"),
        ("At the meeting, donors committed more than $7.5 billion to the Alliance.",
         "7500000000", "USD"),
        ("Abe said his country will provide an aid package of 3.2 trillion yen for Africa.",
         "3200000000000", "JPY"),
        ("These commitments will help immunize an additional 300 million children by 2020.",
         "300000000", None),
    ],
)  # fmt: skip
def test_reported_and_perfect_pledges_are_pledges(
    text: str, quantity: str, currency: str | None
) -> None:
    (d,) = extract_drafts(text, "2015-01-27")
    assert (str(d.quantity), d.currency) == (quantity, currency)


def test_a_year_before_the_announcement_still_makes_a_report_past() -> None:
    extraction = extract("In 2012 the U.S. pledged $1 billion to the fund.", "2015-01-27")
    assert not extraction.drafts and extraction.skipped[0].reason == "past"


def test_between_now_and_a_year_is_that_years_end() -> None:
    (d,) = extract_drafts("The U.S. has pledged $1 billion between now and 2018.", "2015-01-27")
    assert d.deadline is not None and d.deadline.due == dt.date(2018, 12, 31)
    assert d.horizon == "between now and 2018"


def test_a_converted_amount_in_brackets_is_no_second_pledge() -> None:
    text = "China will provide 1 billion yuan (US$140.9 million) in emergency food aid."
    assert _money(extract_drafts(text, "2024-09-05")) == [("1000000000", "CNY")]
    text = "Japan will provide about 3.2 trillion yen [approximately US$3.2 billion] for Africa."
    assert _money(extract_drafts(text, "2013-06-01")) == [("3200000000000", "JPY")]


def test_hyphenated_amounts_and_identifiers() -> None:
    (q,) = find_quantities("the setting up of a 10-billion-U.S. dollars special fund")
    assert (q.value, q.currency, q.text) == (Decimal(10**10), "USD", "10-billion-U.S. dollars")
    assert find_quantities("the opening session of TICAD 5 in Yokohama") == []


def test_the_parts_a_named_package_includes_are_linked_to_it() -> None:
    text = (
        "China will provide 60 billion U.S. dollars of financing to Africa. The financing "
        "includes 15 billion U.S. dollars of grants and 20 billion U.S. dollars of credit lines."
    )
    umbrella, *parts = extract_drafts(text, "2018-09-03", "China")
    assert umbrella.quantity == Decimal(6 * 10**10) and umbrella.parent is None
    assert [(p.quantity, p.parent) for p in parts] == [
        (Decimal(15 * 10**9), umbrella.id),
        (Decimal(20 * 10**9), umbrella.id),
    ]


def test_money_has_its_currency_as_unit() -> None:
    (d,) = extract_drafts("The United States will contribute USD 4 billion to IDA.", "2024-12-06")
    assert (d.quantity, d.currency, d.unit) == (Decimal(4 * 10**9), "USD", None)
    target = d.target()
    assert target is not None and (target.unit, target.currency) == ("USD", "USD")
    (d,) = extract_drafts("China will provide RMB 5 billion yuan in grants.", "2024-12-06")
    assert (d.quantity, d.currency) == (Decimal(5 * 10**9), "CNY")


def test_thousands_spaced_and_approximate_amounts() -> None:
    (q, r) = find_quantities("to under 370 000 and deaths to under 250 000 by 2025")
    assert (q.value, r.value) == (Decimal(370_000), Decimal(250_000))
    (q,) = find_quantities("Japan extends app. 52.1 million USD (app. 5.21 billion JPY) in total")
    assert (q.value, q.currency, q.qualifier.value) == (Decimal(52_100_000), "USD", "about")
    (q,) = find_quantities("commitments of up to GBP £2.7 billion (USD $4.15 billion)")
    assert (q.value, q.currency) == (Decimal(2_700_000_000), "GBP")


def test_an_abbreviation_does_not_end_a_sentence() -> None:
    text = "With this aid, Japan extends app. 52.1 million USD in total for the disaster."
    assert [s.text for s in split_sentences(text)] == [text]


def test_imperative_items_after_a_colon_are_each_a_pledge() -> None:
    text = (
        "We will strengthen our shared efforts to:\n"
        "Conserve forests and other terrestrial ecosystems and accelerate their restoration;\n"
        "Facilitate trade and development policies that promote sustainable development;\n"
    )
    drafts = extract_drafts(text, "2021-11-02", "Leaders")
    quotes = [d.quote.text for d in drafts]
    assert any(q.startswith("Conserve forests") for q in quotes)
    assert any(q.startswith("Facilitate trade") for q in quotes)


def test_resolving_several_aims_gives_one_draft_each_with_the_shared_horizon() -> None:
    text = (
        'Member states resolve, between now and 2030, "to end poverty and hunger everywhere; '
        "to combat inequalities within and among countries; and to build peaceful, just and "
        'inclusive societies."'
    )
    drafts = extract_drafts(text, "2019-09-25", "UN member states")
    assert [d.quote.text.split()[:2] for d in drafts[1:]] == [["to", "combat"], ["to", "build"]]
    assert drafts[0].deadline is not None and drafts[0].deadline.due == dt.date(2030, 12, 31)


def test_numbered_items_after_the_following_are_parts_of_the_lead() -> None:
    text = (
        "Japan decided to provide the following assistance;\n"
        "    (1) Emergency Grant Aid: 30 million USD (app. 3 billion JPY)\n"
        "    (2)Assistance through NGOs: 1.5 million USD (app. 150 million JPY)\n"
    )
    drafts = extract_drafts(text, "2013-11-15", "Japan")
    assert _money(drafts) == [("30000000", "USD"), ("1500000", "USD")]
    assert all(d.actor == "Japan" for d in drafts)


def test_each_multiplies_and_every_giver_is_an_actor() -> None:
    text = (
        "The nations’ commitments will be as follows: $41 billion from China; $18 billion each "
        "from Brazil, India and Russia; and $5 billion from South Africa."
    )
    drafts = extract_drafts(text, "2014-07-15")
    assert _money(drafts) == [("41000000000", "USD"), ("54000000000", "USD"),
                              ("5000000000", "USD")]  # fmt: skip
    assert [d.actors for d in drafts] == [
        ("China",),
        ("Brazil", "India", "Russia"),
        ("South Africa",),
    ]


def test_would_in_reported_speech_is_a_pledge_not_a_condition() -> None:
    text = "Xi announced China would provide assistance worth 60 billion yuan in three years."
    (d,) = extract_drafts(text, "2017-05-14")
    assert (d.quantity, d.currency, d.actor) == (Decimal(60 * 10**9), "CNY", "China")
    assert "conditional" not in d.flags


def test_a_sentence_broken_by_a_blank_line_is_one_sentence() -> None:
    text = "President Xi pledged on Sunday to\n\nboost financial support for the initiative."
    assert [s.text for s in split_sentences(text)] == [text]


@pytest.mark.parametrize(
    "text",
    [
        "How shall we revolutionise it?",
        "I shall start with the total amount.",
        "The $7.5 billion pledged comes from a range of governments.",
        "Kishida recalled that the pledge of 20 billion yen has almost been honoured.",
        "We support the deal that has been put forward that would lead to a ceasefire.",
    ],
)
def test_questions_speech_about_the_speech_references_and_recollections_are_no_pledges(
    text: str,
) -> None:
    assert extract_drafts(text, "2022-08-27", "Japan") == []


def test_commending_under_an_agreed_list_is_no_pledge() -> None:
    text = (
        "Member States agreed to:\n"
        "  • reduce annual new HIV infections to under 370 000 by 2025.\n"
        "  • commend the progress achieved in several regions of the world.\n"
    )
    drafts = extract_drafts(text, "2021-06-08", "Member States")
    assert [d.quantity for d in drafts] == [Decimal(370_000)]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("We therefore commit to working collectively to halt forest loss by 2030.", "commit to"),
        ("In the initiative, we will aim to foster the human resources companies need.", "aim to"),
        ("Today I would like to announce The ABE Initiative for the youth.", "announce"),
    ],
)
def test_adverbs_and_auxiliaries_between_the_speaker_and_the_cue(text: str, cue: str) -> None:
    (d,) = extract_drafts(text, "2013-06-01", "Japan")
    assert (d.actor, d.cue) == ("Japan", cue)


def test_a_range_of_days_falls_due_on_its_last_and_a_start_date_is_no_deadline() -> None:
    text = (
        "It will be followed by a 5.8 million barrels adjustment for a period of 16 months, "
        "from 1 January 2021 to 30 April 2022."
    )
    (d,) = extract_drafts(text, "2020-04-12", "OPEC+")
    assert d.deadline is not None and d.deadline.due == dt.date(2022, 4, 30)
    text = "Members will cut production by 9.7 million barrels, starting on 1 May 2020."
    (d,) = extract_drafts(text, "2020-04-12", "OPEC+")
    assert d.deadline is None


def test_a_headline_with_a_pledged_amount_is_a_pledge() -> None:
    (d,) = extract_drafts(
        "Commonwealth leaders commit $4.1bn to halve malaria by 2023", "2018-04-18"
    )
    assert (d.quantity, d.currency, d.deadline and d.deadline.due) == (
        Decimal(4_100_000_000), "USD", dt.date(2023, 12, 31))  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "The leaders expect that the conference, to be held in December, will serve as a basis.",
        "We launched the experts group, charged with aligning our plans to support health.",
        "The Silk Road Fund, founded in 2014 with an initial $40 billion, aims to boost trade.",
        "“We will boost financing,” Xi told more than 1,500 people in the audience.",
        "President von der Leyen launched the Global Pledge on Renewables with 118 countries.",
        "The Meeting emphasized the important decision to adjust production at its 9th meeting.",
    ],
)
def test_hopes_plans_as_nouns_founding_sums_audiences_and_names_are_no_pledges(
    text: str,
) -> None:
    assert [d.quantity for d in extract_drafts(text, "2017-05-14", "China")] in ([], [None])
    assert all(d.quantity is None for d in extract_drafts(text, "2017-05-14", "China"))


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("Donors today have secured new commitments of up to GBP £2.7 billion to tackle "
         "undernutrition.", "2700000000"),
        ("Xi announced China would provide assistance worth 60\n\nbillion yuan.", "60000000000"),
        ("For the subsequent period, the total adjustment agreed will be 7.7 million barrels.",
         "7700000"),
    ],
)  # fmt: skip
def test_commitments_of_an_amount_and_amounts_across_a_break(text: str, quantity: str) -> None:
    assert [str(d.quantity) for d in extract_drafts(text, "2013-06-08", "Donors")] == [quantity]


def test_present_steps_and_continuing_support_are_pledges() -> None:
    text = "We are taking additional steps today to support Ukrainians. We continue to support it."
    assert [d.cue for d in extract_drafts(text, "2023-12-06", "G7")] == [
        "We are taking",
        "We continue to",
    ]


def test_a_lead_ending_in_a_colon_leads_its_items_and_is_no_draft_itself() -> None:
    text = (
        "We are taking concrete steps to:\n\n"
        "  • support Ukraine for as long as it takes;\n"
        "  • launch the Action Statement for Food Security with partner countries; and\n"
        "  • deliver our goal of mobilizing $600 billion in financing for infrastructure\n"
        "as outlined in the reference documents of this Communique.\n"
    )
    quotes = [d.quote.text for d in extract_drafts(text, "2023-05-20", "G7")]
    assert [q.split()[0] for q in quotes] == ["support", "launch", "deliver"]


def test_a_dateline_is_no_deadline() -> None:
    text = (
        "Belém, 10 November 2025 — Norway will contribute USD 3 billion to the facility "
        "over the next ten years."
    )
    (d,) = extract_drafts(text, "2025-11-10")
    assert d.deadline is not None and d.deadline.due == dt.date(2035, 11, 10)
    assert d.horizon == "over the next ten years"


def test_the_actor_is_the_subject_of_each_sentence() -> None:
    text = (
        "The United States announced a pledge of USD 4 billion to IDA. The United Kingdom "
        "confirmed it will contribute GBP 1.98 billion."
    )
    drafts = extract_drafts(text, "2024-12-06")
    assert [(d.actor, d.currency) for d in drafts] == [
        ("United States", "USD"),
        ("United Kingdom", "GBP"),
    ]


def test_a_promise_reported_with_its_day_and_another_giver() -> None:
    text = (
        "Leaders promised on Saturday to deliver 300 million textbooks to schools over the "
        "next two years, with another 20 million coming from Japan."
    )
    first, second = extract_drafts(text, "2025-11-08", "Leaders")
    assert (first.quantity, first.unit, first.actor) == (Decimal(300_000_000), "textbooks",
                                                        "Leaders")  # fmt: skip
    assert (second.quantity, second.actor) == (Decimal(20_000_000), "Japan")


def test_a_package_decided_in_the_perfect_and_its_parts() -> None:
    text = (
        "Japan has decided to provide a total of $30 billion over three years. It includes "
        "$3 billion in grants. Also included are an increase of $2 billion each to fund A and "
        "fund B."
    )
    umbrella, grants, increase = extract_drafts(text, "2022-08-27")
    assert umbrella.quantity == Decimal(30 * 10**9) and umbrella.actor == "Japan"
    assert (grants.quantity, grants.parent) == (Decimal(3 * 10**9), umbrella.id)
    assert (increase.quantity, increase.parent) == (Decimal(4 * 10**9), umbrella.id)
    assert increase.deadline == umbrella.deadline


def test_several_aims_each_with_the_horizon_nearest_to_it() -> None:
    text = "We aim to halve plastic waste before 2030 and reach zero waste before 2050."
    first, second = extract_drafts(text, "2025-06-05", "Ruritania")
    assert first.quote.text == "We aim to halve plastic waste before 2030"
    assert second.quote.text == "reach zero waste before 2050"
    assert first.deadline is not None and first.deadline.due == dt.date(2029, 12, 31)
    assert second.deadline is not None and second.deadline.due == dt.date(2049, 12, 31)


def test_a_horizon_opening_the_sentence_is_shared_by_its_clauses() -> None:
    text = (
        "By 2035, Brazil will cut emissions by 67 percent, raise the share of renewables to "
        "50 percent, and bring deforestation to zero."
    )
    drafts = extract_drafts(text, "2024-11-13")
    assert len(drafts) == 3
    assert {d.deadline.due for d in drafts if d.deadline} == {dt.date(2035, 12, 31)}
    assert all(d.deadline is not None and d.actor == "Brazil" for d in drafts)


def test_coordinated_clauses_keep_their_own_amounts() -> None:
    text = "China will train 500 teachers and build 20 schools in Kenya by 2027."
    first, second = extract_drafts(text, "2024-09-05")
    assert (first.quantity, first.unit, first.deadline) == (Decimal(500), "teachers", None)
    assert (second.quantity, second.unit) == (Decimal(20), "schools")
    assert second.deadline is not None and second.deadline.due == dt.date(2027, 12, 31)
    (only,) = extract_drafts("We will protect and restore 30 percent of land by 2030.",
                             "2024-09-05")  # fmt: skip
    assert only.quantity == Decimal(30)


def test_operative_verbs_of_a_decision_lead_their_items() -> None:
    text = (
        "MANDATES the Commission to do the following:\n"
        "provide technical support to Member States in implementing the levy;\n"
        "strengthen the Secretariat of the Financing of the Union.\n"
    )
    drafts = extract_drafts(text, "2019-02-11", "African Union")
    assert [d.quote.text.split()[0] for d in drafts] == ["provide", "strengthen"]


def test_a_typing_slip_for_one_after_a_currency_symbol() -> None:
    text = "The PM also announced that Japan will offer $l.8 billion over the next three years."
    (d,) = extract_drafts(text, "2022-08-27", "Japan")
    assert (d.quantity, d.currency, d.quantity_text) == (Decimal(1_800_000_000), "USD",
                                                         "$l.8 billion")  # fmt: skip


def test_a_recalled_pledge_is_past_but_a_recalled_will_is_a_restatement() -> None:
    text = (
        "Kishida recalled that the financing pledge for Africa, estimated at 20 billion yen, "
        "has almost been honoured over the past three years."
    )
    assert extract_drafts(text, "2022-08-27", "Japan") == []
    text = "In closing, the chair recalled that Japan will donate a million doses of vaccine."
    (d,) = extract_drafts(text, "2024-06-20")
    assert d.quantity == Decimal(1_000_000)
