"""Import a promise tracker's relational database dump into a pledgetrack store.

    python examples/import_relational_dump/run.py [STORE]

dump.json holds the tracker's tables (promises, categories and the join table between them,
information sources, fulfilment ratings with percentages, verification documents);
milestones.csv its dated milestones. mapping.yaml links them by id: categories become themes,
fulfilment ratings a status history (in the built-in promise-meter vocabulary) with the
verification documents as evidence, milestones child commitments.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

import pledgetrack as pt
from pledgetrack.io import crosswalk, import_path, label_for

HERE = Path(__file__).resolve().parent


def main() -> None:
    store = sys.argv[1] if len(sys.argv) > 1 else str(Path(tempfile.mkdtemp()) / "dump.db")
    with pt.open(store) as tracker:
        report = import_path(tracker, None, mapping=HERE / "mapping.yaml")
        print(f"import: {report}")
        for notice in report.notices:
            print(f"  note: {notice}")

        statuses = tracker.statuses(as_of="2023-12-31")
        counts = Counter(s.status for s in statuses)
        meter = tracker.vocabulary("promise-meter")
        print("as of 2023-12-31, in promise-meter words:")
        for status in pt.Status:
            if counts[status]:
                print(f"  {label_for(meter, status) or status.value}: {counts[status]}")

        pools = tracker.status_of("mayor-1", as_of="2023-12-31")
        assert pools.update is not None
        evidence = "; ".join(f"{c.source}: {c.quote}" for c in pools.update.evidence)
        print(
            f"mayor-1: {pools.update.label} ({pools.update.progress} of 3 pools), "
            f"evidence {evidence}"
        )
        print(f"themes of mayor-20: {', '.join(tracker.get_commitment('mayor-20').themes)}")
        milestones = tracker.list_commitments(as_of="2023-12-31", parent="mayor-1")
        print(f"milestones of mayor-1: {', '.join(c.title for c in milestones)}")
        progress = tracker.vocabulary("progress")
        walk = crosswalk(meter, progress)
        print(
            "promise-meter → progress: "
            + ", ".join(f"{k} → {'/'.join(v) or '-'}" for k, v in walk.items())
        )


if __name__ == "__main__":
    main()
