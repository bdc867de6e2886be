"""The dimensions a rollup can group by, and how each joins onto the commitments.

===================  ==========================================================================
``actor``            each actor of the commitment: one with two actors counts in both groups
``theme``            each theme; a commitment without a theme falls in the group ``None``
``event``            the name of the event where it was announced (``None``: no event)
``announced_year``   the year it was announced
``deadline_year``    the year its deadline falls due (``None``: no deadline)
``parent``           the key of its parent commitment (``None``: no parent)
``label``            the tracker's own label of the update in force (``None``: no update in
                     force, or one without a label), beside the canonical status
``field:<name>``     the value of the custom field ``<name>`` (``None``: not set)
===================  ==========================================================================

Grouping by several dimensions groups by every combination that occurs. Groups of a
many-valued dimension (actor, theme) overlap, so their totals may add up to more than the
number of commitments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs
from sqlalchemy import ColumnElement, Connection, Select, Table, and_, extract, select
from sqlalchemy.sql import Subquery

from pledgetrack.errors import ValidationError
from pledgetrack.store.rows import custom_from_json
from pledgetrack.store.tables import (
    CommitmentActorRow,
    CommitmentFieldRow,
    CommitmentRow,
    CommitmentThemeRow,
)

__all__ = [
    "DIMENSIONS",
    "Dimension",
    "KeyValue",
    "known_fields",
    "parse_dimension",
    "parse_dimensions",
]

#: A group's value in one dimension, as shown and serialised.
KeyValue = str | int | bool | None

#: Every dimension, with what it groups by.
DIMENSIONS: dict[str, str] = {
    "actor": "each actor of the commitment (one with two actors counts in both groups)",
    "theme": "each theme (none: no theme)",
    "event": "the event where it was announced",
    "announced_year": "the year it was announced",
    "deadline_year": "the year its deadline falls due (none: no deadline)",
    "parent": "the key of its parent commitment",
    "label": "the tracker's own label of the status update in force (none: no update or no label)",
    "field:<name>": "the value of the custom field <name>",
}

COMMITMENT: Table = CommitmentRow.__table__  # type: ignore[attr-defined]
ACTOR: Table = CommitmentActorRow.__table__  # type: ignore[attr-defined]
THEME: Table = CommitmentThemeRow.__table__  # type: ignore[attr-defined]
FIELD: Table = CommitmentFieldRow.__table__  # type: ignore[attr-defined]

_FIELD = re.compile(r"field:([a-z][a-z0-9_]{0,62})")


@attrs.frozen
class Dimension:
    """One grouping dimension: a name of :data:`DIMENSIONS`, or ``field:<name>``."""

    name: str

    @property
    def field(self) -> str | None:
        """The custom field's name for ``field:<name>``, else None."""
        match = _FIELD.fullmatch(self.name)
        return match.group(1) if match else None

    @property
    def needs(self) -> tuple[str, ...]:
        """The columns of the rollup's scope this dimension reads (besides ``cid``)."""
        return {
            "event": ("event_name",),
            "announced_year": ("announced",),
            "deadline_year": ("due",),
            "parent": ("parent_id",),
            "label": ("label",),
        }.get(self.name, ())

    def column(
        self, query: Select[Any], scope: Subquery, index: int
    ) -> tuple[Select[Any], ColumnElement[Any]]:
        """``query`` joined to what this dimension needs, and the column holding its value.

        ``scope`` is the rollup's subquery of commitments: ``cid`` and the columns of
        :attr:`needs`; ``index`` keeps several dimensions' aliases apart.
        """
        cid = scope.c.cid
        if self.name == "actor":
            actor = ACTOR.alias(f"dim{index}_actor")
            return query.join(actor, actor.c.commitment_id == cid), actor.c.name
        if self.name == "theme":
            theme = THEME.alias(f"dim{index}_theme")
            return query.join(theme, theme.c.commitment_id == cid, isouter=True), theme.c.name
        field = self.field
        if field is not None:
            value = FIELD.alias(f"dim{index}_field")
            on = and_(value.c.commitment_id == cid, value.c.name == field)
            return query.join(value, on, isouter=True), value.c.value
        if self.name == "parent":
            parent = COMMITMENT.alias(f"dim{index}_parent")
            joined = query.join(parent, parent.c.id == scope.c.parent_id, isouter=True)
            return joined, parent.c.key
        if self.name == "event":
            return query, scope.c.event_name
        if self.name == "label":
            return query, scope.c.label
        if self.name == "announced_year":
            return query, extract("year", scope.c.announced)
        return query, extract("year", scope.c.due)

    def value(self, raw: object) -> KeyValue:
        """The group value read from the database, as shown and serialised."""
        if raw is None:
            return None
        if self.field is not None:
            decoded = custom_from_json(str(raw))
            if isinstance(decoded, Decimal | dt.date):
                return str(decoded)
            return decoded
        if self.name.endswith("_year"):
            return int(raw)  # type: ignore[call-overload, no-any-return]
        return str(raw)


def _choices() -> str:
    return ", ".join(DIMENSIONS)


def parse_dimension(text: str | Dimension) -> Dimension:
    """The dimension named by ``text``; :class:`ValidationError` listing the valid ones."""
    if isinstance(text, Dimension):
        return text
    name = str(text).strip().lower().replace("-", "_")
    if name.startswith("field:") or name.startswith("field."):
        name = "field:" + name[6:]
        if _FIELD.fullmatch(name):
            return Dimension(name)
    elif name in DIMENSIONS:
        return Dimension(name)
    raise ValidationError("rollup", "by", text, f"is not a dimension; choose from: {_choices()}")


def parse_dimensions(items: Iterable[str | Dimension]) -> tuple[Dimension, ...]:
    """The dimensions named by ``items`` (or one name), in order; a repeated one is refused."""
    if isinstance(items, str | Dimension):
        items = (items,)
    out: list[Dimension] = []
    for item in items:
        dim = parse_dimension(item)
        if dim in out:
            raise ValidationError("rollup", "by", dim.name, "is given twice")
        out.append(dim)
    return tuple(out)


def known_fields(conn: Connection) -> list[str]:
    """The names of the custom fields the store knows: declared ones and ones in use."""
    names: set[str] = set(conn.scalars(select(FIELD.c.name).distinct()))
    declared = _declared_table()
    if declared is not None:
        names.update(conn.scalars(select(declared.c.name)))
    return sorted(names)


def _declared_table() -> Any:
    from pledgetrack.store import tables

    row = getattr(tables, "FieldDefinitionRow", None)
    return None if row is None else row.__table__


def check_fields(conn: Connection, names: Sequence[str], what: str) -> None:
    """Refuse custom field names the store does not know, listing the ones it knows."""
    if not names:
        return
    known = known_fields(conn)
    for name in names:
        if name not in known:
            listed = ", ".join(known) if known else "(the store has no custom field)"
            raise ValidationError("rollup", what, name, f"is not a custom field; known: {listed}")
