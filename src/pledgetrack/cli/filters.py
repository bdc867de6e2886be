"""The filter options ``list``, ``summary``, ``report`` and ``grid`` share, defined once.

:func:`filter_options` adds them to a command's signature and hands the command one
:class:`FilterOptions`; :meth:`FilterOptions.to_filter` turns them into a
:class:`~pledgetrack.Filter` with the store's declared custom fields. An option value of the
wrong form whatever the store holds (a date that is not ``YYYY-MM-DD``, a ``--field`` without
``=``, a status that is not a canonical one, ``--due-to`` before ``--due-from``) is a usage
error (exit code 2) naming the option and the value, raised before the store is opened; what
only the store can refuse (a label its vocabulary lacks, a value a declared custom field
refuses) is a problem of the data (exit code 1).
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import attrs
import typer

from pledgetrack.errors import ValidationError, quoted

if TYPE_CHECKING:
    from pledgetrack import Filter, Tracker, Vocabulary

__all__ = ["FILTER_OPTIONS", "FilterOptions", "filter_options", "parse_date", "parse_pairs"]

#: every filter option: parameter name → its typer annotation (the one definition)
FILTER_OPTIONS: dict[str, Any] = {
    "actor": Annotated[
        list[str] | None,
        typer.Option("--actor", metavar="ACTOR", help="Only these actors (repeatable)."),
    ],
    "theme": Annotated[
        list[str] | None,
        typer.Option("--theme", metavar="THEME", help="Only these themes (repeatable)."),
    ],
    "event": Annotated[
        list[str] | None,
        typer.Option("--event", metavar="EVENT", help="Only these events (repeatable)."),
    ],
    "status": Annotated[
        list[str] | None,
        typer.Option(
            "--status", metavar="STATUS", help="Only these statuses as of the date (repeatable)."
        ),
    ],
    "key": Annotated[
        list[str] | None,
        typer.Option("--key", metavar="KEY", help="Only these commitments (repeatable)."),
    ],
    "field": Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            metavar="NAME=VALUE",
            help="Only with this custom field value, NAME=VALUE (repeatable).",
        ),
    ],
    "due_from": Annotated[
        str | None, typer.Option("--due-from", metavar="DATE", help="Due on or after (YYYY-MM-DD).")
    ],
    "due_to": Annotated[
        str | None, typer.Option("--due-to", metavar="DATE", help="Due on or before (YYYY-MM-DD).")
    ],
    "announced_from": Annotated[
        str | None,
        typer.Option(
            "--announced-from", metavar="DATE", help="Announced on or after (YYYY-MM-DD)."
        ),
    ],
    "announced_to": Annotated[
        str | None,
        typer.Option("--announced-to", metavar="DATE", help="Announced on or before (YYYY-MM-DD)."),
    ],
    "overdue": Annotated[
        bool | None, typer.Option("--overdue/--not-overdue", help="Only overdue (or not).")
    ],
    "has_deadline": Annotated[
        bool | None,
        typer.Option("--has-deadline/--no-deadline", help="Only with (or without) a deadline."),
    ],
    "parent": Annotated[
        str | None,
        typer.Option("--parent", metavar="KEY", help="Only the children of this commitment."),
    ],
}


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def parse_date(value: str | None, option: str) -> dt.date | None:
    """An ISO date given to ``option``; a usage error (exit 2) naming both when it is not one."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


def parse_pairs(values: Sequence[str], option: str) -> list[tuple[str, str]]:
    """``NAME=VALUE`` texts as pairs; a usage error naming the value when one has no ``=``."""
    out = []
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"{value!r} is not NAME=VALUE", param_hint=option)
        out.append((name.strip(), rest))
    return out


@contextmanager
def usage(option: str) -> Iterator[None]:
    """Report a :class:`ValidationError` raised inside as a usage error of ``option``."""
    try:
        yield
    except ValidationError as err:
        raise typer.BadParameter(f"{quoted(err.value)} {err.reason}", param_hint=option) from None


@attrs.frozen
class FilterOptions:
    """The filter options as given; the dates are checked when it is made."""

    actor: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    event: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    field: tuple[tuple[str, str], ...] = ()
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    announced_from: dt.date | None = None
    announced_to: dt.date | None = None
    overdue: bool | None = None
    has_deadline: bool | None = None
    parent: str | None = None

    @classmethod
    def parse(cls, given: dict[str, Any]) -> FilterOptions:
        """The options from the command line's values (usage errors raised here)."""
        dates = {
            name: parse_date(given.get(name), _option(name))
            for name in ("due_from", "due_to", "announced_from", "announced_to")
        }
        return cls(
            actor=tuple(given.get("actor") or ()),
            theme=tuple(given.get("theme") or ()),
            event=tuple(given.get("event") or ()),
            status=tuple(given.get("status") or ()),
            key=tuple(given.get("key") or ()),
            field=tuple(parse_pairs(given.get("field") or (), "--field")),
            overdue=given.get("overdue"),
            has_deadline=given.get("has_deadline"),
            parent=given.get("parent"),
            **dates,
        )

    def to_filter(
        self,
        tracker: Tracker | None = None,
        *,
        vocabulary: Vocabulary | None = None,
        withdrawn: bool | None = False,
    ) -> Filter:
        """The :class:`~pledgetrack.Filter`: custom values typed by ``tracker``'s declared
        fields, statuses read as labels of ``vocabulary`` when one is given."""
        from pledgetrack import Filter

        # read against the store: a label its vocabulary lacks, a value its declared field
        # refuses is a problem of the data (exit 1), not of the command line
        statuses = [vocabulary.to_canonical(s).value if vocabulary else s for s in self.status]
        custom: dict[str, Any] = {}
        if self.field:
            specs = {f.name: f for f in tracker.fields()} if tracker is not None else {}
            for name, text in self.field:
                spec = specs.get(name)
                custom[name] = spec.coerce(text, "filter") if spec is not None else text
        with usage("--status" if self.status else "--due-to"):
            many: dict[str, Any] = {  # several values each (OR)
                "actors": self.actor,
                "themes": self.theme,
                "events": self.event,
                "statuses": statuses,
                "keys": self.key,
            }
            return Filter(
                **many,
                due_from=self.due_from,
                due_to=self.due_to,
                announced_from=self.announced_from,
                announced_to=self.announced_to,
                overdue=self.overdue,
                has_deadline=self.has_deadline,
                parent=self.parent,
                custom=custom,
                withdrawn=withdrawn,
            )


def filter_options(
    *, exclude: Sequence[str] = ()
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a command the shared filter options (less ``exclude``): the command declares a
    ``filters: FilterOptions`` parameter and receives them parsed in it."""
    names = [n for n in FILTER_OPTIONS if n not in exclude]

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(func, eval_str=True)
        own = [p for p in signature.parameters.values() if p.name != "filters"]
        added = [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=FILTER_OPTIONS[name]
            )
            for name in names
        ]
        kinds = {p.kind for p in own}
        assert kinds <= {inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY}

        @functools.wraps(func)
        def command(**values: Any) -> Any:
            given = {name: values.pop(name, None) for name in names}
            return func(filters=FilterOptions.parse(given), **values)

        own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]
        command.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
        command.__annotations__ = {
            **{p.name: p.annotation for p in own},
            **{n: FILTER_OPTIONS[n] for n in names},
        }
        return command

    return decorate
