"""The typer application every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="pledgetrack",
    help="Track public pledges: sources, commitments, deadlines and evidence-backed status.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
