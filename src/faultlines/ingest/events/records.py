"""Where each record of a double-quoted CSV starts: its physical line, found without parsing it.

DuckDB reads a quoted file fast, values that span lines included, but cannot say on which line
each record starts. A record ends at a newline outside quotes, and a newline is outside quotes
when an even number of quote characters come before it (an escaped quote, ``""``, is two), so
counting quotes and newlines is enough: numpy does it a chunk at a time. Blank lines between
records are skipped, as DuckDB skips them.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp) / "x.csv"
...     _ = path.write_bytes(b'id,note\\n1,"two\\nlines"\\n\\n2,"say ""hi"" now"\\r\\n3,plain')
...     record_lines(path, header=True).tolist()
[2, 5, 6]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from faultlines.ingest.events.source import open_binary

_NEWLINE, _QUOTE, _CR = ord("\n"), ord('"'), ord("\r")


def record_lines(path: Path, *, header: bool, chunk: int = 1 << 24) -> np.ndarray:
    """The line (from 1) on which each non-blank record of ``path`` (decompressed) starts, the header
    left out when ``header``. Only meaningful for a file DuckDB read without rejecting a row: a
    stray quote in an unquoted value shifts everything after it (the caller checks the count)."""
    end_lines, end_at, before = [], [], []
    n_quotes = n_lines = offset = 0
    last = -1  # the byte before the chunk
    tail = False  # a byte other than "\r" since the last record's end
    with open_binary(path) as f:
        while data := f.read(chunk):
            a = np.frombuffer(data, dtype=np.uint8)
            newlines = np.flatnonzero(a == _NEWLINE)
            quotes = np.flatnonzero(a == _QUOTE)
            outside = (n_quotes + np.searchsorted(quotes, newlines)) % 2 == 0  # quotes before it: even
            ends = newlines[outside]
            end_lines.append(n_lines + np.flatnonzero(outside) + 1)  # the line each record ends
            end_at.append(offset + ends)
            before.append(np.where(ends > 0, a[ends - 1], last))  # to tell a blank "\r\n" line
            rest = a[ends[-1] + 1:] if len(ends) else a
            tail = bool((rest != _CR).any()) or (tail and not len(ends))
            n_quotes, n_lines, offset = n_quotes + len(quotes), n_lines + len(newlines), offset + len(a)
            last = int(a[-1])
    end_line, at, before_end = (np.concatenate([np.zeros(0, dtype=np.int64), *parts]).astype(np.int64)
                                for parts in (end_lines, end_at, before))
    start_line = np.concatenate([[1], end_line + 1])  # a record starts on the line after the last one ends
    length = at - np.concatenate([[0], at[:-1] + 1])  # bytes before its newline
    blank = np.concatenate([(length == 0) | ((length == 1) & (before_end == _CR)), [not tail]])
    lines = start_line[~blank]
    return lines[1:] if header else lines
