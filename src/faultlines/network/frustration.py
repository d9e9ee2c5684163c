"""Frustration index (line index of balance) of a signed network.

A signed graph is *balanced* when its nodes split into two sides with every
positive edge inside a side and every negative edge between the sides
(Harary 1953). Its frustration index is the least total weight of edges whose
removal (equivalently, whose sign change) makes it balanced:

.. math::

    L(G) = \\min_{x \\in \\{0, 1\\}^V} \\sum_{(i, j) \\in E} |w_{ij}|\\,
           [\\text{edge } (i, j) \\text{ is frustrated by } x],

where a positive edge is frustrated when ``x_i != x_j`` and a negative edge
when ``x_i == x_j``. Unweighted (the default) every edge counts 1, which is
the classic line index of balance.

Edges carry a signed number under the attribute ``weight``: its sign is the
sign of the tie, its absolute value the strength. Edges with value ``0`` are
neutral and ignored. Computing ``L`` is NP-hard; :func:`frustration_index`
solves it exactly as a MILP on HiGHS, :func:`frustration_heuristic` is fast,
gives an upper bound and a proven lower bound.
"""

from __future__ import annotations

import math
import time
from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from ._heuristic import heuristic_sides
from ._milp import EnumerationModel, FrustrationModel, _triangles
from ._signed import (
    SignedArrays,
    balanced_parts,
    blocks,
    frustrated_mask,
    is_integral,
    sides_from_frustrated,
    signed_arrays,
    sub_arrays,
)

__all__ = [
    "FrustrationResult",
    "frustration_heuristic",
    "frustration_index",
    "frustration_lower_bound",
    "frustration_of",
]


@dataclass(frozen=True)
class FrustrationResult:
    """The outcome of a frustration-index computation.

    Attributes
    ----------
    value : float
        Total weight (unweighted: the number) of frustrated edges under
        ``partition``: an upper bound on the frustration index, equal to it when
        ``is_optimal``.
    partition : tuple of two frozensets
        The two sides; the first holds the graph's first node.
    frustrated_edges : tuple of (u, v)
        The edges frustrated by ``partition``, in the order of ``G.edges``,
        each with ``u`` before ``v`` in the graph's node order.
    lower_bound : float
        A proven lower bound on the frustration index.
    gap : float
        ``(value - lower_bound) / value``, 0.0 when ``value`` is 0.
    is_optimal : bool
        True when ``lower_bound`` reaches ``value``: ``value`` is then proven to
        be the frustration index.
    status : str
        ``"optimal"``, ``"time_limit"`` (stopped with a gap) or ``"heuristic"``
        (no exact search was run and the bound does not close the gap).
    time_limit : float or None
        The time limit, in seconds, that was given.
    seconds : float
        Wall-clock time spent.
    method : str
        ``"milp"`` or ``"heuristic"``.
    weighted : bool
        Whether edge weights counted, or only signs.
    """

    value: float
    partition: tuple[frozenset, frozenset]
    frustrated_edges: tuple[tuple[Hashable, Hashable], ...]
    lower_bound: float
    gap: float
    is_optimal: bool
    status: str
    time_limit: float | None
    seconds: float
    method: str
    weighted: bool


def frustration_of(G, partition, *, weight="weight", weighted=False) -> float:
    """Total weight of the edges that a bipartition frustrates.

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    partition : pair of node collections
        The two sides. Nodes missing from both are put with the second side.
    weight : str, optional (default="weight")
        Edge attribute with the signed value.
    weighted : bool, optional (default=False)
        Count ``|weight|`` per frustrated edge instead of 1.

    Returns
    -------
    float

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("a", "c", -1)])
    >>> frustration_of(G, [{"a", "b", "c"}, set()])
    1.0
    """
    arrays = signed_arrays(G, weight, weighted)
    first = set(partition[0])
    side = np.array([0 if node in first else 1 for node in arrays.nodes], dtype=np.int64)
    return float(np.abs(arrays.w)[frustrated_mask(arrays, side)].sum())


