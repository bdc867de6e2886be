"""Count the Policy Promise Tracker's Taoyuan ratings straight from taoyuan.csv.

Stand-alone on purpose (standard library only, no pledgetrack): the file is CSV with no
header row, one commitment per record; the sixth cell is the tracker's rating and the
seventh its comment. An empty rating counts as 還沒做 ("not yet"), as the tracker's own seed
script reads it. Run it to print the figures saved in tallies.json:

    python tests/data/trackers/g0v-ppt-taoyuan-2015/tally.py
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def tally() -> dict[str, object]:
    text = (HERE / "taoyuan.csv").read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(text, newline="")))
    ratings = Counter((r[5].strip() or "還沒做") for r in records)
    by_policy: dict[str, Counter[str]] = {}
    for r in records:
        by_policy.setdefault(r[0].strip(), Counter())[r[5].strip() or "還沒做"] += 1
    return {
        "figures": "computed from the file, not published",
        "promises": len(records),
        "characters": len(text),
        "rounds": {"current": dict(sorted(ratings.items()))},
        "comments": dict(sorted(Counter(r[6].strip() for r in records if r[6].strip()).items())),
        "without_brief": sum(1 for r in records if not r[1].strip()),
        "by_policy": {k: dict(sorted(v.items())) for k, v in sorted(by_policy.items())},
    }


if __name__ == "__main__":
    print(json.dumps(tally(), ensure_ascii=False, indent=2))
