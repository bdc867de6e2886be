"""The plain-SQL lookup ``show`` uses returns what the Tracker returns, on both backends."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

import pledgetrack as pt
from pledgetrack.rules.status import latest_update, status_as_of
from pledgetrack.seeds import load_corpus
from pledgetrack.store.engine import resolve_url
from pledgetrack.store.lookup import commitment_view, open_engine, require_store

DAYS = (dt.date(2018, 6, 30), dt.date(2025, 12, 31))


def _assert_same(tracker: pt.Tracker, key: str) -> None:
    with tracker.engine.connect() as conn:
        for day in DAYS:
            view = commitment_view(conn, key, day)
            expected = tracker.status_of(key, as_of=day)
            assert view.commitment == tracker.get_commitment(key)
            assert view.status is expected.status
            assert view.update == expected.update
            assert (view.overdue, view.days_overdue) == (expected.overdue, expected.days_overdue)
            assert list(view.history) == tracker.history(key)
            assert list(view.amendments) == tracker.amendments(key)
            children = tracker.list_commitments(parent=key, as_of=dt.date(9999, 12, 31))
            assert list(view.children) == [c.key for c in children]
            quoted = [c.source for c in view.commitment.citations]
            quoted += [c.source for u in view.history for c in u.evidence]
            assert list(view.sources) == list(dict.fromkeys(quoted))
            for name, ref in view.sources.items():
                source = tracker.get_source(name)
                assert (ref.title, ref.url, ref.publisher, ref.published) == (
                    source.title,
                    source.url,
                    source.publisher,
                    source.published,
                )


def test_every_seeded_commitment_reads_the_same(tracker: pt.Tracker) -> None:
    load_corpus(tracker)
    keys = [c.key for c in tracker.list_commitments(as_of=dt.date(9999, 12, 31))]
    assert len(keys) > 50
    for key in keys:
        _assert_same(tracker, key)


def _assert_status_of_follows_the_rules(tracker: pt.Tracker, key: str) -> None:
    """``status_of`` builds only the update in force; it must be the one the rules choose
    from the history the repository reads, as a whole and for every actor, on every day an
    update takes effect and around it."""
    history = tracker.history(key)
    assert tracker.status_of(key).commitment == tracker.get_commitment(key)
    days = {u.effective + dt.timedelta(days=d) for u in history for d in (-1, 0)} | set(DAYS)
    for actor in (None, *tracker.get_commitment(key).actors):
        for day in sorted(days):
            found = tracker.status_of(key, day, actor=actor)
            assert found.update == latest_update(history, day, actor), (key, actor, day)
            assert found.status is status_as_of(history, day, actor)


def test_status_of_follows_the_rules_on_the_seed_corpus(tracker: pt.Tracker) -> None:
    load_corpus(tracker)
    keys = [c.key for c in tracker.list_commitments(as_of=dt.date(9999, 12, 31))]
    assert sum(len(tracker.history(key)) for key in keys) > 20
    for key in keys:
        _assert_status_of_follows_the_rules(tracker, key)


def test_custom_values_amendments_actors_and_children(tracker: pt.Tracker) -> None:
    tracker.declare_field(name="budget", type="decimal")
    tracker.declare_field(name="signed", type="date")
    tracker.add_source(key="s", title="Speech", text="A and B will build 10.5 km of road.")
    tracker.add_commitment(
        key="road",
        title="Build 10.5 km of road",
        actors=("A", "B"),
        announced="2024-01-02",
        citations=(pt.Citation("s", "build 10.5 km of road"),),
        target=pt.Target(Decimal("10.5"), "km"),
        deadline=pt.Deadline(dt.date(2025, 6, 30), "day", "by mid-2025"),
        custom={"budget": Decimal("1200000.50"), "signed": dt.date(2024, 1, 3)},
    )
    for key in ("road-a", "road-b"):
        tracker.add_commitment(
            key=key,
            title=f"Part {key}",
            actors=("A",),
            announced="2024-01-02",
            citations=(pt.Citation("s", "A and B will build"),),
            parent="road",
        )
    tracker.withdraw("road-b", reason="duplicate", by="Editor")
    tracker.record_status("road", "in_progress", effective="2024-06-01", progress="3.25")
    tracker.record_status("road", "delayed", effective="2025-01-01", actors=("B",), note="late")
    tracker.record_status("road", "stalled", effective="2025-03-01", actors=("A",))
    tracker.record_status("road", "in_progress", effective="2025-03-01", note="same day")
    tracker.amend("road", reason="typo", title="Build 10.5 km of new road")
    _assert_same(tracker, "road")
    _assert_status_of_follows_the_rules(tracker, "road")
    # on the same day an update naming the actor wins over a later whole-commitment one
    assert tracker.status_of("road", "2025-03-01", actor="A").status is pt.Status.DELAYED
    assert tracker.status_of("road", "2025-03-01").status is pt.Status.IN_PROGRESS
    with tracker.engine.connect() as conn:
        view = commitment_view(conn, "road", dt.date(2025, 12, 31))
    assert view.children == ("road-a",)
    assert view.commitment.custom == {
        "budget": Decimal("1200000.50"),
        "signed": dt.date(2024, 1, 3),
    }
    assert view.history[0].progress == Decimal("3.25")
    assert view.history[1].actors == ("B",)


def test_an_unknown_key_names_the_key(tracker: pt.Tracker) -> None:
    with tracker.engine.connect() as conn, pytest.raises(pt.NotFoundError, match="'nope'"):
        commitment_view(conn, "nope", DAYS[0])


def test_reading_never_creates_a_store(tmp_path: Path) -> None:

    missing = tmp_path / "missing.db"
    with pytest.raises(pt.StoreError, match=r"missing\.db"):
        require_store(resolve_url(missing))
    with pytest.raises(pt.StoreError, match=r"missing\.db"):
        open_engine(missing)
    assert not missing.exists()


def test_status_of_reads_only_the_update_in_force(tracker: pt.Tracker) -> None:
    """As a whole, ``status_of`` reads one update in SQL: on a day with two whole-commitment
    updates the last recorded, with its evidence; never a later one, nor one naming actors."""
    tracker.add_source(key="s", title="Report", text="Work began. Work stopped. It is done.")
    tracker.add_commitment(
        key="k",
        title="Do it",
        actors=("A",),
        announced="2024-01-02",
        citations=(pt.Citation("s", "Work began."),),
    )
    tracker.record_status("k", "in_progress", effective="2024-02-01")
    tracker.record_status(
        "k", "delayed", effective="2024-03-01", evidence=(pt.Citation("s", "Work stopped."),)
    )
    tracker.record_status(
        "k",
        "in_progress",
        effective="2024-03-01",
        percent="40",
        evidence=(pt.Citation("s", "Work began."),),
    )
    tracker.record_status("k", "broken", effective="2024-03-02", actors=("A",))
    tracker.record_status("k", "fulfilled", effective="2024-04-01")
    before = tracker.status_of("k", "2024-01-31")
    assert (before.status, before.update) == (pt.Status.NO_EVIDENCE, None)
    tied = tracker.status_of("k", "2024-03-31")
    assert tied.status is pt.Status.IN_PROGRESS
    assert tied.update is not None and tied.update.percent == Decimal("40")
    assert [(c.source, c.quote) for c in tied.update.evidence] == [("s", "Work began.")]
    assert tied.update == latest_update(tracker.history("k"), dt.date(2024, 3, 31))
    assert tied.commitment == tracker.get_commitment("k")
    assert tracker.status_of("k", "2024-03-31", actor="A").status is pt.Status.BROKEN
    stopped = tracker.status_of("k", "2024-03-01", actor="A")
    assert stopped.status is pt.Status.IN_PROGRESS
    assert tracker.status_of("k", "2024-04-01").status is pt.Status.FULFILLED
