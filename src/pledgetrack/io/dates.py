"""Dates written by people: full, partial ("Q4 2017", "June 2018", "2019") and in phrases.

Imports read dates as other trackers wrote them. The rules, in order:

1. a date object, or a whole year given as a number, is taken as it is;
2. the mapping's own ``formats`` (``strptime`` patterns) are tried;
3. plain forms: ``2019`` (year), ``2019-06`` (month), ``2019-Q2`` or ``Q2 2019`` (quarter),
   ``2019-06-30`` (day);
4. timing phrases, through :func:`pledgetrack.rules.deadline_from_phrase`, the project's one set
   of rules for them: ``by end of 2019``, ``2017-2024``, ``in the next three years`` …;
5. anything else python-dateutil reads without guessing: ``30 June 2018``, ``Sept 2019``,
   ``30.06.2018``. A numeric date whose day and month could be swapped (``03/04/2019``) is
   refused unless the mapping says ``dayfirst: true`` or ``false``.

A text with no digit that none of these read ("annually", "during rainy season") is *not a
date*: as a deadline it becomes no deadline, the text kept as its phrase. A text with digits
that none of them read is an error.

A partial date stands for the last day of its period (a deadline "in 2019" is due on
31 December 2019), except an announcement date, which stands for the first.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Sequence
from typing import Literal

import attrs
from dateutil import parser as dateutil_parser

from pledgetrack.errors import ValidationError
from pledgetrack.model import Basis, Deadline, Precision
from pledgetrack.rules.horizons import read_phrase

__all__ = ["PartialDate", "parse_date", "parse_deadline", "read_deadline"]

Edge = Literal["first", "last"]

_REFERENCE = dt.date(2000, 1, 1)


@attrs.frozen
class PartialDate:
    """A date known to a precision: a day, or the month, quarter or year it falls in."""

    date: dt.date
    precision: Precision

    def on(self, edge: Edge) -> dt.date:
        """The first or last day of the period."""
        return _edge(self.date, self.precision, edge)


def _edge(day: dt.date, precision: Precision, edge: Edge) -> dt.date:
    if precision is Precision.YEAR:
        return dt.date(day.year, 1, 1) if edge == "first" else dt.date(day.year, 12, 31)
    if precision is Precision.QUARTER:
        first_month = ((day.month - 1) // 3) * 3 + 1
        if edge == "first":
            return dt.date(day.year, first_month, 1)
        last_month = first_month + 2
        return dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    if precision is Precision.MONTH:
        if edge == "first":
            return dt.date(day.year, day.month, 1)
        return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


_TIME = r"(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?"
_PLAIN: list[tuple[re.Pattern[str], Precision]] = [
    (re.compile(r"(?P<y>\d{4})"), Precision.YEAR),
    (re.compile(r"(?P<y>\d{4})[-/.](?P<m>0?[1-9]|1[0-2])"), Precision.MONTH),
    (re.compile(r"(?P<m>0?[1-9]|1[0-2])[-/.](?P<y>\d{4})"), Precision.MONTH),
    (re.compile(r"(?P<y>\d{4})[- ]?Q(?P<q>[1-4])", re.I), Precision.QUARTER),
    (re.compile(r"Q(?P<q>[1-4])[- ]?(?P<y>\d{4})", re.I), Precision.QUARTER),
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _TIME), Precision.DAY),
]  # fmt: skip

_NUMERIC_DM = re.compile(r"(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<y>\d{2}|\d{4})")


def _plain(text: str, field: str) -> PartialDate | None:
    for pattern, precision in _PLAIN:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        groups = m.groupdict()
        try:
            year = int(groups["y"])
            if precision is Precision.QUARTER:
                day = dt.date(year, int(groups["q"]) * 3, 1)
            else:
                day = dt.date(year, int(groups.get("m") or 1), int(groups.get("d") or 1))
        except ValueError:
            raise ValidationError(None, field, text, "is not a valid date") from None
        return PartialDate(_edge(day, precision, "last"), precision)
    return None


def _from_formats(text: str, formats: Sequence[str]) -> PartialDate | None:
    for pattern in formats:
        try:
            parsed = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if "%d" in pattern or "%j" in pattern:
            precision = Precision.DAY
        elif any(code in pattern for code in ("%m", "%b", "%B")):
            precision = Precision.MONTH
        else:
            precision = Precision.YEAR
        return PartialDate(_edge(parsed, precision, "last"), precision)
    return None


def _with_dateutil(text: str, field: str, dayfirst: bool | None) -> PartialDate | None:
    numeric = _NUMERIC_DM.fullmatch(text)
    if numeric and dayfirst is None:
        a, b = int(numeric["a"]), int(numeric["b"])
        if a <= 12 and b <= 12 and a != b:
            raise ValidationError(
                None,
                field,
                text,
                "is ambiguous (day and month could be swapped); "
                "set dates.dayfirst to true or false in the mapping",
            )
    try:
        one = dateutil_parser.parse(text, default=dt.datetime(1, 1, 1), dayfirst=bool(dayfirst))
        two = dateutil_parser.parse(text, default=dt.datetime(2, 2, 2), dayfirst=bool(dayfirst))
    except (ValueError, OverflowError):
        return None
    if one.year != two.year or not 1000 <= one.year <= 2999:
        return None
    if one.day == two.day:
        precision = Precision.DAY
    elif one.month == two.month:
        precision = Precision.MONTH
    else:
        precision = Precision.YEAR
    return PartialDate(_edge(one.date(), precision, "last"), precision)


def _read(
    value: object,
    field: str,
    *,
    dayfirst: bool | None,
    formats: Sequence[str],
) -> PartialDate | Deadline | None:
    """A partial date, a deadline read from a phrase, or None for a text that is no date.

    Texts are read once per (text, field, dayfirst, formats): real files repeat their dates.
    """
    if isinstance(value, str):
        return _read_text(value, field, dayfirst, tuple(formats))
    return _read_value(value, field, dayfirst=dayfirst, formats=formats)


@functools.lru_cache(maxsize=8192)
def _read_text(
    value: str, field: str, dayfirst: bool | None, formats: tuple[str, ...]
) -> PartialDate | Deadline | None:
    return _read_value(value, field, dayfirst=dayfirst, formats=formats)


def _read_value(
    value: object,
    field: str,
    *,
    dayfirst: bool | None,
    formats: Sequence[str],
) -> PartialDate | Deadline | None:
    if isinstance(value, dt.datetime):
        return PartialDate(value.date(), Precision.DAY)
    if isinstance(value, dt.date):
        return PartialDate(value, Precision.DAY)
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999:
        return PartialDate(dt.date(value, 12, 31), Precision.YEAR)
    if not isinstance(value, str):
        raise ValidationError(None, field, value, "is not a date")
    text = " ".join(value.split())
    found = _from_formats(text, formats) or _plain(text, field)
    if found is not None:
        return found
    phrase = read_phrase(text, _REFERENCE)
    if phrase is not None:
        return phrase
    return _with_dateutil(text, field, dayfirst)


def parse_date(
    value: object,
    field: str = "date",
    *,
    dayfirst: bool | None = None,
    formats: Sequence[str] = (),
) -> PartialDate:
    """The date ``value`` states, to its precision; ValidationError when it states none.

    Phrases relative to a date ("in the next three years") are refused: a date must stand
    on its own.
    """
    found = _read(value, field, dayfirst=dayfirst, formats=formats)
    if isinstance(found, PartialDate):
        return found
    if found is None or found.basis is Basis.INFERRED or found.date is None:
        raise ValidationError(None, field, value, "is not a date")
    return PartialDate(found.date, found.precision)


@functools.lru_cache(maxsize=8192)
def _relative(phrase: str, announced: dt.date) -> Deadline | None:
    return read_phrase(phrase, announced)


def parse_deadline(
    value: object,
    announced: dt.date,
    field: str = "deadline",
    *,
    dayfirst: bool | None = None,
    formats: Sequence[str] = (),
) -> Deadline:
    """The deadline ``value`` states for a commitment announced on ``announced``.

    Empty → no deadline. A text that is no date at all (no digits, no timing phrase) → no
    deadline with the text kept as its phrase. Digits that cannot be read → ValidationError.
    The deadline keeps the text as given as its phrase.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return Deadline.none()
    phrase = " ".join(value.split()) if isinstance(value, str) else None
    if phrase is not None:
        relative = _relative(phrase, announced)
        if relative is not None and relative.basis is Basis.INFERRED:
            return relative
    found = _read(value, field, dayfirst=dayfirst, formats=formats)
    if isinstance(found, Deadline):
        if found.date is None:
            return Deadline.none(phrase)
        return Deadline(found.date, found.precision, phrase, found.basis)
    if isinstance(found, PartialDate):
        return Deadline(found.date, found.precision, phrase, Basis.STATED)
    assert phrase is not None
    if any(ch.isdigit() for ch in phrase):
        raise ValidationError(None, field, value, "is not a date or timing phrase we can read")
    return Deadline.none(phrase)


