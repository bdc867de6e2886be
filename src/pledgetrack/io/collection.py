"""Loading a collection into a store: validated fully first, then written in one transaction.

Every import — of an exported file or of another tracker's data through a mapping — builds
a :class:`Collection` and hands it to :func:`load_collection`, which

1. checks everything it can before writing: duplicate keys, parents, sources of citations
   and quotes, custom fields, vocabularies, status dates and progress, records that already
   exist with other content; every problem is collected with its place;
2. raises :class:`~pledgetrack.io.problems.ImportFailed` with all of them if there is any;
3. otherwise writes, in one transaction, only what the store does not hold yet: a record
   already stored with the same content is left alone, and a status update equal to one
   already in the commitment's history (status, label, dates, progress, note, evidence) is
   not added again. So importing the same file twice changes nothing, and importing an
   updated file adds only its new status updates.

A stored commitment that the input holds with other values is refused, unless the import is
told to amend (:class:`Amending`): then the differences in amendable fields (and a withdrawal)
are applied as amendments with the reason and author given, and the input's own list of
amendments for that commitment is not read. The amendments of a new commitment are stored
as they are.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from pledgetrack.errors import ConflictError, NotFoundError, PledgetrackError, ValidationError
from pledgetrack.io.problems import ImportFailed, Place, Problem, Problems
from pledgetrack.model import (
    AMENDABLE,
    Amendment,
    Citation,
    Commitment,
    Source,
    StatusUpdate,
    Vocabulary,
)
from pledgetrack.model.fields import FieldSpec, check_custom
from pledgetrack.store.writer import (
    Writer,
    differences,
    field_change,
    locate,
    stored_keys,
    update_identity,
    update_problems,
    vocabulary_change,
)

if TYPE_CHECKING:
    from pledgetrack.tracker import Tracker

__all__ = ["Amending", "Collection", "Entry", "ImportReport", "Progress", "load_collection"]

T = TypeVar("T")

#: called with (records written so far, records to write) as an import or export goes on
Progress = Callable[[int, int], None]

_FAR_FUTURE = dt.date(9999, 12, 31)


@attrs.frozen
class Entry(Generic[T]):
    """A record read from the input, and the place it was read from."""

    value: T
    place: Place


@attrs.define
class Collection:
    """Everything one import brings: declarations, sources, commitments, status updates."""

    fields: list[Entry[FieldSpec]] = attrs.Factory(list)
    vocabularies: list[Entry[Vocabulary]] = attrs.Factory(list)
    sources: list[Entry[Source]] = attrs.Factory(list)
    commitments: list[Entry[Commitment]] = attrs.Factory(list)
    updates: list[Entry[StatusUpdate]] = attrs.Factory(list)
    notices: list[str] = attrs.Factory(list)
    amendments: list[Entry[Amendment]] = attrs.Factory(list)
    #: doubtful values imported with an assumption (each also a notice); ``strict`` refuses them
    doubts: list[Problem] = attrs.Factory(list)

    def doubt(self, problem: Problem) -> None:
        """Note a doubtful value: its place, value and what was assumed to read it."""
        self.doubts.append(problem)
        self.notices.append(str(problem))


@attrs.frozen
class Amending:
    """Apply an input's differences to stored commitments as amendments, for this reason."""

    reason: str
    by: str | None = None


@attrs.frozen
class ImportReport:
    """What an import added, and what it found already stored (unchanged)."""

    fields_added: int = 0
    vocabularies_added: int = 0
    sources_added: int = 0
    sources_unchanged: int = 0
    commitments_added: int = 0
    commitments_unchanged: int = 0
    updates_added: int = 0
    updates_unchanged: int = 0
    dry_run: bool = False
    notices: tuple[str, ...] = ()
    commitments_amended: int = 0

    @property
    def changed(self) -> bool:
        """True when the import added anything (or would have, in a dry run)."""
        return bool(
            self.fields_added
            + self.vocabularies_added
            + self.sources_added
            + self.commitments_added
            + self.updates_added
        )

    def as_dict(self) -> dict[str, Any]:
        """The counts as plain data."""
        return attrs.asdict(self)

    def __str__(self) -> str:
        verb = "would add" if self.dry_run else "added"
        amended = self.commitments_amended
        return (
            f"{verb} {self.sources_added} sources, {self.commitments_added} commitments, "
            f"{self.updates_added} status updates"
            + (f", {self.fields_added} fields" if self.fields_added else "")
            + (f", {self.vocabularies_added} vocabularies" if self.vocabularies_added else "")
            + (f", amended {self.commitments_amended} commitments" if amended else "")
            + f"; unchanged: {self.sources_unchanged} sources, {self.commitments_unchanged} "
            f"commitments, {self.updates_unchanged} status updates"
        )


