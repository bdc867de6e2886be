"""Draft commitments from an announcement, review them, and store the accepted ones.

Run:  python examples/extract_announcement.py [path/to/store.db]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pledgetrack as pt
from pledgetrack.extract import accept_drafts, extract
from pledgetrack.model.sources import Source

SPEECH = """\
China proposes establishing an SCO digital education alliance, and is willing to provide at
least 1,000 training opportunities on digital technology to fellow countries in the SCO in the
next three years.

Since 2019, China has trained 2,000 officials from the region.

In the next five years, China will host 1,000 young people from countries in the SCO for
exchange opportunities in China.
"""


def main(store: Path) -> None:
    """Extract, print the drafts and what was skipped, keep the quantified ones, store them."""
    extraction = extract(SPEECH, "2024-07-04", actor="China")
    for draft in extraction.drafts:
        print(
            f"{draft.id}  {draft.confidence:.2f}  {draft.actor}: {draft.target() or '-'}"
            f"  due {draft.deadline or '-'}  flags={list(draft.flags)}"
        )
        print(f"     “{draft.quote.text}”")
    for skip in extraction.skipped:
        print(f"skipped ({skip.reason}): {skip.text}")

    reviewed = [d for d in extraction.drafts if d.quantity is not None]  # the review step
    source = Source(key="sco-plus-2024-speech", title="SCO Plus speech", text=SPEECH)
    with pt.open(store) as tracker:
        for outcome in accept_drafts(tracker, reviewed, source, extraction.announced):
            print(f"{outcome.draft} -> {outcome.outcome} {outcome.commitment}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as folder:
            main(Path(folder) / "pledges.db")
