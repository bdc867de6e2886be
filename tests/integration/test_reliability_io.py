"""Reliability of import and export: any text length round-trips, exports are atomic, hostile
input gives problems (exit 1) and never a traceback, limits hold, CSV cells cannot run as
formulas. Run through the command line, as a user would, on real files."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import pledgetrack as pt
from pledgetrack.cli import app
from pledgetrack.io import ImportFailed, import_path
from pledgetrack.io.document import FORMAT_VERSION, commitment_to_dict, source_to_dict
from pledgetrack.io.limits import Limits, using
from pledgetrack.io.native import CSV_TABLES, csv_tables, export_document
from pledgetrack.testing import make_commitment, make_source

PLEDGETRACK = str(Path(sys.executable).with_name("pledgetrack"))
FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\tTAB",
    "\rCR",
]


SEEDS = Path(__file__).parents[2] / "seeds" / "documents"
SEED_QUOTE = "From June 8 to 9, 2017 local time, President Xi Jinping attended"


def long_text(length: int) -> str:
    """``length`` characters of the seed corpus's public documents (see seeds/sources.yaml)."""
    corpus = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    text = (corpus * (length // len(corpus) + 1))[:length]
    assert SEED_QUOTE in text[:1000] and len(text) == length
    return text


def run(*args: str) -> Result:
    """The command, with exceptions caught as a user would see them."""
    return CliRunner().invoke(app, list(args), catch_exceptions=True)


def no_traceback(done: Result) -> None:
    """Exit 1, a message, and no Python exception escaping the command."""
    assert done.exit_code == 1, (done.exit_code, done.output, done.exception)
    assert isinstance(done.exception, SystemExit), repr(done.exception)
    assert "Traceback" not in done.output
    assert "error" in done.stderr


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "store.db")


# --- any text length round-trips ----------------------------------------------------------


class TestLongTexts:
    @pytest.mark.parametrize("fmt", ["zip", "csv", "json", "yaml"])
    def test_a_200000_character_source_round_trips(self, tmp_path: Path, db: str, fmt: str) -> None:
        text = long_text(200_000)
        with pt.open(db) as tracker:
            tracker.add_source(make_source("long", text=text))
            tracker.add_commitment(make_commitment(source="long", quote=SEED_QUOTE))
        target = tmp_path / ("out" if fmt == "csv" else f"b.{fmt}")
        assert run("export", str(target), "--format", fmt, "--db", db).exit_code == 0
        copy = str(tmp_path / "copy.db")
        done = run("import", str(target), "--format", fmt, "--db", copy)
        assert done.exit_code == 0, done.output
        with pt.open(copy) as tracker:
            assert tracker.get_source("long").text == text
        again = tmp_path / ("again" if fmt == "csv" else f"again.{fmt}")
        assert run("export", str(again), "--format", fmt, "--db", copy).exit_code == 0
        if fmt == "csv":
            assert {f.name: sha(f) for f in target.iterdir()} == {
                f.name: sha(f) for f in again.iterdir()
            }
        else:
            assert sha(target) == sha(again)

    def test_a_cell_beyond_the_limit_is_a_problem_naming_the_limit(
        self, tmp_path: Path, db: str
    ) -> None:
        with pt.open(db) as tracker:
            tracker.add_source(make_source("long", text="x" * 5_000))
        target = tmp_path / "b.zip"
        assert run("export", str(target), "--db", db).exit_code == 0
        with using(Limits(max_cell_chars=1_000)), pt.open(tmp_path / "c.db") as tracker:
            with pytest.raises(ImportFailed) as err:
                import_path(tracker, target)
            assert "max_cell_chars=1,000" in str(err.value)
            assert "sources.csv" in str(err.value)
            assert tracker.list_sources() == []


# --- atomic exports ----------------------------------------------------------------------


class TestAtomicExport:
    def test_a_missing_folder_exits_1_with_a_plain_message(self, tmp_path: Path, db: str) -> None:
        with pt.open(db) as tracker:
            tracker.add_source(make_source())
        done = run("export", str(tmp_path / "nowhere" / "b.json"), "--db", db)
        no_traceback(done)
        assert "folder does not exist" in done.stderr

    def test_a_failed_export_keeps_the_old_backup(self, tmp_path: Path, db: str) -> None:
        """Exporting over a file in a folder that cannot take it leaves the file as it was."""
        with pt.open(db) as tracker:
            tracker.add_source(make_source())
        backup = tmp_path / "b.json"
        assert run("export", str(backup), "--db", db).exit_code == 0
        before = sha(backup)
        blocker = tmp_path / "b.zip"
        blocker.mkdir()  # a folder where the file should go: the rename fails
        done = run("export", str(blocker), "--format", "zip", "--db", db)
        no_traceback(done)
        assert sha(backup) == before
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    @pytest.mark.skipif(
        os.geteuid() != 0 or shutil.which("unshare") is None,
        reason="needs root to mount a small file system",
    )
    def test_a_full_disk_is_reported_as_such_and_the_old_file_kept(
        self, tmp_path: Path, db: str
    ) -> None:
        with pt.open(db) as tracker:
            tracker.add_source(make_source("big", text="words " * 40_000))
        small = tmp_path / "small"
        small.mkdir()
        script = (
            'mount -t tmpfs -o size=64k tmpfs "$0" && echo old > "$0/b.json" && '
            '"$1" export "$0/b.json" --db "$2"; echo "exit=$?"; cat "$0/b.json"; ls -A "$0"'
        )
        done = subprocess.run(
            ["unshare", "--mount", "sh", "-c", script, str(small), PLEDGETRACK, db],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert "exit=1" in done.stdout, done.stdout + done.stderr
        assert "the disk is full" in done.stderr
        assert "Traceback" not in done.stderr
        assert done.stdout.splitlines()[1:] == ["old", "b.json"]  # old content, no temp left


# --- CSV formula cells -------------------------------------------------------------------


class TestFormulaCells:
    @pytest.fixture
    def hostile(self, db: str) -> str:
        with pt.open(db) as tracker:
            tracker.add_source(make_source())
            for i, text in enumerate(FORMULAS):
                tracker.add_commitment(
                    make_commitment(
                        f"c{i}", title=text.strip() or "x", actors=(text.strip(),), notes=text
                    )
                )
            tracker.add_commitment(
                make_commitment("quoted", title="'already quoted", notes="''two")
            )
        return db

    def _cells(self, text: str) -> list[str]:
        return [c for row in csv.reader(io.StringIO(text)) for c in row]

    def test_list_csv_neutralises_formula_cells(self, hostile: str) -> None:
        done = run("list", "--format", "csv", "--db", hostile)
        assert done.exit_code == 0
        cells = self._cells(done.stdout)
        for formula in FORMULAS:
            if formula.strip()[:1] in ("=", "+", "-", "@"):
                assert "'" + formula.strip() in cells
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]

    def test_summary_csv_neutralises_formula_cells(self, hostile: str) -> None:
        done = run("summary", "--format", "csv", "--by", "actor", "--db", hostile)
        assert done.exit_code == 0, done.output
        cells = self._cells(done.stdout)
        assert '\'=HYPERLINK("http://x","y")' in cells
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]

    def test_export_csv_neutralises_and_import_restores_exactly(
        self, hostile: str, tmp_path: Path
    ) -> None:
        out = tmp_path / "out"
        assert run("export", str(out), "--db", hostile).exit_code == 0
        cells = [c for f in out.iterdir() for c in self._cells(f.read_text(encoding="utf-8"))]
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
        assert "''already quoted" in cells
        copy = str(tmp_path / "copy.db")
        done = run("import", str(out), "--db", copy)
        assert done.exit_code == 0, done.output
        with pt.open(hostile) as a, pt.open(copy) as b:
            assert export_document(a) == export_document(b)
            assert b.get_commitment("c0").notes == FORMULAS[0]
            assert b.get_commitment("c5").notes == "\rCR"
            assert b.get_commitment("quoted").title == "'already quoted"

    def test_numbers_stay_numbers(self) -> None:
        document = {
            "pledgetrack": FORMAT_VERSION,
            "sources": [],
            "commitments": [],
            "fields": [
                {
                    "name": "delta",
                    "type": "integer",
                    "description": "-5",
                    "choices": [],
                    "required": False,
                }
            ],
        }
        tables = csv_tables(document)
        assert "delta,integer,-5," in tables["fields.csv"]


