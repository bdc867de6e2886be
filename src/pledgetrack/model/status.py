"""The canonical status vocabulary and the vocabularies of other trackers mapped onto it."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal

import attrs

from pledgetrack.errors import ValidationError

__all__ = ["FINAL_STATUSES", "Status", "Vocabulary", "to_status"]


class Status(enum.StrEnum):
    """Where a commitment stands. ``fulfilled``, ``broken`` and ``not_applicable`` are final."""

    NO_EVIDENCE = "no_evidence"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DELAYED = "delayed"
    PARTIALLY_FULFILLED = "partially_fulfilled"
    FULFILLED = "fulfilled"
    BROKEN = "broken"
    NOT_APPLICABLE = "not_applicable"

    @property
    def is_final(self) -> bool:
        """A final status ends the commitment: it cannot become overdue."""
        return self in FINAL_STATUSES

    @property
    def label(self) -> str:
        """The status in words: ``in progress``."""
        return _LABELS[self]


FINAL_STATUSES = frozenset({Status.FULFILLED, Status.BROKEN, Status.NOT_APPLICABLE})

_LABELS = {
    Status.NO_EVIDENCE: "no evidence yet",
    Status.NOT_STARTED: "not started",
    Status.IN_PROGRESS: "in progress",
    Status.DELAYED: "delayed or stalled",
    Status.PARTIALLY_FULFILLED: "partially fulfilled",
    Status.FULFILLED: "fulfilled",
    Status.BROKEN: "broken or abandoned",
    Status.NOT_APPLICABLE: "not applicable",
}


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def number_label(text: str) -> str | None:
    """``text`` as one spelling of its number (``+1``, ``1.0`` → ``1``; ``-0`` → ``0``), or
    None when it is not a plain number."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    number = Decimal(text)
    return "0" if number == 0 else format(number.normalize(), "f")


def _fold(label: str) -> str:
    """How a label is matched: case-, space- and dash-insensitively (``In-progress`` is ``in
    progress``). A number is matched as a number, its sign kept: ``+1``, ``1`` and ``1.0``
    are one label, ``-1`` another (rating scales such as -1/0/+1 or 1-5)."""
    text = unicodedata.normalize("NFKC", label).casefold().strip()
    number = number_label(text)
    if number is not None:
        return number
    for ch in "-_/":
        text = text.replace(ch, " ")
    return " ".join(text.split())


_ALIASES = {
    "no evidence yet": Status.NO_EVIDENCE,
    "no evidence": Status.NO_EVIDENCE,
    "stalled": Status.DELAYED,
    "delayed or stalled": Status.DELAYED,
    "partial": Status.PARTIALLY_FULFILLED,
    "abandoned": Status.BROKEN,
    "broken or abandoned": Status.BROKEN,
    "n a": Status.NOT_APPLICABLE,
}


def to_status(value: object, field: str = "status") -> Status:
    """The canonical status named by ``value`` (its code or its words), else ValidationError."""
    if isinstance(value, Status):
        return value
    if isinstance(value, str):
        folded = _fold(value)
        try:
            return Status(folded.replace(" ", "_"))
        except ValueError:
            if folded in _ALIASES:
                return _ALIASES[folded]
    choices = ", ".join(s.value for s in Status)
    raise ValidationError(None, field, value, f"is not a status; choose one of: {choices}")


def _to_mapping(value: Mapping[str, object]) -> Mapping[str, Status]:
    out: dict[str, Status] = {}
    given: dict[str, str] = {}
    for label, status in value.items():
        try:
            canonical = to_status(status, f"mapping[{label!r}]")
        except ValidationError as err:
            raise err.within("vocabulary") from None
        folded = _fold(label)
        if folded in out and out[folded] is not canonical:
            raise ValidationError(
                "vocabulary",
                f"mapping[{label!r}]",
                label,
                f"is matched as the same label as {given[folded]!r} (labels match case-, "
                f"space- and dash-insensitively), but maps to {canonical.value}, not "
                f"{out[folded].value}",
            )
        out[folded] = canonical
        given.setdefault(folded, label)
    return out


@attrs.frozen
class Vocabulary:
    """A collection's own status labels, each mapped onto a canonical :class:`Status`.

    Labels match case- and space-insensitively; the original label is kept on each update.
    """

    name: str
    mapping: Mapping[str, Status] = attrs.field(converter=_to_mapping)
    description: str | None = None

    def to_canonical(self, label: str) -> Status:
        """The canonical status for ``label``; ValidationError listing the known labels."""
        try:
            return self.mapping[_fold(label)]
        except KeyError:
            known = ", ".join(sorted(self.mapping))
            raise ValidationError(
                self.name,
                "status",
                label,
                f"has no mapping in vocabulary {self.name!r}; known: {known}",
            ) from None

    @property
    def labels(self) -> list[str]:
        """The labels this vocabulary knows (folded)."""
        return sorted(self.mapping)


CANONICAL = Vocabulary(
    "canonical",
    {s.value: s for s in Status} | {v.label: v for v in Status},
    "pledgetrack's own statuses, by code or in words",
)

PROMISE_METER = Vocabulary(
    "promise-meter",
    {
        "Promise Kept": Status.FULFILLED,
        "Compromise": Status.PARTIALLY_FULFILLED,
        "Promise Broken": Status.BROKEN,
        "Stalled": Status.DELAYED,
        "In the Works": Status.IN_PROGRESS,
        "Not Yet Rated": Status.NO_EVIDENCE,
    },
    "The six ratings of PolitiFact-style promise meters.",
)

PROGRESS_TRACKER = Vocabulary(
    "progress",
    {
        "completed": Status.FULFILLED,
        "in_progress": Status.IN_PROGRESS,
        "delayed": Status.DELAYED,
        "not_started": Status.NOT_STARTED,
        "N/A": Status.NOT_APPLICABLE,
    },
    "The plain progress labels of many government delivery trackers.",
)

VOCABULARIES: Mapping[str, Vocabulary] = {
    v.name: v for v in (CANONICAL, PROMISE_METER, PROGRESS_TRACKER)
}
