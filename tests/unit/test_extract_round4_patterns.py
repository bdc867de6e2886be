"""General patterns of the fourth round, each shown on a verbatim sentence of a text of the tuning
half (``extract/gold/real/tune/``; the file is named beside each sentence).

Each rule is stated in the code as a pattern as broad as its kind of false draft or miss (see the
round-four kinds table in ``docs/extract.md``); the sentences only show it at work on real copy.
"""

from __future__ import annotations

from decimal import Decimal

from pledgetrack.extract import Draft, extract, extract_drafts, find_quantities
from pledgetrack.extract.sentences import split_sentences


def _money(drafts: list[Draft]) -> list[tuple[str, str | None]]:
    return [(str(d.quantity), d.currency) for d in drafts if d.quantity is not None]


def _reasons(text: str, announced: str, actor: str) -> set[str]:
    return {s.reason for s in extract(text, announced, actor, fallback=False).skipped}


# --- precision: what is not a pledge -------------------------------------------------------------


def test_an_announcement_of_vague_measures_is_a_summary_not_a_pledge() -> None:
    # tune/india-budget-2020-health-opindia.txt
    text = (
        "Finance Minister Nirmala Sitharaman also announced several measures to boost the social "
        "sectors of Health, Educational and Skill sectors in the country."
    )
    assert extract_drafts(text, "2020-02-01", "India") == []
    # tune/canada-covid-vulnerable-2020-680news.txt (its headline)
    text = "Trudeau announces more financial help for country's most vulnerable"
    assert extract_drafts(text, "2020-04-04", "Canada") == []


def test_speech_about_the_speech_is_no_pledge() -> None:
    # tune/india-stimulus-mgnregs-2020-deccanchronicle.txt
    text = (
        "The amendment will de-clog the criminal courts and National Company Law Tribunal "
        '(NCLT)," Sitharaman said while announcing the last tranche of the economic package '
        "announced by the government."
    )
    drafts = extract_drafts(text, "2020-05-17", "India")
    assert all("announc" not in d.cue for d in drafts)


def test_an_announcement_to_come_of_plans_or_of_pledges_is_no_pledge() -> None:
    # tune/us-vaccine-g7-2021-republicworld.txt
    text = (
        "President Joe Biden will outline the plans about donation of 500 million doses of "
        "vaccine around the globe at the G7 summit."
    )
    assert extract_drafts(text, "2021-06-10", "United States") == []
    # tune/gcf-bonn-2023-lostisland.txt
    text = (
        "Germany, France, Japan, and the UK emerged as the biggest funders, with five countries "
        "expressing their intention to announce pledges in the near future."
    )
    assert extract_drafts(text, "2023-10-05", "donors") == []


def test_a_share_or_a_count_of_the_givers_is_not_what_they_give() -> None:
    # tune/gcf-bonn-2023-lostisland.txt
    text = (
        "Twenty-five countries pledged a total of $9.322 billion to the GCF at the conference, "
        "with 75% of countries increasing their pledges."
    )
    drafts = extract_drafts(text, "2023-10-05", "donors")
    assert _money(drafts) == [("9322000000", "USD")]
    assert all(d.quantity != Decimal(75) for d in drafts)
    # tune/gpe-brussels-2014-globalpartnership.txt
    text = (
        "Pledges were also received from multilateral organizations, NGO partners, the private "
        "sector, and – for the first time – two foundations contributed to the GPE Fund."
    )
    assert extract_drafts(text, "2014-06-26", "donors") == []
    assert "pledgers" in _reasons(text, "2014-06-26", "donors")


def test_a_count_out_of_a_whole_is_a_reference() -> None:
    # tune/india-budget-2020-health-opindia.txt
    text = (
        "Districts out of 112 aspirational districts that do not have any empanelled hospitals "
        "will be a priority, she added."
    )
    assert all(d.quantity is None for d in extract_drafts(text, "2020-02-01", "India"))
    assert "reference" in _reasons(text, "2020-02-01", "India")


def test_an_estimate_is_a_statistic() -> None:
    # tune/india-budget-2022-edexlive.txt
    text = (
        "FM Sitharaman began her budget speech this year by expressing empathy to those who "
        "suffered during the pandemic but assured that India is on a revival path and the "
        "country's growth is estimated to be at 9.2 per cent, the highest among all large "
        "economies claimed the Finance Minister."
    )
    assert extract_drafts(text, "2022-02-01", "India") == []
    assert "statistic" in _reasons(text, "2022-02-01", "India")


