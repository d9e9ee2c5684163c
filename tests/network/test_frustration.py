"""Frustration index: hand-worked graphs, brute force, published values, real data."""

from __future__ import annotations

import math

import highspy
import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from signed_kit import (
    brute_frustration,
    cow_windows,
    doreian_mrvar_files,
    highland_tribes,
    read_pajek,
    signed_graphs,
    switch,
)

from faultlines.network import (
    SignedGraphError,
    frustration_heuristic,
    frustration_index,
    frustration_lower_bound,
    frustration_of,
    symmetrize,
)
from faultlines.network._heuristic import LocalSearch
from faultlines.network._milp import EnumerationModel, FrustrationModel, _triangles
from faultlines.network._signed import (
    balanced_parts,
    blocks,
    frustrated_mask,
    sides_from_frustrated,
    signed_arrays,
)


def signed(edges) -> nx.Graph:
    G = nx.Graph()
    G.add_weighted_edges_from(edges)
    return G


def check_consistent(G, r, *, weighted=False):
    """What every result must satisfy, whatever the graph."""
    assert r.lower_bound <= r.value + 1e-9
    assert frustration_of(G, r.partition, weighted=weighted) == pytest.approx(r.value)
    cost = sum(abs(G.edges[e]["weight"]) if weighted else 1 for e in r.frustrated_edges)
    assert cost == pytest.approx(r.value)
    assert r.partition[0] | r.partition[1] == set(G)
    assert not r.partition[0] & r.partition[1]
    assert r.is_optimal == (r.status == "optimal")
    assert r.gap == pytest.approx(0.0 if r.value == 0 else (r.value - r.lower_bound) / r.value)


# -- hand-worked --------------------------------------------------------------------------


def test_all_negative_k4_needs_two():
    # K4 with every tie hostile. Split 2|2: the 4 cross ties are satisfied and the one
    # tie inside each side is frustrated -> 2. Split 1|3: the 3 ties inside the triple
    # are frustrated -> 3. Split 0|4: all 6. So L = 2.
    G = signed((a, b, -1) for a, b in nx.complete_graph(4).edges)
    r = frustration_index(G)
    assert (r.value, r.is_optimal, r.lower_bound) == (2, True, 2)
    assert {len(r.partition[0]), len(r.partition[1])} == {2}
    check_consistent(G, r)


def test_weighted_frustration_takes_the_cheapest_edge():
    # Triangle a-b (+3), b-c (+2), a-c (-1) is unbalanced. Unweighted any one edge can
    # go (L = 1); weighted the cheapest is the -1 tie: all three on one side, cost 1.
    G = signed([("a", "b", 3), ("b", "c", 2), ("a", "c", -1)])
    r = frustration_index(G, weighted=True)
    assert r.value == 1 and r.frustrated_edges == (("a", "c"),)
    assert r.partition == (frozenset("abc"), frozenset())
    assert frustration_index(G).value == 1


def test_bridge_between_unbalanced_triangles_is_never_frustrated():
    # Two unbalanced triangles joined by the bridge c-d: each triangle needs one
    # frustrated edge (L = 2) and the bridge can always be satisfied.
    G = signed([("a", "b", 1), ("b", "c", 1), ("a", "c", -1), ("c", "d", -1),
                ("d", "e", -1), ("e", "f", -1), ("d", "f", -1)])
    r = frustration_index(G)
    assert r.value == 2 and r.is_optimal
    assert ("c", "d") not in r.frustrated_edges
    check_consistent(G, r)


def test_balanced_graph_and_empty_graph_have_zero():
    # Two camps {a, b} and {c, d}: allies inside, enemies across -> balanced.
    G = signed([("a", "b", 1), ("c", "d", 1), ("a", "c", -1), ("b", "d", -1)])
    r = frustration_index(G)
    assert (r.value, r.is_optimal, r.frustrated_edges) == (0, True, ())
    assert set(map(frozenset, r.partition)) == {frozenset("ab"), frozenset("cd")}
    empty = frustration_index(nx.Graph())
    assert (empty.value, empty.is_optimal, empty.partition) == (0, True, (frozenset(), frozenset()))


