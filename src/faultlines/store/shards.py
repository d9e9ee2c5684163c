"""Parquet shards of extracted rows, and their merge into the store in one transaction.

A shard holds what a worker extracted from some documents, as one Parquet file per table with the
store's own schema (:data:`SHARD_TABLES`). Workers build shards in a private in-memory store
(:class:`ShardWriter`), so a row in a shard is exactly the row ``Store.write_batch`` would write.
:func:`merge_shards` upserts shards in name order (a later shard wins on a shared key, as a later
file does on ingest) and logs each file, all in one transaction: if any shard cannot be read, the
store is left as it was.

>>> import tempfile, pathlib
>>> from faultlines.model import Document
>>> with tempfile.TemporaryDirectory() as tmp:
...     shard = pathlib.Path(tmp) / "shard-00000"
...     ShardWriter().write(Batch(documents=[Document("Russia backs Iran.")]), shard)
...     with Store(pathlib.Path(tmp) / "x.duckdb") as store:
...         _ = merge_shards(store, [shard], [], [])
...         store.counts()["documents"], sorted(p.name for p in shard.iterdir())[:2]
(1, ['actors.parquet', 'claim_evidence.parquet'])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from faultlines.errors import Problem, StoreError
from faultlines.model import Source
from faultlines.store import rows
from faultlines.store.store import UNKEYED, Batch, IngestRecord, Store

# Tables a shard carries, in merge order; claim_evidence follows claims (its rows are replaced).
SHARD_TABLES = ("actors", "documents", "mentions", "quotes", "claims", "claim_evidence")
_SHARD_RECORD = IngestRecord("shard", "shard", "", "shard", 0)


@dataclass
class FileLog:
    """The log entry of one file whose documents went into shards: its documents and the problems met."""

    record: IngestRecord
    doc_ids: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class ShardWriter:
    """Writes batches as Parquet shards through one in-memory store, reused from shard to shard."""

    def __init__(self) -> None:
        self.store = Store(":memory:")

    def write(self, batch: Batch, folder: Path) -> None:
        """Write ``batch``'s rows to ``folder/<table>.parquet`` (the folder is created)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.store.write_batch(batch, _SHARD_RECORD)
        con = self.store.con
        for table in SHARD_TABLES:
            target = str(folder / f"{table}.parquet").replace("'", "''")
            con.execute(f"COPY (SELECT * FROM {table}) TO '{target}' (FORMAT parquet)")
        for table in (*SHARD_TABLES, "ingests", "ingest_problems"):
            con.execute(f"DELETE FROM {table}")


def shard_document_ids(folder: Path) -> list[str]:
    """Ids of the documents a shard holds; raise ``E703`` if it cannot be read."""
    try:
        with duckdb.connect() as con:
            for table in SHARD_TABLES:  # every file must be readable, not only the documents
                con.execute(f"SELECT count(*) FROM read_parquet('{_quoted(folder / table)}')").fetchone()
            return [r[0] for r in con.execute(
                f"SELECT id FROM read_parquet('{_quoted(folder / 'documents')}')").fetchall()]
    except duckdb.Error as e:
        raise StoreError("E703", shard=folder, reason=str(e).splitlines()[0]) from e


def stored_document_ids(store: Store, ids: list[str]) -> set[str]:
    """Those of ``ids`` whose documents the store already holds."""
    found = store.con.execute("SELECT id FROM documents WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
    return {r[0] for r in found}


def merge_shards(store: Store, folders: list[Path], sources: list[Source],
                 logs: list[FileLog]) -> dict[str, tuple[int, int]]:
    """Upsert the shards in ``folders`` (in name order), the ``sources`` and one log entry per file,
    atomically; return per log entry id the claims and the provisional actors its documents have.

    Raise ``E703`` naming the shard that cannot be read; nothing is written then.
    """
    counts = {}
    with store.transaction():
        for folder in sorted(folders, key=lambda f: f.name):
            _merge_one(store.con, folder)
        store._upsert("sources", [rows.source_row(s) for s in sources])
        for log in logs:
            r = log.record
            counts[r.id] = store.con.execute(
                "SELECT (SELECT count(DISTINCT claim_id) FROM claim_evidence WHERE doc_id IN (SELECT unnest($1))), "
                "(SELECT count(DISTINCT m.actor_id) FROM mentions m JOIN actors a ON a.id = m.actor_id "
                " WHERE a.provisional AND m.doc_id IN (SELECT unnest($1)))", [log.doc_ids]).fetchone()
            n_rejected = len({p.line for p in log.problems if p.is_error})
            store._upsert("ingests", [(r.id, r.path, r.content_sha256, r.reader, r.n_rows, counts[r.id][0],
                                       n_rejected, dt.datetime.now())])
            store.con.execute("DELETE FROM ingest_problems WHERE ingest_id = ?", [r.id])
            store._upsert("ingest_problems", [(r.id, p.line, p.code, p.text) for p in log.problems], 3)
    return counts


def _merge_one(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    try:
        for table in SHARD_TABLES:
            source = f"read_parquet('{_quoted(folder / table)}')"
            if table in UNKEYED:  # replaced: every row of these claims goes first
                con.execute(f"DELETE FROM {table} WHERE {UNKEYED[table]} IN "
                            f"(SELECT id FROM read_parquet('{_quoted(folder / 'claims')}'))")
            verb = "INSERT" if table in UNKEYED else "INSERT OR REPLACE"
            con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM {source}")
    except duckdb.Error as e:
        raise StoreError("E703", shard=folder, reason=str(e).splitlines()[0]) from e


def _quoted(stem: Path) -> str:
    return str(stem.with_name(stem.name + ".parquet")).replace("'", "''")
