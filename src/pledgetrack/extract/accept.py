"""From reviewed drafts to stored commitments with citations.

A draft that states a pledge already stored (same actor, same target; or, without a target,
mostly the same words) becomes a new citation of that commitment, not a duplicate. Otherwise
it becomes a new commitment citing each of its quotes. Everything is written in one
transaction: a refused draft leaves the store unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import yaml

from pledgetrack.errors import ValidationError
from pledgetrack.extract.drafts import Draft, Extraction
from pledgetrack.extract.linking import STOP_WORDS, content_words
from pledgetrack.model.commitment import Commitment, slugify
from pledgetrack.model.sources import Citation, Source, content_hash
from pledgetrack.model.values import to_date

if TYPE_CHECKING:
    from pledgetrack.tracker import Tracker

__all__ = ["Accepted", "accept_drafts", "drafts_document", "read_drafts_document"]

_FAR = dt.date(9999, 12, 31)


@attrs.frozen
class Accepted:
    """What became of one draft: a new commitment (``created``) or a citation (``cited``)."""

    draft: str
    commitment: str
    outcome: str


def drafts_document(extraction: Extraction, text: str, file: str | None = None) -> dict[str, Any]:
    """A reviewable mapping (for YAML): the announcement date, the text's hash, the drafts."""
    return {
        "announced": extraction.announced.isoformat(),
        "source": {"file": file, "content_hash": content_hash(text)},
        "drafts": [d.to_dict() | {"accept": True} for d in extraction.drafts],
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
    drafts = [
        Draft.from_dict(dict(item))
        for item in data["drafts"]
        if isinstance(item, Mapping) and item.get("accept", True)
    ]
    return announced, source.get("content_hash"), drafts


def _head(unit: str | None) -> str:
    words = re.findall(r"[a-z]+", (unit or "").lower())
    last = words[-1] if words else ""
    return last[:-1] if last.endswith("s") else last


def _same(draft: Draft, commitment: Commitment) -> bool:
    if (draft.actor or "").lower() not in {a.lower() for a in commitment.actors}:
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


def _key(tracker: Tracker, draft: Draft, taken: set[str], year: int) -> str:
    if draft.quantity is not None:
        base = f"{draft.actor} {draft.quantity} {draft.currency or ''} {draft.unit or ''}"
    else:
        words = [
            w for w in re.findall(r"[A-Za-z0-9]+", draft.quote.text) if w.lower() not in STOP_WORDS
        ]
        base = f"{draft.actor} {' '.join(words[:6])}"
    base = slugify(f"{base} {year}", 70)
    key, n = base, 2
    while key in taken or tracker.has_commitment(key):
        key = f"{base}-{n}"
        n += 1
    taken.add(key)
    return key


def _title(draft: Draft) -> str:
    if draft.quantity is not None:
        target = draft.target()
        return f"{draft.actor}: {draft.action or 'deliver'} {target}"
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
            if not draft.actor:
                raise ValidationError(
                    f"draft {draft.id}", "actor", None, "a commitment needs an actor"
                )
            citations = [Citation(stored.key, q.text, q.start, q.end) for q in draft.quotes]
            match = next((c for c in existing if _same(draft, c)), None)
            if match is not None:
                have = {(c.source, c.start, c.end) for c in match.citations}
                for citation in citations:
                    if (citation.source, citation.start, citation.end) not in have:
                        tracker.add_citation(match.key, citation)
                keys[draft.id] = match.key
                out.append(Accepted(draft.id, match.key, "cited"))
                continue
            key = _key(tracker, draft, taken, day.year)
            notes = (
                f"Drafted by pledgetrack extract: cue {draft.cue!r}, confidence {draft.confidence}"
            )
            if draft.flags:
                notes += f", flags {', '.join(draft.flags)}"
            commitment = Commitment(
                key=key,
                title=_title(draft),
                actors=(draft.actor,),
                announced=day,
                citations=tuple(citations),
                action=draft.action,
                target=draft.target(),
                beneficiary=draft.beneficiary,
                themes=tuple(themes),
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
