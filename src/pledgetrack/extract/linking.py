"""Drafts in relation to each other: restated pledges merged, umbrella parts linked.

- A pledge said twice in one text (a summary, then the full speech) is one draft with
  several quotes: same actor, same quantity, currency and counted noun; or, without a
  quantity, the same actor and mostly the same words, or the same actor taking the same
  office ("will take over the rotating presidency", "the next presidency will be held by
  …"); or a proposal and the decision adopting it, naming the same title.
- A sentence opening "This will include", "Of this", "Including" right after a money or
  count pledge lists parts of it: each part is linked to the umbrella (``parent``) and is
  not counted in it twice.
"""

from __future__ import annotations

import re

import attrs

from pledgetrack.extract.drafts import Draft

__all__ = [
    "PART_OPENER",
    "STOP_WORDS",
    "actor_key",
    "content_words",
    "link_umbrellas",
    "merge_restated",
    "office_pledge",
    "same_pledge",
]

PART_OPENER = re.compile(
    r"^\s*(?:this|these|it|the (?:[\w-]+\s+)?(?:package|sum|amount|fund|funding|financing"
    r"|total|pledge|commitment|support|assistance|aid|money|investment|contribution)s?)"
    r"\s+(?:will\s+|would\s+|shall\s+)?(?:includes?|comprises?|covers?|consists? of|be split)"
    r"|^\s*(?:of (?:this|that|these|the total|which)|including|within this|out of this"
    r"|(?:also\s+)?included\s+(?:are|is))\b",
    re.I,
)
STOP_WORDS = frozenset(
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


def content_words(text: str) -> set[str]:
    """The lowercase words of ``text`` without the stop words."""
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP_WORDS}


_STATE_FORM = re.compile(
    r"^(?:the\s+)?(?:(?:People[’']s|Federal|Islamic|Democratic|Socialist|Arab|United|Plurinational"
    r"|Bolivarian|Co-operative|Cooperative)\s+)*(?:Republic|Kingdom|Federation|State|Commonwealth"
    r"|Sultanate|Emirate|Principality|Grand Duchy)\s+of\s+(?:the\s+)?",
    re.I,
)
_OFFICE = re.compile(
    r"\b(?:take[sn]?(?: over)?|taking(?: over)?|assum\w*|hold|held|act as|serve as"
    r"|fulfil+s? (?:the |its )?duties (?:as|of))\s+(?:the\s+|its\s+)?(?:[\w’'-]+\s+){0,3}?"
    r"(?:presidency|chairmanship|chair)\b"
    r"|\b(?:presidency|chairmanship)\s+(?:will|shall)\s+be\s+(?:held|assumed|taken(?: over)?)"
    r"\s+by\b",
    re.I,
)
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:(?:of|for|on|and|the|de)\s+)*[A-Z][\w’'-]*)+")
_DECISION = re.compile(r"^(?:agree|decide|resolve|(?:the )?decision)", re.I)


def actor_key(actor: str | None) -> str:
    """An actor's name for comparison: "the People's Republic of China" and "China" agree."""
    name = re.sub(r"^the\s+", "", (actor or "").strip(), flags=re.I)
    return _STATE_FORM.sub("", name).lower()


def office_pledge(text: str) -> bool:
    """True when a quote pledges to take or hold a (rotating) presidency or chairmanship."""
    return bool(_OFFICE.search(text))


def _names(draft: Draft) -> set[str]:
    """Titles of three or more capitalised words a quote names ("SCO Year of Sustainable
    Development"), without the actor's own name."""
    own = actor_key(draft.actor)
    out: set[str] = set()
    for m in _NAME.finditer(draft.quote.text):
        if sum(1 for w in m[0].split() if w[0].isupper()) >= 3 and actor_key(m[0]) != own:
            out.add(m[0].lower())
    return out


def same_pledge(a: Draft, b: Draft) -> bool:
    """True when ``b`` restates ``a``: the same actor and the same target (or the same words).

    Two more cases, without a quantity: the same actor taking the same office (an actor holds
    one presidency at a time), and a proposal ("China proposes that 2025 be designated as the
    Year of X") with the decision that adopts it ("agreed to declare 2025 the Year of X"):
    both name the same title of three or more capitalised words.
    """
    if a.quantity is None and b.quantity is None and _same_deadline(a, b):
        kinds = {("proposal" in d.flags, bool(_DECISION.match(d.cue))) for d in (a, b)}
        if kinds == {(True, False), (False, True)} and _names(a) & _names(b):
            return True
    if actor_key(a.actor) != actor_key(b.actor):
        return False
    if (
        a.quantity is None
        and b.quantity is None
        and office_pledge(a.quote.text)
        and office_pledge(b.quote.text)
    ):
        return _same_deadline(a, b)
    if a.quantity is not None or b.quantity is not None:
        return (
            a.quantity == b.quantity
            and a.currency == b.currency
            and _head(a.unit) == _head(b.unit)
            and (a.horizon is None or b.horizon is None or _same_deadline(a, b))
        )
    wa, wb = content_words(a.quote.text), content_words(b.quote.text)
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
    for flag in ("vague", "proposal"):  # a decision adopting a proposal is no proposal
        if flag in flags and (flag not in kept.flags or flag not in other.flags):
            flags = tuple(f for f in flags if f != flag)
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
