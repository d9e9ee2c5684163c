"""The common-enemy test: which alliances was a shared adversary holding together?

The founding article's thesis: two coalitions that beat ISIS together crack once ISIS is gone.
The test removes the adversary from a snapshot and recomputes the partition into ``k`` coalitions
(two by default: with the enemy present the best split is often "everyone against it") and the
frustration index (both exact where the solver proves it). It reports the pairs that were in
one coalition with the enemy present and fall apart without it (**held together**), every actor
that changes side, the change in frustration, and the pairs who share only their hostility to the
enemy (both fight it, while their own tie is hostile or absent: "the enemy of my enemy").

Without a named enemy, the candidate is the actor whose foes are most hostile to each other (the
weight of the all-hostile triangles it closes), then with the most hostile weight: a common enemy
is one that rival camps fight.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_weighted_edges_from([("us", "sdf", 5), ("russia", "iran", 4), ("us", "isis", -9), ("sdf", "isis", -9),
...                            ("russia", "isis", -9), ("iran", "isis", -9), ("us", "russia", -2)])
>>> result = common_enemy_test(G)
>>> result.enemy, result.held_together
('isis', (('iran', 'sdf'), ('iran', 'us'), ('russia', 'sdf'), ('russia', 'us')))
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Hashable

import networkx as nx

from faultlines.errors import AnalysisError
from faultlines.scenario import Change, ScenarioResult, what_if


@dataclass(frozen=True, slots=True)
class CommonEnemyResult:
    """What removing ``enemy`` does. ``candidates``: (actor, rivalry among its foes, hostile weight),
    best first. ``held_together``: pairs in one coalition before and in different ones after.
    ``shared_enemy_pairs``: (a, b, their own tie or 0) for pairs both hostile to the enemy whose own
    tie is not positive. ``scenario``: the full before/after comparison."""

    enemy: Hashable
    candidates: tuple[tuple[Hashable, float, float], ...]
    held_together: tuple[tuple[Hashable, Hashable], ...]
    shared_enemy_pairs: tuple[tuple[Hashable, Hashable, float], ...]
    scenario: ScenarioResult


def enemy_candidates(G: nx.Graph, *, weight: str = "weight") -> list[tuple[Hashable, float, float]]:
    """Actors whose foes are rivals of each other, ranked: ``(actor, rivalry, hostile weight)``.

    ``rivalry`` sums, over pairs of its foes that are hostile to each other, the weakest of the
    three ties: the all-hostile triangles that a common enemy closes ("the enemy of my enemy").
    """
    ranked = []
    for node in G:
        foes = sorted((v for v, d in G[node].items() if d[weight] < 0), key=str)
        if len(foes) < 2:
            continue
        rivalry = sum(min(-G[node][x][weight], -G[node][y][weight], -G[x][y][weight])
                      for x, y in combinations(foes, 2) if G.has_edge(x, y) and G[x][y][weight] < 0)
        ranked.append((node, round(rivalry, 9), round(-sum(G[node][v][weight] for v in foes), 9)))
    return sorted(ranked, key=lambda c: (-c[1], -c[2], str(c[0])))


def common_enemy_test(G: nx.Graph, enemy: Hashable | None = None, *, k: int | None = 2, alpha: float = 0.5,
                      time_limit: float | None = None, weight: str = "weight") -> CommonEnemyResult:
    """Remove ``enemy`` (or the best candidate) from ``G`` and report what falls apart.

    ``k``: the number of coalitions compared (None: free, as many as fit best; with a free number
    an enemy that everyone fights sits alone and its removal moves nobody, so 2 is the default).
    Raises ``E504`` if ``enemy`` is not in the graph and ``E520`` if, without a named enemy, no
    actor has foes that are hostile to each other.
    """
    candidates = enemy_candidates(G, weight=weight)
    if enemy is None:
        if not candidates or candidates[0][1] <= 0:
            raise AnalysisError("E520")
        enemy = candidates[0][0]
    elif enemy not in G:
        raise AnalysisError("E504", actor=enemy)
    scenario = what_if(G, [Change("remove_actor", enemy)], k=k, alpha=alpha, time_limit=time_limit)
    before = {n: i for i, g in enumerate(scenario.before.coalitions.groups) for n in g}
    after = {n: i for i, g in enumerate(scenario.after.coalitions.groups) for n in g}
    pairs = sorted((tuple(sorted((u, v), key=str)) for u, v in combinations(after, 2)), key=str)
    held = tuple(p for p in pairs if before[p[0]] == before[p[1]] and after[p[0]] != after[p[1]])
    foes = sorted((v for v, d in G[enemy].items() if d[weight] < 0), key=str)
    shared = []
    for u, v in combinations(foes, 2):
        tie = G[u][v][weight] if G.has_edge(u, v) else 0.0
        if tie <= 0:
            shared.append((u, v, float(tie)))
    return CommonEnemyResult(enemy, tuple(candidates), held, tuple(shared), scenario)
