"""Dyad aggregation: claims -> happenings -> scores per pair and window (docs/scoring.md).

DuckDB reads the claims and numbers what they name (actors, relations, outlets, grades), so that
each report reaches numpy as a few integer and float columns; numpy groups the reports into
happenings and scores (:mod:`faultlines.store.dyad_arrays`); the scores and the claims behind
them go back into DuckDB as temporary tables. No Python object is built per report. See
:mod:`faultlines.model.dyads` for what each number means.
"""

from __future__ import annotations

import gc

import duckdb
import numpy as np

from faultlines.model.dyads import UNGRADED_WEIGHT, DyadParams, DyadScore
from faultlines.store.bulk import insert_rows
from faultlines.store.dyad_arrays import Cells, ClaimRows, Reports, score_reports, stride

SEP = chr(31)  # joins ids in one fetched string; never part of an id or an outlet name

# Names numbered in string order (so least() on numbers is least() on ids); a pair of actors is
# then one integer, ``a * n_actors + b``.
_NUMBERED = """CREATE OR REPLACE TEMP TABLE {table} AS
    SELECT name, (row_number() OVER (ORDER BY name) - 1)::INTEGER AS i FROM ({names}) t(name) WHERE name IS NOT NULL"""
_OUTLET_NAMES = """SELECT attributed_to FROM claims UNION SELECT source_id FROM documents
    UNION SELECT 'unattributed' UNION SELECT outlet FROM _dyad_row_outlets"""
# The outlet of a claim read from a dataset row (its first): the publisher the row names (ICEWS's
# Publisher, the first of ACLED's sources, the host of GDELT's SOURCEURL), else the dataset.
_ROW_OUTLETS = r"""CREATE OR REPLACE TEMP TABLE _dyad_row_outlets AS
    SELECT e.claim_id, coalesce(
        nullif(trim(k.codes[list_position(n.names, 'publisher')]), ''),
        nullif(trim(split_part(k.codes[list_position(n.names, 'source')], ';', 1)), ''),
        nullif(regexp_extract(lower(k.codes[list_position(n.names, 'url')]), '^https?://(www\.)?([^/:?#]+)', 2), ''),
        e.dataset) AS outlet
    FROM (SELECT claim_id, arg_min(dataset, ordinal) AS dataset FROM claim_evidence WHERE kind = 'row' {no_rows}
          GROUP BY claim_id) e
    LEFT JOIN claim_codes k ON k.claim_id = e.claim_id AND k.dataset = e.dataset
    LEFT JOIN claim_code_names n ON n.names_id = k.names_id"""

# One row per report: the claim's row id, its key (pair, relation and day: dyad_arrays.Reports),
# weight, confidence, source weight and outlet.
_REPORTS = """
WITH modality_w(modality, mw) AS (VALUES {modalities}
), grade_w(grade, gw) AS (VALUES {grades}
), first_doc AS (
    SELECT e.claim_id, d.source_id, s.reliability
    FROM (SELECT claim_id, arg_min(doc_id, ordinal) AS doc_id FROM claim_evidence WHERE kind = 'span' GROUP BY claim_id) e
    JOIN documents d ON d.id = e.doc_id LEFT JOIN sources s ON s.id = d.source_id
)
SELECT c.rid, (({pair}) * {n_relations} + rn.i) * {stride} + (c.occurred_at - DATE '1970-01-01' - {day0}) AS key,
       c.polarity * c.intensity * m.mw AS w, c.confidence AS conf, coalesce(g.gw, {ungraded}) AS sw, o.i AS outlet
FROM {claims} c
JOIN _dyad_actors sa ON sa.name = c.source_actor
JOIN _dyad_actors ta ON ta.name = c.target_actor
JOIN _dyad_relations rn ON rn.name = c.relation
JOIN modality_w m ON m.modality = c.modality
LEFT JOIN first_doc f ON f.claim_id = c.id
LEFT JOIN _dyad_row_outlets r ON r.claim_id = c.id
JOIN {outlets} o ON o.name = coalesce(c.attributed_to, f.source_id, r.outlet, 'unattributed')
LEFT JOIN grade_w g ON g.grade = coalesce(c.reliability, f.reliability)
WHERE sa.i <> ta.i AND m.mw > 0 {where}"""

