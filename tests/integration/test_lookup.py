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
