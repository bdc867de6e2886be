"""The everyday commands: init, seed, add, update, list, show, schema, field, vocab."""

from __future__ import annotations

import datetime as dt
import enum
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from pledgetrack.cli.app import app
from pledgetrack.cli.common import (
    EXIT_USAGE,
    AuthorOption,
    DbOption,
    console,
    date_option,
    fail,
    handle_errors,
    open_store,
    text_width,
)
from pledgetrack.cli.filters import FilterOptions, filter_options, parse_pairs
from pledgetrack.errors import ValidationError, quoted

if TYPE_CHECKING:
    from pledgetrack.model import Amendment, Citation, Commitment
    from pledgetrack.model.fields import FieldSpec
    from pledgetrack.store.lookup import CommitmentView, SourceRef
    from pledgetrack.tracker import Tracker

__all__ = [
    "add_command",
    "init_command",
    "list_command",
    "schema_command",
    "seed_command",
    "show_command",
    "update_command",
]


class ListFormat(enum.StrEnum):
    """Output formats of ``list``."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class ShowFormat(enum.StrEnum):
    """Output formats of ``show``."""

    TEXT = "text"
    JSON = "json"


# --- init and seed ------------------------------------------------------------------------


@app.command("init", epilog="Example: pledgetrack init --db pledges.db")
@handle_errors
def init_command(db: DbOption = None) -> None:
    """Create the store (or upgrade it to this version's schema) and say where it is."""
    with open_store(db) as tracker:
        where = tracker.url.render_as_string(hide_password=True)
        console.print(f"store ready: {escape(where)} (schema {tracker.schema_revision()})")


@app.command("seed", epilog="Example: pledgetrack seed --db pledges.db")
@handle_errors
def seed_command(db: DbOption = None) -> None:
    """Load the bundled SCO summit corpus (sources, commitments, status updates); idempotent."""
    from pledgetrack.seeds import load_corpus

    with open_store(db) as tracker:
        report = load_corpus(tracker)
    console.print(str(report))


# --- add ----------------------------------------------------------------------------------


def _pairs(values: Sequence[str], option: str) -> list[tuple[str, str]]:
    return parse_pairs(values, option)


def _custom_values(tracker: Tracker, pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    specs = {f.name: f for f in tracker.fields()}
    out: dict[str, Any] = {}
    for name, text in pairs:
        spec = specs.get(name)
        out[name] = spec.coerce(text, "command line") if spec is not None else text
    return out


def _target(text: str | None, qualifier: str | None, currency: str | None) -> Any:
    from pledgetrack.model import Target

    if text is None:
        return None
    quantity, _sep, unit = text.strip().partition(" ")
    if not unit.strip():
        raise ValidationError(
            "command line", "target", text, 'give "QUANTITY UNIT", e.g. "1000 scholarships"'
        )
    return Target(quantity, unit.strip(), currency, qualifier or "exactly")


@app.command(
    "add",
    epilog=(
        "Examples: pledgetrack add --title 'China to train 1,000 people' --actor China "
        "--announced 2024-07-04 --source sco-2024 --quote 'China is ready to provide at least "
        "1,000 training opportunities' --target '1000 training opportunities' --qualifier "
        "at_least --deadline 'in the next three years'  ·  pledgetrack add --file pledges.yaml"
    ),
)
@handle_errors
def add_command(
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            "-f",
            help="A YAML file of commitments (and sources) to add, in the export shape.",
        ),
    ] = None,
    key: Annotated[str | None, typer.Option(help="The key (default: made from the title).")] = None,
    title: Annotated[str | None, typer.Option(help="A one-line title.")] = None,
    actor: Annotated[
        list[str] | None, typer.Option("--actor", help="Who promised (repeatable).")
    ] = None,
    announced: Annotated[
        str | None, typer.Option(help="When it was announced (YYYY-MM-DD).")
    ] = None,
    source: Annotated[str | None, typer.Option(help="The key of the source quoted.")] = None,
    quote: Annotated[str | None, typer.Option(help="The pledge, verbatim from the source.")] = None,
    action: Annotated[str | None, typer.Option(help="What is promised, as a verb phrase.")] = None,
    target: Annotated[
        str | None, typer.Option(help='"QUANTITY UNIT", e.g. "1000 scholarships".')
    ] = None,
    qualifier: Annotated[
        str | None, typer.Option(help="exactly, at_least, up_to, about, more_than.")
    ] = None,
    currency: Annotated[
        str | None, typer.Option(help="ISO 4217 code when the target is money.")
    ] = None,
    beneficiary: Annotated[str | None, typer.Option(help="Who benefits.")] = None,
    theme: Annotated[
        list[str] | None, typer.Option("--theme", help="A theme (repeatable).")
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option(help='A date or phrase: "2027-07-04", "Q4 2027", "in the next three years".'),
    ] = None,
    event: Annotated[str | None, typer.Option(help="The event where it was announced.")] = None,
    parent: Annotated[str | None, typer.Option(help="The key of the parent commitment.")] = None,
    field: Annotated[
        list[str] | None, typer.Option("--field", help="A custom field NAME=VALUE (repeatable).")
    ] = None,
    notes: Annotated[str | None, typer.Option(help="Free notes.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only; write nothing.")] = False,
    db: DbOption = None,
) -> None:
    """Add a commitment from options, or commitments and sources from a YAML file."""
    from pledgetrack.io.collection import load_collection
    from pledgetrack.io.dates import parse_deadline
    from pledgetrack.io.files import read_collection
    from pledgetrack.model import Citation, Commitment, Event, slugify

    if file is not None:
        if any(v is not None for v in (key, title, announced, source, quote, target, deadline)):
            raise fail("give either --file or the commitment's options, not both", EXIT_USAGE)
        with open_store(db) as tracker:
            collection = read_collection(file)
            report = load_collection(tracker, collection, dry_run=dry_run)
        console.print(str(report))
        return
    missing = [
        n
        for n, v in (
            ("--title", title),
            ("--announced", announced),
            ("--source", source),
            ("--quote", quote),
            ("--actor", actor),
        )
        if not v
    ]
    if missing:
        raise fail(f"missing {', '.join(missing)} (or give --file)", EXIT_USAGE)
    assert title is not None and announced is not None and source is not None and quote is not None
    day = date_option(announced, "--announced")
    assert day is not None
    record = key or slugify(title)
    with open_store(db) as tracker:
        try:
            commitment = Commitment(
                key=record,
                title=title,
                actors=tuple(actor or ()),
                announced=day,
                citations=(Citation(source, quote),),
                action=action,
                target=_target(target, qualifier, currency),
                beneficiary=beneficiary,
                themes=tuple(theme or ()),
                event=Event(event) if event else None,
                deadline=parse_deadline(deadline, day) if deadline else None,
                parent=parent,
                custom=_custom_values(tracker, _pairs(field or [], "--field")),
                notes=notes,
            )
        except ValidationError as err:
            raise err.within(record) from None
        if dry_run:
            console.print(f"would add {record}")
            return
        stored = tracker.add_commitment(commitment)
    console.print(f"added {stored.key}: {escape(stored.title)} (due {_due(stored)})")


