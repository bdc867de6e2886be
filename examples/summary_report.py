"""Build a small store of summit pledges, summarise it as of a date, and write an HTML report.

Run: python examples/summary_report.py [DATABASE] [--as-of YYYY-MM-DD] [--html FILE]

Without DATABASE a new SQLite file is made in a temporary folder; the report goes to
``summary-report.html`` in that folder unless ``--html`` names a file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

import pledgetrack as pt
from pledgetrack.render import render_html, render_text
from pledgetrack.rollups import rollup, summarize
from pledgetrack.store.bulk import bulk_load

COMMUNIQUE = (
    "QINGDAO, 10 June 2018. China will provide 3,000 training opportunities on human resources "
    "development to SCO member states in the next three years. China will set up a China-SCO "
    "local economic and trade cooperation demonstration area in Qingdao. Kazakhstan will host "
    "an SCO youth forum in 2019. Russia and China will hold a joint anti-terrorism exercise by "
    "the end of 2018. The member states agreed to study an SCO development bank at an "
    "appropriate time. India will organise an SCO food festival in 2019."
)

PLEDGES = [
    # key, actor, themes, quote (exact words of the communiqué), deadline phrase, target
    ("china-hr-training-2018", "China", ["training"],
     "China will provide 3,000 training opportunities", "in the next three years",
     ("3000", "training opportunities")),
    ("china-qingdao-demo-area-2018", "China", ["trade"],
     "China will set up a China-SCO local economic and trade cooperation demonstration area",
     None, None),
    ("kazakhstan-youth-forum-2019", "Kazakhstan", ["youth"],
     "Kazakhstan will host an SCO youth forum in 2019", "in 2019", None),
    ("russia-china-exercise-2018", "Russia", ["security"],
     "Russia and China will hold a joint anti-terrorism exercise", "by the end of 2018", None),
    ("sco-development-bank-study", "SCO", ["finance"],
     "The member states agreed to study an SCO development bank", "at an appropriate time", None),
    ("india-food-festival-2019", "India", ["culture"],
     "India will organise an SCO food festival in 2019", "in 2019", None),
]  # fmt: skip

UPDATES = [
    # key, status, effective, progress
    ("china-hr-training-2018", "in_progress", "2019-06-30", "900"),
    ("china-hr-training-2018", "in_progress", "2020-06-30", "1700"),
    ("china-hr-training-2018", "fulfilled", "2021-05-31", "3200"),
    ("russia-china-exercise-2018", "fulfilled", "2018-08-30", None),
    ("kazakhstan-youth-forum-2019", "delayed", "2019-09-01", None),
    ("china-qingdao-demo-area-2018", "in_progress", "2019-07-24", None),
    ("india-food-festival-2019", "not_started", "2019-03-01", None),
]


def build(location: str) -> None:
    """Store the communiqué, its pledges and their status history in one bulk load."""
    announced = dt.date(2018, 6, 10)
    records: list[pt.Source | pt.Commitment | pt.StatusUpdate] = [
        pt.Source(key="qingdao-2018", title="Qingdao SCO summit communiqué", text=COMMUNIQUE)
    ]
    for key, actor, themes, quote, phrase, target in PLEDGES:
        records.append(
            pt.Commitment(
                key=key,
                title=quote,
                actors=[actor],
                themes=themes,
                announced=announced,
                deadline=pt.deadline_from_phrase(phrase, announced) if phrase else None,
                target=pt.Target(*target) if target else None,
                event=pt.Event("18th SCO summit", "Qingdao", announced),
                citations=[pt.Citation("qingdao-2018", quote)],
            )
        )
    records += [
        pt.StatusUpdate(key, status, day, progress) for key, status, day, progress in UPDATES
    ]
    with pt.open(location) as tracker:
        print(bulk_load(tracker, records))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", help="SQLite file or database URL")
    parser.add_argument("--as-of", default="2020-01-01", help="the date (YYYY-MM-DD)")
    parser.add_argument("--html", help="where to write the HTML report")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pledgetrack-example-"))
    location = args.database or str(folder / "summit.db")
    report = Path(args.html) if args.html else folder / "summary-report.html"

    build(location)
    with pt.open(location) as tracker:
        summary = summarize(tracker, as_of=args.as_of, by=["actor"], since="2018-12-31")
        by_theme = rollup(tracker, by=["theme"], as_of=args.as_of)
    print(render_text(summary, width=110))
    print(
        "Fulfilled by theme:",
        {g.label: g.counts.by_status[pt.Status.FULFILLED] for g in by_theme.groups},
    )
    report.write_text(render_html(summary), encoding="utf-8")
    print(f"HTML report: {report}")


if __name__ == "__main__":
    main()
