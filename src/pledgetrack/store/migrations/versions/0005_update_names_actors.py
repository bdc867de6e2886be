"""status updates: whether the update names actors, and an index of the whole-commitment ones

Revision ID: 0005_update_names_actors
Revises: 0004_commitment_amendments
Create Date: 2026-12-01 01:10:00

``status_update.names_actors`` is true for an update that assesses named actors (it has rows
in ``status_update_actor``); it is filled from those rows. The partial index
``ix_status_update_whole`` on ``(commitment_id, effective, id)`` holds the other updates, the
whole-commitment ones, so that the status of a commitment as of a date is one backward index
probe that never reads ``status_update_actor``. SQLite adds the column in place (a constant
default: no rebuild of a table that others reference with cascades). Each backend gets the
index predicate in the form its query compiler writes (SQLite has no boolean type), since
SQLite uses a partial index only for a query that states its predicate alike.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005_update_names_actors"
down_revision: str | None = "0004_commitment_amendments"
branch_labels: str | None = None
depends_on: str | None = None

NAMED = (
    "EXISTS (SELECT 1 FROM status_update_actor"
    " WHERE status_update_actor.status_update_id = status_update.id)"
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if _sqlite():
        op.execute("ALTER TABLE status_update ADD COLUMN names_actors BOOLEAN DEFAULT 0 NOT NULL")
        whole = sa.text("names_actors = 0")
        op.execute(f"UPDATE status_update SET names_actors = 1 WHERE {NAMED}")
    else:
        with op.batch_alter_table("status_update") as batch:
            batch.add_column(
                sa.Column("names_actors", sa.Boolean(), server_default=sa.false(), nullable=False)
            )
        whole = sa.text("NOT names_actors")
        op.execute(f"UPDATE status_update SET names_actors = true WHERE {NAMED}")
    op.create_index(
        "ix_status_update_whole",
        "status_update",
        ["commitment_id", "effective", "id"],
        unique=False,
        sqlite_where=whole,
        postgresql_where=whole,
    )


def downgrade() -> None:
    op.drop_index("ix_status_update_whole", table_name="status_update")
    if _sqlite():
        op.execute("ALTER TABLE status_update DROP COLUMN names_actors")
    else:
        with op.batch_alter_table("status_update") as batch:
            batch.drop_column("names_actors")
