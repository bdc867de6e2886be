"""A learned sentence scorer: how likely a sentence states a pledge.

A logistic regression over simple features of one sentence: its lowercased words and word
pairs, with numbers, years, currencies, percentages and scale words ("million") folded to a
class each, and the flags the extractor's own readers give (a commitment cue and its words, a
quantity, an amount of money, a timing phrase). It is trained only on the sentences of the real
tuning half (``gold/real/tune``): a sentence is a positive example when it holds at least half
of a gold quote (the evaluation's overlap rule).

The extractor can use it as a fallback (:data:`FALLBACK_ON`): a sentence its rules did not
draft, rated at or above :data:`THRESHOLD`, is read again as if a commitment cue governed it,
through the same quantity, deadline and actor reading, and its drafts carry the flag
``scorer``. The threshold was chosen by cross-validation over the tuning half, k folds by text.

Train the shipped weights (deterministic) and rerun the cross-validation with::

    python -m pledgetrack.extract.scorer train
    python -m pledgetrack.extract.scorer cv
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from pledgetrack.extract import cues
from pledgetrack.extract.quantities import find_quantities
from pledgetrack.extract.sentences import split_sentences
from pledgetrack.rules.horizons import find_horizons

if TYPE_CHECKING:
    from pledgetrack.extract.evaluation import GoldDocument, Scores

__all__ = [
    "FALLBACK_ON",
    "THRESHOLD",
    "Fallback",
    "Scorer",
    "features",
    "labelled_sentences",
    "shipped_fallback",
    "shipped_scorer",
    "train",
]

# On: on the test half it raised recall (0.712 to 0.789) and F1 (0.740 to 0.778), precision
# 0.770 to 0.768 (docs/extract.md, "A learned sentence scorer as a fallback").
FALLBACK_ON = True
THRESHOLD = 0.8
DROP_BELOW: float | None = None
WEIGHTS_FILE = "scorer_weights.json"
FOLDS = 5
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
DROPS = (0.02, 0.05, 0.1, 0.2)

_TOKEN = re.compile(
    r"[$€£¥₹%]|\d[\d,.]*\d|\d|[A-Za-z]+(?:['’][a-z]+)?",
)
_CURRENCY_WORD = re.compile(
    r"^(?:usd|eur|gbp|jpy|cny|rmb|cad|aud|nzd|chf|inr|dollars?|euros?|pounds?|yen|yuan|rupees?)$"
)
_SCALE = re.compile(r"^(?:thousand|million|billion|trillion|mn|bn|m|b|crore|lakh)$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_DAY = dt.date(2020, 1, 1)  # horizons are only flagged, so any announcement day reads them


def _word(token: str) -> str:
    low = token.lower()
    if token in "$€£¥₹" or _CURRENCY_WORD.match(low):
        return "<cur>"
    if low in ("%", "percent", "per"):
        return "<pct>" if low != "per" else low
    if _YEAR.match(low):
        return "<year>"
    if low[0].isdigit():
        return "<num>"
    if _SCALE.match(low):
        return "<scale>"
    return low


def features(sentence: str) -> list[str]:
    """The features of one sentence: words, word pairs and the extractor's flags."""
    words = ["<s>", *(_word(t) for t in _TOKEN.findall(sentence)), "</s>"]
    out = [f"w:{w}" for w in words[1:-1]]
    out += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    found = cues.commitment_cues(sentence)
    if found:
        out.append("f:cue")
        out += [f"f:cue:{c.text.lower()}" for c in found]
        if any(c.reported for c in found):
            out.append("f:reported")
    quantities = find_quantities(sentence)
    if quantities:
        out.append("f:quantity")
        if any(q.currency for q in quantities):
            out.append("f:money")
    if find_horizons(sentence, _DAY):
        out.append("f:horizon")
    out.append("f:bias")
    return sorted(set(out))


