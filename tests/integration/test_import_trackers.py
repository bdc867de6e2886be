"""Real trackers' published files, imported through mappings written from the docs alone.

Each folder of tests/data/trackers/ holds a tracker's data file as published (SOURCE.md says
where from, at which commit, under which licence), the tracker's tallies (``tallies.json``,
counted from the file by the standalone ``tally.py`` beside it, which does not use
pledgetrack), and ``mapping.yaml``. Importing through the mapping must give back those
tallies exactly: the status counts of each rating round in the tracker's own words, and
the mean of the tracker's own percentages.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pledgetrack as pt
from pledgetrack.io import import_path

TRACKERS = Path(__file__).resolve().parents[1] / "data" / "trackers"


def tallies(slug: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TRACKERS / slug / "tallies.json").read_text("utf-8"))
    return data


def labels(tracker: pt.Tracker) -> Counter[str | None]:
    """How many status updates carry each of the tracker's own labels."""
    return Counter(u.label for history in tracker.histories().values() for u in history)


def test_every_tracker_folder_has_a_mapping_and_its_tallies() -> None:
    folders = sorted(p.name for p in TRACKERS.iterdir() if p.is_dir())
    assert len(folders) >= 2
    for slug in folders:
        assert (TRACKERS / slug / "SOURCE.md").is_file(), slug
        assert (TRACKERS / slug / "tallies.json").is_file(), slug
        assert (TRACKERS / slug / "mapping.yaml").is_file(), slug


def test_trumptracker(tracker: pt.Tracker) -> None:
    expected = tallies("trumptracker")
    report = import_path(tracker, None, mapping=TRACKERS / "trumptracker" / "mapping.yaml")
    assert report.commitments_added == expected["promises"] == 174
    assert report.notices == ()  # nothing doubtful, nothing left out without a word
    assert labels(tracker) == Counter(expected["rounds"]["current"])
    by_category: dict[str, Counter[str | None]] = {}
    histories = tracker.histories()
    for commitment in tracker.list_commitments(as_of="2030-01-01"):
        (category,) = commitment.themes
        (update,) = histories[commitment.key]
        by_category.setdefault(category, Counter())[update.label] += 1
    assert by_category == {k: Counter(v) for k, v in expected["by_category"].items()}
    # unassessed is not failed: "Not started" is not_started, not broken
    statuses = Counter(u.status for h in histories.values() for u in h)
    assert statuses[pt.Status.NOT_STARTED] == expected["rounds"]["current"]["Not started"]
    assert statuses[pt.Status.BROKEN] == expected["rounds"]["current"]["Broken"]


def test_trumptracker_again_changes_nothing(tracker: pt.Tracker) -> None:
    mapping = TRACKERS / "trumptracker" / "mapping.yaml"
    import_path(tracker, None, mapping=mapping)
    again = import_path(tracker, None, mapping=mapping)
    assert not again.changed and again.commitments_unchanged == 174


def test_del_dicho_al_hecho_record_kinds_and_percentages(tracker: pt.Tracker) -> None:
    slug = "deldichoalhecho-agenda-social-2019"
    expected = tallies(slug)
    report = import_path(tracker, None, mapping=TRACKERS / slug / "mapping.yaml")
    assert report.notices == ()
    # only the 51 promise records of the 318 in the list become commitments
    assert report.commitments_added == expected["promises"] == expected["records"]["promise"]
    assert labels(tracker) == Counter(expected["rounds"]["2019-estallido-social"])
    themes = Counter(
        theme for c in tracker.list_commitments(as_of="2030-01-01") for theme in c.themes
    )
    assert themes == Counter(expected["by_area"])
    percents = [u.percent for h in tracker.histories().values() for u in h]
    assert None not in percents and len(percents) == expected["promises"]
    scale = expected["assumed_scale"]
    total = sum(p for p in percents if p is not None)
    assert total == Decimal(scale["percent_sum"])
    mean = total / len(percents)
    assert round(mean, 4) == Decimal(scale["mean_percent"])


