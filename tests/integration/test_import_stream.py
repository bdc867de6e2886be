"""A streamed import (records checked and written part by part as the reader yields them) stores
what the whole-file import stores, reports the same problems, and on any problem stores
nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import pledgetrack as pt
from pledgetrack.io.collection import Collection, Entry, load_collection, load_stream
from pledgetrack.io.mapped import iter_mapped, read_mapped
from pledgetrack.io.problems import ImportFailed, Place
from pledgetrack.model import StatusUpdate
from pledgetrack.testing import make_commitment, make_source

TRACKERS = Path(__file__).resolve().parents[1] / "data" / "trackers"


def _stored(tracker: pt.Tracker) -> tuple[object, ...]:
    commitments = tracker.list_commitments(as_of="2100-01-01")
    histories = tracker.histories()
    return (
        [c.key for c in commitments],
        [c.parent for c in commitments],
        {k: [(u.status, u.label, u.effective, u.progress, u.percent) for u in h]
         for k, h in histories.items()},
    )  # fmt: skip


@pytest.mark.parametrize("slug", ["trumptracker", "deldichoalhecho-agenda-social-2019"])
def test_streamed_in_small_parts_stores_what_the_whole_file_import_stores(
    tracker: pt.Tracker, tmp_path: Path, slug: str
) -> None:
    mapping = TRACKERS / slug / "mapping.yaml"
    streamed = load_stream(tracker, iter_mapped(mapping, tracker=tracker), part_size=7)
    with pt.open(tmp_path / "whole.db") as whole:
        expected = load_collection(whole, read_mapped(mapping, tracker=whole))
        assert _stored(tracker) == _stored(whole)
    assert streamed.commitments_added == expected.commitments_added > 7
    assert streamed.updates_added == expected.updates_added
    assert streamed.notices == expected.notices
    again = load_stream(tracker, iter_mapped(mapping, tracker=tracker), part_size=7)
    assert not again.changed
    assert again.commitments_unchanged == expected.commitments_added


def _at(row: int) -> Place:
    return Place("pledges.csv", str(row))


def test_problems_in_any_part_are_all_reported_and_nothing_is_stored(
    tracker: pt.Tracker,
) -> None:
    items = [
        Entry(make_source(), _at(1)),
        Entry(make_commitment("a"), _at(2)),
        Entry(make_commitment("b", quote="words the report never says"), _at(3)),
        Entry(make_commitment("c", parent="a"), _at(4)),
        Entry(make_commitment("a"), _at(5)),  # a later part: still a duplicate
        Entry(StatusUpdate("a", "in_progress", dt.date(2020, 1, 1)), _at(6)),
        Entry(StatusUpdate("c", "in_progress", dt.date(2025, 1, 1)), _at(7)),
        Entry(StatusUpdate("b", "in_progress", dt.date(2025, 1, 1)), _at(8)),
        Entry(StatusUpdate("nobody", "in_progress", dt.date(2025, 1, 1)), _at(9)),
    ]
    with pytest.raises(ImportFailed) as caught:
        load_stream(tracker, items, part_size=2)
    found = [(p.place.row, p.field, p.reason.split(";")[0]) for p in caught.value.problems]
    assert found == [
        ("3", "citations[0]", found[0][2]),
        ("5", "key", "duplicate commitment key"),
        ("6", "effective", "is before the commitment was announced on 2024-07-04"),
        ("9", "commitment", "no such commitment"),
    ]
    assert "not found" in found[0][2]
    assert tracker.count() == 0
    assert tracker.list_sources() == []


def test_a_duplicate_key_names_its_first_place_in_whichever_file(tracker: pt.Tracker) -> None:
    """Across parts and files: the first row, with its file when that is another one."""
    items = [
        Entry(make_source(), Place("sources.csv", "2")),
        Entry(make_commitment("a"), _at(2)),
        Entry(make_commitment("b"), Place("more.csv", "7")),
        Entry(make_commitment("c"), Place(None, None)),
        Entry(make_commitment("a"), _at(9)),
        Entry(make_commitment("b"), _at(10)),
        Entry(make_commitment("a"), Place("more.csv", "3")),
        Entry(make_commitment("c"), _at(11)),
        Entry(make_commitment("d"), Place("pledges.csv", "007")),
        Entry(make_commitment("e"), Place("pledges.csv", "$[4]")),
        Entry(make_commitment("d"), _at(12)),
        Entry(make_commitment("e"), _at(13)),
    ]
    with pytest.raises(ImportFailed) as caught:
        load_stream(tracker, items, part_size=1)
    found = sorted((p.place.file or "", p.place.row or "", p.reason) for p in caught.value.problems)
    assert found == [
        ("more.csv", "3", "duplicate commitment key; first given at pledges.csv, row 2"),
        ("pledges.csv", "10", "duplicate commitment key; first given at more.csv, row 7"),
        ("pledges.csv", "11", "duplicate commitment key; first given at earlier"),
        ("pledges.csv", "12", "duplicate commitment key; first given at row 007"),
        ("pledges.csv", "13", "duplicate commitment key; first given at row $[4]"),
        ("pledges.csv", "9", "duplicate commitment key; first given at row 2"),
    ]
    assert tracker.count() == 0


def test_a_good_stream_is_written_whole(tracker: pt.Tracker) -> None:
    items = [
        Entry(make_source(), _at(1)),
        *(Entry(make_commitment(f"k{i}"), _at(i + 2)) for i in range(5)),
        *(
            Entry(StatusUpdate(f"k{i}", "in_progress", dt.date(2025, 1, 1 + i)), _at(i + 7))
            for i in range(5)
        ),
    ]
    report = load_stream(tracker, items, part_size=2)
    assert (report.sources_added, report.commitments_added, report.updates_added) == (1, 5, 5)
    assert [len(h) for h in tracker.histories().values()] == [1] * 5


@pytest.mark.parametrize("part_size", [1, 2, 100])
def test_updates_of_stored_commitments_match_stored_ones_as_a_whole_file_does(
    tracker: pt.Tracker, tmp_path: Path, part_size: int
) -> None:
    """Each stored update matches one incoming update, whatever part it comes in."""
    stored = StatusUpdate("a", "in_progress", dt.date(2025, 1, 1))
    new = StatusUpdate("a", "delayed", dt.date(2025, 6, 1))
    incoming = [stored, new, stored, new, StatusUpdate("b", "fulfilled", dt.date(2025, 3, 1))]

    def fill(store: pt.Tracker) -> None:
        store.add_source(make_source())
        for key in ("a", "b"):
            store.add_commitment(make_commitment(key))
        store.add_update(stored)

    fill(tracker)
    items = [Entry(u, _at(row)) for row, u in enumerate(incoming, start=2)]
    streamed = load_stream(tracker, items, part_size=part_size)
    with pt.open(tmp_path / "whole.db") as whole:
        fill(whole)
        expected = load_collection(whole, Collection(updates=list(items)))
        assert _stored(tracker) == _stored(whole)
    assert (expected.updates_added, expected.updates_unchanged) == (4, 1)
    assert (streamed.updates_added, streamed.updates_unchanged) == (4, 1)
    again = load_stream(tracker, items, part_size=part_size)
    assert (again.updates_added, again.updates_unchanged) == (0, 5)