def _due(commitment: Commitment) -> str:
    due = commitment.deadline.due
    return str(commitment.deadline) if due is None else f"{commitment.deadline}, {due.isoformat()}"


# --- update -------------------------------------------------------------------------------


def _evidence(values: Sequence[str]) -> list[Citation]:
    from pledgetrack.model import Citation

    return [Citation(source, quote) for source, quote in _pairs(values, "--evidence")]


@app.command(
    "update",
    epilog=(
        "Example: pledgetrack update china-sco-digital-training in_progress --effective "
        "2025-06-30 --progress 400 --evidence 'sco-2025-report=400 trainees completed'; "
        "pledgetrack update g7-climate-finance partially_fulfilled --effective 2025-06 "
        "--percent 75 --actor Canada --actor Japan --by 'A. Analyst'"
    ),
)
@handle_errors
def update_command(
    key: Annotated[str, typer.Argument(help="The commitment's key.")],
    status: Annotated[str, typer.Argument(help="A canonical status, or a label of --vocabulary.")],
    effective: Annotated[
        str, typer.Option(help="From when it holds: 2025-06-30, or 2025-06, 2025-Q2, 2025.")
    ],
    progress: Annotated[
        str | None, typer.Option(help="Delivered so far, in the target's unit.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note on the update.")] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option("--evidence", help="SOURCE=QUOTE from a stored source (repeatable)."),
    ] = None,
    vocabulary: Annotated[
        str | None, typer.Option(help="The vocabulary STATUS is a label of.")
    ] = None,
    percent: Annotated[
        str | None,
        typer.Option(help="The tracker's own rating of completion, 0 to 100 (exact)."),
    ] = None,
    actor: Annotated[
        list[str] | None,
        typer.Option(
            "--actor",
            help="An actor of the commitment this update assesses (repeatable; "
            "none: the commitment as a whole).",
        ),
    ] = None,
    by: AuthorOption = None,
    db: DbOption = None,
) -> None:
    """Record a status update (with its evidence) in a commitment's history."""
    from pledgetrack.io.dates import parse_date

    try:
        when = parse_date(effective, "effective")
    except ValidationError as err:
        raise typer.BadParameter(
            f"{quoted(err.value)} {err.reason}", param_hint="--effective"
        ) from None
    with open_store(db) as tracker:
        vocab = tracker.vocabulary(vocabulary) if vocabulary else None
        update = tracker.record_status(
            key,
            status,
            effective=when.date,
            progress=progress,
            note=note,
            evidence=_evidence(evidence or []),
            effective_precision=when.precision,
            vocabulary=vocab,
            percent=percent,
            actors=actor or (),
            author=by or None,
        )
    label = f" ({update.label})" if update.label else ""
    scope = f" for {', '.join(update.actors)}" if update.actors else ""
    console.print(
        f"recorded {key}{escape(scope)}: {update.status.value}{escape(label)} "
        f"from {update.effective.isoformat()}"
    )


