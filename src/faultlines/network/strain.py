"""Strain: where the imbalance of a signed network sits.

* per edge (:func:`edge_strain`): is the tie frustrated in **every** optimal
  bipartition, in **some**, or in **none**? Decided with proof by re-solving
  the frustration MILP with the edge forced the other way: if forcing it
  satisfied raises the optimum, it is frustrated in every optimum; if forcing
  it frustrated raises the optimum, in none; otherwise in some;
* per node (:func:`node_strain`): local triangle balance and the share of its
  tie weight that the optimum frustrates;
* per coalition (:func:`coalition_cohesion`): how positive the ties inside a
  group are and how hostile the ties leaving it are.

Edges carry a signed number under the attribute ``weight``: its sign is the
sign of the tie, its absolute value the strength; ``0`` is a neutral tie.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from ._signed import frustrated_mask, signed_arrays
from .balance import _local_triangles
from .frustration import solve_blocks

__all__ = [
    "Cohesion",
    "EdgeStrain",
    "NodeStrain",
    "coalition_cohesion",
    "edge_strain",
    "node_strain",
]


@dataclass(frozen=True)
class EdgeStrain:
    """Strain of one edge.

    Attributes
    ----------
    status : str
        ``"always"`` (frustrated in every optimal bipartition), ``"sometimes"``
        (in some but not all) or ``"never"``.
    proven : bool
        False when a time limit stopped a re-solve before it decided; ``status``
        then reflects only the optimum found.
    frustrated : bool
        Whether the reported optimal bipartition frustrates the edge.
    weight : float
        The edge's cost: ``|weight|``, or 1 unweighted.
    share : float
        ``weight / L`` when ``frustrated`` (``L`` the frustration index), else
        0: the edge's part of the reported frustration; shares sum to 1.
    """

    status: str
    proven: bool
    frustrated: bool
    weight: float
    share: float


@dataclass(frozen=True)
class NodeStrain:
    """Strain around one node.

    Attributes
    ----------
    local_balance : float
        Share of the triangles through the node that are balanced (``nan`` if
        none), weighted like :func:`~faultlines.network.local_balance`.
    frustrated_share : float
        Share of the node's tie weight frustrated by the reported optimum
        (``nan`` for a node without ties).
    n_always : int
        Incident edges frustrated in every optimum.
    n_sometimes : int
        Incident edges frustrated in some optimum but not all.
    """

    local_balance: float
    frustrated_share: float
    n_always: int
    n_sometimes: int


@dataclass(frozen=True)
class Cohesion:
    """Cohesion of one coalition.

    Attributes
    ----------
    n_nodes : int
    positive_within, negative_within : float
        Total ``|weight|`` of positive and negative ties inside the group.
    positive_out, negative_out : float
        Total ``|weight|`` of positive and negative ties to other nodes.
    cohesion : float
        ``positive_within / (positive_within + negative_within)``: 1 when the
        group has no internal hostility, ``nan`` without internal ties.
    opposition : float
        ``negative_out / (negative_out + positive_out)``: 1 when every tie
        leaving the group is hostile, ``nan`` without outside ties.
    """

    n_nodes: int
    positive_within: float
    negative_within: float
    positive_out: float
    negative_out: float
    cohesion: float
    opposition: float


def edge_strain(G, *, weight="weight", weighted=False, time_limit=None, seed=None,
                cut_rounds=20) -> dict:
    """Classify each edge as frustrated in every, some or no optimal bipartition.

    Let ``L`` be the frustration index and ``L(e -> s)`` the optimum when
    edge ``e`` is forced satisfied, ``L(e -> f)`` when forced frustrated. Then
    ``e`` is frustrated in every optimum iff ``L(e -> s) > L``, in none iff
    ``L(e -> f) > L``, and in some otherwise. Re-solves run per biconnected
    block (edges outside unbalanced blocks are never frustrated), and each
    optimum met on the way settles other edges without a re-solve: an edge
    frustrated in one optimum and satisfied in another is "sometimes".

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    weight : str, optional (default="weight")
        Edge attribute with the signed value.
    weighted : bool, optional (default=False)
        Use ``|weight|`` as edge costs instead of 1.
    time_limit : float or None, optional
        Seconds for everything; undecided edges get ``proven=False``.
    seed : int, numpy Generator or None, optional
        Randomness of the warm start.
    cut_rounds : int, optional (default=20)
        Cut-separation rounds per solve (see
        :func:`~faultlines.network.frustration_index`).

    Returns
    -------
    dict
        ``(u, v) -> EdgeStrain`` for every non-neutral edge, with ``u`` before
        ``v`` in the graph's node order, in the order of ``G.edges``.

    Examples
    --------
    A triangle with one negative edge: any one of its edges can take the
    frustration, so each is frustrated in some optimum; the pendant edge
    ``cd`` never is.

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("a", "c", -1),
    ...                            ("c", "d", -1)])
    >>> {e: s.status for e, s in edge_strain(G).items()}
    {('a', 'b'): 'sometimes', ('a', 'c'): 'sometimes', ('b', 'c'): 'sometimes', ('c', 'd'): 'never'}
    """
    t0 = time.perf_counter()
    arrays = signed_arrays(G, weight, weighted)
    deadline = t0 + time_limit if time_limit is not None else math.inf
    rng = np.random.default_rng(seed)
    mask, _, _, models = solve_blocks(arrays, deadline=deadline, rng=rng, cut_rounds=cut_rounds)
    cost = np.abs(arrays.w)
    total = float(cost[mask].sum())
    status = np.array(["never"] * arrays.m, dtype=object)
    proven = np.ones(arrays.m, dtype=bool)
    for edge_ids, sub, model, sol in models:
        local_status, local_proven = _classify_block(sub, model, sol, deadline, cut_rounds)
        status[edge_ids] = local_status
        proven[edge_ids] = local_proven
    out = {}
    for e in range(arrays.m):
        out[arrays.edge(e)] = EdgeStrain(
            status=str(status[e]), proven=bool(proven[e]), frustrated=bool(mask[e]),
            weight=float(cost[e]), share=float(cost[e] / total) if mask[e] and total else 0.0,
        )
    return out


def _classify_block(sub, model, sol, deadline, cut_rounds):
    """Status per edge of one block, from forced re-solves."""
    m = sub.m
    tol = 1e-6 * max(1.0, sol.value)
    some = frustrated_mask(sub, sol.side)       # frustrated in an optimum seen
    not_every = ~some                            # satisfied in an optimum seen
    status = np.where(some, "always", "never").astype(object)
    proven = np.full(m, sol.proven)
    if not sol.proven:
        return status, proven
    for e in range(m):
        if some[e] and not_every[e]:
            status[e] = "sometimes"
            continue
        force_frustrated = not some[e]  # try the opposite of what we have seen
        if time.perf_counter() > deadline:
            proven[e] = False
            continue
        res = model.solve(sol.side, deadline=deadline, cut_rounds=cut_rounds,
                          forced=((e, force_frustrated),))
        if res.side is not None and res.value <= sol.value + tol:
            seen = frustrated_mask(sub, res.side)  # another optimum: evidence for all
            some |= seen
            not_every |= ~seen
            status[e] = "sometimes"
        elif res.proven:
            status[e] = "never" if force_frustrated else "always"
        else:
            proven[e] = False
    return status, proven


def node_strain(G, strains=None, *, weight="weight", weighted=False, time_limit=None,
                seed=None) -> dict:
    """Per-node strain: local balance and the frustration the node carries.

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    strains : dict, optional
        The output of :func:`edge_strain` on ``G`` (computed when omitted).
    weight : str, optional (default="weight")
        Edge attribute with the signed value.
    weighted : bool, optional (default=False)
        Use ``|weight|`` instead of 1, for both the triangles and the shares.
    time_limit : float or None, optional
        Passed to :func:`edge_strain` when ``strains`` is omitted.
    seed : int, numpy Generator or None, optional
        Passed to :func:`edge_strain` when ``strains`` is omitted.

    Returns
    -------
    dict
        Node -> :class:`NodeStrain`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("a", "c", -1),
    ...                            ("c", "d", -1)])
    >>> s = node_strain(G)["d"]
    >>> s.local_balance, s.frustrated_share, s.n_always, s.n_sometimes
    (nan, 0.0, 0, 0)
    """
    if strains is None:
        strains = edge_strain(G, weight=weight, weighted=weighted, time_limit=time_limit,
                              seed=seed)
    arrays = signed_arrays(G, weight, weighted)
    local = _local_triangles(arrays, weighted)
    incident = {node: [0.0, 0.0, 0, 0] for node in G}
    for (a, b), s in strains.items():
        for node in (a, b):
            row = incident[node]
            row[0] += s.weight
            row[1] += s.weight if s.frustrated else 0.0
            row[2] += s.status == "always"
            row[3] += s.status == "sometimes"
    return {
        node: NodeStrain(
            local_balance=float(local[arrays.index[node]]),
            frustrated_share=row[1] / row[0] if row[0] else math.nan,
            n_always=int(row[2]), n_sometimes=int(row[3]),
        )
        for node, row in incident.items()
    }


def coalition_cohesion(G, groups, *, weight="weight", weighted=True) -> list:
    """Cohesion inside and opposition around each coalition.

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    groups : iterable of node collections
        The coalitions (for example ``CoalitionResult.groups``).
    weight : str, optional (default="weight")
        Edge attribute with the signed value.
    weighted : bool, optional (default=True)
        Use ``|weight|``; with False every tie counts 1.

    Returns
    -------
    list of Cohesion
        One per group, in the order given.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 2), ("b", "c", -1), ("a", "c", -1),
    ...                            ("c", "d", 1)])
    >>> first, second = coalition_cohesion(G, [{"a", "b"}, {"c", "d"}])
    >>> first.cohesion, first.opposition, second.positive_within
    (1.0, 1.0, 1.0)
    """
    arrays = signed_arrays(G, weight, weighted)
    out = []
    for members in groups:
        inside = np.zeros(arrays.n, dtype=bool)
        inside[[arrays.index[x] for x in members]] = True
        iu, iv = inside[arrays.u], inside[arrays.v]
        within, leaving = iu & iv, iu ^ iv
        pos, neg = arrays.w > 0, arrays.w < 0
        p_in, n_in = float(arrays.w[within & pos].sum()), float(-arrays.w[within & neg].sum())
        p_out, n_out = float(arrays.w[leaving & pos].sum()), float(-arrays.w[leaving & neg].sum())
        out.append(Cohesion(
            n_nodes=int(inside.sum()), positive_within=p_in, negative_within=n_in,
            positive_out=p_out, negative_out=n_out,
            cohesion=p_in / (p_in + n_in) if p_in + n_in else math.nan,
            opposition=n_out / (n_out + p_out) if n_out + p_out else math.nan,
        ))
    return out

