"""Persistence: SQLModel tables, model-row conversion, the one writer, the repository, engines
and migrations."""

from pledgetrack.store.engine import DEFAULT_LOCATION, ENV_VAR, create_store_engine, resolve_url

__all__ = ["DEFAULT_LOCATION", "ENV_VAR", "create_store_engine", "resolve_url"]
