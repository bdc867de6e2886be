"""The public surface: sorted, documented, and re-exported from one place."""

from __future__ import annotations

import inspect
from pathlib import Path

import pledgetrack as pt

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_all_is_sorted_and_complete() -> None:
    assert pt.__all__ == sorted(pt.__all__, key=lambda n: (not n.isupper(), n))
    for name in pt.__all__:
        assert hasattr(pt, name), name


def test_every_exported_name_is_documented() -> None:
    api_page = (DOCS / "api.md").read_text(encoding="utf-8")
    for name in pt.__all__:
        obj = getattr(pt, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{name} has no docstring"
        assert f"`{name}`" in api_page or f"pledgetrack.{name}" in api_page, f"{name} not in api.md"


def test_errors_share_one_base() -> None:
    for name in (
        "ValidationError",
        "NotFoundError",
        "ConflictError",
        "StoreError",
        "SchemaTooNewError",
        "QuoteNotFoundError",
    ):
        assert issubclass(getattr(pt, name), pt.PledgetrackError)
    assert issubclass(pt.ValidationError, ValueError)
    assert issubclass(pt.NotFoundError, KeyError)
