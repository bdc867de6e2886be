"""Reading and writing the user's files for the command line and for scripts.

- :func:`read_yaml`: a YAML file's data, every problem (missing file, bad encoding, YAML
  syntax) raised as :class:`~pledgetrack.io.problems.ImportFailed` naming the file;
- :func:`read_collection`: commitments (and sources, updates) from a YAML file in the export
  shape, or a list of commitments;
- :func:`read_vocabularies`: vocabularies from a YAML file (one, or a list);
- :func:`write_text`: text written to a file in full or not at all.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pledgetrack.errors import ValidationError

if TYPE_CHECKING:
    from pledgetrack.io.collection import Collection
    from pledgetrack.model import Vocabulary

__all__ = ["read_collection", "read_vocabularies", "read_yaml", "write_text"]


def read_yaml(path: os.PathLike[str] | str) -> Any:
    """The data of the YAML file at ``path`` (decimals exact; safe loader)."""
    from pledgetrack.io.problems import Place, Problems
    from pledgetrack.io.readers import decode, yaml_load

    file = Path(path)
    problems = Problems()
    if not file.is_file():
        problems.add(Place(str(file)), "no such file" if not file.exists() else "is not a file")
        problems.raise_if_any()
    text = decode(file.read_bytes(), str(file), problems)
    problems.raise_if_any()
    try:
        return yaml_load(text)
    except Exception as err:  # a YAML syntax error, said with its line
        problems.add(Place(str(file)), f"is not valid YAML: {err}")
        problems.raise_if_any()
        raise


def read_collection(path: os.PathLike[str] | str) -> Collection:
    """Commitments (with sources and status updates) from a YAML file.

    The file holds either the export shape (a mapping with ``commitments``) or one commitment
    or a list of them; every problem is reported at once, naming the file and the item.
    """
    from pledgetrack.io.collection import Collection, Entry
    from pledgetrack.io.document import commitment_from_dict
    from pledgetrack.io.native import document_to_collection
    from pledgetrack.io.problems import Place, Problems

    file = str(path)
    data = read_yaml(path)
    if isinstance(data, Mapping) and "commitments" in data:
        return document_to_collection({"pledgetrack": 1, **data}, file)
    items = data if isinstance(data, list) else [data]
    problems = Problems()
    collection = Collection()
    for i, item in enumerate(items):
        place = Place(file, f"[{i}]" if isinstance(data, list) else None)
        try:
            commitment, history = commitment_from_dict(item)
        except ValidationError as err:
            problems.from_error(place, err)
            continue
        collection.commitments.append(Entry(commitment, place))
        collection.updates.extend(Entry(u, place) for u in history)
    problems.raise_if_any()
    return collection


def read_vocabularies(path: os.PathLike[str] | str) -> list[Vocabulary]:
    """The vocabularies of a YAML file: ``{name, description, labels}`` or a list of them."""
    from pledgetrack.io.problems import Place, Problems
    from pledgetrack.model.vocabularies import vocabulary_from_dict

    file = str(path)
    data = read_yaml(path)
    items = data if isinstance(data, list) else [data]
    problems = Problems()
    built = []
    for i, item in enumerate(items):
        place = Place(file, f"[{i}]" if isinstance(data, list) else None)
        if not isinstance(item, Mapping):
            problems.add(place, "a vocabulary is {name, description, labels}")
            continue
        try:
            built.append(vocabulary_from_dict(item))
        except ValidationError as err:
            problems.from_error(place, err)
    problems.raise_if_any()
    return built


def _umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_text(path: os.PathLike[str] | str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` in full or not at all.

    A temporary file in the same folder is renamed into place, with the permissions any new
    file gets (``0666`` less the umask). A folder that does not exist is a ValidationError
    naming the path; nothing is left behind on any error.
    """
    target = Path(path)
    folder = target.resolve().parent
    if not folder.is_dir():
        raise ValidationError("command line", "output", str(target), "its folder does not exist")
    handle, temporary = tempfile.mkstemp(prefix=".pledgetrack-", dir=folder)
    try:
        os.chmod(temporary, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