def _problem(place: Place, err: ValidationError, record: str | None = None) -> Problem:
    return Problem(place, err.reason, err.value, err.record or record, err.field)


class _Plan:
    """The checked collection: what to write, what is already there."""

    def __init__(self) -> None:
        self.fields: list[FieldSpec] = []
        self.vocabularies: list[Vocabulary] = []
        self.sources: list[Source] = []
        self.commitments: list[Commitment] = []
        self.updates: list[StatusUpdate] = []
        self.unchanged: Counter[str] = Counter()
        self.amend: list[tuple[str, dict[str, Any]]] = []
        self.amendments: list[Amendment] = []


def _duplicate(entry: Entry[Any], first: Place, k: str, kind: str, problems: Problems) -> None:
    where = f"row {first.row}" if first.row else "earlier"
    if first.file and first.file != entry.place.file:
        where = f"{first.file}, {where}"
    problems.add(
        entry.place, f"duplicate {kind} key; first given at {where}", k, record=k, field="key"
    )


def _first_places(
    entries: Iterable[Entry[Any]], key: Callable[[Any], str], kind: str, problems: Problems
) -> dict[str, Entry[Any]]:
    seen: dict[str, Entry[Any]] = {}
    for entry in entries:
        k = key(entry.value)
        if k in seen:
            _duplicate(entry, seen[k].place, k, kind, problems)
            continue
        seen[k] = entry
    return seen


def _check_declarations(
    tracker: Tracker, collection: Collection, problems: Problems, plan: _Plan
) -> dict[str, FieldSpec]:
    stored_fields = {f.name: f for f in tracker.fields()}
    specs = dict(stored_fields)
    for name, entry in _first_places(
        collection.fields, lambda f: f.name, "field", problems
    ).items():
        try:
            if field_change(stored_fields.get(name), entry.value):
                plan.fields.append(entry.value)
                specs[name] = entry.value
        except ConflictError as err:
            problems.add(entry.place, err.detail, name, record=f"field {name}")
    stored_vocabularies = tracker.vocabularies()
    for name, entry in _first_places(
        collection.vocabularies, lambda v: v.name, "vocabulary", problems
    ).items():
        try:
            if vocabulary_change(stored_vocabularies.get(name), entry.value):
                plan.vocabularies.append(entry.value)
        except ValidationError as err:
            problems.items.append(_problem(entry.place, err))
        except ConflictError as err:
            problems.add(entry.place, err.detail, name, record=name)
    return specs


def _locate_each(
    citations: tuple[Citation, ...],
    field: str,
    sources: dict[str, Source],
    record: str,
    place: Place,
    problems: Problems,
) -> tuple[Citation, ...] | None:
    """``citations`` located in their sources; None (each problem added) if any is not found."""
    located = []
    for position, citation in enumerate(citations):
        try:
            located.append(
                locate(citation, sources.get(citation.source), record, f"{field}[{position}]")
            )
        except ValidationError as err:
            problems.items.append(_problem(place, err, record))
    return tuple(located) if len(located) == len(citations) else None


def _stored_commitments(tracker: Tracker, keys: Sequence[str]) -> dict[str, Commitment]:
    out: dict[str, Commitment] = {}
    conn = tracker.connection()
    if conn is not None and keys:  # read in full only the commitments that are stored
        keys = sorted(stored_keys(conn, keys))
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        out.update(
            (c.key, c)
            for c in tracker.list_commitments(keys=chunk, as_of=_FAR_FUTURE, withdrawn=None)
        )
    return out


def _depth(key: str, parents: dict[str, str | None]) -> int:
    depth, seen = 0, {key}
    parent = parents.get(key)
    while parent is not None and parent in parents:
        if parent in seen:
            return -1
        seen.add(parent)
        depth += 1
        parent = parents.get(parent)
    return depth


