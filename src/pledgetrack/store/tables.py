"""SQLModel tables: the database's shape, separate from the attrs model.

Every constraint is named through :data:`NAMING_CONVENTION`, so migrations can alter them on
SQLite (batch mode) and PostgreSQL alike. Quantities are stored exactly (see store/types.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.expression import false
from sqlmodel import Field, SQLModel

from pledgetrack.store.types import ExactDecimal

__all__ = [
    "NAMING_CONVENTION",
    "PERCENT_CHECK",
    "STATUS_CODES",
    "Base",
    "CitationRow",
    "CommitmentActorRow",
    "CommitmentAmendmentRow",
    "CommitmentFieldRow",
    "CommitmentRow",
    "CommitmentThemeRow",
    "FieldDefinitionRow",
    "SourceRow",
    "StatusUpdateActorRow",
    "StatusUpdateRow",
    "VocabularyLabelRow",
    "VocabularyRow",
    "metadata",
    "whole_commitment",
]

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

STATUS_CODES = (
    "no_evidence",
    "not_started",
    "in_progress",
    "delayed",
    "partially_fulfilled",
    "fulfilled",
    "broken",
    "not_applicable",
)
_PRECISIONS = ("day", "month", "quarter", "year", "none")

#: a tracker's own percentage of completion lies in 0..100 (the column is text on SQLite)
PERCENT_CHECK = (
    "percent IS NULL OR (CAST(percent AS NUMERIC) >= 0 AND CAST(percent AS NUMERIC) <= 100)"
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(SQLModel, registry=registry(metadata=metadata)):
    """The base of pledgetrack's tables, bound to the named-constraint metadata."""


class SourceRow(Base, table=True):
    __tablename__ = "source"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    title: str = Field(sa_column=Column(Text, nullable=False))
    publisher: str | None = Field(default=None, sa_column=Column(Text))
    url: str | None = Field(default=None, sa_column=Column(Text))
    published: dt.date | None = Field(default=None, sa_column=Column(Date))
    language: str | None = Field(default=None, sa_column=Column(String(35)))
    retrieved: dt.date | None = Field(default=None, sa_column=Column(Date))
    text: str | None = Field(default=None, sa_column=Column(Text))
    content_hash: str | None = Field(default=None, sa_column=Column(String(80), index=True))
    event: str | None = Field(default=None, sa_column=Column(Text))
    licence: str | None = Field(default=None, sa_column=Column(Text))
    notes: str | None = Field(default=None, sa_column=Column(Text))


class CommitmentRow(Base, table=True):
    __tablename__ = "commitment"
    __table_args__ = (
        CheckConstraint(_in("deadline_precision", _PRECISIONS), name="deadline_precision"),
        CheckConstraint(
            "(deadline_date IS NULL) = (deadline_precision = 'none')", name="deadline_date"
        ),
        CheckConstraint("target_quantity IS NULL OR target_unit IS NOT NULL", name="target_unit"),
        Index("ix_commitment_deadline_due", "deadline_due"),
        Index("ix_commitment_announced", "announced"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    title: str = Field(sa_column=Column(Text, nullable=False))
    action: str | None = Field(default=None, sa_column=Column(Text))
    beneficiary: str | None = Field(default=None, sa_column=Column(Text))
    announced: dt.date = Field(sa_column=Column(Date, nullable=False))
    event_name: str | None = Field(default=None, sa_column=Column(Text))
    event_place: str | None = Field(default=None, sa_column=Column(Text))
    event_date: dt.date | None = Field(default=None, sa_column=Column(Date))
    target_quantity: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal()))
    target_unit: str | None = Field(default=None, sa_column=Column(Text))
    target_currency: str | None = Field(default=None, sa_column=Column(String(3)))
    target_qualifier: str | None = Field(default=None, sa_column=Column(String(20)))
    deadline_date: dt.date | None = Field(default=None, sa_column=Column(Date))
    deadline_due: dt.date | None = Field(default=None, sa_column=Column(Date))
    deadline_precision: str = Field(
        default="none", sa_column=Column(String(10), nullable=False, server_default="none")
    )
    deadline_phrase: str | None = Field(default=None, sa_column=Column(Text))
    deadline_basis: str | None = Field(default=None, sa_column=Column(String(10)))
    parent_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("commitment.id", ondelete="RESTRICT"), nullable=True, index=True
        ),
    )
    notes: str | None = Field(default=None, sa_column=Column(Text))
    withdrawn: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )


class CommitmentAmendmentRow(Base, table=True):
    """One field changed by an amendment of a commitment (append-only).

    The rows of one amendment share ``revision`` (1, 2 … within the commitment), ``reason``,
    ``author`` and ``recorded``; ``old_value`` and ``new_value`` are JSON texts.
    """

    __tablename__ = "commitment_amendment"
    __table_args__ = (
        UniqueConstraint(
            "commitment_id", "revision", "field", name="uq_commitment_amendment_revision_field"
        ),
        Index("ix_commitment_amendment_commitment_id", "commitment_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    commitment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("commitment.id", ondelete="RESTRICT"), nullable=False)
    )
    revision: int = Field(sa_column=Column(Integer, nullable=False))
    field: str = Field(sa_column=Column(String(30), nullable=False))
    old_value: str = Field(sa_column=Column(Text, nullable=False))
    new_value: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    author: str | None = Field(default=None, sa_column=Column(Text))
    recorded: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class CommitmentActorRow(Base, table=True):
    __tablename__ = "commitment_actor"
    __table_args__ = (Index("ix_commitment_actor_name", "name"),)

    commitment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True)
    )
    position: int = Field(sa_column=Column(Integer, primary_key=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))


class CommitmentThemeRow(Base, table=True):
    __tablename__ = "commitment_theme"
    __table_args__ = (Index("ix_commitment_theme_name", "name"),)

    commitment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True)
    )
    position: int = Field(sa_column=Column(Integer, primary_key=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))


class CommitmentFieldRow(Base, table=True):
    """A custom field's value, as JSON text, kept one row a field so it can be filtered."""

    __tablename__ = "commitment_field"
    __table_args__ = (Index("ix_commitment_field_name_value", "name", "value"),)

    commitment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True)
    )
    name: str = Field(sa_column=Column(String(63), primary_key=True))
    value: str = Field(sa_column=Column(Text, nullable=False))


class StatusUpdateRow(Base, table=True):
    """One status update; ``id`` is the record order.

    ``names_actors`` says whether the update assesses named actors (rows in
    ``status_update_actor``) rather than the commitment as a whole. The partial index
    ``ix_status_update_whole`` holds only the whole-commitment updates, so the latest of them
    by a date is one backward index probe that never reads ``status_update_actor``.
    """

    __tablename__ = "status_update"
    __table_args__ = (
        CheckConstraint(_in("status", STATUS_CODES), name="status"),
        CheckConstraint(_in("effective_precision", _PRECISIONS[:4]), name="effective_precision"),
        Index("ix_status_update_commitment_effective", "commitment_id", "effective", "id"),
        Index("ix_status_update_effective", "effective"),
    )

    id: int | None = Field(default=None, primary_key=True)
    commitment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("commitment.id", ondelete="RESTRICT"), nullable=False)
    )
    status: str = Field(sa_column=Column(String(30), nullable=False))
    label: str | None = Field(default=None, sa_column=Column(Text))
    effective: dt.date = Field(sa_column=Column(Date, nullable=False))
    effective_precision: str = Field(
        default="day", sa_column=Column(String(10), nullable=False, server_default="day")
    )
    progress: Decimal | None = Field(default=None, sa_column=Column(ExactDecimal()))
    note: str | None = Field(default=None, sa_column=Column(Text))
    recorded: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    # a column constraint, as the migration that added the column made it (SQLite drops it
    # with the column)
    percent: Decimal | None = Field(
        default=None,
        sa_column=Column(ExactDecimal(), CheckConstraint(PERCENT_CHECK, name="percent")),
    )
    author: str | None = Field(default=None, sa_column=Column(Text))
    names_actors: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )


def whole_commitment() -> ColumnElement[bool]:
    """True for a status update of the commitment as a whole: one that names no actor.

    The one definition every query uses, and the predicate of the partial index
    ``ix_status_update_whole``, which the database uses only where a query states it alike.
    """
    return ~StatusUpdateRow.__table__.c.names_actors  # type: ignore[attr-defined,no-any-return]


_UPDATE = StatusUpdateRow.__table__  # type: ignore[attr-defined]
Index(
    "ix_status_update_whole",
    _UPDATE.c.commitment_id,
    _UPDATE.c.effective,
    _UPDATE.c.id,
    sqlite_where=whole_commitment(),
    postgresql_where=whole_commitment(),
)


class StatusUpdateActorRow(Base, table=True):
    """One of the commitment's actors a status update assesses (none: the whole commitment)."""

    __tablename__ = "status_update_actor"
    __table_args__ = (Index("ix_status_update_actor_name", "name"),)

    status_update_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("status_update.id", ondelete="CASCADE"), primary_key=True
        )
    )
    position: int = Field(sa_column=Column(Integer, primary_key=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))


class CitationRow(Base, table=True):
    """A quote: of a commitment, or evidence of a status update (exactly one of the two)."""

    __tablename__ = "citation"
    __table_args__ = (
        CheckConstraint("(commitment_id IS NULL) <> (status_update_id IS NULL)", name="one_owner"),
        CheckConstraint("(start_offset IS NULL) = (end_offset IS NULL)", name="offsets"),
        UniqueConstraint(
            "commitment_id", "status_update_id", "position", name="uq_citation_owner_position"
        ),
        Index("ix_citation_commitment_id", "commitment_id"),
        Index("ix_citation_status_update_id", "status_update_id"),
        Index("ix_citation_source_id", "source_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    commitment_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("commitment.id", ondelete="CASCADE")),
    )
    status_update_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("status_update.id", ondelete="CASCADE")),
    )
    position: int = Field(sa_column=Column(Integer, nullable=False))
    source_id: int = Field(
        sa_column=Column(Integer, ForeignKey("source.id", ondelete="RESTRICT"), nullable=False)
    )
    quote: str = Field(sa_column=Column(Text, nullable=False))
    start_offset: int | None = Field(default=None, sa_column=Column(Integer))
    end_offset: int | None = Field(default=None, sa_column=Column(Integer))


FIELD_TYPES = ("text", "integer", "decimal", "boolean", "date", "choice")


class FieldDefinitionRow(Base, table=True):
    """A custom field declared for the collection: type, choices (a JSON list), required."""

    __tablename__ = "field_definition"
    __table_args__ = (CheckConstraint(_in("type", FIELD_TYPES), name="type"),)

    name: str = Field(sa_column=Column(String(63), primary_key=True))
    type: str = Field(sa_column=Column(String(10), nullable=False))
    description: str | None = Field(default=None, sa_column=Column(Text))
    choices: str | None = Field(default=None, sa_column=Column(Text))
    required: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    position: int = Field(sa_column=Column(Integer, nullable=False))


class VocabularyRow(Base, table=True):
    """A status vocabulary of the collection's own (the built-in ones are not stored)."""

    __tablename__ = "vocabulary"

    name: str = Field(sa_column=Column(String(63), primary_key=True))
    description: str | None = Field(default=None, sa_column=Column(Text))


class VocabularyLabelRow(Base, table=True):
    """One label of a vocabulary and the canonical status it means."""

    __tablename__ = "vocabulary_label"
    __table_args__ = (CheckConstraint(_in("status", STATUS_CODES), name="status"),)

    vocabulary: str = Field(
        sa_column=Column(
            String(63), ForeignKey("vocabulary.name", ondelete="CASCADE"), primary_key=True
        )
    )
    label: str = Field(sa_column=Column(String(200), primary_key=True))
    status: str = Field(sa_column=Column(String(30), nullable=False))
