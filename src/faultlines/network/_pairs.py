"""Pair costs, local moves and spectral starts for k-group partitions (internal).

A partition problem is stored as pairs ``(a[p], b[p])`` with a cost ``cut[p]``
paid when the two nodes are in different groups and a cost ``join[p]`` paid
when they are in the same group. A positive edge of weight ``w`` gives
``cut = (1 - alpha) w``, a negative edge ``join = alpha |w|``; a declared
coalition adds ``cut = prior_weight`` between its members and ``join =
prior_weight`` between members of different declared coalitions.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
from scipy.cluster.vq import kmeans2
from scipy.sparse.linalg import lobpcg

from ._signed import SignedArrays


@dataclass
class PairCosts:
    n: int
    a: np.ndarray
    b: np.ndarray
    cut: np.ndarray
    join: np.ndarray

    def objective(self, label: np.ndarray) -> float:
        """The cost of a labelling: ``join`` of the pairs together plus ``cut`` of those apart."""
        return self.cut_total + float(self.change[label[self.a] == label[self.b]].sum())

    @cached_property
    def cut_total(self) -> float:
        """The cost when every node is alone."""
        return float(self.cut.sum())

    @cached_property
    def change(self) -> np.ndarray:
        """Per pair, ``join - cut``: the change of cost when its nodes share a group."""
        return self.join - self.cut

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
    a, b, w = arrays.u, arrays.v, arrays.w
    cut = np.where(w > 0, (1 - alpha) * w, 0.0)
    join = np.where(w < 0, alpha * -w, 0.0)
    if prior_label is not None and prior_weight > 0:
        declared = np.nonzero(prior_label >= 0)[0]
        pa, pb = np.triu_indices(len(declared), k=1)
        pa, pb = declared[pa], declared[pb]  # pa < pb: declared is sorted
        same = prior_label[pa] == prior_label[pb]
        a, b = np.concatenate([a, pa]), np.concatenate([b, pb])
        cut = np.concatenate([cut, np.where(same, prior_weight, 0.0)])
        join = np.concatenate([join, np.where(same, 0.0, prior_weight)])
        key, inv = np.unique(a * arrays.n + b, return_inverse=True)
        inv = inv.ravel()
        cut = np.bincount(inv, weights=cut, minlength=len(key))
        join = np.bincount(inv, weights=join, minlength=len(key))
        a, b = key // arrays.n, key % arrays.n
    keep = (cut > 0) | (join > 0)
    return PairCosts(n=arrays.n, a=a[keep].astype(np.int64), b=b[keep].astype(np.int64),
                     cut=cut[keep], join=join[keep])


def canonical(label: np.ndarray) -> np.ndarray:
    """Relabel groups 0, 1, ... in order of first appearance."""
    label = np.asarray(label)
    if not len(label):
        return label.astype(np.int64)
    _, first, inv = np.unique(label, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[inv.ravel()]


def cost_matrix(costs: PairCosts) -> sp.csr_matrix:
    """Symmetric sparse matrix of ``join - cut`` per pair."""
    d = costs.join - costs.cut
    return sp.csr_matrix(
        (np.concatenate([d, d]), (np.concatenate([costs.a, costs.b]),
                                  np.concatenate([costs.b, costs.a]))),
        shape=(costs.n, costs.n),
    )


def _onehot(label: np.ndarray, n_groups: int) -> sp.csr_matrix:
    n = len(label)
    return sp.csr_matrix((np.ones(n), (np.arange(n), label)), shape=(n, n_groups))


def _row_min(S: sp.csr_matrix):
    """Per row the smallest stored value and its column (inf, -1 for empty rows); ties go to
    the first stored entry. Linear: a reduction per row, no sort."""
    n = S.shape[0]
    best, col = np.full(n, np.inf), np.full(n, -1, dtype=np.int64)
    counts = np.diff(S.indptr)
    full = np.nonzero(counts)[0]
    if not len(full):
        return best, col
    best[full] = np.minimum.reduceat(S.data, S.indptr[full])
    hits = np.flatnonzero(S.data == np.repeat(best, counts))
    hit_rows = np.repeat(np.arange(n), counts)[hits]
    first = hits[np.r_[True, hit_rows[1:] != hit_rows[:-1]]]
    col[full] = S.indices[first]
    return best, col


def vector_moves(costs: PairCosts, C, label: np.ndarray, k: int | None, rng, *,
                 deadline: float, max_sweeps: int = 40) -> np.ndarray:
    """Damped synchronous relocation for large graphs.

    Every node that would gain by moving is a candidate; a random fraction of
    them moves at once, and the sweep is kept only if the total cost falls (the
    fraction halves otherwise), so moves of neighbours cannot undo each other.
    """
    if k is None:
        return _free_moves(costs, C, label, rng, deadline=deadline, max_sweeps=max_sweeps)
    return _fixed_k_moves(costs, C, label, k, rng, deadline=deadline, max_sweeps=max_sweeps)


def _group_scores(C: sp.csr_matrix, rows: np.ndarray, label: np.ndarray,
                  n_groups: int) -> np.ndarray:
    """Dense ``(n, n_groups)``: ``S[i, g]`` is the total ``join - cut`` between node ``i`` and the
    members of group ``g``, the change of cost if ``i`` (alone) joined ``g``. ``rows`` is the row
    of each stored entry of ``C``."""
    flat = np.bincount(rows * n_groups + label[C.indices], weights=C.data,
                       minlength=len(label) * n_groups)
    return flat.reshape(len(label), n_groups)


def _moved_scores(C: sp.csr_matrix, S: np.ndarray, moved: np.ndarray, old: np.ndarray,
                  new: np.ndarray) -> np.ndarray:
    """``S`` (a new array) after the nodes ``moved`` went from groups ``old`` to ``new``: only the
    rows of their neighbours change (``C`` is symmetric)."""
    sub = C[moved]
    mover = np.repeat(np.arange(len(moved)), np.diff(sub.indptr))
    n, n_groups = S.shape
    size = n * n_groups
    delta = np.bincount(sub.indices * n_groups + new[mover], weights=sub.data, minlength=size)
    delta -= np.bincount(sub.indices * n_groups + old[mover], weights=sub.data, minlength=size)
    return S + delta.reshape(n, n_groups)


def _fixed_k_moves(costs: PairCosts, C, label: np.ndarray, k: int, rng, *, deadline: float,
                   max_sweeps: int) -> np.ndarray:
    """:func:`vector_moves` for exactly ``k`` groups, on group scores kept up to date by the
    moves (the cost of a labelling is ``sum(cut) + sum_i S[i, label_i] / 2``)."""
    nodes = np.arange(costs.n)
    S = _group_scores(C, np.repeat(nodes, np.diff(C.indptr)), label, k)
    value = costs.cut_total + S[nodes, label].sum() / 2
    frac = 0.5
    for _ in range(max_sweeps):
        if time.perf_counter() > deadline:
            break
        target = S.argmin(axis=1)
        gain = S[nodes, label] - S[nodes, target]
        movers = np.nonzero(gain > 1e-9)[0]
        if not len(movers):
            break
        pick = movers[rng.random(len(movers)) < frac]
        if not len(pick):
            pick = movers[[int(np.argmax(gain[movers]))]]
        trial = label.copy()
        trial[pick] = target[pick]
        for g in np.nonzero(np.bincount(trial, minlength=k) == 0)[0]:
            trial[pick[label[pick] == g][:1]] = g  # keep every group non-empty
        moved = np.nonzero(trial != label)[0]
        trial_S = _moved_scores(C, S, moved, label[moved], trial[moved])
        trial_value = costs.cut_total + trial_S[nodes, trial].sum() / 2
        if (np.bincount(trial, minlength=k) > 0).all() and trial_value < value - 1e-12:
            label, S, value, frac = trial, trial_S, trial_value, min(0.5, frac * 1.5)
        else:
            frac /= 2
            if frac < 1e-3:
                break
    return canonical(label)


def _free_moves(costs: PairCosts, C, label: np.ndarray, rng, *, deadline: float,
                max_sweeps: int) -> np.ndarray:
    """:func:`vector_moves` with the number of groups free: a node may also open a group.

    Each node's offer (its score in its own group, the best score on offer and that group) is
    recomputed only for the nodes a kept sweep moved and their neighbours; a rejected sweep
    changes nothing. Group ids stay fixed during the sweeps; a new group takes an id below
    ``2 n`` that no group holds (there are at most ``n`` groups, so one is always free).
    """
    label = canonical(label)
    value = costs.objective(label)
    cur, best, target = _offers(C, label, np.arange(costs.n))
    frac = 0.5
    for _ in range(max_sweeps):
        if time.perf_counter() > deadline:
            break
        movers = np.nonzero(cur - best > 1e-9)[0]
        if not len(movers):
            break
        pick = movers[rng.random(len(movers)) < frac]
        if not len(pick):
            pick = movers[[int(np.argmax((cur - best)[movers]))]]
        trial = label.copy()
        trial[pick] = target[pick]
        fresh = pick[target[pick] < 0]
        trial[fresh] = _unused_ids(label, 2 * costs.n)[:len(fresh)]
        trial_value = costs.objective(trial)
        if trial_value < value - 1e-12:
            label, value, frac = trial, trial_value, min(0.5, frac * 1.5)
            touched = np.unique(np.concatenate([pick, C[pick].indices]))
            cur[touched], best[touched], target[touched] = _offers(C, label, touched)
        else:
            frac /= 2
            if frac < 1e-3:
                break
    return canonical(label)


def _unused_ids(label: np.ndarray, n_ids: int) -> np.ndarray:
    """The ids below ``n_ids`` that no node's group holds, in increasing order."""
    used = np.zeros(n_ids, dtype=bool)
    used[label] = True
    return np.flatnonzero(~used)


