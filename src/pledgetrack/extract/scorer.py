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

A second model, the *draft check*, rates each finished draft (:func:`draft_features`: its cue,
flags, quantity's kind, deadline, a part or an umbrella, and the tense, modality, reporting
frames and "of which" around its quantity); when cross-validation keeps it, the extractor drops
the drafts it rates below its threshold (:meth:`Fallback.checked`). It learns either from the
extractor's own drafts of the tuning texts or from a wider reading of them
(:func:`select_check`), each draft labelled by the evaluation's rule for a right draft.

Nothing of the model is set by hand: :func:`select` chooses it by cross-validation over the
tuning half, k folds by text — the regularisation (L2 strength and the least count of a
feature) by the held-out log-loss of the sentence labels, then the add threshold by the
held-out precision of the sentences rated at or above it, then a drop threshold only where it
raises the extractor's precision by more than it costs recall, and last the draft check: its
examples and regularisation, and a threshold only where it raises the extractor's precision
by more than it costs recall.
``train`` runs that choice and writes the chosen settings beside the weights, so retraining on
a larger tuning half chooses again::

    python -m pledgetrack.extract.scorer train
    python -m pledgetrack.extract.scorer cv
"""

from __future__ import annotations

import bisect
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
from pledgetrack.extract.drafts import Draft, Skipped
from pledgetrack.extract.quantities import find_quantities
from pledgetrack.extract.sentences import Span, split_sentences
from pledgetrack.rules.horizons import find_horizons

if TYPE_CHECKING:
    from pledgetrack.extract.evaluation import GoldDocument, Scores

__all__ = [
    "FALLBACK_ON",
    "CheckSelection",
    "Fallback",
    "Scorer",
    "Selection",
    "Settings",
    "choose_add",
    "choose_drop",
    "choose_regularisation",
    "draft_features",
    "features",
    "labelled_drafts",
    "labelled_sentences",
    "select",
    "select_check",
    "shipped_check",
    "shipped_fallback",
    "shipped_scorer",
    "shipped_settings",
    "train",
    "train_check",
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
# The draft check's grids: its L2 strength (with MIN_COUNTS) and the score below which a
# draft is dropped.
CHECK_L2S = (1e-3, 1e-2, 3e-2, 1e-1, 3e-1)
CHECKS = (0.1, 0.2, 0.3, 0.4, 0.5)
# What the draft check may learn from: the extractor's own drafts of the tuning texts, or a
# wider reading of them (:func:`select_check`).
EXAMPLES = ("drafts", "widened")
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
        return self.rate(features(sentence))

    def rate(self, names: Sequence[str]) -> float:
        """The model's probability for an example with the features ``names``."""
        z = sum(self.weights.get(f, 0.0) for f in names)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict[str, Any]:
        """The weights as a plain mapping, sorted by name."""
        return {"model": "logistic", "weights": dict(sorted(self.weights.items()))}


# ----- the draft check: how likely one draft the rules (or the fallback) made is right -----

