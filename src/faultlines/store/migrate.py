"""Named schema migrations, recorded in the store file.

Each ``migrations/NNNN_name.sql`` runs once, in name order, inside the transaction that records it
in ``schema_migrations``. A store that records a migration this version does not ship is refused
(``E002``) rather than misread.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from faultlines.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"


def known_migrations() -> list[str]:
    return sorted(p.stem for p in MIGRATIONS.glob("*.sql"))


def applied_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'").fetchone()
    if not exists or not exists[0]:
        return []
    return [r[0] for r in con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()]


def pending_migrations(con: duckdb.DuckDBPyConnection, path: str) -> list[str]:
    """Migrations to run; raise ``E002`` if the store has some this version does not know."""
    applied = applied_migrations(con)
    unknown = sorted(set(applied) - set(known_migrations()))
    if unknown:
        raise StoreError("E002", path=path, names=", ".join(unknown))
    return [m for m in known_migrations() if m not in applied]


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> list[str]:
    """Apply every pending migration, each in its own transaction; return their names."""
    pending = pending_migrations(con, path)
    for name in pending:
        con.begin()
        try:
            con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
            con.execute((MIGRATIONS / f"{name}.sql").read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_migrations VALUES (?, now())", [name])
            con.commit()
        except duckdb.Error:
            con.rollback()
            raise
    return pending