# --- hostile input -----------------------------------------------------------------------

BOMB = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)


def _document(**changes: object) -> dict[str, object]:
    commitment = commitment_to_dict(make_commitment(), [])
    commitment.update(changes)
    return {
        "pledgetrack": FORMAT_VERSION,
        "sources": [source_to_dict(make_source())],
        "commitments": [commitment],
    }


HOSTILE_FILES: dict[str, str | bytes] = {
    "deep.json": "[" * 100_000 + "]" * 100_000,
    "huge-int.json": '{"pledgetrack": ' + "9" * 5000 + "}",
    "custom-abc.json": json.dumps(_document(custom={"budget": {"decimal": "abc"}})),
    "custom-nan.json": json.dumps(_document(custom={"budget": {"decimal": "NaN"}})),
    "target-overflow.json": json.dumps(_document(target={"quantity": "1e999999999", "unit": "t"})),
    "target-digits.json": json.dumps(_document(target={"quantity": "9" * 5000, "unit": "t"})),
    "int-key.yaml": "pledgetrack: 1\nsources: []\ncommitments:\n  - key: a\n    1: x\n",
    "bad-start.json": json.dumps(
        _document(citations=[{"source": "summit-report", "quote": "China", "start": "abc"}])
    ),
    "long-actor.json": json.dumps(_document(actors=["A" * 201])),
    "bomb.yaml": BOMB,
    "loop.yaml": "a: &a [*a]\n",
    "not-utf8.json": b'{"pledgetrack": "\xff\xfe"}',
    "big-progress.json": json.dumps(
        _document(
            history=[{"status": "in_progress", "effective": "2025-01-01", "progress": "1e400"}]
        )
    ),
}


