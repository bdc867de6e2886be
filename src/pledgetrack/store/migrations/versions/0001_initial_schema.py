"""initial schema

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-25 00:53:00.700083
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pledgetrack.store.types

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=True),
        sa.Column("beneficiary", sa.Text(), nullable=True),
        sa.Column("announced", sa.Date(), nullable=False),
        sa.Column("event_name", sa.Text(), nullable=True),
        sa.Column("event_place", sa.Text(), nullable=True),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("target_quantity", pledgetrack.store.types.ExactDecimal(), nullable=True),
        sa.Column("target_unit", sa.Text(), nullable=True),
        sa.Column("target_currency", sa.String(length=3), nullable=True),
        sa.Column("target_qualifier", sa.String(length=20), nullable=True),
        sa.Column("deadline_date", sa.Date(), nullable=True),
        sa.Column("deadline_due", sa.Date(), nullable=True),
        sa.Column(
            "deadline_precision", sa.String(length=10), server_default="none", nullable=False
        ),
        sa.Column("deadline_phrase", sa.Text(), nullable=True),
        sa.Column("deadline_basis", sa.String(length=10), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(deadline_date IS NULL) = (deadline_precision = 'none')",
            name=op.f("ck_commitment_deadline_date"),
        ),
        sa.CheckConstraint(
            "deadline_precision IN ('day', 'month', 'quarter', 'year', 'none')",
            name=op.f("ck_commitment_deadline_precision"),
        ),
        sa.CheckConstraint(
            "target_quantity IS NULL OR target_unit IS NOT NULL",
            name=op.f("ck_commitment_target_unit"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_parent_id_commitment"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment")),
        sa.UniqueConstraint("key", name=op.f("uq_commitment_key")),
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index("ix_commitment_announced", ["announced"], unique=False)
        batch_op.create_index("ix_commitment_deadline_due", ["deadline_due"], unique=False)
        batch_op.create_index(batch_op.f("ix_commitment_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("retrieved", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=80), nullable=True),
        sa.Column("event", sa.Text(), nullable=True),
        sa.Column("licence", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("key", name=op.f("uq_source_key")),
    )
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_content_hash"), ["content_hash"], unique=False)

    op.create_table(
        "commitment_actor",
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_actor_commitment_id_commitment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("commitment_id", "position", name=op.f("pk_commitment_actor")),
    )
    with op.batch_alter_table("commitment_actor", schema=None) as batch_op:
        batch_op.create_index("ix_commitment_actor_name", ["name"], unique=False)

    op.create_table(
        "commitment_field",
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=63), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_field_commitment_id_commitment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("commitment_id", "name", name=op.f("pk_commitment_field")),
    )
    with op.batch_alter_table("commitment_field", schema=None) as batch_op:
        batch_op.create_index("ix_commitment_field_name_value", ["name", "value"], unique=False)

    op.create_table(
        "commitment_theme",
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_theme_commitment_id_commitment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("commitment_id", "position", name=op.f("pk_commitment_theme")),
    )
    with op.batch_alter_table("commitment_theme", schema=None) as batch_op:
        batch_op.create_index("ix_commitment_theme_name", ["name"], unique=False)

    op.create_table(
        "status_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column(
            "effective_precision", sa.String(length=10), server_default="day", nullable=False
        ),
        sa.Column("progress", pledgetrack.store.types.ExactDecimal(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "effective_precision IN ('day', 'month', 'quarter', 'year')",
            name=op.f("ck_status_update_effective_precision"),
        ),
        sa.CheckConstraint(
            "status IN ('no_evidence', 'not_started', 'in_progress', 'delayed', 'partially_fulfilled', 'fulfilled', 'broken', 'not_applicable')",
            name=op.f("ck_status_update_status"),
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_status_update_commitment_id_commitment"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_update")),
    )
    with op.batch_alter_table("status_update", schema=None) as batch_op:
        batch_op.create_index(
            "ix_status_update_commitment_effective",
            ["commitment_id", "effective", "id"],
            unique=False,
        )
        batch_op.create_index("ix_status_update_effective", ["effective"], unique=False)

    op.create_table(
        "citation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("status_update_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=True),
        sa.Column("end_offset", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(commitment_id IS NULL) <> (status_update_id IS NULL)",
            name=op.f("ck_citation_one_owner"),
        ),
        sa.CheckConstraint(
            "(start_offset IS NULL) = (end_offset IS NULL)", name=op.f("ck_citation_offsets")
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_citation_commitment_id_commitment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_citation_source_id_source"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["status_update_id"],
            ["status_update.id"],
            name=op.f("fk_citation_status_update_id_status_update"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citation")),
        sa.UniqueConstraint(
            "commitment_id", "status_update_id", "position", name="uq_citation_owner_position"
        ),
    )
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.create_index("ix_citation_commitment_id", ["commitment_id"], unique=False)
        batch_op.create_index("ix_citation_source_id", ["source_id"], unique=False)
        batch_op.create_index("ix_citation_status_update_id", ["status_update_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.drop_index("ix_citation_status_update_id")
        batch_op.drop_index("ix_citation_source_id")
        batch_op.drop_index("ix_citation_commitment_id")

    op.drop_table("citation")
    with op.batch_alter_table("status_update", schema=None) as batch_op:
        batch_op.drop_index("ix_status_update_effective")
        batch_op.drop_index("ix_status_update_commitment_effective")

    op.drop_table("status_update")
    with op.batch_alter_table("commitment_theme", schema=None) as batch_op:
        batch_op.drop_index("ix_commitment_theme_name")

    op.drop_table("commitment_theme")
    with op.batch_alter_table("commitment_field", schema=None) as batch_op:
        batch_op.drop_index("ix_commitment_field_name_value")

    op.drop_table("commitment_field")
    with op.batch_alter_table("commitment_actor", schema=None) as batch_op:
        batch_op.drop_index("ix_commitment_actor_name")

    op.drop_table("commitment_actor")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_content_hash"))

    op.drop_table("source")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_parent_id"))
        batch_op.drop_index("ix_commitment_deadline_due")
        batch_op.drop_index("ix_commitment_announced")

    op.drop_table("commitment")
