"""Dyad aggregation in SQL: claims -> happenings -> scores per pair and window (docs/scoring.md).

Runs entirely inside DuckDB so it scales to millions of claims; Python only builds the query and
wraps the rows. See :mod:`faultlines.model.dyads` for what each number means.
"""

from __future__ import annotations

import duckdb

from faultlines.model.dyads import UNGRADED_WEIGHT, DyadParams, DyadScore

SEP = chr(31)  # joins ids in one fetched string; never part of an id or an outlet name
_CALENDAR = {"day": "1 day", "week": "7 days", "month": "1 month", "quarter": "3 months", "year": "1 year"}

# Actors and relations are numbered (in string order, so least() on numbers is least() on ids) and
# a pair is one BIGINT (first actor << 32 | second): sorting and grouping millions of reports then
# compares integers.
_ACTOR_NO = """SELECT actor, (row_number() OVER (ORDER BY actor))::BIGINT AS i
    FROM (SELECT source_actor FROM {claims} UNION SELECT target_actor FROM {claims}) t(actor)"""

# One row per report: its pair, relation, weight, confidence, outlet, source weight and the first
# day of its happening (``day``).
_REPORTS = """
WITH modality_w(modality, mw) AS (VALUES {modalities}
), grade_w(grade, gw) AS (VALUES {grades}
), actor_no AS ({actor_no}
), relation_no AS (
    SELECT relation, (row_number() OVER (ORDER BY relation))::INTEGER AS r FROM (SELECT DISTINCT relation FROM claims)
), first_doc AS (
    SELECT e.claim_id, d.source_id, s.reliability
    FROM (SELECT claim_id, arg_min(doc_id, ordinal) AS doc_id FROM claim_evidence WHERE kind = 'span' GROUP BY claim_id) e
    JOIN documents d ON d.id = e.doc_id LEFT JOIN sources s ON s.id = d.source_id
), first_row AS (
    SELECT claim_id, arg_min(dataset, ordinal) AS dataset FROM claim_evidence WHERE kind = 'row' {no_rows} GROUP BY claim_id
), c AS (
    SELECT c.id, {pair} AS pair, rn.r, c.occurred_at AS day,
           c.polarity * c.intensity * m.mw AS w, c.confidence AS conf,
           coalesce(c.attributed_to, f.source_id, r.dataset, 'unattributed') AS outlet,
           coalesce(g.gw, {ungraded}) AS sw
    FROM {claims} c
    JOIN actor_no sa ON sa.actor = c.source_actor
    JOIN actor_no ta ON ta.actor = c.target_actor
    JOIN relation_no rn ON rn.relation = c.relation
    JOIN modality_w m ON m.modality = c.modality
    LEFT JOIN first_doc f ON f.claim_id = c.id
    LEFT JOIN first_row r ON r.claim_id = c.id
    LEFT JOIN grade_w g ON g.grade = coalesce(c.reliability, f.reliability)
    WHERE sa.i <> ta.i AND m.mw > 0 {where}
), opened AS (
    SELECT *, CASE WHEN day - lag(day) OVER (PARTITION BY pair, r ORDER BY day) <= ? THEN NULL ELSE day END AS opens
    FROM c
), reports AS (
    SELECT id, pair, r, outlet, w, conf, sw, max(opens) OVER (PARTITION BY pair, r ORDER BY day) AS day
    FROM opened
)"""

# Each outlet counts once per happening, at its most confident report.
_HAPPENINGS = """, per_outlet AS (
    SELECT pair, r, day, outlet, count(*) AS n, sum(w) AS wsum, max(conf) AS conf, max(sw) AS sw
    FROM reports GROUP BY pair, r, day, outlet
), happenings AS (
    SELECT pair, day, sum(wsum) / sum(n) AS w, 1 - product(1 - conf) AS conf, max(sw) AS sw, sum(n) AS n_claims
    FROM per_outlet GROUP BY pair, r, day
)"""

_NUMBERS = """SELECT start, end_, pair, sum(h.w * h.conf * h.sw * {decay}) AS score, sum(h.n_claims)::INTEGER AS n_claims,
           count(*)::INTEGER AS n_happenings
    FROM {happenings} GROUP BY start, end_, pair"""
_NAMES = """JOIN actor_no an ON an.i = n.pair >> 32
JOIN actor_no bn ON bn.i = n.pair & 4294967295"""

