"""The streaming bulk load stores what the Tracker would store, checks what it checks, keeps
nothing on an error, and holds one batch in memory at a time."""

from __future__ import annotations

import datetime as dt
import gc
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

import pledgetrack as pt
from pledgetrack.model import Citation, Commitment, Deadline, Event, Status, StatusUpdate, Target
from pledgetrack.rollups import rollup
from pledgetrack.store.bulk import bulk_load
from pledgetrack.store.rows import commitment_values, update_values
from pledgetrack.store.tables import CommitmentRow, StatusUpdateRow
from pledgetrack.testing import make_commitment, make_source

QUOTE = "China is ready to provide at least 1,000 training opportunities"
RECORDED = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
# PostgreSQL text cannot hold NUL, and no backend a lone surrogate (the model refuses both)
TEXT = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
EVIDENCE = (Citation("summit-report", "Kazakhstan will host"),)


@st.composite
def commitments(draw: st.DrawFn, key: str = "c0", parent: str | None = None) -> Commitment:
    """A commitment using every field the store maps."""
    announced = draw(st.dates(dt.date(2015, 1, 1), dt.date(2025, 1, 1)))
    deadline = None
    if draw(st.booleans()):
        precision = draw(st.sampled_from(["day", "month", "quarter", "year"]))
        deadline = Deadline(
            announced + dt.timedelta(days=draw(st.integers(0, 2000))),
            precision,
            draw(st.sampled_from([None, "in the next three years"])),
            draw(st.sampled_from(["stated", "inferred"])),
        )
    target = None
    if draw(st.booleans()):
        target = Target(
            Decimal(draw(st.integers(0, 10**9))) / 100,
            "USD",
            draw(st.sampled_from([None, "USD", "EUR"])),
            draw(st.sampled_from(["exactly", "at_least", "up_to"])),
        )
    custom: dict[str, object] = {}
    if draw(st.booleans()):
        custom["region"] = draw(st.sampled_from(["asia", "europe"]))
    if draw(st.booleans()):
        custom["budget"] = Decimal(draw(st.integers(0, 10**6))) / 10
    if draw(st.booleans()):
        custom["signed"] = draw(st.dates())
    return Commitment(
        key=key,
        title=draw(st.text(TEXT, min_size=1, max_size=40).filter(str.strip)),
        actors=draw(st.lists(st.sampled_from(["China", "Kazakhstan", "SCO"]), min_size=1,
                             max_size=3, unique=True)),
        announced=announced,
        citations=(Citation("summit-report", QUOTE),),
        action=draw(st.sampled_from([None, "provide training"])),
        target=target,
        beneficiary=draw(st.sampled_from([None, "member states"])),
        themes=draw(st.lists(st.sampled_from(["digital", "trade", "youth"]), max_size=3,
                             unique=True)),
        event=draw(st.sampled_from([None, Event("Astana summit", "Astana", dt.date(2024, 7, 4))])),
        deadline=deadline,
        parent=parent,
        custom=custom,
        notes=draw(st.sampled_from([None, "a note"])),
    )  # fmt: skip


@given(commitment=commitments(), parent_id=st.sampled_from([None, 7]))
def test_row_values_fill_every_column(commitment: Commitment, parent_id: int | None) -> None:
    """The one row builder of each kind gives a value to every column but the row id."""
    columns = {c.name for c in CommitmentRow.__table__.columns} - {"id"}  # type: ignore[attr-defined]
    values = commitment_values(commitment, parent_id)
    assert set(values) == columns
    assert values["key"] == commitment.key and values["parent_id"] == parent_id
    update = StatusUpdate(commitment.key, "in_progress", commitment.announced, "12.5", note="n")
    updated = update_values(update, 3, RECORDED)
    assert set(updated) == {c.name for c in StatusUpdateRow.__table__.columns} - {"id"}  # type: ignore[attr-defined]
    assert updated["progress"] == update.progress and updated["commitment_id"] == 3


def _history(tracker: pt.Tracker, key: str) -> list[tuple[object, ...]]:
    return [
        (u.status, u.effective, u.progress, u.note, u.label, u.evidence)
        for u in tracker.history(key)
    ]


