"""Drafts in relation to each other: restated pledges merged, umbrella parts linked.

- A pledge said twice in one text (a summary, then the full speech) is one draft with
  several quotes: same actor, same quantity, currency and counted noun; or, without a
  quantity, the same actor and mostly the same words.
- A sentence opening "This will include", "Of this", "Including" right after a money or
  count pledge lists parts of it: each part is linked to the umbrella (``parent``) and is
  not counted in it twice.
"""

from __future__ import annotations

import re

import attrs

from pledgetrack.extract.drafts import Draft

__all__ = ["PART_OPENER", "link_umbrellas", "merge_restated", "same_pledge"]

PART_OPENER = re.compile(
    r"^\s*(?:this|these|it|the (?:package|sum|amount|fund|funding|total|pledge|commitment))"
    r"\s+(?:will\s+|would\s+|shall\s+)?(?:includes?|comprises?|covers?|consists? of|be split)"
    r"|^\s*(?:of (?:this|that|these|the total|which)|including|within this|out of this)\b",
    re.I,
)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "in",
        "on",
        "for",
        "with",
        "will",
        "is",
        "are",
        "be",
        "by",
        "at",
        "from",
        "that",
        "this",
        "its",
        "their",
        "our",
    ]
)


def _head(unit: str | None) -> str:
    if not unit:
        return ""
    word = re.sub(r"[^\w]+", " ", unit.lower()).split()
    last = word[-1] if word else ""
    return last[:-1] if last.endswith("s") else last


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def same_pledge(a: Draft, b: Draft) -> bool:
    """True when ``b`` restates ``a``: the same actor and the same target (or the same words)."""
    if (a.actor or "").lower() != (b.actor or "").lower():
        return False
    if a.quantity is not None or b.quantity is not None:
        return (
            a.quantity == b.quantity
            and a.currency == b.currency
            and _head(a.unit) == _head(b.unit)
            and (a.horizon is None or b.horizon is None or _same_deadline(a, b))
        )
    wa, wb = _words(a.quote.text), _words(b.quote.text)
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) >= 0.6


def _same_deadline(a: Draft, b: Draft) -> bool:
    if a.deadline is None or b.deadline is None:
        return True
    return a.deadline.due == b.deadline.due


def merge_restated(drafts: list[Draft]) -> list[Draft]:
    """Drafts with restatements folded into the first statement (quotes in text order)."""
    out: list[Draft] = []
    for draft in drafts:
        for i, kept in enumerate(out):
            if kept.parent is None and draft.parent is None and same_pledge(kept, draft):
                out[i] = _fold(kept, draft)
                break
        else:
            out.append(draft)
    return out


def _fold(kept: Draft, other: Draft) -> Draft:
    quotes = tuple(sorted({*kept.quotes, *other.quotes}, key=lambda q: q.start))
    flags = tuple(dict.fromkeys((*kept.flags, *other.flags, "restated")))
    if "vague" in flags and ("vague" not in kept.flags or "vague" not in other.flags):
        flags = tuple(f for f in flags if f != "vague")
    return attrs.evolve(
        kept,
        quotes=quotes,
        horizon=kept.horizon or other.horizon,
        deadline=kept.deadline or other.deadline,
        beneficiary=kept.beneficiary or other.beneficiary,
        action=kept.action or other.action,
        confidence=max(kept.confidence, other.confidence),
        flags=flags,
    )


def link_umbrellas(drafts: list[Draft]) -> list[Draft]:
    """Drafts whose quote opens with "This will include …" linked to the pledge before them.

    A part must be of the same kind as its umbrella (money in the same currency, or the same
    counted noun) and not larger than it.
    """
    out: list[Draft] = []
    umbrella: Draft | None = None
    for draft in drafts:
        if (
            umbrella is not None
            and draft.parent is None
            and draft.quantity is not None
            and umbrella.quantity is not None
            and (PART_OPENER.search(draft.quote.text) or "part_of_umbrella" in draft.flags)
            and draft.currency == umbrella.currency
            and (draft.currency is not None or _head(draft.unit) == _head(umbrella.unit))
            and draft.quantity <= umbrella.quantity
        ):
            draft = attrs.evolve(
                draft,
                parent=umbrella.id,
                actor=draft.actor if draft.actor_from == "text" else umbrella.actor,
                horizon=draft.horizon or umbrella.horizon,
                deadline=draft.deadline or umbrella.deadline,
                flags=tuple(dict.fromkeys((*draft.flags, "part_of_umbrella"))),
            )
        elif draft.parent is None and draft.quantity is not None:
            umbrella = draft
        out.append(draft)
    return out
