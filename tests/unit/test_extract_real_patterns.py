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


def test_each_of_a_counted_subject_multiplies_the_amount() -> None:
    # tune/au-import-levy-2016-slpress.txt
    text = (
        "Also for peace missions, each of the five regional groupings (in Africa) will be "
        "required to pay 65 million US dollars annually towards peace operations, peace "
        "missions, preventive diplomacy and so on so that we have ownership in the decisions "
        "that we take."
    )
    (d,) = extract_drafts(text, "2016-07-17", "African Union")
    assert (d.quantity, d.currency) == (Decimal(325 * 10**6), "USD")


def test_what_one_will_do_may_be_to_urge_others() -> None:
    # tune/us-climate-summit-2021-cieh.txt
    text = (
        "Johnson, who is also speaking at the US Climate Summit, will urge countries to deliver "
        "net zero by the middle of the century – matching the UK – to tackle climate change."
    )
    assert extract_drafts(text, "2021-04-22", "United States") == []


def test_a_thing_that_would_do_something_is_a_forecast() -> None:
    # tune/uk-ndc-2020-news24.txt: the subject of "would" is a target, not an agent
    text = (
        "Mr Johnson, who last month set out a 10-point plan for green growth, said the new "
        "target would put the UK on the fastest carbon-reduction track of any major economy as "
        "the UK progresses towards net-zero emissions by 2050."
    )
    assert extract_drafts(text, "2020-12-04", "United Kingdom") == []


def test_a_talk_to_come_and_a_word_to_the_reader_are_no_pledges() -> None:
    # tune/canada-covid-vulnerable-2020-680news.txt and tune/us-climate-summit-2021-irishtimes.txt
    talk = (
        "Trudeau says he will speak to U.S. President Donald Trump in the coming days after the "
        "White House ordered Minnesota-based 3M to stop exporting its surgical-grade face masks."
    )
    reader = (
        "If you are using Internet Explorer 9, 10 or 11 our Audio player will not work properly."
    )
    assert extract_drafts(talk, "2020-04-04", "Canada") == []
    assert extract_drafts(reader, "2021-04-22", "United States") == []


def test_a_bare_dollar_is_the_local_dollar_of_a_dateline_or_an_actor() -> None:
    # tune/canada-covid-vulnerable-2020-680news.txt
    text = (
        "OTTAWA — The Canadian government is giving more financial support aimed at helping the "
        "most vulnerable survive the COVID-19 pandemic.\n"
        "The government also says $157.5 million will address the needs of Canadians "
        "experiencing homelessness."
    )
    assert _money(extract_drafts(text, "2020-04-04")) == [("157500000", "CAD")]
    assert _money(extract_drafts(text.split("\n")[1], "2020-04-04", "Canada")) == [
        ("157500000", "CAD")
    ]
    us = "The government also says US$157.5 million will address the needs of the homeless."
    assert _money(extract_drafts(us, "2020-04-04", "Canada")) == [("157500000", "USD")]


def test_a_sum_as_subject_and_a_share_named_with_with() -> None:
    # tune/canada-covid-vulnerable-2020-680news.txt
    text = (
        "Prime Minister Justin Trudeau announced $40 million will go to Women and Gender Equality "
        "Canada, with up to $30 million to address the immediate needs of shelters and sexual "
        "assault centres."
    )
    whole, share = extract_drafts(text, "2020-04-04", "Canada")
    assert (whole.quantity, share.quantity) == (Decimal(40 * 10**6), Decimal(30 * 10**6))
    assert share.parent == whole.id and whole.parent is None


def test_commitments_by_counted_pledgers_and_an_increase_they_represent() -> None:
    # tune/gpe-brussels-2014-globalpartnership.txt
    text = (
        "This unprecedented outcome, which seals billions of additional dollars from both donor "
        "and recipient countries, was driven by extraordinary commitments by 27 developing "
        "countries to increase their own education budgets by US$26 billion, which represents an "
        "increase of 25 percent between 2015-2018."
    )
    assert _money(extract_drafts(text, "2014-06-26")) == [("26000000000", "USD")]