def _check_commitments(
    tracker: Tracker,
    collection: Collection,
    specs: dict[str, FieldSpec],
    sources: dict[str, Source],
    problems: Problems,
    plan: _Plan,
    amend: Amending | None = None,
    earlier: AbstractSet[str] = frozenset(),
) -> dict[str, Commitment]:
    entries = _first_places(collection.commitments, lambda c: c.key, "commitment", problems)
    stored = _stored_commitments(tracker, sorted(entries))
    parents = {k: e.value.parent for k, e in entries.items()}
    known: dict[str, Commitment] = {}
    ordered: list[tuple[int, str]] = []
    for key, entry in entries.items():
        commitment, place = entry.value, entry.place
        before = len(problems)
        try:
            check_custom(specs, commitment.custom, key)
        except ValidationError as err:
            problems.items.append(_problem(place, err, key))
        if commitment.parent is not None:
            depth = _depth(key, parents)
            if depth < 0:
                problems.add(
                    place, "parents form a cycle", commitment.parent, record=key, field="parent"
                )
            elif (
                commitment.parent not in entries
                and commitment.parent not in earlier
                and not tracker.has_commitment(commitment.parent)
            ):
                problems.add(
                    place,
                    "no such parent commitment",
                    commitment.parent,
                    record=key,
                    field="parent",
                )
        citations = _locate_each(commitment.citations, "citations", sources, key, place, problems)
        if citations is None or len(problems) > before:
            continue
        if citations != commitment.citations:
            commitment = attrs.evolve(commitment, citations=citations)
        known[key] = commitment
        old = stored.get(key)
        if old is not None:
            changed = differences(old, commitment)
            fixed = sorted(set(changed) - {*AMENDABLE, "withdrawn"})
            if old.withdrawn and not commitment.withdrawn:
                fixed.append("withdrawn")
            if old == commitment:
                plan.unchanged["commitments"] += 1
            elif amend is not None and not fixed:
                plan.amend.append((key, {f: getattr(commitment, f) for f in changed}))
            elif amend is not None:
                field = fixed[0]
                problems.add(
                    place,
                    f"differs in {field}, which an amendment cannot change",
                    key,
                    record=key,
                    field=field,
                )
            else:
                named = ", ".join(changed)
                problems.add(
                    place,
                    f"is already stored with another {named}; a stored commitment is not "
                    "changed by an import (import with --amend to apply the differences as "
                    "amendments)",
                    key,
                    record=key,
                    field="key",
                )
            continue
        ordered.append((_depth(key, parents), key))
    plan.commitments = [known[k] for _d, k in sorted(ordered)]
    return known | {k: v for k, v in stored.items() if k not in known}


def _check_updates(
    tracker: Tracker,
    collection: Collection,
    commitments: dict[str, Commitment],
    sources: dict[str, Source],
    problems: Problems,
    plan: _Plan,
    earlier: AbstractSet[str] = frozenset(),
    existing: dict[str, Counter[Hashable]] | None = None,
) -> None:
    """Check each status update; plan those not already stored.

    An update the same as a stored one (:func:`update_identity`) is unchanged; each stored
    update matches one incoming update at most. ``existing``: the stored updates not yet
    matched, by commitment key, kept across the parts of a streamed import so that it matches
    them as a whole-file import does (filled here as keys come up).
    """
    if existing is None:
        existing = {}
    keys = sorted({e.value.commitment for e in collection.updates})
    incoming = {e.value.key for e in collection.commitments}
    elsewhere = _stored_commitments(tracker, [k for k in keys if k not in commitments])
    commitments = commitments | elsewhere
    new_keys = {c.key for c in plan.commitments}
    old_keys = [k for k in keys if k in commitments and k not in new_keys | existing.keys()]
    histories = tracker.histories(old_keys) if old_keys else {}
    existing.update({k: Counter(update_identity(u) for u in h) for k, h in histories.items()})
    for entry in collection.updates:
        update, place = entry.value, entry.place
        key = update.commitment
        commitment = commitments.get(key)
        if commitment is None:
            if key not in incoming and key not in earlier:
                problems.add(place, "no such commitment", key, record=key, field="commitment")
            continue
        before = len(problems)
        quantified = commitment.target is not None
        for err in update_problems(update, commitment.announced, quantified, commitment.actors):
            problems.items.append(_problem(place, err, key))
        evidence = _locate_each(update.evidence, "evidence", sources, key, place, problems)
        if evidence is None or len(problems) > before:
            continue
        if evidence != update.evidence:
            update = attrs.evolve(update, evidence=evidence)
        identity = update_identity(update)
        seen = existing.setdefault(key, Counter())
        if seen[identity] > 0:
            seen[identity] -= 1
            plan.unchanged["updates"] += 1
            continue
        plan.updates.append(update)