def test_neutral_ties_are_ignored_and_isolated_nodes_kept():
    # The 0 tie would close an unbalanced triangle if it counted.
    G = signed([("a", "b", 1), ("b", "c", 1), ("a", "c", 0)])
    G.add_node("z")
    r = frustration_index(G)
    assert r.value == 0 and "z" in r.partition[0] | r.partition[1]


def test_other_weight_attribute():
    G = nx.Graph()
    G.add_edge("a", "b", sign=-1, weight=5)
    G.add_edge("b", "c", sign=-1, weight=5)
    G.add_edge("a", "c", sign=-1, weight=5)
    assert frustration_index(G, weight="sign").value == 1  # three mutual enemies
    assert frustration_index(G).value == 0  # by 'weight' they are all allies


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: nx.DiGraph([("a", "b", {"weight": 1})]), "symmetrize"),
        (lambda: nx.MultiGraph([("a", "b", {"weight": 1})]), "symmetrize"),
        (lambda: nx.Graph([("a", "a", {"weight": -1})]), "self-loop"),
        (lambda: nx.Graph([("a", "b")]), "no 'weight' attribute"),
        (lambda: nx.Graph([("a", "b", {"weight": float("nan")})]), "finite"),
        (lambda: nx.Graph([("a", "b", {"weight": "hostile"})]), "not a number"),
    ],
)
def test_bad_input_is_refused_with_a_fix(make, message):
    with pytest.raises(SignedGraphError, match=message):
        frustration_index(make())


def test_symmetrize_sums_and_reports_conflicts():
    # a->b says +3, b->a says -1: summed +2 and reported; b->c -2 alone stays -2.
    D = nx.MultiDiGraph()
    D.add_weighted_edges_from([("a", "b", 3), ("b", "a", -1), ("b", "c", -2), ("c", "c", 1)])
    H, conflicts = symmetrize(D)
    assert dict(H.edges) == {("a", "b"): {"weight": 2.0}, ("b", "c"): {"weight": -2.0}}
    assert conflicts == [("a", "b")]


def test_time_limit_returns_best_so_far_with_its_gap():
    G = cow_windows()["90-93"]
    r = frustration_index(G, time_limit=0.001)
    check_consistent(G, r)
    assert r.status in ("optimal", "time_limit") and r.time_limit == 0.001
    assert r.seconds < 10


# -- published values ---------------------------------------------------------------------


def test_highland_tribes_frustration_is_seven_with_proof():
    # Published: L = 7 (Aref & Wilson, J. Complex Networks 7(2), 2019; see shared data README).
    G = highland_tribes()
    r = frustration_index(G)
    assert r.value == 7 and r.lower_bound == 7 and r.is_optimal and r.gap == 0
    assert len(r.frustrated_edges) == 7
    check_consistent(G, r)
    h = frustration_heuristic(G, seed=0)
    assert h.lower_bound <= 7 <= h.value
    assert frustration_lower_bound(G) <= 7


# -- properties against brute force -------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=8))
def test_exact_equals_brute_force(G):
    r = frustration_index(G)
    assert r.is_optimal
    assert r.value == brute_frustration(G)
    check_consistent(G, r)


@settings(max_examples=40, deadline=None)
@given(signed_graphs(max_nodes=7, weighted=True))
def test_weighted_exact_equals_brute_force(G):
    r = frustration_index(G, weighted=True)
    assert r.is_optimal and r.value == pytest.approx(brute_frustration(G, weighted=True))
    check_consistent(G, r, weighted=True)


