"""Lossless export: export → import into an empty store → export gives the same bytes.

Run on a SQLite file and on PostgreSQL, in every format (JSON, YAML, a CSV folder, a zip).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

import pledgetrack as pt
from pledgetrack.io import export_document, export_path, import_path, json_schema
from pledgetrack.model.vocabularies import vocabulary_from_dict
from pledgetrack.testing import make_commitment, make_source, postgres_database

FORUM = "Kazakhstan will host a youth forum in 2025."
FUND = "The two sides agreed to study a joint fund at an appropriate time."
# A source text as documents come: CRLF, a non-breaking space, decomposed accents, curly quotes.
ODD_TEXT = (
    "Le ministre a déclaré :\r\n« Nous ouvrirons 12\u00a0centres d’ici 2026. »\r\n"
    + unicodedata.normalize("NFD", "Société générale")
    + "\n"
)


@pytest.fixture
def other_url(store_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second, empty store on the same backend."""
    if "://" in store_url:
        server: str = request.getfixturevalue("postgres_server")
        with postgres_database(server) as url:
            yield url
    else:
        yield str(tmp_path / "other.db")


def fill(tracker: pt.Tracker) -> None:
    """A collection using every field the export carries."""
    tracker.declare_field(name="budget", type="decimal", description="millions")
    tracker.declare_field(name="region", type="choice", choices=["Asia", "Europe"])
    tracker.declare_field(name="signed", type="boolean")
    tracker.declare_field(name="signed_on", type="date")
    tracker.declare_field(name="priority", type="integer")
    tracker.add_vocabulary(
        vocabulary_from_dict(
            {
                "name": "ndu",
                "description": "x",
                "labels": {"On track": "in_progress", "Done": "fulfilled"},
            }
        )
    )
    tracker.add_source(make_source())
    tracker.add_source(make_source("odd-text", text=ODD_TEXT, title="Déclaration", language="fr"))
    tracker.add_source(pt.Source("no-text", "A source without text", url="https://example.org/x"))
    parent = tracker.add_commitment(
        make_commitment(
            custom={
                "budget": Decimal("12345678901234.5678"),
                "region": "Asia",
                "signed": True,
                "signed_on": dt.date(2024, 7, 4),
                "priority": 2,
            },
            event=pt.Event("24th SCO summit", "Astana", dt.date(2024, 7, 4)),
            notes="two\nlines",
        )
    )
    tracker.add_commitment(
        make_commitment(
            "a-child-sorted-before-its-parent",
            quote=FORUM,
            target=pt.Target("1.50", "million USD", currency="USD", qualifier="up_to"),
            deadline=pt.Deadline.in_quarter(2025, 4, "Q4 2025"),
            parent=parent.key,
            custom={},
        )
    )
    tracker.add_commitment(
        make_commitment(
            "fund-no-deadline",
            quote=FUND,
            target=None,
            deadline=pt.Deadline.none("at an appropriate time"),
            actors=("China", "Kazakhstan"),
            custom={},
            citations=(pt.Citation("summit-report", FUND), pt.Citation("no-text", "a joint fund")),
        )
    )
    tracker.add_commitment(
        make_commitment(
            "centres",
            source="odd-text",
            quote="Nous ouvrirons 12 centres d'ici 2026",
            target=pt.Target(12, "centres"),
            deadline=pt.Deadline.in_year(2026, "d’ici 2026"),
            custom={},
            themes=(),
        )
    )
    day = dt.datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)
    ndu = tracker.vocabulary("ndu")
    tracker.record_status(parent.key, "On track", effective="2024-12-31", vocabulary=ndu,
                          progress="400.50", effective_precision="year", recorded=day)  # fmt: skip
    tracker.record_status(
        parent.key, "delayed", effective="2025-03-01", note="same day, first", recorded=day,
        evidence=[pt.Citation("summit-report", "Last year 500 young people took part")],
    )  # fmt: skip
    tracker.record_status(parent.key, "in_progress", effective="2025-03-01",
                          note="same day, second\r\nwith CRLF", recorded=day)  # fmt: skip
    tracker.record_status("fund-no-deadline", "not_started", effective="2024-08-01")
    tracker.amend("centres", reason="the source says 12 centres", by="Ana Núñez", recorded=day,
                  title="France to open 12 centres", themes=["centres", "France"])  # fmt: skip
    tracker.withdraw("centres", reason="a quote, not a pledge", recorded=day)
    tracker.record_status("fund-no-deadline", "in_progress", effective="2024-09-01",
                          percent="37.50", actors=["Kazakhstan", "China"],
                          author="Ana Núñez", recorded=day)  # fmt: skip


FORMATS = [("json", "out.json"), ("yaml", "out.yaml"), ("csv", "out-csv"), ("zip", "out.zip")]