def _check(
    tracker: Tracker,
    collection: Collection,
    amend: Amending | None = None,
    earlier: AbstractSet[str] = frozenset(),
    existing: dict[str, Counter[Hashable]] | None = None,
) -> tuple[_Plan, Problems]:
    """Check ``collection`` against itself and the store: what to write, and every problem.

    ``earlier``: the keys of commitments an import read before this part of it (a streamed
    import checks and writes its records part by part); ``existing``: the stored status
    updates not yet matched by an earlier part (see :func:`_check_updates`).
    """
    problems = Problems()
    plan = _Plan()
    specs = _check_declarations(tracker, collection, problems, plan)
    stored_sources = {s.key: s for s in tracker.list_sources()}
    sources = dict(stored_sources)
    for key, entry in _first_places(
        collection.sources, lambda s: s.key, "source", problems
    ).items():
        old = stored_sources.get(key)
        if old is None:
            plan.sources.append(entry.value)
            sources[key] = entry.value
        elif old == entry.value:
            plan.unchanged["sources"] += 1
        else:
            changed = ", ".join(differences(old, entry.value))
            problems.add(
                entry.place,
                f"is already stored with another {changed}; "
                "a stored source is not changed by an import",
                key,
                record=key,
                field="key",
            )
    commitments = _check_commitments(
        tracker, collection, specs, sources, problems, plan, amend, earlier
    )
    _check_updates(tracker, collection, commitments, sources, problems, plan, earlier, existing)
    new_keys = {c.key for c in plan.commitments}
    plan.amendments = [e.value for e in collection.amendments if e.value.commitment in new_keys]
    return plan, problems


def plan_collection(
    tracker: Tracker,
    collection: Collection,
    amend: Amending | None = None,
    earlier: AbstractSet[str] = frozenset(),
) -> _Plan:
    """Check ``collection`` against itself and the store; ImportFailed listing every problem."""
    plan, problems = _check(tracker, collection, amend, earlier)
    problems.raise_if_any()
    return plan


def load_collection(
    tracker: Tracker,
    collection: Collection,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    amend: Amending | None = None,
    strict: bool = False,
) -> ImportReport:
    """Import ``collection`` into ``tracker``: all of it or, on any problem, nothing.

    With ``dry_run`` everything is checked and counted but nothing is written. With
    ``amend``, stored commitments that differ are amended instead of refused. With
    ``strict`` every doubtful value (``collection.doubts``) is a problem, not a notice.
    Raises :class:`ImportFailed` listing every problem found.
    """
    if strict and collection.doubts:
        raise ImportFailed(
            [attrs.evolve(d, reason=f"{d.reason} (refused: --strict)") for d in collection.doubts]
        )
    with tracker.transaction():
        plan = plan_collection(tracker, collection, amend)
        report = ImportReport(
            fields_added=len(plan.fields),
            vocabularies_added=len(plan.vocabularies),
            sources_added=len(plan.sources),
            sources_unchanged=plan.unchanged["sources"],
            commitments_added=len(plan.commitments),
            commitments_unchanged=plan.unchanged["commitments"],
            updates_added=len(plan.updates),
            updates_unchanged=plan.unchanged["updates"],
            dry_run=dry_run,
            notices=tuple(collection.notices),
            commitments_amended=len(plan.amend),
        )
        if dry_run:
            return report
        _write(tracker, plan, amend, progress)
    return report


