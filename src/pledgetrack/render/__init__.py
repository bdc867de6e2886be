"""Summaries for people and programs: terminal text, Markdown, HTML, JSON, CSV, DataFrame.

Every renderer takes a :class:`~pledgetrack.rollups.Summary` and returns text (or a
DataFrame); :func:`render` picks one by name.
"""

from __future__ import annotations

from pledgetrack.errors import ValidationError
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
    "json_schema",
    "render",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "summary_renderable",
    "table_rows",
    "to_data",
    "to_dataframe",
]

#: the names :func:`render` knows
FORMATS = ("text", "markdown", "html", "json", "csv")


def render(summary: Summary, format: str = "text", **options: object) -> str:
    """The summary in ``format`` (one of :data:`FORMATS`); ``options`` go to its renderer."""
    renderers = {
        "text": render_text,
        "markdown": render_markdown,
        "html": render_html,
        "json": render_json,
        "csv": render_csv,
    }
    chosen = renderers.get(str(format).lower())
    if chosen is None:
        raise ValidationError(
            "render", "format", format, f"is not a format; choose one of: {', '.join(FORMATS)}"
        )
    return chosen(summary, **options)
