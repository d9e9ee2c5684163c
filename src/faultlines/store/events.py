"""Event datasets in bulk: file -> staged rows -> claims, all inside DuckDB (docs/events.md).

Python never loops over rows here. A layout (:class:`Layout`) says which columns of a dataset give
the row id, the date, each side's actor key and the event key; :func:`stage` reads the file with
DuckDB's own parallel ``read_csv`` (an explicit all-VARCHAR schema of the file's width) into a
temporary table whose rowid gives each row its line. The caller resolves the *distinct* actor and
event keys (:func:`distinct_keys`) and loads the answers with :func:`load_map`; :func:`claims_sql`
then joins, hashes the claim ids exactly as :class:`~faultlines.model.Claim` does, and
:func:`insert_claims` writes them, inside the ingest's transaction.

>>> layout = Layout("demo", ("id", "day", "a", "b", "code"), row_id="id", day="day", day_format="%Y%m%d",
...                 source=("a",), target=("b",), event=("code",), codes=(("cameo", "code"),))
>>> _key_sql(layout, ("a", "b"), layout.columns)
'concat_ws(chr(31), c3, c4)'
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb
import numpy as np

from faultlines.store.bulk import insert_rows

ASSOCIATED = "associated"  # the event key of an actor acting together with another (ACLED)

SEP = chr(31)  # joins the parts of a key; never inside a dataset's field
PLAIN_ID = "[A-Za-z0-9._:-]+"


@dataclass(frozen=True)
class Layout:
    """Where a dataset's fields are: column names in file order and the columns of each part.

    ``source``/``target``/``event`` are the columns whose values (joined by :data:`SEP`) form the
    key resolved outside SQL; ``source_name``/``target_name`` a readable name for reports;
    ``codes`` the ``(key, column)`` pairs kept raw on each claim; ``na`` a value that means empty;
    ``associates`` the ``(side, column)`` pairs whose ``;``-separated actors act with the side's actor.
    """

    dataset: str
    columns: tuple[str, ...]
    row_id: str
    day: str
    day_format: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    event: tuple[str, ...]
    codes: tuple[tuple[str, str], ...]
    source_name: str | None = None
    target_name: str | None = None
    na: str | None = None
    associates: tuple[tuple[str, str], ...] = ()


def _field(layout: Layout, name: str, columns: tuple[str, ...]) -> str:
    value = f"trim(c{columns.index(name) + 1})"
    if layout.na is None:
        return f"nullif({value}, '')"
    return f"CASE WHEN {value} IN ('', '{layout.na}') THEN NULL ELSE {value} END"


def _key_sql(layout: Layout, parts: tuple[str, ...], columns: tuple[str, ...]) -> str:
    if len(parts) == 1:
        return f"c{columns.index(parts[0]) + 1}" if layout.na is None else _field(layout, parts[0], columns)
    return "concat_ws(chr(31), " + ", ".join(f"c{columns.index(p) + 1}" for p in parts) + ")"


def _staged_select(layout: Layout, columns: tuple[str, ...]) -> str:
    def f(name: str) -> str:
        return _field(layout, name, columns)
    first = f(layout.source[0])
    second = f(layout.target[0])
    values = ", ".join(f(c) for _, c in layout.codes)
    return f"""SELECT {len(columns)} AS n_fields, {f(layout.row_id)} AS row_id, {f(layout.day)} AS day,
        CASE WHEN {first} IS NULL THEN NULL ELSE {_key_sql(layout, layout.source, columns)} END AS src_key,
        {f(layout.source_name or layout.source[0])} AS src_name,
        CASE WHEN {second} IS NULL THEN NULL ELSE {_key_sql(layout, layout.target, columns)} END AS tgt_key,
        {f(layout.target_name or layout.target[0])} AS tgt_name,
        {_key_sql(layout, layout.event, columns)} AS event_key, [{values}] AS code_values""" + "".join(
        f", {f(column)} AS assoc_{i}" for i, (_, column) in enumerate(layout.associates, 1))


def code_names(layout: Layout) -> list[str]:
    """What each of a staged row's ``code_values`` is, in order."""
    return [k for k, _ in layout.codes]


def _used(layout: Layout) -> set[str]:
    """The columns a staged row is made of: only these are carried past the reader."""
    return {layout.row_id, layout.day, *layout.source, *layout.target, *layout.event,
            layout.source_name or layout.source[0], layout.target_name or layout.target[0],
            *(c for _, c in layout.codes), *(c for _, c in layout.associates)}