# The scores with their claim ids and outlets as LIST columns (sorted lists, built once per score).
_LISTED = """
SELECT n.start, n.end_, an.actor AS a, bn.actor AS b, n.score, n.n_claims, n.n_happenings, l.n_sources, l.claim_ids,
       l.sources
FROM ({numbers}) n
JOIN (
    SELECT start, end_, pair, list(h.id) AS ids, list(h.outlet) AS outlets,
           CASE WHEN len(ids) > 1 THEN list_sort(ids) ELSE ids END AS claim_ids,
           CASE WHEN len(outlets) > 1 THEN list_sort(list_distinct(outlets)) ELSE outlets END AS sources,
           len(sources)::INTEGER AS n_sources
    FROM {reports} GROUP BY start, end_, pair) l USING (start, end_, pair)
""" + _NAMES

# The scores alone, with the count of distinct outlets (the kept table; its claims are kept apart).
_COUNTED = """
SELECT n.start, n.end_, an.actor AS a, bn.actor AS b, n.score, n.n_claims, n.n_happenings, s.n_sources
FROM ({numbers}) n
JOIN (SELECT start, end_, pair, count(DISTINCT h.outlet)::INTEGER AS n_sources FROM {per_outlet}
      GROUP BY start, end_, pair) s USING (start, end_, pair)
""" + _NAMES

# One row per score and claim behind it, with the claim's outlet.
_CLAIM_ROWS = """
SELECT n.start, n.end_, an.actor AS a, bn.actor AS b, n.id AS claim_id, n.outlet
FROM (SELECT start, end_, pair, id, outlet FROM {reports}) n
""" + _NAMES

# Lists travel to Python as one string each, joined by the unit separator: far cheaper to fetch
# than LIST columns.
_FETCH = """SELECT start, end_, a, b, score, n_claims, n_happenings, n_sources,
       array_to_string(claim_ids, chr(31)), array_to_string(sources, chr(31))
FROM ({inner}) ORDER BY start, a, b"""


def _values(pairs: tuple[tuple[str, float], ...]) -> str:
    return ", ".join(f"('{name}', {float(weight)!r})" for name, weight in pairs)


def _windows(params: DyadParams) -> tuple[str, str]:
    """The CTE of the windows (from the happenings' first days, the ``day`` of ``reports``), and a
    FROM clause template placing a relation with a ``day`` column in them."""
    if params.window == "all":
        return "windows AS (SELECT min(day) AS start, max(day) + 1 AS end_ FROM reports)", "{} h, windows w"
    if not params.is_sliding:  # calendar windows: computed per row, no join
        unit = _CALENDAR[params.window]
        return "", (f"(SELECT *, date_trunc('{params.window}', day)::DATE AS start,"
                    f" (date_trunc('{params.window}', day) + INTERVAL '{unit}')::DATE AS end_ FROM {{}}) h")
    return (f"bounds AS (SELECT coalesce(?::DATE, min(day)) AS lo, coalesce(?::DATE, max(day)) AS hi FROM reports),"
            f" windows AS (SELECT (lo + (i * {params.step_days})::INTEGER)::DATE AS start,"
            f" (lo + (i * {params.step_days} + {params.size_days})::INTEGER)::DATE AS end_"
            f" FROM bounds, range(0, (hi - lo) // {params.step_days} + 1) t(i))",
            "{} h JOIN windows w ON h.day >= w.start AND h.day < w.end_")


# Claims with each actor replaced by its principal on the claim's day (catalogue/rollup.py).
_ROLLED = """(SELECT c.* REPLACE (coalesce(rs.principal, c.source_actor) AS source_actor,
                             coalesce(rt.principal, c.target_actor) AS target_actor)
   FROM claims c
   LEFT JOIN _rollup rs ON rs.actor = c.source_actor AND c.occurred_at >= rs.valid_from AND c.occurred_at < rs.valid_to
   LEFT JOIN _rollup rt ON rt.actor = c.target_actor AND c.occurred_at >= rt.valid_from AND c.occurred_at < rt.valid_to)"""