class Scorer:
    """A logistic regression over :func:`features`: weights by feature name."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights

    def score(self, sentence: str) -> float:
        """The probability that ``sentence`` states a pledge, by the model."""
        z = sum(self.weights.get(f, 0.0) for f in features(sentence))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict[str, Any]:
        """The weights as a plain mapping, sorted by name."""
        return {"model": "logistic", "weights": dict(sorted(self.weights.items()))}


def train(
    examples: Sequence[tuple[str, bool]],
    epochs: int = 30,
    rate: float = 0.2,
    l2: float = 1e-4,
    min_count: int = 2,
) -> Scorer:
    """A scorer fitted on ``examples`` (sentence, states a pledge) by stochastic gradient
    descent in their given order: the same examples always give the same weights."""
    rows = [(features(text), label) for text, label in examples]
    counts = Counter(f for fs, _ in rows for f in fs)
    rows = [([f for f in fs if counts[f] >= min_count or f == "f:bias"], y) for fs, y in rows]
    weights: dict[str, float] = {}
    for epoch in range(epochs):
        step = rate / (1.0 + epoch)
        for fs, label in rows:
            z = sum(weights.get(f, 0.0) for f in fs)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            gradient = (1.0 if label else 0.0) - p
            for f in fs:
                w = weights.get(f, 0.0)
                weights[f] = w + step * (gradient - l2 * w)
    return Scorer({f: round(w, 6) for f, w in weights.items() if abs(w) >= 1e-6})


def labelled_sentences(doc: GoldDocument) -> list[tuple[str, bool]]:
    """Each sentence of a gold document, labelled True when it holds at least half of a gold
    quote (the evaluation's overlap rule)."""
    from pledgetrack.extract.evaluation import _matches

    spans = [span for g in doc.quotes for span in g.spans]
    return [
        (s.text, any(_matches((s.start, s.end), span) for span in spans))
        for s in split_sentences(doc.text)
    ]


def _weights_path() -> Path:
    return Path(str(resources.files("pledgetrack.extract").joinpath(WEIGHTS_FILE)))


@functools.cache
def shipped_scorer() -> Scorer:
    """The scorer whose weights ship with the package (trained on the tuning half)."""
    data = json.loads(_weights_path().read_text(encoding="utf-8"))
    return Scorer({str(k): float(v) for k, v in data["weights"].items()})


@attrs.frozen
class Fallback:
    """How :func:`pledgetrack.extract.extract` uses a sentence score: a sentence the rules did
    not draft and that rates at or above ``add_at`` is read again as if a cue governed it; the
    drafts of a sentence rating below ``drop_below`` (when set) are dropped."""

    score: Callable[[str], float]
    add_at: float
    drop_below: float | None = None


def shipped_fallback() -> Fallback:
    """The shipped scorer at the shipped thresholds."""
    return Fallback(shipped_scorer().score, THRESHOLD, DROP_BELOW)


def _tune_documents() -> list[GoldDocument]:
    from pledgetrack.extract.evaluation import load_gold_set

    return sorted(load_gold_set("tune"), key=lambda d: d.key)


def train_shipped() -> Scorer:
    """Train on every sentence of the tuning half, in document-key order."""
    return train([ex for doc in _tune_documents() for ex in labelled_sentences(doc)])


def _evaluate(docs: Sequence[GoldDocument], choice: Fallback | bool) -> Scores:
    from pledgetrack.extract.evaluation import _EMPTY, score_document
    from pledgetrack.extract.extractor import extract_drafts

    total = _EMPTY
    for doc in docs:
        drafts = extract_drafts(doc.text, doc.announced, doc.actor, fallback=choice)
        total = total + score_document(doc, drafts)
    return total


def f1(scores: Scores) -> float:
    """The harmonic mean of precision and recall."""
    p, r = scores.precision, scores.recall
    return round(2 * p * r / (p + r), 3) if p + r else 0.0


def cross_validate(
    folds: int = FOLDS,
    thresholds: Sequence[float] = THRESHOLDS,
    drops: Sequence[float] = DROPS,
) -> dict[str, Scores]:
    """Scores over the tuning half with the fallback off and at each threshold, each text's
    sentences scored by a model trained on the other folds (document i is in fold i mod k,
    documents in key order)."""
    docs = _tune_documents()
    out: dict[str, Scores] = {}
    out["off"] = _evaluate(docs, False)
    for k in range(folds):
        held = [d for i, d in enumerate(docs) if i % folds == k]
        model = train(
            [ex for i, d in enumerate(docs) if i % folds != k for ex in labelled_sentences(d)]
        )
        scored = _Memo(model)
        settings = [(f"add {t:.2f}", Fallback(scored, t)) for t in thresholds]
        settings += [(f"drop {t:.2f}", Fallback(scored, 2.0, t)) for t in drops]
        for name, setting in settings:
            part = _evaluate(held, setting)
            out[name] = out[name] + part if name in out else part
    return out


class _Memo:
    """A scorer's scores, each sentence scored once."""

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer
        self.seen: dict[str, float] = {}

    def __call__(self, sentence: str) -> float:
        if sentence not in self.seen:
            self.seen[sentence] = self.scorer.score(sentence)
        return self.seen[sentence]


def _row(name: str, s: Scores) -> str:
    return (
        f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {f1(s):.3f} | "
        f"{s.quantity_accuracy:.3f} | {s.deadline_accuracy:.3f} | {s.drafts} |"
    )


def main(argv: Sequence[str]) -> int:
    """``train``: write the shipped weights; ``cv``: print the cross-validated table."""
    command = argv[0] if argv else ""
    if command == "train":
        scorer = train_shipped()
        text = json.dumps(scorer.to_dict(), indent=0, sort_keys=True) + "\n"
        _weights_path().write_text(text, encoding="utf-8")
        print(f"{len(scorer.weights)} weights written to {_weights_path()}")
        return 0
    if command == "cv":
        print("| fallback | precision | recall | F1 | quantity | deadline | drafts |")
        print("|---|---|---|---|---|---|---|")
        for name, scores in cross_validate().items():
            print(_row(name, scores))
        return 0
    print("usage: python -m pledgetrack.extract.scorer train|cv", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
