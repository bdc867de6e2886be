"""A writer process for the concurrency tests: ``python reliability_worker.py MODE STORE ARGS``.

Modes:
- ``open STORE START``: wait until the clock reaches START, then open the store (creating it).
- ``api STORE START NAME COUNT``: open, then add COUNT commitments and a status update to each.
- ``cli STORE START NAME FILES…``: run the ``pledgetrack import FILE`` command for each file.

Every call that fails is printed to stdout as ``FAIL <message>``; the exit code is the count.
"""

from __future__ import annotations

import sys
import time

import pledgetrack as pt
from pledgetrack.testing import make_commitment


def _wait(start: float) -> None:
    while time.time() < start:
        time.sleep(0.005)


def _open(store: str) -> int:
    try:
        with pt.open(store) as tracker:
            tracker.count()
    except Exception as err:  # reported to the test, which fails on it
        print(f"FAIL {type(err).__name__}: {err}")
        return 1
    return 0


def _api(store: str, name: str, count: int) -> int:
    failures = 0
    with pt.open(store) as tracker:
        for i in range(count):
            key = f"{name}-{i:03d}"
            try:
                tracker.add_commitment(make_commitment(key))
                tracker.record_status(key, "in_progress", effective="2025-01-01", progress="10")
            except Exception as err:  # reported to the test, which fails on it
                failures += 1
                print(f"FAIL {key} {type(err).__name__}: {err}")
    return failures


def _cli(store: str, files: list[str]) -> int:
    """The ``pledgetrack`` command's own entry point, with its arguments, in this process."""
    from pledgetrack.cli import main

    failures = 0
    for file in files:
        sys.argv = ["pledgetrack", "import", file, "--db", store]
        try:
            main()
            code: object = 0
        except SystemExit as done:
            code = done.code
        if code not in (0, None):
            failures += 1
            print(f"FAIL {file} exit {code}")
    return failures


def main(argv: list[str]) -> int:
    mode, store, start = argv[0], argv[1], float(argv[2])
    _wait(start)
    if mode == "open":
        return _open(store)
    if mode == "api":
        return _api(store, argv[3], int(argv[4]))
    return _cli(store, argv[4:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
