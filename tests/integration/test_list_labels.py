"""``pledgetrack list --vocabulary``: each status in the words the tracker recorded it with."""

from __future__ import annotations

import csv
import datetime as dt
import io

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


def test_list_shows_the_label_of_the_update_in_force(sourced_tracker: pt.Tracker) -> None:
    tracker = sourced_tracker
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
    url = str(tracker.engine.url.render_as_string(hide_password=False))

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
