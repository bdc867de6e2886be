"""``pledgetrack extract``, ``extract-accept`` and ``extract-eval``: thin wrappers over
:mod:`pledgetrack.extract`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pledgetrack.cli.app import app
from pledgetrack.errors import PledgetrackError, ValidationError

if TYPE_CHECKING:
    from pledgetrack.model.sources import Source

__all__ = ["extract_accept_command", "extract_command", "extract_eval_command"]


def _fail(err: Exception) -> typer.Exit:
    typer.echo(f"error: {err}", err=True)
    return typer.Exit(1)


def _source_for(path: Path, text: str, key: str | None, title: str | None, day: str) -> Source:
    from pledgetrack.model.commitment import slugify
    from pledgetrack.model.sources import Source

    return Source(
        key=key or slugify(path.stem, 80),
        title=title or path.stem,
        published=day,
        text=text,
    )


@app.command("extract")
def extract_command(
    file: Annotated[Path, typer.Argument(help="The announcement text (UTF-8).")],
    announced: Annotated[str, typer.Option("--announced", help="Announcement date, YYYY-MM-DD.")],
    actor: Annotated[
        str | None, typer.Option("--actor", help="Actor when the text names none.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="json, yaml or markdown.")] = "json",
    into: Annotated[
        str | None, typer.Option("--into", help="Store the drafts in this database.")
    ] = None,
    source_key: Annotated[str | None, typer.Option("--source-key")] = None,
    title: Annotated[str | None, typer.Option("--title", help="The source's title.")] = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence")] = 0.0,
) -> None:
    """Propose draft commitments found in FILE (with --into, store them)."""
    import attrs

    import pledgetrack as pt
    from pledgetrack.cli.common import date_option
    from pledgetrack.extract import accept_drafts, extract, read_text, render_drafts

    day = date_option(announced, "--announced")
    assert day is not None
    announced = day.isoformat()
    try:
        text = read_text(file)
        extraction = extract(text, announced, actor)
        kept = tuple(d for d in extraction.drafts if d.confidence >= min_confidence)
        extraction = attrs.evolve(extraction, drafts=kept)
        if into is not None:
            source = _source_for(file, text, source_key, title, announced)
            with pt.open(into) as tracker:
                done = accept_drafts(tracker, kept, source, announced)
            for item in done:
                typer.echo(f"{item.draft}\t{item.outcome}\t{item.commitment}")
            return
        typer.echo(render_drafts(extraction, text, fmt, str(file)), nl=False)
        if fmt == "json":
            typer.echo()
    except PledgetrackError as err:
        raise _fail(err) from None


@app.command("extract-accept")
def extract_accept_command(
    reviewed: Annotated[Path, typer.Argument(help="A drafts YAML file, reviewed.")],
    file: Annotated[Path, typer.Option("--file", help="The announcement text it was made from.")],
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            "--into",
            envvar="PLEDGETRACK_DB",
            show_envvar=True,
            help="The store: a SQLite file or a database URL (default ./pledgetrack.db).",
        ),
    ] = None,
    source_key: Annotated[str | None, typer.Option("--source-key")] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
) -> None:
    """Store the drafts left in a reviewed YAML file as commitments with citations.

    The reviewer may delete drafts or set ``accept: false``, and edit any field: the key,
    the title, the themes and the actor (a name or a list of names) are kept as edited.
    """
    import pledgetrack as pt
    from pledgetrack.extract import accept_drafts, read_drafts_document, read_text
    from pledgetrack.model.sources import content_hash

    try:
        announced, digest, drafts = read_drafts_document(reviewed)
        text = read_text(file)
        if digest is not None and digest != content_hash(text):
            raise ValidationError(
                str(reviewed), "source.content_hash", digest, f"is not the hash of {file}"
            )
        source = _source_for(file, text, source_key, title, announced.isoformat())
        with pt.open(db) as tracker:
            done = accept_drafts(tracker, drafts, source, announced)
        for item in done:
            typer.echo(f"{item.draft}\t{item.outcome}\t{item.commitment}")
    except PledgetrackError as err:
        raise _fail(err) from None


@app.command("extract-eval")
def extract_eval_command(
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="A gold set to score: invented, tune or test (repeat; default all three).",
        ),
    ] = None,
    seeds: Annotated[
        Path | None, typer.Option("--seeds", help="A seed corpus directory (sources.yaml …).")
    ] = None,
    gold: Annotated[
        Path | None, typer.Option("--gold", help="A directory of gold YAML and texts.")
    ] = None,
    per_document: Annotated[
        bool, typer.Option("--per-document", help="Also score each document.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Precision, recall, quantity and deadline accuracy on each gold set, separately."""
    from pledgetrack.extract import (
        GOLD_SETS,
        evaluate,
        load_gold_dir,
        load_gold_set,
        load_seed_gold,
    )

    try:
        if fmt not in {"text", "json"}:
            raise ValidationError("<extract-eval>", "format", fmt, "must be one of: text, json")
        loaded = {}
        names = sets if sets is not None else ([] if seeds or gold else list(GOLD_SETS))
        for name in names:
            loaded[name] = load_gold_set(name)
        if seeds is not None:
            loaded["seed corpus"] = load_seed_gold(seeds)
        if gold is not None:
            loaded[str(gold)] = load_gold_dir(gold)
        results = {name: evaluate(docs) for name, docs in loaded.items()}
    except (PledgetrackError, OSError, KeyError) as err:
        raise _fail(err) from None
    if fmt == "json":
        out = {}
        for name, (total, per) in results.items():
            out[name] = {"total": total.to_dict()}
            if per_document:
                out[name]["documents"] = {k: s.to_dict() for k, s in per.items()}
        typer.echo(json.dumps(out, indent=2))
        return
    for name, (total, per) in results.items():
        if not total.documents:
            typer.echo(f"{name}: no documents")
            continue
        typer.echo(
            f"{name}: {total.documents} documents, {total.gold_quotes} gold quotes, "
            f"{total.drafts} drafts"
        )
        typer.echo(
            f"  precision {total.precision:.3f}  recall {total.recall:.3f} "
            f"({total.found}/{total.gold_quotes})  "
            f"(one-to-one {total.strict_precision:.3f} / {total.strict_recall:.3f})"
        )
        typer.echo(
            f"  quantity accuracy {total.quantity_accuracy:.3f} "
            f"({total.quantity_exact}/{total.quantity_total})  deadline accuracy "
            f"{total.deadline_accuracy:.3f} ({total.deadline_right}/{total.deadline_total})"
        )
        if total.non_pledges:
            typer.echo(f"  non-pledges drafted {total.non_pledges_drafted}/{total.non_pledges}")
        if not per_document:
            continue
        for key, s in per.items():
            typer.echo(
                f"    {key}: P {s.precision:.2f} R {s.recall:.2f} "
                f"Q {s.quantity_exact}/{s.quantity_total} "
                f"D {s.deadline_right}/{s.deadline_total}"
            )
