"""The typer application every command module registers on.

Help is plain text (``rich_markup_mode=None``): typer's rich help formatter imports rich's
Markdown renderer and Pygments, which would more than double the time ``--help`` takes.
"""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(
    name="pledgetrack",
    help="Track public pledges: sources, commitments, deadlines and evidence-backed status.",
    no_args_is_help=True,
    # plain help: rich's help formatter loads Markdown and Pygments, a third of the start-up
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from pledgetrack import __version__

        typer.echo(f"pledgetrack {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the installed version and exit.",
        ),
    ] = False,
) -> None:
    """Track public pledges: sources, commitments, deadlines and evidence-backed status."""