_CLAIMS = "(SELECT *, rowid AS rid FROM claims)"
# Claims with each actor replaced by its principal on the claim's day (catalogue/rollup.py).
_ROLLED = """(SELECT c.* REPLACE (coalesce(rs.principal, c.source_actor) AS source_actor,
                             coalesce(rt.principal, c.target_actor) AS target_actor), c.rowid AS rid
   FROM claims c
   LEFT JOIN _rollup rs ON rs.actor = c.source_actor AND c.occurred_at >= rs.valid_from AND c.occurred_at < rs.valid_to
   LEFT JOIN _rollup rt ON rt.actor = c.target_actor AND c.occurred_at >= rt.valid_from AND c.occurred_at < rt.valid_to)"""


def claim_actors(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every actor on either side of a stored claim."""
    return [r[0] for r in con.execute("SELECT source_actor FROM claims UNION SELECT target_actor FROM claims").fetchall()]


def register_rollup(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Load ``(actor, principal, valid_from, valid_to)`` rows into the session's ``_rollup`` table."""
    con.execute("CREATE OR REPLACE TEMP TABLE _rollup (actor VARCHAR, principal VARCHAR, valid_from DATE, valid_to DATE)")
    insert_rows(con, "_rollup", rows)


def _values(pairs: dict[str, float]) -> str:
    return ", ".join(f"('{name}', {weight!r})" for name, weight in pairs.items())


def _fetch_reports(con: duckdb.DuckDBPyConnection, params: DyadParams, outlets: str) -> tuple[Reports | None, np.ndarray]:
    """Each report as numpy arrays (None if there are none; see :data:`_REPORTS`), and the row id
    of its claim.

    Outlets must be numbered in ``outlets`` first, and the outlets of dataset rows found
    (:data:`_ROW_OUTLETS`, as ``_dyad_row_outlets``; empty when every claim names its outlet in
    ``attributed_to``: then no row is read, and the scores are the same).
    """
    claims = _ROLLED if params.rollup else _CLAIMS
    con.execute(_NUMBERED.format(table="_dyad_actors", names=f"SELECT source_actor FROM {claims} "
                                                              f"UNION SELECT target_actor FROM {claims}"))
    con.execute(_NUMBERED.format(table="_dyad_relations", names="SELECT DISTINCT relation FROM claims"))
    n_actors, n_relations, n_outlets = (_scalar(con, f"SELECT count(*) FROM {t}")
                                        for t in ("_dyad_actors", "_dyad_relations", outlets))
    lo, hi = con.execute("SELECT min(occurred_at) - DATE '1970-01-01', max(occurred_at) - DATE '1970-01-01' "
                         "FROM claims").fetchall()[0]
    if lo is None:
        return None, np.zeros(0, dtype=np.int64)
    step = stride(lo, hi, params.tolerance_days)
    if n_actors * n_actors * n_relations * step >= 1 << 62:
        raise ValueError(f"{n_actors} actors, {n_relations} relations and {hi - lo + 1} days are too many to key "
                         "reports in 64 bits")
    pair = "sa.i::BIGINT * {n} + ta.i" if params.directed else "least(sa.i, ta.i)::BIGINT * {n} + greatest(sa.i, ta.i)"
    where, args = "", []
    if params.since:
        where += " AND c.occurred_at >= ?"
        args.append(params.since)
    if params.until:
        where += " AND c.occurred_at <= ?"
        args.append(params.until)
    sql = _REPORTS.format(modalities=_values(dict(params.modality_weights)),
                          grades=_values(dict(params.reliability_weights)), ungraded=UNGRADED_WEIGHT,
                          pair=pair.format(n=n_actors), n_relations=n_relations, stride=step, day0=lo,
                          claims=claims, outlets=outlets,
                          where=where)
    columns = con.execute(sql, args).fetchnumpy()
    rid = np.asarray(columns["rid"], dtype=np.int64)
    if not len(rid):
        return None, rid
    return Reports(*(np.asarray(columns[c]) for c in ("key", "w", "conf", "sw", "outlet")), lo, step, n_actors,
                   n_relations, n_outlets), rid


def _scalar(con: duckdb.DuckDBPyConnection, sql: str):
    # fetchall, not fetchone: a result left unfinished forbids register() on the connection
    return con.execute(sql).fetchall()[0][0]


def _any_unattributed(con: duckdb.DuckDBPyConnection) -> bool:
    return _scalar(con, "SELECT EXISTS (SELECT 1 FROM claims WHERE attributed_to IS NULL)")


def _write_scores(con: duckdb.DuckDBPyConnection, cells: Cells, table: str, n_actors: int) -> None:
    """The scores as ``table``, with the actors' names and a ``score_id`` (the cell's number)."""
    con.register("_dyad_cells", {"start": cells.start, "end_": cells.end, "pair": cells.pair, "score": cells.score,
                                 "n_claims": cells.n_claims, "n_happenings": cells.n_happenings,
                                 "n_sources": cells.n_sources, "score_id": np.arange(len(cells.pair), dtype=np.int64)})
    try:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {table} AS
            SELECT DATE '1970-01-01' + s.start::INTEGER AS start, DATE '1970-01-01' + s.end_::INTEGER AS end_,
                   nm.names[s.pair // {n_actors} + 1] AS a, nm.names[s.pair % {n_actors} + 1] AS b,
                   s.score::DOUBLE AS score, s.n_claims::INTEGER AS n_claims,
                   s.n_happenings::INTEGER AS n_happenings, s.n_sources::INTEGER AS n_sources, s.score_id
            FROM _dyad_cells s, (SELECT list(name ORDER BY i) AS names FROM _dyad_actors) nm""")
    finally:
        con.unregister("_dyad_cells")


def _write_claim_rows(con: duckdb.DuckDBPyConnection, rows: ClaimRows, rid: np.ndarray, outlet: np.ndarray,
                      table: str) -> None:
    """``table``: the claim id and outlet number of each row of ``rows`` with its ``score_id``.

    The claim ids are copied from ``claims``: by position when each stored claim is in one row at
    most (a scan of ``claims`` beside an array indexed by row id, checked row by row), else by a
    join on the row id.
    """
    if rows.report is not None:
        rid, outlet = rid[rows.report], outlet[rows.report]
    if len(rid):
        by_position = np.full(int(rid.max()) + 1, -1, dtype=rows.cell.dtype)
        by_position[rid] = rows.cell
        if np.count_nonzero(by_position >= 0) == len(rid):
            outlets = np.zeros(len(by_position), dtype=outlet.dtype)
            outlets[rid] = outlet
            x = {"rid": np.arange(len(by_position), dtype=np.int64), "score_id": by_position, "outlet": outlets}
            if _copy_ids(con, table, x, "claims c POSITIONAL JOIN _dyad_rows x",
                         "x.score_id >= 0 AND c.rowid = x.rid") == len(rid):
                return
    _copy_ids(con, table, {"rid": rid, "score_id": rows.cell, "outlet": outlet},
              "claims c JOIN _dyad_rows x ON c.rowid = x.rid", "true")


def _copy_ids(con: duckdb.DuckDBPyConnection, table: str, x: dict, source: str, where: str) -> int:
    con.register("_dyad_rows", x)
    try:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {table} AS
            SELECT x.score_id::BIGINT AS score_id, c.id AS claim_id, x.outlet::INTEGER AS outlet
            FROM {source} WHERE {where}""")
    finally:
        con.unregister("_dyad_rows")
    return _scalar(con, f"SELECT count(*) FROM {table}")


def _empty(n: int = 0) -> tuple[Cells, ClaimRows]:
    none, no_score = np.zeros(n, dtype=np.int64), np.zeros(n)
    return Cells(none, none, none, no_score, none, none, none), ClaimRows(None, none)


def materialize_dyad_scores(con: duckdb.DuckDBPyConnection, params: DyadParams, table: str = "dyad_scores") -> int:
    """Compute the scores into the session's temporary table ``table`` and the claims behind them
    into the view ``{table}_claims``, without bringing them to Python; return the number of scores.

    ``table`` has ``start, end_, a, b, score, n_claims, n_happenings, n_sources, score_id``;
    ``{table}_claims`` one row per score and claim: ``start, end_, a, b, claim_id, outlet,
    score_id`` (a score's sources are the distinct outlets of its claims). The view reads the
    temporary tables ``_{table}_claim_rows`` (``score_id, claim_id``, outlet number) and
    ``_{table}_outlets``: the names of a score are joined only when asked for. For corpora too big
    to hold as Python objects: query them with SQL, or export them to Parquet with ``COPY``. Same
    numbers as :func:`dyad_scores`. With ``params.rollup`` the caller must first
    :func:`register_rollup` the actor mapping.
    """
    if not table.isidentifier():
        raise ValueError(f"table must be a plain identifier, not {table!r}")
    outlets = f"_{table}_outlets"
    # Rows of the kept tables need no order (each has its score_id): let DuckDB write them unordered.
    ordered = _scalar(con, "SELECT current_setting('preserve_insertion_order')")
    con.execute("SET preserve_insertion_order = false")
    try:
        # rows name the outlet only of claims attributed to no one (the only ones it is used for)
        con.execute(_ROW_OUTLETS.format(no_rows="" if _any_unattributed(con) else "AND false"))
        con.execute(_NUMBERED.format(table=outlets, names=_OUTLET_NAMES))
        reports, rid = _fetch_reports(con, params, outlets)
        cells, rows = score_reports(reports, params) if reports else _empty()
        _write_scores(con, cells, table, reports.n_actors if reports else 1)
        _write_claim_rows(con, rows, rid, reports.outlet if reports else rid, f"_{table}_claim_rows")
        con.execute(f"""CREATE OR REPLACE TEMP VIEW {table}_claims AS
            SELECT s.start, s.end_, s.a, s.b, r.claim_id, o.name AS outlet, r.score_id
            FROM _{table}_claim_rows r JOIN {table} s USING (score_id) JOIN {outlets} o ON o.i = r.outlet""")
    finally:
        con.execute("DROP TABLE IF EXISTS _dyad_actors; DROP TABLE IF EXISTS _dyad_relations; "
                    "DROP TABLE IF EXISTS _dyad_row_outlets")
        con.execute(f"SET preserve_insertion_order = {bool(ordered)}")
    return len(cells.pair)


def drop_dyad_scores(con: duckdb.DuckDBPyConnection, table: str = "dyad_scores") -> None:
    """Drop what :func:`materialize_dyad_scores` kept under ``table``."""
    con.execute(f"DROP VIEW IF EXISTS {table}_claims; DROP TABLE IF EXISTS _{table}_claim_rows; "
                f"DROP TABLE IF EXISTS _{table}_outlets; DROP TABLE IF EXISTS {table}")


# Each score with its claim ids and outlets, each joined in one string by the unit separator: far
# cheaper to fetch than LIST columns (and list_sort is cheaper than string_agg(... ORDER BY)).
_FETCH = """SELECT s.start, s.end_, s.a, s.b, s.score, s.n_claims, s.n_happenings, s.n_sources, c.ids, c.outlets
FROM {table} s JOIN (
    SELECT r.score_id,
           array_to_string(CASE WHEN count(*) > 1 THEN list_sort(list(r.claim_id)) ELSE list(r.claim_id) END, chr(31)) AS ids,
           array_to_string(CASE WHEN count(*) > 1 THEN list_sort(list_distinct(list(o.name))) ELSE list(o.name) END,
                           chr(31)) AS outlets
    FROM _{table}_claim_rows r JOIN _{table}_outlets o ON o.i = r.outlet GROUP BY r.score_id) c USING (score_id)
ORDER BY s.start, s.a, s.b"""


def dyad_scores(con: duckdb.DuckDBPyConnection, params: DyadParams) -> list[DyadScore]:
    """Score every pair in every window (see :class:`~faultlines.model.dyads.DyadParams`).

    With ``params.rollup`` the caller must first :func:`register_rollup` the actor mapping.
    """
    table = "_dyad_fetched"
    try:
        materialize_dyad_scores(con, params, table)
        # Millions of new tuples and objects, none in a cycle: with the cyclic garbage collector
        # on, its full passes over the growing heap cost more than building them.
        paused = gc.isenabled()
        gc.disable()
        try:
            rows = con.execute(_FETCH.format(table=table)).fetchall()
            return [DyadScore(start, end, a, b, round(score, 9), n, nh, ns, tuple(ids.split(SEP)),
                              tuple(outlets.split(SEP)))
                    for start, end, a, b, score, n, nh, ns, ids, outlets in rows]
        finally:
            if paused:
                gc.enable()
    finally:
        drop_dyad_scores(con, table)