def _offers(C: sp.csr_matrix, label: np.ndarray, nodes: np.ndarray):
    """For ``nodes``: the score in their own group, the best score on offer and its group
    (-1: a group of its own, score 0, beats every group on offer)."""
    n_groups = int(label.max()) + 1
    S = (C[nodes] @ _onehot(label, n_groups)).tocsr()
    own = np.asarray(S.multiply(_onehot(label[nodes], n_groups)).sum(axis=1)).ravel()
    best, target = _row_min(S)
    alone = best > 0
    best[alone], target[alone] = 0.0, -1
    return own, best, target


def merge_groups(costs: PairCosts, C, label: np.ndarray, *, k: int | None = None) -> np.ndarray:
    """Merge groups while it pays (free ``k``), or until ``k`` remain (folding).

    When folding, the merge that costs least is made even if it costs something.
    """
    label = canonical(label)
    n_groups = int(label.max()) + 1 if len(label) else 0
    if n_groups <= 1 or (k is not None and n_groups <= k):
        return label
    Y = _onehot(label, n_groups)
    M = (Y.T @ C @ Y).tocsr()  # M[g, h]: change of cost if g and h merge
    if n_groups <= 2000:
        M = np.asarray(M.todense())
        np.fill_diagonal(M, np.inf)
        alive = np.ones(n_groups, dtype=bool)
        parent = np.arange(n_groups)
        while alive.sum() > (k or 1):
            g, h = divmod(int(np.argmin(M)), n_groups)
            if k is None and M[g, h] >= -1e-12:
                break
            M[g, :] += M[h, :]
            M[:, g] += M[:, h]
            M[g, g] = np.inf
            M[h, :] = np.inf
            M[:, h] = np.inf
            alive[h] = False
            parent[parent == h] = g
        return canonical(parent[label])
    # many groups (large free-k runs): merge disjoint pairs of groups in one pass
    M = sp.triu(M, k=1).tocoo()
    used = np.zeros(n_groups, dtype=bool)
    parent = np.arange(n_groups)
    for i in np.argsort(M.data):
        g, h = M.row[i], M.col[i]
        if M.data[i] >= -1e-12:
            break
        if not used[g] and not used[h]:
            used[g] = used[h] = True
            parent[h] = g
    return canonical(parent[label])


