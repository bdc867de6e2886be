"""Shared fixtures: one parametrised store fixture, on a SQLite file and on real PostgreSQL.

PostgreSQL comes from ``$PLEDGETRACK_TEST_POSTGRES_URL`` when set, else a throwaway server is
started for the session. Under ``CI=true`` a skipped PostgreSQL test fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pledgetrack as pt
from pledgetrack.testing import ThrowawayPostgres, find_postgres_bin, make_source, postgres_database

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server's admin database."""
    configured = os.environ.get("PLEDGETRACK_TEST_POSTGRES_URL")
    if configured:
        yield configured
        return
    if find_postgres_bin() is None:
        pytest.skip("no PostgreSQL binaries and no PLEDGETRACK_TEST_POSTGRES_URL")
    with ThrowawayPostgres() as server:
        yield server.url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    with postgres_database(postgres_server) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file path for one test (not yet created)."""
    return str(tmp_path / "pledges.db")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    """The same test on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        url: str = request.getfixturevalue("sqlite_url")
        return url
    pg_url: str = request.getfixturevalue("postgres_url")
    return pg_url


@pytest.fixture
def tracker(store_url: str) -> Iterator[pt.Tracker]:
    """An open, empty store on each backend."""
    with pt.open(store_url) as opened:
        yield opened


@pytest.fixture
def sourced_tracker(tracker: pt.Tracker) -> pt.Tracker:
    """A store holding the sample source document."""
    tracker.add_source(make_source())
    return tracker


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if IN_CI and report.skipped and item.get_closest_marker("postgres") is not None:
        report.outcome = "failed"
        report.longrepr = f"PostgreSQL test skipped under CI=true: {report.longrepr}"


_BACKEND_RESULTS: dict[str, dict[str, int]] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call" and not (report.when == "setup" and report.outcome != "passed"):
        return
    for backend in ("sqlite", "postgresql"):
        if f"[{backend}" in report.nodeid or f"-{backend}]" in report.nodeid:
            counts = _BACKEND_RESULTS.setdefault(backend, {})
            counts[report.outcome] = counts.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say how many store tests ran on each backend, so a run shows both."""
    if not _BACKEND_RESULTS:
        return
    terminalreporter.section("store tests by backend")
    for backend, counts in sorted(_BACKEND_RESULTS.items()):
        parts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
        terminalreporter.write_line(f"{backend}: {parts}")