def stage(con: duckdb.DuckDBPyConnection, path: Path, layout: Layout, *, header: bool,
          columns: tuple[str, ...] | None = None, delimiter: str = "\t", quoted: bool = False,
          ) -> tuple[int, list[tuple[int, str, str]]]:
    """Read ``path`` (plain or .gz) into the session's staged rows, ``_staged``.

    DuckDB's parallel CSV reader does the parsing, with an explicit all-VARCHAR schema of the
    file's width, double-quoted values when ``quoted`` (else none: tab-separated event files have
    none); only the fields a claim needs are kept, in a temporary table (DuckDB spills it to disk
    beyond its memory limit). ``columns`` are the file's own (its header) when it differs from the
    layout's. Rows it rejects come back as ``(line, code, value)``: ``E230`` with the number of
    fields found for a row of the wrong width, ``E231`` with the reason for one it cannot read
    (not UTF-8, too long, a quote never closed). The other rows keep their physical line numbers
    in ``_staged.line`` as long as no record spans lines. Also returned: how many records were read
    (rejected ones not counted); with the header and the rejected lines they make the file's line
    count unless some record spans lines (a quoted newline): then the staged lines after it are not
    physical lines.
    """
    columns = columns or layout.columns
    schema = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, len(columns) + 1)) + "}"
    quote = "quote='\"', escape='\"'" if quoted else "quote='', escape=''"
    reader = (f"read_csv('{_quote(path)}', columns={schema}, delim='{delimiter}', {quote}, "
              f"header={str(header).lower()}, auto_detect=false, store_rejects=true, "
              f"rejects_table='_rejects', rejects_scan='_rejects_scan', max_line_size=10000000)")
    con.execute("DROP TABLE IF EXISTS _rejects")
    con.execute("DROP TABLE IF EXISTS _rejects_scan")
    used = ", ".join(f"c{i}" for i in sorted({columns.index(c) + 1 for c in _used(layout)}))
    # A new table keeps the reader's row order (insertion order is preserved), so its rowid is the
    # row's position in the file: no window function (which would buffer every row) is needed.
    ordered = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
    con.execute("SET preserve_insertion_order = true")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _staged_k AS {_staged_select(layout, columns)} FROM (SELECT {used} "
                    f"FROM {reader})")
    finally:
        con.execute(f"SET preserve_insertion_order = {bool(ordered)}")
    n_records = con.execute("SELECT count(*) FROM _staged_k").fetchone()[0]
    rejected = con.execute("""SELECT line, bool_and(error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS')),
            len(string_split(any_value(csv_line), ?)), arg_min(error_type || coalesce(': ' || error_message, ''),
                                                              column_idx)
        FROM _rejects GROUP BY line ORDER BY line""", [delimiter]).fetchall()
    _number_lines(con, [line for line, *_ in rejected], 1 if header else 0)
    if quoted:
        _with_roles(con, layout)
    return n_records, [(int(line), "E230", str(n)) if width else (int(line), "E231", reason.split("\n")[0])
                       for line, width, n, reason in rejected]


def _with_roles(con: duckdb.DuckDBPyConnection, layout: Layout) -> None:
    """Quoted files' rows name the actor's role last in their codes (as the Python reader does):
    ``main``, or the associates column of each actor acting with a side's actor (ACLED)."""
    sides = {layout.source[0]: ("src_key", "src_name"), layout.target[0]: ("tgt_key", "tgt_name")}
    extra = [f"""SELECT n_fields, row_id, day, {sides[side][0]}, {sides[side][1]}, trim(a), trim(a), '{ASSOCIATED}',
                 list_append(code_values, '{column}'), line
             FROM (SELECT *, unnest(string_split(assoc_{i}, ';')) AS a FROM _staged
                   WHERE {sides[side][0]} IS NOT NULL AND assoc_{i} IS NOT NULL)
             WHERE trim(a) <> ''""" for i, (side, column) in enumerate(layout.associates, 1)]
    drop = "EXCLUDE (" + ", ".join(f"assoc_{i}" for i in range(1, len(layout.associates) + 1)) + ")"
    con.execute("CREATE OR REPLACE TEMP TABLE _staged_roles AS "
                + " UNION ALL ".join([f"SELECT * {drop if layout.associates else ''} REPLACE "
                                      "(list_append(code_values, 'main') AS code_values) FROM _staged", *extra]))
    _drop_staged(con)
    con.execute("CREATE TEMP VIEW _staged AS SELECT * FROM _staged_roles")


