"""commitment amendments: corrections and withdrawals with an audit trail

Revision ID: 0004_commitment_amendments
Revises: 0003_update_percent_actors
Create Date: 2026-11-30 20:20:00

``commitment.withdrawn`` is added in place (a constant default, so SQLite's ``ALTER TABLE``
takes it without rebuilding the table, whose rows other tables reference with cascades).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004_commitment_amendments"
down_revision: str | None = "0003_update_percent_actors"
branch_labels: str | None = None
depends_on: str | None = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if _sqlite():
        op.execute("ALTER TABLE commitment ADD COLUMN withdrawn BOOLEAN DEFAULT 0 NOT NULL")
    else:
        with op.batch_alter_table("commitment") as batch:
            batch.add_column(
                sa.Column("withdrawn", sa.Boolean(), server_default=sa.false(), nullable=False)
            )
    op.create_table(
        "commitment_amendment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("recorded", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_amendment_commitment_id_commitment"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_amendment")),
        sa.UniqueConstraint(
            "commitment_id",
            "revision",
            "field",
            name=op.f("uq_commitment_amendment_revision_field"),
        ),
    )
    op.create_index(
        "ix_commitment_amendment_commitment_id",
        "commitment_amendment",
        ["commitment_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_commitment_amendment_commitment_id", table_name="commitment_amendment")
    op.drop_table("commitment_amendment")
    if _sqlite():
        op.execute("ALTER TABLE commitment DROP COLUMN withdrawn")
    else:
        with op.batch_alter_table("commitment") as batch:
            batch.drop_column("withdrawn")
