"""Record a pledge with its source, follow it with evidence, and ask where it stands on any date.

Run: python examples/quickstart.py [DATABASE]   (default: a new SQLite file in a temporary folder)
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import pledgetrack as pt

REPORT = (
    "ASTANA, 4 July 2024. China is ready to provide at least 1,000 training opportunities in "
    "digital technology in the next three years, the Chinese president said. China will host "
    "the SCO summit in 2025."
)
FOLLOW_UP = "By May 2025, 400 officials from SCO countries had completed digital training courses."


def main(location: str) -> None:
    with pt.open(location) as tracker, tracker.transaction():
        tracker.add_source(
            key="astana-2024-news",
            title="Xi speaks at the 24th SCO summit",
            publisher="Example News Agency",
            published=dt.date(2024, 7, 4),
            text=REPORT,
        )
        tracker.add_source(
            key="training-update-2025",
            title="Digital training programme update",
            published=dt.date(2025, 5, 20),
            text=FOLLOW_UP,
        )
        announced = dt.date(2024, 7, 4)
        phrase = "in the next three years"
        training = tracker.add_commitment(
            key="china-sco-digital-training",
            title="China to provide 1,000 digital training opportunities to SCO countries",
            actors=["China"],
            action="provide training opportunities in digital technology",
            target=pt.Target("1000", "training opportunities", qualifier="at least"),
            beneficiary="SCO countries",
            themes=["digital", "training"],
            event=pt.Event("24th SCO summit", "Astana", announced),
            announced=announced,
            deadline=pt.deadline_from_phrase(phrase, announced),
            citations=[
                pt.Citation(
                    "astana-2024-news",
                    "China is ready to provide at least "
                    "1,000 training opportunities in digital technology in the "
                    "next three years",
                )
            ],
        )
        tracker.add_commitment(
            key="china-host-sco-summit-2025",
            title="China to host the SCO summit in 2025",
            actors=["China"],
            themes=["governance"],
            announced=announced,
            deadline=pt.deadline_from_phrase("in 2025", announced),
            citations=[pt.Citation("astana-2024-news", "China will host the SCO summit in 2025")],
        )
        tracker.record_status(
            training.key,
            "in_progress",
            effective=dt.date(2025, 5, 1),
            effective_precision="month",
            progress="400",
            evidence=[
                pt.Citation(
                    "training-update-2025",
                    "400 officials from SCO countries had completed digital training courses",
                )
            ],
        )

    with pt.open(location) as tracker:
        for as_of in (dt.date(2024, 12, 31), dt.date(2026, 3, 1), dt.date(2027, 8, 1)):
            print(f"As of {as_of}:")
            for standing in tracker.statuses(as_of=as_of):
                due = standing.commitment.deadline
                late = f", overdue by {standing.days_overdue} days" if standing.overdue else ""
                if pt.rules.is_unassessed_past_due(standing.commitment, standing.status, as_of):
                    late = ", deadline passed, not assessed"
                print(f"  {standing.key}: {standing.status.label} (due {due}{late})")


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else str(Path(tempfile.mkdtemp()) / "quickstart.db")
    main(target)