# --- list ---------------------------------------------------------------------------------


@app.command(
    "list",
    epilog=(
        "Examples: pledgetrack list --as-of 2025-12-31 --status in_progress  ·  "
        "pledgetrack list --actor China --overdue --format csv  ·  "
        "pledgetrack list --field sector=Health --vocabulary promise-meter"
    ),
)
@handle_errors
@filter_options()
def list_command(
    filters: FilterOptions,
    as_of: Annotated[
        str | None, typer.Option(help="The date statuses are read for (default today).")
    ] = None,
    vocabulary: Annotated[
        str | None,
        typer.Option(
            help="Show statuses as labels of this vocabulary (e.g. promise-meter): the label "
            "the update in force was recorded with, else the vocabulary's first for the status."
        ),
    ] = None,
    fmt: Annotated[
        ListFormat, typer.Option("--format", help="table, json or csv.")
    ] = ListFormat.TABLE,
    withdrawn: Annotated[
        bool,
        typer.Option("--withdrawn", help="List only withdrawn commitments, with the reason."),
    ] = False,
    db: DbOption = None,
) -> None:
    """List commitments with their status as of a date, filtered."""
    day = date_option(as_of, "--as-of")
    with open_store(db, create=False) as tracker:
        vocab = tracker.vocabulary(vocabulary) if vocabulary else None
        chosen = filters.to_filter(tracker, vocabulary=vocab, withdrawn=withdrawn)
        items = tracker.statuses(chosen, as_of=day)
        reasons = _withdrawal_reasons(tracker, [i.key for i in items]) if withdrawn else None
    from pledgetrack.render.listing import listing
    from pledgetrack.render.registry import renderer

    shown = listing(items, day or dt.date.today(), vocabulary=vocab, withdrawn=reasons)
    options: dict[str, Any] = {}
    if fmt is ListFormat.TABLE:
        options = {"width": text_width(), "color": sys.stdout.isatty()}
    sys.stdout.write(renderer("list", fmt.value)(shown, **options))
    sys.stdout.flush()


def _withdrawal_reasons(tracker: Tracker, keys: Sequence[str]) -> dict[str, str]:
    """For each withdrawn commitment: when, by whom and why it was withdrawn, in words."""
    out = {}
    for key, amendments in (tracker.amendments_of(keys) if keys else {}).items():
        last = next((a for a in reversed(amendments) if a.withdrawal), None)
        if last is not None:
            out[key] = _withdrawal_line(last)
    return out


