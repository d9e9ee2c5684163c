"""What-if scenarios on small hand-worked graphs."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faultlines.errors import AnalysisError
from faultlines.scenario import Change, apply_changes, match_groups, what_if


def two_camps() -> nx.Graph:
    # us+sdf and russia+iran, all hostile to isis; us-russia hostile.
    G = nx.Graph()
    G.add_weighted_edges_from([("us", "sdf", 5), ("russia", "iran", 4), ("us", "isis", -9), ("sdf", "isis", -9),
                               ("russia", "isis", -9), ("iran", "isis", -9), ("us", "russia", -2)])
    return G


def test_removing_the_common_enemy():
    # With isis, the best bipartition is {isis} vs the rest, frustrating us-russia (2);
    # without it, {us, sdf} vs {russia, iran} frustrates nothing.
    result = what_if(two_camps(), [Change("remove_actor", "isis")])
    assert result.before.frustration.value == 2.0 and result.after.frustration.value == 0.0
    assert result.removed == ("isis",) and result.moved == ()


def test_flipping_a_tie_moves_the_actors_who_change_camp():
    # us-russia friendly: one camp {us, sdf, russia, iran} against isis.
    result = what_if(two_camps(), [Change("flip_edge", "us", "russia")])
    assert sorted(m.actor for m in result.moved) == ["iran", "russia"]
    assert result.after.frustration.value == 0.0


def test_add_and_drop():
    H = apply_changes(two_camps(), [Change("add_edge", "sdf", "iran", -3.0), Change("drop_edge", "us", "russia")])
    assert H.edges["sdf", "iran"]["weight"] == -3.0 and not H.has_edge("us", "russia")


@pytest.mark.parametrize("change, code", [
    (lambda: Change("annex", "us"), "E501"),
    (lambda: Change("flip_edge", "us"), "E502"),
    (lambda: Change("add_edge", "us", "iran", 0), "E503"),
])
def test_bad_changes(change, code):
    with pytest.raises(AnalysisError) as info:
        change()
    assert info.value.code == code


def test_unknown_actors_and_ties():
    with pytest.raises(AnalysisError, match=r"\[E504\] the actor 'mars'"):
        apply_changes(two_camps(), [Change("remove_actor", "mars")])
    with pytest.raises(AnalysisError, match=r"\[E505\]"):
        apply_changes(two_camps(), [Change("flip_edge", "sdf", "iran")])


def test_groups_are_matched_by_overlap_not_by_number():
    before = (frozenset("ab"), frozenset("cd"))
    after = (frozenset("cd"), frozenset("abe"))
    assert match_groups(before, after) == {0: 1, 1: 0}


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.sampled_from([-1, 1])), min_size=1, max_size=14))
def test_a_scenario_without_changes_changes_nothing(edges):
    G = nx.Graph()
    for u, v, s in edges:
        if u != v:
            G.add_edge(u, v, weight=s)
    if G.number_of_edges() == 0:
        return
    result = what_if(G, [])
    assert result.moved == () and result.delta_frustration == 0 and result.delta_criterion == 0
