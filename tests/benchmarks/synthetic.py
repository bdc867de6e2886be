"""A deterministic synthetic collection for the benchmarks, and the hand-written baselines.

``N`` commitments and exactly ``5 N`` status updates (for an even ``N``), 20 actors,
12 themes, announcements and updates spread over ten years (2015–2024). The same seed always
gives the same collection, whichever way it is produced:

- :func:`specs` yields plain records, the single source of truth;
- :func:`records` turns them into validated model objects (what the library loads);
- :func:`write_sqlite` writes them straight into a SQLite file with the library's schema,
  through raw ``sqlite3`` (fast), and :func:`cached_sqlite` keeps that file between runs;
- :func:`copy_to_postgres` copies such a file into a PostgreSQL database.

Also here, so the normal test suite can check them at a tiny size: the hand-written SQL for
the as-of rollup by theme × status (:data:`HAND_WRITTEN`, several ways on each backend), the
naive loop over ORM objects (:func:`naive_rollup`) and the raw ``sqlite3`` bulk loader
(:func:`raw_load`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pledgetrack as pt
from pledgetrack.model import Citation, Commitment, Deadline, Event, Source, StatusUpdate, Target
from pledgetrack.rules import status_as_of
from pledgetrack.rules.status import latest_update
from pledgetrack.tracker import Tracker

VERSION = 1
SEED = 20240704
FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
SPAN = (LAST_DAY - FIRST_DAY).days
ACTORS = tuple(f"Actor {chr(65 + i)}" for i in range(20))
THEMES = (
    "digital", "trade", "energy", "health", "education", "security",
    "climate", "finance", "transport", "agriculture", "culture", "tourism",
)  # fmt: skip
EVENTS = tuple(f"Summit {year} {place}" for year in range(2015, 2025) for place in ("A", "B", "C"))
UNITS = ("training places", "scholarships", "projects", "USD")
REGIONS = ("asia", "africa", "europe", "americas")
SOURCE_KEY = "bench-source"
QUOTE = "the parties agreed to act"
RECORDED = "2025-01-01 00:00:00.000000"

_MIDWAY = (
    "not_started", "in_progress", "in_progress", "delayed", "partially_fulfilled", "no_evidence",
)  # fmt: skip
_LAST = (
    "fulfilled", "fulfilled", "fulfilled", "broken", "in_progress", "partially_fulfilled",
    "delayed", "not_started", "not_applicable", "fulfilled",
)  # fmt: skip


class UpdateSpec(NamedTuple):
    status: str
    effective: dt.date
    progress: int | None


class Spec(NamedTuple):
    """One commitment and its updates, in record order."""

    index: int
    key: str
    title: str
    actors: tuple[str, ...]
    themes: tuple[str, ...]
    announced: dt.date
    event: str | None
    deadline_date: dt.date | None
    deadline_precision: str
    deadline_due: dt.date | None
    target: int | None
    unit: str | None
    parent: int | None
    region: str | None
    updates: tuple[UpdateSpec, ...]


def _due(day: dt.date, precision: str) -> dt.date:
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return day


def key_of(index: int) -> str:
    """The key of the commitment numbered ``index``."""
    return f"c{index:07d}"


def specs(n: int, seed: int = SEED) -> Iterator[Spec]:
    """The collection of ``n`` commitments, one :class:`Spec` at a time, always the same."""
    rng = random.Random(seed)
    rand, randrange, choice = rng.random, rng.randrange, rng.choice
    last_count = 0
    for i in range(n):
        count = randrange(11) if i % 2 == 0 else 10 - last_count
        last_count = count
        announced = FIRST_DAY + dt.timedelta(days=randrange(SPAN))
        actors = (choice(ACTORS),) if rand() < 0.8 else tuple(rng.sample(ACTORS, 2))
        r = rand()
        themes = () if r < 0.1 else (choice(THEMES),) if r < 0.7 else tuple(rng.sample(THEMES, 2))
        deadline_date: dt.date | None = None
        precision, due = "none", None
        if rand() < 0.8:
            deadline_date = announced + dt.timedelta(days=randrange(30, 1500))
            precision = choice(("day", "day", "month", "year"))
            due = _due(deadline_date, precision)
        quantified = rand() < 0.4
        target = randrange(1, 100) * 100 if quantified else None
        unit = choice(UNITS) if quantified else None
        parent = randrange(i) if i > 100 and rand() < 0.05 else None
        region = choice(REGIONS) if rand() < 0.5 else None
        event = choice(EVENTS) if rand() < 0.7 else None
        updates = []
        day = announced
        delivered = 0
        for u in range(count):
            if u and rand() >= 0.1:  # one in ten falls on the same day as the one before
                day = min(LAST_DAY, day + dt.timedelta(days=randrange(1, 400)))
            status = choice(_LAST) if u == count - 1 else choice(_MIDWAY)
            progress = None
            if target is not None and status in ("in_progress", "partially_fulfilled", "fulfilled"):
                delivered = (
                    target
                    if status == "fulfilled"
                    else min(target, delivered + randrange(0, target // 2 + 1))
                )
                progress = delivered
            updates.append(UpdateSpec(status, day, progress))
        if len(updates) > 2 and rand() < 0.1:  # a correction recorded after a later update
            updates[-1], updates[-2] = updates[-2], updates[-1]
        yield Spec(
            i, key_of(i), f"Commitment {i} of {actors[0]}", actors, themes, announced, event,
            deadline_date, precision, due, target, unit, parent, region, tuple(updates),
        )  # fmt: skip


def source() -> Source:
    """The one source every synthetic commitment cites (no stored text)."""
    return Source(key=SOURCE_KEY, title="Synthetic source", text=None)


def to_commitment(spec: Spec) -> Commitment:
    """The validated model object of ``spec``."""
    deadline = (
        Deadline(spec.deadline_date, spec.deadline_precision)
        if spec.deadline_date is not None
        else None
    )
    return Commitment(
        key=spec.key,
        title=spec.title,
        actors=spec.actors,
        announced=spec.announced,
        citations=(Citation(SOURCE_KEY, QUOTE),),
        target=Target(spec.target, spec.unit or "") if spec.target is not None else None,
        themes=spec.themes,
        event=Event(spec.event) if spec.event else None,
        deadline=deadline,
        parent=key_of(spec.parent) if spec.parent is not None else None,
        custom={"region": spec.region} if spec.region else {},
    )


def to_updates(spec: Spec) -> list[StatusUpdate]:
    """The validated status updates of ``spec``, in record order."""
    return [StatusUpdate(spec.key, u.status, u.effective, u.progress) for u in spec.updates]


def records(n: int, seed: int = SEED) -> Iterator[Source | Commitment | StatusUpdate]:
    """The collection as model objects: the source, then each commitment followed by its updates."""
    yield source()
    for spec in specs(n, seed):
        yield to_commitment(spec)
        yield from to_updates(spec)


# --- writing a file directly ------------------------------------------------------------

_COMMITMENT_SQL = (
    "INSERT INTO commitment (id, key, title, announced, event_name, target_quantity, target_unit,"
    " target_qualifier, deadline_date, deadline_due, deadline_precision, deadline_basis,"
    " parent_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_UPDATE_SQL = (
    "INSERT INTO status_update (id, commitment_id, status, effective, effective_precision,"
    " progress, recorded) VALUES (?,?,?,?,'day',?,?)"
)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _spec_rows(
    spec: Spec, first_update_id: int
) -> tuple[tuple[object, ...], list[tuple[object, ...]], list[tuple[object, ...]],
           list[tuple[object, ...]], list[tuple[object, ...]]]:  # fmt: skip
    cid = spec.index + 1
    commitment = (
        cid, spec.key, spec.title, spec.announced.isoformat(), spec.event,
        str(spec.target) if spec.target is not None else None, spec.unit,
        "exactly" if spec.target is not None else None,
        _iso(spec.deadline_date), _iso(spec.deadline_due), spec.deadline_precision, "stated",
        spec.parent + 1 if spec.parent is not None else None,
    )  # fmt: skip
    actors = [(cid, p, name) for p, name in enumerate(spec.actors)]
    themes = [(cid, p, name) for p, name in enumerate(spec.themes)]
    fields = [(cid, "region", f'"{spec.region}"')] if spec.region else []
    updates = [
        (first_update_id + j, cid, u.status, u.effective.isoformat(),
         str(u.progress) if u.progress is not None else None, RECORDED)
        for j, u in enumerate(spec.updates)
    ]  # fmt: skip
    return commitment, actors, themes, fields, updates


def write_sqlite(path: Path, n: int, seed: int = SEED, batch: int = 50_000) -> None:
    """Create ``path`` with the library's schema and the collection, written with raw sqlite3."""
    with pt.open(path):
        pass
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-500000")
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO source (id, key, title, language) VALUES (1, ?, 'Synthetic source', 'en')",
            (SOURCE_KEY,),
        )
        _write_all(conn, specs(n, seed), batch)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _write_all(conn: sqlite3.Connection, items: Iterable[Spec], batch: int) -> None:
    rows: dict[str, list[tuple[object, ...]]] = {k: [] for k in ("c", "a", "t", "f", "u", "q")}
    next_update = 1

    def flush() -> None:
        conn.executemany(_COMMITMENT_SQL, rows["c"])
        conn.executemany("INSERT INTO commitment_actor VALUES (?,?,?)", rows["a"])
        conn.executemany("INSERT INTO commitment_theme VALUES (?,?,?)", rows["t"])
        conn.executemany("INSERT INTO commitment_field VALUES (?,?,?)", rows["f"])
        conn.executemany(
            "INSERT INTO citation (commitment_id, position, source_id, quote) VALUES (?,0,1,?)",
            rows["q"],
        )
        conn.executemany(_UPDATE_SQL, rows["u"])
        for kept in rows.values():
            kept.clear()

    for spec in items:
        commitment, actors, themes, fields, updates = _spec_rows(spec, next_update)
        next_update += len(updates)
        rows["c"].append(commitment)
        rows["a"].extend(actors)
        rows["t"].extend(themes)
        rows["f"].extend(fields)
        rows["u"].extend(updates)
        rows["q"].append((commitment[0], QUOTE))
        if len(rows["c"]) >= batch:
            flush()
    flush()


