"""Custom fields, as the importers use them (defined in :mod:`pledgetrack.model.fields`)."""

from pledgetrack.model.fields import FieldSpec, FieldType, check_custom, spec_from_dict

__all__ = ["FieldSpec", "FieldType", "check_custom", "spec_from_dict"]
