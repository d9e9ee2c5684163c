"""Read a text file record by record without ever losing the good records around a bad one.

Lines are decoded one by one, so a line in another encoding is reported with its number and the
rest is read. A CSV record may span lines inside quotes; a record whose quote never closes (a row
cut in half) is reported and reading restarts at the next line that is a whole record by itself,
instead of swallowing the rest of the file into one field.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator


@dataclass(frozen=True, slots=True)
class Record:
    """One record: its first line number (1-based), its fields or ``None``, and why not."""

    line: int
    fields: list[str] | None
    error: str | None = None


def decoded_lines(path: Path) -> Iterator[tuple[int, str | None, str | None]]:
    """Yield ``(line number, text, None)`` per line, or ``(n, None, reason)`` if it is not UTF-8."""
    with path.open("rb") as f:
        for n, raw in enumerate(f, start=1):
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield n, raw.decode("utf-8").rstrip("\r\n"), None
            except UnicodeDecodeError as e:
                yield n, None, f"byte 0x{raw[e.start]:02x} at column {e.start + 1} is not UTF-8"


def _parse(text: str) -> list[str] | None:
    try:
        return next(csv.reader([text], strict=True))
    except (csv.Error, StopIteration):
        return None


def _balanced(text: str) -> bool:
    return text.count('"') % 2 == 0


MAX_CONTINUATION = 200  # lines a quoted value may span before its row is judged cut short


def csv_records(path: Path) -> Iterator[Record]:
    """Yield the CSV records of ``path`` (the header first), each with its starting line.

    A line that opens a quote it does not close starts a multi-line value only if a later line
    (within :data:`MAX_CONTINUATION`) closes it and the joined text is a whole record of the
    header's width. Otherwise the line is reported as cut short and reading resumes with the very
    next line, so one broken row never swallows the good rows after it.
    """
    lines = _Lookahead(decoded_lines(path))
    width: int | None = None
    while (item := lines.next()) is not None:
        n, text, error = item
        if text is None:
            yield Record(n, None, error)
            continue
        if not text.strip():
            continue
        if not _balanced(text):
            joined = _continuation(lines, text, width)
            if joined is None:
                yield Record(n, None, "a quoted value is never closed (the row looks cut short)")
                continue
            text = joined
        fields = _parse(text)
        if fields is None:
            yield Record(n, None, "the row is not valid CSV")
            continue
        width = width or len(fields)
        yield Record(n, fields)


def _continuation(lines: "_Lookahead", text: str, width: int | None) -> str | None:
    """Join the lines that close ``text``'s open quote, consuming them; None if none does."""
    for k in range(1, MAX_CONTINUATION + 1):
        ahead = lines.peek(k)
        if ahead is None or ahead[1] is None:
            return None
        text += "\n" + ahead[1]
        if _balanced(text):
            fields = _parse(text)
            if fields is None or (width is not None and len(fields) != width):
                return None
            lines.skip(k)
            return text
    return None


class _Lookahead:
    """An iterator that can peek k items ahead."""

    def __init__(self, items: Iterator) -> None:
        self._items = items
        self._buffer: list = []

    def peek(self, k: int):
        while len(self._buffer) < k:
            item = next(self._items, None)
            if item is None:
                return None
            self._buffer.append(item)
        return self._buffer[k - 1]

    def next(self):
        return self._buffer.pop(0) if self._buffer else next(self._items, None)

    def skip(self, k: int) -> None:
        del self._buffer[:k]
