"""Local search for bipartitions of a signed graph (internal).

The frustration of sides ``s`` (``+1``/``-1`` per node) is
``F = (W - sum_e w_e s_u s_v) / 2`` with ``W`` the total weight. The local
field of node ``i`` is ``h_i = sum_j w_ij s_j``; flipping ``i`` changes ``F``
by ``s_i h_i``, so one-flip descent only needs the fields, kept up to date
incrementally.
"""

from __future__ import annotations

import math
import time

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import eigsh

from ._signed import SignedArrays, csr, frustrated_mask


def spectral_start(arrays: SignedArrays) -> np.ndarray:
    """Signs of the bottom eigenvector of the signed Laplacian, per component.

    The signed Laplacian is ``D - A`` with ``D`` the diagonal of absolute
    degrees; its bottom eigenvector ``y`` minimises
    ``sum |w_ij| (y_i - sign(w_ij) y_j)^2 / ||y||^2``, a relaxation of the
    frustration of the sides ``sign(y)`` (Kunegis et al. 2010).
    """
    n = arrays.n
    A = sp.csr_matrix(
        (np.concatenate([arrays.w, arrays.w]),
         (np.concatenate([arrays.u, arrays.v]), np.concatenate([arrays.v, arrays.u]))),
        shape=(n, n),
    )
    absdeg = np.asarray(abs(A).sum(axis=1)).ravel()
    L = (sp.diags(absdeg) - A).tocsr()
    n_comp, label = connected_components(abs(A), directed=False)
    side = np.zeros(n, dtype=np.int64)
    for c in range(n_comp):
        idx = np.nonzero(label == c)[0]
        if len(idx) < 2:
            continue
        Lc = L[idx][:, idx]
        if len(idx) <= 16:  # tiny: dense is cheapest and ARPACK needs room
            y = np.linalg.eigh(Lc.toarray())[1][:, 0]
        else:
            # shift-invert around a small negative shift: L + 0.01 I is positive
            # definite, and sparse solves avoid dense BLAS threading overheads
            try:
                y = eigsh(Lc.tocsc(), k=1, sigma=-1e-2, which="LM")[1][:, 0]
            except Exception:  # noqa: BLE001 - ARPACK failure: fall back to a neutral start
                y = np.ones(len(idx))
        side[idx] = (y < 0).astype(np.int64)
    return side


class LocalSearch:
    """One-flip descent and region kicks on the sides, with incremental local fields."""

    def __init__(self, arrays: SignedArrays):
        indptr, cols, vals, _ = csr(arrays)
        self.A = sp.csr_matrix((vals, cols, indptr), shape=(arrays.n, arrays.n))
        self.indptr = indptr.tolist()
        self.cols = cols.tolist()
        self.vals = vals.tolist()
        self.n = arrays.n
        self.total = float(np.abs(arrays.w).sum())

    def load(self, side: np.ndarray) -> tuple[list, list, float]:
        """Spins ``s``, local fields ``h`` and the frustration of the 0/1 ``side``."""
        s = 1.0 - 2.0 * np.asarray(side, dtype=float)  # side 0 -> +1, side 1 -> -1
        h = self.A @ s
        # F = (W - sum_e w_e s_u s_v) / 2 and sum_e w_e s_u s_v = s.h / 2
        value = (self.total - float(s @ h) / 2) / 2
        return s.tolist(), h.tolist(), value

    def descend(self, s: list, h: list, value: float, todo) -> float:
        """Flip nodes whose flip lowers the frustration until none does."""
        ip, cols, vals = self.indptr, self.cols, self.vals
        todo = list(todo)
        queued = set(todo)
        while todo:
            i = todo.pop()
            queued.discard(i)
            delta = s[i] * h[i]  # change of F if node i is flipped
            if delta >= -1e-12:
                continue
            value += delta
            s[i] = -s[i]
            for k in range(ip[i], ip[i + 1]):
                j = cols[k]
                h[j] += 2 * vals[k] * s[i]
                if j not in queued and s[j] * h[j] < -1e-12:
                    queued.add(j)
                    todo.append(j)
        return value

    def polish(self, side: np.ndarray) -> np.ndarray:
        """``side`` after one-flip descent."""
        s, h, value = self.load(side)
        self.descend(s, h, value, range(self.n))
        return (np.asarray(s) < 0).astype(np.int64)

    def ball(self, rng, size: int) -> list:
        """A connected set of about ``size`` nodes grown from a random node."""
        ip, cols = self.indptr, self.cols
        start = int(rng.integers(self.n))
        seen, frontier = {start}, [start]
        while frontier and len(seen) < size:
            i = frontier.pop(int(rng.integers(len(frontier))))
            for k in range(ip[i], ip[i + 1]):
                if cols[k] not in seen:
                    seen.add(cols[k])
                    frontier.append(cols[k])
        return list(seen)

    def kick(self, s: list, h: list, value: float, rng) -> tuple[list, list, float]:
        """Switch a random connected region, then descend; returns the new state."""
        size = int(rng.integers(1, max(2, self.n // 10) + 1))
        region = self.ball(rng, size)
        s, h = s[:], h[:]
        ip, cols, vals = self.indptr, self.cols, self.vals
        for i in region:  # switching a region changes only its boundary edges
            value += s[i] * h[i]
            s[i] = -s[i]
            for k in range(ip[i], ip[i + 1]):
                h[cols[k]] += 2 * vals[k] * s[i]
        touched = set(region)
        for i in region:
            touched.update(cols[ip[i]:ip[i + 1]])
        return s, h, self.descend(s, h, value, touched)

    def iterate(self, side: np.ndarray, *, n_kicks: int, rng,
                deadline: float) -> tuple[np.ndarray, float]:
        """Iterated local search from ``side``: descend, then ``n_kicks`` kicks, each kept when it
        does not worsen the value. Returns the sides and their value."""
        s, h, value = self.load(side)
        value = self.descend(s, h, value, range(self.n))
        for _ in range(n_kicks):
            if value <= 1e-12 or time.perf_counter() > deadline:
                break
            trial_s, trial_h, trial = self.kick(s, h, value, rng)
            if trial <= value + 1e-12:
                s, h, value = trial_s, trial_h, trial
        return (np.asarray(s) < 0).astype(np.int64), value


def heuristic_sides(arrays: SignedArrays, *, n_starts: int, n_kicks: int, rng,
                    deadline: float) -> tuple[np.ndarray, float]:
    """Multi-start iterated local search, the first start spectral; returns the best sides and
    their value."""
    if arrays.m == 0:
        return np.zeros(arrays.n, dtype=np.int64), 0.0
    search = LocalSearch(arrays)
    best_side, best_value = None, math.inf
    for start in range(max(1, n_starts)):
        side = spectral_start(arrays) if start == 0 else rng.integers(0, 2, arrays.n)
        side, value = search.iterate(side, n_kicks=n_kicks, rng=rng, deadline=deadline)
        if value < best_value - 1e-12:
            best_side, best_value = side, value
        if best_value <= 1e-12 or time.perf_counter() > deadline:
            break
    return best_side, float(np.abs(arrays.w)[frustrated_mask(arrays, best_side)].sum())
