"""Status vocabularies of other trackers, and crosswalks between them through the canonical set.

Every vocabulary maps each of its labels onto a canonical :class:`~pledgetrack.Status`, so
collections rated in different schemes are summarised together on the canonical statuses.
A *crosswalk* from vocabulary A to vocabulary B takes each label of A to the labels of B that
share its canonical status (none when B has no label for it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pledgetrack.errors import ValidationError
from pledgetrack.model.bounds import MAX_NAME, check_length
from pledgetrack.model.status import CANONICAL, VOCABULARIES, Status, Vocabulary

__all__ = [
    "BUILT_IN",
    "check_extends",
    "check_labels",
    "check_vocabulary_name",
    "crosswalk",
    "label_for",
    "vocabulary_from_dict",
    "vocabulary_to_dict",
]

BUILT_IN: Mapping[str, Vocabulary] = VOCABULARIES
_NAME = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?")


def check_vocabulary_name(name: object) -> str:
    """``name`` if it is a valid vocabulary name (a slug of up to 63 characters)."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValidationError(
            "vocabulary",
            "name",
            name,
            "a vocabulary name is a slug: lowercase letters, digits, - _ .",
        )
    return name


def check_labels(vocabulary: Vocabulary) -> Vocabulary:
    """``vocabulary`` if each of its labels has at most 200 characters."""
    for label in vocabulary.mapping:
        check_length(label, MAX_NAME, "labels", vocabulary.name)
    return vocabulary


def vocabulary_from_dict(data: Mapping[str, Any]) -> Vocabulary:
    """A vocabulary from ``{name, description, labels: {label: canonical status}}``."""
    unknown = sorted(set(data) - {"name", "description", "labels"})
    name = data.get("name")
    record = str(name or "vocabulary")
    if unknown:
        raise ValidationError(record, unknown[0], data[unknown[0]], "is not a vocabulary property")
    check_vocabulary_name(name)
    labels = data.get("labels")
    if not isinstance(labels, Mapping) or not labels:
        raise ValidationError(record, "labels", labels, "must map each label to a canonical status")
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise ValidationError(record, "labels", label, "a label is a non-empty text")
        check_length(label, MAX_NAME, "labels", record)
    try:
        return Vocabulary(
            str(name), {str(k): v for k, v in labels.items()}, data.get("description")
        )
    except ValidationError as err:
        raise err.within(record) from None


def vocabulary_to_dict(vocabulary: Vocabulary) -> dict[str, Any]:
    """The vocabulary as plain data: name, description, labels (sorted) → status codes."""
    return {
        "name": vocabulary.name,
        "description": vocabulary.description,
        "labels": {label: vocabulary.mapping[label].value for label in sorted(vocabulary.mapping)},
    }


def check_extends(old: Vocabulary, new: Vocabulary) -> None:
    """Refuse ``new`` if it maps a label of ``old`` to another status (labels may be added)."""
    for label, status in old.mapping.items():
        changed = new.mapping.get(label)
        if changed is not None and changed is not status:
            raise ValidationError(
                old.name,
                f"labels[{label!r}]",
                changed.value,
                f"is already mapped to {status.value}; a label's meaning cannot change",
            )


def crosswalk(source: Vocabulary, target: Vocabulary) -> dict[str, tuple[str, ...]]:
    """Each label of ``source`` → the labels of ``target`` with the same canonical status."""
    by_status: dict[Status, list[str]] = {}
    for label in sorted(target.mapping):
        by_status.setdefault(target.mapping[label], []).append(label)
    return {
        label: tuple(by_status.get(source.mapping[label], ()))
        for label in sorted(
            source.mapping, key=lambda lb: (list(Status).index(source.mapping[lb]), lb)
        )
    }


def label_for(vocabulary: Vocabulary, status: Status) -> str | None:
    """The label ``vocabulary`` uses for ``status`` (the canonical code for the canonical set)."""
    if vocabulary is CANONICAL or vocabulary.name == CANONICAL.name:
        return status.value
    labels = sorted(label for label, s in vocabulary.mapping.items() if s is status)
    return labels[0] if labels else None