def _number_lines(con: duckdb.DuckDBPyConnection, rejected: list[int], offset: int) -> None:
    """``_staged``: the rows of ``_staged_k`` with their physical line; row k (from 1, its rowid + 1) is
    the k-th good row of the file."""
    _drop_staged(con)
    if not rejected:
        con.execute(f"CREATE TEMP VIEW _staged AS SELECT *, rowid + 1 + {offset} AS line FROM _staged_k")
        return
    # The k-th good line is line k + offset + (rejected lines before it): r_j - j good lines precede
    # the j-th rejected line r_j, so an ASOF join on that count finds how many to skip.
    con.execute("CREATE OR REPLACE TEMP TABLE _shift (good_before BIGINT, skip BIGINT)")
    con.execute("INSERT INTO _shift SELECT r - ? - i, i FROM (SELECT unnest(?) AS r, "
                "unnest(range(1, ? + 1)) AS i)", [offset, sorted(rejected), len(rejected)])
    con.execute(f"CREATE TEMP TABLE _staged AS SELECT s.* EXCLUDE (k), "
                f"s.k + {offset} + coalesce(t.skip, 0) AS line FROM (SELECT *, rowid + 1 AS k FROM _staged_k) s "
                f"ASOF LEFT JOIN _shift t ON s.k > t.good_before")
    con.execute("DROP TABLE _staged_k")


def renumber_lines(con: duckdb.DuckDBPyConnection, lines: np.ndarray, *, header: bool) -> None:
    """Give the staged rows of a file read without rejected rows their physical ``lines``: the line
    on which the file's k-th record starts (:func:`faultlines.ingest.events.records.record_lines`),
    where :func:`stage` could only count records (its line k + header is record k)."""
    offset = 2 if header else 1
    con.register("_line_array", {"k": np.arange(offset, len(lines) + offset, dtype=np.int64), "line": lines})
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _staged_lines AS SELECT s.* REPLACE (m.line AS line) "
                    "FROM _staged s JOIN _line_array m ON m.k = s.line")
    finally:
        con.unregister("_line_array")
    _drop_staged(con)
    con.execute("CREATE TEMP VIEW _staged AS SELECT * FROM _staged_lines")


def _drop_staged(con: duckdb.DuckDBPyConnection) -> None:
    found = con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = '_staged'").fetchone()
    if found:
        con.execute(f"DROP {'VIEW' if found[0] == 'VIEW' else 'TABLE'} _staged")


