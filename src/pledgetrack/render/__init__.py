"""Summaries for people and programs: terminal text, Markdown, HTML, JSON, CSV, DataFrame.

Every renderer takes a :class:`~pledgetrack.rollups.Summary` and returns text (or a
DataFrame); :func:`render` picks one by name from the one registry of renderers
(:mod:`pledgetrack.render.registry`, which also holds the compliance grid's). The names
below are loaded on first use (PEP 562), so importing one renderer does not import them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pledgetrack.render.registry import formats, renderer

if TYPE_CHECKING:
    from pledgetrack.render.data import SCHEMA_VERSION, json_schema, render_json, to_data
    from pledgetrack.render.markdown import escape_markdown, render_markdown
    from pledgetrack.render.report import render_html
    from pledgetrack.render.table import render_csv, table_rows, to_dataframe
    from pledgetrack.render.text import render_text, summary_renderable
    from pledgetrack.rollups.summary import Summary

__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "escape_markdown",
    "formats",
    "json_schema",
    "render",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "renderer",
    "summary_renderable",
    "table_rows",
    "to_data",
    "to_dataframe",
]

_WHERE = {
    "SCHEMA_VERSION": "data",
    "json_schema": "data",
    "render_json": "data",
    "to_data": "data",
    "escape_markdown": "markdown",
    "render_markdown": "markdown",
    "render_html": "report",
    "render_csv": "table",
    "table_rows": "table",
    "to_dataframe": "table",
    "render_text": "text",
    "summary_renderable": "text",
}

#: the names :func:`render` knows
FORMATS = formats("summary")


def render(summary: Summary, format: str = "text", **options: object) -> str:
    """The summary in ``format`` (one of :data:`FORMATS`); ``options`` go to its renderer."""
    return renderer("summary", format)(summary, **options)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'pledgetrack.render' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"pledgetrack.render.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