def cache_dir() -> Path:
    """Where generated files are kept: ``$PLEDGETRACK_BENCH_CACHE`` or ``.benchmarks/data``."""
    configured = os.environ.get("PLEDGETRACK_BENCH_CACHE")
    default = Path(__file__).resolve().parents[2] / ".benchmarks" / "data"
    folder = Path(configured) if configured else default
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cached_sqlite(n: int, seed: int = SEED) -> Path:
    """The SQLite file of the collection of size ``n``, generated once and reused."""
    from pledgetrack.store.migrate import head_revision

    path = cache_dir() / f"synthetic-v{VERSION}-{head_revision()}-{n}-{seed}.db"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        write_sqlite(partial, n, seed)
        partial.rename(path)
    return path


_TABLES = (
    ("source", ("id", "key", "title", "language")),
    ("commitment", ("id", "key", "title", "announced", "event_name", "target_quantity",
                    "target_unit", "target_qualifier", "deadline_date", "deadline_due",
                    "deadline_precision", "deadline_basis", "parent_id")),
    ("commitment_actor", ("commitment_id", "position", "name")),
    ("commitment_theme", ("commitment_id", "position", "name")),
    ("commitment_field", ("commitment_id", "name", "value")),
    ("citation", ("id", "commitment_id", "position", "source_id", "quote")),
    ("status_update", ("id", "commitment_id", "status", "effective", "effective_precision",
                       "progress", "percent", "recorded")),
)  # fmt: skip


