"""Extract text corpora with a runner: skip what the store holds, shard, merge in one transaction.

:func:`run_texts` reads the files, leaves out documents whose content hash the store (or a shard
left by an interrupted run) already holds, sends the rest in tasks of ``shard_size`` documents to
the workers, writes each finished task as a Parquet shard in the work folder and, at the end,
merges every shard into the store in one transaction. :func:`extract_texts` runs the same
extraction for ``faultlines extract``, which prints instead of storing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from faultlines.catalogue import Catalogue
from faultlines.errors import IngestError, Problem, StoreError, UsageError
from faultlines.ingest import IngestReport, ensure_catalogue
from faultlines.ingest.documents import DocumentBatch, read_documents
from faultlines.model import Document, content_id
from faultlines.runners.folder import WorkFolder
from faultlines.runners.pools import RUNNERS, WorkerLost, open_pool
from faultlines.runners.work import ExtractorSpec, Item, ShardResult, Task, Worker, extraction_job, shard_job
from faultlines.store import IngestRecord, Store
from faultlines.store.shards import FileLog, merge_shards, stored_document_ids

if TYPE_CHECKING:
    from faultlines.extract import Extraction


@dataclass(frozen=True)
class RunnerConfig:
    """How to run extraction: ``runner`` (serial, process or ray), ``workers`` (default: the CPUs),
    documents per task and shard, the Ray cluster (else ``$RAY_ADDRESS``, else a local Ray), the work
    folder (default: ``<store>.shards`` beside the store) and the extractor every worker builds.

    >>> RunnerConfig("ray", workers=0).check()
    Traceback (most recent call last):
    ...
    faultlines.errors.UsageError: [E704] the runner cannot be set up: workers must be at least 1, not 0. Fix: use --runner serial, process or ray with --workers and --shard-size of at least 1 (docs/runners.md).
    """

    runner: str = "serial"
    workers: int | None = None
    shard_size: int = 32
    ray_address: str | None = None
    work_dir: Path | None = None
    extractor: ExtractorSpec = field(default_factory=ExtractorSpec)

    def check(self) -> None:
        """Raise ``E704`` for an unknown runner or a count below 1."""
        if self.runner not in RUNNERS:
            raise UsageError("E704", reason=f"there is no runner {self.runner!r} (known: {', '.join(RUNNERS)})")
        for name in ("workers", "shard_size"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise UsageError("E704", reason=f"{name} must be at least 1, not {value}")


@dataclass
class RunReport:
    """What a run did: one report per file, and documents skipped (already stored), extracted, failed."""

    files: list[IngestReport]
    n_documents: int
    n_skipped: int
    n_extracted: int
    n_failed: int
    n_shards: int


def run_texts(store: Store, paths: list[Path], config: RunnerConfig | None = None, *,
              on_error: str = "skip", on_task: Callable[[int, int], None] | None = None) -> RunReport:
    """Extract the documents of ``paths`` (texts, pages, feeds, URL lists) into ``store``.

    Resumable: a document whose content hash the store already holds is skipped, and so is one in
    a shard an interrupted run left in the work folder. A document whose extraction fails, or
    whose worker dies, is reported (``E037``, ``E702``) and the others are stored; with
    ``on_error="raise"`` the run stops instead, before the merge. ``on_task(done, total)`` is called
    as tasks finish. Raise ``E703`` if a shard cannot be merged (the store is left as it was).
    """
    config = config or RunnerConfig()
    config.check()
    catalogue = ensure_catalogue(store)
    sources, items, logs = _read(paths, catalogue, config.extractor)
    folder = WorkFolder(config.work_dir or store.path.with_name(store.path.name + ".shards"),
                        content_id("run", [str(store.path.resolve()), config.extractor.__dict__, catalogue.names]))
    held = folder.leftovers()
    stored = stored_document_ids(store, [i.doc.id for i in items])
    todo = [i for i in items if i.doc.id not in stored and i.doc.id not in held]
    first = folder.next_index()
    tasks = [Task(f"shard-{first + n:05d}", tuple(todo[k:k + config.shard_size]))
             for n, k in enumerate(range(0, len(todo), config.shard_size))]
    problems, n_extracted = [], 0

    def keep(result: ShardResult) -> None:
        nonlocal n_extracted
        folder.save(result)
        problems.extend(result.problems)
        n_extracted += len(result.doc_ids)

    problems += _run(config, catalogue, partial(shard_job, on_error=on_error), tasks, keep, on_error, on_task)
    for item, problem in problems:
        logs[item.log].problems.append(problem)
    try:
        counts = merge_shards(store, folder.shards(), sources, logs)
    except StoreError as e:
        if e.code == "E703":
            folder.discard(Path(str(e.values["shard"])))
        raise
    folder.clear()
    reports = []
    for log in logs:
        n_claims, n_provisional = counts[log.record.id]
        reports.append(IngestReport(log.record.path, log.record.n_rows, n_claims, log.problems, n_provisional))
    n_failed = sum(1 for _, p in problems if p.code in ("E037", "E702"))
    return RunReport(reports, len(items), len(items) - len(todo), n_extracted, n_failed, len(tasks))


def extract_texts(found: DocumentBatch, catalogue: Catalogue, config: RunnerConfig, *,
                  on_error: str = "skip") -> "Extracted":
    """Extract ``found``'s documents on the runner's workers and keep the extractions in memory."""
    config.check()
    items = [Item(doc, found.origins[doc.id].path, found.origins[doc.id].item or 0) for doc in found.documents]
    tasks = [Task(f"task-{k:05d}", tuple(items[k:k + config.shard_size]))
             for k in range(0, len(items), config.shard_size)]
    extracted = Extracted(config.extractor.backend)

    def keep(result) -> None:
        done, failed = result
        extracted.done.update((item.doc.id, extraction) for item, extraction in done)
        extracted.failed.update((item.doc.id, problem) for item, problem in failed)

    lost = _run(config, catalogue, partial(extraction_job, on_error=on_error), tasks, keep, on_error)
    extracted.failed.update((item.doc.id, problem) for item, problem in lost)
    return extracted


@dataclass
class Extracted:
    """Extractions a runner made, served by ``extract(doc)`` like an extractor's; a document that
    failed raises its problem (``E037``, ``E702``) as an error."""

    name: str
    done: dict[str, Extraction] = field(default_factory=dict)
    failed: dict[str, Problem] = field(default_factory=dict)

    def extract(self, doc: Document) -> Extraction:
        if doc.id in self.failed:
            raise IngestError.from_problem(self.failed[doc.id])
        return self.done[doc.id]


def _run(config: RunnerConfig, catalogue: Catalogue, job, tasks: list[Task], keep, on_error: str,
         on_task: Callable[[int, int], None] | None = None) -> list[tuple[Item, Problem]]:
    """Run ``tasks``; a task lost with its worker is split and retried one document at a time, and a
    document lost again is reported (``E702``). Return those documents with their problems."""
    lost: list[tuple[Item, Problem]] = []
    n_done, n_total, queue = 0, sum(len(t.items) for t in tasks), tasks
    with open_pool(config.runner, setup=partial(Worker, catalogue, config.extractor), job=job,
                   workers=config.workers, ray_address=config.ray_address) as pool:
        while queue:
            retry = []
            for task, result in pool.imap(queue):
                if not isinstance(result, WorkerLost):
                    keep(result)
                    n_done += len(task.items)
                elif len(task.items) > 1:
                    retry += task.split()
                else:
                    item = task.items[0]
                    problem = Problem.error("E702", path=item.path, line=item.line, doc=item.doc.url or item.doc.id,
                                            reason=result.reason)
                    if on_error == "raise":
                        raise IngestError.from_problem(problem)
                    lost.append((item, problem))
                    n_done += 1
                if on_task:
                    on_task(n_done, n_total)
            queue = retry
    return lost


def _read(paths: list[Path], catalogue: Catalogue, spec: ExtractorSpec):
    """The files' sources, documents (each once, with where it was first read) and log entries."""
    sources, items, logs, seen = [], [], [], set()
    for path in paths:
        found = read_documents([path], catalogue=catalogue)
        sources += [s for s in found.sources if s not in sources]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        record = IngestRecord(content_id("ing", [path.name, digest]), str(path), digest,
                              f"runner:{spec.backend}", len(found.documents))
        logs.append(FileLog(record, [d.id for d in found.documents], list(found.problems)))
        for doc in found.documents:
            if doc.id not in seen:
                seen.add(doc.id)
                origin = found.origins[doc.id]
                items.append(Item(doc, origin.path, origin.item or 0, len(logs) - 1))
    return sources, items, logs
