"""Strain: per-edge status over all optimal bipartitions, per node, per coalition."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import given, settings
from signed_kit import brute_edge_status, hage_harary_partition, highland_tribes, signed_graphs

from faultlines.network import (
    coalition_cohesion,
    edge_strain,
    node_strain,
)


def signed(edges) -> nx.Graph:
    G = nx.Graph()
    G.add_weighted_edges_from(edges)
    return G


def test_shared_negative_edge_is_always_frustrated():
    # Triangles abc and abd share the negative edge a-b; all other edges are positive,
    # so both triangles are unbalanced. Dropping a-b fixes both (L = 1); any other single
    # edge fixes only one triangle. So the only optimum frustrates a-b: 'always'; every
    # other edge is frustrated in no optimum: 'never'.
    G = signed([("a", "b", -1), ("a", "c", 1), ("b", "c", 1), ("a", "d", 1), ("b", "d", 1)])
    strain = edge_strain(G)
    assert strain[("a", "b")].status == "always"
    assert all(s.status == "never" for e, s in strain.items() if e != ("a", "b"))
    assert all(s.proven for s in strain.values())
    assert strain[("a", "b")].share == 1.0


def test_weighted_strain_prefers_the_cheap_edge():
    # Unbalanced triangle with weights +3, +3, -1: weighted, the -1 tie is the unique
    # cheapest fix ('always'); unweighted all three are interchangeable ('sometimes').
    G = signed([("a", "b", 3), ("b", "c", 3), ("a", "c", -1)])
    weighted = edge_strain(G, weighted=True)
    assert weighted[("a", "c")].status == "always" and weighted[("a", "b")].status == "never"
    assert {s.status for s in edge_strain(G).values()} == {"sometimes"}


def test_highland_strain_matches_enumeration_of_all_optima():
    # 16 tribes: 2^15 bipartitions are few enough to enumerate, so the statuses are
    # checked against every optimal bipartition, not against our own solver.
    G = highland_tribes()
    strain = edge_strain(G)
    assert {e: s.status for e, s in strain.items()} == brute_edge_status(G)
    assert all(s.proven for s in strain.values())
    assert sum(s.frustrated for s in strain.values()) == 7
    assert sum(s.share for s in strain.values()) == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(signed_graphs(max_nodes=8))
def test_edge_status_equals_brute_force(G):
    strain = edge_strain(G)
    assert {e: s.status for e, s in strain.items()} == brute_edge_status(G)


@settings(max_examples=25, deadline=None)
@given(signed_graphs(max_nodes=7, weighted=True))
def test_weighted_edge_status_equals_brute_force(G):
    strain = edge_strain(G, weighted=True)
    assert {e: s.status for e, s in strain.items()} == brute_edge_status(G, weighted=True)


def test_node_strain_by_hand():
    # Unbalanced triangle abc (a-c negative) with pendant d on c. The optimum frustrates
    # one triangle edge; d's only tie is never frustrated.
    G = signed([("a", "b", 1), ("b", "c", 1), ("a", "c", -1), ("c", "d", 1)])
    strains = edge_strain(G)
    nodes = node_strain(G, strains)
    assert nodes["d"].frustrated_share == 0.0 and math.isnan(nodes["d"].local_balance)
    assert nodes["a"].local_balance == 0.0 and nodes["a"].n_sometimes == 2
    assert nodes["c"].n_sometimes == 2 and nodes["c"].n_always == 0
    # The reported optimum frustrates one triangle edge (u, v). a and b have two ties,
    # c has three: an end of (u, v) carries 1/2 (a, b) or 1/3 (c); the third node 0.
    (u, v), = [e for e, s in strains.items() if s.frustrated]
    for node, degree in (("a", 2), ("b", 2), ("c", 3)):
        expected = 1 / degree if node in (u, v) else 0.0
        assert nodes[node].frustrated_share == pytest.approx(expected)


def test_coalition_cohesion_by_hand():
    # {a, b, c}: ties inside a-b +2, b-c +1, a-c -1 -> cohesion 3/4; leaving: c-d -2,
    # a-e +1 -> opposition 2/3. {d, e}: no tie inside -> nan; leaving the same two.
    G = signed([("a", "b", 2), ("b", "c", 1), ("a", "c", -1), ("c", "d", -2), ("a", "e", 1)])
    first, second = coalition_cohesion(G, [{"a", "b", "c"}, {"d", "e"}])
    assert (first.positive_within, first.negative_within) == (3.0, 1.0)
    assert first.cohesion == 0.75 and first.opposition == pytest.approx(2 / 3)
    assert math.isnan(second.cohesion) and second.opposition == pytest.approx(2 / 3)
    unweighted, _ = coalition_cohesion(G, [{"a", "b", "c"}, {"d", "e"}], weighted=False)
    assert unweighted.cohesion == pytest.approx(2 / 3)


def test_highland_coalitions_are_cohesive():
    # Hage & Harary's groups: the published structure has few positive ties across and
    # few negative ties inside, so every group should be more cohesive than not.
    for c in coalition_cohesion(highland_tribes(), hage_harary_partition()):
        assert c.cohesion > 0.5 and c.opposition > 0.5
