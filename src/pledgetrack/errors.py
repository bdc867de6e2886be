"""The one exception tree of pledgetrack.

Every error the library raises on purpose is a :class:`PledgetrackError`; every exception
class defined anywhere in the package derives from it (a test walks every module)::

    PledgetrackError
    ├── ValidationError (ValueError)      a field is wrong: names the record, field and value
    │   └── QuoteNotFoundError            a citation's quote is not in its source's text
    ├── NotFoundError (KeyError)          no record with that key
    ├── ConflictError                     a record with that key already exists
    ├── StoreError                        the database cannot be used
    │   └── SchemaTooNewError             the database was written by a newer pledgetrack
    ├── ExportError                       an export could not be written (the old file is kept)
    ├── ImportFailed                      an import has problems: ``problems`` lists every one
    │                                     (file, row, record, field); nothing was written
    └── UnreadableInput (ValueError)      an input cannot be read at all, or not within limits

``ImportFailed`` (with its :class:`~pledgetrack.io.problems.Problem` and ``Place``) is defined
in :mod:`pledgetrack.io.problems` and ``UnreadableInput`` in :mod:`pledgetrack.io.readers`,
beside the code that collects them; all are importable from ``pledgetrack``. The mapped
reader's ``CellError`` and ``MappingError`` are raised and caught inside it (each becomes a
problem of an ``ImportFailed``) and never reach a caller.

Catch ``PledgetrackError`` to handle them all; catch ``ValueError`` or ``KeyError`` where
a caller already expects those. Whenever one of these is raised by a write, nothing of that
write has been stored.
"""

from __future__ import annotations

import errno
import os
import reprlib
from typing import Any

__all__ = [
    "QUOTED_CHARS",
    "ConflictError",
    "ExportError",
    "NotFoundError",
    "PledgetrackError",
    "QuoteNotFoundError",
    "SchemaTooNewError",
    "StoreError",
    "ValidationError",
    "quoted",
]

#: the most characters of a value an error message quotes
QUOTED_CHARS = 60
#: how much of a record or field name an error message keeps (names are kept whole up to here)
NAME_CHARS = 500

_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxdict = _REPR.maxlist = _REPR.maxtuple = _REPR.maxset = 4
_REPR.maxstring = _REPR.maxother = QUOTED_CHARS
_REPR.maxlong = 40


def quoted(value: object, *, as_text: bool = False, limit: int | None = None) -> str:
    """``value`` as an error message quotes it: its ``repr`` (or text), cut to a short prefix.

    Texts longer than ``limit`` (default :data:`QUOTED_CHARS`) keep their first characters and
    say how long they are; nested data shows its first few items. The cost is bounded whatever
    the value.
    """
    if isinstance(value, str):
        most = QUOTED_CHARS if limit is None else limit
        if len(value) <= most:
            return value if as_text else repr(value)
        head = value[:most]
        shown = head if as_text else repr(head)[:-1] + repr(head)[-1]
        return f"{shown}… ({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"<a whole number of about {int(value.bit_length() * 0.30103):,} digits>"
    text = _REPR.repr(value)
    return text if len(text) <= 2 * QUOTED_CHARS else text[: 2 * QUOTED_CHARS] + "…"


class PledgetrackError(Exception):
    """The base of every error pledgetrack raises on purpose."""


class ValidationError(PledgetrackError, ValueError):
    """A field of a record is wrong.

    ``record`` names the record (its key, or its kind when it has none yet), ``field`` the
    field at fault, ``value`` what was given and ``reason`` why it is refused.
    """

    def __init__(self, record: str | None, field: str, value: Any, reason: str) -> None:
        self.record = record
        self.field = field
        self.value = value
        self.reason = reason
        # names (a file, a key, a field) stay readable; a value is cut to a short prefix
        where = f"{quoted(record, as_text=True, limit=NAME_CHARS)}: " if record else ""
        name = quoted(field, as_text=True, limit=NAME_CHARS)
        super().__init__(f"{where}{name}={quoted(value)}: {reason}")

    def within(self, record: str) -> ValidationError:
        """The same error, said of ``record`` (keeps a more precise record already named)."""
        if self.record and self.record != record and not self.record.startswith("<"):
            named = f"{record} > {self.record}"
        else:
            named = record
        err = type(self).__new__(type(self))
        ValidationError.__init__(err, named, self.field, self.value, self.reason)
        return err


class QuoteNotFoundError(ValidationError):
    """A citation's quote is not found verbatim in the text of its source."""


class NotFoundError(PledgetrackError, KeyError):
    """No record of that kind has that key."""

    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"no {kind} with key {key!r}")

    def __str__(self) -> str:
        return str(self.args[0])


class ConflictError(PledgetrackError):
    """A record with that key already exists."""

    def __init__(self, kind: str, key: str, detail: str = "already exists") -> None:
        self.kind = kind
        self.key = key
        self.detail = detail
        super().__init__(f"{kind} {key!r} {detail}")


class StoreError(PledgetrackError):
    """The database cannot be opened or used (unreachable, corrupt, unknown schema)."""


class SchemaTooNewError(StoreError):
    """The database's schema revision is newer than this version of pledgetrack knows."""


class ExportError(PledgetrackError):
    """A file could not be written; any file that was already there is left as it was.

    ``path`` is the file, ``reason`` says why in plain words (a full disk is called one).
    """

    def __init__(self, path: os.PathLike[str] | str, err: OSError) -> None:
        self.path = os.fspath(path)
        if err.errno == errno.ENOSPC:
            self.reason = "the disk is full"
        elif err.errno == errno.ENOENT:
            self.reason = "its folder does not exist"
        elif err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            self.reason = "there is no permission to write there"
        elif err.errno == errno.EISDIR:
            self.reason = "it is a folder"
        else:
            self.reason = err.strerror or str(err)
        super().__init__(
            f"cannot write {self.path!r}: {self.reason}; nothing was written "
            "and any file already there is unchanged"
        )
