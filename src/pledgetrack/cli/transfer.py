"""``import`` and ``export``: lossless exchange files, and other trackers' data via mappings."""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from pledgetrack.cli.app import app
from pledgetrack.cli.common import (
    EXIT_USAGE,
    AuthorOption,
    DbOption,
    console,
    err_console,
    fail,
    handle_errors,
    open_store,
    progress_bar,
)

__all__ = ["export_command", "import_command"]


class ExportFormat(enum.StrEnum):
    """The export formats."""

    JSON = "json"
    YAML = "yaml"
    CSV = "csv"
    ZIP = "zip"


class ReportFormat(enum.StrEnum):
    """How ``import`` reports what it did."""

    TEXT = "text"
    JSON = "json"


_NOTICES_SHOWN = 10


@app.command(
    "import",
    epilog=(
        "Examples: pledgetrack import backup.json  ·  pledgetrack import exported/ (a CSV "
        "folder)  ·  pledgetrack import --mapping examples/import_yearly_spreadsheet/mapping.yaml "
        "--dry-run  ·  pledgetrack import ratings-2024.csv --mapping yearly.yaml"
    ),
)
@handle_errors
def import_command(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="An exported file (.json, .yaml, .zip) or CSV folder; with --mapping, the data "
            "file or folder (default: the mapping's own folder).",
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", "-m", help="A mapping file: read another tracker's data."),
    ] = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", help="The format of PATH when its name does not say."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything; write nothing.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse doubtful values (listed as notes otherwise) as problems.",
        ),
    ] = False,
    report: Annotated[
        ReportFormat, typer.Option("--report", help="text or json.")
    ] = ReportFormat.TEXT,
    amend: Annotated[
        bool,
        typer.Option(
            "--amend",
            help="Apply the differences of stored commitments as amendments (with --reason) "
            "instead of refusing them.",
        ),
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", help="With --amend: why (kept with each change).")
    ] = None,
    by: AuthorOption = None,
    db: DbOption = None,
) -> None:
    """Import data: all or nothing, every problem reported at once; importing twice adds nothing."""
    from pledgetrack.io import Amending, import_path

    if amend and not (reason and reason.strip()):
        raise fail("--amend needs --reason: why the commitments are corrected", EXIT_USAGE)

    if path is None and mapping is None:
        raise fail("give the file or folder to import, or --mapping", EXIT_USAGE)
    with open_store(db) as tracker, progress_bar("importing") as progress:
        done = import_path(
            tracker,
            path,
            mapping=mapping,
            fmt=fmt.value if fmt else None,
            dry_run=dry_run,
            progress=progress,
            amend=Amending(reason or "", by or None) if amend else None,
            strict=strict,
        )
    if report is ReportFormat.JSON:
        typer.echo(json.dumps(done.as_dict(), indent=2, ensure_ascii=False))
        return
    prefix = "dry run: " if dry_run else ""
    console.print(f"{prefix}{escape(str(done))}")
    for notice in done.notices[:_NOTICES_SHOWN]:
        err_console.print(f"note: {escape(notice)}")
    if len(done.notices) > _NOTICES_SHOWN:
        err_console.print(f"note: … and {len(done.notices) - _NOTICES_SHOWN} more")


@app.command(
    "export",
    epilog=(
        "Examples: pledgetrack export backup.json  ·  pledgetrack export --format yaml > all.yaml"
        "  ·  pledgetrack export tables/ --format csv  ·  pledgetrack export all.zip"
    ),
)
@handle_errors
def export_command(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Where to write (a folder for csv); without it, JSON or YAML to stdout."
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format", help="json, yaml, csv (one file per table) or zip (of the CSV files)."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Export the whole collection, losslessly: importing it into an empty store gives it back."""
    from pledgetrack.io import export_path
    from pledgetrack.io.native import format_of

    kind = (
        format_of(path, fmt.value if fmt else None)
        if path is not None
        else (fmt or ExportFormat.JSON).value
    )
    if path is None and kind in ("csv", "zip"):
        raise fail(f"a {kind} export needs a PATH to write to", EXIT_USAGE)
    with open_store(db, create=False) as tracker, progress_bar("exporting") as progress:
        data = export_path(tracker, path, kind, progress=progress)
    if path is None:
        assert isinstance(data, str)
        sys.stdout.write(data)
        sys.stdout.flush()
        return
    err_console.print(f"exported to {escape(str(path))} ({kind})")
