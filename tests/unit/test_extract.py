"""The extractor: drafts from announcement texts, and what it refuses to draft."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pledgetrack.errors import ValidationError
from pledgetrack.extract import Draft, extract, extract_drafts, read_text, split_sentences
from pledgetrack.model.values import Precision, Qualifier

ASTANA = (
    "China proposes establishing an SCO digital education alliance, and is willing to provide "
    "at least 1,000 training opportunities on digital technology to fellow countries in the SCO "
    "in the next three years."
)


def _only(drafts: list[Draft], quantity: str) -> Draft:
    found = [d for d in drafts if d.quantity == Decimal(quantity)]
    assert len(found) == 1, [d.quote.text for d in drafts]
    return found[0]


def test_astana_pledge_has_every_field() -> None:
    d = _only(extract_drafts(ASTANA, "2024-07-04"), "1000")
    assert d.actor == "China" and d.actor_from == "text"
    assert d.action == "provide"
    assert d.unit == "training opportunities"
    assert d.qualifier is Qualifier.AT_LEAST
    assert d.currency is None
    assert d.horizon == "in the next three years"
    assert d.deadline is not None
    assert (d.deadline.date, d.deadline.precision) == (dt.date(2027, 7, 4), Precision.DAY)
    assert d.beneficiary == "fellow countries in the SCO"
    assert d.cue == "is willing to"
    assert 0.5 < d.confidence <= 1
    assert ASTANA[d.quote.start : d.quote.end] == d.quote.text


def test_several_quantities_in_one_sentence_give_one_draft_each_with_its_clause() -> None:
    text = (
        "In the coming three years, China will provide other SCO member states with 1,000 "
        'International Chinese Language Teachers Scholarships, offer 3,000 "Chinese Bridge" '
        "summer camp opportunities, and invite 100 young scientists to China."
    )
    drafts = [d for d in extract_drafts(text, "2023-07-04") if d.quantity is not None]
    assert [str(d.quantity) for d in drafts] == ["1000", "3000", "100"]
    assert all(d.deadline is not None and d.deadline.date == dt.date(2026, 7, 4) for d in drafts)
    assert drafts[1].quote.text.startswith("offer 3,000")
    assert drafts[2].unit == "young scientists"
    assert len({d.quote.start for d in drafts}) == 3


def test_actor_default_when_the_text_says_we() -> None:
    (d,) = extract_drafts("We will train 5,000 nurses by 2026.", "2024-01-10", actor="Ruritania")
    assert (d.actor, d.actor_from) == ("Ruritania", "default")
    assert d.deadline is not None and d.deadline.date == dt.date(2026, 12, 31)


def test_past_achievement_is_skipped_with_a_reason() -> None:
    text = "India has trained 2,000 officials since 1995, and will train 500 more by 2026."
    ex = extract(text, "2024-08-22")
    assert [str(d.quantity) for d in ex.drafts] == ["500"]
    assert "past" in {s.reason for s in ex.skipped}


def test_statistics_and_forecasts_are_not_pledges() -> None:
    text = (
        "Nearly 733 million people faced hunger in 2023. "
        "Africa's population will reach 2.5 billion by 2050."
    )
    assert extract_drafts(text, "2025-01-01") == []


def test_dates_of_events_give_no_quantity() -> None:
    (d,) = extract_drafts(
        "The G7 will provide EUR 3 billion to Ukraine on 4 July 2025.", "2025-06-17"
    )
    assert d.quantity == Decimal(3_000_000_000) and d.currency == "EUR"


def test_restated_pledge_is_one_draft_with_two_quotes() -> None:
    text = (
        "Japan will donate a million doses of polio vaccine before the end of 2024. "
        "Other partners spoke. In closing, the chair recalled that Japan will donate a million "
        "doses of polio vaccine before the end of 2024."
    )
    (d,) = extract_drafts(text, "2024-06-20")
    assert len(d.quotes) == 2
    assert "restated" in d.flags
    assert all(text[q.start : q.end] == q.text for q in d.quotes)


def test_parts_of_an_umbrella_are_linked_not_counted_twice() -> None:
    text = (
        "We will mobilise USD 600 million for the Pandemic Fund over the next three years. "
        "This will include USD 250 million for surveillance and USD 150 million for laboratories."
    )
    drafts = extract_drafts(text, "2025-06-17")
    umbrella = _only(drafts, "600000000")
    parts = [d for d in drafts if d.parent == umbrella.id]
    assert sorted(str(d.quantity) for d in parts) == ["150000000", "250000000"]
    assert all("part_of_umbrella" in d.flags for d in parts)
    assert umbrella.parent is None


def test_conditional_offer_is_flagged_not_dropped() -> None:
    text = "Subject to approval by parliament, we will provide an additional USD 10 billion."
    (d,) = extract_drafts(text, "2024-11-19", actor="G20")
    assert "conditional" in d.flags
    assert d.quantity == Decimal(10_000_000_000)


def test_vague_offer_is_flagged_with_low_confidence() -> None:
    (d,) = extract_drafts("China is ready to provide quality platforms for dialogue.", "2024-07-04")
    assert "vague" in d.flags
    assert d.quantity is None and d.deadline is None
    assert d.confidence < 0.5


def test_vague_horizon_means_no_deadline() -> None:
    text = "China will hold the SCO Political Parties Forum at an appropriate time."
    (d,) = extract_drafts(text, "2024-07-04")
    assert d.deadline is not None and d.deadline.date is None
    assert d.horizon == "at an appropriate time"


def test_list_items_after_a_colon_inherit_the_pledge() -> None:
    text = "Under the plan, the company will:\n- replace 7,500 diesel trucks by the end of 2028;\n"
    (d,) = extract_drafts(text, "2024-09-24", actor="Northwind")
    assert d.quantity == Decimal(7500) and d.unit == "diesel trucks"
    assert d.deadline is not None and d.deadline.date == dt.date(2028, 12, 31)


def test_draft_round_trips_through_a_mapping() -> None:
    d = _only(extract_drafts(ASTANA, "2024-07-04"), "1000")
    assert Draft.from_dict(d.to_dict()) == d


@pytest.mark.parametrize("text", ["", "   \n"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        extract_drafts(text, "2024-07-04")
    assert err.value.field == "text"


@pytest.mark.parametrize("day", ["2024-13-01", "4 July 2024", ""])
def test_bad_announcement_date_is_refused(day: str) -> None:
    with pytest.raises(ValidationError) as err:
        extract_drafts(ASTANA, day)
    assert err.value.field == "announced"


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"\x00\x01\x02binary", "binary"), ("café".encode("latin-1"), "UTF-8")],
)
def test_bad_files_are_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=reason) as err:
        read_text(path)
    assert err.value.field == "file"


def test_sentences_keep_offsets_and_know_abbreviations() -> None:
    text = "The U.S. will provide USD 1.5 bn. to the fund.\nHeading\nDr. Smith agreed."
    spans = split_sentences(text)
    assert [s.text for s in spans] == [
        "The U.S. will provide USD 1.5 bn. to the fund.",
        "Heading",
        "Dr. Smith agreed.",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_hard_wrapped_lines_are_one_sentence_and_quotes_stay_verbatim() -> None:
    text = (
        "Global Health\n"
        "China is ready to provide at\nleast 1,000 training opportunities in the\n"
        "next three years.\n"
    )
    (d,) = extract_drafts(text, "2024-07-04")
    assert d.quantity == Decimal(1000) and d.qualifier is Qualifier.AT_LEAST
    assert d.deadline is not None and d.deadline.date == dt.date(2027, 7, 4)
    assert "\n" in d.quote.text
    assert text[d.quote.start : d.quote.end] == d.quote.text


# --- statements of principle, calls on others, restatements, inherited terms -------------


@pytest.mark.parametrize(
    "text",
    [
        "The ministers call on all donors to pledge USD 2 billion to the Water Fund.",
        "The Union urges member states to ratify the treaty by 2026.",
        "The summit called for the coastal states, large and small, to share fishing data.",
        "The council calls for clean water to be a development priority.",
        "The minister proposed that all members should respect the ceasefire.",
    ],
)
def test_a_call_on_others_is_no_pledge(text: str) -> None:
    ex = extract(text, "2025-03-01", actor="Ruritania")
    assert ex.drafts == ()
    assert "exhortation" in {s.reason for s in ex.skipped}


def test_the_speakers_own_offer_after_a_call_on_others_stays() -> None:
    text = (
        "Ruritania calls on its neighbours to reopen the border, and is ready to host talks in "
        "Geneva in March 2025."
    )
    (d,) = extract_drafts(text, "2025-01-10")
    assert d.cue == "is ready to" and d.actor == "Ruritania"
    assert d.deadline is not None and d.deadline.date == dt.date(2025, 3, 31)


def test_a_call_for_an_action_without_addressee_is_still_a_proposal() -> None:
    text = "Ruritania called for the establishment of a regional seed bank in Tiranor."
    (d,) = extract_drafts(text, "2025-01-10")
    assert "proposal" in d.flags


@pytest.mark.parametrize(
    "text",
    [
        "Ruritania will uphold the principles of the Charter of the United Nations.",
        "Borduria stands ready to work with all partners to implement the Global Water "
        "Initiative and oppose unilateral measures.",
        "The two sides agreed to carry forward the spirit of the Treaty of Friendship.",
        "The leaders will jointly promote a fairer international order.",
    ],
)
def test_a_statement_of_principle_is_no_pledge(text: str) -> None:
    ex = extract(text, "2025-03-01")
    assert ex.drafts == ()
    assert "principle" in {s.reason for s in ex.skipped}


def test_a_concrete_deliverable_is_kept_even_in_the_words_of_principle() -> None:
    text = (
        "Ruritania will work with its partners in a spirit of solidarity and open a training "
        "centre for midwives in Tiranor."
    )
    (d,) = extract_drafts(text, "2025-03-01")
    assert d.actor == "Ruritania"


def test_a_number_or_a_date_makes_a_stance_a_pledge() -> None:
    text = "In line with the principle of equity, Ruritania will provide USD 40 million by 2027."
    (d,) = extract_drafts(text, "2025-03-01")
    assert d.quantity == Decimal(40_000_000)


def test_any_decision_decides_nothing() -> None:
    text = "The parties shall not take part in any decision that harms a third country."
    assert extract_drafts(text, "2025-03-01") == []


def test_the_agent_of_a_passive_pledge_and_of_a_designation_is_the_actor() -> None:
    (d,) = extract_drafts(
        "The next chairmanship will be held by the Republic of Ruritania in 2026.", "2025-05-01"
    )
    assert d.actor == "Republic of Ruritania"
    (d,) = extract_drafts(
        "The council designated Borduria to chair the water working group in 2026.", "2025-05-01"
    )
    assert d.actor == "Borduria"


def test_taking_the_same_office_twice_is_one_pledge() -> None:
    text = (
        "The meeting decided that Ruritania will assume the rotating chairmanship for "
        "2025-2026. Trade ministers spoke. The next chairmanship will be held by the Republic "
        "of Ruritania. Borduria will take over the chairmanship in 2027."
    )
    drafts = extract_drafts(text, "2025-05-01")
    assert [len(d.quotes) for d in drafts] == [2, 1]
    assert drafts[0].deadline is not None and drafts[0].deadline.date == dt.date(2026, 12, 31)
    assert drafts[1].actor == "Borduria"


def test_a_proposal_and_the_decision_adopting_it_are_one_pledge() -> None:
    text = (
        "The leaders agreed to declare 2026 the International Year of Clean Rivers. "
        "Ruritania proposes that 2026 be designated as the International Year of Clean Rivers."
    )
    (d,) = extract_drafts(text, "2025-05-01")
    assert len(d.quotes) == 2
    assert "restated" in d.flags and "proposal" not in d.flags
    assert d.deadline is not None and d.deadline.date == dt.date(2026, 12, 31)


def test_a_pledge_made_as_the_presidency_is_due_when_the_term_ends() -> None:
    text = (
        "The council designated Ruritania to act as the presidency for 2025-2026. "
        "In the light of its work as the presidency, Ruritania will convene a conference on "
        "water security."
    )
    drafts = extract_drafts(text, "2025-05-01")
    convene = next(d for d in drafts if "convene" in d.quote.text)
    assert convene.deadline is not None
    assert convene.deadline.date == dt.date(2026, 12, 31)
    assert convene.deadline.basis.value == "inferred"
    assert convene.horizon == "as the presidency"


def test_without_a_stated_term_the_presidency_gives_no_deadline() -> None:
    text = "During its presidency, Ruritania will convene a conference on water security."
    (d,) = extract_drafts(text, "2025-05-01")
    assert d.deadline is None


def test_another_actors_presidency_is_not_the_term_of_the_pledge() -> None:
    text = (
        "Ruritania will assume the presidency for 2025-2026. "
        "Under the Borduran presidency, the members will convene a conference on water security."
    )
    convene = next(d for d in extract_drafts(text, "2025-05-01") if "convene" in d.quote.text)
    assert convene.deadline is None


def test_a_part_in_the_same_sentence_carries_the_umbrella_horizon() -> None:
    text = (
        "The Fund will provide USD 900 million over four years, including USD 200 million for "
        "school meals."
    )
    drafts = extract_drafts(text, "2025-05-01")
    part = _only(drafts, "200000000")
    assert part.parent is not None
    assert part.deadline is not None and part.deadline.date == dt.date(2029, 5, 1)


def test_an_event_named_with_its_year_gives_the_deadline() -> None:
    text = "Borduria will do its utmost to ensure the success of the Steppe Shield-2026 exercise."
    (d,) = extract_drafts(text, "2025-05-01")
    assert d.deadline is not None and d.deadline.date == dt.date(2026, 12, 31)
    assert d.quantity is None