_DATEISH = re.compile(r"[\d\s./\-]*|\s*Q\d+[- ]?\d{4}\s*|\s*\d{4}[- ]?Q\d+\s*", re.I)
_FRAGMENTS = [
    re.compile(r"\b(?:by|before|until|till|in|end of|from|start|starting|since)\b.*$", re.I),
    re.compile(r"\bQ[1-4][- ]?\d{4}\b|\b\d{4}[- ]?Q[1-4]\b", re.I),
    re.compile(
        r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}\b", re.I
    ),
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{4}\b"),
    re.compile(r"\b(?:19|20)\d{2}\b"),
]


def read_deadline(
    value: object,
    announced: dt.date,
    field: str = "deadline",
    *,
    dayfirst: bool | None = None,
    formats: Sequence[str] = (),
) -> tuple[Deadline, str | None]:
    """The deadline ``value`` states, and what was assumed to read it (None: nothing).

    Like :func:`parse_deadline`, but a doubtful text is read as far as it can be, never
    guessed silently, the assumption returned for the import's notes:

    - a text that is no date at all ("annually") → no deadline, the text as its phrase;
    - a text with words around a date ("Phase 1 by 2019", "Start 2018") → the date of the
      last part that reads as one, the whole text as the phrase, basis ``inferred`` (the
      flag: the date is read from part of the text, not stated by all of it);
    - a deadline that falls due before the announcement (agreements restate older dates)
      → no deadline date, the text kept as the phrase.

    A text that is only a malformed date (``31/13/2019``, ``Q5 2019``) is still refused
    (ValidationError): there is nothing to keep that the source did not mistype.
    """
    phrase = " ".join(value.split()) if isinstance(value, str) else None
    try:
        deadline = parse_deadline(value, announced, field, dayfirst=dayfirst, formats=formats)
        assumed = None
        if deadline.date is None and deadline.phrase:
            assumed = "is not a date; kept as the deadline's phrase, with no deadline"
    except ValidationError:
        if phrase is None or _DATEISH.fullmatch(phrase):
            raise
        deadline, assumed = _from_part(phrase, announced, field, dayfirst, formats)
    if deadline.due is not None and deadline.due < announced:
        return Deadline.none(phrase if phrase is not None else deadline.phrase), (
            f"falls due ({deadline.due.isoformat()}) before the announcement on "
            f"{announced.isoformat()}; kept as the deadline's phrase, with no deadline date"
        )
    return deadline, assumed


def _from_part(
    phrase: str,
    announced: dt.date,
    field: str,
    dayfirst: bool | None,
    formats: Sequence[str],
) -> tuple[Deadline, str]:
    for pattern in _FRAGMENTS:
        for m in reversed(list(pattern.finditer(phrase))):
            part = m[0].strip()
            try:
                found = parse_deadline(part, announced, field, dayfirst=dayfirst, formats=formats)
            except ValidationError:
                continue
            if found.date is None:
                continue
            deadline = Deadline(found.date, found.precision, phrase, Basis.INFERRED)
            return deadline, (
                f"is not a timing we can read as a whole; read {part!r} in it as due "
                f"{found.due.isoformat() if found.due else found.date.isoformat()} "
                f"({found.precision.value}), flagged as inferred, the text kept as the phrase"
            )
    return Deadline.none(phrase), (
        "holds no date we can read; kept as the deadline's phrase, with no deadline"
    )
