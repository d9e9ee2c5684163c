"""The common-enemy test on hand-made graphs: who was held together, and by whom."""

from __future__ import annotations

import networkx as nx
import pytest

from faultlines.detect import common_enemy_test, enemy_candidates
from faultlines.errors import AnalysisError


def two_camps_and_a_common_enemy() -> nx.Graph:
    G = nx.Graph()
    G.add_weighted_edges_from([
        ("us", "sdf", 6), ("us", "france", 4), ("sdf", "france", 2),
        ("russia", "iran", 5), ("russia", "syria", 6), ("iran", "syria", 5),
        ("us", "russia", -3), ("sdf", "syria", -2), ("france", "syria", -2),
        *((x, "isis", -8) for x in ("us", "sdf", "france", "russia", "iran", "syria")),
    ])
    return G


def test_the_enemy_of_rival_camps_is_found_and_its_removal_splits_them():
    result = common_enemy_test(two_camps_and_a_common_enemy())
    assert result.enemy == "isis"
    after = {frozenset(g) for g in result.scenario.after.coalitions.groups}
    assert after == {frozenset({"us", "sdf", "france"}), frozenset({"russia", "iran", "syria"})}
    assert ("russia", "us") in result.held_together and ("sdf", "syria") in result.held_together
    assert ("sdf", "us") not in result.held_together
    assert result.scenario.after.frustration.value < result.scenario.before.frustration.value
    assert ("russia", "us", -3.0) in result.shared_enemy_pairs


def test_candidates_rank_by_the_rivalry_among_their_foes():
    ranked = enemy_candidates(two_camps_and_a_common_enemy())
    assert ranked[0][0] == "isis" and ranked[0][1] > 0


def test_a_named_enemy_must_be_in_the_graph_and_a_world_without_rivals_has_no_common_enemy():
    G = two_camps_and_a_common_enemy()
    with pytest.raises(AnalysisError) as e:
        common_enemy_test(G, "hamas")
    assert e.value.code == "E504"
    friends = nx.Graph()
    friends.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("a", "x", -1), ("c", "x", -1)])
    with pytest.raises(AnalysisError) as e:
        common_enemy_test(friends)
    assert e.value.code == "E520"