# Words around a draft that tell a promise from a report, a part from a sum, a call from a
# pledge; each is looked for in the draft's sentence and in the six words before its quantity.
_MARKERS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.I)
    for name, pattern in {
        "will": r"\b(?:will|’ll|'ll)\b",
        "shall": r"\bshall\b",
        "would": r"\bwould\b",
        "could": r"\b(?:could|may|might|can)\b",
        "to_be": r"\bto be\b",
        "has": r"\b(?:has|have)\b(?:\s+\w+){0,2}\s+\w+(?:ed|en)\b",
        "had": r"\bhad\b",
        "was": r"\b(?:was|were)\b",
        "is": r"\b(?:is|are)\b",
        "already": r"\balready\b",
        "so_far": r"\b(?:so far|to date|thus far|until now)\b",
        "since": r"\bsince\b",
        "last": r"\b(?:last|previous|past) (?:year|month|week|decade|fiscal|financial)\b",
        "previously": r"\b(?:previously|earlier|before)\b",
        "if": r"\b(?:if|unless|provided|subject to|depending)\b",
        "call_on": r"\b(?:calls?|called|calling) (?:on|upon|for)\b|\burg(?:e|es|ed|ing)\b",
        "said": r"\b(?:said|says|told|stated|added|noted)\b",
        "announced": r"\bannounc(?:ed|es|ing)\b",
        "according": r"\baccording to\b",
        "of_which": r"\bof which\b",
        "including": r"\b(?:includ(?:ing|es|ed)|such as|among them)\b",
        "total": r"\b(?:total|totall?ing|overall|altogether|in all)\b",
        "up_from": r"\b(?:up|down) from\b|\bcompared\b|\bincrease of\b|\brise\b",
        "aim": r"\b(?:aim|target|goal|objective)s?\b",
        "plan": r"\b(?:plans?|planned|expects?|expected|projects?|projected|forecasts?)\b",
        "need": r"\b(?:need|needs|needed|require[sd]?|appeal)\b",
        "each": r"\beach\b",
        "per_year": r"\b(?:per|a|each|every) (?:year|annum)\b|\bannually\b",
    }.items()
}
_SUBJECTS = frozenset(
    ["we", "i", "it", "they", "he", "she", "this", "these", "the", "our", "its", "their", "a"]
)
# Words a sentence opens with before its subject ("In the initiative, we …"): not a name.
_OPENERS = frozenset(
    [
        "in",
        "on",
        "at",
        "by",
        "as",
        "with",
        "under",
        "for",
        "after",
        "before",
        "during",
        "through",
        "over",
        "today",
        "also",
        "additionally",
        "however",
        "meanwhile",
        "moreover",
        "furthermore",
        "while",
        "when",
        "if",
        "to",
        "from",
        "and",
        "but",
        "so",
        "since",
    ]
)
_RELATIVE = re.compile(r"(?:,\s*(?:which|who|that)|\bwhich|\bwhere)\b[^,;]*$", re.I)
_PERCENT = re.compile(r"(?:%|\bper ?cent)\s*$", re.I)
_YEAR_QUANTITY = re.compile(r"^(?:19|20)\d\d$")


def _bucket(value: float, edges: Sequence[float]) -> int:
    """The number of ``edges`` at or below ``value``."""
    return bisect.bisect_right(list(edges), value)


def _quantity_kind(draft: Draft) -> str:
    if draft.quantity is None:
        return "none"
    if draft.currency:
        return "money"
    text = (draft.quantity_text or "").strip()
    if (draft.unit or "").lower() in ("%", "percent", "per cent") or _PERCENT.search(text):
        return "percent"
    if _YEAR_QUANTITY.match(text):
        return "year"
    return "count"


