"""Python tuples into a DuckDB table in one statement.

>>> import duckdb
>>> con = duckdb.connect()
>>> _ = con.execute("CREATE TABLE t (k VARCHAR, n INTEGER, tags VARCHAR[])")
>>> insert_rows(con, "t", [("a", 1, ["x"]), ("b", None, [])])
>>> con.execute("SELECT * FROM t ORDER BY k").fetchall()
[('a', 1, ['x']), ('b', None, [])]
"""

from __future__ import annotations

import duckdb


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, records: list[tuple], *, verb: str = "INSERT") -> None:
    """Add ``records`` (tuples in the table's column order) to ``table`` with ``verb`` (``INSERT``,
    ``INSERT OR REPLACE``, ``INSERT OR IGNORE``).

    The rows go in as one statement with one list parameter per column, unnested: DuckDB binds a
    few lists far faster than thousands of single values.
    """
    if not records:
        return
    columns = [list(column) for column in zip(*records)]
    con.execute(f"{verb} INTO {table} SELECT " + ", ".join(["unnest(?)"] * len(columns)), columns)
