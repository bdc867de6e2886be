"""Alembic environment: runs pledgetrack's migrations on the connection it is handed."""

from __future__ import annotations

from alembic import context

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - the store always hands a connection
    raise RuntimeError("pledgetrack migrations run through pledgetrack.store.migrate")

context.configure(
    connection=connection,
    target_metadata=config.attributes.get("target_metadata"),
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