# -- heuristic ------------------------------------------------------------------


def _packing_bound(arrays: SignedArrays, *, deadline: float, max_hops: int = 8) -> float:
    """Lower bound from a greedy packing of unbalanced closed walks.

    Every closed walk with an odd number of negative edges holds a frustrated
    edge under any bipartition. Giving each packed walk a share ``delta`` no
    larger than the remaining weight of each of its edges, the shares sum to a
    lower bound (weak LP duality for the covering problem). Unbalanced triangles
    are packed first, then shortest odd closed walks of the double cover.
    """
    residual = np.abs(arrays.w).astype(float)
    bound = 0.0
    tri = _triangles(arrays)
    if len(tri):
        neg = (arrays.w < 0).astype(np.int64)
        for t in tri[neg[tri].sum(axis=1) % 2 == 1]:
            delta = residual[t].min()
            if delta > 0:
                residual[t] -= delta
                bound += delta
    n, a, b = arrays.n, arrays.u, arrays.v
    edge_of = {}
    for e in range(arrays.m):
        edge_of[(int(a[e]), int(b[e]))] = e
        edge_of[(int(b[e]), int(a[e]))] = e
    negb = arrays.w < 0
    while time.perf_counter() < deadline:
        live = np.nonzero(residual > 1e-12)[0]
        if not len(live):
            break
        la, lb, q = a[live], b[live], negb[live].astype(np.int64)
        rows = np.concatenate([la, lb, la + n, lb + n])
        cols = np.concatenate([lb + q * n, la + q * n, lb + (1 - q) * n, la + (1 - q) * n])
        D = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(2 * n, 2 * n))
        D = D + D.T
        packed = 0
        for chunk in np.array_split(np.arange(n), max(1, n // 256)):
            if time.perf_counter() > deadline:
                break
            dist, pred = dijkstra(D, indices=chunk, unweighted=True, limit=max_hops,
                                  return_predecessors=True)
            for row, s in enumerate(chunk):
                if not np.isfinite(dist[row, s + n]):
                    continue
                walk, node = set(), s + n
                while node != s:
                    prev = pred[row, node]
                    walk.add(edge_of[(int(prev % n), int(node % n))])
                    node = prev
                walk = list(walk)
                delta = residual[walk].min()
                if delta > 1e-12:
                    residual[walk] -= delta
                    bound += delta
                    packed += 1
        if not packed:
            break
    if is_integral(np.abs(arrays.w)):
        bound = math.floor(bound + 1e-9)  # shares are integral too; guard float drift
    return float(bound)


def frustration_lower_bound(G, *, weight="weight", weighted=False, time_limit=2.0) -> float:
    """A proven lower bound on the frustration index, by cycle packing.

    Unbalanced triangles and then short unbalanced closed walks are packed
    greedily; each packed walk needs a frustrated edge in every bipartition, so
    their (weight-capped) count bounds the index from below.

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    weight : str, optional (default="weight")
        Edge attribute with the signed value.
    weighted : bool, optional (default=False)
        Use ``|weight|`` as edge costs instead of 1.
    time_limit : float, optional (default=2.0)
        Seconds after which packing stops (the bound stays valid).

    Returns
    -------
    float

    Examples
    --------
    Two unbalanced triangles sharing only the node ``c`` need two frustrated
    edges:

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", -1), ("b", "c", 1), ("a", "c", 1),
    ...                            ("c", "d", -1), ("d", "e", -1), ("c", "e", -1)])
    >>> frustration_lower_bound(G)
    2.0
    """
    arrays = signed_arrays(G, weight, weighted)
    return _packing_bound(arrays, deadline=time.perf_counter() + time_limit)


def _result(arrays, frustrated, lower, status, time_limit, t0, method,
            weighted) -> FrustrationResult:
    """The result for the bipartition that frustrates the edges of the mask ``frustrated`` (or
    fewer), in its canonical orientation per component."""
    side = sides_from_frustrated(arrays, frustrated)
    mask = frustrated_mask(arrays, side)
    value = float(np.abs(arrays.w)[mask].sum())
    lower = min(float(lower), value)
    optimal = value - lower <= 1e-7 * max(1.0, value)
    lower = value if optimal else lower  # drop the solver's floating-point fuzz
    if optimal:
        status = "optimal"
    sides = (frozenset(n for n, s in zip(arrays.nodes, side) if s == 0),
             frozenset(n for n, s in zip(arrays.nodes, side) if s == 1))
    return FrustrationResult(
        value=value,
        partition=sides,
        frustrated_edges=tuple(arrays.edge(e) for e in np.nonzero(mask)[0]),
        lower_bound=lower,
        gap=0.0 if value == 0 else (value - lower) / value,
        is_optimal=optimal,
        status=status,
        time_limit=time_limit,
        seconds=time.perf_counter() - t0,
        method=method,
        weighted=weighted,
    )


def frustration_heuristic(G, *, weight="weight", weighted=False, n_starts=8, n_kicks=200,
                          seed=None, time_limit=None, bound_time=2.0) -> FrustrationResult:
    """Fast upper and lower bounds on the frustration index, for large graphs.

    Multi-start iterated local search: the first start takes the signs of the
    bottom eigenvector of the signed Laplacian ``D - A`` (Kunegis et al. 2010),
    the others are random. Each start descends by single-node flips, then is
    kicked ``n_kicks`` times by switching a random connected region and
    descending again, keeping the kick when it does not worsen the value. The
    lower bound is a greedy packing of unbalanced triangles and short unbalanced
    closed walks (see :func:`frustration_lower_bound`).

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    weight : str, optional (default="weight")
        Edge attribute with the signed value.
    weighted : bool, optional (default=False)
        Use ``|weight|`` as edge costs instead of 1.
    n_starts : int, optional (default=8)
        Number of starts (the first is spectral).
    n_kicks : int, optional (default=200)
        Region switches tried per start.
    seed : int, numpy Generator or None, optional
        Randomness for the random starts and kicks.
    time_limit : float or None, optional
        Seconds after which the search stops and returns its best.
    bound_time : float, optional (default=2.0)
        Seconds allowed for the lower-bound packing.

    Returns
    -------
    FrustrationResult
        With ``method="heuristic"``; ``is_optimal`` is True only when the
        packing bound meets the value found.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("a", "c", -1)])
    >>> r = frustration_heuristic(G, seed=1)
    >>> r.value, r.lower_bound, r.is_optimal
    (1.0, 1.0, True)
    """
    t0 = time.perf_counter()
    arrays = signed_arrays(G, weight, weighted)
    rng = np.random.default_rng(seed)
    deadline = t0 + time_limit if time_limit is not None else math.inf
    side, _value = heuristic_sides(arrays, n_starts=n_starts, n_kicks=n_kicks, rng=rng,
                                  deadline=deadline)
    lower = _packing_bound(arrays, deadline=time.perf_counter() + bound_time)
    mask = frustrated_mask(arrays, side)
    return _result(arrays, mask, lower, "heuristic", time_limit, t0, "heuristic", weighted)


def solve_blocks(arrays: SignedArrays, *, deadline: float, rng, cut_rounds: int):
    """Solve every block exactly; returns (mask, lower bound, all proven, models).

    Balanced blocks are skipped (nothing is frustrated), blocks of at most
    :attr:`EnumerationModel.max_nodes` nodes are enumerated, the others go to the MILP. Without
    a time limit the MILP finds its own starts (LP roundings; a local search only if the cuts
    leave a gap); with one, a heuristic start comes first.
    """
    mask = np.zeros(arrays.m, dtype=bool)
    lower, proven, models = 0.0, True, []
    edge_sets = blocks(arrays)
    subs = [sub_arrays(arrays, edge_ids) for edge_ids in edge_sets]
    for edge_ids, sub, balanced in zip(edge_sets, subs, balanced_parts(subs)):
        if balanced:
            continue
        if sub.n <= EnumerationModel.max_nodes:
            model, start = EnumerationModel(sub), None
        else:
            model, start = FrustrationModel(sub, rng=rng), None
            if math.isfinite(deadline):  # under a time limit the heuristic's sides come first,
                start, _ = heuristic_sides(sub, n_starts=1, n_kicks=min(20, sub.n), rng=rng,
                                           deadline=deadline)  # so best-so-far is never worse
        sol = model.solve(start, deadline=deadline, cut_rounds=cut_rounds)
        mask[edge_ids] = frustrated_mask(sub, sol.side)
        lower += sol.lower_bound
        proven &= sol.proven
        models.append((edge_ids, sub, model, sol))
    return mask, lower, proven, models


def frustration_index(G, *, weight="weight", weighted=False, time_limit=None, seed=None,
                      cut_rounds=20) -> FrustrationResult:
    """The exact frustration index (line index of balance), with proof.

    Solves the MILP of Aref, Mason & Wilson (2018) on HiGHS. Speed-ups:

    * each biconnected component (block) is solved on its own: every cycle lies
      in one block, so the index is the sum over blocks and bridges are never
      frustrated; this refines solving each connected component separately;
    * a block that is balanced is recognised by 2-colouring, without a solver;
    * one node of largest degree per block is fixed to side 0 (symmetry);
    * parity cuts (unbalanced triangles first, then odd closed walks of the
      signed double cover) are separated on the LP relaxation in rounds; each
      LP solution, rounded and improved by one-flip descent, is a candidate
      bipartition, and once the LP bound meets the best candidate no branching
      is run (with the cuts the relaxation is often tight and its solution
      integral);
    * otherwise branch-and-bound is warm-started from an iterated local search
      that starts at the best candidate.

    HiGHS does not expose branching priorities (HiGHS issue 2670), so branching
    by degree is not available; the degree-based root fixing is used instead.

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    weight : str, optional (default="weight")
        Edge attribute with the signed value.
    weighted : bool, optional (default=False)
        Minimise the total ``|weight|`` of frustrated edges instead of their
        number.
    time_limit : float or None, optional
        Seconds for the whole computation; when reached, the best bipartition
        found is returned with its proven lower bound (``status="time_limit"``).
    seed : int, numpy Generator or None, optional
        Randomness of the warm-start local search (the optimum value does not
        depend on it).
    cut_rounds : int, optional (default=20)
        Maximum rounds of cut separation on the LP relaxation per block.

    Returns
    -------
    FrustrationResult

    References
    ----------
    .. [1] F. Harary, "On the notion of balance of a signed graph", Michigan
       Mathematical Journal 2 (1953) 143-146.
    .. [2] S. Aref, A. J. Mason, M. C. Wilson, "Computing the line index of
       balance using integer programming optimisation", in Optimization
       Problems in Graph Theory, Springer (2018) 65-84.
    .. [3] F. Barahona, A. R. Mahjoub, "On the cut polytope", Mathematical
       Programming 36 (1986) 157-173.

    Examples
    --------
    A triangle with one negative edge is unbalanced; one edge must go:

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("a", "c", -1)])
    >>> r = frustration_index(G)
    >>> r.value, r.is_optimal, len(r.frustrated_edges)
    (1.0, True, 1)
    """
    t0 = time.perf_counter()
    arrays = signed_arrays(G, weight, weighted)
    deadline = t0 + time_limit if time_limit is not None else math.inf
    rng = np.random.default_rng(seed)
    mask, lower, proven, _ = solve_blocks(arrays, deadline=deadline, rng=rng,
                                          cut_rounds=cut_rounds)
    status = "optimal" if proven else "time_limit"
    return _result(arrays, mask, lower, status, time_limit, t0, "milp", weighted)