def local_moves(costs: PairCosts, nbrs, label: np.ndarray, k: int | None, *,
                deadline: float, max_sweeps: int = 50) -> np.ndarray:
    """Doreian-Mrvar relocation: move one node at a time while it pays.

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
            here = label[v]
            if k is not None and size[here] == 1:
                continue
            score: dict = {}
            for u, d in nbrs[v]:
                score[label[u]] = score.get(label[u], 0.0) + d
            best_g, best = here, score.get(here, 0.0)
            for g, s in score.items():
                if s < best - 1e-12:
                    best_g, best = g, s
            if best > 1e-12:  # a group holding no tie of v scores 0
                if k is None and size[here] > 1:
                    best_g, best = next_group, 0.0
                elif k is not None:
                    quiet = [g for g, c in size.items() if c and g not in score]
                    if quiet:
                        best_g, best = quiet[0], 0.0
            if best_g != here:
                if best_g == next_group:
                    next_group += 1
                size[here] -= 1
                size[best_g] = size.get(best_g, 0) + 1
                label[v] = best_g
                moved += 1
        if not moved or time.perf_counter() > deadline:
            break
    return canonical(np.asarray(label))


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
    # LOBPCG needs only products with the matrices (a sparse factorisation of
    # ``left`` fills in badly on large graphs); a few dozen Jacobi-preconditioned
    # iterations give an embedding good enough to start local search from.
    X0 = np.random.default_rng(0).standard_normal((n, dim))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            _, vecs = lobpcg(left, X0, B=right, M=sp.diags(1.0 / left.diagonal()),
                             largest=False, tol=1e-4, maxiter=30)
        except Exception:  # noqa: BLE001 - no convergence at all: random embedding
            vecs = X0
    return vecs


def kmeans_labels(X: np.ndarray, k: int, rng) -> np.ndarray:
    if k <= 1 or len(X) <= k:
        return np.arange(len(X)) % max(k, 1)
    Xn = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
    _, label = kmeans2(Xn, k, minit="++", seed=rng)
    return label


def triangle_packing_bound(costs: PairCosts, *, deadline: float = math.inf,
                           chunk: int = 1024) -> float:
    """Lower bound for any partition, from triangles with one 'join' pair.

    A triangle whose pairs are ``uv`` with a join cost and ``uw``, ``vw`` with
    cut costs must pay one of them in every partition (all together pays
    ``join``; otherwise a cut pair is split). Packing such triangles with
    shares capped by the remaining costs bounds every partition from below.
    Join pairs are taken ``chunk`` at a time, their triangles found with numpy;
    stopping at ``deadline`` leaves a valid, weaker bound.
    """
    pair_of, keys = _pair_lookup(costs)
    residual_cut, residual_join = costs.cut.tolist(), costs.join.tolist()
    joins = np.nonzero(costs.join > 0)[0]
    bound = 0.0
    for first in range(0, len(joins), chunk):
        if time.perf_counter() > deadline:
            break
        p, q, r = _join_triangles(costs, pair_of, keys, joins[first:first + chunk])
        for p, q, r in zip(p.tolist(), q.tolist(), r.tolist()):
            delta = min(residual_join[p], residual_cut[q], residual_cut[r])
            if delta > 0:
                residual_join[p] -= delta
                residual_cut[q] -= delta
                residual_cut[r] -= delta
                bound += delta
    return bound


def _pair_lookup(costs: PairCosts) -> tuple[sp.csr_matrix, np.ndarray]:
    """Symmetric CSR, sorted columns, holding ``pair id + 1`` at ``(a, b)`` and ``(b, a)``; and
    the key ``row * n + column`` of each stored entry, sorted."""
    ids = np.arange(1, len(costs.a) + 1, dtype=np.int64)
    lookup = sp.csr_matrix((np.concatenate([ids, ids]), (np.concatenate([costs.a, costs.b]),
                                                        np.concatenate([costs.b, costs.a]))),
                           shape=(costs.n, costs.n))
    lookup.sort_indices()
    return lookup, np.repeat(np.arange(costs.n), np.diff(lookup.indptr)) * costs.n + lookup.indices


def _join_triangles(costs: PairCosts, pair_of: sp.csr_matrix, keys: np.ndarray,
                    joins: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Triangles ``(p, q, r)`` through the join pairs ``joins``: ``p = (x, y)``, ``q = (x, c)`` and
    ``r = (y, c)`` with a cut cost each; in the order of ``joins``, then of ``c``."""
    x, y = costs.a[joins], costs.b[joins]
    ip, nbr, n = pair_of.indptr, pair_of.indices, costs.n
    counts = ip[x + 1] - ip[x]
    slot = np.repeat(ip[x] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    p, c, q = np.repeat(joins, counts), nbr[slot], pair_of.data[slot] - 1
    wanted = np.repeat(y, counts) * n + c
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    hit = keys[at] == wanted
    p, q, r = p[hit], q[hit], pair_of.data[at[hit]] - 1
    keep = (costs.cut[q] > 0) & (costs.cut[r] > 0)
    return p[keep], q[keep], r[keep]
