"""The SCO seed corpus: five summit reports, the commitments curated from them, and the
later public documents that evidence what became of those commitments.

The corpus is a folder (``seeds/`` in the repository, shipped in the package) holding
``sources.yaml`` (each document's metadata, role, file and SHA-256), ``documents/`` (the
texts, byte for byte), ``commitments.yaml``, ``status_updates.yaml`` and ``exclusions.yaml``
(the sentences with a pledge cue that are deliberately not commitments, each with a reason).

A source's ``role`` is ``pledge`` (the default: a summit report that commitments cite and the
exclusions ledger covers) or ``evidence`` (a later document that only status updates cite).

:func:`read_corpus` validates all of it against the model — hashes, every quote against its
document, source keys, deadline phrases against their dates — and :func:`load_corpus` writes
it into a store in one transaction, idempotently: running it twice changes nothing.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import attrs
import yaml

from pledgetrack.errors import ConflictError, ValidationError
from pledgetrack.model import (
    Citation,
    Commitment,
    Deadline,
    Event,
    Source,
    StatusUpdate,
    Target,
)
from pledgetrack.rules.horizons import read_phrase
from pledgetrack.store.writer import locate, update_identity, update_problems
from pledgetrack.tracker import Tracker

__all__ = [
    "Corpus",
    "Exclusion",
    "LoadReport",
    "corpus_path",
    "load_corpus",
    "read_corpus",
]

_T = TypeVar("_T")

SOURCE_ROLES = frozenset({"pledge", "evidence"})

EXCLUSION_REASONS = frozenset(
    {
        "past_achievement",
        "statement_of_principle",
        "restatement",
        "call_on_others",
        "not_a_pledge",
        "statistic",
        "event_date",
    }
)


def corpus_path() -> Path:
    """The corpus folder: shipped in the installed package, else the repository's ``seeds/``."""
    shipped = resources.files("pledgetrack") / "_seeds"
    if shipped.is_dir():
        return Path(str(shipped))
    repo = Path(__file__).resolve().parents[2] / "seeds"
    if repo.is_dir():
        return repo
    raise FileNotFoundError("the seed corpus is neither installed nor in a repository checkout")


@attrs.frozen
class Exclusion:
    """A sentence with a pledge cue that is deliberately not a commitment, and why."""

    source: str
    quote: str
    reason: str
    note: str | None = None


@attrs.frozen
class Corpus:
    """The validated corpus: sources with their text, commitments, evidenced statuses.

    ``evidence`` holds the keys of the sources whose role is ``evidence``; every other
    source is a pledge source.
    """

    sources: tuple[Source, ...]
    commitments: tuple[Commitment, ...]
    updates: tuple[StatusUpdate, ...]
    exclusions: tuple[Exclusion, ...]
    path: Path
    evidence: frozenset[str] = frozenset()

    def source(self, key: str) -> Source:
        """The source with that key."""
        return next(s for s in self.sources if s.key == key)

    def role(self, key: str) -> str:
        """The role of the source with that key: ``pledge`` or ``evidence``."""
        self.source(key)
        return "evidence" if key in self.evidence else "pledge"

    @property
    def pledge_sources(self) -> tuple[Source, ...]:
        """The summit reports that commitments cite."""
        return tuple(s for s in self.sources if s.key not in self.evidence)

    @property
    def evidence_sources(self) -> tuple[Source, ...]:
        """The later documents that status updates cite as evidence."""
        return tuple(s for s in self.sources if s.key in self.evidence)


@attrs.frozen
class LoadReport:
    """What a load wrote: counts of records added (all zero when the store already had them)."""

    sources_added: int = 0
    commitments_added: int = 0
    citations_added: int = 0
    updates_added: int = 0

    @property
    def changed(self) -> bool:
        """True when anything was written."""
        return any(attrs.astuple(self))

    def __str__(self) -> str:
        return (
            f"{self.sources_added} sources, {self.commitments_added} commitments (with their "
            f"citations), {self.citations_added} citations to stored commitments and "
            f"{self.updates_added} status updates added"
        )


