"""The DuckDB store: the only code in Faultlines that runs SQL.

One file holds everything (default ``./faultlines.duckdb``). Writes are idempotent upserts by
content-hash id, and each batch is one transaction, so a failed ingest leaves the store as it was
and re-ingesting the same file changes nothing.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     with Store(pathlib.Path(tmp) / "x.duckdb") as store:
...         store.counts()["claims"]
0
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from faultlines.catalogue import Catalogue
from faultlines.catalogue.rollup import rollup_table
from faultlines.errors import Problem, StoreError
from faultlines.model import Actor, Claim, Coalition, Document, Mention, Source, TextSpan
from faultlines.model.quotes import Quote
from faultlines.model.dyads import DyadParams, DyadScore
from faultlines.store import dyads, rows
from faultlines.store import events as event_rows
from faultlines.store import places as place_rows
from faultlines.store.bulk import insert_rows
from faultlines.store.migrate import migrate, pending_migrations

DEFAULT_DB = "faultlines.duckdb"
# Tables without a PRIMARY KEY (migration 0005, for bulk-load speed): rows are replaced by first
# deleting every row whose key column holds one of the records' first values.
UNKEYED = {"claims": "id", "claim_evidence": "claim_id"}
# DuckDB's checkpoint merges partly filled row groups ("vacuum"), rewriting them: after a bulk
# ingest (whose parallel writers leave a partial row group each) that costs more than the ingest's
# own writes. The store's connections leave it off; :meth:`Store.compact` runs it on request.
_NO_VACUUM, _VACUUM = 0, 100
COMPACTED = ("claims", "claim_evidence", "claim_codes")
TABLES = ("meta", "sources", "documents", "actors", "affiliations", "coalitions", "coalition_members", "claims",
          "claim_evidence", "mentions", "quotes", "ingests", "ingest_problems", "claim_codes", "claim_code_names",
          "event_mentions")


def default_db_path() -> Path:
    """``$FAULTLINES_DB`` if set, else ``./faultlines.duckdb``."""
    return Path(os.environ.get("FAULTLINES_DB") or DEFAULT_DB)


@dataclass
class Batch:
    """Everything one read of a file produced, written to the store in one transaction."""

    claims: list[Claim] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    geo: list = field(default_factory=list)  # faultlines.extract.geo.Geo per document (docs/places.md)


@dataclass(frozen=True)
class IngestRecord:
    """The log entry of one ingested file (its id hashes the file's name and content)."""

    id: str
    path: str
    content_sha256: str
    reader: str
    n_rows: int


class Store:
    """A Faultlines store in a DuckDB file.

    Open it writable (the default: creates the file and applies pending migrations) or with
    ``read_only=True`` for readers, which never change the file.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError("E003", path=self.path)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as e:
            raise StoreError("E001", path=self.path, reason=str(e).splitlines()[0]) from e
        try:
            if read_only:
                pending = pending_migrations(self.con, str(self.path))
                if pending:
                    raise StoreError("E005", path=self.path, names=", ".join(pending))
            else:
                migrate(self.con, str(self.path))
                self.con.execute(f"SET max_vacuum_tasks = {_NO_VACUUM}")
        except BaseException:
            self.con.close()
            raise

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def compact(self) -> tuple[int, int]:
        """Rewrite the bulk tables (claims, their evidence and raw codes) without the rows replaced
        or deleted since and in full row groups, then write the file; return their row groups
        before and after (the file keeps its size; later writes reuse the space).

        Checkpoints skip this merging on every write (after a bulk ingest, whose parallel writers
        leave a partial row group each, it cost more than the ingest's own writes): run it after
        many re-ingests, or before shipping a store (``faultlines compact``).
        """
        if self.read_only:
            raise StoreError("E004", path=self.path)
        before = self._row_groups()
        self.con.execute(f"SET max_vacuum_tasks = {_VACUUM}")
        try:
            with self.transaction():
                for table in COMPACTED:
                    self.con.execute(f"CREATE TEMP TABLE _compact AS FROM {table}")
                    self.con.execute(f"DELETE FROM {table}")
                    self.con.execute(f"INSERT INTO {table} FROM _compact")
                    self.con.execute("DROP TABLE _compact")
            self.con.execute("FORCE CHECKPOINT")
        finally:
            self.con.execute(f"SET max_vacuum_tasks = {_NO_VACUUM}")
        return before, self._row_groups()

    def _row_groups(self) -> int:
        return sum(self.con.execute(f"SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('{table}')")
                   .fetchone()[0] for table in COMPACTED)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together or not at all."""
        if self.read_only:
            raise StoreError("E004", path=self.path)
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    # -- writing -------------------------------------------------------------------------------

    def _upsert(self, table: str, records: list[tuple], key_width: int = 1) -> None:
        """Insert or replace ``records``; of several with one key in a batch, the last wins."""
        records = list({r[:key_width]: r for r in records}.values())
        if not records:
            return
        if table in UNKEYED:
            self.con.execute(f"DELETE FROM {table} WHERE {UNKEYED[table]} IN (SELECT unnest(?))",
                             [list({r[0] for r in records})])
        insert_rows(self.con, table, records, verb="INSERT" if table in UNKEYED else "INSERT OR REPLACE")

    def write_catalogue(self, catalogue: Catalogue) -> None:
        """Store (or refresh) a catalogue's actors, affiliations and coalitions, in one transaction."""
        with self.transaction():
            self._upsert("actors", [rows.actor_row(a) for a in catalogue.actors.values()])
            self._upsert("affiliations", [rows.affiliation_row(a) for a in catalogue.affiliations])
            for coalition in catalogue.coalitions.values():
                self._write_coalition(coalition)
            self._upsert("meta", [("catalogues", ",".join(catalogue.names))])

    def _write_coalition(self, coalition: Coalition) -> None:
        head, members = rows.coalition_rows(coalition)
        self._upsert("coalitions", [head])
        self.con.execute("DELETE FROM coalition_members WHERE coalition_id = ?", [coalition.id])
        self._upsert("coalition_members", members, 2)

    def write_batch(self, batch: Batch, record: IngestRecord,
                    bulk: Callable[[duckdb.DuckDBPyConnection], int] | None = None) -> None:
        """Store a file's claims with their documents, sources, new actors and problems, atomically.

        ``bulk`` (the event-dataset path, :mod:`faultlines.store.events`) writes more claims with
        SQL inside the same transaction and returns how many; they count in the ingest log.
        """
        with self.transaction():
            n_bulk = bulk(self.con) if bulk else 0
            self._upsert("actors", [rows.actor_row(a) for a in batch.actors])
            self._upsert("sources", [rows.source_row(s) for s in batch.sources])
            self._upsert("documents", [rows.document_row(d) for d in batch.documents])
            self._upsert("mentions", [rows.mention_row(m) for m in batch.mentions])
            self._upsert("quotes", [rows.quote_row(q) for q in batch.quotes])
            self._upsert("claims", [rows.claim_row(c) for c in batch.claims])
            self._upsert("claim_evidence", [e for c in batch.claims for e in rows.evidence_rows(c)], 2)
            for geo in batch.geo:
                for table, found in place_rows.geo_rows(geo).items():
                    self._upsert(table, found, 2 if table == "claim_amounts" else 1)
            n_rejected = len({p.line for p in batch.problems if p.is_error})
            self._upsert("ingests", [(record.id, record.path, record.content_sha256, record.reader, record.n_rows,
                                      len(batch.claims) + n_bulk, n_rejected, dt.datetime.now())])
            self.con.execute("DELETE FROM ingest_problems WHERE ingest_id = ?", [record.id])
            self._upsert("ingest_problems", [(record.id, p.line, p.code, p.text) for p in batch.problems], 3)

    # -- reading -------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def catalogue(self) -> Catalogue:
        """The catalogue as stored: every actor (provisional ones too), affiliation and coalition."""
        actors = {a.id: a for a in self.actors()}
        affiliations = tuple(rows.affiliation_from(r) for r in self.con.execute(
            f"SELECT {', '.join(rows.AFFILIATION_COLUMNS)} FROM affiliations ORDER BY child, relation, valid_from").fetchall())
        members: dict[str, list[tuple]] = {}
        for m in self.con.execute("SELECT * FROM coalition_members").fetchall():
            members.setdefault(m[0], []).append(m)
        coalitions = {h[0]: rows.coalition_from(h, members.get(h[0], []))
                      for h in self.con.execute("SELECT * FROM coalitions ORDER BY id").fetchall()}
        names = self.con.execute("SELECT value FROM meta WHERE key = 'catalogues'").fetchone()
        return Catalogue(tuple(names[0].split(",")) if names else (), actors, affiliations, coalitions)

    def actors(self, *, ids: list[str] | None = None, kind: str | None = None) -> list[Actor]:
        """Stored actors, by id order; optionally only ``ids`` or one ``kind``."""
        sql = f"SELECT {', '.join(rows.ACTOR_COLUMNS)} FROM actors WHERE 1=1"
        params: list[object] = []
        if ids is not None:
            sql += " AND id IN (SELECT unnest(?))"
            params.append(ids)
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        return [rows.actor_from(r) for r in self.con.execute(sql + " ORDER BY id", params).fetchall()]

    def claims(self, *, actor: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
               limit: int | None = None) -> list[Claim]:
        """Stored claims by date then id; ``actor`` matches either side; ``until`` is inclusive."""
        sql = f"SELECT {', '.join(rows.CLAIM_COLUMNS)} FROM claims WHERE 1=1"
        params: list[object] = []
        if actor is not None:
            sql += " AND (source_actor = ? OR target_actor = ?)"
            params += [actor, actor]
        if since is not None:
            sql += " AND occurred_at >= ?"
            params.append(since)
        if until is not None:
            sql += " AND occurred_at <= ?"
            params.append(until)
        sql += " ORDER BY occurred_at, id" + (f" LIMIT {int(limit)}" if limit else "")
        found = self.con.execute(sql, params).fetchall()
        evidence: dict[str, list[tuple]] = {}
        if found:
            for e in self.con.execute("SELECT * FROM claim_evidence WHERE claim_id IN (SELECT unnest(?))",
                                      [[r[0] for r in found]]).fetchall():
                evidence.setdefault(e[0], []).append(e)
        return [rows.claim_from(r, evidence[r[0]]) for r in found]

    def control(self, *, place_ids: list[str] | None = None, until: dt.date | None = None) -> list:
        """Control claims (``faultlines.places.ControlClaim``) by date; see :mod:`faultlines.store.places`."""
        return place_rows.read_control(self.con, place_ids=place_ids, until=until)

    def places(self) -> list:
        """The places (``faultlines.places.Place``) the stored documents refer to."""
        return place_rows.read_places(self.con)

    def documents(self, ids: list[str]) -> dict[str, Document]:
        found = self.con.execute(f"SELECT {', '.join(rows.DOCUMENT_COLUMNS)} FROM documents "
                                 "WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0]: rows.document_from(r) for r in found}

    def quotes(self, doc_ids: list[str]) -> list[Quote]:
        """Quotes found in these documents, in document order."""
        found = self.con.execute("SELECT doc_id, start_char, end_char, speaker, speaker_start, speaker_end, kind "
                                 "FROM quotes WHERE doc_id IN (SELECT unnest(?)) ORDER BY doc_id, start_char",
                                 [doc_ids]).fetchall()
        return [Quote(TextSpan(d, s, e), who, TextSpan(d, ws, we) if ws is not None else None, kind)
                for d, s, e, who, ws, we, kind in found]

    def dataset_rows(self, claim_ids: list[str], *, max_mentions: int = 5) -> dict[str, dict]:
        """What the dataset row behind each of these claims says beyond the claim: ``{"codes":
        {name: raw value}, "mentions": [article URL, ...]}`` (GDELT 2.0 mentions of its event, at
        most ``max_mentions``); claims not read from an event dataset are absent."""
        found = event_rows.claim_codes(self.con, claim_ids)
        mentions = dict(self.con.execute(
            f"""SELECT e.claim_id, list(m.url ORDER BY m.url)[:{int(max_mentions)}]
                FROM claim_evidence e JOIN event_mentions m ON m.dataset = e.dataset AND m.event_id = e.row_id
                WHERE e.kind = 'row' AND e.claim_id IN (SELECT unnest(?)) GROUP BY e.claim_id""",
            [list(found)]).fetchall())
        return {cid: {"codes": codes, "mentions": mentions.get(cid, [])} for cid, codes in found.items()}

    def sources(self) -> dict[str, Source]:
        found = self.con.execute(f"SELECT {', '.join(rows.SOURCE_COLUMNS)} FROM sources ORDER BY id").fetchall()
        return {r[0]: rows.source_from(r) for r in found}

    def ingest_problems(self) -> list[Problem]:
        found = self.con.execute("SELECT i.path, p.line, p.code, p.text FROM ingest_problems p "
                                 "JOIN ingests i ON i.id = p.ingest_id ORDER BY i.path, p.line").fetchall()
        return [Problem(code, path, line, text) for path, line, code, text in found]

    def summary(self) -> dict[str, object]:
        """Headline numbers about what the store holds, for `faultlines demo` and `status`."""
        first, last = self.con.execute("SELECT min(occurred_at), max(occurred_at) FROM claims").fetchone()
        by_relation = dict(self.con.execute(
            "SELECT relation, count(*) FROM claims GROUP BY relation ORDER BY count(*) DESC, relation").fetchall())
        involved = self.con.execute("SELECT count(DISTINCT a) FROM (SELECT source_actor a FROM claims "
                                    "UNION SELECT target_actor FROM claims)").fetchone()[0]
        outlets = self.con.execute("SELECT count(DISTINCT attributed_to) FROM claims").fetchone()[0]
        return {"counts": self.counts(), "first": first, "last": last, "by_relation": by_relation,
                "n_actors_involved": involved, "n_outlets": outlets}

    def dyad_scores(self, params: DyadParams | None = None) -> list[DyadScore]:
        """Scores per pair and window, computed in DuckDB (see :mod:`faultlines.store.dyads`)."""
        params = params or DyadParams()
        if params.rollup:
            dyads.register_rollup(self.con, rollup_table(self.catalogue(), dyads.claim_actors(self.con)))
        return dyads.dyad_scores(self.con, params)

    def materialize_dyad_scores(self, params: DyadParams | None = None, table: str = "dyad_scores") -> int:
        """Scores into a temporary table of this connection, not fetched (for millions of claims);
        the number of rows. Query it with ``store.con.sql(f"FROM {table}")`` or ``COPY`` it to Parquet;
        the claims behind each score are rows of the view ``{table}_claims`` (docs/scoring.md)."""
        params = params or DyadParams()
        if params.rollup:
            dyads.register_rollup(self.con, rollup_table(self.catalogue(), dyads.claim_actors(self.con)))
        return dyads.materialize_dyad_scores(self.con, params, table)