def _withdrawal_line(amendment: Amendment) -> str:
    when = "" if amendment.recorded is None else f" on {amendment.recorded.date().isoformat()}"
    by = f" by {amendment.author}" if amendment.author else ""
    return f"withdrawn{when}{by}: {amendment.reason}"


# --- show ---------------------------------------------------------------------------------


def _citation_line(citation: Citation, sources: Mapping[str, SourceRef] | None = None) -> str:
    where = f" [{citation.start}:{citation.end}]" if citation.start is not None else ""
    ref = (sources or {}).get(citation.source)
    if ref is None:
        return f"“{escape(citation.quote)}” — {escape(citation.source)}{where}"
    about = ", ".join(
        x for x in (ref.publisher, ref.published.isoformat() if ref.published else None) if x
    )
    line = f"“{escape(citation.quote)}”\n    — {escape(ref.title)}"
    line += f" ({escape(about)})" if about else ""
    line += f" [dim]{escape(ref.key)}{where}[/]"
    if ref.url:
        line += f"\n    {escape(ref.url)}"
    return line


@app.command(
    "show", epilog="Example: pledgetrack show china-sco-digital-training --as-of 2025-12-31"
)
@handle_errors
def show_command(
    key: Annotated[str, typer.Argument(help="The commitment's key.")],
    as_of: Annotated[
        str | None, typer.Option(help="The date its status is read for (default today).")
    ] = None,
    fmt: Annotated[ShowFormat, typer.Option("--format", help="text or json.")] = ShowFormat.TEXT,
    db: DbOption = None,
) -> None:
    """Show one commitment in full: its fields, citations, status as of a date and history."""
    from pledgetrack.store.lookup import commitment_view, open_engine

    day = date_option(as_of, "--as-of") or dt.date.today()
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            view = commitment_view(conn, key, day)
    finally:
        engine.dispose()
    if fmt is ShowFormat.JSON:
        from pledgetrack.io.document import commitment_to_dict

        data = commitment_to_dict(view.commitment, view.history, view.amendments)
        data["as_of"] = {
            "date": view.as_of.isoformat(),
            "status": view.status.value,
            "since": None if view.since is None else view.since.isoformat(),
            "overdue": view.overdue,
        }
        data["children"] = list(view.children)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print_commitment(view)
    _print_amendments(view.commitment, view.amendments)


def _print_amendments(commitment: Commitment, amendments: Sequence[Amendment]) -> None:
    """The withdrawal (when there is one) and every amendment, field by field."""
    last = next((a for a in reversed(amendments) if a.withdrawal), None)
    if commitment.withdrawn and last is not None:
        console.print(f"[bold red]{escape(_withdrawal_line(last))}[/]")
    if not amendments:
        return
    table = Table(title="Amendments", title_justify="left")
    for column in ("#", "recorded", "by", "reason", "field", "old", "new"):
        table.add_column(column, overflow="fold")
    for amendment in amendments:
        for change in amendment.changes:
            table.add_row(
                str(amendment.sequence),
                "" if amendment.recorded is None else amendment.recorded.strftime("%Y-%m-%d %H:%M"),
                escape(amendment.author or ""),
                escape(amendment.reason),
                change.field,
                escape(json.dumps(change.old, ensure_ascii=False)),
                escape(json.dumps(change.new, ensure_ascii=False)),
            )
    console.print(table)


