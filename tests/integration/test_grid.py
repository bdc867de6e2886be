"""Per-actor status and the compliance grid, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from pathlib import Path

import pytest
from sqlalchemy import select

import pledgetrack as pt
from pledgetrack.render.grid import grid_csv, grid_html, grid_text, grid_to_data
from pledgetrack.rollups import rollup
from pledgetrack.rollups.grid import compliance_grid
from pledgetrack.rules.compliance import Unscored
from pledgetrack.rules.status import status_as_of
from pledgetrack.store.queries import actor_status
from pledgetrack.store.tables import CommitmentRow
from pledgetrack.testing import make_commitment

TRAINING = "China is ready to provide at least 1,000 training opportunities"
FORUM = "Kazakhstan will host a youth forum in 2025."
FUND = "The two sides agreed to study a joint fund at an appropriate time."
MEMBERS = ("China", "Kazakhstan", "Russia")


@pytest.fixture
def members(sourced_tracker: pt.Tracker) -> pt.Tracker:
    """Three commitments of three, two and three members, assessed per member and as a whole."""
    t = sourced_tracker
    t.add_commitment(make_commitment("a-training", quote=TRAINING, actors=MEMBERS))
    t.add_commitment(
        make_commitment(
            "b-forum",
            quote=FORUM,
            target=None,
            actors=("Kazakhstan", "China"),
            deadline=pt.Deadline.in_year(2025, "in 2025"),
        )
    )
    t.add_commitment(
        make_commitment("c-fund", quote=FUND, target=None, actors=MEMBERS, deadline=None)
    )
    t.record_status("a-training", "in_progress", effective="2024-09-01")
    t.record_status("a-training", "fulfilled", effective="2025-03-01", actors=["China"])
    t.record_status("a-training", "broken", effective="2025-03-01", actors=["Russia"])
    t.record_status("b-forum", "not_started", effective="2024-08-01", actors=["Kazakhstan"])
    t.record_status("b-forum", "fulfilled", effective="2025-09-01", actors=["Kazakhstan"])
    t.record_status("c-fund", "not_applicable", effective="2024-08-01", actors=["Russia"])
    t.record_status("c-fund", "delayed", effective="2024-10-01", actors=["China"])
    return t


class TestStatusOf:
    def test_each_actor_has_its_own_status(self, members: pt.Tracker) -> None:
        day = "2025-06-30"
        assert members.status_of("a-training", day).status is pt.Status.IN_PROGRESS
        china = members.status_of("a-training", day, actor="China")
        assert china.status is pt.Status.FULFILLED and china.actor == "China"
        assert china.since == dt.date(2025, 3, 1)
        assert members.status_of("a-training", day, actor="Russia").status is pt.Status.BROKEN
        kazakhstan = members.status_of("a-training", day, actor="Kazakhstan")
        assert kazakhstan.status is pt.Status.IN_PROGRESS
        assert kazakhstan.update is not None and kazakhstan.update.actors == ()

    def test_an_actor_update_does_not_change_the_whole(self, members: pt.Tracker) -> None:
        whole = members.status_of("b-forum", "2026-01-01")
        assert whole.status is pt.Status.NO_EVIDENCE
        assert members.status_of("b-forum", "2026-01-01", actor="Kazakhstan").status is (
            pt.Status.FULFILLED
        )
        counts = rollup(members, as_of="2026-01-01").counts().by_status
        assert counts[pt.Status.FULFILLED] == 0
        assert counts[pt.Status.IN_PROGRESS] == 1 and counts[pt.Status.NO_EVIDENCE] == 2
        listed = members.list_commitments(as_of="2026-01-01", statuses=["no_evidence"])
        assert [c.key for c in listed] == ["b-forum", "c-fund"]

    def test_an_actor_of_another_commitment_is_refused(self, members: pt.Tracker) -> None:
        with pytest.raises(pt.ValidationError) as caught:
            members.status_of("b-forum", actor="Russia")
        assert (caught.value.record, caught.value.field) == ("b-forum", "actor")


def test_sql_agrees_with_the_rule_on_random_histories(sourced_tracker: pt.Tracker) -> None:
    """actor_status (SQL) and latest_update (Python) give the same status, pair by pair."""
    t = sourced_tracker
    rng = random.Random(13)
    statuses = [s.value for s in pt.Status]
    for n in range(12):
        t.add_commitment(make_commitment(f"c{n:02d}", quote=TRAINING, actors=MEMBERS))
        for _ in range(rng.randint(0, 6)):
            named = rng.sample(MEMBERS, rng.randint(0, 2))
            day = dt.date(2024, 7, 4) + dt.timedelta(days=rng.choice([0, 30, 30, 60, 90]))
            t.record_status(f"c{n:02d}", rng.choice(statuses), effective=day, actors=named)
    histories = t.histories()
    ids = {}
    with t.engine.connect() as conn:
        table = CommitmentRow.__table__  # type: ignore[attr-defined]
        ids = dict(conn.execute(select(table.c.id, table.c.key)).all())
        for day in (dt.date(2024, 7, 3), dt.date(2024, 8, 3), dt.date(2024, 10, 2)):
            current = actor_status(day)
            rows = conn.execute(select(current.c.commitment_id, current.c.actor, current.c.status))
            found = {(ids[cid], actor): code for cid, actor, code in rows}
            expected = {}
            for key, history in histories.items():
                for actor in MEMBERS:
                    status = status_as_of(history, day, actor)
                    covered = any(u.effective <= day and (not u.actors or actor in u.actors)
                                  for u in history)  # fmt: skip
                    expected[(key, actor)] = status.value if covered else None
            assert found == expected


class TestGrid:
    def test_cells_scores_and_averages(self, members: pt.Tracker) -> None:
        grid = compliance_grid(members, as_of="2026-01-01")
        assert grid.members == MEMBERS
        assert [row.key for row in grid.rows] == ["a-training", "b-forum", "c-fund"]
        scores = {
            (row.key, m): (None if c is None else (c.score, c.unscored))
            for row in grid.rows
            for m, c in zip(grid.members, row.cells, strict=True)
        }
        assert scores == {
            ("a-training", "China"): (1, None),
            ("a-training", "Kazakhstan"): (0, None),
            ("a-training", "Russia"): (-1, None),
            ("b-forum", "China"): (None, Unscored.UNASSESSED),
            ("b-forum", "Kazakhstan"): (1, None),
            ("b-forum", "Russia"): None,
            ("c-fund", "China"): (0, None),
            ("c-fund", "Kazakhstan"): (None, Unscored.UNASSESSED),
            ("c-fund", "Russia"): (None, Unscored.NOT_APPLICABLE),
        }
        china = grid.member_average("China")
        assert (china.sum, china.scored, china.unassessed, str(china.score)) == (1, 2, 1, "0.50")
        russia = grid.member_average("Russia")
        assert (russia.sum, russia.scored, russia.not_applicable) == (-1, 1, 1)
        forum = grid.rows[1].average
        assert (forum.scored, forum.left_out, str(forum.score)) == (1, 1, "1.00")
        overall = grid.overall
        assert (overall.sum, overall.scored, overall.left_out) == (1, 5, 3)
        assert str(overall.score) == "0.20"

    def test_as_of_an_earlier_date(self, members: pt.Tracker) -> None:
        grid = compliance_grid(members, as_of="2025-06-30")
        forum = grid.cell("b-forum", "Kazakhstan")
        assert forum is not None and forum.status is pt.Status.NOT_STARTED
        assert forum.unscored is Unscored.NOT_YET_DUE
        before = compliance_grid(members, as_of="2024-08-15")
        assert before.cell("a-training", "China") is not None
        assert before.overall.scored == 0

    def test_not_started_after_the_deadline_is_minus_one(self, members: pt.Tracker) -> None:
        members.record_status("b-forum", "not_started", effective="2025-02-01", actors=["China"])
        cell = compliance_grid(members, as_of="2026-01-01").cell("b-forum", "China")
        assert cell is not None and cell.score == -1

    def test_filters_choose_rows_and_members(self, members: pt.Tracker) -> None:
        grid = compliance_grid(members, as_of="2026-01-01", actors=["Russia", "China"])
        assert grid.members == ("Russia", "China")
        assert [row.key for row in grid.rows] == ["a-training", "b-forum", "c-fund"]
        only = compliance_grid(members, as_of="2026-01-01", keys=["b-forum"])
        assert only.members == ("China", "Kazakhstan")
        with pytest.raises(pt.ValidationError):
            compliance_grid(members, as_of="2026-01-01", colour="blue")

    def test_outputs(self, members: pt.Tracker) -> None:
        grid = compliance_grid(members, as_of="2026-01-01")
        data = json.loads(json.dumps(grid_to_data(grid)))
        assert data["members"] == list(MEMBERS)
        assert data["commitments"][1]["cells"]["Russia"] is None
        assert data["commitments"][1]["cells"]["China"]["unscored"] == "unassessed"
        assert data["member_averages"]["China"]["score"] == "0.50"
        assert data["overall"] == {
            "score": "0.20", "sum": 1, "scored": 5, "full": 2, "partial": 2, "none": 1,
            "unassessed": 2, "not_yet_due": 0, "not_applicable": 1,
        }  # fmt: skip
        rows = list(csv.reader(io.StringIO(grid_csv(grid))))
        assert rows[0] == ["key", "title", *MEMBERS, "average", "scored", "left_out"]
        assert rows[1][2:] == ["+1", "0", "-1", "0.00", "3", "0"]
        assert rows[2][2:] == ["", "+1", "", "+1.00", "1", "1"]
        assert rows[-1] == ["average", "", "+0.50", "+0.50", "-1.00", "+0.20", "5", "3"]
        text = grid_text(grid)
        assert "Compliance grid as of 2026-01-01" in text and "unassessed" in text
        page = grid_html(grid, anchor=lambda key: f"commitment-{key}")
        assert 'href="#commitment-b-forum"' in page and "5 cells scored, 3 left out" in page


def test_the_grid_command(members: pt.Tracker, store_url: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pledgetrack.cli import app

    runner = CliRunner()
    base = ["grid", "--db", store_url, "--as-of", "2026-01-01"]
    text = runner.invoke(app, base)
    assert text.exit_code == 0, text.stderr
    assert "a-training" in text.stdout and "+0.20" in text.stdout
    data = json.loads(runner.invoke(app, [*base, "--format", "json"]).stdout)
    assert data["overall"]["scored"] == 5
    out = tmp_path / "grid.csv"
    done = runner.invoke(app, [*base, "--format", "csv", "--theme", "digital", "-o", str(out)])
    assert done.exit_code == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("key,title,China,Kazakhstan,Russia,")
    bad = runner.invoke(app, [*base, "--as-of", "someday"])
    assert bad.exit_code == 2 and "'someday'" in bad.stderr and "--as-of" in bad.stderr


def test_the_report_holds_the_grid_when_members_are_assessed(
    members: pt.Tracker, store_url: str, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from pledgetrack.cli import app

    page = tmp_path / "report.html"
    args = ["report", "--db", store_url, "--as-of", "2026-01-01", "-o", str(page)]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    assert 'id="compliance-grid"' in html and "5 cells scored, 3 left out" in html


def test_the_report_has_no_grid_without_member_assessments(
    sourced_tracker: pt.Tracker, store_url: str, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from pledgetrack.cli import app

    sourced_tracker.add_commitment(make_commitment("a-training", quote=TRAINING, actors=MEMBERS))
    sourced_tracker.record_status("a-training", "in_progress", effective="2024-09-01")
    page = tmp_path / "report.html"
    args = ["report", "--db", store_url, "--as-of", "2026-01-01", "-o", str(page)]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert "compliance-grid" not in page.read_text(encoding="utf-8")
