"""The numpy side of the dyad aggregation (store/dyad_arrays.py) and how kept claims are copied.

The scores themselves are checked against a plain-Python reference in test_dyad_reference.py;
here: the sort that packs positions into keys against numpy's own, scoring split by pair into
threads against one thread, the two ways claim ids are copied into the kept rows (by position,
and by a join when row ids have gaps or a claim is in several rows), and an empty store.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from faultlines.model import Claim, RowRef
from faultlines.model.dyads import DyadParams
from faultlines.store import Batch, IngestRecord, dyads
from faultlines.store.dyad_arrays import Reports, score_reports, sort_keys, stride

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


_WINDOWS = st.sampled_from([DyadParams(window="month"), DyadParams(window="all"), DyadParams(window="week"),
                            DyadParams(window="sliding", size_days=20, step_days=7, tolerance_days=0),
                            DyadParams(window="sliding", size_days=10, step_days=10, since=dt.date(1970, 1, 20),
                                       half_life_days=5.0)])


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 2), st.integers(0, 60),
                          st.integers(0, 3)), min_size=1, max_size=120), _WINDOWS, st.integers(2, 4))
def test_scoring_split_by_pair_in_threads_gives_what_one_thread_gives(rows, params, parts):
    # the store passes only reports from ``since`` on
    rows = [r for r in rows if params.since is None or r[3] >= (params.since - dt.date(1970, 1, 1)).days]
    assume(rows)
    n_actors, n_relations, n_outlets = 6, 3, 4
    step = stride(0, 60, params.tolerance_days)
    pairs = [min(a, b) * n_actors + max(a, b) for a, b, *_ in rows]
    rng = np.random.default_rng(len(rows))
    reports = Reports(np.array([(p * n_relations + r) * step + day for p, (_, _, r, day, _) in zip(pairs, rows)]),
                      rng.normal(size=len(rows)), rng.uniform(0.2, 1, len(rows)), rng.uniform(0.5, 1, len(rows)),
                      np.array([o for *_, o in rows]), 0, step, n_actors, n_relations, n_outlets)

    def scored(n: int) -> tuple[list, list]:
        cells, claim_rows = score_reports(reports, params, parts=n)
        keys = list(zip(cells.start.tolist(), cells.end.tolist(), cells.pair.tolist()))
        values = list(zip(keys, np.round(cells.score, 9).tolist(), cells.n_claims.tolist(),
                          cells.n_happenings.tolist(), cells.n_sources.tolist()))
        report = range(len(rows)) if claim_rows.report is None else claim_rows.report.tolist()
        return sorted(values), sorted((r, keys[c]) for r, c in zip(report, claim_rows.cell.tolist()))

    assert scored(parts) == scored(1)


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