def test_committing_someone_to_a_reduction() -> None:
    # tune/us-climate-summit-2021-irishtimes.txt
    text = (
        "US president Joe Biden has committed the US to a 50-52 per cent reduction in its carbon "
        "emissions by 2030; doubling its ambition set out in the Paris Agreement in an attempt to "
        "get the world’s highest carbon emitting countries to at least match that target."
    )
    drafts = extract_drafts(text, "2021-04-22", "United States")
    assert drafts and drafts[0].quote.text.startswith("US president Joe Biden has committed")
    assert drafts[0].deadline is not None and drafts[0].deadline.due.year == 2030


def test_what_a_pledging_event_yielded_is_pledged() -> None:
    # tune/ukraine-refugees-warsaw-2022-mtzyw.txt
    text = (
        "The fundraising event in Warsaw, Poland, yielded 1.8 billion euros to support internally "
        "displaced people inside Ukraine, and 7.3 billion euros for refugees who have fled the "
        "country to neighbouring states."
    )
    assert _money(extract_drafts(text, "2022-04-09", "donors")) == [
        ("1800000000", "EUR"),
        ("7300000000", "EUR"),
    ]


def test_a_reported_sum_that_there_would_be() -> None:
    # tune/ukraine-refugees-warsaw-2022-dailysabah.txt
    text = "In addition, there would be 70 million euros in medical support."
    assert _money(extract_drafts(text, "2022-04-09", "Germany")) == [("70000000", "EUR")]


def test_headlines_that_pledge_a_sum() -> None:
    # tune/china-arab-forum-2018-jordannewsgazette.txt and tune/china-central-asia-2023-yerzemin.txt
    spaced = "Beijing pledges $ 100 million in assistance to Jordan, Syria, Yemen, Palestine"
    coded = "China will provide 3.7 billion USD in aid to Central Asian countries"
    assert _money(extract_drafts(spaced, "2018-07-10", "China")) == [("100000000", "USD")]
    assert _money(extract_drafts(coded, "2023-05-19", "China")) == [("3700000000", "USD")]


def test_a_copula_between_the_subject_and_a_participle_cue() -> None:
    # tune/quad-summit-2021-vaccines-bs.txt
    text = (
        "Further, the leaders said that they are committed to better preparations for the next "
        "pandemic."
    )
    (d,) = extract_drafts(text, "2021-09-24", "Quad countries")
    assert d.quote.text.startswith("they are committed to") or "committed to" in d.quote.text


def test_we_are_doing_carries_its_verb_in_the_cue() -> None:
    # tune/sdg-political-declaration-2019-unga.txt
    text = (
        "Today,\nwe are launching an ambitious and accelerated response to reach our common\n"
        "vision by 2030"
    )
    (d,) = extract_drafts(text, "2019-10-15", "UN member states")
    assert d.deadline is not None and d.deadline.due.year == 2030


def test_a_givers_present_tense_with_a_sum() -> None:
    # tune/japan-mofa-philippines-typhoon-2013.txt
    text = (
        "With this aid, Japan extends app. 52.1 million USD (app. 5.21 billion JPY)in total for "
        "the Philippine typhoon disaster."
    )
    assert _money(extract_drafts(text, "2013-11-15", "Japan")) == [("52100000", "USD")]


def test_a_series_of_aims_named_by_gerunds_is_a_pledge_each() -> None:
    # tune/hiv-political-declaration-2011-vietnamplus.txt (words glued as in the stored copy)
    text = (
        "The targets include halving sexualtransmission of HIV and transmission of HIV among "
        "people who injectdrugs and putting an end to HIV transmission from mother to child by2015."
    )
    first, second = extract_drafts(text, "2011-06-10", "UN member states")
    assert first.quote.text.startswith("halving") and first.quote.text.endswith("injectdrugs")
    assert second.quote.text.startswith("putting an end")


def test_a_givers_progressive_with_a_sum() -> None:
    # tune/us-vaccine-g7-2021-republicworld.txt
    text = (
        "The Biden administration is purchasing 500 million doses of Pfizer's COVID-19 vaccine "
        "to donate it to countries worldwide, the White House said on June 10."
    )
    (d,) = extract_drafts(text, "2021-06-10", "United States")
    assert (d.quantity, d.unit) == (Decimal(500 * 10**6), "doses")


