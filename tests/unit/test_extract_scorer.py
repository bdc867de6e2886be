"""The learned sentence scorer and the extractor's fallback on it (tuning half only)."""

from __future__ import annotations

import json
from decimal import Decimal
from statistics import mean

import pytest

from pledgetrack.extract import extract, extract_drafts, scorer
from pledgetrack.extract.evaluation import GoldDocument, load_gold_set
from pledgetrack.extract.scorer import (
    FALLBACK_ON,
    THRESHOLD,
    Fallback,
    features,
    labelled_sentences,
    shipped_scorer,
    train,
)
from pledgetrack.extract.sentences import split_sentences

# tune/focac-2024-xi-greenwatch.txt: no commitment cue the rules know, a goal all the same
GOAL = (
    "In his speech, Xi emphasized China's goal of creating at least one million jobs across Africa."
)
# tune/india-interim-budget-2024-businessline.txt: a sum allocated before the announcement below
ALLOCATION = (
    "Additionally, the ‘Swacch Bharat’ scheme has seen its allocation rise from ₹2,550 crore "
    "in 2023 to ₹5,000 crore in 2024, a boost of ₹2,405 crore."
)


def _always(value: float) -> Fallback:
    return Fallback(lambda _sentence: value, add_at=0.5)


@pytest.fixture(scope="module")
def tune() -> list[GoldDocument]:
    return sorted(load_gold_set("tune"), key=lambda d: d.key)


def test_features_fold_numbers_and_carry_the_extractors_flags() -> None:
    f = features("Norway will contribute USD 3 billion by 2030, 40% of it in grants.")
    for name in ("w:<cur>", "w:<num>", "w:<scale>", "w:<year>", "w:<pct>", "b:<cur> <num>"):
        assert name in f, name
    assert {"f:cue", "f:quantity", "f:money", "f:horizon", "f:bias"} <= set(f)
    assert not any(n.startswith("w:3") or n == "w:2030" for n in f)
    plain = features("The meeting took place in a large hall.")
    assert not {"f:cue", "f:quantity", "f:money", "f:horizon"} & set(plain)


def test_a_sentence_is_positive_when_it_holds_half_of_a_gold_quote(
    tune: list[GoldDocument],
) -> None:
    positives = negatives = covered = quotes = 0
    for doc in tune:
        labelled = labelled_sentences(doc)
        spans = split_sentences(doc.text)
        assert [t for t, _ in labelled] == [s.text for s in spans]
        positive = [s for s, (_, y) in zip(spans, labelled, strict=True) if y]
        positives += len(positive)
        negatives += len(spans) - len(positive)
        for s in positive:  # a positive sentence overlaps some gold quote
            assert any(s.start < e and st < s.end for g in doc.quotes for st, e in g.spans)
        for g in doc.quotes:
            quotes += 1
            covered += any(s.start < g.end and g.start < s.end for s in positive)
    assert positives > 100 and negatives > positives
    assert covered >= 0.95 * quotes


def test_the_shipped_weights_are_what_training_on_the_tuning_half_gives(
    tune: list[GoldDocument],
) -> None:
    trained = train([ex for doc in tune for ex in labelled_sentences(doc)])
    shipped = shipped_scorer()
    assert trained.weights == shipped.weights
    assert shipped.weights["f:cue"] > 0
    data = json.loads(json.dumps(trained.to_dict()))
    assert data["model"] == "logistic" and list(data["weights"]) == sorted(data["weights"])


def test_a_model_rates_held_out_pledge_sentences_above_the_others(
    tune: list[GoldDocument],
) -> None:
    held = tune[::5]
    rest = [d for i, d in enumerate(tune) if i % 5]
    model = train([ex for doc in rest for ex in labelled_sentences(doc)])
    pairs = [(model.score(t), y) for doc in held for t, y in labelled_sentences(doc)]
    pos = [s for s, y in pairs if y]
    neg = [s for s, y in pairs if not y]
    assert pos and neg
    assert mean(pos) > mean(neg) + 0.2
    assert all(0.0 < s < 1.0 for s, _ in pairs)


def test_training_needs_both_kinds_to_move_away_from_even_odds() -> None:
    model = train([(GOAL, True), (ALLOCATION, False)], min_count=1)
    assert model.score(GOAL) > 0.5 > model.score(ALLOCATION)


def test_a_sentence_left_for_want_of_a_cue_is_drafted_when_rated_a_pledge() -> None:
    assert extract_drafts(GOAL, "2024-09-05", fallback=False) == []
    assert extract_drafts(GOAL, "2024-09-05", fallback=_always(0.4)) == []
    drafts = extract_drafts(GOAL, "2024-09-05", fallback=_always(0.9))
    assert len(drafts) == 1
    draft = drafts[0]
    assert draft.quantity == Decimal("1000000") and draft.currency is None
    assert "scorer" in draft.flags and draft.confidence <= 0.5
    assert draft.quote.text in GOAL


def test_a_sentence_the_rules_skip_for_a_reason_is_not_rescued() -> None:
    # the allocation is past when announced a year later: no score brings it back
    assert extract_drafts(ALLOCATION, "2025-07-01", "India", fallback=_always(1.0)) == []


def test_a_drop_threshold_drops_the_drafts_of_a_sentence_rated_far_below() -> None:
    kept = extract(ALLOCATION, "2024-02-01", "India", fallback=False)
    assert kept.drafts
    dropped = extract(
        ALLOCATION, "2024-02-01", "India", fallback=Fallback(lambda _s: 0.01, 2.0, 0.05)
    )
    assert dropped.drafts == ()
    assert [s.reason for s in dropped.skipped if s.reason == "scorer"] == ["scorer"]


def test_the_default_is_the_shipped_setting(tune: list[GoldDocument]) -> None:
    doc = next(d for d in tune if d.key == "focac-2024-xi-greenwatch")
    default = extract_drafts(doc.text, doc.announced, doc.actor)
    chosen = extract_drafts(doc.text, doc.announced, doc.actor, fallback=FALLBACK_ON)
    assert default == chosen
    assert 0.0 < THRESHOLD < 1.0


def test_the_command_line_refuses_an_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert scorer.main(["fit"]) == 2
    assert "train|cv" in capsys.readouterr().err
