"""The limits every import keeps, so that no input can exhaust memory or time.

One :class:`Limits` value holds them all. The defaults fit any real collection (a source text
of 16 million characters, a zip of a million commitments); each can be changed for a process
with an environment variable, or for a block of code with :func:`using`::

    from pledgetrack.io.limits import Limits, using

    with using(Limits(max_cell_chars=50_000_000)):
        import_path(tracker, Path("huge.zip"))

================================  ======================================  ==================
limit                             environment variable                    default
================================  ======================================  ==================
``max_cell_chars``                ``PLEDGETRACK_MAX_CELL_CHARS``          16,777,216
``max_record_chars``              ``PLEDGETRACK_MAX_RECORD_CHARS``        67,108,864
``max_file_bytes``                ``PLEDGETRACK_MAX_FILE_BYTES``          1 GiB
``max_zip_member_bytes``          ``PLEDGETRACK_MAX_ZIP_MEMBER_BYTES``    1 GiB
``max_zip_total_bytes``           ``PLEDGETRACK_MAX_ZIP_TOTAL_BYTES``     2 GiB
``max_yaml_aliases``              ``PLEDGETRACK_MAX_YAML_ALIASES``        1,000
``max_yaml_expansion``            ``PLEDGETRACK_MAX_YAML_EXPANSION``      100,000
``max_depth``                     ``PLEDGETRACK_MAX_DEPTH``               64
================================  ======================================  ==================

An input beyond a limit is refused with a problem naming the file, the limit, its value and
the variable that raises it; nothing is imported.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import attrs

from pledgetrack.errors import ValidationError

__all__ = ["ENV_PREFIX", "Limits", "current", "env_name", "using"]

ENV_PREFIX = "PLEDGETRACK_"


def _positive(_inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValidationError("limits", attribute.name, value, "must be a whole number, 1 or more")


@attrs.frozen
class Limits:
    """How large an input may be. Every field is a count, 1 or more."""

    #: characters in one value: a CSV cell, a JSON or YAML text
    max_cell_chars: int = attrs.field(default=16 * 1024 * 1024, validator=_positive)
    #: characters in one record: a CSV row, or one JSON/YAML record with all it holds
    max_record_chars: int = attrs.field(default=64 * 1024 * 1024, validator=_positive)
    #: bytes in one input file (JSON, YAML, a CSV table)
    max_file_bytes: int = attrs.field(default=1024**3, validator=_positive)
    #: bytes one member of a zip expands to
    max_zip_member_bytes: int = attrs.field(default=1024**3, validator=_positive)
    #: bytes all the members of a zip expand to
    max_zip_total_bytes: int = attrs.field(default=2 * 1024**3, validator=_positive)
    #: YAML aliases (``*name``) in one file
    max_yaml_aliases: int = attrs.field(default=1_000, validator=_positive)
    #: nodes YAML aliases may add when expanded (a "billion laughs" file adds billions)
    max_yaml_expansion: int = attrs.field(default=100_000, validator=_positive)
    #: how deeply lists and objects may nest in JSON or YAML
    max_depth: int = attrs.field(default=64, validator=_positive)

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, with each ``PLEDGETRACK_MAX_…`` variable that is set applied."""
        values: dict[str, int] = {}
        for field in attrs.fields(cls):
            raw = os.environ.get(env_name(field.name), "").strip().replace("_", "")
            if not raw:
                continue
            if not raw.isdigit() or not raw.isascii() or len(raw) > 19:
                raise ValidationError(
                    "limits", env_name(field.name), raw[:40], "must be a whole number, 1 or more"
                )
            values[field.name] = int(raw)
        return cls(**values)


def env_name(field: str) -> str:
    """The environment variable of a limit: ``max_cell_chars`` → ``PLEDGETRACK_MAX_CELL_CHARS``."""
    return ENV_PREFIX + field.upper()


_override: list[Limits] = []


def current() -> Limits:
    """The limits in force: the innermost :func:`using`, else the environment's."""
    return _override[-1] if _override else Limits.from_environment()


@contextmanager
def using(limits: Limits) -> Iterator[Limits]:
    """Apply ``limits`` to every import inside the block."""
    _override.append(limits)
    try:
        yield limits
    finally:
        _override.pop()


def exceeded(what: str, limit: str, value: int) -> str:
    """The reason given for an input beyond a limit."""
    return (
        f"{what} is beyond the limit {limit}={value:,}; if the input is trusted, raise it "
        f"with {env_name(limit)}"
    )
