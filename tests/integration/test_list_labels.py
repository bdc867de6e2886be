"""A tracker's own labels on the command line: ``list --vocabulary`` shows each status in the
words it was recorded with, and ``summary --by label`` counts by them, in every format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from typer.testing import CliRunner

import pledgetrack as pt
from pledgetrack.cli import app
from pledgetrack.model import Citation, Status

QUOTE = "China is ready to provide at least 1,000 training opportunities"

STAGES = pt.Vocabulary(
    "stages",
    {
        "Primer trámite": Status.IN_PROGRESS,
        "Segundo trámite": Status.IN_PROGRESS,
        "Aprobado": Status.FULFILLED,
    },
)


def _bills(tracker: pt.Tracker) -> str:
    """Four bills at different stages; the store's URL."""
    tracker.add_vocabulary(STAGES)
    for key in ("first", "second", "plain", "silent"):
        tracker.add_commitment(
            key=key,
            title=f"Bill {key}",
            actors=["Congress"],
            announced=dt.date(2024, 1, 1),
            citations=[Citation("summit-report", QUOTE)],
        )
    tracker.record_status("first", "primer trámite", effective="2024-02-01", vocabulary=STAGES)
    tracker.record_status("second", "Segundo trámite", effective="2024-02-01", vocabulary=STAGES)
    tracker.record_status("plain", "in_progress", effective="2024-02-01")  # no label
    tracker.record_status("second", "Aprobado", effective="2024-06-01", vocabulary=STAGES)
    return str(tracker.engine.url.render_as_string(hide_password=False))


def test_list_shows_the_label_of_the_update_in_force(sourced_tracker: pt.Tracker) -> None:
    url = _bills(sourced_tracker)

    def listed(as_of: str) -> dict[str, str]:
        run = CliRunner().invoke(
            app,
            ["list", "--db", url, "--vocabulary", "stages", "--format", "csv", "--as-of", as_of],
        )
        assert run.exit_code == 0, run.output
        return {r["key"]: r["status"] for r in csv.DictReader(io.StringIO(run.stdout))}

    # each update's own label, as recorded; without one, the vocabulary's first for the status;
    # without any update, no label of the vocabulary says "no evidence"
    assert listed("2024-03-01") == {
        "first": "primer trámite",
        "second": "Segundo trámite",
        "plain": "primer trámite",
        "silent": "(no_evidence)",
    }
    # as of a later date, the label of the update then in force
    assert listed("2024-07-01")["second"] == "Aprobado"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json", "csv"])
def test_summary_by_label_in_every_format(sourced_tracker: pt.Tracker, fmt: str) -> None:
    url = _bills(sourced_tracker)
    args = ["summary", "--db", url, "--by", "label", "--as-of", "2024-03-01", "--format", fmt]
    run = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert run.exit_code == 0, run.output
    out = run.stdout
    if fmt == "csv":
        rows = {r["label"]: r for r in csv.DictReader(io.StringIO(out))}
        # the two labels of in_progress apart, each beside its canonical status
        assert {k: (r["total"], r["in_progress"]) for k, r in rows.items()} == {
            "primer trámite": ("1", "1"),
            "Segundo trámite": ("1", "1"),
            "(none)": ("2", "1"),  # "plain" (no label) and "silent" (no update)
        }
    elif fmt == "json":
        groups = json.loads(out)["groups"]
        assert {g["key"]["label"]: g["total"] for g in groups} == {
            "primer trámite": 1, "Segundo trámite": 1, None: 2,
        }  # fmt: skip
        assert groups[-1]["key"]["label"] is None  # none last, as in every table
    else:
        assert "primer trámite" in out and "Segundo trámite" in out and "(none)" in out


def test_an_unknown_dimension_lists_label(sourced_tracker: pt.Tracker) -> None:
    url = _bills(sourced_tracker)
    run = CliRunner().invoke(app, ["summary", "--db", url, "--by", "labels"])
    assert run.exit_code == 2  # a usage error
    assert "'labels' is not a dimension" in run.stderr
    assert "parent, label, field:<name>" in run.stderr
