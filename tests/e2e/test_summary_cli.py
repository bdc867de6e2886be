"""``pledgetrack summary`` and ``pledgetrack report``, run as a user runs them (a fresh process)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import pledgetrack as pt
from pledgetrack.model import Citation, Deadline, Status, Target
from pledgetrack.render import json_schema
from pledgetrack.rollups import summarize
from pledgetrack.testing import make_source

QUOTE = "China is ready to provide at least 1,000 training opportunities"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "PLEDGETRACK_DB"}
    environment.update(COLUMNS="120", NO_COLOR="1")
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "pledgetrack", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=environment,
    )


def fill(url: str) -> None:
    with pt.open(url) as tracker:
        tracker.add_source(make_source())
        for i, (actor, theme, due, status) in enumerate(
            [
                ("China", "digital", dt.date(2025, 6, 30), "in_progress"),
                ("China", "trade", dt.date(2024, 12, 31), None),
                ("Kazakhstan", "digital", dt.date(2026, 3, 31), "fulfilled"),
                ("Kazakhstan", "youth", None, None),
                ("SCO", "trade", dt.date(2028, 12, 31), "not_started"),
            ]
        ):
            tracker.add_commitment(
                key=f"pledge-{i}",
                title=f"Pledge number {i}",
                actors=[actor],
                themes=[theme],
                announced=dt.date(2024, 7, 4),
                deadline=Deadline(due) if due else None,
                target=Target("1000", "places") if i == 0 else None,
                citations=[Citation("summit-report", QUOTE)],
                custom={"region": "asia" if i % 2 else "europe"},
            )
            if status:
                tracker.record_status(f"pledge-{i}", status, effective="2025-01-10")


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "cli.db")
    fill(path)
    return path


def test_json_matches_the_api_and_the_schema(db: str) -> None:
    done = run("summary", "--db", db, "--as-of", "2025-12-31", "--by", "theme", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)
    with pt.open(db) as tracker:
        expected = summarize(tracker, as_of="2025-12-31", by=["theme"])
    assert data["as_of"] == "2025-12-31"
    assert data["total"] == expected.total == 5
    assert data["by_status"] == {s.value: expected.by_status[s] for s in Status}
    assert data["overdue"] == expected.overdue == 1
    assert data["unassessed_past_due"] == expected.counts.unassessed_past_due == 1
    groups = {g["key"]["theme"]: (g["total"], g["by_status"]) for g in data["groups"]}
    assert groups == {
        g.get("theme"): (g.counts.total, {s.value: g.counts.by_status[s] for s in Status})
        for g in expected.groups
    }


def test_store_from_the_environment_and_filters(db: str) -> None:
    done = run(
        "summary", "--as-of", "2025-12-31", "--actor", "China", "--status", "in progress",
        "--format", "json", env={"PLEDGETRACK_DB": db},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["total"], data["by_status"]["in_progress"]) == (1, 1)
    assert data["filter"] == {"actors": ["China"], "statuses": ["in_progress"]}
    by_field = run(
        "summary", "--db", db, "--as-of", "2025-12-31", "--field", "region=asia",
        "--by", "field:region", "--format", "json",
    )  # fmt: skip
    assert by_field.returncode == 0, by_field.stderr
    assert [g["key"] for g in json.loads(by_field.stdout)["groups"]] == [{"field:region": "asia"}]


def test_text_lists_what_is_overdue_and_due(db: str) -> None:
    done = run("summary", "--db", db, "--as-of", "2025-12-31")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "5 commitments as of 2025-12-31" in out
    assert "Overdue (1)" in out and "overdue by 184 days" in out
    # pledge-1 has no status update: its deadline passed, it is not overdue
    assert "Deadline passed, not assessed (1)" in out
    assert "deadline passed 365 days ago (due 2024-12-31); not assessed" in out
    assert "overdue by 365 days" not in out
    assert "Fulfilled (1)" in out and "Not under way, due later (1)" in out
    assert "No deadline (1)" in out and "pledge-3" in out
    assert "\x1b[" not in out
    hidden = run("summary", "--db", db, "--as-of", "2025-12-31", "--no-list")
    assert "Overdue (1)" not in hidden.stdout and "Overdue" in hidden.stdout


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("markdown", lambda out: out.startswith("# Commitments") and "## By status" in out),
        ("html", lambda out: out.startswith("<!DOCTYPE html>") and 'id="timeline"' in out),
        ("csv", lambda out: next(csv.reader(io.StringIO(out)))[:2] == ["theme", "total"]),
        ("text", lambda out: "By theme" in out),
        ("json", lambda out: json.loads(out)["dimensions"] == ["theme"]),
    ],
)
def test_every_format_prints_and_writes(db: str, tmp_path: Path, fmt: str, check: object) -> None:
    args = ("summary", "--db", db, "--as-of", "2025-12-31", "--by", "theme", "--format", fmt)
    printed = run(*args)
    assert printed.returncode == 0, printed.stderr
    assert check(printed.stdout)  # type: ignore[operator]
    target = tmp_path / f"out.{fmt}"
    written = run(*args, "-o", str(target))
    assert written.returncode == 0, written.stderr
    assert written.stdout == ""
    assert target.read_text(encoding="utf-8") == printed.stdout


def test_csv_items_table(db: str) -> None:
    args = ("--as-of", "2025-12-31", "--format", "csv", "--table", "items")
    done = run("summary", "--db", db, *args)
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert sorted(r["key"] for r in rows) == [f"pledge-{i}" for i in range(5)]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--by", "colour"), 2, "choose from: actor, theme, event"),
        (("--status", "done"), 2, "choose one of: no_evidence"),
        (("--field", "colour=red"), 1, "known: region"),
        (("--by", "field:colour"), 1, "known: region"),
        (("--as-of", "31/12/2025"), 2, "'31/12/2025' is not a date (YYYY-MM-DD)"),
        (("--since", "2025-02-30"), 2, "'2025-02-30' is not a date (YYYY-MM-DD)"),
        (("--due-from", "2026-01-01", "--due-to", "2025-01-01"), 2, "before due_from"),
    ],
)
def test_bad_input_exits_with_its_code_and_writes_nothing(
    db: str, tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    """The command line's own mistakes exit 2; what only the store refuses exits 1."""
    target = tmp_path / "never.json"
    before = Path(db).read_bytes()
    done = run("summary", "--db", db, "--format", "json", "-o", str(target), *args)
    assert done.returncode == code, done.stderr
    assert message in " ".join(done.stderr.split())
    assert done.stdout == ""
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pledgetrack-")]
    assert Path(db).read_bytes() == before


