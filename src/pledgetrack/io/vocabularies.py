"""Status vocabularies and crosswalks, as the importers use them.

Defined in :mod:`pledgetrack.model.vocabularies`.
"""

from pledgetrack.model.vocabularies import (
    BUILT_IN,
    check_extends,
    check_vocabulary_name,
    crosswalk,
    label_for,
    vocabulary_from_dict,
    vocabulary_to_dict,
)

__all__ = [
    "BUILT_IN",
    "check_extends",
    "check_vocabulary_name",
    "crosswalk",
    "label_for",
    "vocabulary_from_dict",
    "vocabulary_to_dict",
]