def test_lives_saved_are_a_forecast_of_what_pledges_achieve() -> None:
    # tune/gavi-berlin-2015-unf.txt
    text = (
        "These commitments will help Gavi immunize an additional 300 million children in the "
        "coming years and save an estimated 6 million lives, working closely with key United "
        "Nations partners such as the World Health Organization (WHO) and the UN Children’s "
        "Fund (UNICEF)."
    )
    drafts = extract_drafts(text, "2015-01-27", "donors")
    assert [d.quantity for d in drafts] == [Decimal(300000000)]


def test_slogans_and_warnings_with_will_promise_no_deed() -> None:
    # tune/india-budget-2020-health-opindia.txt
    text = (
        "Focussing on ending the menace of Tuberculosis in the country, Finance Minister said, "
        "“TB will lose, India will win. Will eliminate TB by 2025."
    )
    drafts = extract_drafts(text, "2020-02-01", "India")
    quotes = [d.quotes[0].text for d in drafts]
    assert not any("TB will lose" in q or q == "India will win." for q in quotes)
    # tune/eu-humanitarian-forum-2024-brusselstimes.txt
    text = (
        'She added that "ultimately, we will all pay the price" when international law is '
        "violated in conflicts across the world, making explicit reference to the Democratic "
        "Republic of Congo."
    )
    assert extract_drafts(text, "2024-05-21", "EU Member States") == []


def test_a_plan_in_an_indirect_question_is_described_not_promised() -> None:
    # tune/us-business-climate-pledge-2015-businessgreen.txt
    text = (
        "Alongside the investment pledges, the companies have provided an update on how they "
        "plan to cut their carbon footprints and curb their wider environmental impacts."
    )
    assert extract_drafts(text, "2015-07-27", "13 US companies") == []


def test_what_others_recommend_is_no_pledge() -> None:
    # tune/uk-ndc-2020-news24.txt
    text = (
        "The announcement came after the independent Committee on Climate Change recommended a "
        "68 per cent target, urging the PM to make a commitment that was “as bold as possible, to "
        "inspire other world leaders to follow suit”"
    )
    assert extract_drafts(text, "2020-12-04", "United Kingdom") == []
    assert "exhortation" in _reasons(text, "2020-12-04", "United Kingdom")


def test_a_count_of_the_places_or_parts_a_pledge_goes_to_is_a_reference() -> None:
    # tune/regional-jobs-package-2017-greatershepparton.txt
    text = (
        "Funding will be available across three streams: Local Infrastructure Projects, Business "
        "Innovation Grants, and Skills and Training."
    )
    assert all(d.quantity is None for d in extract_drafts(text, "2017-03-29", "Australia"))
    assert "reference" in _reasons(text, "2017-03-29", "Australia")


def test_what_a_meeting_adopted_is_named_not_pledged() -> None:
    # tune/focac-2018-xi-xinhua.txt
    text = (
        "China decided to provide the funding support at the FOCAC Johannesburg summit to ensure "
        "the successful implementation of ten China-Africa cooperation plans adopted at the "
        "summit."
    )
    assert all(d.quantity is None for d in extract_drafts(text, "2018-09-03", "China"))


# --- recall: lists ---------------------------------------------------------------------------


def test_lines_of_sums_after_an_as_follows_lead_are_its_items() -> None:
    # tune/india-budget-2021-gulte.txt
    text = (
        "The government also announced some highway projects for multiple states which is as "
        "follows.\n\nRs 65,000 crore for highway projects in Kerala.\n"
        "Rs 25,000 crore for highway projects in Bengal.\n"
        "Rs 35,000 crore for Assam highway projects.\nRs 14,788 crore for Bengaluru Metro.\n"
    )
    drafts = extract_drafts(text, "2021-02-01", "India")
    assert _money(drafts) == [
        ("650000000000", "INR"),
        ("250000000000", "INR"),
        ("350000000000", "INR"),
        ("147880000000", "INR"),
    ]


def test_giver_colon_sum_lines_after_a_lead_of_commitments_are_each_givers_pledge() -> None:
    # tune/global-fund-seventh-2022-donortracker.txt
    text = (
        "Key donors made the following commitments: \n\nAustralia: A$266 million (US$178 "
        "million)\n\nJapan: US$1.1 billion\n\nSouth Korea: US$100 million \n\n"
        "Norway: NOK2 billion (US$193 million)\n\nUnited States: US$6 billion\n\n"
        "Notably absent donors included the United Kingdom and Italy."
    )
    drafts = extract_drafts(text, "2022-09-21", "donors")
    assert [(d.actor, str(d.quantity), d.currency) for d in drafts] == [
        ("Australia", "266000000", "AUD"),
        ("Japan", "1100000000", "USD"),
        ("South Korea", "100000000", "USD"),
        ("Norway", "2000000000", "NOK"),
        ("United States", "6000000000", "USD"),
    ]


