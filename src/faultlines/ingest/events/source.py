"""Opening event files: plain, .gz or .zip; recognising the format from the first line.

DuckDB reads .gz itself; a .zip (GDELT's own packaging) is streamed out to a temporary file first,
since DuckDB has no zip reader offline. Quoted CSVs read by Python are also decompressed first.

>>> import tempfile, gzip, pathlib
>>> from faultlines.ingest.events.formats import ICEWS_COLUMNS
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp) / "events.tab.gz"
...     with gzip.open(path, "wt") as f:
...         _ = f.write("\\t".join(ICEWS_COLUMNS) + "\\n")
...     detect(path).fmt.name
'icews'
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import shutil
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from faultlines.errors import IngestError
from faultlines.ingest.events.formats import EventFormat, sniff_format

COMPRESSED = (".gz", ".zip")


@dataclass(frozen=True)
class EventFile:
    """A recognised event file: its format, whether it has a header, its columns (layout names where
    known, in file order) and its field separator."""

    path: Path
    fmt: EventFormat
    header: bool
    columns: tuple[str, ...]
    delimiter: str


@contextmanager
def open_binary(path: Path) -> Iterator[IO[bytes]]:
    """The decompressed bytes of ``path``; a .zip must hold exactly one file (E235 otherwise)."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        with gzip.open(path, "rb") as f:
            yield f
    elif suffix == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as e:
            raise IngestError("E235", path=path, dataset="an event dataset", reason=str(e)) from e
        with archive:
            members = [m for m in archive.namelist() if not m.endswith("/")]
            if len(members) != 1:
                raise IngestError("E235", path=path, dataset="an event dataset",
                                  reason=f"the zip holds {len(members)} files, not one")
            with archive.open(members[0]) as f:
                yield f
    else:
        with path.open("rb") as f:
            yield f


def first_line(path: Path) -> str:
    """The first line of ``path`` (decompressed), without a BOM; '' if unreadable."""
    try:
        with open_binary(path) as f:
            raw = f.readline(1_000_000)
    except (OSError, EOFError, IngestError):
        return ""
    return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace").rstrip("\r\n")


def detect(path: Path) -> EventFile | None:
    """The event format of ``path`` from its first line, or None (then it is not an event file)."""
    line = first_line(path)
    delimiter = "\t" if "\t" in line else ","
    fields = line.split("\t") if delimiter == "\t" else next(csv.reader(io.StringIO(line)), [])
    fmt = sniff_format(line, fields)
    if fmt is None and path.suffix.lower() in COMPRESSED:
        raise IngestError("E235", path=path, dataset="an event dataset", reason="its first line matches no known layout")
    if fmt is None:
        return None
    header = not fields[0].strip().isdigit()
    if not header:
        return EventFile(path, fmt, False, fmt.layout.columns, delimiter)
    known = {c.lower(): c for c in fmt.layout.columns}
    columns = tuple(known.get(f.strip().lower(), f.strip()) for f in fields)
    missing = [c for c in fmt.layout.columns if c not in columns]
    if missing:
        raise IngestError("E235", path=path, dataset=fmt.name, reason=f"the header lacks {', '.join(missing)}")
    return EventFile(path, fmt, True, columns, delimiter)


def materialise(path: Path, folder: Path, *, plain: bool) -> Path:
    """A path DuckDB or Python can read: a .zip member (or, with ``plain``, a .gz) copied out to ``folder``."""
    suffix = path.suffix.lower()
    if suffix == ".zip" or (plain and suffix == ".gz"):
        out = folder / ("data" + (".gz" if suffix == ".gz" and not plain else ""))
        with open_binary(path) as f, out.open("wb") as g:
            shutil.copyfileobj(f, g, 1 << 20)
        return out
    return path


def count_lines(path: Path) -> int:
    """The number of lines of ``path`` (decompressed): its newlines, plus one for a last line without."""
    n, last = 0, b"\n"
    with open_binary(path) as f:
        while chunk := f.read(1 << 22):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
