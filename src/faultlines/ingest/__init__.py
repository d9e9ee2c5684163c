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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from faultlines.catalogue import Catalogue, load_catalogue
from faultlines.errors import FaultlinesError, IngestError, Problem, UsageError
from faultlines.ingest import events
from faultlines.ingest.claims_file import READER, read_claims_file
from faultlines.ingest.documents import DOCUMENT_SUFFIXES, read_documents
from faultlines.model import content_id
from faultlines.store import Batch, IngestRecord, Store

CLAIMS_SUFFIXES = (".csv", ".jsonl", ".ndjson")
EVENT_SUFFIXES = (".tab", ".tsv", *events.COMPRESSED)  # event datasets are recognised by their header
READABLE = CLAIMS_SUFFIXES + DOCUMENT_SUFFIXES + EVENT_SUFFIXES
DEFAULT_CATALOGUE = "syria"
EXTRACTORS = ("rules", "llm")
_CODED = re.compile(r"\[([EW]\d{3})\] ")


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
        # Read back, not the loaded one: the same content in the store's order (by id), the one
        # every later run over this store sees.
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


def extract_documents(path: Path, catalogue: Catalogue, extractor, *, on_error: str = "raise") -> tuple[Batch, int]:
    """Read the documents of one text, HTML, feed or URL-list file and extract their claims.

    With ``on_error="skip"`` a document whose extraction fails is left out of the batch (so a
    later ingest extracts it again) and recorded as problem ``E037``; with ``"raise"`` the error
    propagates. Coded problems of an extraction (the LLM extractor's dropped claims) are recorded.
    """
    found = read_documents([path], catalogue=catalogue)
    batch = Batch(sources=list(found.sources), problems=list(found.problems))
    for doc in found.documents:
        origin = found.origins[doc.id]
        try:
            extraction = extractor.extract(doc)
        except Exception as e:  # noqa: BLE001 - one bad document must not lose the others
            if on_error != "skip":
                raise
            reason = f"[{e.code}] {e.message}" if isinstance(e, FaultlinesError) else f"{type(e).__name__}: {e}"
            batch.problems.append(Problem.error("E037", path=origin.path, line=origin.item or 0,
                                                doc=doc.url or doc.id, reason=reason))
            continue
        batch.documents.append(doc)
        batch.claims += extraction.claims
        batch.mentions += extraction.mentions
        batch.quotes += extraction.quotes
        batch.geo += [extraction.geo] if getattr(extraction, "geo", None) else []
        batch.actors += extraction.new_actors
        batch.problems += [Problem(m.group(1), origin.path, origin.item or 0, text) for text in extraction.problems
                           if (m := _CODED.match(text))]
    return batch, len(found.documents)


def make_extractor(catalogue: Catalogue, backend: str = "rules", *, llm_url: str | None = None,
                   llm_model: str | None = None, llm_timeout: float | None = None):
    """The extractor called ``backend``: ``rules`` (the default, offline) or ``llm``.

    ``llm`` talks to an OpenAI-compatible chat server at ``llm_url`` running ``llm_model`` (the
    key, if any, comes from ``$FAULTLINES_LLM_API_KEY``; docs/extraction.md). Raise ``E021``
    without the ``nlp`` extra and ``E036`` for an unknown backend or a missing URL or model.
    """
    if backend not in EXTRACTORS:
        raise UsageError("E036", reason=f"there is no extractor {backend!r} (known: {', '.join(EXTRACTORS)})")
    if backend == "llm" and not (llm_url and llm_model):
        raise UsageError("E036", reason="the llm extractor needs the server's URL and a model name")
    try:
        from faultlines.extract import Extractor
        if backend == "llm":
            from faultlines.extract.chat import ChatConfig
            from faultlines.extract.llm import LLMExtractor
    except ImportError as e:
        raise IngestError("E021", reason=str(e)) from e
    if backend == "llm":
        timeout = {} if llm_timeout is None else {"timeout": llm_timeout}
        return LLMExtractor(catalogue, ChatConfig(llm_url, llm_model, **timeout))  # type: ignore[arg-type]
    return Extractor(catalogue)


def ingest(store: Store, paths: list[Path], *, on_file: Callable[[Path], None] | None = None,
           extractor=None, on_error: str = "raise", runner=None,
           on_progress: Callable[[Path, float], None] | None = None) -> list[IngestReport]:
    """Read each file and store what it gives, one transaction per file; return one report per file.

    Claims files are read as they are; texts (txt, md, html, feeds, URL lists) go through the
    extractor (built on first need unless one is given). Re-ingesting a file changes nothing:
    every id is a content hash, and the log entry of a file is keyed by its name and content.
    ``on_error="skip"`` records a document whose extraction fails (E037) and goes on; ``"raise"``
    stops there (the files before it stay stored). With a ``runner`` (a
    :class:`faultlines.runners.RunnerConfig`), the texts are extracted by it after the other files,
    resumably, and merged in one transaction (docs/runners.md). ``on_progress`` is told how far an
    event-dataset file has come (its path and the fraction done) while it is read.
    """
    files = files_to_ingest(paths)
    catalogue = ensure_catalogue(store)
    reports, texts = [], []
    for path in files:
        if (event_file := events.detect(path)) is not None:  # ACLED, GDELT, ICEWS, POLECAT, UCDP (docs/events.md)
            found = events.read_event_file(store, event_file, catalogue, on_progress=on_progress and (
                lambda done, path=path: on_progress(path, done)))
            catalogue = catalogue.with_actors(found.new_actors)
            reports.append(IngestReport(str(path), found.n_rows, found.n_claims, found.problems, len(found.new_actors)))
            if on_file:
                on_file(path)
            continue
        if runner is not None and path.suffix.lower() not in CLAIMS_SUFFIXES:
            texts.append(path)
            continue
        if path.suffix.lower() in CLAIMS_SUFFIXES:
            batch, n_rows = read_claims_file(path, catalogue)
            reader = READER
        else:
            extractor = extractor or make_extractor(catalogue)
            batch, n_rows = extract_documents(path, catalogue, extractor, on_error=on_error)
            reader = extractor.name
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        record = IngestRecord(content_id("ing", [path.name, digest]), str(path), digest, reader, n_rows)
        store.write_batch(batch, record)
        catalogue = catalogue.with_actors(batch.actors)
        reports.append(IngestReport(str(path), n_rows, len(batch.claims), batch.problems, len(batch.actors)))
        if on_file:
            on_file(path)
    if texts:
        from faultlines.runners import run_texts  # the runners import this module
        reports += run_texts(store, texts, runner, on_error=on_error).files
        for path in texts:
            if on_file:
                on_file(path)
    return reports
