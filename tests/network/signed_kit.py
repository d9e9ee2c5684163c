"""Test kit for the signed-network tests: the shared data, brute-force oracles, strategies.

The brute-force oracles enumerate every bipartition or every set partition, so they are
exact by construction and independent of the MILP code they check. Keep them for graphs of
at most ~16 nodes (bipartitions) or ~8 nodes (set partitions).
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import networkx as nx

import numpy as np
from hypothesis import strategies as st

from faultlines.ingest.pajek import read_pajek  # noqa: F401  (re-exported for the tests)
from faultlines.network.synthetic import adjusted_rand_index, signed_sbm  # noqa: F401

REPO = Path(__file__).resolve().parents[2]
SIGNED = REPO.parent / "shared" / "data" / "signed"


# -- shared data --------------------------------------------------------------------------


def highland_tribes() -> nx.Graph:
    G = nx.Graph()
    with open(SIGNED / "highland_tribes.csv", newline="") as f:
        for row in csv.DictReader(f):
            G.add_edge(row["source"], row["target"], weight=int(row["sign"]))
    return G


def hage_harary_partition() -> list[set]:
    groups: dict = {}
    with open(SIGNED / "highland_tribes_partition.csv", newline="") as f:
        for row in csv.DictReader(f):
            groups.setdefault(row["group"], set()).add(row["tribe"])
    return [groups[g] for g in sorted(groups)]


def cow_windows() -> dict[str, nx.Graph]:
    windows: dict = {}
    with open(SIGNED / "cow_signed_networks.csv", newline="") as f:
        for row in csv.DictReader(f):
            G = windows.setdefault(row["window"], nx.Graph())
            G.add_edge(row["source"], row["target"], weight=int(row["sign"]))
    return windows


def doreian_mrvar_files() -> list[Path]:
    return sorted((SIGNED / "doreian_mrvar").glob("*.NET"))


# -- brute-force oracles ------------------------------------------------------------------


def _edge_arrays(G, weighted):
    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    u, v, w = [], [], []
    for a, b, x in G.edges(data="weight"):
        if x:
            u.append(index[a])
            v.append(index[b])
            w.append(x if weighted else np.sign(x))
    return nodes, np.array(u, dtype=int), np.array(v, dtype=int), np.array(w, dtype=float)


def all_bipartitions_cost(G, *, weighted=False):
    """Cost of every bipartition (node 0 fixed on side 0): (sides matrix, costs, edge mask)."""
    nodes, u, v, w = _edge_arrays(G, weighted)
    n = len(nodes)
    if n == 0:
        return np.zeros((1, 0), dtype=int), np.zeros(1), np.zeros((1, 0), dtype=bool)
    codes = np.arange(2 ** (n - 1))
    sides = (codes[:, None] >> np.arange(n - 1)[None, :]) & 1
    sides = np.hstack([np.zeros((len(codes), 1), dtype=int), sides])
    same = sides[:, u] == sides[:, v]
    frustrated = np.where(w > 0, ~same, same)
    return sides, (frustrated * np.abs(w)).sum(axis=1), frustrated


def brute_frustration(G, *, weighted=False) -> float:
    return float(all_bipartitions_cost(G, weighted=weighted)[1].min())


def brute_edge_status(G, *, weighted=False) -> dict:
    """(u, v) -> 'always' | 'sometimes' | 'never' over all optimal bipartitions."""
    nodes, u, v, _ = _edge_arrays(G, weighted)
    _, costs, frustrated = all_bipartitions_cost(G, weighted=weighted)
    best = frustrated[np.isclose(costs, costs.min())]
    out = {}
    for e in range(len(u)):
        a, b = sorted((u[e], v[e]))
        col = best[:, e]
        out[(nodes[a], nodes[b])] = "always" if col.all() else "sometimes" if col.any() else "never"
    return out


def set_partitions(items):
    """Every partition of a list into non-empty blocks."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for smaller in set_partitions(rest):
        for i in range(len(smaller)):
            yield smaller[:i] + [[first] + smaller[i]] + smaller[i + 1:]
        yield [[first]] + smaller


def brute_criterion(G, k=None, *, alpha=0.5, weighted=True) -> float:
    nodes, u, v, w = _edge_arrays(G, weighted)
    best = float("inf")
    for part in set_partitions(list(range(len(nodes)))):
        if k is not None and len(part) != k:
            continue
        label = np.empty(len(nodes), dtype=int)
        for g, block in enumerate(part):
            label[block] = g
        same = label[u] == label[v]
        cost = alpha * -w[same & (w < 0)].sum() + (1 - alpha) * w[~same & (w > 0)].sum()
        best = min(best, cost)
    return best


# -- generators ---------------------------------------------------------------------------


@st.composite
def signed_graphs(draw, min_nodes=1, max_nodes=8, weighted=False):
    """Random small signed graphs; weights are nonzero integers in [-4, 4] when weighted."""
    n = draw(st.integers(min_nodes, max_nodes))
    pairs = list(itertools.combinations(range(n), 2))
    present = draw(st.lists(st.booleans(), min_size=len(pairs), max_size=len(pairs)))
    values = st.sampled_from([-4, -3, -2, -1, 1, 2, 3, 4]) if weighted else st.sampled_from([-1, 1])
    G = nx.Graph()
    G.add_nodes_from(range(n))
    for (a, b), keep in zip(pairs, present):
        if keep:
            G.add_edge(a, b, weight=draw(values))
    return G


def switch(G, nodes) -> nx.Graph:
    """Flip the sign of every edge with exactly one end in ``nodes``."""
    H = G.copy()
    inside = set(nodes)
    for a, b, data in H.edges(data=True):
        if (a in inside) != (b in inside):
            data["weight"] = -data["weight"]
    return H
