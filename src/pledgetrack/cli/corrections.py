"""``pledgetrack edit`` and ``pledgetrack withdraw``: corrections with an audit trail.

Thin wrappers over :meth:`pledgetrack.Tracker.amend` and :meth:`pledgetrack.Tracker.withdraw`;
each records an amendment with its time, author (``--by``, default ``$PLEDGETRACK_AUTHOR``)
and reason.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from pledgetrack.cli.app import app
from pledgetrack.cli.common import AuthorOption, DbOption, console, handle_errors, open_store

__all__ = ["edit_command", "withdraw_command"]

Reason = Annotated[str, typer.Option("--reason", help="Why (required; kept with the change).")]


@app.command(
    "edit",
    epilog=(
        "Example: pledgetrack edit china-sco-digital-training --title 'China to offer 1,000 "
        "digital training places' --deadline 'by 2027' --reason 'title misread the source' "
        "--by 'A. Editor'"
    ),
)
@handle_errors
def edit_command(
    key: Annotated[str, typer.Argument(help="The commitment's key.")],
    reason: Reason,
    title: Annotated[str | None, typer.Option(help="A new title.")] = None,
    actor: Annotated[
        list[str] | None,
        typer.Option("--actor", help="The actors, all of them (repeatable; replaces the list)."),
    ] = None,
    action: Annotated[str | None, typer.Option(help="A new action.")] = None,
    target: Annotated[
        str | None, typer.Option(help='A new target, "QUANTITY UNIT" (e.g. "1000 places").')
    ] = None,
    qualifier: Annotated[
        str | None, typer.Option(help="With --target: exactly, at_least, up_to, about.")
    ] = None,
    currency: Annotated[
        str | None, typer.Option(help="With --target: its ISO currency code.")
    ] = None,
    no_target: Annotated[bool, typer.Option("--no-target", help="Remove the target.")] = False,
    beneficiary: Annotated[str | None, typer.Option(help="A new beneficiary.")] = None,
    theme: Annotated[
        list[str] | None,
        typer.Option("--theme", help="The themes, all of them (repeatable; replaces the list)."),
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option(help="A new deadline, as a date or a phrase ('by 2027', 'Q4 2026')."),
    ] = None,
    notes: Annotated[str | None, typer.Option(help="New notes.")] = None,
    by: AuthorOption = None,
    db: DbOption = None,
) -> None:
    """Correct a commitment's fields; the change is kept with its time, author and reason."""
    from pledgetrack.cli.commands import _target
    from pledgetrack.errors import ValidationError
    from pledgetrack.io.dates import parse_deadline

    changes: dict[str, Any] = {}
    for name, value in (
        ("title", title), ("action", action), ("beneficiary", beneficiary), ("notes", notes),
    ):  # fmt: skip
        if value is not None:
            changes[name] = value
    if actor:
        changes["actors"] = tuple(actor)
    if theme:
        changes["themes"] = tuple(theme)
    if no_target and target is not None:
        raise ValidationError("command line", "target", target, "give --target or --no-target")
    if target is not None:
        changes["target"] = _target(target, qualifier, currency)
    elif no_target:
        changes["target"] = None
    with open_store(db) as tracker:
        if deadline is not None:
            announced = tracker.get_commitment(key).announced
            changes["deadline"] = parse_deadline(deadline, announced)
        amended = tracker.amend(key, reason=reason, by=by or None, **changes)
        (last,) = tracker.amendments(key)[-1:]
    fields = ", ".join(c.field for c in last.changes)
    console.print(f"amended {escape(amended.key)} (#{last.sequence}): {fields}")


@app.command(
    "withdraw",
    epilog=(
        "Example: pledgetrack withdraw sco-2024-duplicate-forum --reason 'duplicate of "
        "kazakhstan-youth-forum-2025' --by 'A. Editor'"
    ),
)
@handle_errors
def withdraw_command(
    key: Annotated[str, typer.Argument(help="The commitment's key.")],
    reason: Reason,
    by: AuthorOption = None,
    db: DbOption = None,
) -> None:
    """Withdraw a commitment: kept with its reason, but left out of every list and count."""
    with open_store(db) as tracker:
        tracker.withdraw(key, reason=reason, by=by or None)
    console.print(f"withdrew {escape(key)}: {escape(reason)}")