def _bytes(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return {path.name: path.read_bytes()}


@pytest.mark.parametrize(("fmt", "name"), FORMATS)
def test_export_import_export_is_identical(
    tracker: pt.Tracker, other_url: str, tmp_path: Path, fmt: str, name: str
) -> None:
    fill(tracker)
    first = tmp_path / "first" / name
    first.parent.mkdir()
    export_path(tracker, first, fmt)
    with pt.open(other_url) as other:
        report = import_path(other, first)
        assert (report.sources_added, report.commitments_added, report.updates_added) == (3, 4, 5)
        assert report.fields_added == 5 and report.vocabularies_added == 1
        second = tmp_path / "second" / name
        second.parent.mkdir()
        export_path(other, second, fmt)
        assert export_document(other) == export_document(tracker)
    assert _bytes(first) == _bytes(second)


def test_the_json_export_has_the_documented_shape(tracker: pt.Tracker, tmp_path: Path) -> None:
    fill(tracker)
    document = json.loads(export_path(tracker, None, "json"))
    jsonschema.Draft202012Validator(json_schema()).validate(document)
    assert document["pledgetrack"] == 1
    assert [c["key"] for c in document["commitments"]] == sorted(
        c["key"] for c in document["commitments"]
    )
    parent = next(c for c in document["commitments"] if c["key"] == "china-digital-training")
    assert parent["target"] == {
        "quantity": "1000",
        "unit": "training opportunities",
        "currency": None,
        "qualifier": "at_least",
    }
    assert parent["custom"]["budget"] == {"decimal": "12345678901234.5678"}
    assert parent["custom"]["signed_on"] == {"date": "2024-07-04"}
    assert parent["custom"]["signed"] is True and parent["custom"]["priority"] == 2
    assert parent["history"][0] == {
        "status": "in_progress", "label": "On track", "effective": "2024-12-31",
        "effective_precision": "year", "progress": "400.50", "percent": None, "actors": [],
        "author": None, "note": None, "evidence": [],
        "recorded": "2025-01-02T03:04:05.678901+00:00",
    }  # fmt: skip
    assert [u["note"] for u in parent["history"][1:]] == [
        "same day, first",
        "same day, second\r\nwith CRLF",
    ]
    assert parent["history"][1]["evidence"][0]["start"] is not None
    fund = next(c for c in document["commitments"] if c["key"] == "fund-no-deadline")
    assert [(u["percent"], u["actors"], u["author"]) for u in fund["history"]] == [
        (None, [], None),
        ("37.50", ["Kazakhstan", "China"], "Ana Núñez"),
    ]
    assert fund["deadline"] == {
        "date": None,
        "precision": "none",
        "phrase": "at an appropriate time",
        "basis": "stated",
    }
    odd = next(s for s in document["sources"] if s["key"] == "odd-text")
    assert odd["text"] == ODD_TEXT  # verbatim: line ends and decomposed accents kept
    centres = next(c for c in document["commitments"] if c["key"] == "centres")
    assert centres["citations"][0]["quote"] == "Nous ouvrirons 12\u00a0centres d’ici 2026"
    assert centres["withdrawn"] is True and parent["withdrawn"] is False
    first, second = centres["amendments"]
    assert first == {
        "revision": 1, "reason": "the source says 12 centres", "author": "Ana Núñez",
        "recorded": "2025-01-02T03:04:05.678901+00:00",
        "changes": [
            {"field": "title", "old": "China to provide 1,000 digital training opportunities",
             "new": "France to open 12 centres"},
            {"field": "themes", "old": [], "new": ["centres", "France"]},
        ],
    }  # fmt: skip
    assert second["changes"] == [{"field": "withdrawn", "old": False, "new": True}]


def test_importing_an_export_into_its_own_store_changes_nothing(
    tracker: pt.Tracker, tmp_path: Path
) -> None:
    fill(tracker)
    before = export_document(tracker)
    export_path(tracker, tmp_path / "all.json")
    report = import_path(tracker, tmp_path / "all.json")
    assert not report.changed
    assert (report.commitments_unchanged, report.updates_unchanged) == (4, 5)
    assert export_document(tracker) == before


def test_an_export_with_a_changed_record_is_refused_whole(
    tracker: pt.Tracker, tmp_path: Path
) -> None:
    fill(tracker)
    before = export_document(tracker)
    document = json.loads(export_path(tracker, None, "json"))
    document["commitments"][1]["title"] = "Changed title"
    document["commitments"][1]["history"].append({"status": "fulfilled", "effective": "2026-01-01"})
    (tmp_path / "changed.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(pt.io.ImportFailed) as caught:
        import_path(tracker, tmp_path / "changed.json")
    (problem,) = caught.value.problems
    assert problem.place.row == "$.commitments[1]"
    assert "another title" in problem.reason
    assert export_document(tracker) == before


def test_csv_tables_of_an_older_version_still_import(
    tracker: pt.Tracker, other_url: str, tmp_path: Path
) -> None:
    """Tables without assessed.csv and history's percent and author columns read as empty."""
    fill(tracker)
    folder = tmp_path / "old"
    export_path(tracker, folder, "csv")
    (folder / "assessed.csv").unlink()
    with (folder / "history.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][-3:] == ["recorded", "percent", "author"]
    with (folder / "history.csv").open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(row[:-2] for row in rows)
    with pt.open(other_url) as other:
        report = import_path(other, folder)
        assert report.updates_added == 5
        (_first, second) = other.history("fund-no-deadline")
        assert (second.percent, second.actors, second.author) == (None, (), None)


def test_an_import_refuses_an_update_of_an_actor_the_commitment_lacks(
    tracker: pt.Tracker, tmp_path: Path
) -> None:
    fill(tracker)
    document = json.loads(export_path(tracker, None, "json"))
    fund = next(c for c in document["commitments"] if c["key"] == "fund-no-deadline")
    fund["history"].append({"status": "fulfilled", "effective": "2026-01-01", "actors": ["Japan"]})
    (tmp_path / "japan.json").write_text(json.dumps(document), encoding="utf-8")
    before = export_document(tracker)
    with pytest.raises(pt.io.ImportFailed) as caught:
        import_path(tracker, tmp_path / "japan.json")
    (problem,) = caught.value.problems
    assert (problem.record, problem.field) == ("fund-no-deadline", "actors[0]")
    assert problem.value == "Japan"
    assert "China, Kazakhstan" in problem.reason
    assert export_document(tracker) == before


def test_the_seed_corpus_survives_a_round_trip(
    tracker: pt.Tracker, other_url: str, tmp_path: Path
) -> None:
    from pledgetrack.seeds import load_corpus

    load_corpus(tracker)
    export_path(tracker, tmp_path / "corpus.json")
    with pt.open(other_url) as other:
        import_path(other, tmp_path / "corpus.json")
        export_path(other, tmp_path / "again.json")
    assert (tmp_path / "corpus.json").read_bytes() == (tmp_path / "again.json").read_bytes()
    assert len(json.loads((tmp_path / "corpus.json").read_text())["commitments"]) == tracker.count()


def test_progress_is_reported_up_to_the_total(
    tracker: pt.Tracker, other_url: str, tmp_path: Path
) -> None:
    fill(tracker)
    seen: list[tuple[int, int]] = []
    export_path(
        tracker, tmp_path / "all.json", progress=lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (4, 4)
    seen.clear()
    with pt.open(other_url) as other:
        import_path(
            other, tmp_path / "all.json", progress=lambda done, total: seen.append((done, total))
        )
    assert seen[0] == (0, 12) and seen[-1] == (12, 12)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def _broken(tmp_path: Path, tracker: pt.Tracker, fmt: str, name: str) -> Path:
    fill(tracker)
    path = tmp_path / name
    export_path(tracker, path, fmt)
    return path


def test_problems_in_a_csv_export_name_the_table_and_line(
    tracker: pt.Tracker, tmp_path: Path
) -> None:
    folder = _broken(tmp_path, tracker, "csv", "tables")
    lines = (folder / "commitments.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("2024-07-04", "2024-07-44", 1)
    (folder / "commitments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pt.open(tmp_path / "empty.db") as empty, pytest.raises(pt.io.ImportFailed) as caught:
        import_path(empty, folder)
    (problem,) = caught.value.problems
    assert problem.place.file == f"{folder}/commitments.csv"
    assert problem.place.row == "3"
    assert problem.field == "announced"
    with pt.open(tmp_path / "empty.db") as empty:
        assert empty.count() == 0 and empty.list_sources() == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            '{"pledgetrack": 2, "sources": [], "commitments": []}',
            "not a pledgetrack document of format 1",
        ),
        ('{"pledgetrack": 1, "sources": [], "commitments": [], "extra": 1}', "not a part of"),
        (
            '{"pledgetrack": 1, "commitments": [],'
            ' "sources": [{"key": "s", "title": "t", "colour": "red"}]}',
            "not a known property",
        ),
        ("[1, 2", "not valid JSON"),
    ],
)
def test_a_broken_json_document(tmp_path: Path, content: str, reason: str) -> None:
    (tmp_path / "doc.json").write_text(content, encoding="utf-8")
    with pt.open(tmp_path / "s.db") as tracker, pytest.raises(pt.io.ImportFailed) as caught:
        import_path(tracker, tmp_path / "doc.json")
    assert reason in caught.value.problems[0].reason


def test_a_file_that_is_not_a_zip(tmp_path: Path) -> None:
    (tmp_path / "fake.zip").write_bytes(b"not a zip")
    with (
        pt.open(tmp_path / "s.db") as tracker,
        pytest.raises(pt.io.ImportFailed, match="not a zip"),
    ):
        import_path(tracker, tmp_path / "fake.zip")