def test_what_an_effort_is_to_do_is_an_aim() -> None:
    # tune/us-vaccine-summit-2021-republicworld.txt
    text = (
        "According to senior administration officials, the objective of the effort is to "
        "vaccinate 70 per cent of the world's population against SARS-Cov-2 within a year's time."
    )
    (d,) = extract_drafts(text, "2021-09-22", "United States")
    assert d.quantity == Decimal(70)
    assert d.deadline is not None and d.deadline.due.isoformat() == "2022-09-22"


def test_a_total_a_pledge_brings_and_what_a_relative_clause_says_was_done() -> None:
    # tune/us-vaccine-summit-2021-republicworld.txt
    total = (
        "The pledge to donate, which will start in January 2022, will bring the total promised "
        "US vaccine donations to more than 1.1 billion."
    )
    assert _money(extract_drafts(total, "2021-09-22", "United States")) == []
    earlier = (
        "The US official further stated that the Biden-led administration has committed to "
        "donating over 600 million COVID vaccine doses to the world which includes 500 million "
        "Pfizer doses that the US had purchased earlier in 2020 to donate to over 100 nations."
    )
    drafts = extract_drafts(earlier, "2021-09-22", "United States")
    assert [d.quantity for d in drafts] == [Decimal(600 * 10**6)]


def test_targets_described_are_no_cue_but_targets_to_do_are() -> None:
    # tune/sdg-political-declaration-2023.txt, tune/hiv-political-declaration-2011-vietnamplus.txt
    described = (
        "We reaffirm that the 2030 Agenda is universal in nature and that its Goals and targets "
        "are comprehensive, far-reaching, people-centered, indivisible and interlinked."
    )
    assert extract_drafts(described, "2023-09-18", "UN member states") == []
    aimed = (
        "Other targets are to increase universalaccess to antiretroviral therapy, treat 15 "
        "million people withlife-saving drugs and reduce tuberculosis deaths in people living "
        "withHIV by 50 percent within the next five years."
    )
    drafts = extract_drafts(aimed, "2011-06-10", "UN member states")
    assert drafts and drafts[0].quote.text.startswith("Other targets are to increase")


def test_a_decision_previously_taken_is_past() -> None:
    # tune/us-climate-summit-2021-cieh.txt
    text = (
        "EU leaders have previously agreed to cut carbon emissions by 55% by 2030, measured "
        "against 1990s levels."
    )
    assert extract_drafts(text, "2021-04-22", "United States") == []


def test_pledges_named_by_their_sum_in_a_past_listing() -> None:
    # tune/saudi-refugee-summit-2016-newarab.txt
    text = (
        "Donations, said bin Naif included a $59 million pledge to the United Nations Relief and "
        "Works Agency for Palestine (UNRWA), a $30 million pledge to support Afghan refugees in "
        "Pakistan, and a $50 million commitment to support Rohingya refugees provided to the "
        "Indonesian government."
    )
    assert extract_drafts(text, "2016-09-20", "Saudi Arabia") == []


def test_a_bare_dollar_of_a_state_of_a_dollar_country_is_that_countrys_dollar() -> None:
    # tune/nsw-net-zero-plan-2020-solarchoice.txt: the actor is a state of Australia
    text = (
        "The new plan will use $450 million from the state’s existing Climate Change Fund, "
        "matched by an additional $450 million from the federal government’s Climate Solutions "
        "Fund, for the creation of an Emissions Intensity Reduction Program."
    )
    drafts = extract_drafts(text, "2020-03-15", "New South Wales government")
    assert {c for _, c in _money(drafts)} == {"AUD"}
    # the same sentence by a pledger that is no part of a dollar country keeps the US dollar
    elsewhere = extract_drafts(text, "2020-03-15", "Washington")
    assert {c for _, c in _money(elsewhere)} == {"USD"}


def test_money_that_names_a_fund_plan_or_investment_is_a_pledge_without_a_promissory_word() -> None:
    # tune/australia-ndc-2022-globalfleet.txt: no "will", no "pledged"; the sums name investment
    text = (
        "The nation’s nearly $24 billion investment in climate change policies includes the "
        "country’s first National Electric Vehicle Strategy to reduce emissions and accelerate "
        "the uptake of electric vehicle, and $500 million in funding for electric vehicle "
        "charging and hydrogen refueling infrastructure."
    )
    drafts = extract_drafts(text, "2022-06-16", "Australia")
    assert _money(drafts) == [("24000000000", "AUD"), ("500000000", "AUD")]


