"""A mapped import of a 20,000-row yearly spreadsheet against a raw csv + sqlite3 baseline.

The file: one row per commitment, three rating rounds as columns (``status_2021`` …), about
one cell in seven empty (an unrated round), so 20,000 rows give about 76,000 records
(20,000 commitments and about 56,000 status updates). Both contenders run as whole processes,
start-up included, on the same file, in the same run:

- ``library``: ``python -m pledgetrack import --mapping mapping.yaml --db FILE`` (the file
  read, every value checked and converted, written through the bulk loader);
- ``raw``: the csv module reads the file and sqlite3 ``executemany`` writes the same rows
  (a commitments table and an updates table, the rounds unpivoted) in one transaction —
  no checks, no conversions.

Peak resident memory of the library's process is measured at a quarter of the size and at
the full size. ``PLEDGETRACK_BENCH_IMPORT_ROWS`` sets the size (default 20,000).
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from results import record, timings_of

ROWS = int(os.environ.get("PLEDGETRACK_BENCH_IMPORT_ROWS", "20000"))
ROUNDS = 3
_counter = itertools.count()

LABELS = ["Not started", "On track", "Delayed", "Off track", "Completed", "Dropped"]
SECTORS = ["Health", "Education", "Energy", "Transport", "Governance", "Agriculture"]
DEADLINES = ["by end of 2019", "Q4 2020", "2018", "June 2021", "2017-2024", "annually", ""]

MAPPING = r"""
pledgetrack-mapping: 1
dates: {dayfirst: true}
tables: {ratings: {file: ratings.csv}}
vocabularies:
  - name: delivery-unit
    labels: {Not started: not_started, On track: in_progress, Delayed: delayed,
             Off track: delayed, Completed: fulfilled, Dropped: broken}
fields:
  - {name: sector, type: text}
sources:
  - key: {constant: delivery-unit}
    title: {constant: Delivery Unit ratings}
commitments:
  from: ratings
  key: {template: "ndu-{No}{Letter?}"}
  parent: {template: "ndu-{No}", when: "@.Letter"}
  title: Commitment
  actors: {column: Lead ministry, split: ";"}
  announced: Announced
  target: {quantity: Target, unit: Unit}
  deadline: Deadline
  themes: Sector
  custom: {sector: Sector}
  citations:
    - {source: {constant: delivery-unit}, quote: Commitment}
history:
  - from: ratings
    commitment: {template: "ndu-{No}{Letter?}"}
    vocabulary: delivery-unit
    rounds: {pattern: 'status_(?P<year>\d{4})', effective: "{year}-12-31"}
"""

RAW = r"""
import csv, sqlite3, sys
path, db = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db)
conn.execute("create table commitment (id integer primary key, key text unique, parent text,"
             " title text, actors text, announced text, target text, unit text, deadline text,"
             " sector text)")
conn.execute("create table status_update (id integer primary key, commitment text,"
             " status text, effective text)")
rounds = ("status_2021", "status_2022", "status_2023")
with open(path, newline="", encoding="utf-8") as f, conn:
    rows = list(csv.DictReader(f))
    conn.executemany(
        "insert into commitment (key, parent, title, actors, announced, target, unit, deadline,"
        " sector) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [("ndu-" + r["No"] + r["Letter"], "ndu-" + r["No"] if r["Letter"] else None,
          r["Commitment"], r["Lead ministry"], r["Announced"], r["Target"] or None,
          r["Unit"] or None, r["Deadline"] or None, r["Sector"]) for r in rows])
    conn.executemany(
        "insert into status_update (commitment, status, effective) values (?, ?, ?)",
        [("ndu-" + r["No"] + r["Letter"], r[c], c[-4:] + "-12-31")
         for r in rows for c in rounds if r[c]])
print(len(rows))
"""

LIBRARY = r"""
import json, resource, sys
from pledgetrack.cli import main
sys.argv = ["pledgetrack", "import", "--mapping", sys.argv[1], "--db", sys.argv[2],
            "--report", "json"]
try:
    main()
except SystemExit as stop:
    if stop.code:
        raise