class TestHostileInput:
    @pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
    def test_exit_1_with_problems_and_no_traceback(
        self, tmp_path: Path, db: str, name: str
    ) -> None:
        file = tmp_path / name
        content = HOSTILE_FILES[name]
        file.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        started = time.monotonic()
        done = run("import", str(file), "--db", db)
        assert time.monotonic() - started < 30
        no_traceback(done)
        assert name in done.stderr
        assert max(len(line) for line in done.stderr.splitlines()) < 400
        with pt.open(db) as tracker:
            assert tracker.count() == 0

    def test_custom_csv_decimal_abc(self, tmp_path: Path, db: str) -> None:
        with pt.open(db) as tracker:
            tracker.add_source(make_source())
            tracker.add_commitment(make_commitment(custom={"budget": Decimal("5")}))
        out = tmp_path / "out"
        assert run("export", str(out), "--db", db).exit_code == 0
        custom = out / "custom.csv"
        custom.write_text(custom.read_text(encoding="utf-8").replace(",decimal,5", ",decimal,abc"))
        fields = out / "fields.csv"
        fields.write_text("name,type,description,choices,required\nsize,choice,,[not json,false\n")
        done = run("import", str(out), "--db", str(tmp_path / "new.db"))
        no_traceback(done)
        assert "custom" in done.stderr
        assert "fields.csv" in done.stderr

    def test_a_flipped_byte_in_a_zip(self, tmp_path: Path, db: str) -> None:
        with pt.open(db) as tracker:
            tracker.add_source(make_source())
            tracker.add_commitment(make_commitment())
        target = tmp_path / "b.zip"
        assert run("export", str(target), "--db", db).exit_code == 0
        data = bytearray(target.read_bytes())
        failures = 0
        for position in range(30, len(data) - 30, max(1, len(data) // 40)):
            flipped = bytearray(data)
            flipped[position] ^= 0xFF
            bad = tmp_path / "bad.zip"
            bad.write_bytes(bytes(flipped))
            done = run("import", str(bad), "--db", str(tmp_path / "x.db"))
            if done.exit_code != 0:
                failures += 1
                no_traceback(done)
        assert failures > 0

    def test_a_zip_member_expanding_beyond_the_limit(self, tmp_path: Path, db: str) -> None:
        bomb = tmp_path / "bomb.zip"
        with (
            zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive,
            archive.open("sources.csv", "w", force_zip64=True) as member,
        ):
            member.write(",".join(CSV_TABLES["sources.csv"]).encode() + b"\n")
            chunk = b"x" * (1 << 20)
            for _ in range(64):
                member.write(chunk)
        assert bomb.stat().st_size < 1_000_000
        with using(Limits(max_zip_member_bytes=16 * 1024 * 1024)), pt.open(db) as tracker:
            started = time.monotonic()
            with pytest.raises(ImportFailed, match="max_zip_member_bytes"):
                import_path(tracker, bomb)
            assert time.monotonic() - started < 30

    def test_limits_come_from_the_environment(
        self, tmp_path: Path, db: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        file = tmp_path / "aliases.yaml"
        file.write_text("a: &a x\nb: [*a, *a, *a]\n")
        monkeypatch.setenv("PLEDGETRACK_MAX_YAML_ALIASES", "2")
        done = run("import", str(file), "--db", db)
        no_traceback(done)
        assert "PLEDGETRACK_MAX_YAML_ALIASES" in done.stderr
        monkeypatch.setenv("PLEDGETRACK_MAX_YAML_ALIASES", "lots")
        no_traceback(run("import", str(file), "--db", db))


class TestMappingHostility:
    def _mapping(self, tmp_path: Path, extra: str) -> Path:
        shutil.copy(Path(__file__).parents[1] / "data/import/yearly/ratings.csv", tmp_path)
        mapping = tmp_path / "mapping.yaml"
        text = (Path(__file__).parents[1] / "data/import/yearly/mapping.yaml").read_text()
        mapping.write_text(
            text.replace("ratings: {file: ratings.csv}", f"ratings: {{file: ratings.csv{extra}}}")
        )
        return mapping

    @pytest.mark.parametrize(
        ("extra", "said"),
        [(", encoding: klingon", "not known"), (", delimiter: ';;'", "one character")],
    )
    def test_bad_table_options(self, tmp_path: Path, db: str, extra: str, said: str) -> None:
        done = run("import", "--mapping", str(self._mapping(tmp_path, extra)), "--db", db)
        no_traceback(done)
        assert said in done.stderr

    def test_an_alias_bomb_mapping_is_refused_within_seconds(self, tmp_path: Path, db: str) -> None:
        mapping = tmp_path / "mapping.yaml"
        mapping.write_text("pledgetrack-mapping: 1\n" + BOMB + "\n")
        started = time.monotonic()
        done = run("import", "--mapping", str(mapping), "--db", db)
        assert time.monotonic() - started < 10
        no_traceback(done)
        assert "max_yaml_expansion" in done.stderr


class TestBoundsOnEveryBackend:
    @pytest.mark.parametrize(
        ("field", "value"),
        [("actors", ("A" * 201,)), ("themes", ("T" * 201,))],
    )
    def test_long_names_refused_before_the_database(
        self, tracker: pt.Tracker, field: str, value: tuple[str, ...]
    ) -> None:
        tracker.add_source(make_source())
        with pytest.raises(pt.ValidationError, match="at most 200"):
            tracker.add_commitment(make_commitment(**{field: value}))
        assert tracker.count() == 0

    def test_long_language_refused(self, tracker: pt.Tracker) -> None:
        with pytest.raises(pt.ValidationError, match="at most 35"):
            tracker.add_source(make_source(language="x" * 36))

    @pytest.mark.parametrize("quantity", ["1e999999999", "9" * 5000, "NaN", "1e18"])
    def test_absurd_targets_refused(self, quantity: str) -> None:
        with pytest.raises(pt.ValidationError, match="at most 18 digits before the point"):
            pt.Target(quantity, "people")

    def test_the_largest_target_is_summed_without_overflow(self, tracker: pt.Tracker) -> None:
        tracker.add_source(make_source())
        big = "9" * 18
        tracker.add_commitment(make_commitment("a", target=pt.Target(big, "t")))
        tracker.add_commitment(make_commitment("b", target=pt.Target(big, "t")))
        summary = pt.summarize(tracker)
        assert summary is not None
        target = tracker.get_commitment("a").target
        assert target is not None and target.quantity == Decimal(big)


def test_the_reliability_page_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Python block of docs/reliability.md runs, and prints what the page says."""
    page = (Path(__file__).parents[2] / "docs" / "reliability.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", page, flags=re.S)
    shown = re.findall(r"prints\n\n```text\n(.*?)\n```", page, flags=re.S)
    assert blocks and shown
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, "docs/reliability.md", "exec"), {})
    assert out.getvalue().strip() == shown[0].strip()
