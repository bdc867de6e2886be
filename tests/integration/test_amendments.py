"""Corrections with an audit trail: amend, withdraw, amendments — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import pledgetrack as pt
from pledgetrack.io import Amending, ImportFailed, export_document, export_path, import_path
from pledgetrack.rollups import rollup
from pledgetrack.rollups.grid import compliance_grid
from pledgetrack.testing import make_commitment

FORUM = "Kazakhstan will host a youth forum in 2025."
FUND = "The two sides agreed to study a joint fund at an appropriate time."
KEY = "china-digital-training"
STAMP = dt.datetime(2025, 2, 3, 4, 5, 6, tzinfo=dt.UTC)


@pytest.fixture
def filled(sourced_tracker: pt.Tracker) -> pt.Tracker:
    t = sourced_tracker
    t.add_commitment(make_commitment(actors=("China", "Kazakhstan")))
    t.add_commitment(make_commitment("forum", quote=FORUM, target=None, actors=("Kazakhstan",)))
    t.add_commitment(make_commitment("fund", quote=FUND, target=None, deadline=None))
    return t


class TestAmend:
    def test_fields_change_and_the_history_keeps_old_and_new(self, filled: pt.Tracker) -> None:
        amended = filled.amend(
            KEY,
            reason="the source says 'at least'",
            by="A. Editor",
            recorded=STAMP,
            title="China to provide at least 1,000 digital training opportunities",
            target=pt.Target("1000", "training opportunities", qualifier="at_least"),
            deadline=pt.Deadline.in_year(2027, "by 2027"),
        )
        stored = filled.get_commitment(KEY)
        assert stored == amended
        assert stored.title.startswith("China to provide at least")
        assert stored.deadline.phrase == "by 2027" and stored.citations[0].start is not None
        (amendment,) = filled.amendments(KEY)
        assert (amendment.sequence, amendment.author, amendment.recorded) == (1, "A. Editor", STAMP)
        assert amendment.reason == "the source says 'at least'"
        changes = {c.field: (c.old, c.new) for c in amendment.changes}
        assert set(changes) == {"title", "deadline"}  # the target was the same
        assert changes["title"] == (
            "China to provide 1,000 digital training opportunities",
            "China to provide at least 1,000 digital training opportunities",
        )
        assert changes["deadline"][0]["date"] == "2027-07-04"
        assert changes["deadline"][1] == {
            "date": "2027-12-31", "precision": "year", "phrase": "by 2027", "basis": "stated",
        }  # fmt: skip

    def test_amendments_are_numbered_in_order(self, filled: pt.Tracker) -> None:
        filled.amend(KEY, reason="first", themes=["digital"])
        filled.amend(KEY, reason="second", actors=["China"], notes="checked")
        first, second = filled.amendments(KEY)
        assert (first.sequence, second.sequence) == (1, 2)
        assert [c.field for c in second.changes] == ["actors", "notes"]
        assert second.changes[0].old == ["China", "Kazakhstan"]
        assert second.changes[0].new == ["China"]
        assert filled.get_commitment(KEY).actors == ("China",)
        assert [c.key for c in filled.list_commitments(actors=["Kazakhstan"])] == ["forum"]

    def test_refused_changes_leave_everything_as_it_was(self, filled: pt.Tracker) -> None:
        before = filled.get_commitment(KEY)
        cases = [
            ({"title": "x"}, "", "reason"),
            ({"key": "new-key"}, "why", "key"),
            ({}, "why", "changes"),
            ({"title": before.title}, "why", "changes"),
            ({"deadline": pt.Deadline.in_year(2020, "in 2020")}, "why", "deadline"),
            ({"actors": []}, "why", "actors"),
        ]
        for changes, reason, field in cases:
            with pytest.raises(pt.ValidationError) as caught:
                filled.amend(KEY, reason=reason, **changes)
            assert caught.value.record == KEY and caught.value.field == field, changes
        assert filled.get_commitment(KEY) == before
        assert filled.amendments(KEY) == []
        with pytest.raises(pt.NotFoundError):
            filled.amend("nope", reason="why", title="x")

    def test_the_history_guards_actors_and_target(self, filled: pt.Tracker) -> None:
        filled.record_status(KEY, "in_progress", effective="2025-01-01", actors=["Kazakhstan"])
        filled.record_status(KEY, "in_progress", effective="2025-02-01", progress="10")
        with pytest.raises(pt.ValidationError) as caught:
            filled.amend(KEY, reason="why", actors=["China"])
        assert (caught.value.field, caught.value.value) == ("actors", "Kazakhstan")
        with pytest.raises(pt.ValidationError) as caught:
            filled.amend(KEY, reason="why", target=None)
        assert caught.value.field == "target"
        filled.amend(KEY, reason="a second member joined", actors=["China", "Kazakhstan", "Iran"])
        assert filled.amendments(KEY)[0].changes[0].field == "actors"


class TestWithdraw:
    def test_withdrawn_leaves_every_count_but_stays_visible(self, filled: pt.Tracker) -> None:
        filled.record_status("forum", "fulfilled", effective="2025-06-01")
        counts = rollup(filled, as_of="2026-01-01").counts()
        assert counts.total == 3 and counts.by_status[pt.Status.FULFILLED] == 1
        withdrawn = filled.withdraw("forum", reason="duplicate of another", by="B", recorded=STAMP)
        assert withdrawn.withdrawn
        assert [c.key for c in filled.list_commitments(as_of="2026-01-01")] == [KEY, "fund"]
        assert [s.key for s in filled.statuses(as_of="2026-01-01")] == [KEY, "fund"]
        after = rollup(filled, as_of="2026-01-01").counts()
        assert after.total == 2 and after.by_status[pt.Status.FULFILLED] == 0
        by_actor = rollup(filled, as_of="2026-01-01", by=["actor"]).counts("Kazakhstan")
        assert by_actor.total == 1
        assert [r.key for r in compliance_grid(filled, as_of="2026-01-01").rows] == [KEY, "fund"]
        shown = filled.list_commitments(as_of="2026-01-01", withdrawn=True)
        assert [c.key for c in shown] == ["forum"]
        assert len(filled.list_commitments(as_of="2026-01-01", withdrawn=None)) == 3
        assert filled.get_commitment("forum").withdrawn
        (amendment,) = filled.amendments("forum")
        assert amendment.withdrawal and amendment.reason == "duplicate of another"
        assert [(c.field, c.old, c.new) for c in amendment.changes] == [("withdrawn", False, True)]
        with pytest.raises(pt.ConflictError):
            filled.withdraw("forum", reason="again")
        assert len(filled.amendments("forum")) == 1


def _document(tracker: pt.Tracker) -> dict[str, object]:
    return json.loads(json.dumps(export_document(tracker)))


def test_amendments_travel_through_export_and_import(
    filled: pt.Tracker, tmp_path: Path
) -> None:
    filled.amend(KEY, reason="typo", by="A", recorded=STAMP, title="China to train 1,000 people")
    filled.withdraw("fund", reason="not a pledge", recorded=STAMP)
    for name in ("all.json", "all.yaml", "tables", "all.zip"):
        path = tmp_path / name
        export_path(filled, path, "csv" if name == "tables" else None)
        target = tmp_path / f"{name}.db"
        with pt.open(str(target)) as copy:
            report = import_path(copy, path)
            assert report.commitments_added == 3
            assert _document(copy) == _document(filled)
            assert copy.get_commitment("fund").withdrawn
            assert copy.amendments(KEY) == filled.amendments(KEY)


def test_an_import_with_amend_applies_the_differences(filled: pt.Tracker, tmp_path: Path) -> None:
    document = _document(filled)
    commitments = document["commitments"]
    assert isinstance(commitments, list)
    for c in commitments:
        if c["key"] == KEY:
            c["title"] = "China to train 1,000 people in digital skills"
            c["themes"] = ["digital"]
        if c["key"] == "fund":
            c["withdrawn"] = True
    path = tmp_path / "corrected.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_path(filled, path)
    assert "--amend" in str(caught.value)
    report = import_path(filled, path, amend=Amending("corrected export", "Desk"))
    assert report.commitments_amended == 2
    assert filled.get_commitment(KEY).themes == ("digital",)
    (amendment,) = filled.amendments(KEY)
    assert (amendment.reason, amendment.author) == ("corrected export", "Desk")
    assert [c.field for c in amendment.changes] == ["title", "themes"]
    assert filled.get_commitment("fund").withdrawn
    again = import_path(filled, path, amend=Amending("corrected export", "Desk"))
    assert again.commitments_amended == 0 and again.commitments_unchanged == 3
    for c in commitments:
        if c["key"] == "forum":
            c["announced"] = "2024-07-05"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ImportFailed) as refused:
        import_path(filled, path, amend=Amending("x"))
    (problem,) = refused.value.problems
    assert (problem.record, problem.field) == ("forum", "announced")
