"""Dyad scores computed in DuckDB, on claims whose scores are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from faultlines.model import Claim, RowRef
from faultlines.model.dyads import DyadParams
from faultlines.store import Batch, IngestRecord

RECORD = IngestRecord("ing_t", "t.csv", "0" * 64, "test@1", 0)


def claim(src, tgt, rel, day, *, conf=1.0, outlet=None, grade=None, modality="asserted", row="r"):
    pol, inten = {"disapprove": (-1.0, 2.0), "reject": (-1.0, 4.0), "agree": (1.0, 4.0)}[rel]
    return Claim(src, tgt, rel, pol, inten, dt.date.fromisoformat(day), evidence=(RowRef("file:t.csv", row),),
                 extractor="test@1", mapping="polarity.relation.v1", attributed_to=outlet, confidence=conf,
                 reliability=grade, modality=modality)


@pytest.fixture()
def scored(store):
    claims = [
        # One happening told by two outlets: weight -2, confidence 1-(0.5*0.5)=0.75, best source weight A=1.0
        claim("russia", "iran", "disapprove", "2018-05-17", conf=0.5, outlet="outlet-a", grade="A", row="1"),
        claim("russia", "iran", "disapprove", "2018-05-18", conf=0.5, outlet="outlet-b", grade="C", row="2"),
        # Twelve days later: a new happening, -2 * 0.5 * 1.0 = -1.0
        claim("russia", "iran", "disapprove", "2018-05-30", conf=0.5, outlet="outlet-a", grade="A", row="3"),
        # The other direction, unattributed (ungraded 0.6): -4 * 1.0 * 0.6 = -2.4
        claim("iran", "russia", "reject", "2018-05-20", row="4"),
        # A denial counts for nothing; a future act for half: 4 * 1.0 * 0.6 * 0.5 = 1.2 in June
        claim("iran", "russia", "agree", "2018-06-02", modality="denied", row="5"),
        claim("iran", "russia", "agree", "2018-06-03", modality="future", row="6"),
    ]
    store.write_batch(Batch(claims=claims), RECORD)
    return store, claims


def test_undirected_monthly_scores_count_happenings_not_reports(scored):
    store, claims = scored
    may, june = store.dyad_scores(DyadParams(window="month"))
    assert (may.a, may.b, may.start, may.end) == ("iran", "russia", dt.date(2018, 5, 1), dt.date(2018, 6, 1))
    assert may.score == pytest.approx(-1.5 - 1.0 - 2.4)
    assert (may.n_claims, may.n_happenings, may.n_independent_sources) == (4, 3, 3)
    assert set(may.claim_ids) == {c.id for c in claims[:4]}
    assert june.score == pytest.approx(1.2) and june.claim_ids == (claims[5].id,)


def test_directed_scores_keep_each_direction(scored):
    store, _ = scored
    scores = {(d.a, d.b, d.start.month): d.score for d in store.dyad_scores(DyadParams(window="month", directed=True))}
    assert scores == pytest.approx({("russia", "iran", 5): -2.5, ("iran", "russia", 5): -2.4,
                                    ("iran", "russia", 6): 1.2})


def test_a_wider_tolerance_merges_happenings(scored):
    store, _ = scored
    # 30 days of tolerance: all three russia->iran reports are one happening (mean -2, conf 1-0.5*0.5, A)
    may = store.dyad_scores(DyadParams(window="month", directed=True, tolerance_days=30))[1]
    assert (may.a, may.b, may.score, may.n_happenings) == ("russia", "iran", pytest.approx(-1.5), 1)


def test_half_life_discounts_older_happenings(scored):
    store, _ = scored
    [may] = [d for d in store.dyad_scores(DyadParams(window="month", directed=True, half_life_days=10))
             if (d.a, d.start.month) == ("russia", 5)]
    # ages to the window's last day (May 31): 14 days (first happening) and 1 day
    assert may.score == pytest.approx(-1.5 * 0.5 ** (14 / 10) - 1.0 * 0.5 ** (1 / 10))


def test_sliding_windows_and_date_bounds(scored):
    store, _ = scored
    params = DyadParams(window="sliding", size_days=10, step_days=10, since=dt.date(2018, 5, 15),
                        until=dt.date(2018, 5, 31))
    windows = [(d.start.isoformat(), d.score) for d in store.dyad_scores(params)]
    # windows [05-15, 05-25) and [05-25, 06-04): the June claims are outside `until`
    assert windows == [("2018-05-15", pytest.approx(-1.5 - 2.4)), ("2018-05-25", pytest.approx(-1.0))]


def test_one_window_over_everything(scored):
    store, _ = scored
    [whole] = store.dyad_scores(DyadParams(window="all"))
    assert whole.score == pytest.approx(-4.9 + 1.2) and whole.n_claims == 5


@pytest.mark.parametrize("params", [DyadParams(window="month"), DyadParams(window="all", directed=True),
                                    DyadParams(window="sliding", size_days=60, step_days=30, half_life_days=20)])
def test_scores_kept_in_duckdb_are_the_scores_fetched(scored, params):
    scored, _ = scored
    fetched = scored.dyad_scores(params)
    n = scored.materialize_dyad_scores(params, table="kept")
    rows = scored.con.execute("SELECT start, end_, a, b, score, n_claims, n_happenings, n_sources "
                              "FROM kept ORDER BY start, a, b").fetchall()
    # the claims behind each kept score are rows of kept_claims, keyed like the score
    behind = scored.con.execute("SELECT start, a, b, list(claim_id ORDER BY claim_id), list(DISTINCT outlet ORDER BY outlet) "
                                "FROM kept_claims GROUP BY start, a, b").fetchall()
    lists = {(start, a, b): (tuple(ids), tuple(outlets)) for start, a, b, ids, outlets in behind}
    assert n == len(fetched) == len(rows) == len(lists) > 0
    for s, (start, end, a, b, score, n_claims, n_h, n_s) in zip(fetched, rows):
        assert (s.start, s.end, s.a, s.b, s.n_claims, s.n_happenings, s.n_independent_sources) == (start, end, a, b, n_claims, n_h, n_s)
        assert s.score == pytest.approx(score) and (s.claim_ids, s.sources) == lists[start, a, b]
