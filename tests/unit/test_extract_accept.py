"""Accepting drafts into a store: new commitments, or new citations of stored ones."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import pledgetrack as pt
from pledgetrack.errors import ValidationError
from pledgetrack.extract import (
    accept_drafts,
    drafts_document,
    extract,
    extract_drafts,
    read_drafts_document,
)
from pledgetrack.model.sources import Source

SPEECH = (
    "In the next five years, China will host 1,000 young people from countries in the SCO "
    "for exchange opportunities in China. China will hold a women's forum in Qingdao in 2025."
)
REPORT = "Xi said China will host 1,000 young people from SCO countries in the next five years."


def test_drafts_become_commitments_then_citations(tmp_path: Path) -> None:
    with pt.open(tmp_path / "store.db") as tracker:
        first = accept_drafts(
            tracker,
            extract_drafts(SPEECH, "2024-07-04"),
            Source(key="speech", title="Speech", text=SPEECH),
            "2024-07-04",
        )
        assert [a.outcome for a in first] == ["created", "created"]
        second = accept_drafts(
            tracker,
            extract_drafts(REPORT, "2024-07-04"),
            Source(key="report", title="Report", text=REPORT),
            "2024-07-04",
        )
        assert [a.outcome for a in second] == ["cited"]
        assert tracker.count() == 2
        stored = tracker.get_commitment(second[0].commitment)
        assert {c.source for c in stored.citations} == {"speech", "report"}
        assert stored.target is not None and stored.target.unit == "young people"
        assert stored.deadline.date is not None and stored.deadline.date.year == 2029


def test_a_draft_without_actor_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    text = "We will train 500 nurses by 2026."
    with pt.open(tmp_path / "store.db") as tracker:
        with pytest.raises(ValidationError) as err:
            accept_drafts(
                tracker, extract_drafts(text, "2024-01-01"), Source(key="s", title="S", text=text),
                "2024-01-01",
            )  # fmt: skip
        assert err.value.field == "actor"
        assert tracker.count() == 0


def test_reviewed_yaml_keeps_only_accepted_drafts(tmp_path: Path) -> None:
    extraction = extract(SPEECH, "2024-07-04")
    document = drafts_document(extraction, SPEECH, "speech.txt")
    document["drafts"][1]["accept"] = False
    document["drafts"][0]["unit"] = "young people from SCO countries"
    path = tmp_path / "reviewed.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    announced, digest, drafts = read_drafts_document(path)
    assert announced.isoformat() == "2024-07-04"
    assert digest == Source(key="x", title="x", text=SPEECH).content_hash
    assert [d.unit for d in drafts] == ["young people from SCO countries"]


def _reviewed(tmp_path: Path, text: str, day: str, edit: dict[int, dict[str, object]]) -> Path:
    document = drafts_document(extract(text, day), text, "speech.txt")
    for index, fields in edit.items():
        document["drafts"][index].update(fields)
    path = tmp_path / "reviewed.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def test_edited_key_title_themes_and_actors_are_stored(tmp_path: Path) -> None:
    path = _reviewed(
        tmp_path,
        SPEECH,
        "2024-07-04",
        {
            0: {
                "key": "sco-youth-exchanges",
                "title": "Host 1,000 young people from the SCO",
                "themes": ["youth", "exchanges"],
                "actor": ["China", "Kazakhstan"],
            },
            1: {"actors": ["All-China Women's Federation"], "actor": "China"},
        },
    )
    announced, _digest, drafts = read_drafts_document(path)
    with pt.open(tmp_path / "store.db") as tracker:
        done = accept_drafts(tracker, drafts, Source(key="s", title="S", text=SPEECH), announced)
        assert done[0].commitment == "sco-youth-exchanges"
        first = tracker.get_commitment("sco-youth-exchanges")
        assert first.title == "Host 1,000 young people from the SCO"
        assert first.themes == ("youth", "exchanges")
        assert first.actors == ("China", "Kazakhstan")
        second = tracker.get_commitment(done[1].commitment)
        assert second.actors == ("China", "All-China Women's Federation")


def test_a_list_of_actors_is_no_crash_and_matches_a_stored_pledge(tmp_path: Path) -> None:
    with pt.open(tmp_path / "store.db") as tracker:
        accept_drafts(
            tracker, extract_drafts(SPEECH, "2024-07-04", "China"),
            Source(key="speech", title="Speech", text=SPEECH), "2024-07-04",
        )  # fmt: skip
        path = _reviewed(tmp_path, REPORT, "2024-07-04", {0: {"actor": ["Russia", "China"]}})
        announced, _digest, drafts = read_drafts_document(path)
        (done,) = accept_drafts(
            tracker, drafts, Source(key="report", title="R", text=REPORT), announced
        )
        assert done.outcome == "cited"


def test_proposed_keys_are_short_and_readable() -> None:
    text = (
        "Japan will provide USD 30 billion over three years. "
        "China will provide at least 1,000 training opportunities on digital technology "
        "by 2027. The United Kingdom will open a business centre in Nairobi next year."
    )
    document = drafts_document(extract(text, "2025-08-20"), text)
    keys = [d["key"] for d in document["drafts"]]
    assert keys == [
        "japan-usd-30bn-2025",
        "china-1000-training-opportunities-2025",
        "united-kingdom-open-business-centre-nairobi-2025",
    ]
    assert all(len(k) <= 48 for k in keys)


def test_a_key_that_is_taken_by_another_pledge_is_refused(tmp_path: Path) -> None:
    with pt.open(tmp_path / "store.db") as tracker:
        first = accept_drafts(
            tracker, extract_drafts(SPEECH, "2024-07-04", "China"),
            Source(key="speech", title="Speech", text=SPEECH), "2024-07-04",
        )  # fmt: skip
        other = "China will open 20 clinics in Astana by 2026."
        path = _reviewed(tmp_path, other, "2024-07-04", {0: {"key": first[0].commitment,
                                                             "actor": "China"}})  # fmt: skip
        announced, _digest, drafts = read_drafts_document(path)
        with pytest.raises(ValidationError) as err:
            accept_drafts(tracker, drafts, Source(key="o", title="O", text=other), announced)
        assert err.value.field == "key" and "draft d1" in str(err.value)
        assert tracker.count() == 2


@pytest.mark.parametrize("bad", [{"actor": {"name": "China"}}, {"themes": [1, 2]}])
def test_a_malformed_review_edit_names_the_file_draft_and_field(
    tmp_path: Path, bad: dict[str, object]
) -> None:
    path = _reviewed(tmp_path, SPEECH, "2024-07-04", {0: bad})
    with pytest.raises(ValidationError) as err:
        read_drafts_document(path)
    assert str(path) in str(err.value) and "draft d1" in str(err.value)
    assert err.value.field == next(iter(bad))
