"""Custom field declarations and status vocabularies with crosswalks, without a store."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import pledgetrack as pt
from pledgetrack.model.fields import FieldSpec, check_custom, spec_from_dict
from pledgetrack.model.vocabularies import (
    check_extends,
    crosswalk,
    label_for,
    vocabulary_from_dict,
    vocabulary_to_dict,
)


class TestFields:
    @pytest.mark.parametrize(
        ("kind", "text", "value"),
        [
            ("text", " Health ", "Health"),
            ("integer", "1,200", 1200),
            ("decimal", "12.50", Decimal("12.50")),
            ("decimal", "1,000.5", Decimal("1000.5")),
            ("boolean", "Yes", True),
            ("boolean", "no", False),
            ("date", "2024-05-01", dt.date(2024, 5, 1)),
        ],
    )
    def test_values_are_read_from_text(self, kind: str, text: str, value: object) -> None:
        assert FieldSpec("f", kind).coerce(text) == value

    @pytest.mark.parametrize(
        ("kind", "text"),
        [("integer", "1.5"), ("decimal", "twelve"), ("boolean", "maybe"), ("date", "May 2024")],
    )
    def test_wrong_values_name_the_field(self, kind: str, text: str) -> None:
        with pytest.raises(pt.ValidationError) as caught:
            FieldSpec("budget", kind).coerce(text, "c-1")
        assert caught.value.field == "custom.budget"
        assert caught.value.record == "c-1"

    def test_choices(self) -> None:
        spec = FieldSpec("sector", "choice", choices=["Health", "Energy"])
        assert spec.coerce("Health") == "Health"
        with pytest.raises(pt.ValidationError, match="one of: Health, Energy"):
            spec.coerce("Mining")
        with pytest.raises(pt.ValidationError, match="needs choices"):
            FieldSpec("sector", "choice")
        with pytest.raises(pt.ValidationError, match="only a choice field"):
            FieldSpec("sector", "text", choices=["a"])

    def test_bad_declarations(self) -> None:
        with pytest.raises(pt.ValidationError, match="lowercase"):
            FieldSpec("Sector")
        with pytest.raises(pt.ValidationError, match="one of: text"):
            FieldSpec("x", "float")
        with pytest.raises(pt.ValidationError, match="not a field property"):
            spec_from_dict({"name": "x", "kind": "text"})

    def test_declared_fields_close_the_collection(self) -> None:
        specs = {"budget": FieldSpec("budget", "decimal"), "lead": FieldSpec("lead", required=True)}
        check_custom(specs, {"budget": Decimal(1), "lead": "A"})
        check_custom({}, {"anything": "goes"})
        with pytest.raises(pt.ValidationError, match="not a declared field"):
            check_custom(specs, {"lead": "A", "budjet": Decimal(1)})
        with pytest.raises(pt.ValidationError, match="must be of type decimal"):
            check_custom(specs, {"lead": "A", "budget": "12"})
        with pytest.raises(pt.ValidationError, match="required"):
            check_custom(specs, {"budget": Decimal(1)})


class TestVocabularies:
    def test_crosswalk_between_the_built_in_vocabularies(self) -> None:
        walk = crosswalk(pt.PROMISE_METER, pt.PROGRESS_TRACKER)
        assert walk["promise kept"] == ("completed",)
        assert walk["in the works"] == ("in progress",)
        assert walk["stalled"] == ("delayed",)
        assert walk["compromise"] == ()
        back = crosswalk(pt.PROGRESS_TRACKER, pt.PROMISE_METER)
        assert back["not started"] == ()
        assert back["completed"] == ("promise kept",)

    def test_every_label_of_both_built_ins_maps_onto_the_canonical_set(self) -> None:
        for vocabulary in (pt.PROMISE_METER, pt.PROGRESS_TRACKER):
            for label in vocabulary.labels:
                assert isinstance(vocabulary.to_canonical(label), pt.Status)

    def test_label_for(self) -> None:
        assert label_for(pt.PROMISE_METER, pt.Status.FULFILLED) == "promise kept"
        assert label_for(pt.PROGRESS_TRACKER, pt.Status.PARTIALLY_FULFILLED) is None
        assert label_for(pt.CANONICAL, pt.Status.DELAYED) == "delayed"

    def test_from_and_to_plain_data(self) -> None:
        data = {"name": "ndu", "description": "d", "labels": {"On track": "in_progress"}}
        vocabulary = vocabulary_from_dict(data)
        assert vocabulary.to_canonical("ON  TRACK") is pt.Status.IN_PROGRESS
        assert vocabulary_to_dict(vocabulary) == {
            "name": "ndu",
            "description": "d",
            "labels": {"on track": "in_progress"},
        }

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"name": "Bad Name", "labels": {"a": "fulfilled"}}, "slug"),
            ({"name": "v", "labels": {}}, "canonical status"),
            ({"name": "v", "labels": {"a": "kept"}}, "not a status"),
            ({"name": "v", "labels": {"a": "fulfilled"}, "colour": "red"}, "not a vocabulary"),
        ],
    )
    def test_bad_vocabularies(self, data: dict[str, object], message: str) -> None:
        with pytest.raises(pt.ValidationError, match=message):
            vocabulary_from_dict(data)

    def test_labels_may_be_added_but_never_change_meaning(self) -> None:
        old = vocabulary_from_dict({"name": "v", "labels": {"done": "fulfilled"}})
        check_extends(old, vocabulary_from_dict({"name": "v", "labels": {"late": "delayed"}}))
        with pytest.raises(pt.ValidationError, match="cannot change"):
            check_extends(old, vocabulary_from_dict({"name": "v", "labels": {"done": "broken"}}))
