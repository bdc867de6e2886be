"""The one registry of renderers: for each thing rendered, format name → renderer.

``summary`` renderers take a :class:`~pledgetrack.rollups.Summary`, ``grid`` renderers a
:class:`~pledgetrack.rollups.grid.ComplianceGrid`, ``list`` renderers a
:class:`~pledgetrack.render.listing.Listing`; each returns text. The command line's
``--format`` choices are taken from here (a test keeps them so), and
:func:`pledgetrack.render.render` dispatches through it. A
renderer's module is imported only when it is asked for (the HTML report's module is not
loaded to print JSON).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from pledgetrack.errors import ValidationError

__all__ = ["RENDERERS", "formats", "renderer"]

#: subject → format → ``module:function`` of its renderer
RENDERERS: dict[str, dict[str, str]] = {
    "summary": {
        "text": "pledgetrack.render.text:render_text",
        "markdown": "pledgetrack.render.markdown:render_markdown",
        "html": "pledgetrack.render.report:render_html",
        "json": "pledgetrack.render.data:render_json",
        "csv": "pledgetrack.render.table:render_csv",
    },
    "grid": {
        "text": "pledgetrack.render.grid:grid_text",
        "json": "pledgetrack.render.grid:grid_json",
        "csv": "pledgetrack.render.grid:grid_csv",
        "html": "pledgetrack.render.grid:grid_html",
    },
    "list": {
        "table": "pledgetrack.render.listing:listing_text",
        "json": "pledgetrack.render.listing:listing_json",
        "csv": "pledgetrack.render.listing:listing_csv",
    },
}


def formats(subject: str) -> tuple[str, ...]:
    """The format names ``subject`` (``summary`` or ``grid``) can be rendered in."""
    return tuple(RENDERERS[subject])


def renderer(subject: str, format: str) -> Callable[..., str]:
    """The renderer of ``subject`` in ``format``; a ValidationError naming the valid ones."""
    chosen = RENDERERS.get(subject, {}).get(str(format).lower())
    if chosen is None:
        if subject not in RENDERERS:
            known = ", ".join(RENDERERS)
            raise ValidationError("render", "subject", subject, f"choose one of: {known}")
        known = ", ".join(RENDERERS[subject])
        raise ValidationError(
            "render", "format", format, f"is not a format of a {subject}; choose one of: {known}"
        )
    module, name = chosen.split(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return found
