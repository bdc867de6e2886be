"""The store on a SQLite file and on PostgreSQL: round trips, filters, bad input, transactions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from sqlalchemy import func, select

import pledgetrack as pt
from pledgetrack.store.tables import CitationRow, CommitmentRow, StatusUpdateRow
from pledgetrack.testing import SAMPLE_TEXT, make_commitment, make_source

FORUM = "Kazakhstan will host a youth forum in 2025."
FUND = "The two sides agreed to study a joint fund at an appropriate time."


def row_counts(tracker: pt.Tracker) -> tuple[int, int, int]:
    with tracker.engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.scalar(select(func.count()).select_from(table))
            for table in (CommitmentRow.__table__, StatusUpdateRow.__table__, CitationRow.__table__)  # type: ignore[attr-defined]
        )


def forum(**changes: object) -> pt.Commitment:
    base = make_commitment(
        "kazakhstan-youth-forum-2025",
        quote=FORUM,
        title="Kazakhstan to host a youth forum in 2025",
        actors=("Kazakhstan",),
        target=None,
        themes=("youth",),
        deadline=pt.Deadline.in_year(2025, "in 2025"),
        event=pt.Event("24th SCO summit", "Astana", dt.date(2024, 7, 4)),
    )
    return attrs.evolve(base, **changes)


class TestRoundTrip:
    def test_commitment_comes_back_equal(self, sourced_tracker: pt.Tracker) -> None:
        stored = sourced_tracker.add_commitment(
            make_commitment(custom={"budget_line": "A-12", "priority": 2, "signed": True})
        )
        again = sourced_tracker.get_commitment(stored.key)
        assert again == stored
        assert again.custom == {"budget_line": "A-12", "priority": 2, "signed": True}
        assert again.target is not None and again.target.quantity == Decimal("1000")

    def test_citation_offsets_are_filled_in(self, sourced_tracker: pt.Tracker) -> None:
        stored = sourced_tracker.add_commitment(forum())
        (citation,) = stored.citations
        assert citation.start is not None
        assert SAMPLE_TEXT[citation.start : citation.end] == FORUM

    def test_exact_decimals_survive(self, sourced_tracker: pt.Tracker) -> None:
        quantities = ["10000000", "0.5", "1.50", "12345678901234.5678"]
        for key, quantity in zip("abcd", quantities, strict=True):
            sourced_tracker.add_commitment(
                make_commitment(key, target=pt.Target(quantity, "USD", currency="USD"))
            )
            target = sourced_tracker.get_commitment(key).target
            assert target is not None and str(target.quantity) == quantity

    def test_source_round_trip(self, sourced_tracker: pt.Tracker) -> None:
        source = sourced_tracker.get_source("summit-report")
        assert source == make_source()
        assert sourced_tracker.find_source_by_hash(pt.model.content_hash(SAMPLE_TEXT)) == source

    def test_several_citations_and_add_citation(self, sourced_tracker: pt.Tracker) -> None:
        other = "Xi said China is ready to provide at least 1,000 training opportunities soon."
        sourced_tracker.add_source(make_source("news-report", text=other))
        stored = sourced_tracker.add_commitment(make_commitment())
        added = sourced_tracker.add_citation(
            stored.key, pt.Citation("news-report", "China is ready to provide at least 1,000")
        )
        assert added.start == other.index("China is ready")
        assert [c.source for c in sourced_tracker.get_commitment(stored.key).citations] == [
            "summit-report",
            "news-report",
        ]
        with pytest.raises(pt.ConflictError):
            sourced_tracker.add_citation(stored.key, added)

    def test_parent_and_child(self, sourced_tracker: pt.Tracker) -> None:
        sourced_tracker.add_commitment(make_commitment("umbrella"))
        child = sourced_tracker.add_commitment(make_commitment("part-a", parent="umbrella"))
        assert sourced_tracker.get_commitment(child.key).parent == "umbrella"
        assert [c.key for c in sourced_tracker.list_commitments(parent="umbrella")] == [child.key]


class TestStatusHistory:
    def test_record_and_read_as_of(self, sourced_tracker: pt.Tracker) -> None:
        key = sourced_tracker.add_commitment(make_commitment()).key
        sourced_tracker.record_status(
            key,
            "in_progress",
            effective="2025-05-01",
            progress="400",
            evidence=[pt.Citation("summit-report", "Last year 500 young people")],
        )
        sourced_tracker.record_status(key, "fulfilled", effective="2027-06-30", note="delivered")
        assert sourced_tracker.status_of(key, as_of="2024-12-31").status is pt.Status.NO_EVIDENCE
        mid = sourced_tracker.status_of(key, as_of="2025-12-31")
        assert mid.status is pt.Status.IN_PROGRESS
        assert mid.update is not None and mid.update.progress == Decimal(400)
        assert mid.update.evidence[0].start == SAMPLE_TEXT.index("Last year 500")
        assert sourced_tracker.status_of(key, as_of="2028-01-01").status is pt.Status.FULFILLED
        assert not sourced_tracker.status_of(key, as_of="2028-01-01").overdue
        history = sourced_tracker.history(key)
        assert [u.status for u in history] == [pt.Status.IN_PROGRESS, pt.Status.FULFILLED]
        assert history[0].sequence is not None and history[1].sequence is not None
        assert history[0].sequence < history[1].sequence
        assert history[0].recorded is not None and history[0].recorded.tzinfo is not None

    def test_correction_is_a_new_update(self, sourced_tracker: pt.Tracker) -> None:
        key = sourced_tracker.add_commitment(make_commitment()).key
        sourced_tracker.record_status(key, "fulfilled", effective="2025-01-01")
        sourced_tracker.record_status(key, "in_progress", effective="2025-01-01", note="correction")
        assert sourced_tracker.status_of(key, as_of="2025-02-01").status is pt.Status.IN_PROGRESS
        assert len(sourced_tracker.history(key)) == 2

    def test_vocabulary_label_is_kept(self, sourced_tracker: pt.Tracker) -> None:
        key = sourced_tracker.add_commitment(make_commitment()).key
        stored = sourced_tracker.record_status(
            key, "In the Works", effective="2025-01-01", vocabulary=pt.PROMISE_METER
        )
        assert stored.status is pt.Status.IN_PROGRESS
        assert sourced_tracker.history(key)[0].label == "In the Works"

    @pytest.mark.parametrize(
        ("given", "day", "precision"),
        [
            ("2025-06", dt.date(2025, 6, 30), "month"),
            ("June 2025", dt.date(2025, 6, 30), "month"),
            ("Q2 2025", dt.date(2025, 6, 30), "quarter"),
            ("2025", dt.date(2025, 12, 31), "year"),
            ("2025-06-15", dt.date(2025, 6, 15), "day"),
        ],
    )
    def test_the_api_reads_the_date_forms_of_the_cli(
        self, sourced_tracker: pt.Tracker, given: str, day: dt.date, precision: str
    ) -> None:
        key = sourced_tracker.add_commitment(make_commitment()).key
        stored = sourced_tracker.record_status(key, "in_progress", effective=given)
        assert (stored.effective, stored.effective_precision.value) == (day, precision)
        (kept,) = sourced_tracker.history(key)
        assert (kept.effective, kept.effective_precision.value) == (day, precision)
        with pytest.raises(pt.ValidationError, match="effective"):
            sourced_tracker.record_status(key, "in_progress", effective="sometime soon")
        assert len(sourced_tracker.history(key)) == 1

    def test_overdue_with_days(self, sourced_tracker: pt.Tracker) -> None:
        key = sourced_tracker.add_commitment(forum()).key
        unassessed = sourced_tracker.status_of(key, as_of="2026-01-31")
        assert not unassessed.overdue and unassessed.days_overdue == 0  # no evidence either way
        sourced_tracker.record_status(key, "not_started", effective="2025-12-01")
        standing = sourced_tracker.status_of(key, as_of="2026-01-31")
        assert standing.overdue and standing.days_overdue == 31


class TestFilters:
    @pytest.fixture
    def filled(self, sourced_tracker: pt.Tracker) -> pt.Tracker:
        t = sourced_tracker
        t.add_commitment(make_commitment("digital"))
        t.add_commitment(forum(key="forum"))
        t.add_commitment(
            make_commitment(
                "fund",
                quote=FUND,
                actors=("China", "Kazakhstan"),
                target=None,
                themes=("finance",),
                deadline=pt.Deadline.none("at an appropriate time"),
                custom={"region": "central-asia"},
            )
        )
        t.record_status("digital", "in_progress", effective="2025-01-01")
        t.record_status("fund", "broken", effective="2025-06-01")
        return t

    def keys(self, tracker: pt.Tracker, **criteria: object) -> list[str]:
        as_of = criteria.pop("as_of", "2026-02-01")
        return [c.key for c in tracker.list_commitments(as_of=as_of, **criteria)]  # type: ignore[arg-type]

    def test_by_actor_theme_event(self, filled: pt.Tracker) -> None:
        assert self.keys(filled, actors=["Kazakhstan"]) == ["forum", "fund"]
        assert self.keys(filled, themes=["digital", "finance"]) == ["digital", "fund"]
        assert self.keys(filled, events=["24th SCO summit"]) == ["forum"]
        assert self.keys(filled, custom={"region": "central-asia"}) == ["fund"]

    def test_by_status_as_of(self, filled: pt.Tracker) -> None:
        assert self.keys(filled, statuses=["no_evidence"]) == ["forum"]
        assert self.keys(filled, statuses=["in_progress"]) == ["digital"]
        early = self.keys(filled, statuses=["no_evidence"], as_of="2024-12-31")
        assert early == ["digital", "forum", "fund"]

    def test_overdue_and_deadline_range(self, filled: pt.Tracker) -> None:
        # forum's deadline passed without any assessment: unassessed, not overdue
        assert self.keys(filled, overdue=True) == []
        assert self.keys(filled, overdue=False) == ["digital", "forum", "fund"]
        filled.record_status("forum", "delayed", effective="2025-12-01")
        assert self.keys(filled, overdue=True) == ["forum"]
        assert self.keys(filled, overdue=True, as_of="2025-12-31") == []
        assert self.keys(filled, overdue=False) == ["digital", "fund"]
        assert self.keys(filled, due_from=dt.date(2026, 1, 1)) == ["digital"]
        assert self.keys(filled, due_to=dt.date(2026, 1, 1)) == ["forum"]
        assert self.keys(filled, has_deadline=False) == ["fund"]

    def test_not_announced_yet_is_not_listed(self, filled: pt.Tracker) -> None:
        assert self.keys(filled, as_of="2024-07-03") == []

    def test_statuses_agree_with_status_of(self, filled: pt.Tracker) -> None:
        for standing in filled.statuses(as_of="2026-02-01"):
            single = filled.status_of(standing.key, as_of="2026-02-01")
            assert (single.status, single.overdue) == (standing.status, standing.overdue)

    def test_unknown_criterion_names_the_valid_ones(self, filled: pt.Tracker) -> None:
        with pytest.raises(pt.ValidationError) as err:
            filled.list_commitments(colour="red")
        assert err.value.field == "colour" and "actors" in err.value.reason
        with pytest.raises(pt.ValidationError, match="status"):
            filled.list_commitments(statuses=["finished"])


class TestBadInputWritesNothing:
    """Each bad input raises a specific error naming what is wrong, and nothing is written."""

    @pytest.fixture
    def base(self, sourced_tracker: pt.Tracker) -> pt.Tracker:
        sourced_tracker.add_commitment(make_commitment())
        return sourced_tracker

    def check_unchanged(self, tracker: pt.Tracker, before: tuple[int, int, int]) -> None:
        assert row_counts(tracker) == before

    def test_quote_not_in_source(self, base: pt.Tracker) -> None:
        before = row_counts(base)
        with pytest.raises(pt.QuoteNotFoundError) as err:
            base.add_commitment(make_commitment("other", quote="China will build 100 schools"))
        assert err.value.record == "other" and err.value.field == "citations[0]"
        self.check_unchanged(base, before)

    def test_unknown_source(self, base: pt.Tracker) -> None:
        before = row_counts(base)
        with pytest.raises(pt.ValidationError) as err:
            base.add_commitment(make_commitment("other", source="nowhere"))
        assert err.value.field == "citations[0].source"
        self.check_unchanged(base, before)

    def test_second_citation_bad_keeps_nothing_of_the_first(self, base: pt.Tracker) -> None:
        before = row_counts(base)
        with pytest.raises(pt.QuoteNotFoundError) as err:
            base.add_commitment(
                make_commitment(
                    "other",
                    citations=(
                        pt.Citation("summit-report", FORUM),
                        pt.Citation("summit-report", "not in the text"),
                    ),
                )
            )
        assert err.value.field == "citations[1]"
        self.check_unchanged(base, before)

    def test_duplicate_key(self, base: pt.Tracker) -> None:
        before = row_counts(base)
        with pytest.raises(pt.ConflictError, match="china-digital-training"):
            base.add_commitment(make_commitment())
        self.check_unchanged(base, before)

    def test_update_for_unknown_commitment(self, base: pt.Tracker) -> None:
        before = row_counts(base)
        with pytest.raises(pt.NotFoundError, match="no-such"):
            base.record_status("no-such", "fulfilled", effective="2025-01-01")
        self.check_unchanged(base, before)

    def test_unknown_status(self, base: pt.Tracker) -> None:
        before = row_counts(base)
        with pytest.raises(pt.ValidationError) as err:
            base.record_status("china-digital-training", "done", effective="2025-01-01")
        assert err.value.record == "china-digital-training" and err.value.field == "status"
        self.check_unchanged(base, before)

    def test_update_before_announcement(self, base: pt.Tracker) -> None:
        before = row_counts(base)
        with pytest.raises(pt.ValidationError) as err:
            base.record_status("china-digital-training", "in_progress", effective="2024-07-03")
        assert err.value.field == "effective" and "announced" in err.value.reason
        self.check_unchanged(base, before)

    def test_bad_evidence_quote(self, base: pt.Tracker) -> None:
        before = row_counts(base)
        with pytest.raises(pt.QuoteNotFoundError) as err:
            base.record_status(
                "china-digital-training",
                "fulfilled",
                effective="2025-01-01",
                evidence=[pt.Citation("summit-report", "all 1,000 were trained")],
            )
        assert err.value.field == "evidence[0]"
        self.check_unchanged(base, before)

    def test_progress_without_target(self, base: pt.Tracker) -> None:
        base.add_commitment(forum())
        before = row_counts(base)
        with pytest.raises(pt.ValidationError, match="progress"):
            base.record_status(forum().key, "in_progress", effective="2025-01-01", progress="3")
        self.check_unchanged(base, before)

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"target": None, "citations": ()}, "citations"),
            ({"deadline": pt.Deadline.in_year(2023)}, "deadline"),
            ({"announced": "yesterday"}, "announced"),
        ],
    )
    def test_model_errors_through_keywords_name_the_record(
        self, base: pt.Tracker, fields: dict[str, object], field: str
    ) -> None:
        before = row_counts(base)
        full = attrs.asdict(make_commitment("kw-made"), recurse=False) | fields
        with pytest.raises(pt.ValidationError) as err:
            base.add_commitment(**full)
        assert err.value.record == "kw-made" and err.value.field == field
        self.check_unchanged(base, before)

    def test_negative_quantity_and_bad_currency(self) -> None:
        with pytest.raises(pt.ValidationError, match="quantity"):
            pt.Target("-1", "scholarships")
        with pytest.raises(pt.ValidationError, match="currency"):
            pt.Target("1", "money", currency="XYZ")


class TestTransaction:
    def test_all_or_nothing(self, sourced_tracker: pt.Tracker) -> None:
        before = row_counts(sourced_tracker)

        def batch() -> None:
            with sourced_tracker.transaction():
                sourced_tracker.add_commitment(make_commitment("first"))
                sourced_tracker.record_status("first", "in_progress", effective="2025-01-01")
                sourced_tracker.record_status("second", "in_progress", effective="2025-01-01")

        with pytest.raises(pt.NotFoundError):
            batch()
        assert row_counts(sourced_tracker) == before
        assert not sourced_tracker.has_commitment("first")

    def test_commits_at_the_end(self, sourced_tracker: pt.Tracker) -> None:
        with sourced_tracker.transaction():
            sourced_tracker.add_commitment(make_commitment("first"))
            sourced_tracker.add_commitment(make_commitment("second"))
        assert sourced_tracker.count() == 2

    def test_caught_error_inside_undoes_only_that_call(self, sourced_tracker: pt.Tracker) -> None:
        with sourced_tracker.transaction():
            sourced_tracker.add_commitment(make_commitment("first"))
            with pytest.raises(pt.QuoteNotFoundError):
                sourced_tracker.add_commitment(make_commitment("bad", quote="nowhere to be found"))
            sourced_tracker.add_commitment(make_commitment("second"))
        assert [c.key for c in sourced_tracker.list_commitments()] == ["first", "second"]

    def test_nothing_is_visible_elsewhere_before_commit(
        self, sourced_tracker: pt.Tracker, store_url: str
    ) -> None:
        with sourced_tracker.transaction():
            sourced_tracker.add_commitment(make_commitment("first"))
            with pt.open(store_url) as other:
                assert other.count() == 0
        with pt.open(store_url) as other:
            assert other.count() == 1
