"""Dyad aggregation at scale: claims by pair x month, against a bare GROUP BY of the same table.

The claims are generated inside DuckDB in the store's schema (actors drawn from 300 ids with a
skewed distribution, dates over ten years, every relation, outlets from 200). The baseline is the
plain ``sum(polarity * intensity * confidence)`` per pair and month with no happenings, sources or
evidence: the floor our full scoring is measured against.
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


def _fill(store: Store, n: int) -> None:
    relations = "[" + ", ".join(f"'{r}'" for r in RELATIONS) + "]"
    store.con.execute(f"""
        INSERT INTO claims SELECT 'clm_' || i, 'actor-' || (floor(pow(random(), 2) * 300))::INT,
            'actor-' || (floor(random() * 300))::INT, {relations}[1 + (i % {len(RELATIONS)})],
            CASE WHEN random() < 0.45 THEN 1.0 ELSE -1.0 END, round(random() * 10, 1),
            DATE '2010-01-01' + (floor(random() * 3650))::INT, 'day', 'asserted', NULL,
            'outlet-' || (floor(random() * 200))::INT, 'bench@1', 'polarity.relation.v1',
            round(0.5 + random() / 2, 2), NULL, NULL
        FROM range({n}) t(i)""")
    store.con.execute(f"INSERT INTO claim_evidence SELECT 'clm_' || i, 0, 'row', NULL, NULL, NULL, 'bench', i::VARCHAR, NULL "
                      f"FROM range({n}) t(i)")


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_dyads(*, scale: float = 1.0) -> list[dict]:
    results = []
    for n in (int(1_000_000 * scale), int(5_000_000 * scale)):
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
            _fill(store, n)
            base = min(_time(lambda: store.con.execute(BASELINE).fetchall()) for _ in range(2))
            in_db = min(_time(lambda: store.materialize_dyad_scores(DyadParams(window="month"))) for _ in range(2))
            fetched = _time(lambda: store.dyad_scores(DyadParams(window="month")))
            n_rows = store.con.execute("SELECT count(*) FROM dyad_scores").fetchone()[0]
        results.append({"case": f"{n:,} claims by pair x month, in DuckDB", "seconds": round(in_db, 3),
                        "baseline_seconds": round(base, 3), "ratio": round(in_db / base, 2),
                        "n": n, "note": f"{n_rows:,} scores with claim ids kept as lists; goal for 5M: under 2 s"})
        results.append({"case": f"{n:,} claims by pair x month, as objects", "seconds": round(fetched, 3),
                        "baseline_seconds": round(base, 3), "ratio": round(fetched / base, 2),
                        "n": n, "note": "the same scores fetched as DyadScore objects with their claim ids"})
    return results
