"""Degree-of-balance measures of a signed network.

A cycle is *balanced* when it has an even number of negative edges ("the
enemy of my enemy is my friend"); a signed graph is balanced when all its
cycles are (Cartwright & Harary 1956). The measures here say how close a graph
is to that state, globally and per node:

* :func:`triangle_balance` - the share of triangles that are balanced;
* :func:`triangle_census` - triangles counted by their number of negative edges;
* :func:`walk_balance` - Estrada & Benzi's walk-based degree of balance, which
  weighs closed walks of every length;
* :func:`local_balance` - either measure restricted to the cycles through a node.

Edges carry a signed number under the attribute ``weight``: its sign is the
sign of the tie, its absolute value the strength. Edges with value ``0`` are
neutral and ignored. For the frustration index see
:mod:`faultlines.network.frustration`.
"""

from __future__ import annotations

import math

import numpy as np

from ._milp import _triangles
from ._signed import SignedArrays, signed_arrays

__all__ = ["local_balance", "triangle_balance", "triangle_census", "walk_balance"]


def _triangle_table(arrays: SignedArrays, weighted: bool):
    """Triangles as edge ids, whether each is balanced, and each one's weight."""
    tri = _triangles(arrays)
    n_neg = (arrays.w[tri] < 0).sum(axis=1) if len(tri) else np.zeros(0, dtype=np.int64)
    balanced = n_neg % 2 == 0
    if weighted and len(tri):
        # Onnela et al. (2005) intensity: the geometric mean of the |weights|
        strength = np.cbrt(np.abs(arrays.w[tri]).prod(axis=1))
    else:
        strength = np.ones(len(tri))
    return tri, n_neg, balanced, strength


def triangle_census(G, *, weight="weight") -> dict[int, int]:
    """Count triangles by their number of negative edges.

    Triangles with 0 or 2 negative edges are balanced; 1 or 3, unbalanced.

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    weight : str, optional (default="weight")
        Edge attribute with the signed value.

    Returns
    -------
    dict
        ``{0: n, 1: n, 2: n, 3: n}``, keyed by the number of negative edges.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.complete_graph(4)
    >>> nx.set_edge_attributes(G, 1, "weight")
    >>> G[0][1]["weight"] = -1  # in triangles 012 and 013
    >>> triangle_census(G)
    {0: 2, 1: 2, 2: 0, 3: 0}
    """
    _, n_neg, _, _ = _triangle_table(signed_arrays(G, weight, False), False)
    counts = np.bincount(n_neg, minlength=4)
    return {k: int(counts[k]) for k in range(4)}


def triangle_balance(G, *, weight="weight", weighted=False) -> float:
    """The share of triangles that are balanced.

    .. math::

        T(G) = \\frac{\\sum_{t \\text{ balanced}} s_t}{\\sum_t s_t},

    where a triangle is balanced when it has an even number of negative edges
    and ``s_t = 1`` (unweighted) or, weighted, the intensity
    ``s_t = (|w_{ij}| |w_{jk}| |w_{ik}|)^{1/3}`` (Onnela et al. 2005, as in
    :func:`networkx.clustering`).

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    weight : str, optional (default="weight")
        Edge attribute with the signed value.
    weighted : bool, optional (default=False)
        Weigh each triangle by its intensity.

    Returns
    -------
    float
        In ``[0, 1]``; 1.0 for a balanced graph, ``nan`` when ``G`` has no
        triangle.

    References
    ----------
    .. [1] D. Cartwright, F. Harary, "Structural balance: a generalization of
       Heider's theory", Psychological Review 63 (1956) 277-293.
    .. [2] J.-P. Onnela, J. Saramaki, J. Kertesz, K. Kaski, "Intensity and
       coherence of motifs in weighted complex networks", Phys. Rev. E 71
       (2005) 065103.

    Examples
    --------
    In a 4-clique with one negative edge, two of the four triangles hold it:

    >>> import networkx as nx
    >>> G = nx.complete_graph(4)
    >>> nx.set_edge_attributes(G, 1, "weight")
    >>> G[0][1]["weight"] = -1
    >>> triangle_balance(G)
    0.5
    """
    _, _, balanced, strength = _triangle_table(signed_arrays(G, weight, weighted), weighted)
    total = strength.sum()
    return float(strength[balanced].sum() / total) if total > 0 else math.nan


def _adjacency(arrays: SignedArrays) -> np.ndarray:
    A = np.zeros((arrays.n, arrays.n))
    A[arrays.u, arrays.v] = arrays.w
    A[arrays.v, arrays.u] = arrays.w
    return A


