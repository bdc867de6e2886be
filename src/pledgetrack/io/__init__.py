"""Import and export: the lossless exchange formats, other trackers' data through mappings,
custom fields and status vocabularies.

>>> import pledgetrack as pt
>>> from pledgetrack import io as ptio
>>> with pt.open("pledges.db") as tracker:                       # doctest: +SKIP
...     ptio.export_path(tracker, Path("all.json"))
...     report = ptio.import_path(tracker, Path("data/"), mapping=Path("map.yaml"))

Every import is all or nothing, reports every problem at once (:class:`ImportFailed`), and
is idempotent: importing the same data again changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pledgetrack.io.collection import (
    Amending,
    Collection,
    Entry,
    ImportReport,
    Progress,
    load_collection,
)
from pledgetrack.io.dates import PartialDate, parse_date, parse_deadline
from pledgetrack.io.document import FORMAT_VERSION, json_schema
from pledgetrack.io.problems import ImportFailed, Place, Problem
from pledgetrack.model.fields import FieldSpec, FieldType, check_custom
from pledgetrack.model.vocabularies import (
    crosswalk,
    label_for,
    vocabulary_from_dict,
    vocabulary_to_dict,
)

if TYPE_CHECKING:
    from pledgetrack.tracker import Tracker

__all__ = [
    "FORMAT_VERSION",
    "Amending",
    "Collection",
    "Entry",
    "FieldSpec",
    "FieldType",
    "ImportFailed",
    "ImportReport",
    "PartialDate",
    "Place",
    "Problem",
    "Progress",
    "check_custom",
    "crosswalk",
    "export_document",
    "export_path",
    "import_path",
    "json_schema",
    "label_for",
    "load_collection",
    "parse_date",
    "parse_deadline",
    "read_collection",
    "vocabulary_from_dict",
    "vocabulary_to_dict",
]


def read_collection(
    path: Path,
    *,
    mapping: Path | None = None,
    fmt: str | None = None,
    tracker: Tracker | None = None,
) -> Collection:
    """The records at ``path``: an exported file or folder, or — with ``mapping`` — another
    tracker's data read through that mapping file (``path`` may then be None-like: the
    mapping's own folder is used when ``path`` is the mapping's folder)."""
    if mapping is not None:
        return _read_mapped(mapping, path, tracker)
    from pledgetrack.io.native import read_document

    return read_document(path, fmt)


def _read_mapped(mapping: Path, path: Path | None, tracker: Tracker | None) -> Collection:
    """The mapping reader's records. It raises :class:`ImportFailed` (every problem of the
    mapping and of the rows) and nothing else for any input; any other exception is a bug
    of the reader and is not hidden."""
    from pledgetrack.io.mapped import read_mapped

    return read_mapped(mapping, path, tracker=tracker)


def import_path(
    tracker: Tracker,
    path: Path | None,
    *,
    mapping: Path | None = None,
    fmt: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    amend: Amending | None = None,
    strict: bool = False,
) -> ImportReport:
    """Import ``path`` (exported data, or another tracker's through ``mapping``) into ``tracker``.

    All or nothing; raises :class:`ImportFailed` listing every problem. ``path`` may be None
    with a mapping: its tables are then found next to the mapping file. With ``amend``,
    stored commitments that differ are amended (see :class:`Amending`) instead of refused.
    Doubtful values are imported with a notice saying what was assumed; ``strict`` makes
    each one a problem.
    """
    if mapping is not None and not dry_run and amend is None:
        # streamed: records are checked and written part by part as the reader yields them
        from pledgetrack.io.collection import load_stream
        from pledgetrack.io.mapped import iter_mapped

        items = iter_mapped(mapping, path, tracker=tracker)
        return load_stream(tracker, items, progress=progress, strict=strict)
    if mapping is not None:
        collection = _read_mapped(mapping, path, tracker)
    else:
        if path is None:
            raise ImportFailed([Problem(Place(), "give the file or folder to import")])
        from pledgetrack.io.native import read_document

        collection = read_document(path, fmt)
    return load_collection(
        tracker, collection, dry_run=dry_run, progress=progress, amend=amend, strict=strict
    )


def export_document(tracker: Tracker, *, progress: Progress | None = None) -> dict[str, Any]:
    """The whole collection as the exchange document (plain data)."""
    from pledgetrack.io.native import export_document as build

    return build(tracker, progress=progress)


def export_path(
    tracker: Tracker,
    path: Path | None,
    fmt: str | None = None,
    *,
    progress: Progress | None = None,
) -> str | bytes:
    """Export the collection to ``path`` in ``fmt`` (json, yaml, csv folder, zip).

    The format defaults to the one ``path`` implies; without a path, JSON is returned.
    """
    from pledgetrack.io.native import export_document as build
    from pledgetrack.io.native import format_of, write_export

    kind = format_of(path, fmt) if path is not None else (fmt or "json")
    return write_export(build(tracker, progress=progress), kind, path)