def stage_rows(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Stage rows parsed outside SQL (quoted CSV): ``(line, n_fields, row_id, day, src_key, src_name,
    tgt_key, tgt_name, event_key, code_values)`` tuples, as ``_staged``."""
    _drop_staged(con)
    con.execute("CREATE TEMP TABLE _staged (line BIGINT, n_fields INTEGER, row_id VARCHAR, day VARCHAR, "
                "src_key VARCHAR, src_name VARCHAR, tgt_key VARCHAR, tgt_name VARCHAR, event_key VARCHAR, "
                "code_values VARCHAR[])")
    insert_rows(con, "_staged", rows)


def distinct_keys(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple[str, str, int, int]], list[str]]:
    """The staged actor keys ``(key, name, first line, n rows)`` and event keys, each once."""
    actors = con.execute("""SELECT key, arg_min(name, line), min(line), count(*) FROM (
            SELECT src_key AS key, src_name AS name, line FROM _staged WHERE src_key IS NOT NULL
            UNION ALL SELECT tgt_key, tgt_name, line FROM _staged WHERE tgt_key IS NOT NULL)
        GROUP BY key ORDER BY key""").fetchall()
    events = [r[0] for r in con.execute("SELECT DISTINCT event_key FROM _staged WHERE event_key IS NOT NULL "
                                        "ORDER BY 1").fetchall()]
    return actors, events


def load_map(con: duckdb.DuckDBPyConnection, actors: dict[str, str],
             events: dict[str, tuple[str | None, float, float, str]]) -> None:
    """Load the resolved keys: actor key -> actor id; event key -> (relation, polarity, intensity, mapping).

    A relation of None marks a known code that makes no claim (a neutral statement).
    """
    con.execute("CREATE OR REPLACE TEMP TABLE _actor_map (key VARCHAR, actor_id VARCHAR)")
    con.execute("CREATE OR REPLACE TEMP TABLE _event_map (event_key VARCHAR, relation VARCHAR, polarity DOUBLE, "
                "intensity DOUBLE, pol_json VARCHAR, int_json VARCHAR, mapping VARCHAR)")
    insert_rows(con, "_actor_map", list(actors.items()))
    insert_rows(con, "_event_map", [(k, rel, pol, inten, json.dumps(float(pol)), json.dumps(float(inten)), mapping)
                                    for k, (rel, pol, inten, mapping) in events.items()])


def problems(con: duckdb.DuckDBPyConnection, *, expected: int, day_format: str,
             check_events: bool = True) -> list[tuple]:
    """Rejected rows ``(line, code, value)``: wrong width E230, bad id E234, bad date E232, unknown code E233."""
    return con.execute(f"""SELECT line, code, value FROM (
        SELECT s.line, CASE WHEN s.n_fields <> {expected} THEN 'E230'
                            WHEN s.row_id IS NULL OR NOT regexp_full_match(s.row_id, '{PLAIN_ID}') THEN 'E234'
                            WHEN try_strptime(s.day, '{day_format}') IS NULL THEN 'E232'
                            WHEN {str(check_events).lower()} AND s.event_key IS NOT NULL AND e.event_key IS NULL THEN 'E233' END AS code,
               CASE WHEN s.n_fields <> {expected} THEN s.n_fields::VARCHAR
                    WHEN s.row_id IS NULL OR NOT regexp_full_match(s.row_id, '{PLAIN_ID}') THEN coalesce(s.row_id, '')
                    WHEN try_strptime(s.day, '{day_format}') IS NULL THEN coalesce(s.day, '')
                    ELSE s.event_key END AS value
        FROM _staged s LEFT JOIN _event_map e ON e.event_key = s.event_key)
        WHERE code IS NOT NULL ORDER BY line""").fetchall()


def summaries(con: duckdb.DuckDBPyConnection, *, expected: int) -> tuple[tuple, tuple]:
    """``(n, first line)`` of rows with one side empty, and ``(n, first line, codes)`` of no-relation codes."""
    one_sided = con.execute(f"SELECT count(*), min(line) FROM _staged WHERE n_fields = {expected} "
                            "AND (src_key IS NULL OR tgt_key IS NULL)").fetchone()
    neutral = con.execute(f"""SELECT count(*), min(s.line), string_agg(DISTINCT s.event_key, ', ')
        FROM _staged s JOIN _event_map e ON e.event_key = s.event_key
        WHERE e.relation IS NULL AND s.n_fields = {expected}""").fetchone()
    return one_sided, neutral


def claims_sql(con: duckdb.DuckDBPyConnection, *, dataset: str, extractor: str, expected: int,
               day_format: str) -> int:
    """Build ``_claims``: one row per good staged row, its id hashed as :class:`Claim` hashes it.

    The id is the SHA-256 of the canonical JSON of the claim's identity (see
    :func:`faultlines.model.content_id`); every string in it is a slug, a plain id or a constant,
    so no JSON escaping is needed. Rows repeating one claim keep their first line; the window that
    finds them runs only when some row id repeats (a repeated claim repeats its row id), since on a
    million rows it costs more than everything else here.
    """
    repeats = con.execute("SELECT count(*) > count(DISTINCT row_id) FROM _staged").fetchone()[0]
    identity = (f"""'["' || a.actor_id || '","' || b.actor_id || '","' || e.relation || '",' || e.pol_json || ','
        || e.int_json || ',"' || strftime(d.day, '%Y-%m-%d') || '","day","asserted",null,null,[["row","{dataset}","'
        || d.row_id || '"]],"{extractor}","' || e.mapping || '"]'""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _claims AS
        SELECT 'clm_' || left(sha256({identity}), 16) AS id, a.actor_id AS src, b.actor_id AS tgt, e.relation,
               e.polarity, e.intensity, d.day, e.mapping, d.row_id, d.line, d.code_values AS codes
        FROM (SELECT * REPLACE (try_strptime(day, '{day_format}')::DATE AS day) FROM _staged
              WHERE n_fields = {expected} AND regexp_full_match(row_id, '{PLAIN_ID}')) d
        JOIN _actor_map a ON a.key = d.src_key
        JOIN _actor_map b ON b.key = d.tgt_key
        JOIN _event_map e ON e.event_key = d.event_key AND e.relation IS NOT NULL
        WHERE d.day IS NOT NULL
        {"QUALIFY row_number() OVER (PARTITION BY id ORDER BY d.line) = 1" if repeats else ""}""")
    return con.execute("SELECT count(*) FROM _claims").fetchone()[0]


def insert_claims(con: duckdb.DuckDBPyConnection, *, dataset: str, extractor: str, confidence: float,
                  names: list[str], on_table: Callable[[str], None] | None = None) -> int:
    """Add the claims of ``_claims`` not yet stored to claims, claim_evidence (one RowRef each) and
    claim_codes (the values; ``names`` says what each is); return how many the file gave.
    ``on_table`` is told before each table is written: ``claims_table``, ``claim_evidence``,
    ``claim_codes``.

    A stored claim with the same id has the same content (the id hashes it, and the format fixes
    the rest), so claims already there are skipped rather than replaced: far cheaper in bulk.
    """
    n = con.execute("SELECT count(*) FROM _claims").fetchone()[0]
    # Copying a million claims aside costs more than looking for stored ones: copy only if some are.
    stored = con.execute("SELECT EXISTS (SELECT 1 FROM _claims c SEMI JOIN claims s ON s.id = c.id)").fetchone()[0]
    new = "_claims"
    if stored:
        con.execute("CREATE OR REPLACE TEMP TABLE _new AS SELECT c.* FROM _claims c ANTI JOIN claims s ON s.id = c.id")
        new = "_new"
    on_table = on_table or (lambda table: None)
    on_table("claims_table")
    con.execute(f"""INSERT INTO claims SELECT id, src, tgt, relation, polarity, intensity, day, 'day',
        'asserted', NULL, NULL, '{extractor}', mapping, {float(confidence)!r}, NULL, NULL FROM {new}""")
    on_table("claim_evidence")
    con.execute(f"""INSERT INTO claim_evidence SELECT id, 0, 'row', NULL, NULL, NULL, '{dataset}', row_id, line
        FROM {new}""")
    names_id = "codes_" + hashlib.sha256(SEP.join(names).encode()).hexdigest()[:16]
    con.execute("INSERT OR IGNORE INTO claim_code_names VALUES (?, ?)", [names_id, names])
    on_table("claim_codes")
    con.execute(f"INSERT INTO claim_codes SELECT id, '{dataset}', '{names_id}', codes FROM {new}")
    return n


def insert_mentions(con: duckdb.DuckDBPyConnection, *, dataset: str, expected: int, names: list[str]) -> int:
    """Upsert staged GDELT 2.0 Mentions rows (event id, url, outlet, time, confidence) into event_mentions."""
    con.execute(f"""INSERT OR REPLACE INTO event_mentions
        SELECT '{dataset}', row_id, url, src_name, day, try_cast(conf AS INTEGER), line FROM (
            SELECT *, code_values[{names.index('url') + 1}] AS url,
                   code_values[{names.index('confidence') + 1}] AS conf FROM _staged
            WHERE n_fields = {expected} AND regexp_full_match(row_id, '{PLAIN_ID}'))
        WHERE url IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY row_id, url ORDER BY line) = 1""")
    return con.execute(f"SELECT count(*) FROM _staged WHERE n_fields = {expected}").fetchone()[0]


def drop_staged(con: duckdb.DuckDBPyConnection) -> None:
    """Drop every temporary table an ingest made (left behind, they hold memory or temporary
    disk space until the store closes)."""
    _drop_staged(con)
    for table in ("_staged_k", "_staged_roles", "_staged_lines", "_shift", "_rejects", "_rejects_scan", "_actor_map", "_event_map",
                  "_claims", "_new"):
        con.execute(f"DROP TABLE IF EXISTS {table}")


def claim_codes(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> dict[str, dict[str, str]]:
    """The raw dataset codes of these claims (absent for claims not read from a dataset)."""
    found = con.execute("SELECT c.claim_id, n.names, c.codes FROM claim_codes c JOIN claim_code_names n "
                        "USING (names_id) WHERE c.claim_id IN (SELECT unnest(?))", [claim_ids]).fetchall()
    return {cid: {k: v for k, v in zip(names, codes) if v is not None} for cid, names, codes in found}


def event_mentions(con: duckdb.DuckDBPyConnection, dataset: str, event_id: str) -> list[tuple]:
    """``(url, outlet, mentioned_at, confidence)`` of the articles that mention one dataset event."""
    return con.execute("SELECT url, source_name, mentioned_at, confidence FROM event_mentions "
                       "WHERE dataset = ? AND event_id = ? ORDER BY url", [dataset, event_id]).fetchall()


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