@settings(max_examples=80, deadline=None)
@given(signed_graphs(min_nodes=2, max_nodes=10, weighted=True), st.integers(0, 2), st.data())
def test_milp_block_solver_agrees_with_enumeration(G, cut_rounds, data):
    # frustration_index enumerates blocks this small, so the MILP is checked here on its own:
    # 0 cut rounds = no LP before branching, 1-2 = LP roundings as starts; free, and with one
    # edge forced frustrated or satisfied (the re-solves of edge_strain).
    arrays = signed_arrays(G, "weight", True)
    assume(arrays.m > 0)
    milp = FrustrationModel(arrays, rng=np.random.default_rng(0))
    every = EnumerationModel(arrays)
    edge, frustrated = data.draw(st.integers(0, arrays.m - 1)), data.draw(st.booleans())
    for forced in ((), ((edge, frustrated),)):
        got = milp.solve(None, deadline=math.inf, cut_rounds=cut_rounds, forced=forced)
        want = every.solve(None, deadline=math.inf, forced=forced)
        assert got.proven and want.proven and got.value == pytest.approx(want.value)
        for side in (got.side, want.side):
            mask = frustrated_mask(arrays, side)
            assert np.abs(arrays.w)[mask].sum() == pytest.approx(want.value)
            assert all(mask[e] == f for e, f in forced)


@settings(max_examples=60, deadline=None)
@given(st.lists(signed_graphs(max_nodes=7), min_size=0, max_size=4))
def test_balanced_parts_is_zero_frustration_of_each_part(graphs):
    parts = [signed_arrays(G, "weight", False) for G in graphs]
    assert balanced_parts(parts).tolist() == [brute_frustration(G) == 0 for G in graphs]


