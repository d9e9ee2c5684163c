"""Coalitions: k-group partitions of a signed network.

Generalised balance (Davis 1967) asks for groups with positive ties inside and
negative ties between. Doreian & Mrvar (1996) measure how far a partition
``C`` is from that ideal by the criterion

.. math::

    P(C) = \\alpha \\sum_{\\substack{(i, j) \\text{ inside a group} \\\\ w_{ij} < 0}} |w_{ij}|
         + (1 - \\alpha) \\sum_{\\substack{(i, j) \\text{ between groups} \\\\ w_{ij} > 0}} w_{ij},

with ``0 <= alpha <= 1`` (``alpha = 0.5`` weighs both errors alike). With
``k = 2`` and ``alpha = 0.5``, ``P`` is half the weighted frustration of the
bipartition. Minimising ``P`` over all partitions with any number of groups
is correlation clustering (Bansal, Blum & Chawla 2004).

Edges carry a signed number under the attribute ``weight``: its sign is the
sign of the tie, its absolute value the strength (pass ``weighted=False`` to
count every tie as 1). Edges with value ``0`` are neutral and ignored.

:func:`coalitions_exact` proves optimality with a MILP on HiGHS;
:func:`coalitions_heuristic` is fast and reports a lower bound and gap.
Declared coalitions can be given as a ``prior``: they seed the search and,
with ``prior_weight > 0``, each departure from them costs ``prior_weight``.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass

import highspy
import networkx as nx
import numpy as np

from ._pairs import (
    PairCosts,
    canonical,
    cost_matrix,
    kmeans_labels,
    local_moves,
    merge_groups,
    pair_costs,
    sponge_embedding,
    triangle_packing_bound,
    vector_moves,
)
from ._signed import SignedArrays, SignedGraphError, signed_arrays

__all__ = ["CoalitionResult", "coalitions_exact", "coalitions_heuristic", "partition_criterion"]

_INF = highspy.kHighsInf


@dataclass(frozen=True)
class CoalitionResult:
    """A partition into coalitions and how good it is.

    Attributes
    ----------
    groups : tuple of frozensets
        The groups, largest first (ties: the group holding the earlier node of
        the graph first).
    k : int
        Number of groups.
    criterion : float
        Doreian-Mrvar ``P(C)`` of ``groups``.
    negative_within : float
        Total ``|weight|`` of negative ties inside groups.
    positive_between : float
        Total weight of positive ties between groups.
    penalty : float
        Prior penalty: ``prior_weight`` times the number of declared pairs
        split or rival pairs joined (0 without a penalised prior).
    alpha : float
        The ``alpha`` used.
    lower_bound : float
        Proven lower bound on the best ``criterion + penalty`` under the same
        constraints (fixed or free ``k``).
    gap : float
        ``(criterion + penalty - lower_bound) / (criterion + penalty)``, 0 when
        that is 0.
    is_optimal : bool
        True when the bound meets the value: no partition does better.
    status : str
        ``"optimal"``, ``"time_limit"`` or ``"heuristic"``.
    time_limit : float or None
        The time limit given, in seconds.
    seconds : float
        Wall-clock time spent.
    method : str
        ``"milp"`` or ``"heuristic"``.
    """

    groups: tuple[frozenset, ...]
    k: int
    criterion: float
    negative_within: float
    positive_between: float
    penalty: float
    alpha: float
    lower_bound: float
    gap: float
    is_optimal: bool
    status: str
    time_limit: float | None
    seconds: float
    method: str


# -- input ----------------------------------------------------------------------


def _check(G, k, alpha, weight, weighted) -> SignedArrays:
    arrays = signed_arrays(G, weight, weighted)
    if not 0.0 <= float(alpha) <= 1.0:
        raise ValueError(f"The 'alpha' parameter must be a number in [0, 1]. Got {alpha!r} instead.")
    if k is not None:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"The 'k' parameter must be a positive int or None. Got {k!r} instead.")
        if k > max(arrays.n, 1):
            raise ValueError(
                f"The 'k' parameter must be at most the number of nodes ({arrays.n}) so that "
                f"every group is non-empty. Got {k!r} instead."
            )
    return arrays


def _prior_label(arrays: SignedArrays, prior) -> np.ndarray | None:
    """Declared coalition index per node, -1 for undeclared nodes."""
    if prior is None:
        return None
    label = np.full(arrays.n, -1, dtype=np.int64)
    for g, members in enumerate(prior):
        for node in members:
            if node not in arrays.index:
                raise SignedGraphError(
                    f"declared coalition {g} names {node!r}, which is not a node of the graph"
                )
            if label[arrays.index[node]] >= 0:
                raise SignedGraphError(
                    f"{node!r} is declared in coalitions {label[arrays.index[node]]} and {g}; "
                    "a prior must give each node at most one coalition"
                )
            label[arrays.index[node]] = g
    return label


def partition_criterion(G, groups, *, alpha=0.5, weight="weight", weighted=True) -> float:
    """Doreian-Mrvar criterion ``P(C)`` of a partition.

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    groups : iterable of node collections
        The partition. Nodes in no group are each taken as a group of their own.
    alpha : float, optional (default=0.5)
        Weight of negative ties inside groups; ``1 - alpha`` weighs positive
        ties between groups.
    weight : str, optional (default="weight")
        Edge attribute with the signed value.
    weighted : bool, optional (default=True)
        Use ``|weight|``; with False every tie counts 1.

    Returns
    -------
    float

    Examples
    --------
    A triangle of allies ``a, b, c`` and their enemy ``d``, with one alliance
    split across groups:

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("a", "c", 1),
    ...                            ("a", "d", -1), ("c", "d", -1)])
    >>> partition_criterion(G, [{"a", "b", "c"}, {"d"}])
    0.0
    >>> partition_criterion(G, [{"a", "b"}, {"c", "d"}])  # 0.5*1 (cd) + 0.5*2 (bc, ac)
    1.5
    """
    arrays = signed_arrays(G, weight, weighted)
    label = _labels_of(arrays, groups)
    return _breakdown(arrays, label, alpha)[0]


def _labels_of(arrays: SignedArrays, groups) -> np.ndarray:
    label = np.full(arrays.n, -1, dtype=np.int64)
    n_groups = 0
    for g, members in enumerate(groups):
        n_groups = g + 1
        for node in members:
            label[arrays.index[node]] = g
    lone = np.nonzero(label < 0)[0]
    label[lone] = n_groups + np.arange(len(lone))
    return label


def _breakdown(arrays: SignedArrays, label: np.ndarray, alpha: float):
    same = label[arrays.u] == label[arrays.v]
    neg_in = float(-arrays.w[same & (arrays.w < 0)].sum())
    pos_out = float(arrays.w[~same & (arrays.w > 0)].sum())
    return alpha * neg_in + (1 - alpha) * pos_out, neg_in, pos_out


def _result(arrays, costs, label, alpha, lower, status, time_limit, t0, method) -> CoalitionResult:
    label = canonical(label)
    criterion, neg_in, pos_out = _breakdown(arrays, label, alpha)
    total = costs.objective(label)
    penalty = max(total - criterion, 0.0)
    lower = min(float(lower), total)
    optimal = total - lower <= 1e-7 * max(1.0, total)
    lower = total if optimal else lower  # drop the solver's floating-point fuzz
    order = {node: i for i, node in enumerate(arrays.nodes)}
    groups = [frozenset(arrays.nodes[i] for i in np.nonzero(label == g)[0])
              for g in range(int(label.max()) + 1 if len(label) else 0)]
    groups.sort(key=lambda s: (-len(s), min(order[x] for x in s)))
    return CoalitionResult(
        groups=tuple(groups), k=len(groups), criterion=criterion, negative_within=neg_in,
        positive_between=pos_out, penalty=penalty, alpha=float(alpha), lower_bound=lower,
        gap=0.0 if total <= 0 else (total - lower) / total, is_optimal=optimal,
        status="optimal" if optimal else status, time_limit=time_limit,
        seconds=time.perf_counter() - t0, method=method,
    )


# -- heuristic ------------------------------------------------------------------


def _improve(costs, C, nbrs, label, k, rng, deadline):
    """Local search: synchronous sweeps, then (on graphs small enough for pure
    Python) one-node-at-a-time relocation; merges between rounds for free k."""
    label = vector_moves(costs, C, label, k, rng, deadline=deadline)
    for _ in range(5):
        before = costs.objective(label)
        if k is None:
            label = merge_groups(costs, C, label)
        if nbrs is not None:
            label = local_moves(costs, nbrs, label, k, deadline=deadline)
        if costs.objective(label) >= before - 1e-12 or time.perf_counter() > deadline:
            break
    return label


def _heuristic_labels(arrays, costs: PairCosts, k, prior_label, *, n_starts, rng, deadline):
    n = arrays.n
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if k == 1:
        return np.zeros(n, dtype=np.int64)
    C = cost_matrix(costs)
    nbrs = costs.adjacency() if len(costs.a) <= 100_000 else None
    ks = [k] if k is not None else sorted({min(n, c) for c in (2, 3, 4, 5, 6, 8)})
    embedding = sponge_embedding(arrays, max(ks)) if arrays.m else None
    starts = []
    if prior_label is not None and (prior_label >= 0).any():
        start = prior_label.copy()
        free = np.nonzero(start < 0)[0]
        start[free] = start.max() + 1 + np.arange(len(free))
        starts.append(_fit_k(start, k))
    for i in range(max(1, n_starts)):
        kk = ks[i % len(ks)]
        if embedding is not None:
            starts.append(_fit_k(kmeans_labels(embedding[:, :kk], kk, rng), k))
        else:
            starts.append(_fit_k(rng.integers(0, kk, n), k))
    best, best_value = None, math.inf

    def consider(label):
        nonlocal best, best_value
        if k is not None and len(np.unique(label)) != k:
            return  # defensive: a start that lost a group is not a k-partition
        value = costs.objective(label)
        if value < best_value - 1e-12:
            best, best_value = label, value

    free_best = None
    for start in starts:
        if time.perf_counter() > deadline and best is not None:
            break
        consider(_improve(costs, C, nbrs, start, k, rng, deadline))
        if k is not None and time.perf_counter() < deadline:
            # the same start with the number of groups left free, folded back to k
            free = _improve(costs, C, nbrs, start, None, rng, deadline)
            if free_best is None or costs.objective(free) < costs.objective(free_best):
                free_best = free
    if free_best is not None:
        folded = _fit_k(merge_groups(costs, C, free_best, k=k), k)
        consider(_improve(costs, C, nbrs, folded, k, rng, deadline))
    if best is None:  # every start was rejected: any valid k-partition will do
        best = _fit_k(np.zeros(n, dtype=np.int64), k)
    return best


def _fit_k(label: np.ndarray, k) -> np.ndarray:
    """Make a start have exactly ``k`` non-empty groups (free ``k``: unchanged)."""
    label = canonical(label)
    if k is None:
        return label
    label = label.copy()
    n_groups = int(label.max()) + 1
    while n_groups > k:  # fold the last group into group 0
        label[label == n_groups - 1] = 0
        n_groups -= 1
    sizes = np.bincount(label, minlength=k)
    for g in range(n_groups, k):  # open missing groups with nodes of the largest group
        big = int(np.argmax(sizes))
        node = int(np.nonzero(label == big)[0][-1])
        label[node] = g
        sizes[big] -= 1
        sizes[g] += 1
    return label


def coalitions_heuristic(G, k=None, *, alpha=0.5, weight="weight", weighted=True, prior=None,
                         prior_weight=0.0, n_starts=8, seed=None, time_limit=None,
                         bound_time=1.0) -> CoalitionResult:
    """Fast coalition partition with a quality report, for large graphs.

    Starts come from the SPONGE embedding (Cucuringu et al. 2019): the bottom
    generalised eigenvectors of ``(L+ + D-, L- + D+)`` clustered by k-means,
    plus the declared coalitions when a ``prior`` is given. Each start is
    improved by Doreian-Mrvar relocation (move one node to the group that
    lowers the criterion most) and, for free ``k``, by opening new groups and
    merging groups, until no move pays. The lower bound packs triangles with
    one negative tie, each of which costs something in every partition.

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    k : int or None, optional (default=None)
        Number of non-empty groups; None lets the number float (correlation
        clustering).
    alpha : float, optional (default=0.5)
        Weight of negative ties inside groups (``1 - alpha`` for positive ties
        between groups).
    weight : str, optional (default="weight")
        Edge attribute with the signed value.
    weighted : bool, optional (default=True)
        Use ``|weight|``; with False every tie counts 1.
    prior : iterable of node collections, optional
        Declared coalitions, used as a start.
    prior_weight : float, optional (default=0.0)
        Cost of each declared pair split and each pair of rival declared
        coalitions joined; 0 uses the prior only as a start.
    n_starts : int, optional (default=8)
        Number of spectral starts (k-means seeds; for free k, cycling k0 over
        2, 3, 4, 5, 6, 8).
    seed : int, numpy Generator or None, optional
        Randomness of k-means.
    time_limit : float or None, optional
        Seconds after which no new start is begun.
    bound_time : float, optional (default=1.0)
        Seconds allowed for the lower-bound packing.

    Returns
    -------
    CoalitionResult
        With ``method="heuristic"``.

    References
    ----------
    .. [1] P. Doreian, A. Mrvar, "A partitioning approach to structural
       balance", Social Networks 18 (1996) 149-168.
    .. [2] M. Cucuringu, P. Davies, A. Glielmo, H. Tyagi, "SPONGE: a
       generalized eigenproblem for clustering signed networks", AISTATS 2019.

    Examples
    --------
    Two camps, allied inside and hostile across:

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1), ("c", "d", 1), ("a", "c", -1),
    ...                            ("b", "d", -1)])
    >>> r = coalitions_heuristic(G, seed=0)
    >>> sorted(sorted(g) for g in r.groups), r.criterion, r.is_optimal
    ([['a', 'b'], ['c', 'd']], 0.0, True)
    """
    t0 = time.perf_counter()
    arrays = _check(G, k, alpha, weight, weighted)
    prior_label = _prior_label(arrays, prior)
    costs = pair_costs(arrays, alpha, prior_label, prior_weight)
    deadline = t0 + time_limit if time_limit is not None else math.inf
    rng = np.random.default_rng(seed)
    label = _heuristic_labels(arrays, costs, k, prior_label, n_starts=n_starts, rng=rng,
                              deadline=deadline)
    lower = triangle_packing_bound(costs, deadline=time.perf_counter() + bound_time)
    return _result(arrays, costs, label, alpha, lower, "heuristic", time_limit, t0, "heuristic")


# -- exact ------------------------------------------------------------------------


def _new_highs(threads=None):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    return h


def _add_row(h, lower, upper, cols, vals):
    h.addRow(lower, upper, len(cols), np.asarray(cols, np.int32), np.asarray(vals, float))


def _exact_fixed_k(costs: PairCosts, k: int, start: np.ndarray, deadline: float):
    """Assignment MILP for exactly ``k`` non-empty groups."""
    n = costs.n
    degree = np.bincount(np.concatenate([costs.a, costs.b]), minlength=n)
    order = np.argsort(-degree, kind="stable")  # symmetry breaking in this node order
    h = _new_highs()
    y = lambda v, c: v * k + c
    n_y = n * k
    cut_p = np.nonzero(costs.cut > 0)[0]
    join_p = np.nonzero(costs.join > 0)[0]
    n_cols = n_y + len(cut_p) + len(join_p)
    h.addVars(n_cols, np.zeros(n_cols), np.ones(n_cols))
    h.changeColsCost(n_cols, np.arange(n_cols, dtype=np.int32),
                     np.concatenate([np.zeros(n_y), costs.cut[cut_p], costs.join[join_p]]))
    h.changeColsIntegrality(n_y, np.arange(n_y, dtype=np.int32),
                            np.full(n_y, highspy.HighsVarType.kInteger, np.uint8))
    for v in range(n):
        _add_row(h, 1.0, 1.0, [y(v, c) for c in range(k)], [1.0] * k)
    for c in range(k):
        _add_row(h, 1.0, _INF, [y(v, c) for v in range(n)], [1.0] * n)
    for i, p in enumerate(cut_p):  # d_p >= y_ac - y_bc for every group c
        a, b = int(costs.a[p]), int(costs.b[p])
        for c in range(k):
            _add_row(h, 0.0, _INF, [n_y + i, y(a, c), y(b, c)], [1.0, -1.0, 1.0])
    base = n_y + len(cut_p)
    for i, p in enumerate(join_p):  # s_p >= y_ac + y_bc - 1 for every group c
        a, b = int(costs.a[p]), int(costs.b[p])
        for c in range(k):
            _add_row(h, -1.0, _INF, [base + i, y(a, c), y(b, c)], [1.0, -1.0, -1.0])
    # groups are numbered by their first member in `order`: the i-th node can
    # only be in group c <= i, and only if an earlier node is in group c - 1
    for i, v in enumerate(order.tolist()):
        for c in range(i + 1, k):
            h.changeColBounds(y(v, c), 0.0, 0.0)
        for c in range(1, min(i, k - 1) + 1):
            earlier = order[:i].tolist()
            _add_row(h, 0.0, _INF, [y(u, c - 1) for u in earlier] + [y(v, c)],
                     [1.0] * len(earlier) + [-1.0])
    if start is not None:
        relabel = canonical(start[order])  # first appearance in `order`
        lab = np.empty(n, dtype=np.int64)
        lab[order] = relabel
        sol = np.zeros(n_cols)
        sol[np.arange(n) * k + lab] = 1.0
        same = lab[costs.a] == lab[costs.b]
        sol[n_y:base] = (~same[cut_p]).astype(float)
        sol[base:] = same[join_p].astype(float)
        h.setSolution(n_cols, np.arange(n_cols, dtype=np.int32), sol)
    h.setOptionValue("time_limit", max(deadline - time.perf_counter(), 0.01))
    h.run()
    info = h.getInfo()
    label = None
    if info.primal_solution_status == highspy.kSolutionStatusFeasible:
        Y = np.asarray(h.getSolution().col_value)[:n_y].reshape(n, k)
        label = Y.argmax(axis=1)
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    lower = info.mip_dual_bound if math.isfinite(info.mip_dual_bound) else 0.0
    return label, lower, optimal


def _exact_free_k(costs: PairCosts, start: np.ndarray, deadline: float):
    """Multicut MILP: a binary 'split' per pair, cycle inequalities added lazily.

    A 0/1 labelling of the pairs comes from a partition exactly when no cycle
    has a single split pair (Chopra & Rao 1993). Triangle inequalities are in
    the model from the start; after each solve, every split pair whose ends are
    joined by a path of unsplit pairs gets the inequality of that cycle, and the
    model is solved again, until the solution is a partition. Each solve is a
    relaxation, so its dual bound is a valid lower bound.
    """
    n, m = costs.n, len(costs.a)
    h = _new_highs()
    h.addVars(m, np.zeros(m), np.ones(m))
    h.changeColsCost(m, np.arange(m, dtype=np.int32), costs.cut - costs.join)
    h.changeObjectiveOffset(float(costs.join.sum()))
    h.changeColsIntegrality(m, np.arange(m, dtype=np.int32),
                            np.full(m, highspy.HighsVarType.kInteger, np.uint8))
    key = {(int(a), int(b)): p for p, (a, b) in enumerate(zip(costs.a, costs.b))}
    adj = [set() for _ in range(n)]
    for a, b in key:
        adj[a].add(b)
        adj[b].add(a)
    for (a, b), p in key.items():
        for c in adj[a] & adj[b]:
            if c > b:
                q, r = key[(a, c)], key[(b, c)]
                for x, y, z in ((p, q, r), (q, p, r), (r, p, q)):  # x <= y + z
                    _add_row(h, 0.0, _INF, [y, z, x], [1.0, 1.0, -1.0])
    best_label, best_value = start, costs.objective(start)
    lower = 0.0
    while time.perf_counter() < deadline:
        same = best_label[costs.a] == best_label[costs.b]
        h.setSolution(m, np.arange(m, dtype=np.int32), (~same).astype(float))
        h.setOptionValue("time_limit", max(deadline - time.perf_counter(), 0.01))
        h.run()
        info = h.getInfo()
        optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        if math.isfinite(info.mip_dual_bound):
            lower = max(lower, info.mip_dual_bound)
        if info.primal_solution_status != highspy.kSolutionStatusFeasible:
            break
        split = np.asarray(h.getSolution().col_value) > 0.5
        label, violated = _components_and_violations(n, costs, split, adj, key)
        value = costs.objective(label)
        if value < best_value - 1e-12:
            best_label, best_value = label, value
        if not violated:
            return best_label, (best_value if optimal else lower), optimal
        for cols in violated:
            _add_row(h, 0.0, _INF, cols[1:] + [cols[0]], [1.0] * (len(cols) - 1) + [-1.0])
        if not optimal:
            break
    return best_label, lower, False


def _components_and_violations(n, costs, split, adj, key):
    """Groups = components of unsplit pairs; cycles with a lone split pair."""
    H = nx.Graph()
    H.add_nodes_from(range(n))
    H.add_edges_from((int(costs.a[p]), int(costs.b[p])) for p in np.nonzero(~split)[0])
    label = np.empty(n, dtype=np.int64)
    for g, comp in enumerate(nx.connected_components(H)):
        label[list(comp)] = g
    violated = []
    for p in np.nonzero(split)[0]:
        a, b = int(costs.a[p]), int(costs.b[p])
        if label[a] == label[b]:
            path = nx.shortest_path(H, a, b)
            cols = [int(p)] + [key[(min(x, y), max(x, y))] for x, y in itertools.pairwise(path)]
            violated.append(cols)
    return label, violated


def coalitions_exact(G, k=None, *, alpha=0.5, weight="weight", weighted=True, prior=None,
                     prior_weight=0.0, time_limit=None, seed=None) -> CoalitionResult:
    """Optimal coalition partition under the Doreian-Mrvar criterion, with proof.

    Fixed ``k``: an assignment MILP (a binary per node and group, exactly
    ``k`` non-empty groups) with the label symmetry removed by numbering
    groups in order of their first member (nodes taken by decreasing degree).
    Free ``k``: a multicut MILP over the tied pairs with triangle inequalities
    up front and the other cycle inequalities added lazily (solve, find cycles
    with one split pair, add them, solve again). Both are warm-started from
    :func:`coalitions_heuristic`. Meant for small graphs: a few hundred nodes
    with free ``k``; fewer with fixed ``k``, whose LP relaxation is weak.

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    k : int or None, optional (default=None)
        Number of non-empty groups; None lets the number float.
    alpha : float, optional (default=0.5)
        Weight of negative ties inside groups (``1 - alpha`` for positive ties
        between groups).
    weight : str, optional (default="weight")
        Edge attribute with the signed value.
    weighted : bool, optional (default=True)
        Use ``|weight|``; with False every tie counts 1.
    prior : iterable of node collections, optional
        Declared coalitions: a warm start, and penalised when ``prior_weight > 0``.
    prior_weight : float, optional (default=0.0)
        Cost of each declared pair split and each rival declared pair joined.
    time_limit : float or None, optional
        Seconds; when reached the best partition is returned with its gap.
    seed : int, numpy Generator or None, optional
        Randomness of the warm start.

    Returns
    -------
    CoalitionResult
        With ``method="milp"``. With free ``k`` nodes with no tie to anyone
        form groups of their own (joining them to any group costs nothing).

    References
    ----------
    .. [1] P. Doreian, A. Mrvar, "Partitioning signed social networks", Social
       Networks 31 (2009) 1-11.
    .. [2] S. Chopra, M. R. Rao, "The partition problem", Mathematical
       Programming 59 (1993) 87-115.

    Examples
    --------
    A triangle of mutual enemies splits into three groups at no cost:

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", -1), ("b", "c", -1), ("a", "c", -1)])
    >>> r = coalitions_exact(G)
    >>> r.k, r.criterion, r.is_optimal
    (3, 0.0, True)
    >>> coalitions_exact(G, 2).criterion  # two groups: one pair of enemies shares one
    0.5
    """
    t0 = time.perf_counter()
    arrays = _check(G, k, alpha, weight, weighted)
    prior_label = _prior_label(arrays, prior)
    costs = pair_costs(arrays, alpha, prior_label, prior_weight)
    deadline = t0 + time_limit if time_limit is not None else math.inf
    rng = np.random.default_rng(seed)
    start = _heuristic_labels(arrays, costs, k, prior_label, n_starts=4, rng=rng,
                              deadline=deadline)
    if arrays.n == 0 or k == 1 or len(costs.a) == 0:
        # a single possible partition, or none that costs anything
        return _result(arrays, costs, start, alpha, costs.objective(start), "optimal",
                       time_limit, t0, "milp")
    if k is None:
        label, lower, _ = _exact_free_k(costs, start, deadline)
    else:
        label, lower, _ = _exact_fixed_k(costs, k, start, deadline)
        valid_start = start is not None and len(np.unique(start)) == k
        if label is None or (valid_start and costs.objective(label) > costs.objective(start)):
            label = start
    return _result(arrays, costs, label, alpha, lower, "time_limit", time_limit, t0, "milp")
