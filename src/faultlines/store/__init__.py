"""The store: DuckDB schema, named migrations, idempotent upserts and queries. Only this package runs SQL."""

from faultlines.store.store import DEFAULT_DB, TABLES, Batch, IngestRecord, Store, default_db_path

__all__ = ["DEFAULT_DB", "TABLES", "Batch", "IngestRecord", "Store", "default_db_path"]
