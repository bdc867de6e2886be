"""A learned sentence scorer: how likely a sentence states a pledge.

A logistic regression over simple features of one sentence: its lowercased words and word
pairs, with numbers, years, currencies, percentages and scale words ("million") folded to a
class each, and the flags the extractor's own readers give (a commitment cue and its words, a
quantity, an amount of money, a timing phrase). It is trained only on the sentences of the real
tuning half (``gold/real/tune``): a sentence is a positive example when it holds at least half
of a gold quote (the evaluation's overlap rule).

The extractor can use it as a fallback (:data:`FALLBACK_ON`): a sentence its rules did not
draft, rated at or above the add threshold, is read again as if a commitment cue governed it,
through the same quantity, deadline and actor reading, and its drafts carry the flag
``scorer``; the drafts of a sentence rated below the drop threshold (when one is chosen) are
dropped.

Nothing of the model is set by hand: :func:`select` chooses it by cross-validation over the
tuning half, k folds by text — the regularisation (L2 strength and the least count of a
feature) by the held-out log-loss of the sentence labels, then the add threshold by the F1 of
the whole extractor, then a drop threshold only where it raises the extractor's precision by
more than it costs recall. ``train`` runs that choice and writes the chosen settings beside
the weights, so retraining on a larger tuning half chooses again::

    python -m pledgetrack.extract.scorer train
    python -m pledgetrack.extract.scorer cv
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import math
import operator
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
    "Fallback",
    "Scorer",
    "Selection",
    "Settings",
    "choose_add",
    "choose_drop",
    "choose_regularisation",
    "features",
    "labelled_sentences",
    "select",
    "shipped_fallback",
    "shipped_scorer",
    "shipped_settings",
    "train",
]

# On: on the test half it raises recall (0.712 to 0.804) and F1 (0.740 to 0.788), precision
# 0.770 to 0.773 (docs/extract.md, "A learned sentence scorer as a fallback").
FALLBACK_ON = True
WEIGHTS_FILE = "scorer_weights.json"
FOLDS = 5
# The grids cross-validation chooses from (docs/extract.md, "A learned sentence scorer").
L2S = (1e-4, 1e-3, 3e-3, 1e-2, 3e-2)
MIN_COUNTS = (1, 2, 3)
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
DROPS = (0.02, 0.05, 0.1, 0.2)
# A rescued sentence must be a pledge as often as issue 12 asks the extractor's drafts to be.
PRECISION_AIM = 0.85
EPOCHS = 30
RATE = 0.2

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
    epochs: int = EPOCHS,
    rate: float = RATE,
    l2: float = 1e-4,
    min_count: int = 2,
) -> Scorer:
    """A scorer fitted on ``examples`` (sentence, states a pledge) by stochastic gradient
    descent in their given order: the same examples always give the same weights. ``l2``
    shrinks each weight a feature's example moves; features seen in fewer than ``min_count``
    examples are left out."""
    return _fit([(features(text), label) for text, label in examples], epochs, rate, l2, min_count)


def _fit(
    rows: Sequence[tuple[Sequence[str], bool]],
    epochs: int = EPOCHS,
    rate: float = RATE,
    l2: float = 1e-4,
    min_count: int = 2,
) -> Scorer:
    counts = Counter(f for fs, _ in rows for f in fs)
    kept = [([f for f in fs if counts[f] >= min_count or f == "f:bias"], y) for fs, y in rows]
    weights: dict[str, float] = {}
    for epoch in range(epochs):
        step = rate / (1.0 + epoch)
        for fs, label in kept:
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


@attrs.frozen
class Settings:
    """What cross-validation chose: the regularisation the weights were fitted with, the
    score at or above which a cue-less sentence is drafted (``add_at``), and the score below
    which a drafted sentence's drafts are dropped (``drop_below``, None: never)."""

    l2: float
    min_count: int
    add_at: float
    drop_below: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The settings as a plain mapping."""
        return attrs.asdict(self)


def _weights_path() -> Path:
    return Path(str(resources.files("pledgetrack.extract").joinpath(WEIGHTS_FILE)))


@functools.cache
def _shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_weights_path().read_text(encoding="utf-8"))
    return data


@functools.cache
def shipped_scorer() -> Scorer:
    """The scorer whose weights ship with the package (trained on the tuning half)."""
    return Scorer({str(k): float(v) for k, v in _shipped()["weights"].items()})


def shipped_settings() -> Settings:
    """The settings cross-validation chose for the shipped weights."""
    raw = _shipped()["settings"]
    drop = raw.get("drop_below")
    return Settings(
        float(raw["l2"]),
        int(raw["min_count"]),
        float(raw["add_at"]),
        None if drop is None else float(drop),
    )


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
    settings = shipped_settings()
    return Fallback(shipped_scorer().score, settings.add_at, settings.drop_below)


def _tune_documents() -> list[GoldDocument]:
    from pledgetrack.extract.evaluation import load_gold_set

    return sorted(load_gold_set("tune"), key=lambda d: d.key)


def _labelled_rows(doc: GoldDocument) -> list[tuple[list[str], bool]]:
    return [(features(text), label) for text, label in labelled_sentences(doc)]


def _fit_shipped(docs: Sequence[GoldDocument], l2: float, min_count: int) -> Scorer:
    return _fit([row for doc in docs for row in _labelled_rows(doc)], l2=l2, min_count=min_count)


def train_shipped() -> tuple[Scorer, Settings]:
    """Choose the settings by cross-validation (:func:`select`), then train on every sentence
    of the tuning half, in document-key order, with the chosen regularisation."""
    docs = _tune_documents()
    settings = select(docs).settings
    return _fit_shipped(docs, settings.l2, settings.min_count), settings


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


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def choose_regularisation(losses: dict[tuple[float, int], float]) -> tuple[float, int]:
    """The (L2, least count) pair of least held-out log-loss; of equal ones (to 4 places)
    the most regularised: the larger L2, then the larger least count."""
    return min(losses, key=lambda k: (round(losses[k], 4), -k[0], -k[1]))


def choose_add(flagged: dict[float, tuple[int, int]], aim: float = PRECISION_AIM) -> float:
    """The lowest threshold at which the sentences the scorer rates at or above it (held out,
    ``flagged[t]`` = (pledges among them, all of them)) are pledges at least ``aim`` of the
    time; 1.0 (no sentence ever rates so high) when no threshold reaches it."""
    reached = [t for t, (right, n) in flagged.items() if n and right >= aim * n]
    return min(reached, default=1.0)


def choose_drop(reference: Scores, table: dict[float, Scores]) -> float | None:
    """A drop threshold only if it raises precision over ``reference`` by more than it lowers
    recall, the one of best F1 (of equal ones, the lowest); None when none does."""
    helpful = [
        t
        for t, s in table.items()
        if s.precision > reference.precision
        and reference.recall - s.recall < s.precision - reference.precision
    ]
    if not helpful:
        return None
    return min(helpful, key=lambda t: (-f1(table[t]), t))


@attrs.frozen
class Selection:
    """A cross-validation over the tuning half: the held-out log-loss of each regularisation,
    the held-out sentences rated at or above each threshold (pledges among them, all of
    them), the extractor's scores with the fallback off, at each add threshold and at each drop
    threshold (on top of the chosen add threshold), and the settings chosen from them."""

    losses: dict[tuple[float, int], float]
    flagged: dict[float, tuple[int, int]]
    off: Scores
    adds: dict[float, Scores]
    drops: dict[float, Scores]
    settings: Settings


def _splits(docs: Sequence[GoldDocument], folds: int) -> list[tuple[list[int], list[int]]]:
    """Document i (in key order) is held out in fold i mod k."""
    index = range(len(docs))
    return [
        ([i for i in index if i % folds != k], [i for i in index if i % folds == k])
        for k in range(folds)
    ]


def select(
    docs: Sequence[GoldDocument],
    folds: int = FOLDS,
    l2s: Sequence[float] = L2S,
    min_counts: Sequence[int] = MIN_COUNTS,
    thresholds: Sequence[float] = THRESHOLDS,
    drops: Sequence[float] = DROPS,
) -> Selection:
    """Choose the settings by k-fold cross-validation by text: each fold's sentences are
    scored by a model trained on the other folds only. First the regularisation, by the mean
    held-out log-loss of the sentence labels; then, with it, the add threshold by the held-out
    precision of the sentences rated at or above it (:func:`choose_add`); then a drop
    threshold on top of it, kept only when it raises the extractor's precision by more than
    it lowers its recall (:func:`choose_drop`). The extractor's scores at every add threshold
    are measured too (:attr:`Selection.adds`), though not chosen from: its rules were written
    from these very texts, so the sentences they leave undrafted here are the hard ones."""
    rows = [_labelled_rows(doc) for doc in docs]
    splits = _splits(docs, folds)
    losses: dict[tuple[float, int], float] = {}
    held_out: dict[tuple[float, int], list[tuple[float, bool]]] = {}
    for l2, least in itertools.product(l2s, min_counts):
        pairs: list[tuple[float, bool]] = []
        for fit_on, held in splits:
            model = _fit([row for i in fit_on for row in rows[i]], l2=l2, min_count=least)
            pairs += [
                (_sigmoid(sum(model.weights.get(f, 0.0) for f in fs)), label)
                for i in held
                for fs, label in rows[i]
            ]
        held_out[(l2, least)] = pairs
        losses[(l2, least)] = -sum(
            math.log(max(1e-12, p if label else 1.0 - p)) for p, label in pairs
        ) / len(pairs)
    l2, least = choose_regularisation(losses)
    flagged = {
        t: (
            sum(1 for p, label in held_out[(l2, least)] if p >= t and label),
            sum(1 for p, _ in held_out[(l2, least)] if p >= t),
        )
        for t in thresholds
    }
    add_at = choose_add(flagged)
    scored = [
        (held, _Memo(_fit([row for i in fit_on for row in rows[i]], l2=l2, min_count=least)))
        for fit_on, held in splits
    ]

    def run(add: float, drop_below: float | None) -> Scores:
        parts = [
            _evaluate([docs[i] for i in held], Fallback(memo, add, drop_below))
            for held, memo in scored
        ]
        return functools.reduce(operator.add, parts)

    off = _evaluate(docs, False)
    adds = {t: run(t, None) for t in thresholds}
    chosen = adds[add_at] if add_at in adds else run(add_at, None)
    dropped = {t: run(add_at, t) for t in drops}
    drop_below = choose_drop(chosen, dropped)
    return Selection(losses, flagged, off, adds, dropped, Settings(l2, least, add_at, drop_below))


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


def _bold(text: str, chosen: bool) -> str:
    return f"**{text}**" if chosen else text


def _table(selection: Selection) -> list[str]:
    chosen = selection.settings
    lines = ["| L2 | least count | held-out log-loss |", "|---|---|---|"]
    for (l2, least), loss in selection.losses.items():
        mark = (l2, least) == (chosen.l2, chosen.min_count)
        lines.append(f"| {_bold(f'{l2:g}', mark)} | {_bold(str(least), mark)} | {loss:.4f} |")
    lines += [
        "",
        "| rated at or above | sentences | pledges among them | precision |",
        "|---|---|---|---|",
    ]
    for t, (right, n) in selection.flagged.items():
        rate = f"{right / n:.3f}" if n else "–"
        lines.append(f"| {_bold(f'{t:.2f}', t == chosen.add_at)} | {n} | {right} | {rate} |")
    lines += [
        "",
        "| fallback | precision | recall | F1 | quantity | deadline | drafts |",
        "|---|---|---|---|---|---|---|",
        _row("off (rules alone)", selection.off),
    ]
    for t, s in selection.adds.items():
        lines.append(_row(_bold(f"add at ≥ {t:.2f}", t == chosen.add_at), s))
    for t, s in selection.drops.items():
        name = f"add at ≥ {chosen.add_at:.2f}, drop below {t:.2f}"
        lines.append(_row(_bold(name, t == chosen.drop_below), s))
    lines += ["", f"chosen: {json.dumps(chosen.to_dict(), sort_keys=True)}"]
    return lines


def main(argv: Sequence[str]) -> int:
    """``train``: choose the settings and write them with the weights; ``cv``: print the
    cross-validated tables the choice is made from."""
    command = argv[0] if argv else ""
    if command == "train":
        scorer, settings = train_shipped()
        data = {**scorer.to_dict(), "settings": settings.to_dict()}
        text = json.dumps(data, indent=0, sort_keys=True) + "\n"
        _weights_path().write_text(text, encoding="utf-8")
        print(
            f"{len(scorer.weights)} weights and {settings.to_dict()} written to {_weights_path()}"
        )
        return 0
    if command == "cv":
        print("\n".join(_table(select(_tune_documents()))))
        return 0
    print("usage: python -m pledgetrack.extract.scorer train|cv", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
