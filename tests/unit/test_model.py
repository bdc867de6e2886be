"""The attrs model: value objects refuse bad input with errors naming the field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pledgetrack as pt
from pledgetrack.model import to_quantity
from pledgetrack.testing import SAMPLE_TEXT, make_commitment, make_source


class TestTarget:
    @pytest.mark.parametrize(
        ("target", "printed"),
        [
            (pt.Target("4000000000", "USD", currency="USD"), "USD 4,000,000,000"),
            (pt.Target("4000000000", "usd", currency="USD"), "USD 4,000,000,000"),
            (pt.Target("1.98e9", "people"), "1,980,000,000 people"),
            (pt.Target("1E+3", "places", qualifier="at least"), "at least 1,000 places"),
            (pt.Target("2.50", "million", currency="EUR"), "EUR 2.50 million"),
            (pt.Target("0.000001", "tonnes"), "0.000001 tonnes"),
        ],
    )
    def test_money_prints_its_currency_once_and_digits_never_as_exponents(
        self, target: pt.Target, printed: str
    ) -> None:
        assert str(target) == printed
        assert "E" not in str(target).replace("EUR", "")

    @given(st.decimals(min_value=0, max_value=10**15, allow_nan=False, allow_infinity=False))
    def test_quantity_is_kept_exactly(self, quantity: Decimal) -> None:
        target = pt.Target(str(quantity), "scholarships")
        assert target.quantity == quantity
        assert str(target.quantity) == str(quantity)

    @pytest.mark.parametrize(
        ("given", "expected"),
        [("1,000", "1000"), ("10000000", "10000000"), ("0.5", "0.5"), (1000, "1000")],
    )
    def test_accepts_exact_forms(self, given: object, expected: str) -> None:
        assert pt.Target(given, "places").quantity == Decimal(expected)

    def test_refuses_float(self) -> None:
        with pytest.raises(pt.ValidationError) as err:
            pt.Target(0.1, "places")
        assert err.value.field == "quantity"
        assert "float" in err.value.reason

    @pytest.mark.parametrize("bad", ["-5", "lots", "NaN", "Infinity", "1,00"])
    def test_refuses_negative_and_non_numeric(self, bad: str) -> None:
        with pytest.raises(pt.ValidationError) as err:
            pt.Target(bad, "places")
        assert err.value.field == "quantity"
        assert err.value.value == bad

    def test_currency_must_be_iso_4217(self) -> None:
        assert pt.Target("600000000", "US dollars", currency="usd").currency == "USD"
        with pytest.raises(pt.ValidationError) as err:
            pt.Target("10", "yuan", currency="RMB")
        assert err.value.field == "currency"
        assert "ISO 4217" in str(err.value)

    def test_qualifier_words(self) -> None:
        assert pt.Target("5", "x", qualifier="at least").qualifier is pt.Qualifier.AT_LEAST
        with pytest.raises(pt.ValidationError, match="qualifier"):
            pt.Target("5", "x", qualifier="roughly")

    def test_str_reads_as_english(self) -> None:
        target = pt.Target("1000", "training opportunities", qualifier="at_least")
        assert str(target) == "at least 1,000 training opportunities"


class TestDeadline:
    @pytest.mark.parametrize(
        ("day", "precision", "due"),
        [
            (dt.date(2025, 3, 3), "year", dt.date(2025, 12, 31)),
            (dt.date(2018, 6, 1), "month", dt.date(2018, 6, 30)),
            (dt.date(2024, 2, 1), "month", dt.date(2024, 2, 29)),
            (dt.date(2017, 11, 5), "quarter", dt.date(2017, 12, 31)),
            (dt.date(2017, 4, 5), "quarter", dt.date(2017, 6, 30)),
            (dt.date(2027, 7, 4), "day", dt.date(2027, 7, 4)),
        ],
    )
    def test_falls_due_at_the_end_of_its_period(
        self, day: dt.date, precision: str, due: dt.date
    ) -> None:
        assert pt.Deadline(day, precision).due == due

    @given(st.dates(), st.sampled_from(["day", "month", "quarter", "year"]))
    def test_due_is_in_the_same_period_and_not_before(self, day: dt.date, precision: str) -> None:
        deadline = pt.Deadline(day, precision)
        assert deadline.due is not None and deadline.starts is not None
        assert deadline.starts <= day <= deadline.due
        assert deadline.due.year == day.year

    def test_no_deadline_is_explicit(self) -> None:
        none = pt.Deadline.none("at an appropriate time")
        assert none.due is None and not none.is_set
        assert none.phrase == "at an appropriate time"
        assert str(none) == "no deadline"

    def test_precision_none_refuses_a_date(self) -> None:
        with pytest.raises(pt.ValidationError, match=r"deadline\.date"):
            pt.Deadline(dt.date(2025, 1, 1), "none")
        with pytest.raises(pt.ValidationError, match=r"deadline\.date"):
            pt.Deadline(None, "year")

    def test_constructors(self) -> None:
        assert str(pt.Deadline.in_year(2025)) == "2025"
        assert str(pt.Deadline.in_month(2018, 6)) == "2018-06"
        assert str(pt.Deadline.in_quarter(2017, 4)) == "2017-Q4"
        assert pt.Deadline.in_quarter(2017, 4).due == dt.date(2017, 12, 31)


class TestCitation:
    def test_exact_quote_is_located(self) -> None:
        source = make_source()
        quote = "Kazakhstan will host a youth forum in 2025."
        citation = source.cite(quote)
        assert citation.start is not None and citation.end is not None
        assert SAMPLE_TEXT[citation.start : citation.end] == quote

    def test_whitespace_and_curly_quotes_are_tolerated_and_text_kept(self) -> None:
        source = make_source(text="He said: “We will  build\n3 schools” – soon.")
        citation = source.cite('"We will build 3 schools" - soon')
        assert citation.quote == "“We will  build\n3 schools” – soon"
        assert source.text is not None
        assert source.text[citation.start : citation.end] == citation.quote

    def test_missing_quote_is_an_error(self) -> None:
        with pytest.raises(pt.QuoteNotFoundError) as err:
            make_source().cite("China will build 50 schools")
        assert err.value.field == "citation.quote"
        assert "summit-report" in str(err.value)

    def test_offsets_must_span_the_quote(self) -> None:
        with pytest.raises(pt.ValidationError, match="offsets"):
            pt.Citation("s", "abc", 0, 5)

    def test_source_without_text_cannot_check(self) -> None:
        citation = pt.Citation("paper", "anything")
        assert citation.locate(make_source("paper", text=None)) == citation

    def test_content_hash_follows_text(self) -> None:
        source = make_source()
        assert source.content_hash is not None and source.content_hash.startswith("sha256:")
        with pytest.raises(pt.ValidationError, match="content_hash"):
            pt.Source(key="x", title="t", text="abc", content_hash="sha256:00")


class TestCommitment:
    def test_valid_commitment(self) -> None:
        commitment = make_commitment()
        assert commitment.actors == ("China",)
        assert commitment.deadline.due == dt.date(2027, 7, 4)

    def test_needs_a_citation(self) -> None:
        with pytest.raises(pt.ValidationError) as err:
            make_commitment(citations=())
        assert err.value.field == "citations"

    def test_deadline_before_announcement(self) -> None:
        with pytest.raises(pt.ValidationError) as err:
            make_commitment(deadline=pt.Deadline.in_year(2023))
        assert err.value.field == "deadline"
        assert "before the announcement" in err.value.reason

    def test_year_deadline_in_the_announcement_year_is_fine(self) -> None:
        commitment = make_commitment(deadline=pt.Deadline.in_year(2024))
        assert commitment.deadline.due == dt.date(2024, 12, 31)

    @pytest.mark.parametrize("key", ["Has Space", "UPPER", "-lead", "", "a" * 201])
    def test_key_must_be_a_slug(self, key: str) -> None:
        with pytest.raises(pt.ValidationError) as err:
            make_commitment(key)
        assert err.value.field == "key"

    def test_custom_fields_refuse_floats(self) -> None:
        with pytest.raises(pt.ValidationError, match=r"custom\.score"):
            make_commitment(custom={"score": 0.5})

    def test_custom_values_are_checked_after_their_name_is_known(self) -> None:
        """A name accepted once is not read again; its values still are, every time."""
        assert make_commitment(custom={"score": "high"}).custom == {"score": "high"}
        with pytest.raises(pt.ValidationError, match=r"custom\.score.*exact"):
            make_commitment(custom={"score": 0.5})
        with pytest.raises(pt.ValidationError, match=r"custom\.score.*unsupported"):
            make_commitment(custom={"score": ["a"]})
        with pytest.raises(pt.ValidationError, match=r"custom\.Score.*lowercase"):
            make_commitment(custom={"Score": "high"})

    @pytest.mark.parametrize(
        ("actors", "reason"),
        [
            (("China", "  "), "must not hold an empty text"),
            ((), "needs at least one"),
            (("China", "x" * 201), "201 characters long"),
        ],
    )
    def test_actors_are_checked_one_by_one(self, actors: tuple[str, ...], reason: str) -> None:
        with pytest.raises(pt.ValidationError, match=reason) as err:
            make_commitment(actors=actors)
        assert err.value.field == "actors"

    def test_slugify(self) -> None:
        assert pt.slugify("China: 1,000 places (2024)") == "china-1-000-places-2024"
        assert pt.slugify("Ілля Żółć") == "zoc"


class TestStatus:
    def test_final_statuses(self) -> None:
        assert {s for s in pt.Status if s.is_final} == {
            pt.Status.FULFILLED,
            pt.Status.BROKEN,
            pt.Status.NOT_APPLICABLE,
        }

    @pytest.mark.parametrize(
        ("label", "status"),
        [
            ("in progress", pt.Status.IN_PROGRESS),
            ("In-Progress", pt.Status.IN_PROGRESS),
            ("stalled", pt.Status.DELAYED),
            ("no evidence yet", pt.Status.NO_EVIDENCE),
        ],
    )
    def test_words_map_onto_codes(self, label: str, status: pt.Status) -> None:
        assert pt.StatusUpdate("k", label, "2024-01-01").status is status

    def test_unknown_status_lists_the_choices(self) -> None:
        with pytest.raises(pt.ValidationError) as err:
            pt.StatusUpdate("k", "done-ish", "2024-01-01")
        assert err.value.field == "status"
        assert "fulfilled" in err.value.reason

    def test_vocabularies_map_onto_canonical(self) -> None:
        assert pt.PROMISE_METER.to_canonical("promise kept") is pt.Status.FULFILLED
        assert pt.PROMISE_METER.to_canonical("In the Works") is pt.Status.IN_PROGRESS
        assert pt.PROGRESS_TRACKER.to_canonical("N/A") is pt.Status.NOT_APPLICABLE
        with pytest.raises(pt.ValidationError, match="no mapping"):
            pt.PROGRESS_TRACKER.to_canonical("Promise Kept")

    def test_a_numeric_scale_keeps_its_signs(self) -> None:
        # a -1/0/+1 compliance scale: -1 and +1 are different labels, and +1, 1 and 1.0
        # (a CSV's "+1", a JSON file's 1, a spreadsheet's 1.0) are the same one
        scale = pt.Vocabulary("compliance", {"-1": "broken", "0": "in_progress", "+1": "fulfilled"})
        assert scale.to_canonical("-1") is pt.Status.BROKEN
        for spelling in ("+1", "1", "1.0", " 1 "):
            assert scale.to_canonical(spelling) is pt.Status.FULFILLED
        assert scale.to_canonical("-0") is pt.Status.IN_PROGRESS
        with pytest.raises(pt.ValidationError, match="no mapping"):
            scale.to_canonical("2")
        # words still match case-, space- and dash-insensitively
        words = pt.Vocabulary("w", {"In-progress": "in_progress", "not_started": "not_started"})
        assert words.to_canonical("IN PROGRESS") is pt.Status.IN_PROGRESS
        assert words.to_canonical("Not started") is pt.Status.NOT_STARTED

    def test_two_labels_read_as_one_must_agree(self) -> None:
        with pytest.raises(pt.ValidationError, match="same label as 'in-progress'"):
            pt.Vocabulary("v", {"in-progress": "in_progress", "In Progress": "fulfilled"})
        with pytest.raises(pt.ValidationError, match="same label as '1'"):
            pt.Vocabulary("v", {"1": "fulfilled", "+1.0": "broken"})
        agreeing = pt.Vocabulary("v", {"Done": "fulfilled", "done": "fulfilled"})
        assert agreeing.labels == ["done"]

    def test_update_progress_is_exact(self) -> None:
        update = pt.StatusUpdate("k", "in_progress", "2025-01-01", progress="400")
        assert update.progress == Decimal(400)
        with pytest.raises(pt.ValidationError, match=r"progress|quantity"):
            pt.StatusUpdate("k", "in_progress", "2025-01-01", progress=400.0)


def test_to_quantity_names_the_field() -> None:
    with pytest.raises(pt.ValidationError) as err:
        to_quantity("x", "target.quantity")
    assert err.value.field == "target.quantity"


def test_nul_characters_are_refused() -> None:
    with pytest.raises(pt.ValidationError) as err:
        make_commitment(title="China to\x00 provide")
    assert err.value.field == "title"
    with pytest.raises(pt.ValidationError, match="NUL"):
        make_source(text="a\x00b")
    with pytest.raises(pt.ValidationError) as err:
        make_commitment(actors=("China", "Kazakh\x00stan"))
    assert err.value.field == "actors"
    with pytest.raises(pt.ValidationError) as err:
        make_commitment(themes=("health", "\ud800"))
    assert err.value.field == "themes"
    assert "surrogate" in err.value.reason
