"""The ``pledgetrack`` command line: every command registers itself on :data:`app`."""

from __future__ import annotations

import importlib

from pledgetrack.cli import commands, corrections, db, transfer
from pledgetrack.cli.app import app

__all__ = ["app", "main"]

_ = (commands, corrections, db, transfer)

for _module in ("pledgetrack.cli.summary", "pledgetrack.cli.extract", "pledgetrack.cli.grid"):
    try:
        importlib.import_module(_module)
    except ModuleNotFoundError as _err:  # the module is not written yet
        if _err.name != _module:
            raise


def main() -> None:
    """Run the command line (the ``pledgetrack`` script and ``python -m pledgetrack``)."""
    app(prog_name="pledgetrack")
