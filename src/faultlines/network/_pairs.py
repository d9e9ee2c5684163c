"""Pair costs, local moves and spectral starts for k-group partitions (internal).

A partition problem is stored as pairs ``(a[p], b[p])`` with a cost ``cut[p]``
paid when the two nodes are in different groups and a cost ``join[p]`` paid
when they are in the same group. A positive edge of weight ``w`` gives
``cut = (1 - alpha) w``, a negative edge ``join = alpha |w|``; a declared
coalition adds ``cut = prior_weight`` between its members and ``join =
prior_weight`` between members of different declared coalitions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
from scipy.cluster.vq import kmeans2
from scipy.sparse.linalg import eigsh

from ._signed import SignedArrays


@dataclass
class PairCosts:
    n: int
    a: np.ndarray
    b: np.ndarray
    cut: np.ndarray
    join: np.ndarray

    def objective(self, label: np.ndarray) -> float:
        same = label[self.a] == label[self.b]
        return float(self.join[same].sum() + self.cut[~same].sum())

    def adjacency(self):
        """Per node, Python lists of (neighbour, join - cut)."""
        nbrs = [[] for _ in range(self.n)]
        for a, b, d in zip(self.a.tolist(), self.b.tolist(), (self.join - self.cut).tolist()):
            nbrs[a].append((b, d))
            nbrs[b].append((a, d))
        return nbrs


def pair_costs(arrays: SignedArrays, alpha: float, prior_label: np.ndarray | None,
               prior_weight: float) -> PairCosts:
    """Merge edge costs and prior penalties into one cost per pair."""
    cut: dict = {}
    join: dict = {}
    for a, b, w in zip(arrays.u.tolist(), arrays.v.tolist(), arrays.w.tolist()):
        if w > 0:
            cut[(a, b)] = cut.get((a, b), 0.0) + (1 - alpha) * w
        else:
            join[(a, b)] = join.get((a, b), 0.0) + alpha * -w
    if prior_label is not None and prior_weight > 0:
        declared = np.nonzero(prior_label >= 0)[0].tolist()
        for i, a in enumerate(declared):
            for b in declared[i + 1:]:
                key = (min(a, b), max(a, b))
                target = cut if prior_label[a] == prior_label[b] else join
                target[key] = target.get(key, 0.0) + prior_weight
    keys = sorted(set(cut) | set(join))
    return PairCosts(
        n=arrays.n,
        a=np.array([k[0] for k in keys], dtype=np.int64),
        b=np.array([k[1] for k in keys], dtype=np.int64),
        cut=np.array([cut.get(k, 0.0) for k in keys]),
        join=np.array([join.get(k, 0.0) for k in keys]),
    )


def canonical(label: np.ndarray) -> np.ndarray:
    """Relabel groups 0, 1, ... in order of first appearance."""
    out = np.empty_like(label)
    seen: dict = {}
    for i, g in enumerate(label.tolist()):
        out[i] = seen.setdefault(g, len(seen))
    return out


def local_moves(costs: PairCosts, nbrs, label: np.ndarray, k: int | None, *,
                deadline: float, max_sweeps: int = 50) -> np.ndarray:
    """Relocate single nodes (and, for free k, merge groups) while it pays.

    With fixed ``k`` a node never leaves a group it is alone in, so exactly
    ``k`` groups stay non-empty; with free ``k`` a node may open a new group.
    """
    label = canonical(label).tolist()
    size: dict = {}
    for g in label:
        size[g] = size.get(g, 0) + 1
    next_group = max(label) + 1
    for _ in range(max_sweeps):
        moved = 0
        for v in range(costs.n):
            score: dict = {}
            for u, d in nbrs[v]:
                g = label[u]
                score[g] = score.get(g, 0.0) + d
            here = label[v]
            if k is not None and size[here] == 1:
                continue
            best_g, best = here, score.get(here, 0.0)
            for g, s in score.items():
                if s < best - 1e-12:
                    best_g, best = g, s
            if k is None and 0.0 < best - 1e-12 and size[here] > 1:
                best_g, best = next_group, 0.0  # alone is better than anywhere
            if best_g != here:
                if best_g == next_group:
                    next_group += 1
                size[here] -= 1
                size[best_g] = size.get(best_g, 0) + 1
                label[v] = best_g
                moved += 1
        if k is None:
            moved += _merge_groups(costs, label)
        if not moved or time.perf_counter() > deadline:
            break
    return canonical(np.asarray(label))


def _merge_groups(costs: PairCosts, label: list) -> int:
    """Merge the pair of groups whose union lowers the cost most, repeatedly."""
    merged = 0
    lab = np.asarray(label)
    while True:
        ga, gb = lab[costs.a], lab[costs.b]
        between = ga != gb
        if not between.any():
            return merged
        lo, hi = np.minimum(ga, gb)[between], np.maximum(ga, gb)[between]
        d = (costs.join - costs.cut)[between]
        keys, inv = np.unique(np.column_stack([lo, hi]), axis=0, return_inverse=True)
        gain = np.bincount(inv.ravel(), weights=d, minlength=len(keys))
        i = int(np.argmin(gain))
        if gain[i] >= -1e-12:
            return merged
        lab[lab == keys[i, 1]] = keys[i, 0]
        merged += 1
        label[:] = lab.tolist()


def sponge_embedding(arrays: SignedArrays, dim: int, tau: float = 1.0) -> np.ndarray:
    """SPONGE embedding: bottom generalised eigenvectors of a signed pencil.

    Solves ``(L+ + tau D-) v = lambda (L- + tau D+) v`` for the ``dim``
    smallest ``lambda`` (Cucuringu et al. 2019): groups should have few
    positive ties leaving them (small ``L+`` term) and many negative ties
    leaving them (large ``L-`` term). A small ridge keeps both sides definite.
    """
    n = arrays.n
    pos, neg = arrays.w > 0, arrays.w < 0

    def sym(mask):
        a, b, w = arrays.u[mask], arrays.v[mask], np.abs(arrays.w[mask])
        M = sp.csr_matrix((np.concatenate([w, w]), (np.concatenate([a, b]), np.concatenate([b, a]))),
                          shape=(n, n))
        return M, np.asarray(M.sum(axis=1)).ravel()

    Ap, dp = sym(pos)
    An, dn = sym(neg)
    ridge = 1e-3 * max(1.0, float(np.abs(arrays.w).mean()) if arrays.m else 1.0)
    left = (sp.diags(dp + tau * dn + ridge) - Ap).tocsc()
    right = (sp.diags(dn + tau * dp + ridge) - An).tocsc()
    dim = max(1, min(dim, n - 1))
    if n <= 300:
        _, vecs = sla.eigh(left.toarray(), right.toarray(), subset_by_index=[0, dim - 1])
        return vecs
    try:
        _, vecs = eigsh(left, k=dim, M=right, sigma=0.0, which="LM")
        return vecs
    except Exception:  # noqa: BLE001 - ARPACK did not converge: random embedding
        return np.random.default_rng(0).standard_normal((n, dim))


def kmeans_labels(X: np.ndarray, k: int, rng) -> np.ndarray:
    if k <= 1 or len(X) <= k:
        return np.arange(len(X)) % max(k, 1)
    Xn = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
    _, label = kmeans2(Xn, k, minit="++", seed=rng)
    return label


def triangle_packing_bound(costs: PairCosts) -> float:
    """Lower bound for any partition, from triangles with one 'join' pair.

    A triangle whose pairs are ``uv`` with a join cost and ``uw``, ``vw`` with
    cut costs must pay one of them in every partition (all together pays
    ``join``; otherwise a cut pair is split). Packing such triangles with
    shares capped by the remaining costs bounds every partition from below.
    """
    key = {}
    adj = [set() for _ in range(costs.n)]
    for p, (a, b) in enumerate(zip(costs.a.tolist(), costs.b.tolist())):
        key[(a, b)] = p
        adj[a].add(b)
        adj[b].add(a)
    residual_cut = costs.cut.copy()
    residual_join = costs.join.copy()
    bound = 0.0
    for (a, b), p in key.items():
        if residual_join[p] <= 0:
            continue
        for c in adj[a] & adj[b]:
            q, r = key[(min(a, c), max(a, c))], key[(min(b, c), max(b, c))]
            delta = min(residual_join[p], residual_cut[q], residual_cut[r])
            if delta > 0:
                residual_join[p] -= delta
                residual_cut[q] -= delta
                residual_cut[r] -= delta
                bound += delta
            if residual_join[p] <= 0:
                break
    return bound