def test_a_named_sum_in_a_clause_that_is_a_forecast_or_past_stays_out() -> None:
    # tune/australia-ndc-2022-globalfleet.txt: the sum is what a plan "is expected to" spur
    forecast = (
        "The government’s plan is expected to create more than 604,000 jobs and spur "
        "$76 billion of investment."
    )
    assert extract_drafts(forecast, "2022-06-16", "Australia") == []
    # tune/australia-budget-environment-2019-nationaltribune.txt: the fund is named in its own
    # clause; the forecast is in the relative clause after it
    text = (
        "Its centrepiece is a $2.0 billion Climate Solutions Fund, which is expected to deliver "
        "more than 100 million tonnes of emissions reduction."
    )
    drafts = extract_drafts(text, "2019-04-02", "Australia")
    assert _money(drafts) == [("2000000000", "AUD")]


def test_what_a_pledging_event_raised_is_pledged_but_raised_alone_promises_nothing() -> None:
    # tune/syria-london-2016-yerepouni.txt: the conference is the subject of "had raised"
    text = (
        "Prime Minister David Cameron announced Thursday that a Syria donors’ conference in "
        "London had raised over $10 billion (9.0 billion euros) for humanitarian aid."
    )
    drafts = extract_drafts(text, "2016-02-04", "donors at the London Syria conference")
    assert _money(drafts) == [("10000000000", "USD")]
    # tune/syria-brussels-2017-riyadhvision.txt: what last year's conference raised is past
    past = (
        "The Brussels meeting is a follow-up to last year’s London conference, which raised "
        "$12 billion (10 billion euros) in two equal tranches for humanitarian aid programs."
    )
    assert extract_drafts(past, "2017-04-05", "International donors") == []


def test_on_track_to_is_a_forecast_not_a_pledge() -> None:
    # tune/australia-ndc-2022-globalfleet.txt
    text = (
        "The new goal, almost double the previous target of 28% set in 2015, puts the country "
        "on track to achieve net zero emissions by 2050, said ministry officials."
    )
    drafts = extract_drafts(text, "2022-06-16", "Australia")
    assert not [d for d in drafts if "on track" in d.quotes[0].text]


def test_a_pledge_made_and_named_by_its_sum_is_pledged() -> None:
    # tune/syria-brussels-2017-riyadhvision.txt: "pledge" is a noun; "made a … pledge of" a sum
    text = (
        "“Delegations present here today have made a collective pledge of $6 billion for this "
        "year alone,” he said to applause at the EU-UN-hosted conference."
    )
    drafts = extract_drafts(text, "2017-04-05", "International donors")
    assert _money(drafts) == [("6000000000", "USD")]


def test_a_headline_opening_with_its_sum_and_what_it_is_for_is_a_pledge() -> None:
    # tune/australia-budget-environment-2019-nationaltribune.txt (the release's title)
    drafts = extract_drafts("$3.8 billion for climate and environment", "2019-04-02", "Australia")
    assert _money(drafts) == [("3800000000", "AUD")]


def test_a_sum_after_a_perfect_in_a_relative_clause_was_done_before() -> None:
    # tune/australia-climate-package-2019-climatecontrol.txt
    text = (
        "“The Climate Solutions Fund will build on the success of the Emissions Reduction Fund "
        "(ERF) which has contracted 193 million tonnes in emission reductions."
    )
    drafts = extract_drafts(text, "2019-02-25", "Australia")
    assert not [d for d in drafts if d.quantity is not None]


def test_a_sum_raised_at_a_pledging_event_in_a_headline_is_pledged() -> None:
    # tune/syria-london-2016-yerepouni.txt (the headline, with its quotation marks)
    drafts = extract_drafts(
        "‘Over $10bn raised at Syria conference’", "2016-02-04", "donors at the conference"
    )
    assert _money(drafts) == [("10000000000", "USD")]