def test_a_missing_store_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    done = run("summary", "--db", str(missing))
    assert done.returncode == 1
    assert "no store" in done.stderr
    assert not missing.exists()


def test_report_writes_a_self_contained_page(db: str, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    done = run("report", "--db", db, "--as-of", "2025-12-31", "--by", "actor", "-o", str(target))
    assert done.returncode == 0, done.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert 'id="group-bars"' in page and "Kazakhstan" in page
    # nothing is loaded from anywhere: web addresses only as links to the sources
    assert "<script" not in page and "<link" not in page and "src=" not in page
    assert "@import" not in page and "url(" not in page
    # a section per listed commitment, linked from the tables, with its quote and history
    for i in range(5):
        assert f'href="#c-pledge-{i}"' in page and f'id="c-pledge-{i}"' in page
    assert f"“{QUOTE}”" in page
    assert "No status update yet: not assessed." in page  # pledge-1 and pledge-3
    assert "2025-01-10" in page  # the dated history of the others


def test_output_files_honour_the_umask(db: str, tmp_path: Path) -> None:
    for args, name in (
        (("summary", "--format", "json"), "s.json"),
        (("report",), "r.html"),
    ):
        target = tmp_path / name
        done = subprocess.run(
            ["sh", "-c", 'umask 027 && exec "$@"', "sh", sys.executable, "-m", "pledgetrack",
             *args, "--db", db, "-o", str(target)],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert target.stat().st_mode & 0o777 == 0o640, oct(target.stat().st_mode)


def test_limit_0_means_no_limit_and_text_follows_columns(db: str) -> None:
    base = ("summary", "--db", db, "--as-of", "2025-12-31", "--format", "csv", "--table", "items")
    everything = run(*base, "--limit", "0")  # not "none a section"
    assert everything.returncode == 0, everything.stderr
    assert len(list(csv.DictReader(io.StringIO(everything.stdout)))) == 5
    for columns in ("60", "80", "140"):
        done = run("summary", "--db", db, "--as-of", "2025-12-31", env={"COLUMNS": columns})
        lines = done.stdout.splitlines()
        assert max(len(line) for line in lines) <= int(columns)
        words = set(done.stdout.split())
        for word in ("pledge-1", "pledge-4", "Pledge", "number", "assessed", "2024-12-31);"):
            assert word in words, (columns, word)


def test_postgresql_store(store_url: str) -> None:
    fill(store_url)
    done = run("summary", "--db", store_url, "--as-of", "2025-12-31", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["total"], data["overdue"], data["unassessed_past_due"]) == (5, 1, 1)


def test_the_readme_flow_seeds_and_summarises(tmp_path: Path) -> None:
    store = str(tmp_path / "sco.db")
    seeded = run("seed", "--db", store)
    assert seeded.returncode == 0, seeded.stderr
    done = run("summary", "--db", store)
    assert done.returncode == 0, done.stderr
    assert f"as of {dt.date.today().isoformat()}" in done.stdout
    for heading in ("Deadline passed, not assessed (", "No deadline (", "Fulfilled ("):
        assert heading in done.stdout
    # what the summary says is true: nothing unassessed is overdue or scored
    data = json.loads(run("summary", "--db", store, "--format", "json", "--limit", "0").stdout)
    assert all(i["status"] != "no_evidence" for i in data["items"]["overdue"])
    assert all(i["status"] == "no_evidence" for i in data["items"]["unassessed"])
    assert len(data["items"]["unassessed"]) == data["unassessed_past_due"] > 0
    unassessed = data["by_status"]["no_evidence"]
    assert data["compliance"]["left_out"]["unassessed"] == unassessed
    assert data["compliance"]["assessed"] <= data["total"] - unassessed
    assert data["fulfilment_rated"] == data["assessed"] - data["by_status"]["not_applicable"]
    assert f"left out: {unassessed} unassessed" in done.stdout


def test_the_summary_example_runs(tmp_path: Path) -> None:
    report = tmp_path / "example.html"
    script = Path(__file__).resolve().parents[2] / "examples" / "summary_report.py"
    done = subprocess.run(
        [
            sys.executable, str(script),
            str(tmp_path / "example.db"), "--as-of", "2020-01-01", "--html", str(report),
        ],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "6 commitments as of 2020-01-01" in done.stdout
    assert "Overdue (2)" in done.stdout
    assert "900 (30%)" in done.stdout  # delivered so far of a 3,000 target
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
