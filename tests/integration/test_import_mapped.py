"""Importing other trackers' data through mapping files, on SQLite and PostgreSQL.

Fixtures are in tests/data/import/ (see its README): a yearly-rated spreadsheet (a wide
table), a long table of updates, a relational dump in separate files, and bad inputs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

import pledgetrack as pt
from pledgetrack.io import ImportFailed, export_document, import_path
from pledgetrack.rollups.core import rollup

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
YEARLY = DATA / "yearly" / "mapping.yaml"
NDU = {"not started": "not_started", "on track": "in_progress", "delayed": "delayed",
       "completed": "fulfilled", "dropped": "broken"}  # fmt: skip


def yearly_rows(name: str = "ratings.csv") -> list[dict[str, str]]:
    """The fixture read directly, without pledgetrack."""
    text = (DATA / "yearly" / name).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


class TestYearlySpreadsheet:
    def test_rows_become_commitments_and_rounds_a_history(self, tracker: pt.Tracker) -> None:
        report = import_path(tracker, None, mapping=YEARLY)
        rows = yearly_rows()
        rated = sum(1 for r in rows for y in (2021, 2022, 2023) if r[f"status_{y}"].strip())
        assert report.commitments_added == len(rows) == 13
        assert report.updates_added == rated
        assert report.vocabularies_added == 1 and report.fields_added == 2
        history = tracker.history("ndu-12d")
        assert [(u.effective, u.status.value, u.label) for u in history] == [
            (dt.date(2021, 12, 31), "not_started", "Not started"),
            (dt.date(2022, 12, 31), "delayed", "Delayed"),
            (dt.date(2023, 12, 31), "broken", "Dropped"),
        ]

    def test_an_empty_cell_gives_no_update(self, tracker: pt.Tracker) -> None:
        import_path(tracker, None, mapping=YEARLY)
        assert [u.effective.year for u in tracker.history("ndu-4")] == [2021, 2023]
        assert tracker.history("ndu-5") == []

    def test_deadlines_in_free_text_keep_their_precision_and_phrase(
        self, tracker: pt.Tracker
    ) -> None:
        report = import_path(tracker, None, mapping=YEARLY)
        deadlines = {c.key: c.deadline for c in tracker.list_commitments(as_of="2030-01-01")}
        assert (deadlines["ndu-1"].due, deadlines["ndu-1"].precision.value) == (
            dt.date(2017, 12, 31),
            "quarter",
        )
        assert (deadlines["ndu-2"].due, deadlines["ndu-2"].precision.value) == (
            dt.date(2024, 12, 31),
            "year",
        )
        assert (deadlines["ndu-3"].due, deadlines["ndu-3"].precision.value) == (
            dt.date(2018, 6, 30),
            "month",
        )
        assert (deadlines["ndu-6"].due, deadlines["ndu-6"].phrase) == (
            dt.date(2019, 12, 31),
            "by end of 2019",
        )
        for key, phrase in (("ndu-4", "annually"), ("ndu-5", "during rainy season")):
            assert deadlines[key].date is None and deadlines[key].phrase == phrase
            assert any(key in n and phrase in n for n in report.notices)

    def test_parents_and_children(self, tracker: pt.Tracker) -> None:
        import_path(tracker, None, mapping=YEARLY)
        children = tracker.list_commitments(as_of="2030-01-01", parent="ndu-12")
        assert [c.key for c in children] == [f"ndu-12{s}" for s in "abcdef"]
        assert tracker.get_commitment("ndu-12").parent is None

    def test_real_file_text_is_kept_as_text(self, tracker: pt.Tracker) -> None:
        """BOM and CRLF are gone; HTML stays text; Cyrillic and accents NFC."""
        raw = (DATA / "yearly" / "ratings.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and not raw.endswith(b"\n")
        import_path(tracker, None, mapping=YEARLY)
        first = tracker.get_commitment("ndu-1")
        assert first.title == "Build 200 <b>new</b> schools &amp; clinics"
        assert first.citations[0].quote == first.title
        second = tracker.get_commitment("ndu-2")
        assert second.title == "Reform the Société nationale of railways"
        assert unicodedata.is_normalized("NFC", second.title)
        assert second.custom["ministry"] == unicodedata.normalize("NFC", "Ministère des Transports")
        assert tracker.get_commitment("ndu-3").title == "Открыть 50 центров занятости"
        assert tracker.history("ndu-3")[-1].note == "Всё сделано"
        assert tracker.history("ndu-2")[-1].note == 'Line 2 reopened, see <a href="x">report</a>'
        assert tracker.get_commitment("ndu-1").custom == {
            "budget": Decimal("10.5"),
            "ministry": "Ministry of Education",
        }

    @pytest.mark.parametrize("year", [2021, 2022, 2023])
    def test_rollups_agree_with_counts_from_the_file(self, tracker: pt.Tracker, year: int) -> None:
        import_path(tracker, None, mapping=YEARLY)
        expected: Counter[str] = Counter()
        for row in yearly_rows():
            labels = [row[f"status_{y}"].strip() for y in range(2021, year + 1)]
            rated = [lb for lb in labels if lb]
            expected[NDU[rated[-1].lower()] if rated else "no_evidence"] += 1
        counts = rollup(tracker, as_of=f"{year}-12-31").counts()
        assert {s.value: n for s, n in counts.by_status.items() if n} == dict(expected)
        by_theme = rollup(tracker, as_of=f"{year}-12-31", by=["theme"])
        assert by_theme.counts("Governance").total == sum(
            1 for r in yearly_rows() if r["Sector"] == "Governance"
        )

    def test_the_same_file_twice_changes_nothing(self, tracker: pt.Tracker) -> None:
        first = import_path(tracker, None, mapping=YEARLY)
        before = export_document(tracker)
        again = import_path(tracker, None, mapping=YEARLY)
        assert not again.changed
        assert again.updates_unchanged == first.updates_added
        assert again.commitments_unchanged == first.commitments_added
        assert export_document(tracker) == before

    def test_an_updated_file_adds_only_the_new_status_updates(self, tracker: pt.Tracker) -> None:
        import_path(tracker, None, mapping=YEARLY)
        before = {
            c.key: tracker.history(c.key) for c in tracker.list_commitments(as_of="2030-01-01")
        }
        report = import_path(tracker, DATA / "yearly" / "ratings_2024.csv", mapping=YEARLY)
        new_2024 = sum(1 for r in yearly_rows("ratings_2024.csv") if r["status_2024"].strip())
        assert report.commitments_added == 1  # row 7, new in the updated file
        assert report.updates_added == new_2024 == 3
        assert report.updates_unchanged == sum(len(h) for h in before.values())
        for key, history in before.items():
            assert tracker.history(key)[: len(history)] == history
        assert tracker.status_of("ndu-2", as_of="2024-12-31").update.label == "Completed"  # type: ignore[union-attr]

    def test_dry_run_writes_nothing(self, tracker: pt.Tracker) -> None:
        report = import_path(tracker, None, mapping=YEARLY, dry_run=True)
        assert report.dry_run and report.commitments_added == 13
        assert tracker.count() == 0 and tracker.fields() == [] and tracker.list_sources() == []


def test_a_long_table_one_row_per_update(tracker: pt.Tracker) -> None:
    report = import_path(tracker, None, mapping=DATA / "long" / "mapping.yaml")
    assert (report.commitments_added, report.updates_added) == (3, 6)
    history = tracker.history("w-1")
    assert [(u.effective, u.status.value) for u in history] == [
        (dt.date(2019, 2, 1), "in_progress"),
        (dt.date(2021, 1, 15), "delayed"),
        (dt.date(2022, 6, 30), "fulfilled"),
    ]
    # no target: the tracker's percentage is carried as it is, not turned into progress
    assert (history[0].note, history[0].percent, history[0].progress) == (
        "Tender awarded",
        Decimal(20),
        None,
    )
    bridges = tracker.history("w-3")
    assert (
        bridges[0].progress == Decimal(40) and bridges[0].effective_precision is pt.Precision.YEAR
    )
    assert bridges[0].percent == Decimal(100)  # and, with a target, progress as well
    march = tracker.history("w-2")[0]
    assert (march.effective, march.effective_precision) == (
        dt.date(2019, 3, 31),
        pt.Precision.MONTH,
    )
    assert tracker.get_commitment("w-1").announced == dt.date(2018, 5, 12)  # 12/05/2018, day first


def test_a_relational_dump_in_separate_files(tracker: pt.Tracker) -> None:
    report = import_path(tracker, None, mapping=DATA / "relational" / "mapping.yaml")
    assert (report.sources_added, report.commitments_added, report.updates_added) == (3, 8, 7)
    bus = tracker.get_commitment("city-2")
    assert bus.themes == ("Transport", "Digital")  # through the join table
    assert bus.citations == (pt.Citation("src-10", "Shelter every bus stop"),)
    permits = tracker.history("city-12a")[0]
    assert (permits.status, permits.label) == (pt.Status.FULFILLED, "Promise Kept")
    assert [(c.source, c.quote) for c in permits.evidence] == [
        ("src-12", "Permits of every kind can be applied for online."),
        ("src-11", "The portal went live on 1 July 2021."),
    ]
    assert (tracker.history("city-2")[0].note, tracker.history("city-2")[0].percent) == (
        None,
        Decimal("10.5"),
    )
    milestones = tracker.list_commitments(as_of="2030-01-01", parent="city-1")
    assert [m.key for m in milestones] == ["city-milestone-1", "city-milestone-2"]
    assert milestones[0].custom == {"region": "North"}
    assert [u.status for u in tracker.history("city-milestone-1")] == [pt.Status.FULFILLED]
    assert tracker.history("city-milestone-2") == []  # not reached: no update
    assert tracker.get_source("src-10").published == dt.date(2019, 5, 1)
    assert [c.key for c in tracker.list_commitments(as_of="2030-01-01", parent="city-12")] == [
        "city-12a", "city-12b", "city-milestone-3",
    ]  # fmt: skip


# --- bad input ----------------------------------------------------------------------------

BAD = DATA / "bad"


@pytest.fixture
def loaded(tracker: pt.Tracker) -> pt.Tracker:
    """A store already holding the good rows, so that 'unchanged' means something."""
    import_path(tracker, BAD / "good.csv", mapping=BAD / "mapping.yaml")
    assert tracker.count() == 3
    return tracker


@pytest.mark.parametrize(
    ("data", "mapping", "place", "reason"),
    [
        (None, "missing_column.yaml", ("missing_column.yaml", None, "Titel"), "does not have"),
        ("unmapped_label.csv", "mapping.yaml", ("unmapped_label.csv", "3", "status_2022"),
         "no mapping in vocabulary 'simple'"),
        ("bad_date.csv", "mapping.yaml", ("bad_date.csv", "3", "deadline"),
         "not a date or timing phrase"),
        ("duplicate_key.csv", "mapping.yaml", ("duplicate_key.csv", "4", None),
         "duplicate commitment key; first given at row 3"),
        ("missing_parent.csv", "mapping.yaml", ("missing_parent.csv", "3", None),
         "no such parent commitment"),
        ("latin1.csv", "mapping.yaml", ("latin1.csv", "3", None), "is not UTF-8 text"),
    ],
)  # fmt: skip
def test_bad_input_is_reported_with_its_place_and_changes_nothing(
    loaded: pt.Tracker, data: str | None, mapping: str, place: tuple[str | None, ...], reason: str
) -> None:
    before = export_document(loaded)
    with pytest.raises(ImportFailed) as caught:
        import_path(loaded, BAD / data if data else None, mapping=BAD / mapping)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    (problem,) = problems
    found = (Path(problem.place.file or "").name, problem.place.row, problem.place.column)
    assert found == place
    assert reason in problem.reason
    assert export_document(loaded) == before


def test_a_bad_row_at_the_end_leaves_the_store_unchanged(loaded: pt.Tracker) -> None:
    before = export_document(loaded)
    with pytest.raises(ImportFailed) as caught:
        import_path(loaded, BAD / "bad_last_row.csv", mapping=BAD / "mapping.yaml")
    (problem,) = caught.value.problems
    assert (problem.place.row, problem.place.column, problem.value) == (
        "32",
        "announced",
        "not a date at all",
    )
    assert export_document(loaded) == before
    assert loaded.count() == 3


def test_every_row_error_is_reported_at_once(loaded: pt.Tracker, tmp_path: Path) -> None:
    (tmp_path / "many.csv").write_text(
        "id,title,announced,deadline,status_2022\n"
        "1,Fix the roof,2021-01-10,2022,Done\n"
        "4,,2021-01-10,2023,Going\n"
        "5,Five,2021-13-10,2023,Going\n"
        "6,Six,2021-01-10,Q9 2023,Nearly\n"
        "7,Seven,2023-01-10,2022,Going\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as caught:
        import_path(loaded, tmp_path / "many.csv", mapping=BAD / "mapping.yaml")
    where = [(p.place.row, p.place.column, p.field) for p in caught.value.problems]
    assert where == [
        ("3", "title", "title"),
        ("4", "announced", "announced"),
        ("5", "deadline", "deadline"),
        ("5", "status_2022", "status"),
    ]
    assert loaded.count() == 3


def test_a_deadline_before_the_announcement_is_a_note_and_refused_when_strict(
    loaded: pt.Tracker, tmp_path: Path
) -> None:
    """Agreements restate older dates: the text is kept as the phrase, with a note."""
    (tmp_path / "restated.csv").write_text(
        "id,title,announced,deadline,status_2022\n"
        "7,Seven,2023-01-10,2022,\n"
        "8,Eight,2021-01-10,Start 2023,Going\n",
        encoding="utf-8",
    )
    before = export_document(loaded)
    with pytest.raises(ImportFailed) as caught:
        import_path(loaded, tmp_path / "restated.csv", mapping=BAD / "mapping.yaml", strict=True)
    assert [(p.place.row, p.place.column, p.value) for p in caught.value.problems] == [
        ("2", "deadline", "2022"),
        ("3", "deadline", "Start 2023"),
    ]
    assert "before the announcement on 2023-01-10" in caught.value.problems[0].reason
    assert export_document(loaded) == before
    report = import_path(loaded, tmp_path / "restated.csv", mapping=BAD / "mapping.yaml")
    assert report.commitments_added == 2
    seven, eight = (loaded.get_commitment(k) for k in ("bad-7", "bad-8"))
    assert (seven.deadline.date, seven.deadline.phrase) == (None, "2022")
    assert (eight.deadline.due, eight.deadline.phrase, eight.deadline.basis.value) == (
        dt.date(2023, 12, 31),
        "Start 2023",
        "inferred",
    )
    notes = [n for n in report.notices if "restated.csv" in n]
    assert len(notes) == 2
    assert "row 2, column 'deadline'" in notes[0] and "'2022'" in notes[0]
    assert "read '2023'" in notes[1]


@pytest.mark.postgres
def test_a_write_that_the_database_refuses_rolls_everything_back(
    postgres_url: str, tmp_path: Path
) -> None:
    """Checks pass, then PostgreSQL refuses an actor name longer than its column: no row stays."""
    long_actor = "A" * 300
    (tmp_path / "rows.csv").write_text(
        "id,title,announced,deadline,status_2022\n1,One,2021-01-10,2022,Done\n2,Two,2021-01-10,2023,Going\n",
        encoding="utf-8",
    )
    mapping = (
        (BAD / "mapping.yaml")
        .read_text(encoding="utf-8")
        .replace("actors: {constant: [Council]}", f"actors: {{template: '{long_actor}{{id}}'}}")
    )
    (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    with pt.open(postgres_url) as tracker:
        with pytest.raises(pt.PledgetrackError):
            import_path(tracker, tmp_path / "rows.csv", mapping=tmp_path / "mapping.yaml")
        assert (
            tracker.count() == 0
            and tracker.list_sources() == []
            and tracker.vocabularies().keys() == pt.VOCABULARIES.keys()
        )


def test_mapping_mistakes_are_reported_against_the_mapping(
    tracker: pt.Tracker, tmp_path: Path
) -> None:
    (tmp_path / "t.csv").write_text("id,title\n1,x\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text(
        "pledgetrack-mapping: 1\n"
        "tables: {t: {file: t.csv}}\n"
        "commitments:\n  from: t\n  key: {template: 'k-{id}'}\n  titel: title\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as caught:
        import_path(tracker, None, mapping=tmp_path / "m.yaml")
    (problem,) = caught.value.problems
    assert problem.field == "commitments.titel"
    assert problem.place.file == str(tmp_path / "m.yaml")


def test_collections_rated_in_different_schemes_are_summarised_together(
    tracker: pt.Tracker, tmp_path: Path
) -> None:
    """A delivery unit's words and a promise meter's in one store, counted on canonical statuses."""
    alone = {}
    for name in ("yearly", "relational"):
        with pt.open(tmp_path / f"{name}.db") as single:
            import_path(single, None, mapping=DATA / name / "mapping.yaml")
            alone[name] = rollup(single, as_of="2023-12-31").counts()
    import_path(tracker, None, mapping=YEARLY)
    import_path(tracker, None, mapping=DATA / "relational" / "mapping.yaml")
    together = rollup(tracker, as_of="2023-12-31").counts()
    assert together.by_status == (alone["yearly"] + alone["relational"]).by_status
    labels = {u.label for h in tracker.histories().values() for u in h}
    assert {"Completed", "Dropped", "Promise Kept", "Stalled"} <= labels
    meter = tracker.vocabulary("promise-meter")
    ndu = tracker.vocabulary("ndu")
    assert (
        meter.to_canonical("Promise Kept") is ndu.to_canonical("Completed") is pt.Status.FULFILLED
    )


def test_the_data_can_be_given_apart_from_the_mapping(tracker: pt.Tracker, tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "dump"
    shutil.copytree(DATA / "relational", data)
    (data / "mapping.yaml").unlink()
    report = import_path(tracker, data, mapping=DATA / "relational" / "mapping.yaml")
    assert report.commitments_added == 8
    with pytest.raises(ImportFailed, match="not one file"):
        import_path(tracker, data / "promises.csv", mapping=DATA / "relational" / "mapping.yaml")


def test_updates_for_an_unknown_commitment_are_reported(
    tracker: pt.Tracker, tmp_path: Path
) -> None:
    (tmp_path / "u.csv").write_text("key,status,on\nnobody,fulfilled,2024-01-01\n", "utf-8")
    (tmp_path / "m.yaml").write_text(
        "pledgetrack-mapping: 1\ntables: {u: {file: u.csv}}\n"
        "history:\n  - {from: u, commitment: key, status: status, effective: 'on'}\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as caught:
        import_path(tracker, None, mapping=tmp_path / "m.yaml")
    (problem,) = caught.value.problems
    found = (problem.place.row, problem.reason, problem.value)
    assert found == ("2", "no such commitment", "nobody")


NUMBERED_MAPPING = """
pledgetrack-mapping: 1
tables:
  rows: {file: DATAFILE, where: "@.num != 'total'"SHEET}
