"""Status updates carry the tracker's own percentage, the actors assessed and the author.

On a SQLite file and on PostgreSQL (the ``tracker`` fixture runs both), through every write
path: ``record_status``, ``add_updates``, the bulk loader, and back through ``history``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

import pledgetrack as pt
from pledgetrack.store import migrate
from pledgetrack.store.bulk import bulk_load
from pledgetrack.store.engine import create_store_engine, resolve_url
from pledgetrack.store.tables import CitationRow, StatusUpdateActorRow, StatusUpdateRow
from pledgetrack.testing import make_commitment, make_source

FUND = "The two sides agreed to study a joint fund at an appropriate time."
KEY = "joint-fund"


@pytest.fixture
def fund(sourced_tracker: pt.Tracker) -> pt.Tracker:
    """A store with a two-actor commitment without a quantified target."""
    sourced_tracker.add_commitment(
        make_commitment(KEY, quote=FUND, target=None, actors=("China", "Kazakhstan"))
    )
    return sourced_tracker


def _count(tracker: pt.Tracker, table: object) -> int:
    with tracker.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)  # type: ignore[arg-type]


_UPDATES = StatusUpdateRow.__table__  # type: ignore[attr-defined]
_ACTORS = StatusUpdateActorRow.__table__  # type: ignore[attr-defined]


class TestRoundTrip:
    def test_percent_actors_and_author_come_back(self, fund: pt.Tracker) -> None:
        stored = fund.record_status(
            KEY,
            "partially_fulfilled",
            effective="2025-01-01",
            percent="37.50",
            actors=["Kazakhstan"],
            author="Ana Núñez",
        )
        (read,) = fund.history(KEY)
        assert read == stored
        assert str(read.percent) == "37.50"
        assert read.actors == ("Kazakhstan",)
        assert read.author == "Ana Núñez"

    def test_whole_commitment_update_has_no_actors(self, fund: pt.Tracker) -> None:
        fund.record_status(KEY, "in_progress", effective="2025-01-01")
        (read,) = fund.history(KEY)
        assert (read.percent, read.actors, read.author) == (None, (), None)
        assert _count(fund, _ACTORS) == 0

    def test_actor_order_is_kept(self, fund: pt.Tracker) -> None:
        fund.record_status(
            KEY, "in_progress", effective="2025-01-01", actors=["Kazakhstan", "China"]
        )
        assert fund.history(KEY)[0].actors == ("Kazakhstan", "China")

    def test_percent_without_a_target_but_not_progress(self, fund: pt.Tracker) -> None:
        fund.record_status(KEY, "in_progress", effective="2025-01-01", percent=0)
        fund.record_status(KEY, "fulfilled", effective="2025-02-01", percent=100)
        assert [u.percent for u in fund.history(KEY)] == [Decimal(0), Decimal(100)]
        with pytest.raises(pt.ValidationError) as caught:
            fund.record_status(KEY, "in_progress", effective="2025-03-01", progress=5)
        assert caught.value.field == "progress"

    def test_many_updates_at_once(self, fund: pt.Tracker) -> None:
        updates = [
            pt.StatusUpdate(KEY, "in_progress", "2025-01-01", actors=("China",), percent="50"),
            pt.StatusUpdate(KEY, "delayed", "2025-01-01", actors=("Kazakhstan",), author="X"),
        ]
        stored = fund.add_updates(updates)
        assert [u.actors for u in stored] == [("China",), ("Kazakhstan",)]
        assert [u.actors for u in fund.history(KEY)] == [("China",), ("Kazakhstan",)]
        assert [u.author for u in fund.history(KEY)] == [None, "X"]

    def test_bulk_load_carries_them(self, tracker: pt.Tracker) -> None:
        commitment = make_commitment(KEY, quote=FUND, target=None, actors=("China", "Kazakhstan"))
        report = bulk_load(
            tracker,
            [
                make_source(),
                commitment,
                pt.StatusUpdate(KEY, "in_progress", "2025-01-01", percent="12.5", author="B"),
                pt.StatusUpdate(KEY, "fulfilled", "2025-02-01", actors=("Kazakhstan", "China")),
            ],
        )
        assert report.updates == 2
        first, second = tracker.history(KEY)
        assert (first.percent, first.actors, first.author) == (Decimal("12.5"), (), "B")
        assert second.actors == ("Kazakhstan", "China")

    def test_bulk_load_of_updates_for_a_stored_commitment(self, fund: pt.Tracker) -> None:
        bulk_load(fund, [pt.StatusUpdate(KEY, "broken", "2025-01-01", actors=("China",))])
        assert fund.history(KEY)[0].actors == ("China",)


class TestRefused:
    def test_actor_not_of_the_commitment(self, fund: pt.Tracker) -> None:
        with pytest.raises(pt.ValidationError) as caught:
            fund.record_status(
                KEY, "in_progress", effective="2025-01-01", actors=["China", "Japan"]
            )
        err = caught.value
        assert (err.record, err.field, err.value) == (KEY, "actors[1]", "Japan")
        assert "China, Kazakhstan" in str(err)
        assert _count(fund, _UPDATES) == 0

    def test_bulk_load_refuses_an_unknown_actor_and_keeps_nothing(self, fund: pt.Tracker) -> None:
        with pytest.raises(pt.ValidationError) as caught:
            bulk_load(
                fund,
                [
                    pt.StatusUpdate(KEY, "in_progress", "2025-01-01"),
                    pt.StatusUpdate(KEY, "in_progress", "2025-01-02", actors=("Japan",)),
                ],
            )
        assert (caught.value.record, caught.value.field) == (KEY, "actors[0]")
        assert _count(fund, _UPDATES) == 0

    @pytest.mark.parametrize(
        ("percent", "reason"),
        [("100.01", "between 0 and 100"), ("-1", "negative"), (0.5, "float"), ("half", "number")],
    )
    def test_bad_percent(self, fund: pt.Tracker, percent: object, reason: str) -> None:
        with pytest.raises(pt.ValidationError) as caught:
            fund.record_status(KEY, "in_progress", effective="2025-01-01", percent=percent)  # type: ignore[arg-type]
        assert (caught.value.record, caught.value.field) == (KEY, "percent")
        assert reason in str(caught.value)

    def test_an_actor_named_twice_or_empty(self, fund: pt.Tracker) -> None:
        for actors in (["China", "China"], ["China", " "]):
            with pytest.raises(pt.ValidationError) as caught:
                fund.record_status(KEY, "in_progress", effective="2025-01-01", actors=actors)
            assert caught.value.field == "actors"

    def test_empty_author(self, fund: pt.Tracker) -> None:
        with pytest.raises(pt.ValidationError) as caught:
            fund.record_status(KEY, "in_progress", effective="2025-01-01", author="  ")
        assert caught.value.field == "author"

    def test_the_database_refuses_a_percent_out_of_range(self, fund: pt.Tracker) -> None:
        with fund.engine.connect() as conn:
            cid = conn.scalar(select(func.min(CitationRow.__table__.c.commitment_id)))  # type: ignore[attr-defined]
        row = {
            "commitment_id": cid,
            "status": "in_progress",
            "effective": dt.date(2025, 1, 1),
            "effective_precision": "day",
            "recorded": dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            "percent": Decimal("150"),
        }
        with pytest.raises(IntegrityError), fund.engine.begin() as conn:
            conn.execute(insert(_UPDATES), [row])
        with fund.engine.begin() as conn:
            conn.execute(insert(_UPDATES), [row | {"percent": Decimal("99.5")}])


def test_down_to_0002_and_up_again_keeps_updates_and_their_evidence(store_url: str) -> None:
    """0003 → 0002 → 0003 with evidence on an update: nothing is lost either way.

    (On SQLite a rebuild of status_update would cascade to its evidence citations.)
    """
    with pt.open(store_url) as tracker:
        tracker.add_source(make_source())
        tracker.add_commitment(make_commitment(actors=("China", "Kazakhstan")))
        tracker.record_status(
            "china-digital-training",
            "in_progress",
            effective="2025-01-01",
            evidence=[pt.Citation("summit-report", "Last year 500 young people took part")],
            percent="20",
            actors=["China"],
        )
    engine = create_store_engine(resolve_url(store_url))
    try:
        migrate.downgrade(engine, "0002_fields_vocabularies")
        with engine.connect() as conn:
            citations = conn.scalar(select(func.count()).select_from(CitationRow.__table__))  # type: ignore[attr-defined,arg-type]
            updates = conn.scalar(select(func.count()).select_from(_UPDATES))
        assert (citations, updates) == (2, 1)
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    with pt.open(store_url) as tracker:
        (update,) = tracker.history("china-digital-training")
        assert len(update.evidence) == 1
        assert (update.percent, update.actors, update.author) == (None, (), None)
        tracker.record_status(
            "china-digital-training", "fulfilled", effective="2025-02-01", percent="100",
            actors=["Kazakhstan"], author="C",
        )  # fmt: skip
        assert tracker.history("china-digital-training")[1].actors == ("Kazakhstan",)