@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=12, weighted=True), st.data())
def test_local_search_never_worsens_and_reports_its_value(G, data):
    arrays = signed_arrays(G, "weight", True)
    bits = st.lists(st.integers(0, 1), min_size=arrays.n, max_size=arrays.n)
    side = np.array(data.draw(bits), dtype=np.int64)
    cost = np.abs(arrays.w)
    search = LocalSearch(arrays)
    polished = search.polish(side)
    value = cost[frustrated_mask(arrays, polished)].sum()
    assert value <= cost[frustrated_mask(arrays, side)].sum() + 1e-9
    for i in range(arrays.n):  # a local optimum: no single flip helps
        flipped = polished.copy()
        flipped[i] ^= 1
        assert cost[frustrated_mask(arrays, flipped)].sum() >= value - 1e-9
    rng = np.random.default_rng(0)
    kicked, kicked_value = search.iterate(side, n_kicks=5, rng=rng, deadline=math.inf)
    assert kicked_value == pytest.approx(cost[frustrated_mask(arrays, kicked)].sum(), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(signed_graphs(max_nodes=9), st.integers(0, 2**31))
def test_bounds_sandwich_the_exact_value(G, seed):
    exact = frustration_index(G).value
    h = frustration_heuristic(G, seed=seed, n_starts=2, n_kicks=10)
    assert h.lower_bound <= exact <= h.value
    assert frustration_lower_bound(G) <= exact
    check_consistent(G, h)


@settings(max_examples=40, deadline=None)
@given(signed_graphs(max_nodes=9), st.data())
def test_balanced_graph_has_zero_frustration(G, data):
    # Give every edge the sign its ends' sides ask for: the graph is balanced.
    side = {v: data.draw(st.booleans()) for v in G}
    for a, b, d in G.edges(data=True):
        d["weight"] = 1 if side[a] == side[b] else -1
    assert frustration_index(G).value == 0
    assert frustration_heuristic(G, seed=0, n_kicks=5).value == 0


@settings(max_examples=40, deadline=None)
@given(signed_graphs(max_nodes=9), st.data())
def test_invariant_under_switching_and_relabelling(G, data):
    S = data.draw(st.sets(st.sampled_from(sorted(G))))
    base = frustration_index(G).value
    assert frustration_index(switch(G, S)).value == base
    perm = data.draw(st.permutations(sorted(G)))
    assert frustration_index(nx.relabel_nodes(G, dict(zip(sorted(G), perm)))).value == base


@settings(max_examples=30, deadline=None)
@given(signed_graphs(max_nodes=6), signed_graphs(max_nodes=6))
def test_components_add_up(G1, G2):
    union = nx.disjoint_union(G1, G2)
    assert frustration_index(union).value == frustration_index(G1).value + frustration_index(G2).value


# -- real data: internal consistency only -------------------------------------------------


def test_cow_windows_all_proven_optimal():
    # The 51 Correlates-of-War windows (Doreian & Mrvar 2015); no published per-window values.
    for window, G in cow_windows().items():
        r = frustration_index(G, seed=0)
        assert r.is_optimal, window
        check_consistent(G, r)
        assert r.value == len(r.frustrated_edges)


def test_cow_with_a_time_limit_starts_from_the_heuristic_and_still_proves():
    # With a time limit each MILP block starts from the heuristic's sides; the optimum is the same.
    windows = cow_windows()
    for window in ("46-49", "81-84", "96-99"):
        G = windows[window]
        free, limited = frustration_index(G), frustration_index(G, time_limit=60)
        assert limited.is_optimal and limited.value == free.value, window


def test_cow_heuristic_never_beats_the_proven_optimum():
    windows = cow_windows()
    for window in ("46-49", "70-73", "96-99"):
        G = windows[window]
        exact = frustration_index(G).value
        h = frustration_heuristic(G, seed=1, n_starts=2, n_kicks=50)
        assert h.lower_bound <= exact <= h.value, window


@pytest.mark.parametrize("path", doreian_mrvar_files(), ids=lambda p: p.name)
def test_doreian_mrvar_files(path):
    # Arcs are summed per pair (symmetrize); a pair whose arcs cancel becomes neutral.
    G, _ = symmetrize(read_pajek(path))
    for weighted in (False, True):
        r = frustration_index(G, weighted=weighted, seed=0)
        assert r.is_optimal
        check_consistent(G, r, weighted=weighted)
        if not weighted:
            assert r.value == len(r.frustrated_edges)
    if G.number_of_nodes() <= 16:
        assert frustration_index(G).value == brute_frustration(G)


def test_gama_net_matches_highland_tribes_csv():
    # GAMA.NET stores each tie as two equal arcs: summed they give the same signs.
    G, conflicts = symmetrize(read_pajek(doreian_mrvar_files()[0].parent / "GAMA.NET"))
    assert not conflicts
    assert frustration_index(G).value == 7


@pytest.mark.slow
@pytest.mark.parametrize("name", ["bitcoin_alpha", "bitcoin_otc"])
def test_bitcoin_exact_and_heuristic_agree_on_bounds(name):
    # Undirected by summing the ratings of each pair; only signs count (unweighted).
    import csv

    from signed_kit import SIGNED

    D = nx.DiGraph()
    with open(SIGNED / f"{name}.csv", newline="") as f:
        for row in csv.DictReader(f):
            D.add_edge(row["src"], row["dst"], weight=float(row["rating"]))
    G, _ = symmetrize(D)
    exact = frustration_index(G, seed=0, time_limit=120)
    check_consistent(G, exact)
    h = frustration_heuristic(G, seed=0, time_limit=30)
    check_consistent(G, h)
    assert h.lower_bound <= exact.value + 1e-9 and exact.lower_bound <= h.value + 1e-9
    if exact.is_optimal:
        assert math.isclose(exact.value, len(exact.frustrated_edges))


@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=12))
def test_triangles_are_every_triangle_once(G):
    arrays = signed_arrays(G, "weight", False)
    edge = {(int(a), int(b)): e for e, (a, b) in enumerate(zip(arrays.u, arrays.v))}
    expected = [(edge[a, b], edge[a, c], edge[b, c]) for (a, b) in edge for c in range(b + 1, arrays.n)
                if (a, c) in edge and (b, c) in edge]  # by hand: a < b < c, all three ties present
    assert sorted(map(tuple, _triangles(arrays).tolist())) == sorted(expected)