def _write(
    tracker: Tracker,
    plan: _Plan,
    amend: Amending | None,
    progress: Progress | None,
    offset: int = 0,
    writer: Writer | None = None,
) -> None:
    """Write a checked plan in the open transaction of ``tracker``, through the one writer
    (``writer``: one already open on the transaction's connection, whose problems are none)."""
    total = len(plan.sources) + len(plan.commitments) + len(plan.updates)
    done = 0
    if progress:
        progress(offset + done, offset + total)
    try:
        for spec in plan.fields:
            tracker.declare_field(spec)
        for vocabulary in plan.vocabularies:
            tracker.add_vocabulary(vocabulary)
        if writer is None:
            conn = tracker.connection()
            assert conn is not None
            writer = Writer(conn, collect=True)
        elif plan.fields:
            writer.forget_fields()
        records: list[Source | Commitment | StatusUpdate] = [
            *plan.sources,
            *plan.commitments,
            *plan.updates,
        ]
        for done, record in enumerate(records, start=1):
            writer.add(record)
            if progress and done % writer.batch_size == 0:
                progress(offset + done, offset + total)
        writer.flush()
        if writer.problems:
            found = [Problem(Place(), str(err)) for _place, err in writer.problems]
            writer.problems.clear()
            raise ImportFailed(found)
        if plan.amendments:
            tracker.add_amendments(plan.amendments)
        for key, changes in plan.amend:
            assert amend is not None
            withdraw = changes.pop("withdrawn", False)
            if changes:
                tracker.amend(key, reason=amend.reason, by=amend.by, **changes)
            if withdraw:
                tracker.withdraw(key, reason=amend.reason, by=amend.by)
        if progress:
            progress(offset + total, offset + total)
    except (ValidationError, ConflictError, NotFoundError) as err:
        raise ImportFailed([Problem(Place(), str(err))]) from err