def copy_to_postgres(sqlite_path: Path, url: str) -> None:
    """Copy a generated SQLite file into the (new, empty) PostgreSQL database at ``url``.

    The schema is made by the library's migrations; rows go in with ``COPY``.
    """
    import psycopg
    from sqlalchemy.engine import make_url

    with pt.open(url):
        pass
    parts = make_url(url)
    conninfo = psycopg.conninfo.make_conninfo(
        host=parts.host or "", port=parts.port or 5432, user=parts.username or "",
        dbname=parts.database or "", password=parts.password or "",
    )  # fmt: skip
    source_db = sqlite3.connect(sqlite_path)
    with psycopg.connect(conninfo) as conn:
        for table, columns in _TABLES:
            names = ", ".join(columns)
            with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source_db.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(row)
        for table in ("source", "commitment", "citation", "status_update"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        conn.execute("ANALYZE")
    source_db.close()


# --- the baselines ------------------------------------------------------------------------

_SUMS = """count(*) AS n,
       sum(CASE WHEN s.due < :as_of THEN 1 ELSE 0 END) AS past_due,
       sum(CASE WHEN s.due >= :as_of AND s.due <= :horizon THEN 1 ELSE 0 END) AS due_soon,
       sum(CASE WHEN s.due IS NULL THEN 1 ELSE 0 END) AS no_deadline,
       sum(CASE WHEN s.percent IS NOT NULL THEN 1 ELSE 0 END) AS rated,
       sum(CAST(s.percent AS NUMERIC)) AS points"""


def _by_theme(scope: str) -> str:
    """The grouping every hand-written query shares, over ``scope``: one row a commitment
    announced by the date, with its ``id``, ``due`` day, ``status`` and ``percent`` then."""
    return f"""
SELECT t.name AS theme, s.status, {_SUMS}
FROM ({scope}) s
LEFT JOIN commitment_theme t ON t.commitment_id = s.id
GROUP BY t.name, s.status"""


_WINDOW = _by_theme("""
WITH latest AS (
    SELECT commitment_id, status, percent FROM (
        SELECT commitment_id, status, percent,
               row_number() OVER (PARTITION BY commitment_id
                                  ORDER BY effective DESC, id DESC) AS rn
        FROM status_update WHERE effective <= :as_of) ranked
    WHERE rn = 1)
SELECT c.id, c.deadline_due AS due, coalesce(latest.status, 'no_evidence') AS status,
       latest.percent
FROM commitment c LEFT JOIN latest ON latest.commitment_id = c.id
WHERE c.announced <= :as_of""")


def _correlated(whole: bool) -> str:
    """SQLite: the update in force found by one backward index probe a commitment (its id, in
    the join's condition), then read by its primary key; the table scanned in id order."""
    kept = " AND v.names_actors = 0" if whole else ""
    return _by_theme(f"""
SELECT c.id, c.deadline_due AS due, coalesce(u.status, 'no_evidence') AS status, u.percent
FROM commitment c NOT INDEXED
LEFT JOIN status_update u ON u.id = (
    SELECT v.id FROM status_update v
    WHERE v.commitment_id = c.id AND v.effective <= :as_of{kept}
    ORDER BY v.effective DESC, v.id DESC LIMIT 1)
WHERE c.announced <= :as_of{" AND c.withdrawn = 0" if whole else ""}""")


def _lateral(whole: bool, ordered: bool = False) -> str:
    """PostgreSQL: the update in force, both its values, in one ``LATERAL`` backward probe."""
    kept = " AND NOT u.names_actors" if whole else ""
    return _by_theme(f"""
SELECT c.id, c.deadline_due AS due, coalesce(latest.status, 'no_evidence') AS status,
       latest.percent
FROM commitment c
LEFT JOIN LATERAL (SELECT u.status, u.percent FROM status_update u
                   WHERE u.commitment_id = c.id AND u.effective <= :as_of{kept}
                   ORDER BY u.effective DESC, u.id DESC LIMIT 1) latest ON true
WHERE c.announced <= :as_of{" AND NOT c.withdrawn" if whole else ""}\
{" ORDER BY c.id OFFSET 0" if ordered else ""}""")


#: The as-of rollup by theme × status, written by hand, per backend and way of writing it:
#: (theme, status) → commitments, deadline passed, due within the horizon, no deadline, those
#: whose update in force gives the tracker's own percentage, and the sum of those percentages
#: (what the library computes). ``:as_of`` and ``:horizon`` are dates.
HAND_WRITTEN: dict[str, dict[str, str]] = {
    "sqlite": {
        # the textbook way: a window function ranks each commitment's updates
        "window": _WINDOW,
        # the fast way on SQLite: one index probe a commitment, scanning in id order
        "correlated": _correlated(whole=False),
        # the same, reading what the library reads: whole-commitment updates only (through
        # their partial index) and no withdrawn commitment
        "correlated_whole": _correlated(whole=True),
    },
    "postgresql": {
        "window": _WINDOW,
        "distinct_on": _by_theme("""
SELECT c.id, c.deadline_due AS due, coalesce(latest.status, 'no_evidence') AS status,
       latest.percent
FROM commitment c
LEFT JOIN (SELECT DISTINCT ON (commitment_id) commitment_id, status, percent
           FROM status_update WHERE effective <= :as_of
           ORDER BY commitment_id, effective DESC, id DESC) latest
       ON latest.commitment_id = c.id
WHERE c.announced <= :as_of"""),
        "lateral": _lateral(whole=False),
        # the same, reading what the library reads: whole-commitment updates only (through
        # their partial index) and no withdrawn commitment
        "lateral_whole": _lateral(whole=True),
        # and in commitment id order, so that the join with the themes merges on their keys
        "lateral_whole_ordered": _lateral(whole=True, ordered=True),
    },
}

Cell = tuple[int, int, int, int, int, Decimal]
Cells = dict[tuple[str | None, str], Cell]


def hand_written_rollup(engine: object, as_of: dt.date, variant: str, horizon: int = 365) -> Cells:
    """Run one hand-written query on ``engine``: (theme, status) → the counts and the sum."""
    from sqlalchemy import Engine, text

    assert isinstance(engine, Engine)
    sql = HAND_WRITTEN[engine.dialect.name][variant]
    params: dict[str, object] = {"as_of": as_of, "horizon": as_of + dt.timedelta(days=horizon)}
    if engine.dialect.name == "sqlite":
        params = {k: v.isoformat() for k, v in params.items()}  # type: ignore[attr-defined]
    with engine.connect() as conn:
        return {
            (theme, status): (int(n), int(past), int(soon), int(none), int(rated), _exact(points))
            for theme, status, n, past, soon, none, rated, points in conn.execute(text(sql), params)
        }


def _exact(value: object) -> Decimal:
    """A sum as the library gives it: a ``Decimal``, 0 for none."""
    return Decimal(0) if value is None else Decimal(str(value))


def library_rollup(tracker: Tracker, as_of: dt.date, horizon: int = 365) -> Cells:
    """The library's rollup by theme, in the shape of :func:`hand_written_rollup`."""
    from pledgetrack.rollups import rollup

    result = rollup(tracker, by=["theme"], as_of=as_of, due_within=horizon)
    return {
        (group.values[0], status.value): (  # type: ignore[misc]
            c.total,
            c.past_due,
            c.due_soon,
            c.no_deadline,
            c.own_rated,
            c.own_points,
        )
        for group in result.groups
        for status, c in group.counts.cells.items()
        if c.total
    }


def naive_rollup(engine: object, as_of: dt.date, horizon: int = 365) -> Cells:
    """The same rollup as a loop over ORM objects: every commitment, its themes and history."""
    from sqlalchemy import Engine, select
    from sqlalchemy.orm import Session

    from pledgetrack.store.tables import CommitmentRow, CommitmentThemeRow, StatusUpdateRow

    assert isinstance(engine, Engine)
    cells: dict[tuple[str | None, str], list[int | Decimal]] = {}
    soon = as_of + dt.timedelta(days=horizon)
    with Session(engine) as session:
        for row in session.scalars(select(CommitmentRow)):
            if row.announced > as_of:
                continue
            history = session.scalars(
                select(StatusUpdateRow).where(StatusUpdateRow.commitment_id == row.id)
            ).all()
            updates = [
                StatusUpdate(row.key, u.status, u.effective, sequence=u.id, percent=u.percent)
                for u in history
            ]
            update = latest_update(updates, as_of)
            status = status_as_of(updates, as_of).value
            percent = None if update is None else update.percent
            themes = session.scalars(
                select(CommitmentThemeRow.name).where(CommitmentThemeRow.commitment_id == row.id)
            ).all()
            due = row.deadline_due
            flags = (
                1,
                int(due is not None and due < as_of),
                int(due is not None and as_of <= due <= soon),
                int(due is None),
                int(percent is not None),
                Decimal(0) if percent is None else percent,
            )
            for theme in themes or [None]:
                cell = cells.setdefault((theme, status), [0, 0, 0, 0, 0, Decimal(0)])
                for i, flag in enumerate(flags):
                    cell[i] += flag
    return {
        key: (int(a), int(b), int(c), int(d), int(e), Decimal(f))
        for key, (a, b, c, d, e, f) in cells.items()
    }


def raw_load(
    path: Path, items: Iterable[Source | Commitment | StatusUpdate], batch: int = 10_000
) -> None:
    """Load model objects with raw ``sqlite3``: ``executemany`` in one transaction.

    The file must already have the library's schema. Ids are given by hand, commitments are
    found by key in a dict; the connection uses the library's pragmas.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("BEGIN")
        ids: dict[str, int] = {}
        sources: dict[str, int] = {}
        next_id = conn.execute("SELECT coalesce(max(id), 0) FROM commitment").fetchone()[0] + 1
        next_update = (
            conn.execute("SELECT coalesce(max(id), 0) FROM status_update").fetchone()[0] + 1
        )
        rows: dict[str, list[tuple[object, ...]]] = {k: [] for k in ("c", "a", "t", "f", "q", "u")}

        def flush() -> None:
            conn.executemany(
                "INSERT INTO commitment (id, key, title, announced, event_name, target_quantity,"
                " target_unit, target_qualifier, deadline_date, deadline_due, deadline_precision,"
                " deadline_phrase, deadline_basis, parent_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows["c"],
            )
            conn.executemany("INSERT INTO commitment_actor VALUES (?,?,?)", rows["a"])
            conn.executemany("INSERT INTO commitment_theme VALUES (?,?,?)", rows["t"])
            conn.executemany("INSERT INTO commitment_field VALUES (?,?,?)", rows["f"])
            conn.executemany(
                "INSERT INTO citation (commitment_id, position, source_id, quote, start_offset,"
                " end_offset) VALUES (?,?,?,?,?,?)",
                rows["q"],
            )
            conn.executemany(
                "INSERT INTO status_update (id, commitment_id, status, label, effective,"
                " effective_precision, progress, note, recorded) VALUES (?,?,?,?,?,?,?,?,?)",
                rows["u"],
            )
            for kept in rows.values():
                kept.clear()

        for item in items:
            if isinstance(item, Source):
                cur = conn.execute(
                    "INSERT INTO source (key, title, language) VALUES (?,?,?)",
                    (item.key, item.title, item.language),
                )
                assert cur.lastrowid is not None
                sources[item.key] = cur.lastrowid
            elif isinstance(item, Commitment):
                cid = next_id
                next_id += 1
                ids[item.key] = cid
                t, d = item.target, item.deadline
                rows["c"].append((
                    cid, item.key, item.title, item.announced.isoformat(),
                    item.event.name if item.event else None,
                    str(t.quantity) if t else None, t.unit if t else None,
                    t.qualifier.value if t else None, _iso(d.date), _iso(d.due),
                    d.precision.value, d.phrase, d.basis.value,
                    ids[item.parent] if item.parent else None,
                ))  # fmt: skip
                rows["a"].extend((cid, p, name) for p, name in enumerate(item.actors))
                rows["t"].extend((cid, p, name) for p, name in enumerate(item.themes))
                rows["f"].extend(
                    (cid, name, json.dumps(value)) for name, value in item.custom.items()
                )
                rows["q"].extend(
                    (cid, p, sources[c.source], c.quote, c.start, c.end)
                    for p, c in enumerate(item.citations)
                )
                if len(rows["c"]) >= batch:
                    flush()
            else:
                rows["u"].append((
                    next_update, ids[item.commitment], item.status.value, item.label,
                    item.effective.isoformat(), item.effective_precision.value,
                    str(item.progress) if item.progress is not None else None, item.note, RECORDED,
                ))  # fmt: skip
                next_update += 1
        flush()
        conn.execute("COMMIT")
    finally:
        conn.close()


__all__ = [
    "HAND_WRITTEN",
    "cached_sqlite",
    "copy_to_postgres",
    "hand_written_rollup",
    "library_rollup",
    "naive_rollup",
    "raw_load",
    "raw_load_postgres",
    "records",
    "specs",
    "write_sqlite",
]


def raw_load_postgres(
    url: str, items: Iterable[Source | Commitment | StatusUpdate], batch: int = 10_000
) -> None:
    """The same as :func:`raw_load` with raw psycopg ``executemany`` on PostgreSQL."""
    import psycopg
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    conninfo = psycopg.conninfo.make_conninfo(
        host=parts.host or "", port=parts.port or 5432, user=parts.username or "",
        dbname=parts.database or "", password=parts.password or "",
    )  # fmt: skip
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        ids: dict[str, int] = {}
        sources: dict[str, int] = {}
        cur.execute("SELECT coalesce(max(id), 0) FROM commitment")
        next_id = cur.fetchone()[0] + 1  # type: ignore[index]
        cur.execute("SELECT coalesce(max(id), 0) FROM status_update")
        next_update = cur.fetchone()[0] + 1  # type: ignore[index]
        rows: dict[str, list[tuple[object, ...]]] = {k: [] for k in ("c", "a", "t", "f", "q", "u")}

        def flush() -> None:
            statements = {
                "c": "INSERT INTO commitment (id, key, title, announced, event_name,"
                " target_quantity, target_unit, target_qualifier, deadline_date, deadline_due,"
                " deadline_precision, deadline_phrase, deadline_basis, parent_id)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                "a": "INSERT INTO commitment_actor VALUES (%s,%s,%s)",
                "t": "INSERT INTO commitment_theme VALUES (%s,%s,%s)",
                "f": "INSERT INTO commitment_field VALUES (%s,%s,%s)",
                "q": "INSERT INTO citation (commitment_id, position, source_id, quote,"
                " start_offset, end_offset) VALUES (%s,%s,%s,%s,%s,%s)",
                "u": "INSERT INTO status_update (id, commitment_id, status, label, effective,"
                " effective_precision, progress, note, recorded)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            }
            for kind, sql in statements.items():
                if rows[kind]:
                    cur.executemany(sql, rows[kind])
                rows[kind].clear()

        stamp = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        for item in items:
            if isinstance(item, Source):
                cur.execute(
                    "INSERT INTO source (key, title, language) VALUES (%s,%s,%s) RETURNING id",
                    (item.key, item.title, item.language),
                )
                sources[item.key] = cur.fetchone()[0]  # type: ignore[index]
            elif isinstance(item, Commitment):
                cid = next_id
                next_id += 1
                ids[item.key] = cid
                t, d = item.target, item.deadline
                rows["c"].append((
                    cid, item.key, item.title, item.announced,
                    item.event.name if item.event else None,
                    t.quantity if t else None, t.unit if t else None,
                    t.qualifier.value if t else None, d.date, d.due,
                    d.precision.value, d.phrase, d.basis.value,
                    ids[item.parent] if item.parent else None,
                ))  # fmt: skip
                rows["a"].extend((cid, p, name) for p, name in enumerate(item.actors))
                rows["t"].extend((cid, p, name) for p, name in enumerate(item.themes))
                rows["f"].extend(
                    (cid, name, json.dumps(value)) for name, value in item.custom.items()
                )
                rows["q"].extend(
                    (cid, p, sources[c.source], c.quote, c.start, c.end)
                    for p, c in enumerate(item.citations)
                )
                if len(rows["c"]) >= batch:
                    flush()
            else:
                rows["u"].append((
                    next_update, ids[item.commitment], item.status.value, item.label,
                    item.effective, item.effective_precision.value, item.progress, item.note,
                    stamp,
                ))  # fmt: skip
                next_update += 1
        flush()
        for table in ("commitment", "status_update"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        conn.commit()
