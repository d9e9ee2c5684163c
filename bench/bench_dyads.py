"""Dyad aggregation at scale: claims by pair x month, against a bare GROUP BY of the same table.

The claims are generated inside DuckDB in the store's schema (actors drawn from 300 ids with a
skewed distribution, dates over ten years, every relation, outlets from 200). A third case leaves
``attributed_to`` empty, as event datasets do (GDELT, ACLED): each claim's outlet is then the
dataset of its cited row, which costs a join of every claim with its evidence. The baseline is the
plain ``sum(polarity * intensity * confidence)`` per pair and month with no happenings, sources or
evidence: the floor our full scoring is measured against. Like our scores it is kept inside DuckDB
(``CREATE TEMP TABLE _baseline AS ...``), not fetched: fetching its millions of rows to Python
would time the fetch, not the aggregation.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from faultlines.model import RELATIONS
from faultlines.model.dyads import DyadParams
from faultlines.store import Store

BASELINE = """SELECT least(source_actor, target_actor) a, greatest(source_actor, target_actor) b,
                     date_trunc('month', occurred_at) m, sum(polarity * intensity * confidence)
              FROM claims GROUP BY a, b, m"""


def _fill(store: Store, n: int, *, attributed: bool = True) -> None:
    relations = "[" + ", ".join(f"'{r}'" for r in RELATIONS) + "]"
    store.con.execute(f"""
        INSERT INTO claims SELECT 'clm_' || i, 'actor-' || (floor(pow(random(), 2) * 300))::INT,
            'actor-' || (floor(random() * 300))::INT, {relations}[1 + (i % {len(RELATIONS)})],
            CASE WHEN random() < 0.45 THEN 1.0 ELSE -1.0 END, round(random() * 10, 1),
            DATE '2010-01-01' + (floor(random() * 3650))::INT, 'day', 'asserted', NULL,
            {"'outlet-' || (floor(random() * 200))::INT" if attributed else "NULL"}, 'bench@1', 'polarity.relation.v1',
            round(0.5 + random() / 2, 2), NULL, NULL
        FROM range({n}) t(i)""")
    store.con.execute(f"INSERT INTO claim_evidence SELECT 'clm_' || i, 0, 'row', NULL, NULL, NULL, 'bench', i::VARCHAR, NULL "
                      f"FROM range({n}) t(i)")


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _case(n: int, attributed: bool) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        _fill(store, n, attributed=attributed)
        base = min(_time(lambda: store.con.execute(f"CREATE OR REPLACE TEMP TABLE _baseline AS {BASELINE}"))
                   for _ in range(2))
        in_db = min(_time(lambda: store.materialize_dyad_scores(DyadParams(window="month"))) for _ in range(2))
        fetched = _time(lambda: store.dyad_scores(DyadParams(window="month"))) if attributed else None
        n_rows = store.con.execute("SELECT count(*) FROM dyad_scores").fetchone()[0]
    what = "" if attributed else ", outlets from rows"
    results = [{"case": f"{n:,} claims by pair x month{what}, in DuckDB", "seconds": round(in_db, 3),
                "baseline_seconds": round(base, 3), "ratio": round(in_db / base, 2), "n": n,
                "note": f"{n_rows:,} scores, their claim ids as rows of _dyad_scores_claim_rows (behind the view "
                        "dyad_scores_claims); baseline kept as a temp table; goal for 5M: under 2 s"}]
    if fetched is not None:
        results.append({"case": f"{n:,} claims by pair x month, as objects", "seconds": round(fetched, 3),
                        "baseline_seconds": round(base, 3), "ratio": round(fetched / base, 2), "n": n,
                        "note": "the same scores fetched as DyadScore objects with their claim ids"})
    return results


def bench_dyads(*, scale: float = 1.0) -> list[dict]:
    cases = [(int(1_000_000 * scale), True), (int(5_000_000 * scale), True), (int(1_000_000 * scale), False)]
    return [result for n, attributed in cases for result in _case(n, attributed)]
