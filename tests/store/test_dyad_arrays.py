"""The numpy side of the dyad aggregation (store/dyad_arrays.py) and how kept claims are copied.

The scores themselves are checked against a plain-Python reference in test_dyad_reference.py;
here: the sort that packs positions into keys against numpy's own, the two ways claim ids are
copied into the kept rows (by position, and by a join when row ids have gaps or a claim is in
several rows), and an empty store.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from faultlines.model import Claim, RowRef
from faultlines.model.dyads import DyadParams
from faultlines.store import Batch, IngestRecord, dyads
from faultlines.store.dyad_arrays import sort_keys, stride

RECORD = IngestRecord("ing_a", "a.csv", "0" * 64, "test@1", 0)


@given(st.lists(st.integers(0, 50), min_size=1, max_size=200), st.booleans())
def test_packed_sort_is_a_stable_argsort(keys, huge_bound):
    keys = np.array(keys, dtype=np.int64)
    # a bound too big to pack positions beside the keys falls back to argsort
    got, order = sort_keys(keys, 1 << 62 if huge_bound else 51)
    want = np.argsort(keys, kind="stable")
    assert order.tolist() == want.tolist() and got.tolist() == keys[want].tolist()


def test_the_stride_keeps_groups_apart():
    # days 10..14, tolerance 2: a group's last day (14) and the next group's first (10) are
    # 5 + 2 + 1 - 4 = 4 > 2 keys apart
    step = stride(10, 14, 2)
    assert step == 8 and (1 * step + 0) - (0 * step + 4) > 2
    assert stride(0, 0, 10**9) == 3  # a tolerance wider than the days counts as the days


def _claim(i: int, day: int, src: str = "iran", tgt: str = "iraq") -> Claim:
    return Claim(src, tgt, "disapprove", -1.0, 2.0, dt.date(2020, 1, 1) + dt.timedelta(days=day),
                 evidence=(RowRef("file:a.csv", str(i)),), extractor="test@1", mapping="polarity.relation.v1",
                 attributed_to=f"outlet-{i % 3}", confidence=0.5)


def _kept(store, params):
    store.materialize_dyad_scores(params, table="kept")
    return store.con.execute("SELECT start, a, b, list(claim_id ORDER BY claim_id) FROM kept_claims "
                             "GROUP BY ALL ORDER BY ALL").fetchall()


def test_claim_ids_copied_by_position_and_by_join_agree(store, monkeypatch):
    copies = []
    copy_ids = dyads._copy_ids
    monkeypatch.setattr(dyads, "_copy_ids", lambda con, table, x, source, where: copies.append(
        "POSITIONAL" in source) or copy_ids(con, table, x, source, where))
    claims = [_claim(i, day) for i, day in enumerate([0, 1, 3, 20, 40, 41, 70, 95])]
    store.write_batch(Batch(claims=claims), RECORD)
    month, sliding = DyadParams(window="month"), DyadParams(window="sliding", size_days=60, step_days=30)
    dense = _kept(store, month), _kept(store, sliding)
    assert copies == [True, False]
    # one claim behind each monthly score row, all eight (copied by position); sliding windows
    # overlap, so a claim is in several rows (copied by a join)
    assert sum(len(ids) for *_, ids in dense[0]) == 8
    assert sum(len(ids) for *_, ids in dense[1]) > 8
    # a gap in the row ids: the copy by position is refused and the join gives the same rows
    gone = claims[2].id
    store.con.execute("DELETE FROM claims WHERE id = ?", [gone])
    gapped = _kept(store, month), _kept(store, sliding)
    assert copies[2:] in ([False, False], [True, False, False])  # refused up front, or on checking the row ids
    for before, after in zip(dense, gapped):
        assert [(s, a, b, [i for i in ids if i != gone]) for s, a, b, ids in before if ids != [gone]] == after


def test_an_empty_store_keeps_empty_tables(store):
    assert store.materialize_dyad_scores(DyadParams(window="month"), table="kept") == 0
    assert store.con.execute("SELECT count(*) FROM kept").fetchall() == [(0,)]
    assert [d[0] for d in store.con.execute("SELECT * FROM kept_claims").description] == [
        "start", "end_", "a", "b", "claim_id", "outlet", "score_id"]
    assert store.dyad_scores(DyadParams(window="sliding", size_days=7, step_days=7)) == []
