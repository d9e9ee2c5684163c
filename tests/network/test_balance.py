"""Balance measures: triangle and walk based, global and per node."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from signed_kit import highland_tribes, signed_graphs, switch

from faultlines.network import (
    SignedGraphError,
    local_balance,
    triangle_balance,
    triangle_census,
    walk_balance,
)


def signed(edges) -> nx.Graph:
    G = nx.Graph()
    G.add_weighted_edges_from(edges)
    return G


UNBALANCED_TRIANGLE = [("a", "b", 1), ("b", "c", 1), ("a", "c", -1)]


def test_triangle_census_and_ratio_on_k4_with_two_negative_edges():
    # K4 on 0..3 with 0-1 and 2-3 negative. Triangles: 012, 013 hold 0-1 only (one
    # negative: unbalanced); 023, 123 hold 2-3 only (unbalanced). None has two or three.
    G = nx.complete_graph(4)
    nx.set_edge_attributes(G, 1, "weight")
    G[0][1]["weight"] = G[2][3]["weight"] = -1
    assert triangle_census(G) == {0: 0, 1: 4, 2: 0, 3: 0}
    assert triangle_balance(G) == 0.0
    # Flip 0-2 too: 012 now has two negatives (balanced), 023 has two (balanced),
    # 013 and 123 keep one. Ratio 2/4.
    G[0][2]["weight"] = -1
    assert triangle_census(G) == {0: 0, 1: 2, 2: 2, 3: 0}
    assert triangle_balance(G) == 0.5


def test_weighted_triangle_balance_uses_intensity():
    # Balanced triangle abc with weights 8, 1, 1 -> intensity (8*1*1)^(1/3) = 2;
    # unbalanced triangle cde with weights 1, 1, -1 -> intensity 1. Weighted ratio 2/3.
    G = signed([("a", "b", 8), ("b", "c", 1), ("a", "c", 1),
                ("c", "d", 1), ("d", "e", 1), ("c", "e", -1)])
    assert triangle_balance(G) == 0.5
    assert triangle_balance(G, weighted=True) == pytest.approx(2 / 3)


def test_no_triangle_gives_nan():
    assert math.isnan(triangle_balance(signed([("a", "b", -1), ("b", "c", 1)])))


def test_walk_balance_of_unbalanced_triangle_by_hand():
    # A is switching-equivalent to -(J - I): eigenvalues -2, 1, 1. |A| = J - I: 2, -1, -1.
    # K = (e^-2 + 2e) / (e^2 + 2/e).
    expected = (math.exp(-2) + 2 * math.e) / (math.exp(2) + 2 / math.e)
    assert walk_balance(signed(UNBALANCED_TRIANGLE)) == pytest.approx(expected)
    # beta scales the eigenvalues
    beta = 0.5
    expected = (math.exp(-2 * beta) + 2 * math.exp(beta)) / (math.exp(2 * beta) + 2 * math.exp(-beta))
    assert walk_balance(signed(UNBALANCED_TRIANGLE), beta=beta) == pytest.approx(expected)


def test_walk_balance_does_not_overflow_on_a_dense_graph():
    G = nx.complete_graph(400)
    nx.set_edge_attributes(G, 1, "weight")
    G[0][1]["weight"] = -1
    value = walk_balance(G)  # e^399 would overflow a float
    assert 0 < value <= 1


def test_local_balance_by_hand():
    # Triangles: abc unbalanced (a-c negative), bcd balanced (all positive).
    # a: only abc -> 0; b and c: abc and bcd -> 1/2; d: only bcd -> 1; e: none -> nan.
    G = signed(UNBALANCED_TRIANGLE + [("b", "d", 1), ("c", "d", 1), ("d", "e", -1)])
    local = local_balance(G)
    assert local["a"] == 0.0 and local["b"] == 0.5 and local["c"] == 0.5 and local["d"] == 1.0
    assert math.isnan(local["e"])
    assert local_balance(G, ["d"]) == {"d": 1.0}


def test_local_walk_balance_is_one_on_a_balanced_graph_and_below_on_highland():
    G = signed([("a", "b", 1), ("c", "d", 1), ("a", "c", -1), ("b", "d", -1), ("e", "a", -1)])
    assert all(v == pytest.approx(1.0) for v in local_balance(G, method="walks").values())
    values = local_balance(highland_tribes(), method="walks")
    assert all(0 < v < 1 for v in values.values())


def test_bad_method_and_bad_graph():
    with pytest.raises(ValueError, match="'method' parameter"):
        local_balance(signed(UNBALANCED_TRIANGLE), method="cycles")
    with pytest.raises(SignedGraphError):
        triangle_balance(nx.Graph([("a", "a", {"weight": 1})]))


def test_highland_tribes_census_is_consistent():
    G = highland_tribes()
    census = triangle_census(G)
    balanced = census[0] + census[2]
    assert triangle_balance(G) == pytest.approx(balanced / sum(census.values()))
    assert 0 < walk_balance(G) < 1  # L = 7 > 0, so not balanced


@settings(max_examples=40, deadline=None)
@given(signed_graphs(max_nodes=8), st.data())
def test_measures_are_switching_invariant(G, data):
    S = data.draw(st.sets(st.sampled_from(sorted(G))))
    H = switch(G, S)
    t1, t2 = triangle_balance(G), triangle_balance(H)
    assert (math.isnan(t1) and math.isnan(t2)) or t1 == t2
    assert walk_balance(G) == pytest.approx(walk_balance(H))


@settings(max_examples=40, deadline=None)
@given(signed_graphs(max_nodes=8), st.data())
def test_balanced_graphs_score_one(G, data):
    side = {v: data.draw(st.booleans()) for v in G}
    for a, b, d in G.edges(data=True):
        d["weight"] = 1 if side[a] == side[b] else -1
    t = triangle_balance(G)
    assert math.isnan(t) or t == 1.0
    assert walk_balance(G) == pytest.approx(1.0)
