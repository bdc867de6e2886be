"""Reliability of the store: concurrent writers and openers, foreign files, read-only stores,
downgrades with data, a full disk.

Concurrency is tested with real processes on a real SQLite file and a real PostgreSQL server;
each test is bounded by a timeout on the processes it starts.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from typer.testing import CliRunner

import pledgetrack as pt
from pledgetrack.cli import app
from pledgetrack.io import import_path
from pledgetrack.io.document import FORMAT_VERSION, commitment_to_dict, source_to_dict
from pledgetrack.store import migrate
from pledgetrack.store.engine import create_store_engine, resolve_url
from pledgetrack.testing import make_commitment, make_source

WORKER = Path(__file__).with_name("reliability_worker.py")
PLEDGETRACK = str(Path(sys.executable).with_name("pledgetrack"))
TIMEOUT = 120


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finish(processes: list[subprocess.Popen[str]]) -> list[str]:
    """Every failure the processes reported (each prints FAIL lines; exit code = their count)."""
    failures = []
    for process in processes:
        try:
            out, _ = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            out, _ = process.communicate()
            failures.append(f"timed out after {TIMEOUT} s")
        failures += [line for line in out.splitlines() if line.startswith("FAIL")]
        if process.returncode and not failures:
            failures.append(f"exit {process.returncode}: {out[-800:]}")
    return failures


def _document(keys: list[str]) -> str:
    return json.dumps(
        {
            "pledgetrack": FORMAT_VERSION,
            "sources": [source_to_dict(make_source())],
            "commitments": [commitment_to_dict(make_commitment(k), []) for k in keys],
        },
        default=str,
    )


def _digest(path: Path) -> dict[str, str]:
    """The bytes of ``path`` and of any file SQLite might have put beside it."""
    out = {}
    for file in sorted(path.parent.iterdir()):
        if file.name.startswith(path.name):
            out[file.name] = hashlib.sha256(file.read_bytes()).hexdigest()
    return out


class TestConcurrentWriters:
    def test_eight_writer_processes_on_one_sqlite_file_lose_nothing(self, tmp_path: Path) -> None:
        """6 API processes and 2 CLI processes write at once; every write is stored."""
        store = str(tmp_path / "shared.db")
        with pt.open(store) as tracker:
            tracker.add_source(make_source())
        files = []
        for i in range(4):
            file = tmp_path / f"cli-{i}.json"
            file.write_text(_document([f"cli{i}-{j:02d}" for j in range(6)]), encoding="utf-8")
            files.append(str(file))
        start = str(time.time() + 1.5)
        per_api = 8
        processes = [_start(["api", store, start, f"api{i}", str(per_api)]) for i in range(6)]
        processes += [
            _start(["cli", store, start, f"cli{i}", *files[2 * i : 2 * i + 2]]) for i in range(2)
        ]
        assert _finish(processes) == []
        with pt.open(store) as tracker:
            assert tracker.count() == 6 * per_api + 4 * 6
            histories = tracker.histories()
        api_keys = [k for k in histories if k.startswith("api")]
        assert len(api_keys) == 6 * per_api
        assert all(len(histories[k]) == 1 for k in api_keys)
        with sqlite3.connect(store) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


class TestConcurrentFirstOpen:
    def _open_at_once(self, store: str, count: int = 5) -> list[str]:
        start = str(time.time() + 1.5)
        return _finish([_start(["open", store, start]) for _ in range(count)])

    def test_sqlite(self, tmp_path: Path) -> None:
        store = str(tmp_path / "new.db")
        assert self._open_at_once(store) == []
        with pt.open(store) as tracker:
            assert tracker.schema_revision() == migrate.head_revision()

    @pytest.mark.postgres
    def test_postgresql(self, postgres_url: str) -> None:
        assert self._open_at_once(postgres_url) == []
        with pt.open(postgres_url) as tracker:
            assert tracker.schema_revision() == migrate.head_revision()


class TestForeignFiles:
    @pytest.fixture
    def foreign(self, tmp_path: Path) -> Path:
        path = tmp_path / "theirs.db"
        with sqlite3.connect(path) as raw:
            raw.execute("CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT)")
            raw.execute("INSERT INTO recipe (name) VALUES ('bread')")
        raw.close()
        return path

    @pytest.mark.parametrize(
        "command", [["list"], ["summary"], ["init"], ["db", "upgrade"], ["export", "-"]]
    )
    def test_a_foreign_sqlite_file_is_refused_byte_for_byte_unchanged(
        self, foreign: Path, command: list[str]
    ) -> None:
        before = _digest(foreign)
        args = [c if c != "-" else str(foreign.with_name("out.json")) for c in command]
        done = CliRunner().invoke(app, [*args, "--db", str(foreign)])
        assert done.exit_code == 1, done.output
        assert "not created by pledgetrack" in done.stderr
        assert "Traceback" not in done.output
        assert _digest(foreign) == before
        with sqlite3.connect(foreign) as raw:
            assert raw.execute("PRAGMA journal_mode").fetchone() == ("delete",)

    def test_a_file_that_is_not_sqlite_is_refused_unchanged(self, tmp_path: Path) -> None:
        path = tmp_path / "notes.db"
        path.write_bytes(b"shopping list: bread, milk\n" * 100)
        before = _digest(path)
        with pytest.raises(pt.StoreError):
            pt.open(path)
        assert _digest(path) == before

    def test_an_empty_file_becomes_a_store(self, tmp_path: Path) -> None:
        path = tmp_path / "empty.db"
        path.touch()
        with pt.open(path) as tracker:
            assert tracker.schema_revision() == migrate.head_revision()


class TestReadOnlyStore:
    @pytest.fixture
    def read_only(self, tmp_path: Path) -> Iterator[Path]:
        folder = tmp_path / "ro"
        folder.mkdir()
        path = folder / "pledges.db"
        with pt.open(path) as tracker:
            tracker.add_source(make_source())
            tracker.add_commitment(make_commitment())
        (tmp_path / "out").mkdir()
        if os.geteuid() != 0:  # permissions stop a user; root needs a read-only mount (below)
            path.chmod(0o444)
            folder.chmod(0o555)
        try:
            yield path
        finally:
            folder.chmod(0o755)
            path.chmod(0o644)

    def _run(self, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
        """Run the CLI where ``folder`` cannot be written: a read-only mount for root."""
        command = [PLEDGETRACK, *args]
        if os.geteuid() == 0:
            mount = 'mount --bind -o ro "$0" "$0" && exec "$@"'
            command = ["unshare", "--mount", "sh", "-c", mount, str(folder), *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)

    def test_it_can_be_read_and_not_written(self, read_only: Path) -> None:
        folder = read_only.parent
        before = _digest(read_only)
        db = ["--db", str(read_only)]
        for command in (["summary"], ["show", "china-digital-training"]):
            done = self._run(folder, *command, *db)
            assert done.returncode == 0, done.stderr
        listed = self._run(folder, "list", "--format", "csv", *db).stdout
        assert "china-digital-training" in listed
        out = folder.parent / "out" / "backup.json"
        done = self._run(folder, "export", str(out), *db)
        assert done.returncode == 0, done.stderr
        assert "china-digital-training" in out.read_text(encoding="utf-8")
        update = ["update", "china-digital-training", "in_progress", "--effective", "2025-01-01"]
        done = self._run(folder, *update, *db)
        assert done.returncode == 1
        assert "read-only" in done.stderr
        assert "Traceback" not in done.stderr
        assert _digest(read_only) == before

    def test_the_api_opens_an_unwritable_file_read_only(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "p.db"
        with pt.open(path) as tracker:
            tracker.add_source(make_source())
        path.chmod(0o444)
        if os.geteuid() == 0:  # root may write anything: make the permission check say no
            real = os.access
            monkeypatch.setattr(
                "pledgetrack.store.engine.os.access",
                lambda p, mode: False if mode == os.W_OK else real(p, mode),
            )
        with pt.open(path) as tracker:
            assert [s.key for s in tracker.list_sources()] == ["summit-report"]
            with pytest.raises(pt.StoreError, match="read-only"):
                tracker.add_source(make_source("another"))


class TestDowngradeWithData:
    def test_db_downgrade_base_on_a_store_with_parents_history_and_evidence(
        self, store_url: str
    ) -> None:
        with pt.open(store_url) as tracker:
            tracker.add_source(make_source())
            tracker.add_commitment(make_commitment("parent"))
            tracker.add_commitment(make_commitment("child", parent="parent"))
            tracker.record_status(
                "child",
                "in_progress",
                effective="2025-01-01",
                evidence=[pt.Citation("summit-report", "Kazakhstan will host a youth forum")],
            )
        done = CliRunner().invoke(app, ["db", "downgrade", "base", "--db", store_url])
        assert done.exit_code == 0, done.output
        assert "schema at base (empty)" in done.stdout
        assert "commitment (2)" in done.stdout
        engine = create_store_engine(resolve_url(store_url))
        try:
            assert migrate.current_revision(engine) is None
        finally:
            engine.dispose()
        with pt.open(store_url) as tracker:
            assert tracker.count() == 0

    def test_a_downgrade_that_would_break_links_changes_nothing(self, tmp_path: Path) -> None:
        """SQLite: rows left pointing at nothing make the downgrade refuse and roll back."""
        path = tmp_path / "p.db"
        with pt.open(path) as tracker:
            tracker.add_source(make_source())
            tracker.add_commitment(make_commitment())
        with sqlite3.connect(path) as raw:
            raw.execute("PRAGMA foreign_keys=OFF")
            raw.execute(
                "CREATE TABLE note (id INTEGER PRIMARY KEY, c INTEGER REFERENCES commitment(id))"
            )
            raw.execute("INSERT INTO note (c) VALUES (1)")
        raw.close()
        done = CliRunner().invoke(app, ["db", "downgrade", "base", "--db", str(path)])
        assert done.exit_code == 1
        assert "refused, nothing was changed" in done.stderr
        with sqlite3.connect(path) as raw:
            tables = {
                r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            assert raw.execute("SELECT COUNT(*) FROM note").fetchone() == (1,)
        raw.close()
        assert {"commitment", "source", "citation", "alembic_version"} <= tables
        with pt.open(path) as tracker:
            assert tracker.count() == 1
            assert tracker.schema_revision() == migrate.head_revision()


class TestDiskFull:
    def test_a_full_disk_during_an_import_says_so_and_stores_nothing(self, tmp_path: Path) -> None:
        data = tmp_path / "big.json"
        keys = [f"k{i:03d}" for i in range(200)]
        document = json.loads(_document(keys))
        for c in document["commitments"]:
            c["notes"] = "n" * 4000
        data.write_text(json.dumps(document), encoding="utf-8")
        with pt.open(tmp_path / "small.db") as tracker:
            tracker.add_source(make_source("other"))
            with tracker.engine.connect() as conn:
                pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar_one())

            @event.listens_for(tracker.engine, "connect")
            def cap(dbapi: sqlite3.Connection, _record: object) -> None:
                dbapi.execute(f"PRAGMA max_page_count={pages + 30}")

            tracker.engine.dispose()
            with pytest.raises(pt.StoreError, match="the disk is full"):
                import_path(tracker, data)
            assert tracker.count() == 0
            assert [s.key for s in tracker.list_sources()] == ["other"]


def test_busy_timeout_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLEDGETRACK_BUSY_TIMEOUT", "2.5")
    with pt.open(tmp_path / "p.db") as tracker, tracker.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 2500
    monkeypatch.setenv("PLEDGETRACK_BUSY_TIMEOUT", "soon")
    with pytest.raises(pt.StoreError, match="PLEDGETRACK_BUSY_TIMEOUT"):
        pt.open(tmp_path / "p.db")