def walk_balance(G, *, weight="weight", weighted=False, beta=1.0) -> float:
    """Estrada & Benzi's walk-based degree of balance.

    Closed walks of length ``k`` are counted with weight ``beta^k / k!``; a
    walk is balanced when it uses an even number of negative edges. The degree
    of balance is

    .. math::

        K(G) = \\frac{\\operatorname{tr} e^{\\beta A}}{\\operatorname{tr} e^{\\beta |A|}}
             = \\frac{\\sum_k e^{\\beta \\lambda_k(A)}}{\\sum_k e^{\\beta \\lambda_k(|A|)}},

    where ``A`` is the signed adjacency matrix and ``|A|`` its entry-wise
    absolute value. ``K = 1`` exactly when ``G`` is balanced (then ``A`` and
    ``|A|`` are similar by a switching); smaller values mean less balance.

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    weight : str, optional (default="weight")
        Edge attribute with the signed value.
    weighted : bool, optional (default=False)
        Use the signed weights in ``A`` instead of ``+1``/``-1``.
    beta : float, optional (default=1.0)
        Inverse temperature: larger values weigh long walks more.

    Returns
    -------
    float
        In ``(0, 1]``; 1.0 for a graph without edges.

    Notes
    -----
    Uses a dense eigendecomposition, O(n^3) time and O(n^2) memory: a few
    thousand nodes at most. Sums are taken in log space, so large graphs do
    not overflow.

    References
    ----------
    .. [1] E. Estrada, M. Benzi, "Walk-based measure of balance in signed
       networks: detecting lack of balance in social networks", Phys. Rev. E
       90 (2014) 042802.

    Examples
    --------
    A balanced graph (a triangle with two negative edges) has degree 1:

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1), ("b", "c", -1), ("a", "c", -1)])
    >>> round(walk_balance(G), 9)
    1.0
    """
    arrays = signed_arrays(G, weight, weighted)
    if arrays.m == 0:
        return 1.0
    A = _adjacency(arrays)
    lam = np.linalg.eigvalsh(beta * A)
    mu = np.linalg.eigvalsh(beta * np.abs(A))
    return float(math.exp(_logsumexp(lam) - _logsumexp(mu)))


def _logsumexp(x: np.ndarray) -> float:
    top = float(x.max())
    return top + math.log(float(np.exp(x - top).sum()))


def local_balance(G, nodes=None, *, weight="weight", weighted=False, method="triangles",
                  beta=1.0) -> dict:
    """Balance of the cycles through each node.

    ``method="triangles"``: the (intensity-weighted, if ``weighted``) share of
    the triangles through the node that are balanced, ``nan`` for a node in no
    triangle. ``method="walks"``: Estrada & Benzi's node measure, the ratio of
    diagonal entries ``(e^{beta A})_{ii} / (e^{beta |A|})_{ii}``, the share of
    the node's weighted closed walks that are balanced (1.0 for an isolated node).

    Parameters
    ----------
    G : networkx.Graph
        Signed graph; the sign of edge attribute ``weight`` is the tie's sign.
    nodes : iterable of nodes, optional
        The nodes to report; all nodes by default.
    weight : str, optional (default="weight")
        Edge attribute with the signed value.
    weighted : bool, optional (default=False)
        Use edge weights, not only signs.
    method : {"triangles", "walks"}, optional (default="triangles")
        Which cycles count.
    beta : float, optional (default=1.0)
        Inverse temperature for ``method="walks"``.

    Returns
    -------
    dict
        Node -> value in ``[0, 1]`` (or ``nan``, see above).

    Examples
    --------
    Node ``d`` hangs off the unbalanced triangle ``abc`` and is in no triangle:

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("a", "c", -1),
    ...                            ("c", "d", 1)])
    >>> local_balance(G)
    {'a': 0.0, 'b': 0.0, 'c': 0.0, 'd': nan}
    """
    arrays = signed_arrays(G, weight, weighted)
    wanted = list(G.nodes) if nodes is None else list(nodes)
    if method == "triangles":
        values = _local_triangles(arrays, weighted)
    elif method == "walks":
        values = _local_walks(arrays, beta)
    else:
        raise ValueError(
            f"The 'method' parameter of local_balance must be 'triangles' or 'walks'. "
            f"Got {method!r} instead."
        )
    return {node: float(values[arrays.index[node]]) for node in wanted}


def _local_triangles(arrays: SignedArrays, weighted: bool) -> np.ndarray:
    tri, _, balanced, strength = _triangle_table(arrays, weighted)
    total = np.zeros(arrays.n)
    good = np.zeros(arrays.n)
    if len(tri):
        a, b = arrays.u[tri[:, 0]], arrays.v[tri[:, 0]]
        # the third corner is the end of the second edge that is not a or b
        e2u, e2v = arrays.u[tri[:, 1]], arrays.v[tri[:, 1]]
        c = np.where((e2u != a) & (e2u != b), e2u, e2v)
        for corner in (a, b, c):
            np.add.at(total, corner, strength)
            np.add.at(good, corner, np.where(balanced, strength, 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, good / np.where(total > 0, total, 1.0), np.nan)


def _local_walks(arrays: SignedArrays, beta: float) -> np.ndarray:
    if arrays.m == 0:
        return np.ones(arrays.n)
    A = _adjacency(arrays)
    lam, V = np.linalg.eigh(beta * A)
    mu, U = np.linalg.eigh(beta * np.abs(A))
    # (e^{bA})_ii = sum_k V_ik^2 e^{lam_k}; shift both by max(mu) >= max(lam)
    top = mu.max()
    num = (V**2) @ np.exp(lam - top)
    den = (U**2) @ np.exp(mu - top)
    return num / den