print(json.dumps({"peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def write_spreadsheet(folder: Path, rows: int, seed: int = 11) -> Path:
    """The yearly spreadsheet (CSV) and its mapping in ``folder``; its rows, made once."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ratings.csv"
    (folder / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    if path.exists():
        return path
    rnd = random.Random(seed)
    header = ["No", "Letter", "Commitment", "Lead ministry", "Sector", "Announced", "Target"]
    header += ["Unit", "Deadline", "status_2021", "status_2022", "status_2023"]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        number, letter = 0, ""
        for i in range(rows):
            if i and rnd.random() < 0.15 and letter < "f":  # a part of the one before
                letter = chr(ord(letter or "a") + (1 if letter else 0))
            else:
                number, letter = number + 1, ""
            sector = rnd.choice(SECTORS)
            quantity = rnd.randint(1, 900) if rnd.random() < 0.5 else None
            year = rnd.randint(2014, 2016)
            statuses = [rnd.choice(LABELS) if rnd.random() < 0.93 else "" for _ in range(3)]
            writer.writerow(
                [
                    number,
                    letter,
                    f"Commitment {number}{letter}: deliver {quantity or 'the'} {sector} works "
                    f"in district {rnd.randint(1, 99)}",
                    f"Ministry of {sector}" + ("; Treasury" if rnd.random() < 0.2 else ""),
                    sector,
                    f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{year}",
                    quantity or "",
                    "sites" if quantity else "",
                    rnd.choice(DEADLINES),
                    *statuses,
                ]
            )
    return path


@pytest.fixture(scope="module")
def spreadsheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _compiled_as_installed()
    return write_spreadsheet(tmp_path_factory.mktemp("import") / str(ROWS), ROWS)


def _compiled_as_installed() -> None:
    """The package's modules compiled to bytecode once, as an installed package has them (pip
    compiles at install; a checkout run with ``PYTHONDONTWRITEBYTECODE`` would otherwise
    compile every module again in every process timed)."""
    import compileall

    import pledgetrack

    compileall.compile_dir(Path(pledgetrack.__file__).parent, quiet=1)


def _load() -> str:
    """The machine's load averages (1, 5 minutes): what the wall times shared the cores with."""
    one, five, _fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f}"


def _run(kind: str, folder: Path, db: Path) -> dict[str, Any]:
    if kind == "raw":
        args = [sys.executable, "-c", RAW, str(folder / "ratings.csv"), str(db)]
    else:
        args = [sys.executable, "-c", LIBRARY, str(folder / "mapping.yaml"), str(db)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, capture_output=True, text=True, check=True, timeout=3600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if kind == "raw":
        return {"rows": int(done.stdout), "cpu": cpu}
    lines = done.stdout.strip().splitlines()
    return {"report": json.loads("\n".join(lines[:-1])), **json.loads(lines[-1]), "cpu": cpu}


@pytest.mark.benchmark(group=f"import-mapped ({ROWS:,} rows)")
@pytest.mark.parametrize("name", ["library", "raw"])
def test_import_spreadsheet(benchmark: Any, spreadsheet: Path, tmp_path: Path, name: str) -> None:
    results: list[dict[str, Any]] = []

    def setup() -> tuple[tuple[Path], dict[str, Any]]:
        return (tmp_path / f"import-{next(_counter)}.db",), {}

    def run(db: Path) -> None:
        results.append(_run(name, spreadsheet.parent, db))

    benchmark.pedantic(run, setup=setup, rounds=3, iterations=1)
    # the CPU time of the process (user + system) beside the wall time: on a shared machine
    # the wall time of the longer process stretches with the load far more than the CPU time
    cpu = f"{statistics.median(r['cpu'] for r in results):.2f} s"
    if name == "library":
        report = results[-1]["report"]
        records = report["commitments_added"] + report["updates_added"]
        assert report["commitments_added"] == ROWS
        record(
            f"import-mapped:{name}",
            timings_of(benchmark),
            records=records,
            cpu_median=cpu,
            load=_load(),
        )
    else:
        assert results[-1]["rows"] == ROWS
        record(f"import-mapped:{name}", timings_of(benchmark), cpu_median=cpu, load=_load())


@pytest.mark.benchmark(group="import-memory")
def test_import_memory(benchmark: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Peak resident memory of the import process at a quarter of the size and at the size."""
    small = max(ROWS // 4, 1_000)
    peaks: dict[int, int] = {}
    _compiled_as_installed()

    def measure() -> None:
        for size in (small, ROWS):
            folder = tmp_path_factory.mktemp("import") / str(size)
            write_spreadsheet(folder, size)
            peaks[size] = int(_run("library", folder, folder / "store.db")["peak_kib"])

    benchmark.pedantic(measure, rounds=1, iterations=1)
    record(
        "import-memory:peak",
        timings_of(benchmark),
        peak_small=f"{peaks[small] / 1024:.0f} MiB at {small:,} rows",
        peak_full=f"{peaks[ROWS] / 1024:.0f} MiB at {ROWS:,} rows",
        growth=f"{peaks[ROWS] / peaks[small]:.2f}x for {ROWS / small:.0f}x the rows",
    )
