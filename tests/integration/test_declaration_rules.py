"""Field declarations and vocabularies follow one set of rules (``store/writer.py``), whether a
script declares them on the Tracker or an import brings them: the same input is refused by
both with the same reason, restated unchanged it changes nothing, and a refused import stores
nothing."""

from __future__ import annotations

import attrs
import pytest

import pledgetrack as pt
from pledgetrack.errors import ConflictError, ValidationError
from pledgetrack.io.collection import Collection, Entry, load_collection
from pledgetrack.io.problems import ImportFailed, Place
from pledgetrack.model import Status
from pledgetrack.model.fields import FieldSpec
from pledgetrack.model.status import Vocabulary
from pledgetrack.model.vocabularies import BUILT_IN
from pledgetrack.testing import make_commitment, make_source

PLACE = Place("declarations.json", "3")


def _import(tracker: pt.Tracker, *items: FieldSpec | Vocabulary) -> pt.ImportReport:
    collection = Collection(
        fields=[Entry(i, PLACE) for i in items if isinstance(i, FieldSpec)],
        vocabularies=[Entry(i, PLACE) for i in items if isinstance(i, Vocabulary)],
    )
    return load_collection(tracker, collection)


def _refusal(tracker: pt.Tracker, item: FieldSpec | Vocabulary) -> str:
    with pytest.raises(ImportFailed) as failed:
        _import(tracker, item)
    (problem,) = failed.value.problems
    assert problem.place == PLACE
    return problem.reason


RATING = Vocabulary("rating", {"done": Status.FULFILLED, "late": Status.DELAYED})


def test_a_built_in_vocabulary_restated_exactly_changes_nothing(tracker: pt.Tracker) -> None:
    meter = BUILT_IN["promise-meter"]
    assert tracker.add_vocabulary(meter) == meter
    report = _import(tracker, meter)
    assert report.vocabularies_added == 0
    assert tracker.vocabularies() == dict(BUILT_IN)


def test_a_built_in_vocabulary_changed_is_refused_the_same_way(tracker: pt.Tracker) -> None:
    changed = Vocabulary("promise-meter", {"Kept": Status.FULFILLED})
    with pytest.raises(ConflictError) as refused:
        tracker.add_vocabulary(changed)
    assert refused.value.detail == _refusal(tracker, changed)
    assert "built-in" in refused.value.detail
    assert tracker.vocabularies() == dict(BUILT_IN)


def test_a_stored_label_keeps_its_meaning_on_both_paths(tracker: pt.Tracker) -> None:
    tracker.add_vocabulary(RATING)
    changed = Vocabulary("rating", {"done": Status.BROKEN})
    with pytest.raises(ValidationError) as refused:
        tracker.add_vocabulary(changed)
    assert refused.value.reason == _refusal(tracker, changed)
    assert tracker.vocabulary("rating") == RATING


def test_new_labels_extend_a_stored_vocabulary_on_both_paths(tracker: pt.Tracker) -> None:
    tracker.add_vocabulary(RATING)
    wider = Vocabulary("rating", {"done": Status.FULFILLED, "dropped": Status.BROKEN})
    assert _import(tracker, wider).vocabularies_added == 1
    assert _import(tracker, wider).vocabularies_added == 0
    widest = Vocabulary("rating", {"stalled": Status.NOT_STARTED})
    stored = tracker.add_vocabulary(widest)
    assert set(stored.mapping) == {"done", "late", "dropped", "stalled"}


def test_a_bad_vocabulary_name_is_refused_on_both_paths(tracker: pt.Tracker) -> None:
    bad = Vocabulary("Bad Name", {"done": Status.FULFILLED})
    with pytest.raises(ValidationError) as refused:
        tracker.add_vocabulary(bad)
    assert refused.value.reason == _refusal(tracker, bad)


def test_a_field_declared_again_differently_is_refused_the_same_way(
    tracker: pt.Tracker,
) -> None:
    tracker.declare_field(FieldSpec("budget_line", "text"))
    assert _import(tracker, FieldSpec("budget_line", "text")).fields_added == 0
    changed = FieldSpec("budget_line", "integer", required=True)
    with pytest.raises(ConflictError) as refused:
        tracker.declare_field(changed)
    assert refused.value.detail == _refusal(tracker, changed)
    assert refused.value.detail == "is already declared with another type, required"
    assert tracker.fields() == [FieldSpec("budget_line", "text")]


def test_an_import_names_what_differs_in_a_stored_commitment(tracker: pt.Tracker) -> None:
    tracker.add_source(make_source())
    tracker.add_commitment(make_commitment("a"))
    changed = attrs.evolve(make_commitment("a"), title="Another title")
    with pytest.raises(ImportFailed) as failed:
        load_collection(tracker, Collection(commitments=[Entry(changed, PLACE)]))
    (problem,) = failed.value.problems
    assert problem.reason.startswith("is already stored with another title;")
    assert tracker.get_commitment("a").title == make_commitment("a").title
