"""Snapshots from dyad scores: windows, thresholds, neutral ties, sparse form."""

from __future__ import annotations

import datetime as dt

from faultlines.model.dyads import DyadScore
from faultlines.network.snapshots import snapshots, sparse_snapshots

MAY = (dt.date(2018, 5, 1), dt.date(2018, 6, 1))
JUNE = (dt.date(2018, 6, 1), dt.date(2018, 7, 1))
SCORES = [
    DyadScore(*MAY, "iran", "russia", -4.9, 4, 3, 3, ("c1", "c2")),
    DyadScore(*MAY, "russia", "syria", 6.0, 2, 2, 2, ("c3",)),
    DyadScore(*MAY, "iran", "syria", 0.2, 1, 1, 1, ("c4",)),
    DyadScore(*JUNE, "iran", "russia", 1.2, 1, 1, 1, ("c5",)),
]


def test_one_graph_per_window_with_evidence_on_each_edge():
    may, june = snapshots(SCORES)
    assert may.graph["window"] == MAY and june.graph["window"] == JUNE
    edge = may.edges["iran", "russia"]
    assert (edge["weight"], edge["sign"], edge["n_claims"], edge["claim_ids"]) == (-4.9, -1, 4, ("c1", "c2"))
    assert sorted(june.edges) == [("iran", "russia")]


def test_thresholds_make_neutral_ties_or_drop_edges():
    [may, _] = snapshots(SCORES, min_abs_score=0.5)
    assert may.edges["iran", "syria"]["sign"] == 0 and may.edges["iran", "syria"]["weight"] == 0.0
    assert may.edges["iran", "syria"]["score"] == 0.2  # the raw score is kept
    [may, _] = snapshots(SCORES, min_abs_score=0.5, keep_neutral=False)
    assert not may.has_edge("iran", "syria")
    [may, june] = snapshots(SCORES, min_happenings=2)
    assert sorted(may.edges) == [("iran", "russia"), ("russia", "syria")] and june.number_of_edges() == 0


def test_sparse_form_matches_the_graph():
    [may, _] = sparse_snapshots(SCORES)
    assert may.nodes == ("iran", "russia", "syria")
    dense = may.matrix.toarray()
    assert dense[0, 1] == dense[1, 0] == -4.9 and dense[1, 2] == 6.0 and dense[0, 2] == 0.2
    assert (dense == dense.T).all()
