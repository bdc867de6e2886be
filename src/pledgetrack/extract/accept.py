"""From reviewed drafts to stored commitments with citations.

A draft that states a pledge already stored (same actor, same target; or, without a target,
mostly the same words) becomes a new citation of that commitment, not a duplicate. Otherwise
it becomes a new commitment citing each of its quotes. Everything is written in one
transaction: a refused draft leaves the store unchanged.

The reviewed file proposes a short key and a title for each draft; the reviewer may change
them, the actor (one name, or a list of names), and add themes. A key the reviewer gives
that names a stored commitment makes the draft a citation of it; a new key makes a new
commitment under that key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import yaml

from pledgetrack.errors import ValidationError
from pledgetrack.extract.drafts import Draft, Extraction
from pledgetrack.extract.linking import STOP_WORDS, actor_key, content_words
from pledgetrack.model.commitment import Commitment, slugify
from pledgetrack.model.sources import Citation, Source, content_hash
from pledgetrack.model.values import to_date

if TYPE_CHECKING:
    from pledgetrack.tracker import Tracker

__all__ = [
    "Accepted",
    "accept_drafts",
    "draft_key",
    "draft_title",
    "drafts_document",
    "read_drafts_document",
]

_FAR = dt.date(9999, 12, 31)


@attrs.frozen
class Accepted:
    """What became of one draft: a new commitment (``created``) or a citation (``cited``)."""

    draft: str
    commitment: str
    outcome: str


def drafts_document(extraction: Extraction, text: str, file: str | None = None) -> dict[str, Any]:
    """A reviewable mapping (for YAML): the announcement date, the text's hash, the drafts,
    each with a proposed key and title and an empty list of themes."""
    year = extraction.announced.year
    taken: set[str] = set()
    drafts = []
    for d in extraction.drafts:
        key = d.key or _unique(draft_key(d, year), taken)
        taken.add(key)
        proposed = {"key": key, "title": d.title or draft_title(d), "themes": list(d.themes)}
        drafts.append(d.to_dict() | proposed | {"accept": True})
    return {
        "announced": extraction.announced.isoformat(),
        "source": {"file": file, "content_hash": content_hash(text)},
        "drafts": drafts,
    }


def read_drafts_document(path: Path | str) -> tuple[dt.date, str | None, list[Draft]]:
    """A reviewed drafts file: its date, its text's hash, and the drafts left with ``accept``.

    A reviewer deletes a draft or sets ``accept: false`` to refuse it, and may edit any field.
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ValidationError(str(path), "file", str(path), f"cannot be read: {err}") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("drafts"), list):
        raise ValidationError(str(path), "drafts", None, "the file holds no list of drafts")
    announced = to_date(data.get("announced"), "announced")
    source = data.get("source") or {}
    try:
        drafts = [
            Draft.from_dict(dict(item))
            for item in data["drafts"]
            if isinstance(item, Mapping) and item.get("accept", True)
        ]
    except ValidationError as err:
        raise err.within(str(path)) from None
    return announced, source.get("content_hash"), drafts


def _head(unit: str | None) -> str:
    words = re.findall(r"[a-z]+", (unit or "").lower())
    last = words[-1] if words else ""
    return last[:-1] if last.endswith("s") else last


def _same(draft: Draft, commitment: Commitment) -> bool:
    if not {a.lower() for a in draft.actors} & {a.lower() for a in commitment.actors}:
        return False
    target = commitment.target
    if draft.quantity is not None or target is not None:
        return (
            target is not None
            and draft.quantity == target.quantity
            and draft.currency == target.currency
            and (draft.currency is not None or _head(draft.unit) == _head(target.unit))
        )
    mine = content_words(" ".join(q.text for q in draft.quotes))
    theirs = content_words(" ".join(c.quote for c in commitment.citations))
    return bool(mine and theirs) and len(mine & theirs) / len(mine | theirs) >= 0.6


_KEY_LENGTH = 48
_SCALES = ((10**12, "tn"), (10**9, "bn"), (10**6, "m"))
_KEY_SKIP = STOP_WORDS | {
    "will",
    "shall",
    "would",
    "also",
    "further",
    "pledges",
    "pledged",
    "pledge",
    "commits",
    "committed",
    "ready",
    "provide",
    "we",
    "i",
    "us",
    "has",
    "have",
    "decided",
    "announced",
    "said",
}


def _amount(quantity: Decimal) -> str:
    """A short spelling of an amount for a key: 4000000000 → ``4bn``, 1500000 → ``1.5m``."""
    for size, word in _SCALES:
        if quantity >= size:
            scaled = (quantity / size).normalize()
            if scaled == scaled.to_integral_value() or len(str(scaled)) <= 5:
                return f"{scaled:f}{word}"
    return f"{quantity.normalize():f}"


