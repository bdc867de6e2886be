"""The extractor on the real test half, a measure the rules were never tuned on.

The targets of issue 12 on the test half are recall >= 0.85, precision >= 0.85, exact quantity
>= 0.95 and deadline >= 0.9. They are not reached yet: the floors below are the figures the
extractor reached on the test half when it was last measured (63 documents, 337 gold quotes:
precision 0.770, recall 0.712, quantity 0.888, deadline 0.855), rounded down to 0.01 and never
above them. With the learned sentence scorer as a fallback (``pledgetrack.extract.scorer``,
trained on the tuning half only) the test half measured precision 0.768, recall 0.789,
quantity 0.872 (163 of 187), deadline 0.871 (74 of 85). (The seven texts added to the test
half in the third round lowered its figures before any rule of that round was written: 0.759 /
0.674 / 0.826 / 0.853.) The fourth round added seven more test texts (70 documents, 358 gold
quotes), which lowered its figures before any rule of that round to precision 0.748, recall
0.791, quantity 0.881, deadline 0.884; after the rules of that round it measured 0.755 / 0.807
/ 0.903 / 0.896 with the scorer trained before the round and 0.751 / 0.830 / 0.888 / 0.896 with
the scorer retrained on the grown tuning half; the floors are the lower of each pair, rounded
down. Round five added 37 texts annotated before the extractor ran on them (17 to the test
half: 87 documents, 442 gold quotes) and retrained the scorer on the grown tuning half with its
settings chosen again by cross-validation; the test half then measured precision 0.761, recall
0.826 (365 of 442), quantity 0.896 (242 of 270), deadline 0.895 (102 of 114). Round six added
54 texts annotated before the extractor ran on them (32 to the test half: 119 documents, 638
gold quotes), rules from the tuning half for what is no pledge, for currencies and for time
limits, and a learned check of each draft chosen by cross-validation; with the scorer
retrained on the merged tuning half the test half measured precision 0.793, recall 0.826 (527
of 638), quantity 0.884 (350 of 396), deadline 0.887 (126 of 142), and the floors follow those
figures (the new test texts lowered quantity and deadline before any rule of the round: 0.860
and 0.887 on the whole half). A change that
loses ground on texts it was not tuned on fails here; the targets stay written beside the
floors so that the distance to them is always in view.

This file computes only the aggregate scores of the test half: never inspect its documents'
drafts or errors while changing rules.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

import pledgetrack.cli.extract  # noqa: F401  (registers the commands)
from pledgetrack.cli.app import app

TARGETS = {
    "recall": 0.85,
    "precision": 0.85,
    "quantity_accuracy": 0.95,
    "deadline_accuracy": 0.9,
}
FLOORS = {
    "recall": 0.82,
    "precision": 0.79,
    "quantity_accuracy": 0.88,
    "deadline_accuracy": 0.88,
}


def test_the_test_half_keeps_its_floor_on_the_way_to_the_targets() -> None:
    result = CliRunner().invoke(app, ["extract-eval", "--set", "test", "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert list(figures) == ["test"] and "documents" not in figures["test"]
    total = figures["test"]["total"]
    assert total["documents"] >= 70 and total["gold_quotes"] >= 358
    assert total["quantity_total"] > 0 and total["deadline_total"] > 0
    reached = {name: total[name] for name in TARGETS}
    for name, floor in FLOORS.items():
        assert floor < TARGETS[name]
        assert reached[name] >= floor, (name, reached[name], floor)
