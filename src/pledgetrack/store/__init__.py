"""Persistence: SQLModel tables, the model mapping, the repository, engines and migrations."""

from pledgetrack.store.engine import DEFAULT_LOCATION, ENV_VAR, create_store_engine, resolve_url
from pledgetrack.store.queries import Filter

__all__ = ["DEFAULT_LOCATION", "ENV_VAR", "Filter", "create_store_engine", "resolve_url"]
