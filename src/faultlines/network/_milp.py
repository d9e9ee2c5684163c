"""The frustration-index MILP on HiGHS for one biconnected block (internal).

Model (Aref, Mason & Wilson 2018, the "binary node side, edge frustration"
formulation): a binary side ``x_i`` per node and a frustration indicator
``f_e`` per edge, minimise ``sum |w_e| f_e`` subject to

* positive edge ``(i, j)``: ``f_e >= x_i - x_j`` and ``f_e >= x_j - x_i``;
* negative edge ``(i, j)``: ``f_e >= x_i + x_j - 1`` and ``f_e >= 1 - x_i - x_j``.

Once the ``x`` are integral the cheapest feasible ``f`` is integral, so only
the ``x`` are declared integer. One node (of largest degree) is fixed to side
0, which removes the mirror symmetry of every solution.

Valid inequalities come from parity: along any closed walk ``C`` the number of
frustrated edges has the parity of the number of negative edges. So for every
``F`` subset of ``C`` with ``|F| + neg(C)`` odd,
``sum_{e in F} (1 - f_e) + sum_{e in C \\ F} f_e >= 1`` (for an unbalanced
triangle and ``F`` empty: at least one of its edges is frustrated). These are
separated on the LP relaxation in rounds: triangles first, then odd closed walks
found by shortest paths in the signed double cover (Barahona & Mahjoub 1986).
HiGHS 1.15 exposes no lazy-constraint callback that can add rows from Python,
so the rounds run on the LP relaxation before branch-and-bound starts; the
cuts found stay in the model during branch-and-bound.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from ._heuristic import LocalSearch
from ._signed import SignedArrays, frustrated_mask, is_integral

_INF = highspy.kHighsInf
_TOL = 1e-6


@dataclass
class BlockSolution:
    value: float
    side: np.ndarray
    lower_bound: float
    status: str  # "optimal" | "time_limit" | "infeasible"
    proven: bool


def _triangles(arrays: SignedArrays, *, chunk: int = 1 << 21) -> np.ndarray:
    """Rows ``(e_ab, e_ac, e_bc)`` of edge ids forming a triangle ``a < b < c``, ordered by ``e_ab``
    then ``c``. Vectorised: each edge ``(a, b)`` meets the higher neighbours ``c`` of ``b``, kept
    when ``(a, c)`` is an edge too; edges go in chunks of about ``chunk`` candidates."""
    n, m, u, v = arrays.n, arrays.m, arrays.u, arrays.v
    order = np.lexsort((v, u))  # edges by (a, b): each node's higher neighbours, ascending
    keys = u[order] * n + v[order]
    starts = np.searchsorted(u[order], np.arange(n + 1))
    n_higher = starts[v + 1] - starts[v]  # candidates c per edge (a, b): higher neighbours of b
    out, first = [], 0
    ends = np.cumsum(n_higher)
    while first < m:
        last = max(first + 1, int(np.searchsorted(ends, (ends[first - 1] if first else 0) + chunk)))
        edges = np.arange(first, min(last, m))
        counts = n_higher[edges]
        e_ab = np.repeat(edges, counts)
        offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        e_bc = order[np.repeat(starts[v[edges]], counts) + offset]
        wanted = u[e_ab] * n + v[e_bc]
        at = np.minimum(np.searchsorted(keys, wanted), max(m - 1, 0))
        hit = keys[at] == wanted if m else np.zeros(0, bool)
        out.append(np.column_stack([e_ab[hit], order[at[hit]], e_bc[hit]]))
        first = last
    return np.concatenate(out).astype(np.int64) if out else np.zeros((0, 3), dtype=np.int64)


class EnumerationModel:
    """A block small enough to try every bipartition: the interface of :class:`FrustrationModel`,
    with enumeration as the proof. Node 0 stays on side 0 (every bipartition is met with its
    mirror image), so ``2 ** (n - 1)`` sides are scored at once with numpy."""

    max_nodes = 12  # 2048 bipartitions: faster than building and solving a HiGHS model

    def __init__(self, arrays: SignedArrays):
        self.arrays = arrays
        self.cost = np.abs(arrays.w)
        codes = np.arange(1 << max(arrays.n - 1, 0))
        self.sides = np.zeros((len(codes), arrays.n), dtype=np.int64)
        self.sides[:, 1:] = (codes[:, None] >> np.arange(arrays.n - 1)) & 1
        same = self.sides[:, arrays.u] == self.sides[:, arrays.v]
        self.frustrated = np.where(arrays.w > 0, ~same, same)  # (bipartition, edge)
        self.values = self.frustrated @ self.cost

    def solve(self, start_side: np.ndarray | None, *, deadline: float, cut_rounds: int = 20,
              forced: tuple = ()) -> BlockSolution:
        """The best bipartition that frustrates the ``forced`` edges marked True and satisfies
        those marked False (the arguments of :meth:`FrustrationModel.solve`; only ``forced``
        matters here)."""
        allowed = np.ones(len(self.values), dtype=bool)
        for e, frustrated in forced:
            allowed &= self.frustrated[:, e] == bool(frustrated)
        if not allowed.any():
            no_side = np.zeros(self.arrays.n, np.int64)
            return BlockSolution(math.inf, no_side, math.inf, "infeasible", True)
        best = int(np.argmin(np.where(allowed, self.values, math.inf)))
        value = float(self.values[best])
        return BlockSolution(value, self.sides[best].copy(), value, "optimal", True)


class FrustrationModel:
    """A HiGHS model of one block, reusable for the forced re-solves of strain.

    ``rng`` drives the iterated local search that warm-starts branch-and-bound.
    """

    def __init__(self, arrays: SignedArrays, *, rng, threads: int | None = None):
        self.arrays = arrays
        self.rng = rng
        self.search = LocalSearch(arrays)
        self.n, self.m = arrays.n, arrays.m
        self.cost = np.abs(arrays.w)
        self.neg = (arrays.w < 0).astype(np.int64)
        self.integral = is_integral(self.cost)
        self.tri = _triangles(arrays)
        self.tri_neg = self.neg[self.tri].sum(axis=1) % 2 if len(self.tri) else np.zeros(0)
        self.tri_used = np.zeros((len(self.tri), 4), dtype=bool)  # triangle cuts in the model
        self.cut_keys: set = set()  # walk cuts in the model
        self.lp_bound = 0.0
        self.forced: tuple = ()  # (edge, frustrated) pairs imposed by the current solve
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        if threads:
            h.setOptionValue("threads", int(threads))
        n, m = self.n, self.m
        h.addVars(n + m, np.zeros(n + m), np.ones(n + m))
        h.changeColsCost(m, np.arange(n, n + m, dtype=np.int32), self.cost)
        degree = np.bincount(np.concatenate([arrays.u, arrays.v]), minlength=n)
        self.root = int(np.argmax(degree))
        h.changeColBounds(self.root, 0.0, 0.0)
        self._add_edge_rows(h)
        self.h = h
        # the relaxation without cuts is weak (its optimum satisfies almost every edge), so the
        # first round of triangle cuts is separated at f = 0 without solving it
        self._triangle_cuts(np.zeros(m), self.cut_limit)

    @property
    def cut_limit(self) -> int:
        """The most cuts added in one round."""
        return max(50, 2 * self.m)

    def _add_edge_rows(self, h) -> None:
        a, b, m, n = self.arrays.u, self.arrays.v, self.m, self.n
        f = np.arange(n, n + m)
        # positive: f - xa + xb >= 0, f + xa - xb >= 0
        # negative: f - xa - xb >= -1, f + xa + xb >= 1
        idx = np.column_stack([f, a, b, f, a, b]).reshape(-1, 3)
        # Row 1: f - xa + sb * xb, sb = +1 for positive, -1 for negative.
        # Row 2: f + xa - sb * xb.
        sb = np.where(self.neg == 1, -1.0, 1.0)
        val = np.column_stack(
            [np.ones(m), -np.ones(m), sb, np.ones(m), np.ones(m), -sb]
        ).reshape(-1, 3)
        lower = np.column_stack([-self.neg.astype(float), self.neg.astype(float)]).reshape(-1)
        self._add_rows(h, idx, val, lower)

    @staticmethod
    def _add_rows(h, idx, val, lower) -> None:
        idx = np.asarray(idx)
        k = idx.shape[1]
        r = idx.shape[0]
        starts = np.arange(0, r * k, k, dtype=np.int32)
        h.addRows(
            r, np.asarray(lower, float), np.full(r, _INF), r * k, starts,
            idx.reshape(-1).astype(np.int32), np.asarray(val, float).reshape(-1),
        )

    # -- cutting planes --------------------------------------------------------
    def _triangle_cuts(self, f: np.ndarray, limit: int) -> int:
        """Add the parity inequalities of triangles that ``f`` violates most, at most ``limit``
        and none twice; returns how many.

        Variant 0, for an unbalanced triangle: ``f_1 + f_2 + f_3 >= 1`` (one of its edges is
        frustrated). Variant ``k`` = 1, 2, 3, for a balanced triangle: the edges other than the
        ``k``-th minus the ``k``-th ``>= 0`` (never exactly one frustrated edge).
        """
        if not len(self.tri):
            return 0
        ft = f[self.tri]  # (T, 3)
        total = ft.sum(axis=1)
        unb = self.tri_neg == 1
        violation = np.column_stack([np.where(unb, 1.0 - total, -np.inf),
                                     np.where(unb[:, None], -np.inf, 2.0 * ft - total[:, None])])
        violation[self.tri_used] = -np.inf
        flat = np.nonzero(violation.ravel() > _TOL)[0]
        if len(flat) > limit:
            flat = flat[np.argpartition(-violation.ravel()[flat], limit - 1)[:limit]]
        if not len(flat):
            return 0
        t, variant = np.divmod(flat, 4)
        self.tri_used[t, variant] = True
        coef = np.ones((len(t), 3))
        balanced = variant > 0
        coef[np.nonzero(balanced)[0], variant[balanced] - 1] = -1.0
        self._add_rows(self.h, self.n + self.tri[t], coef, np.where(balanced, 0.0, 1.0))
        return len(t)

    def _walk_cuts(self, f: np.ndarray, limit: int, max_sources: int = 400):
        """Violated odd closed-walk inequalities via the signed double cover."""
        n, a, b, neg = self.n, self.arrays.u, self.arrays.v, self.neg
        length = np.clip(f, 0.0, 1.0)
        rows, cols, lens, _eids, _flags = [], [], [], [], []
        for p in (0, 1):
            for in_f in (False, True):
                q = p ^ neg ^ int(in_f)
                L = (1.0 - length) if in_f else length
                rows += [a + p * n, b + q * n]
                cols += [b + q * n, a + p * n]
                lens += [L, L]
        R, C, W = np.concatenate(rows), np.concatenate(cols), np.concatenate(lens) + 1e-9
        D = sp.csr_matrix((W, (R, C)), shape=(2 * n, 2 * n))
        sources = np.arange(n)
        if n > max_sources:
            sources = np.argsort(-np.bincount(np.concatenate([a, b]), minlength=n))[:max_sources]
        dist, pred = dijkstra(D, indices=sources, return_predecessors=True, limit=1.0)
        edge_of = {}
        for e in range(self.m):
            edge_of[(int(a[e]), int(b[e]))] = e
            edge_of[(int(b[e]), int(a[e]))] = e
        found = []
        for row, s in enumerate(sources):
            d = dist[row, s + n]
            if not d < 1 - _TOL:
                continue
            walk, node = [], s + n
            while node != s:
                prev = pred[row, node]
                x, y = prev % n, node % n
                e = edge_of[(int(x), int(y))]
                in_f = bool((prev // n) ^ (node // n) ^ neg[e])
                walk.append((e, in_f))
                node = prev
            found.append((1 - d, tuple(sorted(walk))))
        found.sort(key=lambda c: -c[0])
        return [c[1] for c in found[:limit]]

    def _add_walk_cuts(self, cuts) -> int:
        """Add the new walk cuts as rows, all in one call; return how many."""
        starts, index, value, lower = [], [], [], []
        for walk in cuts:
            if walk in self.cut_keys:
                continue
            self.cut_keys.add(walk)
            coef: dict = {}
            rhs = 1.0
            for e, in_f in walk:
                coef[e] = coef.get(e, 0.0) + (-1.0 if in_f else 1.0)
                rhs -= 1.0 if in_f else 0.0
            coef = {e: c for e, c in coef.items() if c != 0.0}
            if not coef:
                continue
            starts.append(len(index))
            index += [self.n + e for e in coef]
            value += coef.values()
            lower.append(rhs)
        if lower:
            self.h.addRows(len(lower), np.array(lower), np.full(len(lower), _INF), len(index),
                           np.array(starts, np.int32), np.array(index, np.int32), np.array(value, float))
        return len(lower)

    def separate(self, side: np.ndarray | None, upper: float, *, rounds: int,
                 deadline: float) -> tuple[np.ndarray | None, float]:
        """Solve the LP relaxation and add violated cuts, in rounds.

        Each LP solution, rounded and polished by one-flip descent, is also a candidate
        bipartition: once the cuts make the relaxation tight its solution is often integral, and
        then it is an optimum. Returns the best bipartition seen and its value.
        """
        h = self.h
        h.setOptionValue("presolve", "off")  # small LPs re-solved after each round: presolve costs more than it saves
        for _ in range(rounds):
            if time.perf_counter() > deadline:
                break
            h.setOptionValue("time_limit", max(deadline - time.perf_counter(), 0.01))
            h.run()
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                break
            self.lp_bound = max(self.lp_bound, h.getInfo().objective_function_value)
            values = np.asarray(h.getSolution().col_value)
            rounded = (values[:self.n] > 0.5).astype(np.int64)
            side, upper = self._better(side, upper, self.search.polish(rounded))
            if self.proves(self.lp_bound, upper):
                break
            f = values[self.n:]
            added = self._triangle_cuts(f, self.cut_limit)
            if added < self.cut_limit // 10 and self.n > 3:
                added += self._add_walk_cuts(self._walk_cuts(f, self.cut_limit - added))
            if not added:
                break
        return side, upper

    def _better(self, side: np.ndarray | None, upper: float,
                candidate: np.ndarray) -> tuple[np.ndarray | None, float]:
        """The better of ``side`` (of value ``upper``) and ``candidate``; a candidate that breaks
        a forced edge does not count."""
        mask = frustrated_mask(self.arrays, candidate)
        if any(bool(mask[e]) != bool(frustrated) for e, frustrated in self.forced):
            return side, upper
        value = float(self.cost[mask].sum())
        return (candidate, value) if value < upper else (side, upper)

    def proves(self, lower: float, upper: float) -> bool:
        if self.integral:
            return math.ceil(lower - _TOL) >= upper - _TOL
        return lower >= upper - _TOL * max(1.0, abs(upper))

    def bound(self, lower: float) -> float:
        return float(math.ceil(lower - _TOL)) if self.integral else float(lower)

    # -- solve -------------------------------------------------------------------
    def solve(self, start_side: np.ndarray | None, *, deadline: float, cut_rounds: int = 20,
              forced: tuple = ()) -> BlockSolution:
        """Optimise, optionally with edges forced frustrated (True) or satisfied (False)."""
        h, n = self.h, self.n
        n_rows_before = h.getNumRow()
        saved_lp = self.lp_bound
        for e, frustrated in forced:
            # an edge is frustrated iff (x_a != x_b) xor (edge is negative)
            differ = bool(frustrated) ^ bool(self.neg[e])
            a, b = int(self.arrays.u[e]), int(self.arrays.v[e])
            if differ:   # x_a + x_b = 1
                h.addRow(1.0, 1.0, 2, np.array([a, b], np.int32), np.array([1.0, 1.0]))
            else:        # x_a - x_b = 0
                h.addRow(0.0, 0.0, 2, np.array([a, b], np.int32), np.array([1.0, -1.0]))
        if forced:
            self.lp_bound = 0.0
        self.forced = tuple(forced)
        if start_side is not None and forced:
            start_side = self._repair(start_side, forced)
        upper = math.inf
        if start_side is not None:
            upper = float(self.cost[frustrated_mask(self.arrays, start_side)].sum())
        try:
            return self._solve(start_side, upper, deadline, cut_rounds)
        finally:
            if forced:  # drop the forcing rows so the model can be reused
                h.changeColsIntegrality(
                    n, np.arange(n, dtype=np.int32),
                    np.full(n, highspy.HighsVarType.kContinuous, dtype=np.uint8))
                rows = np.arange(n_rows_before, n_rows_before + len(forced), dtype=np.int32)
                h.deleteRows(len(rows), rows)
                self.lp_bound = saved_lp
                self.forced = ()

    def _repair(self, side: np.ndarray, forced) -> np.ndarray | None:
        """A start that obeys ``forced``: flipping one end of an edge toggles
        whether it is frustrated; keep the cheaper flip, or give up (None)."""
        side = side.copy()
        for e, frustrated in forced:
            if bool(frustrated_mask(self.arrays, side)[e]) == bool(frustrated):
                continue
            best = None
            for end in (int(self.arrays.u[e]), int(self.arrays.v[e])):
                trial = side.copy()
                trial[end] = 1 - trial[end]
                value = self.cost[frustrated_mask(self.arrays, trial)].sum()
                if best is None or value < best[0]:
                    best = (value, trial)
            side = best[1]
        mask = frustrated_mask(self.arrays, side)
        if any(bool(mask[e]) != bool(fr) for e, fr in forced):
            return None
        return side

    def _solve(self, start_side, upper, deadline, cut_rounds) -> BlockSolution:
        h, n, m = self.h, self.n, self.m
        cont = np.full(n, highspy.HighsVarType.kContinuous, dtype=np.uint8)
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), cont)
        start_side, upper = self.separate(start_side, upper, rounds=cut_rounds, deadline=deadline)
        if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
            return BlockSolution(math.inf, np.zeros(n, np.int64), math.inf, "infeasible", True)
        if start_side is not None and self.proves(self.lp_bound, upper):
            return BlockSolution(upper, start_side, upper, "optimal", True)
        # the cuts did not close the gap: a stronger start before branching
        base = start_side if start_side is not None else np.zeros(n, np.int64)
        kicked, _ = self.search.iterate(base, n_kicks=min(20, n), rng=self.rng, deadline=deadline)
        start_side, upper = self._better(start_side, upper, kicked)
        if start_side is not None and self.proves(self.lp_bound, upper):
            return BlockSolution(upper, start_side, upper, "optimal", True)
        h.changeColsIntegrality(
            n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger, np.uint8))
        if start_side is not None:
            if start_side[self.root] == 1:  # the mirror image obeys the fixed root
                start_side = 1 - start_side
            f0 = frustrated_mask(self.arrays, start_side).astype(float)
            h.setSolution(n + m, np.arange(n + m, dtype=np.int32),
                          np.concatenate([start_side.astype(float), f0]))
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("presolve", "choose")
        h.setOptionValue("time_limit", max(deadline - time.perf_counter(), 0.01))
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        if status == highspy.HighsModelStatus.kInfeasible:
            return BlockSolution(math.inf, np.zeros(n, np.int64), math.inf, "infeasible", True)
        side = start_side
        if info.primal_solution_status == highspy.kSolutionStatusFeasible:
            x = np.asarray(h.getSolution().col_value)[:n]
            cand = (x > 0.5).astype(np.int64)
            value = float(self.cost[frustrated_mask(self.arrays, cand)].sum())
            if value <= upper:
                side, upper = cand, value
        dual = info.mip_dual_bound if math.isfinite(info.mip_dual_bound) else 0.0
        lower = self.bound(max(self.lp_bound, dual))
        if status == highspy.HighsModelStatus.kOptimal or (side is not None and self.proves(lower, upper)):
            return BlockSolution(upper, side, upper, "optimal", True)
        return BlockSolution(upper, side, min(lower, upper), "time_limit", False)
