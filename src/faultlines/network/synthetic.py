"""Planted coalitions: a signed stochastic block model, and how well a partition recovers it.

>>> G, truth = signed_sbm(200, 4, 0.05, 0.1, seed=1)
>>> G.number_of_nodes(), len(set(truth.tolist()))
(200, 4)
>>> adjusted_rand_index(truth, truth)
1.0
"""

from __future__ import annotations

import networkx as nx
import numpy as np


def signed_sbm(n: int, k: int, p: float, flip: float, *, seed: int | None = None) -> tuple[nx.Graph, np.ndarray]:
    """A signed block model: ``n`` nodes in ``k`` random blocks, each pair tied with probability
    ``p``, positive inside blocks and negative between, each sign flipped with probability ``flip``.

    Returns the graph (edge attribute ``weight`` = ±1; duplicate draws of a pair keep the last)
    and the planted block of each node.
    """
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, k, n)
    m = rng.binomial(n * (n - 1) // 2, p)
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    keep = a != b
    a, b = a[keep], b[keep]
    sign = np.where(truth[a] == truth[b], 1, -1) * np.where(rng.random(len(a)) < flip, -1, 1)
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from(zip(a.tolist(), b.tolist(), sign.tolist()))
    return G, truth


def adjusted_rand_index(a, b) -> float:
    """Hubert & Arabie's adjusted Rand index of two labelings of the same items (1 = identical)."""
    a, b = np.asarray(a), np.asarray(b)
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    table = np.zeros((ai.max() + 1, bi.max() + 1))
    np.add.at(table, (ai, bi), 1)

    def pairs(x):
        return x * (x - 1) / 2

    index = pairs(table).sum()
    rows, cols, total = pairs(table.sum(1)).sum(), pairs(table.sum(0)).sum(), pairs(len(a))
    expected = rows * cols / total
    if (rows + cols) / 2 == expected:
        return 1.0
    return float((index - expected) / ((rows + cols) / 2 - expected))
