"""status updates: a tracker's own percentage, the actors assessed, the author

Revision ID: 0003_update_percent_actors
Revises: 0002_fields_vocabularies
Create Date: 2026-11-30 19:45:00

SQLite adds and drops the two columns in place (``ALTER TABLE``) instead of rebuilding
``status_update``: with foreign keys on, dropping the old table during a rebuild would
cascade to the evidence citations. The percentage's check is a column constraint there, so
it goes with its column.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pledgetrack.store.types

revision: str = "0003_update_percent_actors"
down_revision: str | None = "0002_fields_vocabularies"
branch_labels: str | None = None
depends_on: str | None = None

PERCENT_CHECK = (
    "percent IS NULL OR (CAST(percent AS NUMERIC) >= 0 AND CAST(percent AS NUMERIC) <= 100)"
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if _sqlite():
        op.execute(
            "ALTER TABLE status_update ADD COLUMN percent VARCHAR(64) "
            f"CONSTRAINT ck_status_update_percent CHECK ({PERCENT_CHECK})"
        )
        op.execute("ALTER TABLE status_update ADD COLUMN author TEXT")
    else:
        with op.batch_alter_table("status_update") as batch:
            batch.add_column(
                sa.Column("percent", pledgetrack.store.types.ExactDecimal(), nullable=True)
            )
            batch.add_column(sa.Column("author", sa.Text(), nullable=True))
            batch.create_check_constraint(op.f("ck_status_update_percent"), PERCENT_CHECK)
    op.create_table(
        "status_update_actor",
        sa.Column("status_update_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["status_update_id"],
            ["status_update.id"],
            name=op.f("fk_status_update_actor_status_update_id_status_update"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "status_update_id", "position", name=op.f("pk_status_update_actor")
        ),
    )
    op.create_index("ix_status_update_actor_name", "status_update_actor", ["name"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_status_update_actor_name", table_name="status_update_actor")
    op.drop_table("status_update_actor")
    if _sqlite():
        op.execute("ALTER TABLE status_update DROP COLUMN author")
        op.execute("ALTER TABLE status_update DROP COLUMN percent")
    else:
        with op.batch_alter_table("status_update") as batch:
            batch.drop_constraint(op.f("ck_status_update_percent"), type_="check")
            batch.drop_column("author")
            batch.drop_column("percent")