def model_rows(model: FrustrationModel):
    """The model's constraint matrix and row bounds, as scipy and numpy arrays."""
    lp = model.h.getLp()
    a = lp.a_matrix_
    kind = sp.csr_matrix if a.format_ == highspy.MatrixFormat.kRowwise else sp.csc_matrix
    shape = (lp.num_row_, lp.num_col_)
    A = kind((a.value_, a.index_, a.start_), shape=shape)
    return A, np.array(lp.row_lower_), np.array(lp.row_upper_)


@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=10, weighted=True), st.data())
def test_every_cut_holds_for_every_bipartition(G, data):
    # Cuts must never remove an integral point: after separating at random fractional points and
    # running the LP rounds, any sides (root on side 0) with their frustrated edges satisfy every
    # row.
    arrays = signed_arrays(G, "weight", True)
    if arrays.m == 0:
        return
    model = FrustrationModel(arrays, rng=np.random.default_rng(0))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**31)))
    for f in rng.random((3, arrays.m)):
        model._triangle_cuts(f, model.cut_limit)
        model._add_walk_cuts(model._walk_cuts(f, model.cut_limit))
    model.separate(None, math.inf, rounds=4, deadline=math.inf)
    A, lower, upper = model_rows(model)
    for _ in range(5):
        bits = st.lists(st.integers(0, 1), min_size=arrays.n, max_size=arrays.n)
        side = np.array(data.draw(bits))
        side ^= side[model.root]
        point = np.concatenate([side, frustrated_mask(arrays, side)]).astype(float)
        row = A @ point
        assert (row >= lower - 1e-9).all() and (row <= upper + 1e-9).all()


@settings(max_examples=80, deadline=None)
@given(signed_graphs(max_nodes=12), signed_graphs(max_nodes=6))
def test_blocks_are_networkx_biconnected_components_with_a_cycle(G1, G2):
    G = nx.disjoint_union(G1, G2)  # more than one depth-first tree
    arrays = signed_arrays(G, "weight", False)
    H = nx.Graph(zip(arrays.u.tolist(), arrays.v.tolist()))
    edge = {frozenset(e): i for i, e in enumerate(zip(arrays.u.tolist(), arrays.v.tolist()))}
    expected = sorted(sorted(edge[frozenset(e)] for e in block)
                      for block in nx.biconnected_component_edges(H) if len(block) >= 3)
    assert sorted(block.tolist() for block in blocks(arrays)) == expected


@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=12), st.data())
def test_sides_from_frustrated_satisfy_every_other_edge(G, data):
    arrays = signed_arrays(G, "weight", False)
    side = np.array(data.draw(st.lists(st.integers(0, 1), min_size=arrays.n, max_size=arrays.n)), dtype=np.int64)
    mask = frustrated_mask(arrays, side)
    rebuilt = sides_from_frustrated(arrays, mask)
    assert not frustrated_mask(arrays, rebuilt)[~mask].any()


@settings(max_examples=60, deadline=None)
@given(signed_graphs(max_nodes=10), st.randoms(use_true_random=False), st.sampled_from([str, int]))
def test_signed_arrays_keep_the_order_of_G_edges(G, rnd, kind):
    H = nx.Graph()  # the same ties under shuffled labels (strings, or ints not in position order)
    labels = [kind(f"{i}") for i in range(len(G))]
    rnd.shuffle(labels)
    names = dict(zip(G, labels))
    H.add_nodes_from(rnd.sample([names[n] for n in G], len(G)))
    edges = list(G.edges(data="weight"))
    rnd.shuffle(edges)
    H.add_weighted_edges_from((names[a], names[b], w) for a, b, w in edges)
    arrays = signed_arrays(H, "weight", True)
    expected = [(a, b, w) for a, b, w in H.edges(data="weight") if w != 0]
    got = [(arrays.nodes[u], arrays.nodes[v], w) for u, v, w in zip(arrays.u, arrays.v, arrays.w)]
    assert [frozenset(e[:2]) for e in got] == [frozenset(e[:2]) for e in expected]
    assert [e[2] for e in got] == [e[2] for e in expected]
