"""Reading announcement files and writing drafts as JSON, YAML or Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from pledgetrack.errors import ValidationError
from pledgetrack.extract.accept import drafts_document
from pledgetrack.extract.drafts import Extraction

__all__ = ["FORMATS", "read_text", "render_drafts"]

FORMATS = ("json", "yaml", "markdown")


def read_text(path: Path | str) -> str:
    """The UTF-8 text of a file; :class:`ValidationError` (field ``file``) when it is missing,
    empty, binary or not UTF-8."""
    where = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise ValidationError(where, "file", where, f"cannot be read: {err.strerror}") from None
    if not data.strip():
        raise ValidationError(where, "file", where, "is empty")
    if b"\x00" in data:
        raise ValidationError(where, "file", where, "is binary, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValidationError(
            where, "file", where, f"is not UTF-8 text (bad byte at offset {err.start})"
        ) from None
    return text.removeprefix("\ufeff")


def render_drafts(
    extraction: Extraction, text: str, fmt: str = "json", file: str | None = None
) -> str:
    """The drafts as a JSON list, a reviewable YAML document, or a Markdown table and list."""
    if fmt == "json":
        return json.dumps([d.to_dict() for d in extraction.drafts], indent=2, ensure_ascii=False)
    if fmt == "yaml":
        return yaml.safe_dump(
            drafts_document(extraction, text, file), sort_keys=False, allow_unicode=True, width=100
        )
    if fmt == "markdown":
        return _markdown(extraction)
    raise ValidationError("<extract>", "format", fmt, f"must be one of: {', '.join(FORMATS)}")


def _markdown(extraction: Extraction) -> str:
    lines = [
        f"# Draft commitments (announced {extraction.announced.isoformat()})",
        "",
        "| id | actor | target | deadline | confidence | flags |",
        "|----|-------|--------|----------|-----------:|-------|",
    ]
    for d in extraction.drafts:
        target = d.target()
        deadline = str(d.deadline) if d.deadline is not None else ""
        if d.horizon:
            deadline = f"{deadline} ({d.horizon})"
        flags = ", ".join(d.flags) + (f" → {d.parent}" if d.parent else "")
        lines.append(
            f"| {d.id} | {d.actor or ''} | {target or ''} | {deadline} | {d.confidence:.2f} "
            f"| {flags} |"
        )
    lines.append("")
    for d in extraction.drafts:
        for q in d.quotes:
            lines.append(f"- **{d.id}** [{q.start}:{q.end}] “{q.text}”")
    return "\n".join(lines) + "\n"
