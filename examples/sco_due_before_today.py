"""Which SCO pledges fell due before today, and what evidence is there on each?

Loads the SCO seed corpus into a SQLite file (idempotently) and answers from the store.
Run: python examples/sco_due_before_today.py [DATABASE] [--as-of YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import textwrap
from pathlib import Path

import pledgetrack as pt
from pledgetrack.seeds import load_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", default=str(Path(tempfile.mkdtemp()) / "sco.db"))
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args()

    with pt.open(args.database) as tracker:
        load_corpus(tracker)
        fell_due = [
            s
            for s in tracker.statuses(as_of=args.as_of, has_deadline=True)
            if s.due is not None and s.due < args.as_of
        ]
        fell_due.sort(key=lambda s: (s.due, s.key))
        print(f"{len(fell_due)} SCO pledges fell due before {args.as_of}:\n")
        for standing in fell_due:
            commitment = standing.commitment
            verdict = f"overdue by {standing.days_overdue} days" if standing.overdue else "closed"
            print(f"- {commitment.key} — {commitment.title}")
            print(
                f"  due {commitment.deadline} ({commitment.deadline.phrase!r}); "
                f"status {standing.status.label}; {verdict}"
            )
            if standing.update is None:
                print("  evidence: none in the corpus")
            else:
                for citation in standing.update.evidence:
                    quote = textwrap.shorten(citation.quote, 150)
                    print(
                        f"  evidence ({citation.source}, chars {citation.start}-{citation.end}): "
                        f"“{quote}”"
                    )
            print()


if __name__ == "__main__":
    main()
