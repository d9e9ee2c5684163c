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


def csv_records(path: Path) -> Iterator[Record]:
    """Yield the CSV records of ``path`` (the header first), each with its starting line."""
    lines = decoded_lines(path)
    width: int | None = None
    pending: tuple[int, str | None, str | None] | None = None
    while True:
        item = pending or next(lines, None)
        pending = None
        if item is None:
            return
        n, text, error = item
        if text is None:
            yield Record(n, None, error)
            continue
        if not text.strip():
            continue
        while not _balanced(text):
            nxt = next(lines, None)
            whole = nxt is not None and nxt[1] is not None and _balanced(nxt[1]) and \
                (fields := _parse(nxt[1])) is not None and len(fields) == width
            if nxt is None or nxt[1] is None or whole:
                pending = nxt
                break
            text += "\n" + nxt[1]
        if not _balanced(text):
            yield Record(n, None, "a quoted value is never closed (the row looks cut short)")
            continue
        fields = _parse(text)
        if fields is None:
            yield Record(n, None, "the row is not valid CSV")
            continue
        width = width or len(fields)
        yield Record(n, fields)
