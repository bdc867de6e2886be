"""Bulk loading: many records into the store in one transaction, through the one writer.

:func:`bulk_load` reads an iterable of :class:`~pledgetrack.model.Source`,
:class:`~pledgetrack.model.Commitment` and :class:`~pledgetrack.model.StatusUpdate` objects
(in any mix: a commitment followed by its updates is the natural order) and hands them to
:class:`~pledgetrack.store.writer.Writer`, which checks every rule the one-at-a-time
:class:`~pledgetrack.Tracker` methods check (they write through it too) and writes in batches.
Everything is one transaction: on any error nothing is stored. Only one batch is held at a
time, so the memory it needs does not grow with the size of the load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs
from sqlalchemy import Connection

from pledgetrack.errors import ValidationError
from pledgetrack.model import Commitment, Source, StatusUpdate
from pledgetrack.store.engine import writing
from pledgetrack.store.writer import DEFAULT_BATCH, Writer, database_errors

__all__ = ["DEFAULT_BATCH", "LoadReport", "bulk_load", "load_on"]


@attrs.frozen
class LoadReport:
    """How many records a bulk load stored."""

    sources: int = 0
    commitments: int = 0
    updates: int = 0
    citations: int = 0

    def __str__(self) -> str:
        return (
            f"{self.sources:,} sources, {self.commitments:,} commitments, "
            f"{self.updates:,} status updates and {self.citations:,} citations loaded"
        )


def _report(writer: Writer) -> LoadReport:
    c = writer.count
    return LoadReport(c.sources, c.commitments, c.updates, c.citations)


def load_on(
    conn: Connection,
    records: Iterable[Source | Commitment | StatusUpdate],
    *,
    batch_size: int = DEFAULT_BATCH,
    recorded: dt.datetime | None = None,
    progress: Any = None,
) -> LoadReport:
    """Store ``records`` on ``conn``, in the transaction its caller holds open.

    The same checks and batches as :func:`bulk_load`; the caller commits or rolls back.
    ``progress`` (if given) is called with the number of records handed over so far, once
    per batch.
    """
    writer = Writer(conn, batch_size=batch_size, recorded=recorded)
    for done, record in enumerate(records, start=1):
        writer.add(record)
        if progress is not None and done % batch_size == 0:
            progress(done)
    writer.flush()
    return _report(writer)


def bulk_load(
    target: Any,
    records: Iterable[Source | Commitment | StatusUpdate],
    *,
    batch_size: int = DEFAULT_BATCH,
    recorded: dt.datetime | None = None,
) -> LoadReport:
    """Store ``records`` (sources, commitments, status updates) in one transaction, in batches.

    ``target`` is a :class:`~pledgetrack.Tracker` (inside its open ``transaction()``, the
    records join it) or a SQLAlchemy engine. Updates without a ``recorded`` time get
    ``recorded`` (default: now, UTC); record order is the order given. Raises the library's
    errors naming the record; nothing is stored then.
    """
    from sqlalchemy import Engine

    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValidationError(
            "bulk load", "batch_size", batch_size, "must be a whole number, 1 or more"
        )
    open_transaction = getattr(target, "connection", lambda: None)()
    if isinstance(open_transaction, Connection):
        with database_errors():
            return load_on(open_transaction, records, batch_size=batch_size, recorded=recorded)
    engine = getattr(target, "engine", target)
    if not isinstance(engine, Engine):
        raise TypeError(f"expected a Tracker or an Engine, not {type(target).__name__}")
    with database_errors(), writing(engine).begin() as conn:
        return load_on(conn, records, batch_size=batch_size, recorded=recorded)
