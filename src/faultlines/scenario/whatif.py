"""What-if: change the network (remove the common enemy, flip, add or drop a tie) and see what moves.

A scenario recomputes the coalition partition and the frustration index before and after the
changes, matches the groups of the two partitions to each other by overlap, and reports every
actor whose group changed, with the deltas, as plain data for reports.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_weighted_edges_from([("us", "sdf", 5), ("russia", "iran", 4), ("us", "isis", -9), ("sdf", "isis", -9),
...                            ("russia", "isis", -9), ("iran", "isis", -9), ("us", "russia", -2)])
>>> result = what_if(G, [Change("remove_actor", "isis")])  # the common enemy goes
>>> result.delta_frustration, result.removed   # the US-Russia hostility is no longer frustrated
(-2.0, ('isis',))
>>> [m.actor for m in what_if(G, [Change("flip_edge", "us", "russia")]).moved]
['iran', 'russia']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable

import networkx as nx
import numpy as np
from scipy.optimize import linear_sum_assignment

from faultlines.errors import AnalysisError
from faultlines.network import CoalitionResult, FrustrationResult, coalitions_exact, frustration_index

CHANGE_KINDS = ("remove_actor", "flip_edge", "add_edge", "drop_edge")


@dataclass(frozen=True, slots=True)
class Change:
    """One change to a snapshot.

    ``remove_actor`` u; ``flip_edge`` u v (the tie's sign turns); ``add_edge`` u v weight (set a
    tie, replacing any); ``drop_edge`` u v.
    """

    kind: str
    u: Hashable
    v: Hashable | None = None
    weight: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in CHANGE_KINDS:
            raise AnalysisError("E501", kind=self.kind, allowed=", ".join(CHANGE_KINDS))
        if self.kind != "remove_actor" and self.v is None:
            raise AnalysisError("E502", kind=self.kind)
        if self.kind == "add_edge" and not self.weight:
            raise AnalysisError("E503", u=self.u, v=self.v)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The partition and frustration of one graph."""

    coalitions: CoalitionResult
    frustration: FrustrationResult
    n_nodes: int
    n_edges: int


@dataclass(frozen=True, slots=True)
class Move:
    """An actor whose coalition changed: ``before`` and ``after`` are group indexes of each result."""

    actor: Hashable
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    changes: tuple[Change, ...]
    before: Outcome
    after: Outcome
    moved: tuple[Move, ...]
    removed: tuple[Hashable, ...]
    delta_frustration: float
    delta_criterion: float


def apply_changes(G: nx.Graph, changes: list[Change], *, weight: str = "weight") -> nx.Graph:
    """A copy of ``G`` with ``changes`` applied in order; unknown actors or ties raise ``E504``."""
    H = G.copy()
    for change in changes:
        for node in (change.u, change.v):
            if node is not None and node not in H and change.kind != "add_edge":
                raise AnalysisError("E504", actor=node)
        if change.kind == "remove_actor":
            H.remove_node(change.u)
        elif change.kind == "add_edge":
            H.add_edge(change.u, change.v, **{weight: float(change.weight)})
        elif not H.has_edge(change.u, change.v):
            raise AnalysisError("E505", u=change.u, v=change.v)
        elif change.kind == "flip_edge":
            H.edges[change.u, change.v][weight] = -H.edges[change.u, change.v][weight]
        else:
            H.remove_edge(change.u, change.v)
    return H


def outcome(G: nx.Graph, *, k: int | None = None, alpha: float = 0.5, weighted: bool = True,
            time_limit: float | None = None, seed: int = 0) -> Outcome:
    """Coalitions (exact, Doreian–Mrvar) and frustration index of ``G``."""
    return Outcome(coalitions_exact(G, k, alpha=alpha, weighted=weighted, time_limit=time_limit, seed=seed),
                   frustration_index(G, weighted=weighted, time_limit=time_limit, seed=seed),
                   G.number_of_nodes(), G.number_of_edges())


def match_groups(before: tuple[frozenset, ...], after: tuple[frozenset, ...]) -> dict[int, int]:
    """Map each group of ``after`` to the group of ``before`` it overlaps most (one-to-one)."""
    overlap = np.array([[len(a & b) for b in before] for a in after], dtype=float)
    rows, cols = linear_sum_assignment(-overlap) if overlap.size else ([], [])
    return {int(r): int(c) for r, c in zip(rows, cols) if overlap[r, c] > 0}


def what_if(G: nx.Graph, changes: list[Change], *, k: int | None = None, alpha: float = 0.5,
            weighted: bool = True, time_limit: float | None = None, seed: int = 0) -> ScenarioResult:
    """Compare ``G`` with ``G`` after ``changes``: who changes coalition, and by how much frustration moves.

    An actor "moved" when its group after the change is not the group matched to its group
    before (groups are matched by largest overlap, so renumbering is not a move). Removed actors
    are listed apart. With no changes nothing moves and every delta is 0.
    """
    H = apply_changes(G, changes)
    before = outcome(G, k=k, alpha=alpha, weighted=weighted, time_limit=time_limit, seed=seed)
    after = outcome(H, k=k, alpha=alpha, weighted=weighted, time_limit=time_limit, seed=seed)
    group_before = {n: i for i, g in enumerate(before.coalitions.groups) for n in g}
    mapping = match_groups(before.coalitions.groups, after.coalitions.groups)
    moved = tuple(Move(n, group_before[n], j) for j, g in enumerate(after.coalitions.groups) for n in sorted(g, key=str)
                  if mapping.get(j) != group_before[n])
    removed = tuple(n for n in G if n not in H)
    return ScenarioResult(tuple(changes), before, after, moved, removed,
                          round(after.frustration.value - before.frustration.value, 9),
                          round(after.coalitions.criterion - before.coalitions.criterion, 9))
