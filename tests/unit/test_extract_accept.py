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
