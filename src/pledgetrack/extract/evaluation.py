"""How good the extractor is: drafts compared with gold quotes a person chose.

A gold quote is *found* when a draft quote overlaps it by at least half of the shorter of the
two; a draft is *right* when one of its quotes overlaps a gold quote so. Precision is right
drafts over all drafts, recall found gold quotes over all gold quotes (each distinct quote of
each document counts once). A stricter one-to-one score pairs each gold quote with at most
one draft quote and each draft quote with at most one gold quote.

Quantity accuracy: of the gold quotes with a target that are found, the share whose
overlapping draft has exactly the gold quantity and currency. Deadline accuracy: of the found
gold quotes that state a horizon — the commitment has a deadline record (a date or an
explicit "no deadline") and its timing phrase stands in the quote itself — the share whose
draft falls due on the same day (or has no deadline either). A quote whose deadline the
curator took from elsewhere (another sentence, the umbrella sum it is part of, outside
knowledge) is not counted: there is no horizon in the text of that pledge to read.

Two gold sets: the seed corpus (``seeds/commitments.yaml`` and ``seeds/sources.yaml``) and
the texts in :mod:`pledgetrack.extract.gold`, written for this evaluation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import yaml

from pledgetrack.errors import ValidationError
from pledgetrack.extract.drafts import Draft
from pledgetrack.extract.extractor import extract_drafts
from pledgetrack.model.sources import _normalise, find_quote
from pledgetrack.model.values import Deadline, to_date, to_quantity

__all__ = [
    "GoldDocument",
    "GoldQuote",
    "Scores",
    "evaluate",
    "load_gold_dir",
    "load_seed_gold",
    "score_document",
    "states_horizon",
]


@attrs.frozen
class GoldQuote:
    """A pledge quote chosen by a person, with what it promises."""

    quote: str
    start: int
    end: int
    quantity: Decimal | None = None
    currency: str | None = None
    has_horizon: bool = False  # the gold deadline's timing phrase stands in this quote
    deadline: Deadline | None = None
    elsewhere: tuple[tuple[int, int], ...] = ()

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Where the quote stands: its located span, then any repeat of it in the text."""
        return ((self.start, self.end), *self.elsewhere)


@attrs.frozen
class GoldDocument:
    """A text, its announcement date, and its gold pledge quotes."""

    key: str
    text: str
    announced: dt.date
    quotes: tuple[GoldQuote, ...]
    actor: str | None = None
    non_pledges: tuple[str, ...] = ()


@attrs.frozen
class Scores:
    """Counts and rates for one document or a whole gold set."""

    documents: int
    gold_quotes: int
    drafts: int
    found: int
    right_drafts: int
    paired: int
    quantity_total: int
    quantity_exact: int
    deadline_total: int
    deadline_right: int
    non_pledges: int = 0
    non_pledges_drafted: int = 0

    @staticmethod
    def _rate(a: int, b: int) -> float:
        return round(a / b, 3) if b else 1.0

    @property
    def precision(self) -> float:
        """Right drafts over drafts."""
        return self._rate(self.right_drafts, self.drafts)

    @property
    def recall(self) -> float:
        """Found gold quotes over gold quotes."""
        return self._rate(self.found, self.gold_quotes)

    @property
    def strict_precision(self) -> float:
        """One-to-one pairs over draft quotes."""
        return self._rate(self.paired, self.drafts)

    @property
    def strict_recall(self) -> float:
        """One-to-one pairs over gold quotes."""
        return self._rate(self.paired, self.gold_quotes)

    @property
    def quantity_accuracy(self) -> float:
        """Exact quantities over found gold quotes with a quantity."""
        return self._rate(self.quantity_exact, self.quantity_total)

    @property
    def deadline_accuracy(self) -> float:
        """Right deadlines over found gold quotes that state their horizon."""
        return self._rate(self.deadline_right, self.deadline_total)

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            *(a + b for a, b in zip(attrs.astuple(self), attrs.astuple(other), strict=True))
        )

    def to_dict(self) -> dict[str, Any]:
        """Counts and rates as a plain mapping."""
        out: dict[str, Any] = attrs.asdict(self)
        for name in (
            "precision",
            "recall",
            "strict_precision",
            "strict_recall",
            "quantity_accuracy",
            "deadline_accuracy",
        ):
            out[name] = getattr(self, name)
        return out