def _read_yaml(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ValidationError(path.name, "file", str(path), f"cannot be read: {err}") from None
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValidationError(path.name, "file", str(path), "must be a list of records")
    return data


def _record(file: str, record: Mapping[str, Any], index: int, key_field: str = "key") -> str:
    return f"{file}: {record.get(key_field) or f'record {index + 1}'}"


def _make(record_name: str, make: Callable[[], _T]) -> _T:
    try:
        return make()
    except ValidationError as err:
        raise err.within(record_name) from None
    except (TypeError, KeyError) as err:
        raise ValidationError(record_name, "record", None, f"malformed: {err}") from None


def _citations(raw: Sequence[Mapping[str, Any]] | None) -> tuple[Citation, ...]:
    return tuple(Citation(c["source"], c["quote"]) for c in raw or ())


def _locate_all(
    record_name: str, field: str, citations: Sequence[Citation], sources: Mapping[str, Source]
) -> tuple[Citation, ...]:
    located = []
    for i, citation in enumerate(citations):
        source = sources.get(citation.source)
        named = f"{field}[{i}]" if source is None else f"{field}[{i}].quote"
        located.append(locate(citation, source, record_name, named))
    return tuple(located)


def _deadline(record_name: str, raw: Mapping[str, Any] | None, announced: Any) -> Deadline:
    if raw is None:
        return Deadline.none()
    deadline = Deadline(
        raw.get("date"), raw.get("precision", "day"), raw.get("phrase"), raw.get("basis", "stated")
    )
    if deadline.phrase:
        derived = read_phrase(deadline.phrase, announced)
        if derived is not None and (derived.due, derived.precision) != (
            deadline.due,
            deadline.precision,
        ):
            raise ValidationError(
                record_name,
                "deadline",
                f"{deadline.date} ({deadline.precision.value})",
                f"does not match its phrase {deadline.phrase!r}, which gives "
                f"{derived.date} ({derived.precision.value})",
            )
    return deadline


_SOURCE_FIELDS = (
    "key", "title", "publisher", "url", "published", "language", "retrieved", "event",
    "licence", "notes",
)  # fmt: skip


def _read_sources(path: Path) -> tuple[dict[str, Source], frozenset[str]]:
    """The sources by key, and the keys of those whose role is ``evidence``."""
    file = "sources.yaml"
    sources: dict[str, Source] = {}
    evidence: set[str] = set()
    for i, raw in enumerate(_read_yaml(path / file)):
        name = _record(file, raw, i)
        role = raw.get("role", "pledge")
        if role not in SOURCE_ROLES:
            raise ValidationError(name, "role", role, f"must be one of {sorted(SOURCE_ROLES)}")
        document = path / str(raw.get("file", ""))
        try:
            data = document.read_bytes()
        except OSError:
            raise ValidationError(name, "file", raw.get("file"), "no such document") from None
        digest = hashlib.sha256(data).hexdigest()
        if digest != raw.get("sha256"):
            raise ValidationError(name, "sha256", raw.get("sha256"), f"the file's hash is {digest}")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(name, "file", raw.get("file"), "is not UTF-8") from None
        fields: dict[str, Any] = {k: raw.get(k) for k in _SOURCE_FIELDS}
        source = _make(name, functools.partial(Source, text=text, **fields))
        if source.key in sources:
            raise ConflictError("source", source.key, f"is listed twice in {file}")
        sources[source.key] = source
        if role == "evidence":
            evidence.add(source.key)
    return sources, frozenset(evidence)


def _only_pledge_sources(
    name: str, field: str, raw: Sequence[Mapping[str, Any]] | None, evidence: frozenset[str]
) -> None:
    for i, citation in enumerate(raw or ()):
        if citation.get("source") in evidence:
            raise ValidationError(
                name,
                f"{field}[{i}].source",
                citation.get("source"),
                "is an evidence source; only pledge sources may be cited here",
            )


def _read_commitments(
    path: Path, sources: Mapping[str, Source], evidence: frozenset[str] = frozenset()
) -> list[Commitment]:
    file = "commitments.yaml"
    out: list[Commitment] = []
    seen: set[str] = set()
    for i, raw in enumerate(_read_yaml(path / file)):
        name = _record(file, raw, i)
        _only_pledge_sources(name, "citations", raw.get("citations"), evidence)

        def build(raw: dict[str, Any] = raw, name: str = name) -> Commitment:
            target = raw.get("target")
            event = raw.get("event")
            return Commitment(
                key=raw["key"],
                title=raw["title"],
                actors=raw.get("actors") or (),
                announced=raw["announced"],
                citations=_locate_all(name, "citations", _citations(raw.get("citations")), sources),
                action=raw.get("action"),
                target=_target(target),
                beneficiary=raw.get("beneficiary"),
                themes=raw.get("themes") or (),
                event=Event(event["name"], event.get("place"), event.get("date"))
                if event
                else None,
                deadline=_deadline(name, raw.get("deadline"), raw["announced"]),
                parent=raw.get("parent"),
                custom=raw.get("custom") or {},
                notes=raw.get("notes"),
            )

        commitment = _make(name, build)
        if commitment.key in seen:
            raise ConflictError("commitment", commitment.key, f"is listed twice in {file}")
        seen.add(commitment.key)
        out.append(commitment)
    keys = {c.key for c in out}
    for commitment in out:
        if commitment.parent is not None and commitment.parent not in keys:
            raise ValidationError(
                f"{file}: {commitment.key}", "parent", commitment.parent, "no such commitment"
            )
    return _parents_first(out)


def _target(raw: Mapping[str, Any] | None) -> Target | None:
    if not raw:
        return None
    qualifier = raw.get("qualifier") or "exactly"
    return Target(str(raw["quantity"]), raw["unit"], raw.get("currency"), qualifier)


def _parents_first(commitments: list[Commitment]) -> list[Commitment]:
    placed: set[str] = set()
    ordered: list[Commitment] = []
    pending = list(commitments)
    while pending:
        ready = [c for c in pending if c.parent is None or c.parent in placed]
        if not ready:
            raise ValidationError(
                pending[0].key, "parent", pending[0].parent, "parents form a cycle"
            )
        for c in ready:
            ordered.append(c)
            placed.add(c.key)
        pending = [c for c in pending if c.key not in placed]
    return ordered


def _read_updates(
    path: Path, sources: Mapping[str, Source], commitments: Mapping[str, Commitment]
) -> list[StatusUpdate]:
    file = "status_updates.yaml"
    out: list[StatusUpdate] = []
    for i, raw in enumerate(_read_yaml(path / file)):
        name = _record(file, raw, i, "commitment")

        def build(raw: dict[str, Any] = raw, name: str = name) -> StatusUpdate:
            progress = raw.get("progress")
            return StatusUpdate(
                commitment=raw["commitment"],
                status=raw["status"],
                effective=raw["effective"],
                progress=None if progress is None else str(progress),
                note=raw.get("note"),
                evidence=_locate_all(name, "evidence", _citations(raw.get("evidence")), sources),
                effective_precision=raw.get("effective_precision", "day"),
            )

        update = _make(name, build)
        commitment = commitments.get(update.commitment)
        if commitment is None:
            raise ValidationError(name, "commitment", update.commitment, "no such commitment")
        quantified = commitment.target is not None
        for problem in update_problems(update, commitment.announced, quantified, commitment.actors):
            raise ValidationError(name, problem.field, problem.value, problem.reason)
        out.append(update)
    return out


def _read_exclusions(
    path: Path, sources: Mapping[str, Source], evidence: frozenset[str] = frozenset()
) -> list[Exclusion]:
    file = "exclusions.yaml"
    out = []
    for i, raw in enumerate(_read_yaml(path / file)):
        name = f"{file}: entry {i + 1}"
        source = sources.get(raw.get("source", ""))
        if source is None:
            raise ValidationError(name, "source", raw.get("source"), "no such source")
        if source.key in evidence:
            raise ValidationError(
                name,
                "source",
                source.key,
                "is an evidence source; the ledger covers pledge sources only",
            )
        _locate_all(name, "quote", (Citation(source.key, str(raw.get("quote"))),), sources)
        if raw.get("reason") not in EXCLUSION_REASONS:
            raise ValidationError(
                name, "reason", raw.get("reason"), f"must be one of {sorted(EXCLUSION_REASONS)}"
            )
        out.append(Exclusion(source.key, str(raw["quote"]), str(raw["reason"]), raw.get("note")))
    return out


def read_corpus(path: Path | str | None = None) -> Corpus:
    """Read and validate the corpus at ``path`` (default: :func:`corpus_path`).

    Raises :class:`ValidationError` naming the file, the record key and the field at fault.
    """
    folder = Path(path) if path is not None else corpus_path()
    sources, evidence = _read_sources(folder)
    commitments = _read_commitments(folder, sources, evidence)
    updates = _read_updates(folder, sources, {c.key: c for c in commitments})
    exclusions = _read_exclusions(folder, sources, evidence)
    return Corpus(
        tuple(sources.values()),
        tuple(commitments),
        tuple(updates),
        tuple(exclusions),
        folder,
        evidence,
    )


def load_corpus(tracker: Tracker, path: Path | str | None = None) -> LoadReport:
    """Load the corpus into ``tracker`` in one transaction; what is already there is kept.

    A source or commitment already stored with the same key must be the same record (a
    commitment may have fewer citations: the missing ones are added); otherwise
    :class:`ConflictError`, and nothing is written.
    """
    corpus = read_corpus(path)
    counts = {"sources": 0, "commitments": 0, "citations": 0, "updates": 0}
    with tracker.transaction():
        for source in corpus.sources:
            existing = _get_or_none(tracker.get_source, source.key)
            if existing is None:
                tracker.add_source(source)
                counts["sources"] += 1
            elif existing != source:
                raise ConflictError("source", source.key, "is stored with different content")
        for commitment in corpus.commitments:
            stored = _get_or_none(tracker.get_commitment, commitment.key)
            if stored is None:
                tracker.add_commitment(commitment)
                counts["commitments"] += 1
                continue
            if attrs.evolve(stored, citations=commitment.citations) != commitment:
                raise ConflictError(
                    "commitment", commitment.key, "is stored with different content"
                )
            have = {(c.source, c.start) for c in stored.citations}
            for citation in commitment.citations:
                if (citation.source, citation.start) not in have:
                    tracker.add_citation(commitment.key, citation)
                    counts["citations"] += 1
        histories: dict[str, list[StatusUpdate]] = {}
        for update in corpus.updates:
            history = histories.setdefault(update.commitment, tracker.history(update.commitment))
            if any(update_identity(update) == update_identity(old) for old in history):
                continue
            stored_update = tracker.record_status(
                update.commitment,
                update.status,
                effective=update.effective,
                progress=update.progress,
                note=update.note,
                evidence=update.evidence,
                effective_precision=update.effective_precision,
            )
            history.append(stored_update)
            counts["updates"] += 1
    return LoadReport(
        counts["sources"], counts["commitments"], counts["citations"], counts["updates"]
    )


def _get_or_none(get: Callable[[str], _T], key: str) -> _T | None:
    from pledgetrack.errors import NotFoundError

    try:
        return get(key)
    except NotFoundError:
        return None
