"""Helpers for testing code that uses pledgetrack: factories and a throwaway PostgreSQL.

- :func:`make_source`, :func:`make_commitment` build valid model objects with sensible
  defaults, so a test states only what it is about.
- :class:`ThrowawayPostgres` starts a private PostgreSQL server in a temporary folder
  (``initdb`` + ``pg_ctl``, as the ``postgres`` user when run as root) and removes it after.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from pledgetrack.model import Citation, Commitment, Deadline, Source, Target

__all__ = [
    "SAMPLE_TEXT",
    "ThrowawayPostgres",
    "find_postgres_bin",
    "make_commitment",
    "make_source",
    "postgres_database",
]

SAMPLE_TEXT = (
    "The summit opened on 4 July 2024. China is ready to provide at least 1,000 training "
    "opportunities on digital technology to fellow member states in the next three years. "
    "Kazakhstan will host a youth forum in 2025. The two sides agreed to study a joint fund "
    "at an appropriate time. Last year 500 young people took part in exchanges."
)


def make_source(
    key: str = "summit-report", text: str | None = SAMPLE_TEXT, **fields: Any
) -> Source:
    """A source with a title and the sample text (or ``text``)."""
    defaults: dict[str, Any] = {
        "title": "Summit report",
        "publisher": "Example Ministry",
        "published": dt.date(2024, 7, 5),
        "language": "en",
    }
    return Source(key=key, text=text, **(defaults | fields))


def make_commitment(
    key: str = "china-digital-training",
    *,
    source: str = "summit-report",
    quote: str = "China is ready to provide at least 1,000 training opportunities",
    **fields: Any,
) -> Commitment:
    """A commitment citing ``quote`` from ``source``, announced 4 July 2024, due 4 July 2027."""
    defaults: dict[str, Any] = {
        "title": "China to provide 1,000 digital training opportunities",
        "actors": ("China",),
        "announced": dt.date(2024, 7, 4),
        "action": "provide training opportunities on digital technology",
        "target": Target("1000", "training opportunities", qualifier="at_least"),
        "beneficiary": "fellow member states",
        "themes": ("digital", "training"),
        "deadline": Deadline(dt.date(2027, 7, 4), "day", "in the next three years", "inferred"),
    }
    citations = fields.pop("citations", (Citation(source, quote),))
    return Commitment(key=key, citations=citations, **(defaults | fields))


def find_postgres_bin() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (newest PostgreSQL found), or None."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ThrowawayPostgres:
    """A private PostgreSQL server for tests: ``with ThrowawayPostgres() as pg: pg.url``."""

    def __init__(self, bin_dir: Path | None = None) -> None:
        found = bin_dir or find_postgres_bin()
        if found is None:
            raise RuntimeError("no PostgreSQL binaries (initdb, pg_ctl) found")
        self.bin_dir = found
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="pledgetrack-pg-"))
        self.data = self.root / "data"
        self.user = "postgres"

    @property
    def url(self) -> str:
        """The URL of the server's ``postgres`` database."""
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, cwd=self.root)

    def start(self) -> ThrowawayPostgres:
        """Create the cluster and start the server; wait until it accepts connections."""
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", self.user, "-A", "trust", "-E", "UTF8",
                  "--no-sync", "--locale=C.UTF-8")  # fmt: skip
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.root / "server.log"), "-w", "-t", "60", "start")  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.1)
        raise RuntimeError(f"PostgreSQL did not start on port {self.port}")

    def stop(self) -> None:
        """Stop the server and remove its files."""
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> ThrowawayPostgres:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server at ``server_url``; dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "pt_" + uuid.uuid4().hex[:12]
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
