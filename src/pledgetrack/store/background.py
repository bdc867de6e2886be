"""Inserts run on a second thread while their caller reads and checks the next records.

SQLite's driver lets go of the interpreter while SQLite works, so a bulk import can insert
one part on a second thread while it maps and checks the next part on the first. The rule
that keeps this safe is simple: nothing else runs on the connection while inserts are in
flight. Every statement, commit and rollback on the connection first waits for them (a
connection event, so no caller can forget), and a failed insert is raised, as the
library's error, by whatever comes next on the connection.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

from sqlalchemy import Connection, event

__all__ = ["Behind"]

#: the interpreter's switch interval while inserts are in flight (seconds)
_SWITCH = 0.0005


class Behind:
    """Statements of one connection run in order on a second thread, behind their caller.

    :meth:`add` queues a statement; :meth:`start` runs what is queued on a new thread;
    :meth:`wait` (also run before any other use of the connection) waits for it and runs
    what is still queued, raising the first failure. :meth:`close` waits and detaches.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._queued: list[tuple[str, tuple[Any, ...]]] = []
        self._thread: threading.Thread | None = None
        self._worker: int | None = None
        self._error: BaseException | None = None
        self._closed = False
        self._interval = sys.getswitchinterval()
        self._handlers = {
            "before_cursor_execute": self._before_use,
            "commit": self._before_use,
            "rollback": self._on_rollback,
        }
        for name, handler in self._handlers.items():
            event.listen(conn, name, handler)

    def add(self, sql: str, params: tuple[Any, ...]) -> None:
        """Queue ``sql`` with ``params`` (run by :meth:`start`, or before the next use)."""
        self._queued.append((sql, params))

    def start(self) -> None:
        """Run the queued statements on a second thread; the caller goes on (nothing queued:
        the statements in flight are left to run)."""
        if not self._queued:
            return
        self._join()
        statements, self._queued = self._queued, []
        self._thread = threading.Thread(
            target=self._run, args=(statements,), name="pledgetrack-insert", daemon=True
        )
        # The thread takes the interpreter lock back after each statement, and the caller
        # holds it while it reads: at the default interval (5 ms) each hand-over waits that
        # long. A short interval while the thread runs lets it go on at once.
        self._interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._interval, _SWITCH))
        self._thread.start()

    def wait(self) -> None:
        """Wait for the statements in flight and run those still queued; raise a failure."""
        self._join()
        if self._queued:
            statements, self._queued = self._queued, []
            self._run(statements)
            self._join()

    def _join(self) -> None:
        """Wait for the statements in flight; raise a failure (once), as the library's error."""
        self._end_thread()
        if self._error is not None:
            from pledgetrack.store.writer import database_errors

            err, self._error = self._error, None
            self._queued.clear()
            with database_errors():
                raise err

    def _end_thread(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            sys.setswitchinterval(self._interval)

    def close(self) -> None:
        """Wait for what is in flight (raising a failure), then stop watching the connection."""
        if self._closed:
            return
        try:
            self.wait()
        finally:
            self._closed = True
            for name, handler in self._handlers.items():
                if event.contains(self.conn, name, handler):
                    event.remove(self.conn, name, handler)

    def _run(self, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        self._worker = threading.get_ident()
        try:
            for sql, params in statements:
                self.conn.exec_driver_sql(sql, params)
        except BaseException as err:  # raised in the caller's thread by wait()
            self._error = err
        finally:
            self._worker = None

    def _before_use(self, *_args: Any) -> None:
        if self._worker != threading.get_ident():
            self.wait()

    def _on_rollback(self, *_args: Any) -> None:
        """Everything is being undone: wait for what is in flight, and forget it."""
        self._end_thread()
        self._queued.clear()
        self._error = None