def _print_commitment(item: CommitmentView) -> None:
    commitment, history, children, sources = (
        item.commitment,
        item.history,
        item.children,
        item.sources,
    )
    lines = [
        f"[bold]{escape(commitment.title)}[/]",
        f"actors: {escape(', '.join(commitment.actors))}",
        f"announced: {commitment.announced.isoformat()}"
        + (f" at {escape(commitment.event.name)}" if commitment.event else ""),
    ]
    optional = [
        ("action", commitment.action),
        ("target", str(commitment.target) if commitment.target else None),
        ("beneficiary", commitment.beneficiary),
        ("themes", ", ".join(commitment.themes) or None),
        ("parent", commitment.parent),
        ("children", ", ".join(children) or None),
        ("notes", commitment.notes),
    ]
    deadline = commitment.deadline
    due = (
        f"{deadline} (due {deadline.due.isoformat()}, {deadline.basis.value})"
        if deadline.due
        else "none"
    )
    if deadline.phrase:
        due += f" — “{deadline.phrase}”"
    lines.append(f"deadline: {escape(due)}")
    lines += [f"{name}: {escape(value)}" for name, value in optional if value]
    for name, value in sorted(commitment.custom.items()):
        lines.append(f"{escape(name)}: {escape(str(value))}")
    from pledgetrack.rules import is_unassessed_past_due

    overdue = f", overdue by {item.days_overdue} days" if item.overdue else ""
    if is_unassessed_past_due(commitment, item.status, item.as_of):
        overdue = ", deadline passed, not assessed (no evidence either way)"
    since = f" since {item.since.isoformat()}" if item.since else ""
    lines.append(
        f"status as of {item.as_of.isoformat()}: [bold]{item.status.label}[/]{since}{overdue}"
    )
    panel = Panel("\n".join(lines), title=escape(commitment.key), title_align="left")
    console.print(panel, soft_wrap=False)
    console.print("[bold]Citations[/]")
    for citation in commitment.citations:
        console.print(f"  {_citation_line(citation, sources)}")
    if not history:
        console.print("[dim]no status updates yet: not assessed[/]")
        return
    console.print("[bold]History[/]")
    for update in history:
        head = f"{update.effective.isoformat()} ({update.effective_precision.value})"
        head += f"  [bold]{update.status.label}[/]"
        if update.label:
            head += f" ({escape(update.label)})"
        head += f"  for {escape(', '.join(update.actors))}" if update.actors else "  all actors"
        if update.progress is not None:
            head += f"  progress {format(update.progress, ',f')}"
        if update.percent is not None:
            head += f"  {format(update.percent, 'f')}%"
        if update.author:
            head += f"  by {escape(update.author)}"
        if update.recorded is not None:
            head += f"  [dim]recorded {update.recorded.strftime('%Y-%m-%d %H:%M')}[/]"
        console.print(f"  {head}")
        if update.note:
            console.print(f"    {escape(update.note)}")
        if update.evidence:
            for citation in update.evidence:
                console.print(f"    evidence: {_citation_line(citation, sources)}")
        else:
            console.print("    [dim]evidence: none given[/]")


# --- schema -------------------------------------------------------------------------------


@app.command(
    "schema",
    epilog="Examples: pledgetrack schema > pledgetrack.schema.json  ·  "
    "pledgetrack schema --mapping > mapping.schema.json",
)
def schema_command(
    mapping: Annotated[
        bool,
        typer.Option("--mapping", help="The JSON Schema of mapping files instead."),
    ] = False,
) -> None:
    """Print the JSON Schema of the export format (or, with --mapping, of mapping files)."""
    if mapping:
        from pledgetrack.io.mapspec import mapping_schema

        typer.echo(json.dumps(mapping_schema(), indent=2, ensure_ascii=False))
        return
    from pledgetrack.io.document import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


# --- custom fields ------------------------------------------------------------------------

