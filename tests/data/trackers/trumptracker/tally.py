"""Count TrumpTracker's promises by status and category, straight from data.yaml.

Stand-alone on purpose (standard library only, no pledgetrack, no YAML parser): the
file's layout is regular, one promise per ``  - `` item with its fields indented four
spaces, and double-quoted values use JSON-compatible escapes. Run it to print the
figures saved in tallies.json:

    python tests/data/trackers/trumptracker/tally.py
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIELD = re.compile(r"^    (category|status|status_info): (.*)$")
HUNDRED_DAY_RULE = "This promise was marked as broken because it was not fulfilled within 100 days."


def scalar(raw: str) -> str:
    """The value of a one-line YAML scalar: plain, or double-quoted with JSON escapes."""
    raw = raw.rstrip()
    if raw.startswith('"'):
        value = json.loads(raw)
        assert isinstance(value, str)
        return value
    return raw


def promises(text: str) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    in_promises = False
    for line in text.splitlines():
        if line.rstrip() == "promises:":
            in_promises = True
        elif in_promises and line.rstrip() == "  -":
            items.append({})
        elif in_promises and items and (match := FIELD.match(line)):
            items[-1][match.group(1)] = scalar(match.group(2))
    return items


def tally() -> dict[str, object]:
    items = promises((HERE / "data.yaml").read_text(encoding="utf-8"))
    statuses = Counter(item["status"] for item in items)
    by_category: dict[str, Counter[str]] = {}
    for item in items:
        by_category.setdefault(item["category"], Counter())[item["status"]] += 1
    return {
        "figures": "computed from the file, not published",
        "promises": len(items),
        "rounds": {"current": dict(sorted(statuses.items()))},
        "by_category": {
            category: dict(sorted(counts.items()))
            for category, counts in sorted(by_category.items())
        },
        "broken_by_100_day_rule": sum(
            1 for item in items if item["status_info"].startswith(HUNDRED_DAY_RULE)
        ),
    }


if __name__ == "__main__":
    print(json.dumps(tally(), indent=2, ensure_ascii=False))