def _cut(slug: str, limit: int) -> str:
    if len(slug) <= limit:
        return slug
    return slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]


def draft_key(draft: Draft, year: int) -> str:
    """A short readable key for a draft: actor, what is promised, the year announced.

    ``japan-usd-30bn-2025``, ``china-1000-training-opportunities-2024``,
    ``japan-open-business-centre-nairobi-2025``; at most 48 characters.
    """
    actor = _cut(slugify(actor_key(draft.actor) or "pledge", 80), 20)
    if draft.quantity is not None:
        what = _amount(draft.quantity)
        if draft.currency:
            what = f"{draft.currency} {what}"
        elif draft.unit:
            what = f"{what} {' '.join(draft.unit.split()[:3])}"
    else:
        own = set(re.findall(r"[a-z0-9]+", actor_key(draft.actor)))
        words = [
            w
            for w in re.findall(r"[A-Za-z0-9]+", draft.quote.text)
            if w.lower() not in _KEY_SKIP and w.lower() not in own
        ]
        what = " ".join(words[:4])
    suffix = f"-{year}"
    body = _cut(slugify(f"{actor} {what}", 80), _KEY_LENGTH - len(suffix))
    return f"{body}{suffix}"


def _unique(base: str, taken: set[str], stored: Callable[[str], bool] = lambda _k: False) -> str:
    key, n = base, 2
    while key in taken or stored(key):
        key = f"{base}-{n}"
        n += 1
    return key


def draft_title(draft: Draft) -> str:
    """A title for a draft: actor, action and target, or the quote (120 characters at most)."""
    if draft.quantity is not None:
        target = draft.target()
        return f"{', '.join(draft.actors) or '?'}: {draft.action or 'deliver'} {target}"
    text = draft.quote.text
    return text if len(text) <= 120 else text[:119] + "…"


def accept_drafts(
    tracker: Tracker,
    drafts: Sequence[Draft],
    source: Source,
    announced: dt.date | str,
    *,
    themes: Iterable[str] = (),
) -> list[Accepted]:
    """Store ``drafts`` from ``source`` (added first unless a source with its text is stored).

    Returns what became of each draft, in order. Raises :class:`ValidationError` for a draft
    without an actor, or a quote not in the source's text.
    """
    day = to_date(announced, "announced")
    out: list[Accepted] = []
    with tracker.transaction():
        stored = tracker.find_source_by_hash(source.content_hash) if source.content_hash else None
        if stored is None:
            stored = tracker.add_source(source)
        existing = tracker.list_commitments(as_of=_FAR)
        keys: dict[str, str] = {}
        taken: set[str] = set()
        for draft in sorted(drafts, key=lambda d: (d.parent is not None, d.quote.start)):
            if not draft.actors:
                raise ValidationError(
                    f"draft {draft.id}", "actor", None, "a commitment needs an actor"
                )
            citations = [Citation(stored.key, q.text, q.start, q.end) for q in draft.quotes]
            if draft.key is not None and draft.key in taken:
                raise ValidationError(
                    f"draft {draft.id}", "key", draft.key, "is given to two drafts"
                )
            keyed = next((c for c in existing if c.key == draft.key), None)
            if keyed is not None and not _same(draft, keyed):
                raise ValidationError(
                    f"draft {draft.id}",
                    "key",
                    draft.key,
                    "is the key of a stored commitment that states another pledge",
                )
            match = keyed or next((c for c in existing if _same(draft, c)), None)
            if match is not None:
                have = {(c.source, c.start, c.end) for c in match.citations}
                for citation in citations:
                    if (citation.source, citation.start, citation.end) not in have:
                        tracker.add_citation(match.key, citation)
                keys[draft.id] = match.key
                out.append(Accepted(draft.id, match.key, "cited"))
                continue
            key = draft.key or _unique(draft_key(draft, day.year), taken, tracker.has_commitment)
            taken.add(key)
            notes = (
                f"Drafted by pledgetrack extract: cue {draft.cue!r}, confidence {draft.confidence}"
            )
            if draft.flags:
                notes += f", flags {', '.join(draft.flags)}"
            commitment = Commitment(
                key=key,
                title=draft.title or draft_title(draft),
                actors=draft.actors,
                announced=day,
                citations=tuple(citations),
                action=draft.action,
                target=draft.target(),
                beneficiary=draft.beneficiary,
                themes=draft.themes or tuple(themes),
                deadline=draft.deadline,
                parent=keys.get(draft.parent) if draft.parent else None,
                notes=notes + ".",
            )
            stored_commitment = tracker.add_commitment(commitment)
            existing.append(stored_commitment)
            keys[draft.id] = key
            out.append(Accepted(draft.id, key, "created"))
    order = {d.id: i for i, d in enumerate(drafts)}
    return sorted(out, key=lambda a: order.get(a.draft, 0))
