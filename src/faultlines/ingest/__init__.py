"""Readers: the only code that reads outside files. Each returns a batch the store writes atomically.

>>> import tempfile, pathlib
>>> from faultlines.store import Store
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp) / "c.csv"
...     _ = path.write_text("date,source,target,relation,evidence\\n2018-05-17,Russia,Iran,disapprove,A rift.\\n")
...     with Store(pathlib.Path(tmp) / "x.duckdb") as store:
...         [report] = ingest(store, [path])
...         report.n_claims, report.n_rejected
(1, 0)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from faultlines.catalogue import Catalogue, load_catalogue
from faultlines.errors import IngestError, Problem
from faultlines.ingest.claims_file import READER, read_claims_file
from faultlines.ingest.documents import DOCUMENT_SUFFIXES, read_documents
from faultlines.model import content_id
from faultlines.store import Batch, IngestRecord, Store

CLAIMS_SUFFIXES = (".csv", ".jsonl", ".ndjson")
READABLE = CLAIMS_SUFFIXES + DOCUMENT_SUFFIXES
DEFAULT_CATALOGUE = "syria"


@dataclass
class IngestReport:
    """What one file gave: rows seen, claims stored, problems (rejected rows and warnings)."""

    path: str
    n_rows: int = 0
    n_claims: int = 0
    problems: list[Problem] = field(default_factory=list)
    n_provisional: int = 0

    @property
    def n_rejected(self) -> int:
        return len({p.line for p in self.problems if p.is_error})


def ensure_catalogue(store: Store, *specs: str | Path) -> Catalogue:
    """The store's catalogue; a store without one first gets ``specs`` (default: the bundled syria)."""
    catalogue = store.catalogue()
    if specs or not catalogue.actors:
        store.write_catalogue(load_catalogue(*(specs or (DEFAULT_CATALOGUE,))))
        catalogue = store.catalogue()
    return catalogue


def files_to_ingest(paths: list[Path]) -> list[Path]:
    """Expand folders into the files Faultlines can read; raise E010/E011 for bad paths."""
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise IngestError("E010", path=path)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.suffix.lower() in READABLE:
            found.append(path)
        else:
            raise IngestError("E011", path=path, suffix=path.suffix or "no suffix")
    return found


def extract_documents(path: Path, catalogue: Catalogue, extractor) -> tuple[Batch, int]:
    """Read the documents of one text, HTML, feed or URL-list file and extract their claims."""
    found = read_documents([path], catalogue=catalogue)
    batch = Batch(documents=list(found.documents), sources=list(found.sources), problems=list(found.problems))
    for doc in found.documents:
        extraction = extractor.extract(doc)
        batch.claims += extraction.claims
        batch.mentions += extraction.mentions
        batch.quotes += extraction.quotes
        batch.actors += extraction.new_actors
    return batch, len(found.documents)


def make_extractor(catalogue: Catalogue):
    """The rule-based extractor (needs the ``nlp`` extra); raise ``E021`` without it."""
    try:
        from faultlines.extract import Extractor
    except ImportError as e:
        raise IngestError("E021", reason=str(e)) from e
    return Extractor(catalogue)


def ingest(store: Store, paths: list[Path], *, on_file: Callable[[Path], None] | None = None,
           extractor=None) -> list[IngestReport]:
    """Read each file and store what it gives, one transaction per file; return one report per file.

    Claims files are read as they are; texts (txt, md, html, feeds, URL lists) go through the
    extractor (built on first need unless one is given). Re-ingesting a file changes nothing:
    every id is a content hash, and the log entry of a file is keyed by its name and content.
    """
    files = files_to_ingest(paths)
    catalogue = ensure_catalogue(store)
    reports = []
    for path in files:
        if path.suffix.lower() in CLAIMS_SUFFIXES:
            batch, n_rows = read_claims_file(path, catalogue)
            reader = READER
        else:
            extractor = extractor or make_extractor(catalogue)
            batch, n_rows = extract_documents(path, catalogue, extractor)
            reader = extractor.name
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        record = IngestRecord(content_id("ing", [path.name, digest]), str(path), digest, reader, n_rows)
        store.write_batch(batch, record)
        catalogue = catalogue.with_actors(batch.actors)
        reports.append(IngestReport(str(path), n_rows, len(batch.claims), batch.problems, len(batch.actors)))
        if on_file:
            on_file(path)
    return reports
