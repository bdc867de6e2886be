"""Count Promised vs Performed's water-area promises by government and outcome, from water.json.

Stand-alone on purpose (standard library only, no pledgetrack). Each promise has an ``era``
(the government it belongs to: ``labour`` or ``national``) and a ``status`` (one of the
tracker's seven outcomes). The score is the tracker's own rule (METHODOLOGY.md, section 4):

    kept% = kept / (kept + broken + in-progress)
    kept = delivered + largely;  broken = partly + not-delivered + abandoned
    superseded promises are left out entirely

Run it to print the figures saved in tallies.json:

    python tests/data/trackers/nz-promised-vs-performed-water/tally.py
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
KEPT = {"delivered", "largely"}
BROKEN = {"partly", "not-delivered", "abandoned"}
OPEN = {"in-progress"}


def score(statuses: Counter[str]) -> dict[str, object]:
    kept = sum(statuses[s] for s in KEPT)
    scored = kept + sum(statuses[s] for s in BROKEN | OPEN)
    return {
        "kept": kept,
        "scored": scored,
        "left_out": sum(n for s, n in statuses.items() if s not in KEPT | BROKEN | OPEN),
        "kept_percent": str((Decimal(100 * kept) / scored).quantize(Decimal("0.0001"))),
    }


def tally() -> dict[str, object]:
    document = json.loads((HERE / "water.json").read_text(encoding="utf-8"))
    promises = document["promises"]
    rounds: dict[str, Counter[str]] = {}
    by_party: dict[str, Counter[str]] = {}
    for promise in promises:
        rounds.setdefault(promise["era"], Counter())[promise["status"]] += 1
        by_party.setdefault(promise["party"], Counter())[promise["status"]] += 1
    everything = Counter(p["status"] for p in promises)
    return {
        "figures": "computed from the file, not published (the publisher's cover all areas)",
        "area": document["areaLabel"],
        "characters": len((HERE / "water.json").read_text(encoding="utf-8")),
        "promises": len(promises),
        "rounds": {era: dict(sorted(c.items())) for era, c in sorted(rounds.items())},
        "by_party": {party: dict(sorted(c.items())) for party, c in sorted(by_party.items())},
        "score": {era: score(c) for era, c in sorted(rounds.items())} | {"all": score(everything)},
    }


if __name__ == "__main__":
    print(json.dumps(tally(), indent=2, ensure_ascii=False))
