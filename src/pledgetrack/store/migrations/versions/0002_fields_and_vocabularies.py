"""custom field declarations and status vocabularies

Revision ID: 0002_fields_vocabularies
Revises: 0001_initial
Create Date: 2026-11-25 01:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002_fields_vocabularies"
down_revision: str | None = "0001_initial"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "field_definition",
        sa.Column("name", sa.String(length=63), nullable=False),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("choices", sa.Text(), nullable=True),
        sa.Column("required", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "type IN ('text', 'integer', 'decimal', 'boolean', 'date', 'choice')",
            name=op.f("ck_field_definition_type"),
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_field_definition")),
    )
    op.create_table(
        "vocabulary",
        sa.Column("name", sa.String(length=63), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_vocabulary")),
    )
    op.create_table(
        "vocabulary_label",
        sa.Column("vocabulary", sa.String(length=63), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.CheckConstraint(
            "status IN ('no_evidence', 'not_started', 'in_progress', 'delayed', 'partially_fulfilled', 'fulfilled', 'broken', 'not_applicable')",
            name=op.f("ck_vocabulary_label_status"),
        ),
        sa.ForeignKeyConstraint(
            ["vocabulary"],
            ["vocabulary.name"],
            name=op.f("fk_vocabulary_label_vocabulary_vocabulary"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vocabulary", "label", name=op.f("pk_vocabulary_label")),
    )


def downgrade() -> None:
    op.drop_table("vocabulary_label")
    op.drop_table("vocabulary")
    op.drop_table("field_definition")