field_app = typer.Typer(
    help="Custom fields: declared once per collection, typed and checked.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(field_app, name="field")


@field_app.command(
    "declare",
    epilog="Example: pledgetrack field declare sector --type choice --choice Health --choice Youth",
)
@handle_errors
def field_declare(
    name: Annotated[str, typer.Argument(help="The field's name: lowercase letters, digits, _.")],
    type_: Annotated[
        str, typer.Option("--type", help="text, integer, decimal, boolean, date or choice.")
    ] = "text",
    choice: Annotated[
        list[str] | None,
        typer.Option("--choice", help="An allowed value of a choice field (repeatable)."),
    ] = None,
    required: Annotated[
        bool, typer.Option("--required", help="Every commitment must have a value.")
    ] = False,
    description: Annotated[str | None, typer.Option(help="What the field records.")] = None,
    db: DbOption = None,
) -> None:
    """Declare a custom field for the collection (declaring it again changes nothing)."""
    from pledgetrack.model.fields import FieldSpec

    spec = FieldSpec(name, type_, description, tuple(choice or ()), required)
    with open_store(db) as tracker:
        tracker.declare_field(spec)
    console.print(f"field {spec.name}: {spec.type.value}")


def _field_line(spec: FieldSpec) -> str:
    extra = f" ({', '.join(spec.choices)})" if spec.choices else ""
    required = " required" if spec.required else ""
    about = f" — {spec.description}" if spec.description else ""
    return f"{spec.name}: {spec.type.value}{extra}{required}{about}"


@field_app.command("list", epilog="Example: pledgetrack field list")
@handle_errors
def field_list(db: DbOption = None) -> None:
    """List the declared custom fields."""
    with open_store(db, create=False) as tracker:
        specs = tracker.fields()
    for spec in specs:
        console.print(escape(_field_line(spec)))
    if not specs:
        console.print("no custom fields declared (custom values of any name are accepted)")


# --- vocabularies -------------------------------------------------------------------------

vocab_app = typer.Typer(
    help="Status vocabularies and the crosswalks between them.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(vocab_app, name="vocab")


@vocab_app.command("list", epilog="Example: pledgetrack vocab list")
@handle_errors
def vocab_list(db: DbOption = None) -> None:
    """List the vocabularies: built-in ones and the collection's own."""
    with open_store(db, create=False) as tracker:
        vocabularies = tracker.vocabularies()
    for vocabulary in vocabularies.values():
        about = f" — {vocabulary.description}" if vocabulary.description else ""
        console.print(
            f"{escape(vocabulary.name)} ({len(vocabulary.mapping)} labels){escape(about)}"
        )


@vocab_app.command("show", epilog="Example: pledgetrack vocab show promise-meter")
@handle_errors
def vocab_show(
    name: Annotated[str, typer.Argument(help="The vocabulary's name.")],
    db: DbOption = None,
) -> None:
    """Show a vocabulary's labels and the canonical status each means."""
    with open_store(db, create=False) as tracker:
        vocabulary = tracker.vocabulary(name)
    table = Table(title=vocabulary.name, title_justify="left")
    table.add_column("label")
    table.add_column("canonical status")
    for label in vocabulary.labels:
        table.add_row(escape(label), vocabulary.mapping[label].value)
    console.print(table)


@vocab_app.command("add", epilog="Example: pledgetrack vocab add delivery-unit.yaml")
@handle_errors
def vocab_add(
    file: Annotated[
        Path, typer.Argument(help="YAML: {name, description, labels: {label: status}} or a list.")
    ],
    db: DbOption = None,
) -> None:
    """Add a vocabulary of the collection's own (or new labels to one)."""
    from pledgetrack.io.files import read_vocabularies

    built = read_vocabularies(file)
    with open_store(db) as tracker, tracker.transaction():
        for vocabulary in built:
            stored = tracker.add_vocabulary(vocabulary)
            console.print(f"vocabulary {stored.name}: {len(stored.mapping)} labels")


@vocab_app.command(
    "crosswalk", epilog="Example: pledgetrack vocab crosswalk promise-meter progress"
)
@handle_errors
def vocab_crosswalk(
    source: Annotated[str, typer.Argument(help="The vocabulary to translate from.")],
    target: Annotated[str, typer.Argument(help="The vocabulary to translate to.")],
    fmt: Annotated[ShowFormat, typer.Option("--format", help="text or json.")] = ShowFormat.TEXT,
    db: DbOption = None,
) -> None:
    """Show which labels of TARGET each label of SOURCE corresponds to (via the canonical set)."""
    from pledgetrack.model.vocabularies import crosswalk

    with open_store(db, create=False) as tracker:
        a, b = tracker.vocabulary(source), tracker.vocabulary(target)
    walk = crosswalk(a, b)
    if fmt is ShowFormat.JSON:
        typer.echo(json.dumps({k: list(v) for k, v in walk.items()}, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"{a.name} → {b.name}", title_justify="left")
    table.add_column(a.name)
    table.add_column("canonical")
    table.add_column(b.name)
    for label, labels in walk.items():
        table.add_row(
            escape(label), a.mapping[label].value, escape(", ".join(labels)) or "[dim](none)[/]"
        )
    console.print(table)
