"""Import a yearly-rated spreadsheet into a pledgetrack store, then read it back by year.

    python examples/import_yearly_spreadsheet/run.py [STORE]

STORE is a SQLite file or a database URL (default: a new file in a temporary folder). The
mapping (mapping.yaml) turns each row of ratings.csv into a commitment and each annual rating
column (status_2021, status_2022, status_2023) into a dated status update, keeping the
spreadsheet's own rating words as labels.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

import pledgetrack as pt
from pledgetrack.io import import_path

HERE = Path(__file__).resolve().parent


def main() -> None:
    store = sys.argv[1] if len(sys.argv) > 1 else str(Path(tempfile.mkdtemp()) / "ratings.db")
    with pt.open(store) as tracker:
        checked = import_path(tracker, None, mapping=HERE / "mapping.yaml", dry_run=True)
        print(f"dry run: {checked}")
        report = import_path(tracker, None, mapping=HERE / "mapping.yaml")
        print(f"import: {report}")
        for notice in report.notices:
            print(f"  note: {notice}")
        again = import_path(tracker, None, mapping=HERE / "mapping.yaml")
        print(f"again: {again}")

        for year in (2021, 2022, 2023):
            counts = Counter(s.status for s in tracker.statuses(as_of=f"{year}-12-31"))
            shown = ", ".join(
                f"{status.value} {counts[status]}" for status in pt.Status if counts[status]
            )
            print(f"as of {year}-12-31: {shown}")

        late = tracker.statuses(as_of="2023-12-31", overdue=True)
        print(f"overdue on 2023-12-31: {', '.join(s.key for s in late)}")
        governance = tracker.list_commitments(as_of="2023-12-31", custom={"sector": "Governance"})
        print(f"governance commitments: {len(governance)}")
        children = tracker.list_commitments(as_of="2023-12-31", parent="ndu-12")
        print(f"parts of ndu-12: {', '.join(c.key for c in children)}")
        history = tracker.history("ndu-7")
        print("ndu-7: " + "; ".join(f"{u.effective} {u.label} → {u.status.value}" for u in history))


if __name__ == "__main__":
    main()
