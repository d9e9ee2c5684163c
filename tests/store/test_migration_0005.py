"""Migration 0005: a store written before it keeps every claim, piece of evidence and raw code."""

from __future__ import annotations

import duckdb

from faultlines.store import Store
from faultlines.store.events import claim_codes
from faultlines.store.migrate import MIGRATIONS


def _store_at_0004(path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    for name in ("0001_initial", "0002_quotes", "0003_event_codes", "0004_places"):
        con.execute((MIGRATIONS / f"{name}.sql").read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_migrations VALUES (?, now())", [name])
    con.execute("""INSERT INTO claims VALUES ('clm_a', 'iran', 'russia', 'disapprove', -1, 3, DATE '2018-05-20', 'day',
        'asserted', NULL, NULL, 'events.gdelt2@1', 'polarity.cameo_goldstein.v1', 0.5, NULL, NULL)""")
    con.execute("INSERT INTO claim_evidence VALUES ('clm_a', 0, 'row', NULL, NULL, NULL, 'gdelt2', '770001', 4)")
    con.execute("INSERT INTO claim_codes VALUES ('clm_a', 'gdelt2', MAP {'cameo_event': '111', 'url': 'https://x'})")
    con.close()


def test_an_old_store_migrates_with_its_codes(tmp_path):
    path = tmp_path / "old.duckdb"
    _store_at_0004(path)
    with Store(path) as store:
        assert store.counts()["claims"] == 1 and store.counts()["claim_evidence"] == 1
        assert claim_codes(store.con, ["clm_a"]) == {"clm_a": {"cameo_event": "111", "url": "https://x"}}
        assert store.con.execute("SELECT c.relation, e.row_id, e.line FROM claims c JOIN claim_evidence e "
                                 "ON e.claim_id = c.id").fetchall() == [("disapprove", "770001", 4)]
