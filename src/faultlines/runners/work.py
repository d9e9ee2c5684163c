"""What a worker does: build the extractor once, then extract tasks of documents into shards.

Everything here is shipped to workers (a process of the pool, a Ray actor) by pickling: the
:class:`ExtractorSpec` and the catalogue go once per worker, each :class:`Task` carries its
documents' text. A document whose extraction raises becomes problem ``E037`` of its file and the
others go on; a task returns a :class:`ShardResult`, the shard's Parquet files as bytes, so a
worker on another machine needs no shared folder.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from faultlines.catalogue import Catalogue
from faultlines.errors import FaultlinesError, Problem
from faultlines.model import Document
from faultlines.store import Batch
from faultlines.store.shards import SHARD_TABLES, ShardWriter

_CODED = re.compile(r"\[([EW]\d{3})\] ")


@dataclass(frozen=True)
class ExtractorSpec:
    """Which extractor to build in each worker (the arguments of ``ingest.make_extractor``).

    >>> ExtractorSpec().backend
    'rules'
    """

    backend: str = "rules"
    llm_url: str | None = None
    llm_model: str | None = None
    llm_timeout: float | None = None

    def build(self, catalogue: Catalogue):
        from faultlines.ingest import make_extractor  # ingest imports the runners
        return make_extractor(catalogue, self.backend, llm_url=self.llm_url, llm_model=self.llm_model,
                              llm_timeout=self.llm_timeout)


@dataclass(frozen=True)
class Item:
    """One document, where it was read (``path``; ``line``: the item of a feed, else 0) and the
    number of the file's log entry in the run."""

    doc: Document
    path: str
    line: int = 0
    log: int = 0


@dataclass(frozen=True)
class Task:
    """Documents extracted together into one shard called ``name``."""

    name: str
    items: tuple[Item, ...]

    def split(self) -> list["Task"]:
        """One task per document (to find the document a lost worker died on)."""
        return [Task(f"{self.name}.{i:04d}", (item,)) for i, item in enumerate(self.items)]


@dataclass
class ShardResult:
    """A finished task: its Parquet files by table, the documents extracted, those that failed with
    their problem, and the coded problems extraction reported (by document)."""

    name: str
    files: dict[str, bytes]
    doc_ids: list[str]
    problems: list[tuple[Item, Problem]] = field(default_factory=list)


class Worker:
    """One worker's state: the extractor (the spaCy model is loaded here, once) and a shard writer.

    A setup error (the nlp extra missing, a bad LLM option) is kept and raised by every call, so
    the driver reports it with its code instead of losing each task in turn.
    """

    def __init__(self, catalogue: Catalogue, spec: ExtractorSpec) -> None:
        self.error: Exception | None = None
        try:
            self.extractor = spec.build(catalogue)
        except Exception as e:  # noqa: BLE001 - re-raised by the first call, where the driver sees it
            self.error = e
        self.writer: ShardWriter | None = None

    def extract(self, task: Task, on_error: str = "skip"):
        """(item, Extraction) for each document extracted, and (item, E037 problem) for each that failed."""
        if self.error is not None:
            raise self.error
        done, failed = [], []
        for item in task.items:
            try:
                done.append((item, self.extractor.extract(item.doc)))
            except Exception as e:  # noqa: BLE001 - one bad document must not lose the others
                if on_error == "raise":
                    raise
                reason = f"[{e.code}] {e.message}" if isinstance(e, FaultlinesError) else f"{type(e).__name__}: {e}"
                failed.append((item, Problem.error("E037", path=item.path, line=item.line,
                                                   doc=item.doc.url or item.doc.id, reason=reason)))
        return done, failed


def shard_job(worker: Worker, task: Task, on_error: str = "skip") -> ShardResult:
    """Extract ``task`` and return its shard: the rows ``Store.write_batch`` would write, as Parquet."""
    done, failed = worker.extract(task, on_error)
    batch = Batch()
    for item, extraction in done:
        batch.documents.append(item.doc)
        batch.claims += extraction.claims
        batch.mentions += extraction.mentions
        batch.quotes += extraction.quotes
        batch.actors += extraction.new_actors
        failed += [(item, Problem(m.group(1), item.path, item.line, text)) for text in extraction.problems
                   if (m := _CODED.match(text))]
    worker.writer = worker.writer or ShardWriter()
    with tempfile.TemporaryDirectory() as tmp:
        worker.writer.write(batch, Path(tmp))
        files = {table: (Path(tmp) / f"{table}.parquet").read_bytes() for table in SHARD_TABLES}
    return ShardResult(task.name, files, [item.doc.id for item, _ in done], failed)


def extraction_job(worker: Worker, task: Task, on_error: str = "skip"):
    """Extract ``task`` and return the extractions themselves (for ``faultlines extract``)."""
    return worker.extract(task, on_error)