def claim_actors(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every actor on either side of a stored claim."""
    return [r[0] for r in con.execute("SELECT source_actor FROM claims UNION SELECT target_actor FROM claims").fetchall()]


def register_rollup(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Load ``(actor, principal, valid_from, valid_to)`` rows into the session's ``_rollup`` table."""
    con.execute("CREATE OR REPLACE TEMP TABLE _rollup (actor VARCHAR, principal VARCHAR, valid_from DATE, valid_to DATE)")
    for i in range(0, len(rows), 500):
        chunk = rows[i:i + 500]
        con.execute("INSERT INTO _rollup VALUES " + ", ".join(["(?, ?, ?, ?)"] * len(chunk)),
                    [v for row in chunk for v in row])


def _reports(params: DyadParams, *, unattributed: bool, actor_no: str | None = None) -> tuple[str, list]:
    """The CTEs up to ``reports``, and their arguments.

    ``unattributed=False`` says every claim names its outlet (``attributed_to``), so the datasets
    of their cited rows are never read (a join of every claim saved; the scores are the same).
    ``actor_no``: a query numbering the actors, if not the default one.
    """
    pair = "(sa.i << 32) + ta.i" if params.directed else "(least(sa.i, ta.i) << 32) + greatest(sa.i, ta.i)"
    claims = _ROLLED if params.rollup else "claims"
    where, args = "", []
    if params.since:
        where += " AND c.occurred_at >= ?"
        args.append(params.since)
    if params.until:
        where += " AND c.occurred_at <= ?"
        args.append(params.until)
    args.append(params.tolerance_days)
    sql = _REPORTS.format(modalities=_values(params.modality_weights), grades=_values(params.reliability_weights),
                          ungraded=UNGRADED_WEIGHT, pair=pair, where=where, no_rows="" if unattributed else "AND false",
                          claims=claims, actor_no=actor_no or _ACTOR_NO.format(claims=claims))
    return sql, args


def _scored(params: DyadParams, final: str) -> tuple[str, list]:
    """The CTEs after ``reports`` and ``final`` (:data:`_LISTED`, :data:`_COUNTED` or
    :data:`_CLAIM_ROWS`) with its relations placed in windows, and their arguments."""
    decay = "1.0" if params.half_life_days is None else f"pow(0.5, (end_ - h.day - 1) / {float(params.half_life_days)!r})"
    windows, place = _windows(params)
    numbers = _NUMBERS.format(decay=decay, happenings=place.format("happenings"))
    sql = (_HAPPENINGS + (", " + windows if windows else "")
           + final.format(numbers=numbers, reports=place.format("reports"), per_outlet=place.format("per_outlet")))
    return sql, [params.since, params.until] if params.is_sliding else []


def _query(params: DyadParams, *, unattributed: bool = True) -> tuple[str, list]:
    """The aggregation as one SELECT (lists as LIST columns), and its arguments."""
    head, args = _reports(params, unattributed=unattributed)
    tail, more = _scored(params, _LISTED)
    return head + tail, args + more


def _any_unattributed(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT EXISTS (SELECT 1 FROM claims WHERE attributed_to IS NULL)").fetchone()[0]


def dyad_scores(con: duckdb.DuckDBPyConnection, params: DyadParams) -> list[DyadScore]:
    """Score every pair in every window (see :class:`~faultlines.model.dyads.DyadParams`).

    With ``params.rollup`` the caller must first :func:`register_rollup` the actor mapping.
    """
    sql, args = _query(params, unattributed=_any_unattributed(con))
    rows = con.execute(_FETCH.format(inner=sql), args).fetchall()
    return [DyadScore(start, end, a, b, round(score, 9), n, nh, ns, tuple(ids.split(SEP)), tuple(outlets.split(SEP)))
            for start, end, a, b, score, n, nh, ns, ids, outlets in rows]


def materialize_dyad_scores(con: duckdb.DuckDBPyConnection, params: DyadParams, table: str = "dyad_scores") -> int:
    """Compute the scores into the session's temporary table ``table`` and the claims behind them
    into ``{table}_claims``, without bringing them to Python; return the number of scores.

    ``table`` has ``start, end_, a, b, score, n_claims, n_happenings, n_sources``;
    ``{table}_claims`` one row per score and claim: ``start, end_, a, b, claim_id, outlet`` (a
    score's sources are the distinct outlets of its claims). Keeping claim ids as rows rather than
    one list per score is what lets millions of claims be scored in seconds: building the lists
    costs more than the scoring. For corpora too big to hold as Python objects: query the tables
    with SQL, or export them to Parquet with ``COPY``. Same numbers as :func:`dyad_scores`.
    """
    if not table.isidentifier():
        raise ValueError(f"table must be a plain identifier, not {table!r}")
    claims = _ROLLED if params.rollup else "claims"
    con.execute(f"CREATE OR REPLACE TEMP TABLE _dyad_actors AS {_ACTOR_NO.format(claims=claims)}")
    head, args = _reports(params, unattributed=_any_unattributed(con), actor_no="FROM _dyad_actors")
    # Rows of the kept tables need no order (readers sort): let DuckDB write them unordered.
    ordered = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
    con.execute("SET preserve_insertion_order = false")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _dyad_reports AS {head} FROM reports", args)
        kept = "WITH reports AS (FROM _dyad_reports), actor_no AS (FROM _dyad_actors)"
        for name, final in ((table, _COUNTED), (f"{table}_claims", _CLAIM_ROWS)):
            tail, more = _scored(params, final)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {kept} {tail}", more)
    finally:
        con.execute("DROP TABLE IF EXISTS _dyad_reports; DROP TABLE IF EXISTS _dyad_actors")
        con.execute(f"SET preserve_insertion_order = {bool(ordered)}")
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
