"""Source documents and the citations that quote them.

A :class:`Citation` made against a :class:`Source` whose text is stored is *located*: its
quote is searched in the text and its character offsets filled in. The search is exact
first; failing that, it tolerates only these differences, and then stores the source's own
characters as the quote, so a stored quote is always ``source.text[start:end]``:

- any run of white space (spaces, tabs, line ends, non-breaking spaces) matches any other run;
- curly quotes and apostrophes (‘ ’ “ ” ‚ „ ′ ″) match straight ones (' ");
- en and em dashes (– —) match a hyphen (-).

Offsets count Unicode code points (Python ``str`` indices), ``end`` exclusive.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import attrs

from pledgetrack.errors import QuoteNotFoundError, ValidationError
from pledgetrack.model.bounds import MAX_LANGUAGE, check_length
from pledgetrack.model.values import _non_empty, optional_date, refuse_nul

__all__ = ["Citation", "Source", "content_hash", "find_quote"]

_KEY = re.compile(r"[a-z0-9](?:[a-z0-9._:-]{0,198}[a-z0-9])?")


def check_key(record: str, value: object) -> None:
    """Refuse a key that is not a readable slug (lowercase letters, digits, ``- _ . :``)."""
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        raise ValidationError(
            None,
            "key",
            value,
            f"a {record} key must be a slug of lowercase letters, digits and - _ . : "
            "(1 to 200 characters, starting and ending with a letter or digit)",
        )


def _key_validator(record: str) -> Any:
    def check(_inst: object, _attr: object, value: object) -> None:
        check_key(record, value)

    return check


def _to_published(value: object) -> dt.date | None:
    return optional_date(value, "published")


def _to_retrieved(value: object) -> dt.date | None:
    return optional_date(value, "retrieved")


def content_hash(text: str) -> str:
    """The SHA-256 of the text's UTF-8 bytes, as ``sha256:<hex>``."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
        "–": "-",
        "—": "-",
    }
)


def _normalise(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each of its characters, the index it came from in ``text``."""
    out: list[str] = []
    index: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space:
                out.append(" ")
                index.append(i)
            in_space = True
            continue
        in_space = False
        out.append(ch.translate(_FOLD))
        index.append(i)
    return "".join(out), index


def find_quote(text: str, quote: str, start: int | None = None) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text`` as ``(start, end)``, or None.

    With ``start`` the quote must stand exactly there; otherwise its first occurrence is
    taken, exact before normalised (see the module docstring).
    """
    if start is not None:
        if text[start : start + len(quote)] == quote:
            return start, start + len(quote)
        folded_text, index = _normalise(text)
        folded_quote = _normalise(quote)[0].strip()
        pos = folded_text.find(folded_quote)
        while pos >= 0:
            if index[pos] == start:
                return start, index[pos + len(folded_quote) - 1] + 1
            pos = folded_text.find(folded_quote, pos + 1)
        return None
    pos = text.find(quote)
    if pos >= 0:
        return pos, pos + len(quote)
    folded_text, index = _normalise(text)
    folded_quote = _normalise(quote)[0].strip()
    if not folded_quote:
        return None
    pos = folded_text.find(folded_quote)
    if pos < 0:
        return None
    return index[pos], index[pos + len(folded_quote) - 1] + 1


def _check_offsets(inst: Citation, _attr: object, value: int | None) -> None:
    if (inst.start is None) != (inst.end is None):
        raise ValidationError(None, "citation.end", inst.end, "start and end go together")
    if (
        inst.start is not None
        and inst.end is not None
        and (inst.start < 0 or inst.end - inst.start != len(inst.quote))
    ):
        raise ValidationError(None, "citation.end", inst.end, "offsets must span the quote exactly")


@attrs.frozen
class Citation:
    """A verbatim quote from a source, with its character offsets once located."""

    source: str = attrs.field(validator=_non_empty("citation.source"))
    quote: str = attrs.field(validator=_non_empty("citation.quote"))
    start: int | None = attrs.field(default=None, validator=_check_offsets)
    end: int | None = None

    @property
    def is_located(self) -> bool:
        """True when the offsets are known."""
        return self.start is not None

    def locate(self, source: Source) -> Citation:
        """This citation with offsets into ``source``'s text, its quote as the text has it.

        Raises :class:`QuoteNotFoundError` when the quote is not there. A source without
        text cannot be checked; the citation is returned as it is.
        """
        if source.key != self.source:
            raise ValidationError(
                None, "citation.source", self.source, f"does not match source {source.key!r}"
            )
        if source.text is None:
            return self
        span = find_quote(source.text, self.quote, self.start)
        if span is None:
            where = f" at offset {self.start}" if self.start is not None else ""
            raise QuoteNotFoundError(
                None,
                "citation.quote",
                _shorten(self.quote),
                f"not found verbatim{where} in the text of source {source.key!r}",
            )
        begin, end = span
        return Citation(self.source, source.text[begin:end], begin, end)


def _shorten(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@attrs.frozen
class Source:
    """A document that reports commitments or evidence: a report, a speech, a communiqué.

    ``content_hash`` is computed from ``text`` when the text is given.
    """

    key: str = attrs.field(validator=_key_validator("source"))
    title: str = attrs.field(validator=_non_empty("title"))
    publisher: str | None = None
    url: str | None = None
    published: dt.date | None = attrs.field(default=None, converter=_to_published)
    language: str | None = "en"
    retrieved: dt.date | None = attrs.field(default=None, converter=_to_retrieved)
    text: str | None = None
    content_hash: str | None = attrs.field()
    event: str | None = None
    licence: str | None = None
    notes: str | None = None

    @content_hash.default
    def _hash_default(self) -> str | None:
        return None if self.text is None else content_hash(self.text)

    @content_hash.validator
    def _hash_check(self, _attr: object, value: str | None) -> None:
        if self.text is not None and value != content_hash(self.text):
            raise ValidationError(
                self.key, "content_hash", value, "does not match the hash of the text"
            )

    def __attrs_post_init__(self) -> None:
        refuse_nul(self)
        if self.language is not None:
            check_length(self.language, MAX_LANGUAGE, "language", self.key)

    def cite(self, quote: str) -> Citation:
        """A citation of ``quote``, located in this source's text."""
        return Citation(self.key, quote).locate(self)