_EMPTY = Scores(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / max(1, min(a[1] - a[0], b[1] - b[0]))


def _matches(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return _overlap(a, b) >= 0.5


def _same_deadline(gold: Deadline | None, draft: Draft) -> bool:
    gold_due = gold.due if gold is not None else None
    draft_due = draft.deadline.due if draft.deadline is not None else None
    return gold_due == draft_due


def score_document(doc: GoldDocument, drafts: Sequence[Draft]) -> Scores:
    """Scores of ``drafts`` against one gold document."""
    gold = list(doc.quotes)
    spans = [span for g in gold for span in g.spans]
    owner = [j for j, g in enumerate(gold) for _span in g.spans]
    found = quantity_total = quantity_exact = deadline_total = deadline_right = 0
    for g in gold:
        hits = [
            d
            for d in drafts
            if any(_matches((q.start, q.end), span) for q in d.quotes for span in g.spans)
        ]
        if not hits:
            continue
        found += 1
        if g.quantity is not None:
            quantity_total += 1
            if any(d.quantity == g.quantity and d.currency == g.currency for d in hits):
                quantity_exact += 1
        if g.has_horizon:
            deadline_total += 1
            if any(_same_deadline(g.deadline, d) for d in hits):
                deadline_right += 1
    right = sum(
        1 for d in drafts if any(_matches((q.start, q.end), s) for q in d.quotes for s in spans)
    )
    pairs = sorted(
        (
            (_overlap((q.start, q.end), s), i, j)
            for i, d in enumerate(drafts)
            for q in d.quotes[:1]
            for j, s in zip(owner, spans, strict=True)
            if _matches((q.start, q.end), s)
        ),
        reverse=True,
    )
    used_d: set[int] = set()
    used_g: set[int] = set()
    for _score, i, j in pairs:
        if i not in used_d and j not in used_g:
            used_d.add(i)
            used_g.add(j)
    non_pledge_spans = [
        span for text in doc.non_pledges if (span := find_quote(doc.text, text)) is not None
    ]
    drafted = sum(
        1
        for span in non_pledge_spans
        if any(_matches((q.start, q.end), span) for d in drafts for q in d.quotes)
    )
    return Scores(
        documents=1,
        gold_quotes=len(gold),
        drafts=len(drafts),
        found=found,
        right_drafts=right,
        paired=len(used_d),
        quantity_total=quantity_total,
        quantity_exact=quantity_exact,
        deadline_total=deadline_total,
        deadline_right=deadline_right,
        non_pledges=len(non_pledge_spans),
        non_pledges_drafted=drafted,
    )


def evaluate(documents: Iterable[GoldDocument]) -> tuple[Scores, dict[str, Scores]]:
    """Run the extractor on each gold document; the total scores and each document's."""
    per: dict[str, Scores] = {}
    total = _EMPTY
    for doc in documents:
        drafts = extract_drafts(doc.text, doc.announced, doc.actor)
        scores = score_document(doc, drafts)
        per[doc.key] = scores
        total = total + scores
    return total, per


def _repeats(text: str, quote: str, first: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """Every other place the quote stands, white space and quote marks folded."""
    folded, index = _normalise(text)
    needle = _normalise(quote)[0].strip()
    out: list[tuple[int, int]] = []
    pos = folded.find(needle) if needle else -1
    while pos >= 0:
        span = (index[pos], index[pos + len(needle) - 1] + 1)
        if span[0] != first[0]:
            out.append(span)
        pos = folded.find(needle, pos + 1)
    return tuple(out)


def _locate(text: str, quote: str, where: str) -> tuple[int, int]:
    span = find_quote(text, quote)
    if span is None:
        raise ValidationError(where, "quote", quote[:80], "not found in the text")
    return span


def states_horizon(quote: str, phrase: str | None) -> bool:
    """True when the timing phrase of a gold deadline stands in the quote (white space, case
    and quote marks folded)."""
    if not phrase or not phrase.strip():
        return False
    return _normalise(phrase.lower())[0].strip() in _normalise(quote.lower())[0]


def _gold_deadline(raw: Any, announced: dt.date) -> tuple[bool, Deadline | None]:
    if not raw:
        return False, None
    if raw.get("date") in (None, "") or raw.get("precision") in ("none", None):
        return True, Deadline.none(raw.get("phrase"))
    return True, Deadline(
        raw["date"], raw.get("precision", "day"), raw.get("phrase"), raw.get("basis", "stated")
    )


def load_seed_gold(seeds: Path | str) -> list[GoldDocument]:
    """Gold documents from a seed corpus: ``sources.yaml``, ``commitments.yaml``, documents.

    A document's announcement date is the most common ``announced`` of the commitments it
    is cited for (its ``published`` date when it is cited for none). Sources whose ``role`` is
    ``evidence`` (later reports that status updates cite) are not pledge texts and are left out.
    """
    root = Path(seeds)
    sources = yaml.safe_load((root / "sources.yaml").read_text(encoding="utf-8")) or []
    commitments = yaml.safe_load((root / "commitments.yaml").read_text(encoding="utf-8")) or []
    by_source: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for c in commitments:
        for citation in c.get("citations") or []:
            by_source.setdefault(citation["source"], []).append((c, citation))
    docs: list[GoldDocument] = []
    for s in sources:
        if s.get("role", "pledge") == "evidence":
            continue
        text = (root / s["file"]).read_text(encoding="utf-8")
        cited = by_source.get(s["key"], [])
        dates = Counter(to_date(c["announced"]) for c, _ in cited)
        announced = dates.most_common(1)[0][0] if dates else to_date(s["published"])
        quotes: dict[tuple[int, int], GoldQuote] = {}
        for c, citation in cited:
            start, end = _locate(text, citation["quote"], f"{c['key']} in {s['key']}")
            target = c.get("target") or {}
            has_deadline, deadline = _gold_deadline(c.get("deadline"), announced)
            phrase = (c.get("deadline") or {}).get("phrase")
            has_horizon = has_deadline and states_horizon(text[start:end], phrase)
            quantity = to_quantity(str(target["quantity"])) if target.get("quantity") else None
            previous = quotes.get((start, end))
            if previous is not None and previous.quantity is not None:
                continue
            quotes[(start, end)] = GoldQuote(
                text[start:end],
                start,
                end,
                quantity,
                target.get("currency"),
                has_horizon,
                deadline,
                _repeats(text, text[start:end], (start, end)),
            )
        docs.append(
            GoldDocument(
                s["key"], text, announced, tuple(sorted(quotes.values(), key=lambda g: g.start))
            )
        )
    return docs


def gold_directory() -> Path:
    """Where the project's own gold texts are installed."""
    return Path(str(resources.files("pledgetrack.extract") / "gold"))


def load_gold_dir(directory: Path | str | None = None) -> list[GoldDocument]:
    """Gold documents from ``*.yaml`` files (each naming its ``.txt``) in ``directory``."""
    root = Path(directory) if directory is not None else gold_directory()
    docs: list[GoldDocument] = []
    for path in sorted(root.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = (root / data["text"]).read_text(encoding="utf-8")
        announced = to_date(data["announced"], "announced")
        quotes: dict[tuple[int, int], GoldQuote] = {}
        for item in data.get("pledges") or []:
            has_deadline = "deadline" in item
            deadline: Deadline | None = None
            if has_deadline:
                _, deadline = _gold_deadline(item["deadline"] or {"date": None}, announced)
            phrase = item.get("horizon") or (item.get("deadline") or {}).get("phrase")
            quantity = item.get("quantity")
            for quote in [item["quote"], *(item.get("also") or [])]:
                start, end = _locate(text, quote, path.name)
                has_horizon = has_deadline and states_horizon(text[start:end], phrase)
                quotes[(start, end)] = GoldQuote(
                    text[start:end],
                    start,
                    end,
                    None if quantity is None else to_quantity(str(quantity)),
                    item.get("currency"),
                    has_horizon,
                    deadline,
                    _repeats(text, text[start:end], (start, end)),
                )
        non = tuple(str(n["quote"]) for n in data.get("non_pledges") or [])
        docs.append(
            GoldDocument(
                path.stem,
                text,
                announced,
                tuple(sorted(quotes.values(), key=lambda g: g.start)),
                data.get("actor"),
                non,
            )
        )
    return docs
