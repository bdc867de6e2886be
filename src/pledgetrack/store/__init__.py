"""Persistence: SQLModel tables, model-row conversion, the one writer, the repository, engines
and migrations.

The names below are loaded on first use (:pep:`562`): importing a light module of this package
(``store.engine``, ``store.lookup``) does not define the tables.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pledgetrack.store.engine import (
        DEFAULT_LOCATION,
        ENV_VAR,
        create_store_engine,
        resolve_url,
    )

__all__ = ["DEFAULT_LOCATION", "ENV_VAR", "create_store_engine", "resolve_url"]

_WHERE = {
    "DEFAULT_LOCATION": "pledgetrack.store.engine",
    "ENV_VAR": "pledgetrack.store.engine",
    "create_store_engine": "pledgetrack.store.engine",
    "resolve_url": "pledgetrack.store.engine",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'pledgetrack.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
