"""Pair costs and the vectorised moves of the coalition heuristic: against dense recomputation."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from signed_kit import signed_graphs

from faultlines.network._pairs import (
    _group_scores,
    _moved_scores,
    _offers,
    _row_min,
    cost_matrix,
    pair_costs,
    triangle_packing_bound,
    vector_moves,
)
from faultlines.network._signed import signed_arrays


def costs_of(G, alpha=0.5):
    return pair_costs(signed_arrays(G, "weight", True), alpha, None, 0.0)


def labels(data, n, k):
    drawn = data.draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    return np.array(drawn, dtype=np.int64)


def dense_scores(costs, label, k):
    """By hand: S[i, g] sums join - cut over the pairs of i with members of g."""
    S = np.zeros((costs.n, k))
    for a, b, d in zip(costs.a, costs.b, costs.join - costs.cut):
        S[a, label[b]] += d
        S[b, label[a]] += d
    return S


@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=10, weighted=True), st.integers(1, 4), st.data())
def test_moved_scores_equal_scores_recomputed(G, k, data):
    costs = costs_of(G)
    C = cost_matrix(costs)
    rows = np.repeat(np.arange(costs.n), np.diff(C.indptr))
    before, after = labels(data, costs.n, k), labels(data, costs.n, k)
    S = _group_scores(C, rows, before, k)
    assert S == pytest.approx(dense_scores(costs, before, k))
    moved = np.nonzero(before != after)[0]
    assert _moved_scores(C, S, moved, before[moved], after[moved]) == pytest.approx(
        dense_scores(costs, after, k))
    # the cost of a labelling, from its scores: sum(cut) + sum_i S[i, label_i] / 2
    from_scores = costs.cut_total + S[np.arange(costs.n), before].sum() / 2
    assert from_scores == pytest.approx(costs.objective(before))


@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=10, weighted=True), st.integers(1, 6), st.data())
def test_offers_after_moves_need_only_the_moved_and_their_neighbours(G, n_groups, data):
    costs = costs_of(G)
    C = cost_matrix(costs)
    nodes = np.arange(costs.n)
    before, after = labels(data, costs.n, n_groups), labels(data, costs.n, n_groups)
    moved = np.nonzero(before != after)[0]
    touched = np.unique(np.concatenate([moved, C[moved].indices]))
    offers = [x.copy() for x in _offers(C, before, nodes)]
    for kept, fresh in zip(offers, _offers(C, after, touched)):
        kept[touched] = fresh
    S = dense_scores(costs, after, n_groups)
    for i, (own, best, target) in enumerate(zip(*offers)):
        assert own == pytest.approx(S[i, after[i]])
        tied = [g for g in range(n_groups) if np.any((after == g) & (C[i].toarray()[0] != 0))]
        offered = min([S[i, g] for g in tied if S[i, g] != 0], default=math.inf)
        if offered > 0:  # a group of its own beats every offer
            assert (best, target) == (0.0, -1)
        else:
            assert best == pytest.approx(offered) and S[i, target] == pytest.approx(offered)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0.0, -2.0, -1.0, 1.0, 3.0]), min_size=4, max_size=4),
                min_size=1, max_size=6))
def test_row_min_is_the_first_smallest_stored_entry(matrix):
    dense = np.array(matrix)
    S = sp.csr_matrix(dense)  # zeros are not stored
    best, col = _row_min(S)
    for i, row in enumerate(dense):
        stored = np.nonzero(row)[0]
        if not len(stored):
            assert (best[i], col[i]) == (math.inf, -1)
        else:
            j = stored[np.argmin(row[stored])]
            assert (best[i], col[i]) == (row[j], j)


@settings(max_examples=60, deadline=None)
@given(signed_graphs(min_nodes=2, max_nodes=10, weighted=True), st.integers(1, 4), st.data())
def test_vector_moves_never_worsen_and_keep_k_groups(G, k, data):
    costs = costs_of(G)
    k = min(k, costs.n)
    start = labels(data, costs.n, k)
    start[:k] = np.arange(k)  # every group non-empty
    rng = np.random.default_rng(0)
    for groups in (k, None):
        label = vector_moves(costs, cost_matrix(costs), start, groups, rng, deadline=math.inf)
        assert costs.objective(label) <= costs.objective(start) + 1e-9
        if groups is not None:
            assert len(np.unique(label)) == k


def packing_by_hand(costs) -> float:
    """The greedy packing in plain Python: join pairs in order, then common neighbours in order."""
    pair = {}
    for p, (a, b) in enumerate(zip(costs.a.tolist(), costs.b.tolist())):
        pair[a, b] = pair[b, a] = p
    cut, join = costs.cut.tolist(), costs.join.tolist()
    bound = 0.0
    for p in np.nonzero(costs.join > 0)[0].tolist():
        x, y = int(costs.a[p]), int(costs.b[p])
        for c in sorted(c for (u, c) in pair if u == x):
            if (y, c) not in pair or cut[pair[x, c]] <= 0 or cut[pair[y, c]] <= 0:
                continue
            q, r = pair[x, c], pair[y, c]
            delta = min(join[p], cut[q], cut[r])
            join[p] -= delta
            cut[q] -= delta
            cut[r] -= delta
            bound += delta
    return bound


@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=10, weighted=True), st.sampled_from([0.0, 0.3, 0.5, 1.0]),
       st.integers(1, 5))
def test_triangle_packing_equals_the_packing_by_hand(G, alpha, chunk):
    costs = costs_of(G, alpha)
    assert triangle_packing_bound(costs, chunk=chunk) == pytest.approx(packing_by_hand(costs))
