"""The learned sentence scorer, the draft check, and the extractor's fallback on them (tuning
half only)."""

from __future__ import annotations

import itertools
import json
import re
from decimal import Decimal
from statistics import mean

import pytest

from pledgetrack.extract import extract, extract_drafts, scorer
from pledgetrack.extract.drafts import Draft
from pledgetrack.extract.evaluation import GoldDocument, Scores, load_gold_set, score_document
from pledgetrack.extract.scorer import (
    CHECK_L2S,
    CHECKS,
    EXAMPLES,
    FALLBACK_ON,
    L2S,
    MIN_COUNTS,
    PRECISION_AIM,
    THRESHOLDS,
    Fallback,
    Scorer,
    Selection,
    choose_add,
    choose_drop,
    choose_regularisation,
    draft_features,
    f1,
    features,
    labelled_drafts,
    labelled_sentences,
    select,
    shipped_check,
    shipped_scorer,
    shipped_settings,
    train,
    train_check,
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
    settings = shipped_settings()
    trained = train(
        [ex for doc in tune for ex in labelled_sentences(doc)],
        l2=settings.l2,
        min_count=settings.min_count,
    )
    shipped = shipped_scorer()
    assert trained.weights == shipped.weights
    assert shipped.weights["f:cue"] > 0
    data = json.loads(json.dumps(trained.to_dict()))
    assert data["model"] == "logistic" and list(data["weights"]) == sorted(data["weights"])
    # the draft check is trained on what the extractor then makes of the same texts
    check = train_check(tune, shipped, settings)
    assert check.weights == shipped_check().weights
    if settings.check_examples is None:
        assert check.weights == {}
    else:
        assert check.weights and all(name.startswith("d:") for name in check.weights)


@pytest.fixture(scope="module")
def selection(tune: list[GoldDocument]) -> Selection:
    return select(tune)


def test_the_shipped_settings_are_what_cross_validation_chooses(
    selection: Selection, tune: list[GoldDocument]
) -> None:
    assert selection.settings == shipped_settings()
    assert set(selection.losses) == {(a, b) for a in L2S for b in MIN_COUNTS}
    best = min(selection.losses.values())
    chosen = selection.settings
    assert selection.losses[(chosen.l2, chosen.min_count)] == best
    # the more sentences a threshold lets through, the more of them are pledges and the more
    # are not: the counts fall as the threshold rises
    counts = [selection.flagged[t] for t in sorted(selection.flagged)]
    assert all(a[0] >= b[0] and a[1] >= b[1] for a, b in itertools.pairwise(counts))
    right, n = selection.flagged[chosen.add_at]
    assert right >= PRECISION_AIM * n > 0
    lower = [t for t in THRESHOLDS if t < chosen.add_at]
    assert all(selection.flagged[t][0] < PRECISION_AIM * selection.flagged[t][1] for t in lower)
    # every setting is measured on the same gold quotes; adding can only add drafts
    for s in (*selection.adds.values(), *selection.drops.values()):
        assert s.gold_quotes == selection.off.gold_quotes and s.documents == len(tune)
    assert all(s.drafts >= selection.off.drafts for s in selection.adds.values())
    assert all(s.drafts <= selection.adds[chosen.add_at].drafts for s in selection.drops.values())


def test_the_draft_check_is_chosen_by_the_extractors_cross_validated_scores(
    selection: Selection, tune: list[GoldDocument]
) -> None:
    check = selection.check
    chosen = selection.settings
    assert (chosen.check_examples, chosen.check_l2, chosen.check_min_count) == (
        check.examples,
        check.l2,
        check.min_count,
    )
    assert chosen.check_below == check.below
    # the drafts the check's folds rate are those the chosen sentence settings give
    assert check.reference == (
        selection.adds[chosen.add_at]
        if chosen.drop_below is None
        else selection.drops[chosen.drop_below]
    )
    assert set(check.losses) == {(k, a, b) for k in EXAMPLES for a in CHECK_L2S for b in MIN_COUNTS}
    assert set(check.table) == set(check.low) == {(k, t) for k in EXAMPLES for t in CHECKS}
    for (kind, t), scores in check.table.items():
        wrong, n = check.low[(kind, t)]
        # a check drops exactly the drafts it rates below its threshold, and nothing else
        assert scores.drafts == check.reference.drafts - n
        assert scores.right_drafts == check.reference.right_drafts - (n - wrong)
        assert scores.gold_quotes == check.reference.gold_quotes
    for kind in EXAMPLES:
        counts = [check.low[(kind, t)] for t in CHECKS]
        assert all(a[0] <= b[0] and a[1] <= b[1] for a, b in itertools.pairwise(counts))
    ref = check.reference
    helpful = {
        key: s
        for key, s in check.table.items()
        if s.precision > ref.precision and ref.recall - s.recall < s.precision - ref.precision
    }
    if check.below is None:
        assert not helpful and check.examples is None and check.l2 is None
    else:
        assert check.examples is not None and check.l2 is not None
        assert check.min_count is not None
        picked = (check.examples, check.below)
        assert picked in helpful
        assert f1(helpful[picked]) == max(f1(s) for s in helpful.values())
        mine = {k[1:]: v for k, v in check.losses.items() if k[0] == check.examples}
        assert mine[(check.l2, check.min_count)] == min(mine.values())


def test_the_cross_validated_table_names_the_choice(
    selection: Selection, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(scorer, "select", lambda _docs: selection)
    assert scorer.main(["cv"]) == 0
    out = capsys.readouterr().out
    chosen = selection.settings
    assert f"| **{chosen.l2:g}** | **{chosen.min_count}** |" in out
    assert f"| **add at ≥ {chosen.add_at:.2f}** |" in out
    assert "| draft check: examples | L2 | least count | held-out log-loss |" in out
    if chosen.check_below is None:
        assert "| **off** |" in out
    else:
        assert f"| **{chosen.check_examples}, below {chosen.check_below:.2f}** |" in out
    assert json.loads(out.rsplit("chosen: ", 1)[1]) == chosen.to_dict()


def _scores(right: int, drafts: int, found: int, gold: int = 100) -> Scores:
    return Scores(1, gold, drafts, found, right, 0, 0, 0, 0, 0)


def test_regularisation_is_chosen_by_least_loss_and_ties_go_to_the_simpler_model() -> None:
    assert choose_regularisation({(1e-4, 2): 0.50, (1e-2, 2): 0.45, (3e-2, 1): 0.46}) == (1e-2, 2)
    tied = {(1e-4, 1): 0.45, (1e-2, 1): 0.45, (1e-2, 3): 0.45001}
    assert choose_regularisation(tied) == (1e-2, 3)


def test_the_add_threshold_is_the_lowest_whose_rated_sentences_are_precise_enough() -> None:
    flagged = {0.5: (70, 100), 0.7: (85, 100), 0.8: (80, 90), 0.9: (10, 10)}
    assert choose_add(flagged, aim=0.85) == 0.7
    assert choose_add(flagged, aim=0.95) == 0.9
    assert choose_add({0.5: (1, 10), 0.9: (0, 0)}, aim=0.85) == 1.0
    # no sentence is ever rated so high: 1.0 adds nothing
    assert Scorer({"f:bias": 1000.0}).score("We will give USD 5 billion.") < 1.0


def test_a_drop_threshold_is_kept_only_if_it_gains_more_precision_than_it_loses_recall() -> None:
    reference = _scores(80, 100, 80)  # precision 0.8, recall 0.8
    costly = {0.05: _scores(76, 90, 76)}  # precision +0.044, recall -0.04: kept
    assert choose_drop(reference, costly) == 0.05
    dearer = {0.05: _scores(72, 85, 72)}  # precision +0.047, recall -0.08
    assert choose_drop(reference, dearer) is None
    both = {0.02: _scores(79, 97, 79), 0.1: _scores(78, 90, 78)}
    assert choose_drop(reference, both) == max(both, key=lambda t: f1(both[t]))
    assert choose_drop(reference, {0.2: _scores(80, 100, 80)}) is None  # no gain


def test_stronger_regularisation_keeps_weights_smaller(tune: list[GoldDocument]) -> None:
    examples = [ex for doc in tune[:20] for ex in labelled_sentences(doc)]
    models = [train(examples, l2=l2) for l2 in (1e-4, 1e-2, 1e-1)]
    norms = [sum(w * w for w in m.weights.values()) for m in models]
    assert norms[0] > norms[1] > norms[2]
    assert train(examples, l2=1e-2, min_count=5).weights.keys() < models[1].weights.keys()


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
    settings = shipped_settings()
    assert 0.0 < settings.add_at < 1.0 and settings.l2 > 0
    assert scorer.shipped_fallback().add_at == settings.add_at


def test_the_command_line_refuses_an_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert scorer.main(["fit"]) == 2
    assert "train|cv" in capsys.readouterr().err


def _drafts_of(doc: GoldDocument, fallback: Fallback | bool = False) -> list[Draft]:
    return extract_drafts(doc.text, doc.announced, doc.actor, fallback=fallback)


def test_a_drafts_features_say_what_it_is_and_not_which_reader_made_it(
    tune: list[GoldDocument],
) -> None:
    seen: set[str] = set()
    for doc in tune[:30]:
        drafts = _drafts_of(doc, _always(0.9))
        sentences = split_sentences(doc.text)
        for d in drafts:
            names = draft_features(d, doc.text, sentences, drafts, doc.actor)
            seen.update(names)
            assert names == sorted(set(names)) and "d:bias" in names
            for group in ("d:kind:", "d:length:", "d:place:", "d:subject:", "d:deadline:"):
                assert len([n for n in names if n.startswith(group)]) == 1, (group, names)
            assert ("d:part" in names) == bool(d.parent)
            assert ("d:umbrella" in names) == any(o.parent == d.id for o in drafts)
            assert ("d:kind:money" in names) == (d.currency is not None)
            assert "d:flag:scorer" not in names and "d:cue:" not in names
    assert {"d:part", "d:umbrella", "d:kind:money", "d:kind:count", "d:kind:none"} <= seen


def test_markers_are_read_in_the_drafts_own_sentence(tune: list[GoldDocument]) -> None:
    markers = {
        "of_which": r"\bof which\b",
        "will": r"\b(?:will|’ll|'ll)\b",
        "said": r"\b(?:said|says|told|stated|added|noted)\b",
    }
    seen: set[str] = set()
    for doc in tune:
        drafts = _drafts_of(doc)
        sentences = split_sentences(doc.text)
        for d in drafts:
            names = set(draft_features(d, doc.text, sentences, drafts, doc.actor))
            sentence = [s for s in sentences if s.start <= d.quote.start][-1]
            body = doc.text[sentence.start : sentence.end]
            for marker, pattern in markers.items():
                present = re.search(pattern, body, re.I) is not None
                assert (f"d:s:{marker}" in names) == present, (marker, body)
                if present:
                    seen.add(marker)
    assert {"will", "said"} <= seen


def test_labelled_drafts_follow_the_evaluations_rule_for_a_right_draft(
    tune: list[GoldDocument],
) -> None:
    right = total = 0
    for doc in tune[:30]:
        drafts = _drafts_of(doc)
        labels = [y for _fs, y in labelled_drafts(doc, drafts)]
        assert len(labels) == len(drafts)
        right += sum(labels)
        total += len(labels)
        assert sum(labels) == score_document(doc, drafts).right_drafts
    assert 0 < right < total


def test_the_draft_check_drops_the_drafts_it_rates_below_its_threshold(
    tune: list[GoldDocument],
) -> None:
    doc = next(d for d in tune if d.key == "focac-2018-xi-xinhua")
    plain = extract(doc.text, doc.announced, doc.actor, fallback=False)
    parts = [d for d in plain.drafts if d.parent]
    assert parts
    # a check that rates only umbrellas low drops them, and their parts lose the link
    umbrellas = Scorer({"d:bias": 5.0, "d:umbrella": -50.0})
    checked = extract(
        doc.text,
        doc.announced,
        doc.actor,
        fallback=Fallback(lambda _s: 0.0, 2.0, check=umbrellas, check_below=0.5),
    )
    gone = {d.quote.start for d in plain.drafts if any(p.parent == d.id for p in plain.drafts)}
    assert gone
    assert {d.quote.start for d in checked.drafts} == {d.quote.start for d in plain.drafts} - gone
    assert all(d.parent is None for d in checked.drafts)
    dropped = [s for s in checked.skipped if s.reason == "scorer"]
    assert {s.start for s in dropped} == gone
    assert all(s.text == doc.text[s.start : s.end] for s in dropped)
    # without a threshold the check is not used
    unused = Fallback(lambda _s: 0.0, 2.0, check=umbrellas)
    assert extract(doc.text, doc.announced, doc.actor, fallback=unused).drafts == plain.drafts


def test_the_extractor_keeps_what_the_check_rates_at_or_above_its_threshold(
    tune: list[GoldDocument],
) -> None:
    # what cross-validation measures by leaving out drafts is what the extractor does
    check = shipped_check() if shipped_check().weights else Scorer({"d:s:will": 3.0})
    for doc in tune[:40:4]:
        drafts = _drafts_of(doc, False)
        sentences = split_sentences(doc.text)
        rated = [
            check.rate(draft_features(d, doc.text, sentences, drafts, doc.actor)) for d in drafts
        ]
        threshold = sorted(rated)[len(rated) // 2] if rated else 0.5
        kept = _drafts_of(doc, Fallback(lambda _s: 0.0, 2.0, check=check, check_below=threshold))
        expected = [d for d, p in zip(drafts, rated, strict=True) if p >= threshold]
        assert [d.quotes for d in kept] == [d.quotes for d in expected]
