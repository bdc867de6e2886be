"""The rollups agree with a brute-force reading of the status history, on SQLite and PostgreSQL.

Hypothesis builds small random collections (several actors and themes, ties on the same day,
corrections recorded late, parents, custom fields, quantified targets), stores them through
the Tracker, and checks every rollup against an oracle written here from the model and the
pure rules only.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

import pledgetrack as pt
from pledgetrack.model import Citation, Commitment, Deadline, Event, Status, StatusUpdate, Target
from pledgetrack.render import render_markdown, render_text
from pledgetrack.rollups import (
    FULFILMENT_POINTS,
    Section,
    StatusCell,
    items,
    progress,
    rollup,
    status_at,
    summarize,
    timeline,
    transitions,
)
from pledgetrack.rules import (
    is_due_within,
    is_overdue,
    is_unassessed_past_due,
    latest_update,
    pace,
    status_as_of,
)
from pledgetrack.testing import make_source

ACTORS = ("A", "B", "C")
THEMES = ("x", "y", "z")
EVENTS = ("E1", "E2")
REGIONS = ("north", "south")
DIMENSIONS = (
    "actor", "theme", "event", "announced_year", "deadline_year", "parent", "field:region",
    "label",
)  # fmt: skip
#: a tracker's own labels, two for each canonical status (as "primer/segundo trámite" are)
VOCABULARY = pt.Vocabulary("own", {f"{s.value} {n}": s for s in Status for n in ("one", "two")})
START = dt.date(2020, 1, 1)
QUOTE = "China is ready to provide at least 1,000 training opportunities"

SLOW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- building random collections ------------------------------------------------------------


@st.composite
def collections(draw: st.DrawFn) -> tuple[list[Commitment], list[StatusUpdate]]:
    """Commitments (parents first) and their updates in record order."""
    count = draw(st.integers(0, 10))
    commitments: list[Commitment] = []
    for i in range(count):
        announced = START + dt.timedelta(days=draw(st.integers(0, 3 * 365)))
        deadline = None
        if draw(st.booleans()):
            day = announced + dt.timedelta(days=draw(st.integers(0, 900)))
            precision = draw(st.sampled_from(["day", "month", "quarter", "year"]))
            deadline = Deadline(day, precision)
        target = None
        if draw(st.integers(0, 2)) == 0:
            quantity = Decimal(draw(st.integers(1, 2000))) / 2
            target = Target(quantity, draw(st.sampled_from(["places", "USD"])))
        parent = None
        if commitments and draw(st.integers(0, 3)) == 0:
            parent = draw(st.sampled_from(commitments)).key
        region = draw(st.sampled_from((None, *REGIONS)))
        commitments.append(
            Commitment(
                key=f"c{i}",
                title=f"Commitment {i}",
                actors=draw(st.lists(st.sampled_from(ACTORS), min_size=1, max_size=2, unique=True)),
                announced=announced,
                citations=(Citation("summit-report", QUOTE),),
                themes=draw(st.lists(st.sampled_from(THEMES), max_size=2, unique=True)),
                event=draw(st.sampled_from((None, *(Event(e) for e in EVENTS)))),
                deadline=deadline,
                target=target,
                parent=parent,
                custom={"region": region} if region else {},
            )
        )
    updates: list[StatusUpdate] = []
    if commitments:
        for _ in range(draw(st.integers(0, 25))):
            owner = draw(st.sampled_from(commitments))
            effective = owner.announced + dt.timedelta(days=draw(st.integers(0, 1200)))
            if updates and draw(st.integers(0, 4)) == 0:  # same commitment, same day: a tie
                owner = next(c for c in commitments if c.key == updates[-1].commitment)
                effective = updates[-1].effective
            progress_value = None
            if owner.target is not None and draw(st.booleans()):
                progress_value = Decimal(draw(st.integers(0, 2400))) / 2
            status = draw(st.sampled_from(list(Status)))
            label = draw(st.sampled_from((None, f"{status.value} one", f"{status.value} two")))
            updates.append(
                StatusUpdate(
                    owner.key,
                    status,
                    effective,
                    progress_value,
                    sequence=len(updates) + 1,
                    label=label,
                )
            )
    return commitments, updates


def dates() -> st.SearchStrategy[dt.date]:
    return st.dates(dt.date(2019, 11, 1), dt.date(2027, 6, 30))


@st.composite
def days(draw: st.DrawFn, commitments: list[Commitment], updates: list[StatusUpdate]) -> dt.date:
    """An as-of date, often one where a rule changes its answer (a boundary)."""
    edges: list[dt.date] = []
    for c in commitments:
        edges.append(c.announced)
        if c.deadline.due is not None:
            for shift in (0, 1, -1, -30, -365):
                edges.append(c.deadline.due + dt.timedelta(days=shift))
    edges += [u.effective for u in updates]
    if edges and draw(st.booleans()):
        return draw(st.sampled_from(edges))
    return draw(dates())


@st.composite
def filters(draw: st.DrawFn, keys: list[str]) -> pt.Filter:
    """A random filter over the values the collections use."""
    fields: dict[str, Any] = {}
    if draw(st.integers(0, 3)) == 0:
        fields["actors"] = draw(st.lists(st.sampled_from(ACTORS), min_size=1, max_size=2))
    if draw(st.integers(0, 3)) == 0:
        fields["themes"] = draw(st.lists(st.sampled_from(THEMES), min_size=1, max_size=2))
    if draw(st.integers(0, 4)) == 0:
        fields["events"] = [draw(st.sampled_from(EVENTS))]
    if draw(st.integers(0, 3)) == 0:
        fields["statuses"] = draw(st.lists(st.sampled_from(list(Status)), min_size=1, max_size=3))
    if draw(st.integers(0, 4)) == 0:
        fields["overdue"] = draw(st.booleans())
    if draw(st.integers(0, 4)) == 0:
        fields["has_deadline"] = draw(st.booleans())
    if draw(st.integers(0, 4)) == 0:
        low = draw(dates())
        fields["due_from"] = low
        fields["due_to"] = low + dt.timedelta(days=draw(st.integers(0, 900)))
    if keys and draw(st.integers(0, 5)) == 0:
        fields["parent"] = draw(st.sampled_from(keys))
    if keys and draw(st.integers(0, 5)) == 0:
        fields["keys"] = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=4))
    if draw(st.integers(0, 4)) == 0:
        fields["custom"] = {"region": draw(st.sampled_from(REGIONS))}
    if draw(st.integers(0, 5)) == 0:
        fields["announced_from"] = START + dt.timedelta(days=draw(st.integers(0, 800)))
    return pt.Filter(**fields)


def wipe(engine: Engine) -> None:
    """Empty the store between examples."""
    with engine.begin() as conn:
        for statement in (
            "DELETE FROM citation",
            "DELETE FROM status_update",
            "DELETE FROM commitment_field",
            "DELETE FROM commitment_actor",
            "DELETE FROM commitment_theme",
            "UPDATE commitment SET parent_id = NULL",
            "DELETE FROM commitment",
            "DELETE FROM source",
        ):
            conn.execute(text(statement))


def store(tracker: pt.Tracker, commitments: list[Commitment], updates: list[StatusUpdate]) -> None:
    """Put the collection in the (emptied) store through the Tracker, in record order."""
    wipe(tracker.engine)
    tracker.declare_field(name="region", type="choice", choices=REGIONS)
    tracker.add_source(make_source())
    for commitment in commitments:
        tracker.add_commitment(commitment)
    for update in updates:
        tracker.record_status(
            update.commitment,
            update.label or update.status,
            effective=update.effective,
            progress=update.progress,
            vocabulary=VOCABULARY if update.label else None,
        )


# --- the oracle ---------------------------------------------------------------------------


class Oracle:
    """Everything the rollups compute, from the model objects and the pure rules."""

    def __init__(self, commitments: list[Commitment], updates: list[StatusUpdate]) -> None:
        self.commitments = commitments
        self.by_key = {c.key: c for c in commitments}
        self.history: dict[str, list[StatusUpdate]] = defaultdict(list)
        for update in updates:
            self.history[update.commitment].append(update)

    def status(self, c: Commitment, day: dt.date) -> Status:
        return status_as_of(self.history[c.key], day)

    def delivered(self, c: Commitment, day: dt.date) -> Decimal | None:
        reported = [u for u in self.history[c.key] if u.progress is not None]
        latest = latest_update(reported, day)
        return None if latest is None else latest.progress

    def takes(self, f: pt.Filter, c: Commitment, day: dt.date) -> bool:
        status = self.status(c, day)
        due = c.deadline.due
        checks = [
            c.announced <= day,
            not f.actors or bool(set(f.actors) & set(c.actors)),
            not f.themes or bool(set(f.themes) & set(c.themes)),
            not f.events or (c.event is not None and c.event.name in f.events),
            not f.statuses or status.value in f.statuses,
            f.overdue is None or is_overdue(c, status, day) == f.overdue,
            f.has_deadline is None or (due is not None) == f.has_deadline,
            f.due_from is None or (due is not None and due >= f.due_from),
            f.due_to is None or (due is not None and due <= f.due_to),
            f.parent is None or c.parent == f.parent,
            not f.keys or c.key in f.keys,
            all(c.custom.get(k) == v for k, v in f.custom.items()),
            f.announced_from is None or c.announced >= f.announced_from,
            f.announced_to is None or c.announced <= f.announced_to,
        ]
        return all(checks)

    def scope(self, f: pt.Filter, day: dt.date) -> list[Commitment]:
        return [c for c in self.commitments if self.takes(f, c, day)]

    def values(self, c: Commitment, dim: str, day: dt.date) -> list[Any]:
        due = c.deadline.due
        if dim == "label":
            latest = latest_update(self.history[c.key], day)
            return [None if latest is None else latest.label]
        return {
            "actor": list(c.actors),
            "theme": list(c.themes) or [None],
            "event": [c.event.name if c.event else None],
            "announced_year": [c.announced.year],
            "deadline_year": [due.year if due else None],
            "parent": [c.parent],
            "field:region": [c.custom.get("region")],
        }[dim]

    def cells(
        self, f: pt.Filter, day: dt.date, dims: tuple[str, ...], horizon: int
    ) -> dict[tuple[Any, ...], dict[Status, StatusCell]]:
        out: dict[tuple[Any, ...], dict[Status, StatusCell]] = defaultdict(dict)
        for c in self.scope(f, day):
            status = self.status(c, day)
            due = c.deadline.due
            cell = StatusCell(
                1,
                int(due is not None and due < day),
                int(due is not None and day <= due <= day + dt.timedelta(days=horizon)),
                int(due is None),
            )
            for key in itertools.product(*(self.values(c, d, day) for d in dims)):
                found = out[key].get(status)
                out[key][status] = cell if found is None else found + cell
        return dict(out)

    def section(self, c: Commitment, day: dt.date, horizon: int) -> Section:
        status = self.status(c, day)
        if status is Status.FULFILLED:
            return Section.FULFILLED
        if status.is_final:
            return Section.CLOSED
        if is_unassessed_past_due(c, status, day):
            return Section.UNASSESSED
        if is_overdue(c, status, day):
            return Section.OVERDUE
        if is_due_within(c, status, day, horizon):
            return Section.DUE_SOON
        if status in (Status.IN_PROGRESS, Status.PARTIALLY_FULFILLED, Status.DELAYED):
            return Section.IN_PROGRESS
        if c.deadline.due is None:
            return Section.NO_DEADLINE
        return Section.DUE_LATER

    def compliance(self, c: Commitment, day: dt.date) -> int | None:
        """The G7/G20 Research Group score of one commitment, written out case by case."""
        status = self.status(c, day)
        passed = c.deadline.due is not None and c.deadline.due < day
        if status is Status.FULFILLED:
            return 1
        if status in (Status.PARTIALLY_FULFILLED, Status.IN_PROGRESS, Status.DELAYED):
            return 0
        if status is Status.BROKEN:
            return -1
        if status is Status.NOT_STARTED and passed:
            return -1
        return None  # no evidence (at any date), not applicable, not started before the deadline


def nonempty(cells: dict[Status, StatusCell]) -> dict[Status, StatusCell]:
    return {s: c for s, c in cells.items() if c.total}


# --- the properties -----------------------------------------------------------------------


@SLOW
@given(data=st.data())
def test_rollup_counts_match_brute_force(tracker: pt.Tracker, data: st.DataObject) -> None:
    commitments, updates = data.draw(collections())
    store(tracker, commitments, updates)
    oracle = Oracle(commitments, updates)
    keys = [c.key for c in commitments]
    for _ in range(3):
        day = data.draw(days(commitments, updates))
        dims = tuple(data.draw(st.lists(st.sampled_from(DIMENSIONS), max_size=2, unique=True)))
        chosen = data.draw(filters(keys))
        horizon = data.draw(st.sampled_from([0, 30, 365]))
        result = rollup(tracker, by=dims, as_of=day, filter=chosen, due_within=horizon)
        got = {g.values: nonempty(dict(g.counts.cells)) for g in result.groups}
        assert got == oracle.cells(chosen, day, dims, horizon)
        assert result.dimensions == dims


@SLOW
@given(data=st.data())
def test_scores_sections_and_items_match_brute_force(
    tracker: pt.Tracker, data: st.DataObject
) -> None:
    commitments, updates = data.draw(collections())
    store(tracker, commitments, updates)
    oracle = Oracle(commitments, updates)
    for _ in range(3):
        day = data.draw(days(commitments, updates))
        chosen = data.draw(filters([c.key for c in commitments]))
        horizon = data.draw(st.sampled_from([0, 30, 365]))
        scope = oracle.scope(chosen, day)
        statuses = {c.key: oracle.status(c, day) for c in scope}
        summary = summarize(
            tracker, as_of=day, filter=chosen, due_within=horizon, detail=True, limit=None
        )
        counts = summary.counts
        assert counts.total == len(scope)
        for c in commitments:
            assert status_at(tracker, c.key, day) is oracle.status(c, day)
        assert counts.by_status == {s: list(statuses.values()).count(s) for s in Status}
        assert counts.overdue == sum(is_overdue(c, statuses[c.key], day) for c in scope)
        assert counts.due_soon == sum(
            is_due_within(c, statuses[c.key], day, horizon) for c in scope
        )
        fallen = [
            c for c in scope
            if c.deadline.due is not None and c.deadline.due < day
            and statuses[c.key] not in (Status.NOT_APPLICABLE, Status.NO_EVIDENCE)
        ]  # fmt: skip
        fulfilled = [c for c in fallen if statuses[c.key] is Status.FULFILLED]
        assert (counts.fallen_due, counts.fulfilled_of_fallen_due) == (len(fallen), len(fulfilled))
        assert counts.fulfilment_rate == (len(fulfilled) / len(fallen) if fallen else None)
        scores = [s for s in (oracle.compliance(c, day) for c in scope) if s is not None]
        compliance = counts.compliance
        assert compliance.assessed == len(scores)
        assert (compliance.full, compliance.none) == (scores.count(1), scores.count(-1))
        if scores:
            assert compliance.score == pytest.approx(sum(scores) / len(scores))
        unrated = (Status.NOT_APPLICABLE, Status.NO_EVIDENCE)
        rated = [c for c in scope if statuses[c.key] not in unrated]
        assert counts.unassessed_past_due == sum(
            is_unassessed_past_due(c, statuses[c.key], day) for c in scope
        )
        points = sum(FULFILMENT_POINTS[statuses[c.key]] for c in rated)
        assert counts.fulfilment_percentage == (
            pytest.approx(points / len(rated)) if rated else None
        )
        expected_sections = Counter(oracle.section(c, day, horizon) for c in scope)
        assert counts.sections == {s: expected_sections[s] for s in Section}
        assert summary.items is not None
        for section in Section:
            listed = summary.listed(section)
            members = [c for c in scope if oracle.section(c, day, horizon) is section]
            order = sorted(members, key=lambda c: (c.deadline.due is None, c.deadline.due, c.key))
            assert [i.key for i in listed] == [c.key for c in order]
            for item in listed:
                c = oracle.by_key[item.key]
                assert item.status is statuses[c.key]
                assert item.actors == c.actors
                status = statuses[c.key]
                late = is_overdue(c, status, day)
                due = c.deadline.due
                assert item.days_overdue == ((day - due).days if late and due else 0)
                expected_pace = pace(c, oracle.delivered(c, day), day, status)
                assert item.pace == expected_pace


@SLOW
@given(data=st.data())
def test_item_limit_keeps_the_first_of_each_section(
    tracker: pt.Tracker, data: st.DataObject
) -> None:
    commitments, updates = data.draw(collections())
    store(tracker, commitments, updates)
    day = data.draw(days(commitments, updates))
    limit = data.draw(st.integers(0, 3))
    everything = items(tracker, as_of=day, limit=None)
    capped = items(tracker, as_of=day, limit=limit)
    assert capped == {s: everything[s][:limit] for s in Section}


@SLOW
@given(data=st.data())
def test_progress_and_pace_match_brute_force(tracker: pt.Tracker, data: st.DataObject) -> None:
    commitments, updates = data.draw(collections())
    store(tracker, commitments, updates)
    oracle = Oracle(commitments, updates)
    for _ in range(3):
        day = data.draw(days(commitments, updates))
        dims = tuple(data.draw(st.lists(st.sampled_from(DIMENSIONS), max_size=2, unique=True)))
        chosen = data.draw(filters([c.key for c in commitments]))
        expected: dict[tuple[Any, ...], list[Any]] = {}
        for c in oracle.scope(chosen, day):
            measured = pace(c, oracle.delivered(c, day), day)
            if measured is None:
                continue
            assert c.target is not None
            status = oracle.status(c, day)
            closed = status in (Status.BROKEN, Status.NOT_APPLICABLE)
            for values in itertools.product(*(oracle.values(c, d, day) for d in dims)):
                key = (*values, c.target.unit, c.target.currency)
                row = expected.setdefault(key, [0, 0, Decimal(0), Decimal(0), Decimal(0), 0, 0])
                if closed:  # broken and not applicable leave every total
                    row[6] += 1
                    continue
                row[0] += 1
                row[1] += int(measured.reported)
                row[2] += measured.target
                row[3] += measured.delivered
                row[4] += measured.expected
                # a fulfilled commitment, or one that reports nothing, is never behind
                row[5] += int(measured.behind and status is not Status.FULFILLED)
        got = progress(tracker, by=dims, as_of=day, filter=chosen)
        assert {(*(v for _n, v in p.key), p.unit, p.currency) for p in got} == set(expected)
        for p in got:
            row = expected[(*(v for _n, v in p.key), p.unit, p.currency)]
            assert [p.commitments, p.reported, p.target, p.delivered, p.behind, p.closed] == [
                row[0], row[1], row[2], row[3], row[5], row[6],
            ]  # fmt: skip
            # expected is rounded to the target's decimal places
            exponent = p.target.as_tuple().exponent
            step = Decimal(1).scaleb(min(int(exponent), 0))
            assert p.expected == p.expected.quantize(step)
            assert float(p.expected) == pytest.approx(float(row[4]), abs=float(step) / 2 + 1e-5)


@SLOW
@given(data=st.data())
def test_transitions_match_brute_force(tracker: pt.Tracker, data: st.DataObject) -> None:
    commitments, updates = data.draw(collections())
    store(tracker, commitments, updates)
    oracle = Oracle(commitments, updates)
    for _ in range(3):
        start, end = sorted(
            (data.draw(days(commitments, updates)), data.draw(days(commitments, updates)))
        )
        chosen = data.draw(filters([c.key for c in commitments]))
        pairs = {}
        for c in oracle.scope(chosen, end):
            before = None if c.announced > start else oracle.status(c, start)
            pairs[c.key] = (before, oracle.status(c, end))
        change = transitions(tracker, start=start, end=end, filter=chosen, limit=None)
        assert {(t.before, t.after): t.count for t in change.cells} == Counter(pairs.values())
        moved = sorted(k for k, (b, a) in pairs.items() if b != a)
        assert [m.key for m in change.moves] == moved
        assert all(pairs[m.key] == (m.before, m.after) for m in change.moves)
        assert change.changed == len(moved)


@SLOW
@given(data=st.data())
def test_timeline_matches_brute_force(tracker: pt.Tracker, data: st.DataObject) -> None:
    commitments, updates = data.draw(collections())
    store(tracker, commitments, updates)
    oracle = Oracle(commitments, updates)
    day = data.draw(days(commitments, updates))
    expected: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    for c in oracle.scope(pt.Filter(), day):
        due = c.deadline.due
        if due is None:
            continue
        status = oracle.status(c, day)
        if status is Status.FULFILLED:
            kind = "fulfilled"
        elif status.is_final:
            kind = "closed"
        elif is_unassessed_past_due(c, status, day):
            kind = "unassessed"
        else:
            kind = "overdue" if is_overdue(c, status, day) else "open"
        expected[(due.year, due.month)][kind] += 1
    got = timeline(tracker, as_of=day)
    assert [(b.year, b.month) for b in got] == sorted(expected)
    for b in got:
        kinds = expected[(b.year, b.month)]
        assert (b.fulfilled, b.overdue, b.open, b.closed, b.unassessed) == (
            kinds["fulfilled"], kinds["overdue"], kinds["open"], kinds["closed"],
            kinds["unassessed"],
        )  # fmt: skip


# --- fixed cases ------------------------------------------------------------------------------


def _simple(tracker: pt.Tracker) -> None:
    tracker.add_source(make_source())
    for key, actors, themes, due in (
        ("a1", ["A"], ["x"], dt.date(2024, 12, 31)),
        ("a2", ["A", "B"], [], None),
        ("b1", ["B"], ["x", "y"], dt.date(2026, 6, 30)),
    ):
        tracker.add_commitment(
            key=key,
            title=f"Commitment {key}",
            actors=actors,
            themes=themes,
            announced=dt.date(2024, 1, 1),
            deadline=Deadline(due) if due else None,
            citations=[Citation("summit-report", QUOTE)],
        )


def test_groups_are_ordered_with_none_last(tracker: pt.Tracker) -> None:
    _simple(tracker)
    result = rollup(tracker, by=["theme", "actor"], as_of="2025-06-01")
    assert [g.values for g in result.groups] == [
        ("x", "A"), ("x", "B"), ("y", "B"), (None, "A"), (None, "B"),
    ]  # fmt: skip
    assert result.counts(None, "B").total == 1
    assert result.counts("nope", "A").total == 0


def test_nothing_counts_before_it_is_announced(tracker: pt.Tracker) -> None:
    _simple(tracker)
    assert rollup(tracker, as_of="2023-12-31").groups == ()
    assert summarize(tracker, as_of="2023-12-31").total == 0


def test_unknown_field_is_refused_with_the_known_ones(tracker: pt.Tracker) -> None:
    _simple(tracker)
    tracker.set_custom("a1", {"region": "north"})
    with pytest.raises(pt.ValidationError, match="known: region"):
        rollup(tracker, by=["field:colour"], as_of="2025-01-01")
    with pytest.raises(pt.ValidationError, match="known: region"):
        rollup(tracker, as_of="2025-01-01", filter=pt.Filter(custom={"colour": "red"}))
    by_region = rollup(tracker, by=["field:region"], as_of="2025-01-01")
    assert {g.values: g.counts.total for g in by_region.groups} == {("north",): 1, (None,): 2}


def test_bad_dates_and_ranges_are_refused(tracker: pt.Tracker) -> None:
    _simple(tracker)
    with pytest.raises(pt.NotFoundError, match="nobody"):
        status_at(tracker, "nobody", "2025-01-01")
    with pytest.raises(pt.ValidationError, match=r"YYYY-MM-DD"):
        rollup(tracker, as_of="31/12/2025")
    with pytest.raises(pt.ValidationError, match="after the end date"):
        transitions(tracker, start="2025-01-01", end="2024-01-01")
    with pytest.raises(pt.ValidationError, match="due_within"):
        rollup(tracker, as_of="2025-01-01", due_within=-1)


@pytest.mark.parametrize(
    ("delivered", "behind"),
    [("499.5", True), ("500", False), ("500.5", False)],
)
def test_pace_boundary_is_exact(tracker: pt.Tracker, delivered: str, behind: bool) -> None:
    """Half the time gone and half the target delivered is on pace, a half unit less behind."""
    tracker.add_source(make_source())
    tracker.add_commitment(
        key="half",
        title="Half way",
        actors=["A"],
        announced=dt.date(2024, 1, 1),
        deadline=Deadline(dt.date(2024, 1, 11)),
        target=Target("1000", "places"),
        citations=[Citation("summit-report", QUOTE)],
    )
    tracker.record_status("half", "in_progress", effective="2024-01-03", progress=delivered)
    (row,) = progress(tracker, as_of="2024-01-06")
    assert (row.expected, row.delivered, row.behind) == (Decimal(500), Decimal(delivered), behind)
    (item,) = summarize(tracker, as_of="2024-01-06", detail=True).listed("due_soon")
    assert item.pace is not None and item.pace.behind is behind


def _quantified(tracker: pt.Tracker, key: str, target: Target, status: str | None) -> None:
    tracker.add_commitment(
        key=key,
        title=f"Pledge {key}",
        actors=["A"],
        announced=dt.date(2024, 1, 1),
        deadline=Deadline(dt.date(2025, 1, 1)),
        target=target,
        citations=[Citation("summit-report", QUOTE)],
    )
    if status is not None:
        tracker.record_status(key, status, effective="2024-03-01", progress="38")


def test_pace_only_for_open_commitments_and_closed_ones_leave_the_totals(
    tracker: pt.Tracker,
) -> None:
    """Fulfilled at 38 of 150 is not behind; broken and n/a leave target and expected."""
    tracker.add_source(make_source())
    for key, status in (
        ("done", "fulfilled"), ("going", "in_progress"), ("dropped", "broken"),
        ("moot", "not_applicable"), ("silent", None),
    ):  # fmt: skip
        _quantified(tracker, key, Target("150", "million people"), status)
    (row,) = progress(tracker, as_of="2024-07-02")  # half the time gone: 75 expected each
    assert (row.commitments, row.closed, row.reported) == (3, 2, 2)
    assert (row.target, row.delivered) == (Decimal(450), Decimal(76))
    assert row.expected == Decimal(3 * 75)
    assert row.behind == 1  # "going"; "done" is fulfilled, "silent" reports nothing
    summary = summarize(tracker, as_of="2024-07-02", detail=True)
    (done,) = summary.listed("fulfilled")
    assert done.pace is None
    assert all(i.pace is None for i in summary.listed("closed"))
    by_key = {i.key: i for i in summary.listed("due_soon")}
    assert by_key["going"].pace is not None and by_key["going"].pace.behind
    silent = by_key["silent"].pace
    assert silent is not None and not silent.reported and not silent.behind


def test_money_is_money_and_currencies_never_add_up(tracker: pt.Tracker) -> None:
    tracker.add_source(make_source())
    _quantified(tracker, "usd", Target("4000000000", "USD", currency="USD"), "in_progress")
    _quantified(tracker, "usd2", Target("1.98e9", "USD", currency="USD"), None)
    _quantified(tracker, "eur", Target("1000000", "EUR", currency="EUR"), None)
    rows = {p.currency: p for p in progress(tracker, as_of="2024-05-01")}
    assert set(rows) == {"USD", "EUR"}
    assert rows["USD"].target == Decimal("5980000000")
    assert rows["EUR"].target == Decimal(1000000)
    # 121 of 366 days gone; expected rounded to the targets' (whole) precision
    expected = (Decimal("5980000000") * 121 / 366).quantize(Decimal(1))
    assert rows["USD"].expected == expected
    assert rows["USD"].expected.as_tuple().exponent == 0
    summary = summarize(tracker, as_of="2024-05-01", detail=True)
    text = render_text(summary, width=160)
    assert "USD USD" not in text and "E+" not in text
    assert f"{expected:,}" in text
    assert "5,980,000,000" in text
    page = render_markdown(summary)
    assert "| USD |" in page and "| EUR |" in page
    assert "of USD 1,980,000,000" in page  # usd2 reports nothing


def test_fulfilment_percentage_uses_the_trackers_own_percent(tracker: pt.Tracker) -> None:
    """Own percentage where the update in force gives one, status weight otherwise."""
    tracker.add_source(make_source())
    for key in ("rated", "weighted", "later", "moot", "silent"):
        tracker.add_commitment(
            key=key,
            title=f"Pledge {key}",
            actors=["A"],
            announced=dt.date(2024, 1, 1),
            citations=[Citation("summit-report", QUOTE)],
        )
    # no quantified target needed for the tracker's own percentage
    tracker.record_status("rated", "in_progress", effective="2024-02-01", percent="75")
    tracker.record_status("weighted", "partially_fulfilled", effective="2024-02-01")
    tracker.record_status("later", "in_progress", effective="2024-02-01", percent="62.5")
    tracker.record_status("later", "delayed", effective="2024-03-01")  # the percent is not kept
    tracker.record_status("moot", "not_applicable", effective="2024-02-01", percent="100")
    counts = summarize(tracker, as_of="2024-04-01").counts
    # rated: 75 (own) + 50 (partially fulfilled) + 0 (delayed); moot and silent left out
    assert (counts.rated, counts.rated_own, counts.rated_by_status) == (3, 1, 2)
    assert counts.fulfilment_points == Decimal(125)
    assert counts.fulfilment_percentage == pytest.approx(125 / 3)
    before = summarize(tracker, as_of="2024-02-15").counts
    assert (before.rated_own, before.fulfilment_points) == (2, Decimal("187.5"))
    assert before.fulfilment_percentage == pytest.approx(187.5 / 3)
    by_status = rollup(tracker, as_of="2024-04-01").groups[0].counts
    assert by_status.cells[Status.IN_PROGRESS].own_points == Decimal(75)
    page = render_markdown(summarize(tracker, as_of="2024-04-01"))
    assert "1 by the tracker's own percentage, 2 by status weight" in page


def test_by_actor_each_actor_has_its_own_status(tracker: pt.Tracker) -> None:
    """A two-actor commitment assessed per actor rolls up per actor; by anything else, the
    commitment counts with its whole-commitment status."""
    tracker.add_source(make_source())
    tracker.add_commitment(
        key="pair",
        title="Two members pledge",
        actors=["Canada", "Japan"],
        themes=["trade"],
        announced=dt.date(2024, 1, 1),
        deadline=Deadline(dt.date(2024, 6, 30)),
        citations=[Citation("summit-report", QUOTE)],
    )
    tracker.record_status("pair", "fulfilled", effective="2024-03-01", actors=["Canada"])
    tracker.record_status(
        "pair", "in_progress", effective="2024-03-01", actors=["Japan"], percent="40"
    )
    by_actor = rollup(tracker, by=["actor"], as_of="2024-07-01")
    assert by_actor.table()[("Canada",)][Status.FULFILLED] == 1
    assert by_actor.table()[("Japan",)][Status.IN_PROGRESS] == 1
    japan = by_actor.counts("Japan")
    assert (japan.overdue, japan.rated_own, japan.fulfilment_points) == (1, 1, Decimal(40))
    assert by_actor.counts("Canada").compliance.score == 1
    # the commitment as a whole has no whole-commitment assessment: unassessed
    whole = rollup(tracker, as_of="2024-07-01").groups[0].counts
    assert whole.by_status[Status.NO_EVIDENCE] == 1 and whole.unassessed_past_due == 1
    by_theme = rollup(tracker, by=["theme"], as_of="2024-07-01")
    assert by_theme.counts("trade").by_status[Status.NO_EVIDENCE] == 1
    # a later whole-commitment update covers every actor
    tracker.record_status("pair", "broken", effective="2024-05-01")
    later = rollup(tracker, by=["actor", "theme"], as_of="2024-07-01")
    assert later.counts("Canada", "trade").by_status[Status.BROKEN] == 1
    assert later.counts("Japan", "trade").by_status[Status.BROKEN] == 1
    # before any update: each actor unassessed
    early = rollup(tracker, by=["actor"], as_of="2024-02-01")
    assert early.counts("Japan").by_status[Status.NO_EVIDENCE] == 1
    summary = summarize(tracker, by=["actor"], as_of="2024-04-01")
    assert {g.get("actor"): g.counts.by_status[Status.FULFILLED] for g in summary.groups} == {
        "Canada": 1, "Japan": 0,
    }  # fmt: skip


def test_by_label_counts_the_trackers_own_labels(tracker: pt.Tracker) -> None:
    """Two labels of one canonical status stay apart by label, beside the status; the label is
    that of the update in force, and an update naming actors is the commitment's only when
    grouping by actor."""
    own = pt.Vocabulary(
        "tramite",
        {
            "primer trámite": Status.IN_PROGRESS,
            "segundo trámite": Status.IN_PROGRESS,
            "aprobado": Status.FULFILLED,
        },
    )
    tracker.add_source(make_source())
    for key, actors in (("p1", ["A"]), ("p2", ["A"]), ("p3", ["A"]), ("p4", ["A"])):
        tracker.add_commitment(
            key=key,
            title=f"Pledge {key}",
            actors=actors,
            announced=dt.date(2024, 1, 1),
            citations=[Citation("summit-report", QUOTE)],
        )
    tracker.add_commitment(
        key="pair",
        title="Two members pledge",
        actors=["Canada", "Japan"],
        announced=dt.date(2024, 1, 1),
        citations=[Citation("summit-report", QUOTE)],
    )
    tracker.record_status("p1", "Primer trámite", effective="2024-02-01", vocabulary=own)
    tracker.record_status("p2", "segundo trámite", effective="2024-02-01", vocabulary=own)
    tracker.record_status("p3", "fulfilled", effective="2024-02-01")  # no label
    tracker.record_status("p1", "aprobado", effective="2024-05-01", vocabulary=own)
    tracker.record_status(
        "pair", "aprobado", effective="2024-02-01", vocabulary=own, actors=["Canada"]
    )

    march = rollup(tracker, by=["label"], as_of="2024-03-01")
    assert march.table() == {
        ("Primer trámite",): {**dict.fromkeys(Status, 0), Status.IN_PROGRESS: 1},
        ("segundo trámite",): {**dict.fromkeys(Status, 0), Status.IN_PROGRESS: 1},
        # p3 (no label), p4 (no update), pair (only an update naming an actor)
        (None,): {**dict.fromkeys(Status, 0), Status.FULFILLED: 1, Status.NO_EVIDENCE: 2},
    }
    # as of a later date, p1's later label; before any update, none
    june = rollup(tracker, by=["label"], as_of="2024-06-01")
    assert june.counts("aprobado").by_status[Status.FULFILLED] == 1
    assert june.counts("Primer trámite").total == 0
    assert [g.values for g in rollup(tracker, by=["label"], as_of="2024-01-15").groups] == [(None,)]
    # with another dimension; by actor, each actor's own update gives its label
    by_actor = rollup(tracker, by=["label", "actor"], as_of="2024-03-01")
    assert by_actor.counts("aprobado", "Canada").by_status[Status.FULFILLED] == 1
    assert by_actor.counts(None, "Japan").by_status[Status.NO_EVIDENCE] == 1
    assert by_actor.counts("aprobado", "A").total == 0
    assert by_actor.counts(None, "A").total == 2
    # a filter on the canonical status, and the rendered summary names the labels
    chosen = pt.Filter(statuses=("in_progress",))
    only = rollup(tracker, by=["label"], as_of="2024-03-01", filter=chosen)
    assert [g.values for g in only.groups] == [("Primer trámite",), ("segundo trámite",)]
    page = render_markdown(summarize(tracker, by=["label"], as_of="2024-03-01"))
    assert "| segundo trámite | 1 |" in page and "| Primer trámite | 1 |" in page