# --- recall: cues ----------------------------------------------------------------------------


def test_a_body_tasked_or_directed_by_a_decision_pledges_the_task() -> None:
    # tune/asean-2025-declaration-2015-xinhua.txt
    text = (
        "The secretary-general of ASEAN is directed to monitor and report the progress of "
        "implementation to the ASEAN summit annually,  it added.(Xinhua)"
    )
    drafts = extract_drafts(text, "2015-11-22", "ASEAN leaders")
    assert len(drafts) == 1 and "directed to" in drafts[0].cue


def test_a_speakers_will_with_the_subject_left_out_is_a_pledge() -> None:
    # tune/india-budget-2020-health-opindia.txt
    drafts = extract_drafts("Will eliminate TB by 2025.", "2020-02-01", "India")
    assert len(drafts) == 1 and drafts[0].actor == "India"
    assert drafts[0].deadline is not None and drafts[0].deadline.date.year == 2025
    assert extract_drafts("Will eliminate TB by 2025?", "2020-02-01", "India") == []


def test_a_pledge_made_earlier_in_the_same_year_stands_and_its_year_is_no_deadline() -> None:
    # tune/global-fund-seventh-2022-vaccinenation.txt
    text = "Earlier in 2022 the US committed to contribute $6 billion over 3 years."
    (draft,) = extract_drafts(text, "2022-09-21", "donors")
    assert (str(draft.quantity), draft.currency) == ("6000000000", "USD")
    assert draft.deadline is not None and str(draft.deadline.date) == "2025-09-21"
    # a year before the announcement still makes it past
    assert extract_drafts(text, "2023-09-21", "donors") == []


def test_a_sum_allotted_is_an_allocation_in_indian_digit_grouping() -> None:
    # tune/india-budget-2022-edexlive.txt
    text = "Rs 1,04,278 crores has been allotted for education."
    assert _money(extract_drafts(text, "2022-02-01", "India")) == [("1042780000000", "INR")]


def test_a_total_raised_sums_what_many_gave() -> None:
    # tune/global-fund-seventh-2022-vaccinenation.txt
    text = "This raised a total of more than $14.25 billion for work over the coming 3 years."
    (draft,) = extract_drafts(text, "2022-09-21", "donors")
    assert (str(draft.quantity), draft.currency) == ("14250000000", "USD")
    assert draft.deadline is not None and str(draft.deadline.date) == "2025-09-21"
    # "raised" with no total and no pledging event promises nothing
    assert extract_drafts("The company raised $5 million from investors.", "2022-09-21") == []


# --- quantities ------------------------------------------------------------------------------


def _read(text: str) -> list[tuple[str, str | None]]:
    return [(str(q.value), q.currency) for q in find_quantities(text)]


def test_currency_codes_and_names_around_the_digits() -> None:
    # tune/global-fund-seventh-2022-vaccinenation.txt: a code glued to the dollar sign
    assert _read("Canada pledged CAD$1.21 billion") == [("1210000000", "CAD")]
    # tune/global-fund-seventh-2022-donortracker.txt: a code glued to the digits
    assert _read("Sweden: SEK3 billion (US$275 million)") == [("3000000000", "SEK")]
    # tune/eu-humanitarian-forum-2025-kuna.txt: a currency name before the number
    assert _read("an initial humanitarian pledge of over euro 2.3 billion for 2025") == [
        ("2300000000", "EUR")
    ]
    # a code glued to a decimal is read whole, with its qualifier
    (q,) = find_quantities("over USD1.2 billion")
    assert (str(q.value), q.currency, q.text) == ("1200000000", "USD", "over USD1.2 billion")


def test_crores_in_the_plural_and_rs_with_a_full_stop() -> None:
    # tune/india-budget-2021-gulte.txt
    text = (
        "Sitharaman also said that the government will spend an additional expenditure of Rs. "
        "35000 crores for the manufacture of COVID-19 vaccine."
    )
    assert _read(text) == [("350000000000", "INR")]
    text = (
        "Sitharaman allocated Rs. 64,180 crore for the healthcare system, which will be spent "
        "for the next six years."
    )
    assert len(split_sentences(text)) == 1
    assert _money(extract_drafts(text, "2021-02-01", "India")) == [("641800000000", "INR")]


def test_multi_before_a_scale_counts_nothing() -> None:
    # tune/us-business-climate-pledge-2015-businessgreen.txt
    assert find_quantities("Multi-billion dollar US corporate climate pledges: At a glance") == []