@st.composite
def collections(draw: st.DrawFn) -> tuple[list[Commitment], list[StatusUpdate]]:
    count = draw(st.integers(1, 6))
    made: list[Commitment] = []
    for i in range(count):
        parent = draw(st.sampled_from([None, *[c.key for c in made]]))
        made.append(draw(commitments(key=f"k{i}", parent=parent)))
    updates = []
    for _ in range(draw(st.integers(0, 12))):
        owner = draw(st.sampled_from(made))
        updates.append(
            StatusUpdate(
                owner.key,
                draw(st.sampled_from(list(Status))),
                owner.announced + dt.timedelta(days=draw(st.integers(0, 30))),
                Decimal(draw(st.integers(0, 99))) if owner.target is not None else None,
                note=draw(st.sampled_from([None, "evidence pending"])),
                evidence=draw(st.sampled_from([(), EVIDENCE])),
            )
        )  # fmt: skip
    return made, updates


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_bulk_load_stores_what_the_tracker_stores(
    store_url: str, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    made, updates = data.draw(collections())
    one_by_one = str(tmp_path_factory.mktemp("tracker") / "t.db")
    with pt.open(one_by_one) as reference:
        reference.add_source(make_source())
        for commitment in made:
            reference.add_commitment(commitment)
        for update in updates:
            reference.record_status(
                update.commitment, update.status, effective=update.effective,
                progress=update.progress, note=update.note, evidence=update.evidence,
            )  # fmt: skip
        with pt.open(store_url) as bulk:
            _wipe(bulk)
            report = bulk_load(bulk, [make_source(), *made, *updates], batch_size=2)
            assert (report.sources, report.commitments, report.updates) == (
                1, len(made), len(updates),
            )  # fmt: skip
            for commitment in made:
                assert bulk.get_commitment(commitment.key) == reference.get_commitment(
                    commitment.key
                )
                assert _history(bulk, commitment.key) == _history(reference, commitment.key)
            for day in ("2016-01-01", "2020-06-30", "2031-01-01"):
                assert rollup(bulk, by=["actor"], as_of=day) == rollup(
                    reference, by=["actor"], as_of=day
                )


def _wipe(tracker: pt.Tracker) -> None:
    with tracker.engine.begin() as conn:
        for statement in (
            "DELETE FROM citation", "DELETE FROM status_update", "DELETE FROM commitment_field",
            "DELETE FROM commitment_actor", "DELETE FROM commitment_theme",
            "UPDATE commitment SET parent_id = NULL", "DELETE FROM commitment",
            "DELETE FROM source",
        ):  # fmt: skip
            conn.execute(text(statement))


def _rows(tracker: pt.Tracker) -> tuple[int, int, int]:
    with tracker.engine.connect() as conn:
        return (
            conn.scalar(text("SELECT count(*) FROM source")) or 0,
            conn.scalar(text("SELECT count(*) FROM commitment")) or 0,
            conn.scalar(select(func.count()).select_from(StatusUpdateRow)) or 0,
        )


def _bad_stream(problem: str) -> Iterator[object]:
    """A stream that goes wrong in the second batch, after the first is written."""
    yield make_source()
    for i in range(5):
        yield make_commitment(f"ok-{i}")
        yield StatusUpdate(f"ok-{i}", "in_progress", "2024-08-01", "10")
    if problem == "duplicate":
        yield make_commitment("ok-0")
    elif problem == "parent":
        yield make_commitment("orphan", parent="nowhere")
    elif problem == "early":
        yield StatusUpdate("ok-1", "fulfilled", "2024-01-01")
    elif problem == "progress":
        yield make_commitment("plain", target=None)
        yield StatusUpdate("plain", "in_progress", "2024-08-01", "3")
    elif problem == "quote":
        yield make_commitment("misquoted", quote="China will build a bridge to the moon")
    elif problem == "unknown":
        yield StatusUpdate("nobody", "fulfilled", "2024-08-01")
    elif problem == "record":
        yield "not a record"


@pytest.mark.parametrize(
    ("problem", "error", "message"),
    [
        ("duplicate", pt.ConflictError, "ok-0"),
        ("parent", pt.ValidationError, "no such commitment"),
        ("early", pt.ValidationError, "before the commitment was announced"),
        ("progress", pt.ValidationError, "no quantified target"),
        ("quote", pt.QuoteNotFoundError, "misquoted"),
        ("unknown", pt.NotFoundError, "nobody"),
        ("record", pt.ValidationError, "must be a Source"),
    ],
)
def test_an_error_stores_nothing(
    tracker: pt.Tracker, problem: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        bulk_load(tracker, _bad_stream(problem), batch_size=3)
    assert _rows(tracker) == (0, 0, 0)


def test_declared_fields_are_checked(tracker: pt.Tracker) -> None:
    tracker.declare_field(name="region", type="choice", choices=["asia", "europe"])
    with pytest.raises(pt.ValidationError, match="region"):
        bulk_load(tracker, [make_source(), make_commitment(custom={"region": "mars"})])
    assert _rows(tracker) == (0, 0, 0)


def test_children_may_follow_their_parent_in_the_same_batch(tracker: pt.Tracker) -> None:
    stream = [
        make_source(),
        make_commitment("parent"),
        make_commitment("child", parent="parent"),
        make_commitment("grandchild", parent="child"),
    ]
    bulk_load(tracker, stream, batch_size=100)
    assert tracker.get_commitment("grandchild").parent == "child"
    assert [c.key for c in tracker.list_commitments(parent="parent", as_of="2025-01-01")] == [
        "child"
    ]


def _peak(path: Path, count: int) -> int:
    def stream() -> Iterator[object]:
        yield make_source(text=None)
        for i in range(count):
            commitment = make_commitment(f"c{i}", custom={"n": i})
            yield commitment
            yield StatusUpdate(commitment.key, "in_progress", "2024-08-01", str(i % 900))
            yield StatusUpdate(commitment.key, "partially_fulfilled", "2025-01-01", "950")

    with pt.open(path) as tracker:
        bulk_load(tracker, stream(), batch_size=500)  # warm up caches (compiled statements)
        _wipe(tracker)
        gc.collect()
        tracemalloc.start()
        try:
            bulk_load(tracker, stream(), batch_size=500)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_peak_memory_does_not_grow_with_the_load(tmp_path: Path) -> None:
    """Five times as many commitments need no more memory: batches are streamed."""
    small = _peak(tmp_path / "small.db", 1_000)
    large = _peak(tmp_path / "large.db", 5_000)
    assert large < small * 1.3, (small, large)


def test_records_keep_their_own_recorded_time(tracker: pt.Tracker) -> None:
    stamp = dt.datetime(2024, 9, 1, 12, 0, tzinfo=dt.UTC)
    update = attrs.evolve(StatusUpdate("china-digital-training", "in_progress", "2024-08-01"),
                          recorded=stamp)  # fmt: skip
    bulk_load(tracker, [make_source(), make_commitment(), update], recorded=RECORDED)
    (stored,) = tracker.history("china-digital-training")
    assert stored.recorded == stamp
