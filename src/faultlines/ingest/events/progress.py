"""How far a long ingest of one event file has come, from DuckDB's own progress of each query.

A file's ingest is a few long SQL statements (reading, mapping, writing). Each gets a span of the
whole (:meth:`FileProgress.phase`, called before it runs); while it runs, a thread polls DuckDB's
progress of the running statement and places it in that span, so a caller's bar moves while a
million rows are read rather than only when the file is done.

>>> seen = []
>>> with FileProgress(None, seen.append) as progress:
...     progress.phase(0.5, 0.75)
...     progress.phase(0.25, 0.5)  # never goes back
>>> seen
[0.5, 1.0]
"""

from __future__ import annotations

import threading
from typing import Callable

import duckdb

POLL_SECONDS = 0.2


class FileProgress:
    """Reports the done fraction of one file (0 to 1, never going back) to ``report``; a no-op
    when ``report`` is None. Use as a context manager around the file's statements."""

    def __init__(self, con: duckdb.DuckDBPyConnection | None, report: Callable[[float], None] | None) -> None:
        self.con, self.report = con, report
        self.done, self.span = 0.0, (0.0, 0.0)
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    def phase(self, start: float, end: float) -> None:
        """The next statement takes the file from ``start`` to ``end``."""
        self.span = (start, end)
        self._reach(start)

    def _reach(self, fraction: float) -> None:
        if self.report is not None and fraction > self.done:
            self.done = min(fraction, 1.0)
            self.report(self.done)

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            percent = self.con.query_progress()
            if percent >= 0:  # -1: between statements, or progress not known yet
                start, end = self.span
                self._reach(start + (end - start) * min(percent, 100.0) / 100)

    def __enter__(self) -> "FileProgress":
        if self.report is not None and self.con is not None:
            # DuckDB tracks a query's progress only with its bar on; it prints nothing without print.
            self.con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false; "
                             "SET progress_bar_time = 0")
            self._watcher = threading.Thread(target=self._poll, name="faultlines-progress", daemon=True)
            self._watcher.start()
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if self._watcher is not None:
            self._stop.set()
            self._watcher.join()
            self.con.execute("SET enable_progress_bar = false; RESET progress_bar_time")
        if kind is None:
            self._reach(1.0)
