"""A summary as of a date: counts, scores, groups, the listed commitments, timeline and pace.

:func:`summarize` runs the rollups and gathers their results in a :class:`Summary`, the one
object every renderer (:mod:`pledgetrack.render`) reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from pledgetrack.model import Commitment, Status, StatusUpdate, to_date
from pledgetrack.model.filter import Filter
from pledgetrack.rollups.core import (
    DEFAULT_DUE_WITHIN,
    Group,
    Item,
    TimelineBin,
    Transitions,
    UnitProgress,
    items,
    progress,
    resolve_as_of,
    rollup,
    timeline,
    transitions,
)
from pledgetrack.rollups.dimensions import Dimension
from pledgetrack.rollups.measures import Counts, Section

if TYPE_CHECKING:
    from pledgetrack.tracker import Tracker

__all__ = ["DETAIL_THRESHOLD", "Dossier", "SourceRef", "Summary", "dossiers", "summarize"]

#: with ``detail=None``, commitments are listed when there are at most this many
DETAIL_THRESHOLD = 200


@attrs.frozen
class SourceRef:
    """What a reader needs to find a source: its key, title, publisher, date and URL."""

    key: str
    title: str
    url: str | None = None
    publisher: str | None = None
    published: dt.date | None = None


@attrs.frozen
class Dossier:
    """One listed commitment in full, for a report: the commitment with its citations, its
    dated history with the evidence of each update, and the sources they quote."""

    commitment: Commitment
    history: tuple[StatusUpdate, ...]
    sources: Mapping[str, SourceRef]


def dossiers(tracker: Tracker, keys: Iterable[str]) -> dict[str, Dossier]:
    """The :class:`Dossier` of each commitment ``key`` (in the order given), read through
    ``tracker`` (a :class:`~pledgetrack.Tracker`)."""
    wanted = list(dict.fromkeys(keys))
    histories = tracker.histories(wanted) if wanted else {}
    refs: dict[str, SourceRef] = {}
    out: dict[str, Dossier] = {}
    for key in wanted:
        commitment = tracker.get_commitment(key)
        history = tuple(histories.get(key, ()))
        quoted = [c.source for c in commitment.citations]
        quoted += [c.source for u in history for c in u.evidence]
        for name in quoted:
            if name not in refs:
                source = tracker.get_source(name)
                refs[name] = SourceRef(
                    source.key, source.title, source.url, source.publisher, source.published
                )
        out[key] = Dossier(commitment, history, {n: refs[n] for n in dict.fromkeys(quoted)})
    return out


@attrs.frozen
class Summary:
    """What was promised, what is due, overdue and delivered, as of one date.

    ``counts`` covers every commitment in scope; ``groups`` the same per group of
    ``dimensions``; ``items`` the listed commitments by section (None when not listed), at
    most ``item_limit`` a section; ``dossiers`` each listed commitment in full (with
    ``evidence=True``), by key.
    """

    as_of: dt.date
    counts: Counts
    due_within: int = DEFAULT_DUE_WITHIN
    dimensions: tuple[str, ...] = ()
    groups: tuple[Group, ...] = ()
    items: Mapping[Section, tuple[Item, ...]] | None = None
    item_limit: int | None = None
    timeline: tuple[TimelineBin, ...] = ()
    progress: tuple[UnitProgress, ...] = ()
    transitions: Transitions | None = None
    filter: Filter = attrs.field(factory=Filter)
    title: str = "Commitments"
    dossiers: Mapping[str, Dossier] | None = None

    @property
    def total(self) -> int:
        """How many commitments are in scope."""
        return self.counts.total

    @property
    def by_status(self) -> dict[Status, int]:
        """How many commitments have each canonical status."""
        return self.counts.by_status

    @property
    def overdue(self) -> int:
        """How many are overdue."""
        return self.counts.overdue

    @property
    def due_soon(self) -> int:
        """How many fall due within ``due_within`` days."""
        return self.counts.due_soon

    def listed(self, section: Section | str) -> tuple[Item, ...]:
        """The listed commitments of ``section`` (empty when none are listed)."""
        if self.items is None:
            return ()
        return self.items.get(Section(section), ())

    def unlisted(self, section: Section | str) -> int:
        """How many commitments of ``section`` the lists leave out."""
        return self.counts.sections[Section(section)] - len(self.listed(section))


def summarize(
    tracker: Tracker,
    *,
    as_of: dt.date | str | None = None,
    by: Iterable[str | Dimension] = (),
    filter: Filter | None = None,
    due_within: int = DEFAULT_DUE_WITHIN,
    detail: bool | None = None,
    limit: int | None = 50,
    since: dt.date | str | None = None,
    title: str = "Commitments",
    evidence: bool = False,
) -> Summary:
    """Summarise the commitments of ``tracker`` as of ``as_of`` (default today).

    ``by`` groups the counts; ``detail`` lists the commitments of each section (None: only
    when there are at most :data:`DETAIL_THRESHOLD`), up to ``limit`` a section; ``since`` adds
    the transitions from that date to ``as_of``; ``evidence`` adds the :class:`Dossier` of
    every listed commitment. Every figure is computed in the database, all of them on one
    connection (the open transaction's, if any), so they agree with one another.
    """
    day = resolve_as_of(as_of)
    with tracker.reading():
        return _summarize(
            tracker, day, by, filter, due_within, detail, limit, since, title, evidence
        )


def _summarize(
    source: Tracker,
    day: dt.date,
    by: Iterable[str | Dimension],
    filter: Filter | None,
    due_within: int,
    detail: bool | None,
    limit: int | None,
    since: dt.date | str | None,
    title: str,
    evidence: bool,
) -> Summary:
    overall = rollup(source, as_of=day, filter=filter, due_within=due_within)
    counts = sum((g.counts for g in overall.groups), Counts())
    dims: tuple[str, ...] = ()
    groups: tuple[Group, ...] = ()
    if by:
        grouped = rollup(source, by=by, as_of=day, filter=filter, due_within=due_within)
        dims, groups = grouped.dimensions, grouped.groups
    listing = detail if detail is not None else counts.total <= DETAIL_THRESHOLD
    listed = None
    if listing:
        listed = items(source, as_of=day, filter=filter, due_within=due_within, limit=limit)
    found = None
    if evidence and listed is not None:
        found = dossiers(source, (i.key for section in listed.values() for i in section))
    change = None
    if since is not None:
        change = transitions(source, start=to_date(since, "since"), end=day, filter=filter)
    return Summary(
        as_of=day,
        counts=counts,
        due_within=due_within,
        dimensions=dims,
        groups=groups,
        items=listed,
        item_limit=limit if listing else None,
        timeline=timeline(source, as_of=day, filter=filter),
        progress=progress(source, as_of=day, filter=filter),
        transitions=change,
        filter=filter or Filter(),
        title=title,
        dossiers=found,
    )
