"""Count Promised vs Performed's promises by government and outcome, from its area files.

Stand-alone on purpose (standard library only, no pledgetrack). Each promise has an ``era``
(the government it belongs to: ``labour`` or ``national``) and a ``status`` (one of the
tracker's seven outcomes). The score is the tracker's own rule (METHODOLOGY.md, section 4):

    kept% = kept / (kept + broken + in-progress)
    kept = delivered + largely;  broken = partly + not-delivered + abandoned
    superseded promises are left out entirely

Run it to print the figures saved in tallies.json:

    python tests/data/trackers/nz-promised-vs-performed/tally.py
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ("water.json", "foreign.json")
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


def counts(promises: list[dict[str, object]]) -> dict[str, object]:
    rounds: dict[str, Counter[str]] = {}
    by_party: dict[str, Counter[str]] = {}
    for promise in promises:
        rounds.setdefault(str(promise["era"]), Counter())[str(promise["status"])] += 1
        by_party.setdefault(str(promise["party"]), Counter())[str(promise["status"])] += 1
    everything = Counter(str(p["status"]) for p in promises)
    return {
        "promises": len(promises),
        "contested": sum(1 for p in promises if p["contested"] is True),
        "rounds": {era: dict(sorted(c.items())) for era, c in sorted(rounds.items())},
        "by_party": {party: dict(sorted(c.items())) for party, c in sorted(by_party.items())},
        "score": {era: score(c) for era, c in sorted(rounds.items())} | {"all": score(everything)},
    }


def tally() -> dict[str, object]:
    areas: dict[str, object] = {}
    every: list[dict[str, object]] = []
    for name in FILES:
        text = (HERE / name).read_text(encoding="utf-8")
        document = json.loads(text)
        every += document["promises"]
        areas[document["areaLabel"]] = {"file": name, "characters": len(text)} | counts(
            document["promises"]
        )
    return {
        "figures": "computed from the files, not published (the publisher's cover all areas)",
        "areas": areas,
        "both": counts(every),
    }


if __name__ == "__main__":
    print(json.dumps(tally(), indent=2, ensure_ascii=False))