def test_policy_promise_tracker_taoyuan_seed_file_with_no_header(tracker: pt.Tracker) -> None:
    slug = "g0v-ppt-taoyuan-2015"
    expected = tallies(slug)
    text = (TRACKERS / slug / "taoyuan.csv").read_text(encoding="utf-8")
    assert len(text) == expected["characters"]  # the exact prefix SOURCE.md describes
    report = import_path(tracker, None, mapping=TRACKERS / slug / "mapping.yaml")
    assert report.commitments_added == expected["promises"] == 105
    # an empty rating is read as "not yet" by the mapping's default, so no comment of an
    # unrated row is left out (that would be a note)
    assert report.notices == ()
    assert labels(tracker) == Counter(expected["rounds"]["current"])
    histories = tracker.histories()
    # an empty rating is the tracker's "not yet" (還沒做): not started, never broken
    statuses = Counter(u.status for h in histories.values() for u in h)
    assert statuses == Counter(
        {
            pt.Status.IN_PROGRESS: expected["rounds"]["current"]["正在做"],
            pt.Status.NOT_STARTED: expected["rounds"]["current"]["還沒做"],
        }
    )
    notes = Counter(u.note for h in histories.values() for u in h if u.note)
    assert notes == Counter(expected["comments"])
    by_policy: dict[str, Counter[str | None]] = {}
    commitments = tracker.list_commitments(as_of="2030-01-01")
    for commitment in commitments:
        (policy,) = commitment.themes
        (update,) = histories[commitment.key]
        by_policy.setdefault(policy, Counter())[update.label] += 1
    assert by_policy == {k: Counter(v) for k, v in expected["by_policy"].items()}
    # the rows with no brief (three ITS systems) take their policy's name as the title
    untitled = [c for c in commitments if c.title.startswith("建置智慧型運輸系統(ITS):")]
    assert len(untitled) == expected["without_brief"]
    assert all(c.title == c.themes[0] for c in untitled)
    again = import_path(tracker, None, mapping=TRACKERS / slug / "mapping.yaml")
    assert not again.changed


def test_promised_vs_performed_two_governments_each_rated_once(tracker: pt.Tracker) -> None:
    slug = "nz-promised-vs-performed"
    expected = tallies(slug)
    both = expected["both"]
    for area in expected["areas"].values():  # each whole file, as SOURCE.md describes
        text = (TRACKERS / slug / area["file"]).read_text(encoding="utf-8")
        assert len(text) == area["characters"]
    report = import_path(tracker, None, mapping=TRACKERS / slug / "mapping.yaml")
    assert report.commitments_added == report.updates_added == both["promises"] == 30
    assert report.notices == ()
    # each area's name comes from its own file's root ({root: $.areaLabel}), not a constant
    assert Counter(t for c in tracker.list_commitments(as_of="2030-01-01") for t in c.themes) == {
        name: area["promises"] for name, area in expected["areas"].items()
    }
    histories = tracker.histories()
    updates = [u for history in histories.values() for u in history]
    # one rating round per government, each on its own date
    rounds = {"labour": dt.date(2023, 10, 31), "national": dt.date(2026, 8, 31)}
    by_round = {
        era: Counter(u.label for u in updates if u.effective == day) for era, day in rounds.items()
    }
    assert by_round == {era: Counter(v) for era, v in both["rounds"].items()}
    # the tracker's score, kept / (kept + broken + in progress) with superseded left out,
    # is the mean of the tracker's own percentages, per government and over both
    for era, day in rounds.items():
        percents = [u.percent for u in updates if u.effective == day]
        rated = [p for p in percents if p is not None]
        score = both["score"][era]
        assert len(rated) == score["scored"] and len(percents) - len(rated) == score["left_out"]
        assert sum(rated) == 100 * score["kept"]
        assert round(sum(rated, Decimal(0)) / len(rated), 4) == Decimal(score["kept_percent"])
    # the same figures from the rollups, which say that the tracker's own percentage was used:
    # over everything, per government, and per area and government
    summary = pt.summarize(tracker, as_of="2026-12-31", by=["theme", "actor"])
    assert summary.counts.rated_own == summary.counts.rated == both["score"]["all"]["scored"]
    assert summary.counts.fulfilment_percentage is not None
    assert round(Decimal(summary.counts.fulfilment_percentage), 4) == Decimal(
        both["score"]["all"]["kept_percent"]
    )
    governments = {"labour": "Labour-led government", "national": "National-led government"}
    cells = {(g.get("theme"), g.get("actor")): g.counts for g in summary.groups}
    for name, area in expected["areas"].items():
        for era, actor in governments.items():
            share = cells[(name, actor)].fulfilment_percentage
            assert share is not None
            assert round(Decimal(share), 4) == Decimal(area["score"][era]["kept_percent"])
    # superseded (traded away before governing) is not applicable, never broken
    statuses = Counter(u.status for u in updates)
    assert statuses[pt.Status.NOT_APPLICABLE] == both["rounds"]["labour"]["superseded"]
    commitments = tracker.list_commitments(as_of="2030-01-01")
    parties = Counter((c.custom["party"], histories[c.key][0].label) for c in commitments)
    assert parties == Counter(
        {(party, label): n for party, c in both["by_party"].items() for label, n in c.items()}
    )
    assert sum(1 for c in commitments if c.custom["contested"] is True) == both["contested"]
    again = import_path(tracker, None, mapping=TRACKERS / slug / "mapping.yaml")
    assert not again.changed