def draft_features(
    draft: Draft,
    text: str,
    sentences: Sequence[Span],
    drafts: Sequence[Draft],
    actor: str | None,
) -> list[str]:
    """The features of one draft: what the extractor read (its cue, flags, quantity's kind,
    deadline, actor, a part or an umbrella) and markers of its sentence around the quantity
    (tense, modality, reporting frames, "of which", a parenthesis, a relative clause), its
    place in the text and its length; ``sentences`` are those of ``text``, ``drafts`` every
    draft of the text, ``actor`` the text's default actor."""
    quote = draft.quote
    starts = [s.start for s in sentences]
    index = max(0, bisect.bisect_right(starts, quote.start) - 1)
    sentence = sentences[index] if sentences else Span(text, 0, len(text))
    body = text[sentence.start : sentence.end]
    # not which reader made the draft (a cue-less reading, the fallback's flag): only what
    # it says and where
    out = ["d:bias", f"d:actor:{draft.actor_from}"]
    out += [f"d:cue:{draft.cue.lower()}"] if draft.cue else []
    out += [f"d:flag:{flag}" for flag in draft.flags if flag != "scorer"]
    if draft.parent:
        out.append("d:part")
    if any(other.parent == draft.id for other in drafts):
        out.append("d:umbrella")
    if actor and draft.actor and draft.actor != actor:
        out.append("d:actor:third")
    kind = _quantity_kind(draft)
    out.append(f"d:kind:{kind}")
    if draft.quantity is not None and draft.quantity > 0:
        out.append(f"d:mag:{kind}:{_bucket(math.log10(draft.quantity), (3, 6, 9))}")
        out.append(f"d:qual:{draft.qualifier.value}")
    if draft.deadline is None:
        out.append("d:deadline:-")
    else:
        out.append("d:deadline:date" if draft.deadline.date else "d:deadline:none")
    words = body.split()
    out.append(f"d:length:{_bucket(len(words), (12, 25, 40, 60))}")
    out.append(f"d:cover:{_bucket((quote.end - quote.start) / max(1, len(body)), (0.5, 0.9))}")
    out.append(
        "d:place:first"
        if index == 0
        else f"d:place:{_bucket(index / max(1, len(sentences)), (0.34, 0.67))}"
    )
    first = re.sub(r"^[^\w]+", "", words[0]).lower() if words else ""
    out.append(
        f"d:subject:{first}"
        if first in _SUBJECTS
        else "d:subject:opener"
        if first in _OPENERS
        else "d:subject:name"
        if words and words[0][:1].isupper()
        else "d:subject:other"
    )
    at = body.find(draft.quantity_text) if draft.quantity_text else -1
    before = body[:at] if at >= 0 else body
    near = " ".join(before.split()[-6:]) if at >= 0 else ""
    for name, pattern in _MARKERS.items():
        if pattern.search(body):
            out.append(f"d:s:{name}")
        if near and pattern.search(near):
            out.append(f"d:near:{name}")
    if at >= 0:
        if before.count("(") > before.count(")"):
            out.append("d:paren")
        if _RELATIVE.search(before):
            out.append("d:relative")
    return sorted(set(out))


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
    which a drafted sentence's drafts are dropped (``drop_below``, None: never); and for the
    draft check, what it learns from (``check_examples``, one of :data:`EXAMPLES`), its
    regularisation (``check_l2``, ``check_min_count``) and the score below which a draft is
    dropped (``check_below``); all None when the check is not used."""

    l2: float
    min_count: int
    add_at: float
    drop_below: float | None = None
    check_examples: str | None = None
    check_l2: float | None = None
    check_min_count: int | None = None
    check_below: float | None = None

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

    def optional(name: str, kind: Callable[[Any], Any]) -> Any:
        return None if raw.get(name) is None else kind(raw[name])

    return Settings(
        float(raw["l2"]),
        int(raw["min_count"]),
        float(raw["add_at"]),
        optional("drop_below", float),
        optional("check_examples", str),
        optional("check_l2", float),
        optional("check_min_count", int),
        optional("check_below", float),
    )


@functools.cache
def shipped_check() -> Scorer:
    """The draft check whose weights ship with the package (trained on the tuning half's
    drafts); empty when none was trained."""
    raw = _shipped().get("check") or {}
    return Scorer({str(k): float(v) for k, v in (raw.get("weights") or {}).items()})


@attrs.frozen
class Fallback:
    """How :func:`pledgetrack.extract.extract` uses a sentence score: a sentence the rules did
    not draft and that rates at or above ``add_at`` is read again as if a cue governed it; the
    drafts of a sentence rating below ``drop_below`` (when set) are dropped; and, when a
    ``check`` and ``check_below`` are set, every finished draft the check rates below
    ``check_below`` is dropped (:meth:`checked`)."""

    score: Callable[[str], float]
    add_at: float
    drop_below: float | None = None
    check: Scorer | None = None
    check_below: float | None = None

    def checked(
        self, drafts: Sequence[Draft], text: str, actor: str | None
    ) -> tuple[list[Draft], list[Skipped]]:
        """The drafts the check keeps, and one skip (reason ``scorer``) per draft it drops,
        quoting the draft. A part whose umbrella is dropped loses its link."""
        if self.check is None or self.check_below is None:
            return list(drafts), []
        sentences = split_sentences(text)
        low = {
            d.id
            for d in drafts
            if self.check.rate(draft_features(d, text, sentences, drafts, actor)) < self.check_below
        }
        kept = [
            attrs.evolve(d, parent=None) if d.parent in low else d
            for d in drafts
            if d.id not in low
        ]
        skips = [
            Skipped(text[d.quote.start : d.quote.end], d.quote.start, d.quote.end, "scorer")
            for d in drafts
            if d.id in low
        ]
        return kept, skips


def shipped_fallback() -> Fallback:
    """The shipped scorer at the shipped thresholds, with the draft check when chosen."""
    settings = shipped_settings()
    check = shipped_check() if settings.check_below is not None else None
    return Fallback(
        shipped_scorer().score, settings.add_at, settings.drop_below, check, settings.check_below
    )


def _tune_documents() -> list[GoldDocument]:
    from pledgetrack.extract.evaluation import load_gold_set

    return sorted(load_gold_set("tune"), key=lambda d: d.key)


def _labelled_rows(doc: GoldDocument) -> list[tuple[list[str], bool]]:
    return [(features(text), label) for text, label in labelled_sentences(doc)]


def _fit_shipped(docs: Sequence[GoldDocument], l2: float, min_count: int) -> Scorer:
    return _fit([row for doc in docs for row in _labelled_rows(doc)], l2=l2, min_count=min_count)


def labelled_drafts(doc: GoldDocument, drafts: Sequence[Draft]) -> list[tuple[list[str], bool]]:
    """The :func:`draft_features` of each draft of a gold document, labelled True when one
    of its quotes overlaps a gold quote (the evaluation's rule for a right draft)."""
    from pledgetrack.extract.evaluation import _matches

    spans = [span for g in doc.quotes for span in g.spans]
    sentences = split_sentences(doc.text)
    return [
        (
            draft_features(d, doc.text, sentences, drafts, doc.actor),
            any(_matches((q.start, q.end), span) for q in d.quotes for span in spans),
        )
        for d in drafts
    ]


def _drafts(doc: GoldDocument, fallback: Fallback) -> list[Draft]:
    from pledgetrack.extract.extractor import extract_drafts

    return extract_drafts(doc.text, doc.announced, doc.actor, fallback=fallback)


def train_check(docs: Sequence[GoldDocument], sentence: Scorer, settings: Settings) -> Scorer:
    """The draft check fitted on the examples ``settings`` chose from ``docs`` (in key order):
    the drafts the extractor makes with the sentence scorer ``sentence`` at ``settings``
    (``drafts``), or the wider reading (``widened``); with the chosen regularisation. Empty
    when the check is not used."""
    if settings.check_l2 is None or settings.check_min_count is None:
        return Scorer({})
    if settings.check_examples == _WIDENED:
        rows = [row for doc in docs for row in _widened(doc)]
    else:
        fallback = Fallback(_Memo(sentence), settings.add_at, settings.drop_below)
        rows = [row for doc in docs for row in labelled_drafts(doc, _drafts(doc, fallback))]
    return _fit(rows, l2=settings.check_l2, min_count=settings.check_min_count)


def train_shipped() -> tuple[Scorer, Scorer, Settings]:
    """Choose the settings by cross-validation (:func:`select`), then train the sentence
    scorer on every sentence of the tuning half, in document-key order, with the chosen
    regularisation, and the draft check on the drafts the extractor then makes of it."""
    docs = _tune_documents()
    settings = select(docs).settings
    sentence = _fit_shipped(docs, settings.l2, settings.min_count)
    return sentence, train_check(docs, sentence, settings), settings


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
    threshold (on top of the chosen add threshold); the draft check's own cross-validation
    (:class:`CheckSelection`); and the settings chosen from them."""

    losses: dict[tuple[float, int], float]
    flagged: dict[float, tuple[int, int]]
    off: Scores
    adds: dict[float, Scores]
    drops: dict[float, Scores]
    check: CheckSelection
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
    examples: Sequence[str] = EXAMPLES,
    check_l2s: Sequence[float] = CHECK_L2S,
    checks: Sequence[float] = CHECKS,
) -> Selection:
    """Choose the settings by k-fold cross-validation by text: each fold's sentences are
    scored by a model trained on the other folds only. First the regularisation, by the mean
    held-out log-loss of the sentence labels; then, with it, the add threshold by the held-out
    precision of the sentences rated at or above it (:func:`choose_add`); then a drop
    threshold on top of it, kept only when it raises the extractor's precision by more than
    it lowers its recall (:func:`choose_drop`). The extractor's scores at every add threshold
    are measured too (:attr:`Selection.adds`), though not chosen from: its rules were written
    from these very texts, so the sentences they leave undrafted here are the hard ones.
    Last the draft check (:func:`select_check`), kept only when it raises the extractor's
    cross-validated precision by more than it lowers its recall."""
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
    fold_drafts = [
        [_drafts(doc, Fallback(memo, add_at, drop_below)) for doc in docs] for _held, memo in scored
    ]
    check = select_check(docs, splits, fold_drafts, examples, check_l2s, min_counts, checks)
    settings = Settings(
        l2, least, add_at, drop_below, check.examples, check.l2, check.min_count, check.below
    )
    return Selection(losses, flagged, off, adds, dropped, check, settings)


@attrs.frozen
class CheckSelection:
    """The draft check's cross-validation: for each kind of examples (:data:`EXAMPLES`) the
    held-out log-loss of each regularisation on those examples, and with the chosen one the
    held-out drafts of the extractor rated below each threshold (wrong among them, all of
    them) and the extractor's scores when they are dropped; the scores without the check
    (``reference``); and what was chosen (all None: the check is not used)."""

    losses: dict[tuple[str, float, int], float]
    low: dict[tuple[str, float], tuple[int, int]]
    reference: Scores
    table: dict[tuple[str, float], Scores]
    examples: str | None
    l2: float | None
    min_count: int | None
    below: float | None


_WIDENED = "widened"


def _widened(doc: GoldDocument) -> list[tuple[list[str], bool]]:
    """Examples for the check from a wider reading of ``doc``: the rules' drafts and those of
    every sentence they left for want of a cue, read as if a cue governed it."""
    return labelled_drafts(doc, _drafts(doc, Fallback(lambda _sentence: 1.0, 0.0)))


def select_check(
    docs: Sequence[GoldDocument],
    splits: Sequence[tuple[list[int], list[int]]],
    fold_drafts: Sequence[Sequence[Sequence[Draft]]],
    examples: Sequence[str] = EXAMPLES,
    l2s: Sequence[float] = CHECK_L2S,
    min_counts: Sequence[int] = MIN_COUNTS,
    thresholds: Sequence[float] = CHECKS,
) -> CheckSelection:
    """Choose the draft check by cross-validation by text. ``fold_drafts[k][i]`` are the
    drafts the extractor makes of text i with fold k's sentence scorer (at the chosen
    sentence settings). For each kind of examples — ``drafts``: those very drafts; ``widened``:
    see :func:`_widened` — a check is fitted on the examples of the other folds' texts: its
    regularisation by the held-out log-loss of the examples of fold k's texts, then, with it,
    the held-out texts' drafts are rated and those below each threshold dropped. A (kind,
    threshold) is kept only when it raises the extractor's precision by more than it lowers
    its recall (:func:`choose_drop`), the one of best F1; otherwise the check is off."""
    from pledgetrack.extract.evaluation import _EMPTY, score_document

    drafted = [
        [labelled_drafts(doc, fold_drafts[k][i]) for i, doc in enumerate(docs)]
        for k in range(len(splits))
    ]
    widened = [_widened(doc) for doc in docs] if _WIDENED in examples else []
    fold_of = {i: k for k, (_fit_on, held) in enumerate(splits) for i in held}

    def rows(kind: str, k: int, i: int) -> list[tuple[list[str], bool]]:
        return widened[i] if kind == _WIDENED else drafted[k][i]

    losses: dict[tuple[str, float, int], float] = {}
    low: dict[tuple[str, float], tuple[int, int]] = {}
    table: dict[tuple[str, float], Scores] = {}
    chosen: dict[str, tuple[float, int]] = {}
    for kind in examples:
        models: dict[tuple[float, int], list[Scorer]] = {}
        for l2, least in itertools.product(l2s, min_counts):
            models[(l2, least)] = [
                _fit([r for i in fit_on for r in rows(kind, k, i)], l2=l2, min_count=least)
                for k, (fit_on, _held) in enumerate(splits)
            ]
            pairs = [
                (models[(l2, least)][k].rate(fs), label)
                for i, k in fold_of.items()
                for fs, label in rows(kind, k, i)
            ]
            losses[(kind, l2, least)] = -sum(
                math.log(max(1e-12, p if label else 1.0 - p)) for p, label in pairs
            ) / max(1, len(pairs))
        chosen[kind] = choose_regularisation(
            {key[1:]: loss for key, loss in losses.items() if key[0] == kind}
        )
        fitted = models[chosen[kind]]
        ratings = {
            i: [fitted[k].rate(fs) for fs, _label in drafted[k][i]] for i, k in fold_of.items()
        }
        for t in thresholds:
            rated = [
                (p, label)
                for i, k in fold_of.items()
                for p, (_fs, label) in zip(ratings[i], drafted[k][i], strict=True)
                if p < t
            ]
            low[(kind, t)] = (sum(1 for _p, label in rated if not label), len(rated))
            total = _EMPTY
            for i in sorted(fold_of):
                drafts = fold_drafts[fold_of[i]][i]
                kept = [d for d, p in zip(drafts, ratings[i], strict=True) if p >= t]
                total = total + score_document(docs[i], kept)
            table[(kind, t)] = total
    reference = functools.reduce(
        operator.add,
        [score_document(docs[i], fold_drafts[k][i]) for i, k in sorted(fold_of.items())],
        _EMPTY,
    )
    keys = list(table)
    best = choose_drop(reference, {n: table[key] for n, key in enumerate(keys)})
    if best is None:
        return CheckSelection(losses, low, reference, table, None, None, None, None)
    kind, below = keys[int(best)]
    l2, least = chosen[kind]
    return CheckSelection(losses, low, reference, table, kind, l2, least, below)


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
    check = selection.check
    lines += ["", "| draft check: examples | L2 | least count | held-out log-loss |"]
    lines.append("|---|---|---|---|")
    for (kind, l2, least), loss in check.losses.items():
        mark = (kind, l2, least) == (check.examples, check.l2, check.min_count)
        lines.append(
            f"| {kind} | {_bold(f'{l2:g}', mark)} | {_bold(str(least), mark)} | {loss:.4f} |"
        )
    lines += [
        "",
        "| draft check | drafts rated below | wrong among them | "
        "precision | recall | F1 | quantity | deadline | drafts |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {_bold('off', check.below is None)} | – | – " + _row("", check.reference)[3:],
    ]
    for (kind, t), scores in check.table.items():
        wrong, n = check.low[(kind, t)]
        name = _bold(f"{kind}, below {t:.2f}", (kind, t) == (check.examples, check.below))
        lines.append(f"| {name} | {n} | {wrong} " + _row("", scores)[3:])
    lines += ["", f"chosen: {json.dumps(chosen.to_dict(), sort_keys=True)}"]
    return lines


def main(argv: Sequence[str]) -> int:
    """``train``: choose the settings and write them with the weights; ``cv``: print the
    cross-validated tables the choice is made from."""
    command = argv[0] if argv else ""
    if command == "train":
        scorer, check, settings = train_shipped()
        data = {**scorer.to_dict(), "check": check.to_dict(), "settings": settings.to_dict()}
        text = json.dumps(data, indent=0, sort_keys=True) + "\n"
        _weights_path().write_text(text, encoding="utf-8")
        print(
            f"{len(scorer.weights)} sentence weights, {len(check.weights)} draft weights and "
            f"{settings.to_dict()} written to {_weights_path()}"
        )
        return 0
    if command == "cv":
        print("\n".join(_table(select(_tune_documents()))))
        return 0
    print("usage: python -m pledgetrack.extract.scorer train|cv", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