@contextmanager
def _older_objects_frozen() -> Iterator[None]:
    """The objects that exist already (modules, their tables, the caller's) left out of the
    garbage collector's passes until the end: an import makes many objects that live a
    while, and each full pass would walk every older object again; young passes are rarer
    too (objects are still freed when nothing refers to them: only the search for reference
    cycles waits). Nothing is kept from the collector: what is left out goes back to it at
    the end."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


#: records a streamed import checks and writes at a time
STREAM_PART = 5_000


class _Undo(PledgetrackError):
    """Rolls a streamed import back once every record has been read and checked."""


def load_stream(
    tracker: Tracker,
    items: Iterable[object],
    *,
    progress: Progress | None = None,
    strict: bool = False,
    part_size: int = STREAM_PART,
) -> ImportReport:
    """Import the records a reader yields, as it yields them: all of it or, on any problem,
    nothing.

    ``items`` are what :func:`pledgetrack.io.mapped.iter_mapped` yields: records (each an
    :class:`Entry`, in write order: sources, declarations, commitments with parents first,
    status updates), :class:`~pledgetrack.io.problems.Problem` items (a row that could not be
    read) and notes (a doubtful value, imported with an assumption). The records are checked
    as :func:`load_collection` checks them and written through the one writer, ``part_size``
    at a time, in one transaction; memory holds one part, and for each commitment and source
    key its first place (and whether it was written), not the whole file. One writer serves
    the whole import; what it keeps of the commitments it wrote stays within one part.
    Reading and checking go on after a problem, so every problem is reported; at the end any
    problem rolls everything back and raises :class:`ImportFailed`: the reader's
    problems if it had any (as when the whole file is read first), else with ``strict`` the
    doubtful values, else the problems of the records against one another and the store.
    """
    read_problems = Problems()
    problems = Problems()
    doubts: list[Problem] = []
    # the first place of each key read (commitments, sources): a duplicate names it; the
    # commitments' keys are also those an earlier part read, for the checks of a later one
    # (kept small: a place in the kind's first file is kept as its row alone, a line number
    # as a number)
    first: dict[str, dict[str, Place | str | int | None]] = {"commitment": {}, "source": {}}
    first_file: dict[str, str | None] = {}
    counts: Counter[str] = Counter()
    state = {"part": Collection(), "written": 0}
    # commitments this import wrote: no history to compare with (a dictionary with no values,
    # not a set: one entry per key, and a set's table takes five times the memory)
    fresh: dict[str, None] = {}
    # stored updates of commitments stored before, not yet matched by an incoming one (a
    # counter a commitment whose updates the import touches)
    existing: dict[str, Counter[Hashable]] = {}
    direct: Writer | None = None

    def take(entry: Entry[Any], kind: str, key: str) -> bool:
        places = first[kind]
        place = entry.place
        if key in places:
            known = places[key]
            if not isinstance(known, Place):  # a row of the kind's first file
                known = Place(first_file[kind], None if known is None else str(known))
            _duplicate(entry, known, key, kind, problems)
            return False
        file = first_file.setdefault(kind, place.file)
        plain = place.file == file and place.column is None
        row = place.row
        if plain and row and len(row) < 16 and row.isascii() and row.isdigit() and row[0] != "0":
            places[key] = int(row)  # the same text again from str()
        else:
            places[key] = row if plain else place
        return True

    def the_writer() -> Writer:
        """One writer for the whole import: what it knows of the commitments it wrote
        (ids, dates, targets, actors; about two parts of them) serves the updates after."""
        nonlocal direct
        if direct is None:
            conn = tracker.connection()
            assert conn is not None
            direct = Writer(conn, collect=True, batch_size=part_size, background=True)
        return direct

    def flush() -> None:
        part: Collection = state["part"]  # type: ignore[assignment]
        state["part"] = Collection()
        if read_problems.items or (strict and doubts):
            return  # nothing will be written: the reader's problems are what is reported
        # updates of commitments this import wrote go straight to the writer, which checks
        # them with the same rules and notes each problem with its place
        straight = [e for e in part.updates if e.value.commitment in fresh]
        part.updates = [e for e in part.updates if e.value.commitment not in fresh]
        # the part's reads first: the straight updates' inserts then run behind the reading
        # of the next part (on SQLite), not behind these reads, which would wait for them
        plan, found = _check(tracker, part, None, first["commitment"].keys(), existing)
        if straight:
            writer = the_writer()
            for entry in straight:
                writer.add(entry.value, entry.place)
            writer.flush()
            for place, err in writer.problems:
                if isinstance(err, ValidationError):
                    problems.items.append(_problem(place, err))  # type: ignore[arg-type]
                else:
                    problems.add(place, str(err))  # type: ignore[arg-type]
            writer.problems.clear()
            counts.update(updates=len(straight))
        counts.update(
            fields=len(plan.fields),
            vocabularies=len(plan.vocabularies),
            sources=len(plan.sources),
            sources_unchanged=plan.unchanged["sources"],
            commitments=len(plan.commitments),
            commitments_unchanged=plan.unchanged["commitments"],
            updates=len(plan.updates),
            updates_unchanged=plan.unchanged["updates"],
        )
        problems.items.extend(found.items)
        # the good records are written even after a problem (all is rolled back at the end),
        # so that later parts are checked against them as a whole-file import checks them
        offset = int(state["written"])  # type: ignore[call-overload]
        try:
            _write(tracker, plan, None, progress, offset, the_writer())
        except ImportFailed:
            if not problems.items:
                raise
            return  # a record refused for a problem already noted (its parent's, say)
        fresh.update(dict.fromkeys(c.key for c in plan.commitments))
        state["written"] = offset + len(plan.sources) + len(plan.commitments) + len(plan.updates)

    def records() -> Iterator[None]:
        for item in items:
            if isinstance(item, Problem):
                read_problems.items.append(item)
                continue
            if not isinstance(item, Entry):
                doubts.append(item.problem)  # type: ignore[attr-defined]
                continue
            value, part = item.value, state["part"]
            assert isinstance(part, Collection)
            if isinstance(value, Commitment):
                if take(item, "commitment", value.key):
                    part.commitments.append(item)
            elif isinstance(value, StatusUpdate):
                part.updates.append(item)
            elif isinstance(value, Source):
                if take(item, "source", value.key):
                    part.sources.append(item)
            elif isinstance(value, FieldSpec):
                part.fields.append(item)
            elif isinstance(value, Vocabulary):
                part.vocabularies.append(item)
            if len(part.commitments) + len(part.updates) >= part_size:
                flush()
            yield None

    try:
        with tracker.transaction(), _older_objects_frozen():
            try:
                for _ in records():
                    pass
                flush()
            except BaseException:
                if direct is not None:
                    with suppress(PledgetrackError):  # the first failure is the one to report
                        direct.close()
                raise
            if direct is not None:
                direct.close()  # the inserts in flight written, or their failure raised
            if read_problems.items or (strict and doubts) or problems.items:
                raise _Undo
    except _Undo:
        read_problems.raise_if_any()
        if strict and doubts:
            raise ImportFailed(
                [attrs.evolve(d, reason=f"{d.reason} (refused: --strict)") for d in doubts]
            ) from None
        problems.raise_if_any()
    return ImportReport(
        fields_added=counts["fields"],
        vocabularies_added=counts["vocabularies"],
        sources_added=counts["sources"],
        sources_unchanged=counts["sources_unchanged"],
        commitments_added=counts["commitments"],
        commitments_unchanged=counts["commitments_unchanged"],
        updates_added=counts["updates"],
        updates_unchanged=counts["updates_unchanged"],
        notices=tuple(str(d) for d in doubts),
    )