sources:
  - key: {constant: ot}
    title: {constant: Tracker}
commitments:
  from: rows
  key: {template: "ot-{num}{letter?}"}
  title: title
  actors: {constant: [Government]}
  announced: {column: announced, default: "2019-05"}
  parent: {template: "ot-{num}", when: "@.letter"}
  citations: [{source: {constant: ot}, quote: title}]
history:
  - from: rows
    where: "@.rating"
    commitment: {template: "ot-{num}{letter?}"}
    status: {column: rating, map: {done: fulfilled, half: partially_fulfilled, none: not_started}}
    percent: {column: rating, map: {done: 100, half: 50, none: 0}}
    effective: {constant: 2021-12-31}
"""
NUMBERED_ROWS = [
    ["num", "letter", "title", "announced", "rating"],
    ["12", None, "Reform the civil service", "2019-03-01", "half"],
    ["12", "a", "Pass the Civil Service Act", None, "done"],
    ["12", "b", "Train every manager", None, None],
    ["total", None, "(a summary row the tracker adds)", None, None],
]


def _numbered(tracker: pt.Tracker, mapping: Path) -> None:
    report = import_path(tracker, None, mapping=mapping)
    assert (report.commitments_added, report.updates_added) == (3, 2)
    found = {c.key: c for c in tracker.list_commitments(as_of="2030-01-01")}
    assert {k: c.parent for k, c in found.items()} == {
        "ot-12": None,
        "ot-12a": "ot-12",
        "ot-12b": "ot-12",
    }
    assert found["ot-12"].announced == dt.date(2019, 3, 1)  # per row where given
    assert found["ot-12a"].announced == dt.date(2019, 5, 1)  # the constant otherwise
    assert [(u.status.value, u.percent) for u in tracker.history("ot-12")] == [
        ("partially_fulfilled", Decimal(50))
    ]
    assert tracker.history("ot-12b") == []


def test_optional_key_parts_parents_and_filters_from_csv(
    tracker: pt.Tracker, tmp_path: Path
) -> None:
    with (tmp_path / "rows.csv").open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([["" if c is None else c for c in r] for r in NUMBERED_ROWS])
    mapping = NUMBERED_MAPPING.replace("DATAFILE", "rows.csv").replace("SHEET", "")
    (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    _numbered(tracker, tmp_path / "mapping.yaml")


def test_the_same_from_a_spreadsheet_sheet(tracker: pt.Tracker, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.create_sheet("About")
    sheet = book.create_sheet("Ratings")
    sheet.append(["Promise tracker export, 2021"])
    for row in NUMBERED_ROWS:
        sheet.append([int(c) if c and c.isdigit() else c for c in row])
    book.save(tmp_path / "rows.xlsx")
    mapping = NUMBERED_MAPPING.replace("DATAFILE", "rows.xlsx").replace(
        "SHEET", ", sheet: Ratings, header: 2"
    )
    (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    _numbered(tracker, tmp_path / "mapping.yaml")


def test_a_compliance_scorecard_scores_each_member_through_the_grid(
    tracker: pt.Tracker, tmp_path: Path
) -> None:
    """A G7/G20-style scorecard (a column per member, -1/0/+1) read as one update per member
    and commitment: the grid gives back each cell and each member's average."""
    from pledgetrack.rollups.grid import compliance_grid

    scores = {"Climate finance": ("+1", "0", "-1"), "Trade": ("0", "", "+1")}
    members = ("Canada", "France", "Germany")
    lines = ["Commitment," + ",".join(members)]
    lines += [f"{c}," + ",".join(s) for c, s in scores.items()]
    (tmp_path / "scores.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "pledgetrack-mapping: 1\n"
        "tables:\n  s: {file: scores.csv}\n"
        "vocabularies: [{name: g, labels: {'-1': broken, '0': in_progress, '+1': fulfilled}}]\n"
        "sources: [{key: {constant: s}, title: {constant: S}}]\n"
        "commitments:\n  from: s\n  key: {template: 'g-{Commitment|slug}'}\n"
        "  title: Commitment\n  actors: {constant: [Canada, France, Germany]}\n"
        "  announced: {constant: 2019-06}\n"
        "  citations: [{source: {constant: s}, quote: Commitment}]\n"
        "history:\n  - from: s\n    commitment: {template: 'g-{Commitment|slug}'}\n"
        "    vocabulary: g\n    rounds:\n      pattern: '(?P<member>Canada|France|Germany)'\n"
        "      effective: '2020-06-30'\n      actors: '{member}'\n",
        encoding="utf-8",
    )
    report = import_path(tracker, None, mapping=mapping)
    given = [s for row in scores.values() for s in row if s]
    assert report.updates_added == len(given) == 5
    grid = compliance_grid(tracker, as_of="2020-12-31")
    assert grid.members == members
    for commitment, row in scores.items():
        key = "g-" + commitment.lower().replace(" ", "-")
        for member, score in zip(members, row, strict=True):
            cell = grid.cell(key, member)
            assert cell is not None
            assert cell.score == (int(score) if score else None)
    assert [grid.member_average(m).score for m in members] == [
        Decimal("0.50"), Decimal("0.00"), Decimal("0.00"),
    ]  # fmt: skip
    # a member that is not one of the commitment's actors is a problem, and nothing is written
    other = tmp_path / "other"
    other.mkdir()
    (other / "scores.csv").write_text("Commitment,Japan\nClimate finance,+1\n", encoding="utf-8")
    (other / "m.yaml").write_text(
        mapping.read_text("utf-8").replace("Canada|France|Germany", "Japan"), encoding="utf-8"
    )
    with pytest.raises(ImportFailed) as failed:
        import_path(tracker, None, mapping=other / "m.yaml")
    (problem,) = failed.value.problems
    assert problem.place.column == "Japan"
    assert "not one of the commitment's actors" in problem.reason
