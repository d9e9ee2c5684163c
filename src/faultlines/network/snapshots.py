"""Signed weighted snapshots: one graph per time window, built from dyad scores.

Edges carry ``weight`` (the signed dyad score), ``sign`` (+1, -1, or 0 for a neutral tie),
``n_claims``, ``n_happenings``, ``n_independent_sources`` and ``claim_ids``; the graph carries
its ``window`` and the thresholds used. A pair whose evidence is too thin (fewer than
``min_happenings`` happenings) is left out; a pair with enough evidence but ``|score| <
min_abs_score`` is kept as an explicit **neutral tie** (sign 0, weight 0) when
``keep_neutral`` is set, since "they deal with each other without clear hostility or
cooperation" is information too. Balance and coalition functions ignore edges of weight 0.

>>> import datetime as dt
>>> from faultlines.model.dyads import DyadScore
>>> d = dt.date(2018, 5, 1), dt.date(2018, 6, 1)
>>> scores = [DyadScore(*d, "iran", "russia", -4.9, 4, 3, 3, ("c1",)), DyadScore(*d, "iran", "syria", 0.1, 1, 1, 1, ("c2",))]
>>> [G] = snapshots(scores, min_abs_score=0.5)
>>> sorted(G.edges(data="sign"))
[('iran', 'russia', -1), ('iran', 'syria', 0)]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

import networkx as nx
import numpy as np
import scipy.sparse as sp

from faultlines.model.dyads import DyadScore


@dataclass(frozen=True, slots=True)
class SparseSnapshot:
    """A snapshot as arrays, for graphs too big for networkx: node labels and a symmetric CSR matrix
    of signed weights (``matrix[i, j]`` is the score of ``nodes[i]``–``nodes[j]``)."""

    window: tuple[dt.date, dt.date]
    nodes: tuple[str, ...]
    matrix: sp.csr_matrix


def snapshots(scores: list[DyadScore], *, min_happenings: int = 1, min_abs_score: float = 0.0,
              keep_neutral: bool = True, directed: bool = False) -> list[nx.Graph]:
    """One graph per window of ``scores`` (which must come ordered by window, as the store gives them).

    Parameters
    ----------
    scores : dyad scores, e.g. ``store.dyad_scores(DyadParams(window="quarter"))``.
    min_happenings : pairs with fewer distinct happenings are left out (too little evidence).
    min_abs_score : pairs with ``|score|`` below it are neutral ties (or left out).
    keep_neutral : keep neutral ties as edges of sign 0 and weight 0.
    directed : build ``nx.DiGraph`` (for directed scores).
    """
    graphs = []
    for window, group in groupby(scores, key=lambda s: (s.start, s.end)):
        G = nx.DiGraph() if directed else nx.Graph()
        G.graph.update(window=window, min_happenings=min_happenings, min_abs_score=min_abs_score,
                       keep_neutral=keep_neutral)
        for s in group:
            if s.n_happenings < min_happenings:
                continue
            neutral = abs(s.score) < min_abs_score or s.score == 0
            if neutral and not keep_neutral:
                continue
            G.add_edge(s.a, s.b, weight=0.0 if neutral else s.score, sign=0 if neutral else s.sign, score=s.score,
                       n_claims=s.n_claims, n_happenings=s.n_happenings,
                       n_independent_sources=s.n_independent_sources, claim_ids=s.claim_ids, sources=s.sources)
        graphs.append(G)
    return graphs


def sparse_snapshots(scores: list[DyadScore], *, min_happenings: int = 1,
                     min_abs_score: float = 0.0) -> list[SparseSnapshot]:
    """Like :func:`snapshots` but as symmetric CSR matrices; neutral ties are zeros, and directed
    scores of one pair are summed."""
    result = []
    for window, group in groupby(scores, key=lambda s: (s.start, s.end)):
        kept = [s for s in group if s.n_happenings >= min_happenings and abs(s.score) >= max(min_abs_score, 1e-12)]
        nodes = tuple(sorted({s.a for s in kept} | {s.b for s in kept}))
        index = {n: i for i, n in enumerate(nodes)}
        rows = np.array([index[s.a] for s in kept] + [index[s.b] for s in kept], dtype=np.int64)
        cols = np.array([index[s.b] for s in kept] + [index[s.a] for s in kept], dtype=np.int64)
        vals = np.array([s.score for s in kept] * 2, dtype=float)
        matrix = sp.csr_matrix((vals, (rows, cols)), shape=(len(nodes), len(nodes)))
        result.append(SparseSnapshot(window, nodes, matrix))
    return result
