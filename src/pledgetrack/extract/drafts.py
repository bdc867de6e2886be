"""Draft commitments: what the extractor proposes for a person to review and accept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from pledgetrack.model.values import Deadline, Qualifier, Target

__all__ = ["Draft", "Extraction", "Quote", "Skipped"]

FLAGS = ("conditional", "vague", "proposal", "restated", "part_of_umbrella", "no_unit")


@attrs.frozen
class Quote:
    """A verbatim piece of the text: ``text == source_text[start:end]``."""

    text: str
    start: int
    end: int


@attrs.frozen
class Draft:
    """A proposed commitment: quotes, who, what, how much, by when, and how sure.

    ``quotes`` holds one quote per place the text states the pledge (a restated pledge has
    several). ``parent`` names the draft of the umbrella sum this one is part of.
    ``actor_from`` says where the actor came from: ``"text"`` or ``"default"``.
    ``co_actors`` are further actors a reviewer named; ``key``, ``title`` and ``themes`` are
    what a reviewer chose for the stored commitment (None or empty: made up on acceptance).
    """

    id: str
    quotes: tuple[Quote, ...]
    actor: str | None
    actor_from: str
    action: str | None
    beneficiary: str | None
    quantity: Decimal | None
    quantity_text: str | None
    unit: str | None
    currency: str | None
    qualifier: Qualifier
    horizon: str | None
    deadline: Deadline | None
    confidence: float
    cue: str
    flags: tuple[str, ...] = ()
    parent: str | None = None
    co_actors: tuple[str, ...] = ()
    key: str | None = None
    title: str | None = None
    themes: tuple[str, ...] = ()

    @property
    def quote(self) -> Quote:
        """The first quote."""
        return self.quotes[0]

    @property
    def actors(self) -> tuple[str, ...]:
        """The actor and any co-actors, in order, without repeats."""
        return tuple(dict.fromkeys(a for a in (self.actor, *self.co_actors) if a))

    def target(self) -> Target | None:
        """The draft's quantity as a model :class:`Target` (None without a quantity).

        The unit of a money target is its currency ("USD 4 billion": 4000000000 USD).
        """
        if self.quantity is None:
            return None
        unit = self.currency or self.unit or "units"
        return Target(self.quantity, unit, self.currency, self.qualifier)

    def to_dict(self) -> dict[str, Any]:
        """A JSON- and YAML-ready mapping (quantities and dates as strings)."""
        deadline: dict[str, Any] | None = None
        if self.deadline is not None:
            deadline = {
                "phrase": self.deadline.phrase,
                "date": self.deadline.date.isoformat() if self.deadline.date else None,
                "precision": self.deadline.precision.value,
                "basis": self.deadline.basis.value,
            }
        return {
            "id": self.id,
            "quotes": [{"text": q.text, "start": q.start, "end": q.end} for q in self.quotes],
            "actor": self.actor,
            "actor_from": self.actor_from,
            "action": self.action,
            "beneficiary": self.beneficiary,
            "quantity": None if self.quantity is None else str(self.quantity),
            "quantity_text": self.quantity_text,
            "unit": self.unit,
            "currency": self.currency,
            "qualifier": self.qualifier.value,
            "horizon": self.horizon,
            "deadline": deadline,
            "confidence": self.confidence,
            "cue": self.cue,
            "flags": list(self.flags),
            "parent": self.parent,
        } | self._review_fields()

    def _review_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.co_actors:
            out["actor"] = list(self.actors)
        if self.key is not None:
            out["key"] = self.key
        if self.title is not None:
            out["title"] = self.title
        if self.themes:
            out["themes"] = list(self.themes)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Draft:
        """The draft a :meth:`to_dict` mapping (possibly edited by a reviewer) describes."""
        from pledgetrack.errors import ValidationError
        from pledgetrack.model.values import to_quantity

        try:
            quotes = tuple(
                Quote(str(q["text"]), int(q["start"]), int(q["end"])) for q in data["quotes"]
            )
            raw_deadline = data.get("deadline")
            deadline: Deadline | None = None
            if raw_deadline:
                deadline = Deadline(
                    raw_deadline.get("date"),
                    raw_deadline.get("precision", "day"),
                    raw_deadline.get("phrase"),
                    raw_deadline.get("basis", "stated"),
                )
            quantity = data.get("quantity")
            actors = _texts(data.get("actor"), "actor") + _texts(data.get("actors"), "actors")
            actors = tuple(dict.fromkeys(actors))
            key = data.get("key")
            title = data.get("title")
            return cls(
                id=str(data["id"]),
                quotes=quotes,
                actor=actors[0] if actors else None,
                co_actors=actors[1:],
                key=None if key is None or not str(key).strip() else str(key).strip(),
                title=None if title is None or not str(title).strip() else str(title).strip(),
                themes=_texts(data.get("themes"), "themes"),
                actor_from=str(data.get("actor_from", "text")),
                action=data.get("action"),
                beneficiary=data.get("beneficiary"),
                quantity=None if quantity is None else to_quantity(str(quantity)),
                quantity_text=data.get("quantity_text"),
                unit=data.get("unit"),
                currency=data.get("currency"),
                qualifier=Qualifier(data.get("qualifier") or "exactly"),
                horizon=data.get("horizon"),
                deadline=deadline,
                confidence=float(data.get("confidence", 1.0)),
                cue=str(data.get("cue", "")),
                flags=tuple(data.get("flags") or ()),
                parent=data.get("parent"),
            )
        except (KeyError, TypeError, ValueError) as err:
            if isinstance(err, ValidationError):
                raise err.within(f"draft {data.get('id', '?')}") from None
            raise ValidationError(
                f"draft {data.get('id', '?')}", "draft", data, f"is not a draft: {err}"
            ) from None


def _texts(value: object, field: str) -> tuple[str, ...]:
    """A reviewer's text or list of texts, each stripped; empty ones dropped."""
    from pledgetrack.errors import ValidationError

    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(v, str) for v in items):
        raise ValidationError(None, field, value, "must be a text or a list of texts")
    return tuple(v.strip() for v in items if v.strip())


@attrs.frozen
class Skipped:
    """A sentence that the extractor decided is not a new commitment, and why.

    ``reason`` is one of ``past``, ``statistic``, ``baseline``, ``duration``, ``reference``,
    ``pledgers`` (a number that counts who pledges: "Six banks committed to …"),
    ``description`` (a target judged, not set: "… target … is responsible and achievable"),
    ``no_cue`` (a number without a pledge), ``exhortation`` (a call on others: "calls on all
    parties to …") or ``principle`` (a statement of principle without a number, a date or a
    concrete deliverable: "will uphold the principles of …"), ``forecast`` (what will happen, not
    what someone will do: "We foresee an economy that will be growing at 6 percent …"),
    ``event`` and ``summary`` (an announcement of announcements, a lead of what follows),
    ``negated`` (a figure in a negated clause: "could not sustain … 1.3 million Syrian
    refugees") or ``scorer`` (drafts dropped by the learned scorer: a sentence rated far below
    a pledge, when its drop threshold is set, or a draft the learned draft check rated below
    its threshold).
    """

    text: str
    start: int
    end: int
    reason: str


@attrs.frozen
class Extraction:
    """What one run of the extractor found in a text announced on ``announced``."""

    announced: dt.date
    drafts: tuple[Draft, ...]
    skipped: tuple[Skipped, ...] = ()
