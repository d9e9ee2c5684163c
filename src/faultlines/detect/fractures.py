"""Fracture detection: pairs of partners whose relation is souring, ranked, with their evidence.

For each time window the detector keeps two views of the alliance system:

- the **flow**: the window's dyad scores (what happened in it);
- the **standing network**: every tie's flow accumulated with a memory that halves every
  ``memory_days`` (what the relation has become). Its frustration index (exact, HiGHS) marks
  the ties that contradict the best two-camp split, and its coalition partition gives the
  *inferred* coalitions.

A pair is examined if it counts as partners in some window (declared coalition, inferred group,
or stated partnership). Its souring series, in typical-score units, is its flow minus
``pressure`` times the **third-party pressure**: the weight of actors the two stand on opposite
sides of (one backs, the other fights; Heider's unstable triad, the US and Turkey over the SDF).
A downward CUSUM over the series gives the alarm and the onset (with fewer than ``min_windows``
windows there is no trend to test: the first souring window is both). A fracture's score in [0, 1] is
the weighted mean of six parts, each in [0, 1]: ``trend`` (how far the CUSUM climbed),
``level`` (mean souring since the onset), ``strain`` (share of windows since the onset in which
the tie is frustrated in the standing network), ``volume`` (happenings behind it),
``independence`` (distinct outlets, halved when all direct reports come from outlets affiliated
with one of the two) and ``stated`` (1 when texts explicitly call it tension between partners). Status: *emerging* (alarm in the last ``recent_windows`` windows),
*easing* (the CUSUM fell below half its peak, or the recent windows are net positive), else
*deepening*. docs/fractures.md gives the details and the meaning of every parameter.

>>> import datetime as dt
>>> from faultlines.model.dyads import DyadScore
>>> def month(m): return dt.date(2018, m, 1), dt.date(2018, m + 1, 1)
>>> scores = [DyadScore(*month(1), "iran", "russia", 4.0, 2, 2, 2, ("c1", "c2")),
...           DyadScore(*month(2), "iran", "russia", -6.0, 3, 3, 3, ("c3", "c4", "c5")),
...           DyadScore(*month(3), "iran", "russia", -5.0, 2, 2, 2, ("c6", "c7"))]
>>> [f] = detect_fractures(scores, stated_pairs=[("iran", "russia")], scale=2.0)
>>> f.pair, f.onset, f.status, f.claim_ids
(('iran', 'russia'), datetime.date(2018, 2, 1), 'emerging', ('c3', 'c4', 'c5', 'c6', 'c7'))
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Collection, Iterable, Mapping, Sequence

import networkx as nx
import numpy as np

from faultlines.detect.cusum import Cusum, cusum_down
from faultlines.detect.params import FractureParams
from faultlines.model import Coalition
from faultlines.model.dyads import DyadScore
from faultlines.model.fractures import Fracture, ThirdParty
from faultlines.network import coalitions_exact, frustration_index

Pair = tuple[str, str]
MAX_THIRD_PARTIES = 3


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True, slots=True)
class _Data:
    windows: list[tuple[dt.date, dt.date]]
    cells: dict[tuple[Pair, int], DyadScore]  # (pair, window index) -> score
    flows: list[dict[Pair, float]]
    scale: float


def _data(scores: Iterable[DyadScore], as_of: dt.date | None, scale: float | None) -> _Data:
    kept = [s for s in scores if s.a != s.b and (as_of is None or s.start <= as_of)]
    windows = sorted({(s.start, s.end) for s in kept})
    index = {w: i for i, w in enumerate(windows)}
    cells: dict[tuple[Pair, int], DyadScore] = {}
    flows: list[dict[Pair, float]] = [defaultdict(float) for _ in windows]
    for s in kept:
        t, p = index[(s.start, s.end)], _pair(s.a, s.b)
        flows[t][p] += s.score
        cells[(p, t)] = s if (p, t) not in cells else _merge(cells[(p, t)], s)
    nonzero = [abs(v) for f in flows for v in f.values() if v]
    typical = scale if scale is not None else (float(np.median(nonzero)) if nonzero else 1.0)
    return _Data(windows, cells, [dict(f) for f in flows], typical or 1.0)


def _merge(x: DyadScore, y: DyadScore) -> DyadScore:
    """Directed scores of one pair in one window, folded into one."""
    return DyadScore(x.start, x.end, *_pair(x.a, x.b), x.score + y.score, x.n_claims + y.n_claims,
                     x.n_happenings + y.n_happenings, len(set(x.sources) | set(y.sources)),
                     tuple(dict.fromkeys(x.claim_ids + y.claim_ids)), tuple(sorted(set(x.sources) | set(y.sources))))


def _standing(data: _Data, memory_days: float, min_tie: float) -> list[nx.Graph]:
    """The standing network of each window: flows accumulated with a half-life of memory_days."""
    graphs, state = [], {}
    for t, (start, _) in enumerate(data.windows):
        if t:
            decay = 0.5 ** ((start - data.windows[t - 1][0]).days / memory_days)
            state = {p: v * decay for p, v in state.items()}
        for p, v in data.flows[t].items():
            state[p] = state.get(p, 0.0) + v
        G = nx.Graph(window=data.windows[t])
        G.add_weighted_edges_from((a, b, v) for (a, b), v in sorted(state.items()) if abs(v) >= min_tie * data.scale)
        graphs.append(G)
    return graphs


def _declared(coalitions: Sequence[Coalition], windows, principal, exclude: set[str]) -> list[dict[Pair, str]]:
    """Per window: pair -> id of a declared coalition both belong to (members rolled up).

    A member with the role ``partner`` (a local partner force, such as the SDF for the Global
    Coalition) is a partner of the coalition's leader only, not of every member: Turkey and the SDF
    both belong to the Global Coalition without ever having been allies.
    """
    result = []
    for start, end in windows:
        pairs: dict[Pair, str] = {}
        days = (start, max(start, end - dt.timedelta(days=1)))
        for c in sorted(coalitions, key=lambda c: c.id):
            roles: dict[str, str] = {}
            for d in days:
                for m in c.members:
                    if m.actor_id in c.members_on(d) and (m.valid_from is None or m.valid_from <= d) \
                            and (m.valid_to is None or d < m.valid_to):
                        who = principal(m.actor_id, start) if principal else m.actor_id
                        if who not in exclude and roles.get(who) != "member":
                            roles[who] = "partner" if m.role == "partner" else "member"
            leader = principal(c.leader, start) if principal and c.leader else c.leader
            for a in roles:
                for b in roles:
                    if a >= b or ("partner" in (roles[a], roles[b]) and leader not in (a, b)):
                        continue
                    if (a, b) not in pairs or leader in (a, b):  # a coalition led by one of the pair is preferred
                        pairs[(a, b)] = c.id
        result.append(pairs)
    return result


def _inferred(graphs: list[nx.Graph], params: FractureParams) -> list[tuple[frozenset, ...]]:
    groups = []
    for G in graphs:
        if G.number_of_edges() == 0:
            groups.append(())
            continue
        result = coalitions_exact(G, None, alpha=params.alpha, weighted=True, time_limit=params.time_limit, seed=0)
        groups.append(tuple(g for g in result.groups if len(g) > 1))
    return groups


def _frustrated(graphs: list[nx.Graph], params: FractureParams) -> list[set[Pair]]:
    out = []
    for G in graphs:
        if G.number_of_edges() == 0:
            out.append(set())
            continue
        result = frustration_index(G, weighted=True, time_limit=params.time_limit, seed=0)
        out.append({_pair(u, v) for u, v in result.frustrated_edges})
    return out


def _pressure(flow: Mapping[str, Mapping[str, float]], G: nx.Graph, a: str, b: str) -> list[tuple]:
    """Third actors the window's events put ``a`` and ``b`` on opposite sides of: one acts towards
    the actor (its flow) against the other's standing tie with it. One ``(actor, strength, x, flow,
    y, standing)`` per actor, the strength being the weaker of the two ties."""
    found: dict[str, tuple] = {}
    for x, y in ((a, b), (b, a)):
        for c, f in flow.get(x, {}).items():
            if c != y and G.has_edge(y, c) and f * G[y][c]["weight"] < 0:
                strength = min(abs(f), abs(G[y][c]["weight"]))
                if c not in found or strength > found[c][1]:
                    found[c] = (c, strength, x, f, y, G[y][c]["weight"])
    return [found[c] for c in sorted(found)]


def _adjacency(flow: Mapping[Pair, float]) -> dict[str, dict[str, float]]:
    adj: dict[str, dict[str, float]] = defaultdict(dict)
    for (a, b), v in flow.items():
        adj[a][b] = adj[b][a] = v
    return dict(adj)


class FractureDetector:
    """Find souring relations inside coalitions, scikit-learn style.

    The constructor stores the parameters (see :class:`~faultlines.detect.params.FractureParams`
    and docs/fractures.md); :meth:`fit` reads dyad scores and sets ``fractures_`` (ranked, best
    first), ``windows_``, ``scale_``, ``standing_`` (the standing network per window),
    ``groups_`` (inferred coalitions per window) and ``frustrated_`` (frustrated ties per window).
    """

    def __init__(self, **params) -> None:
        self.params = FractureParams(**params)

    def get_params(self) -> dict[str, object]:
        return self.params.as_dict()

    def fit(self, scores: Iterable[DyadScore], *, coalitions: Sequence[Coalition] = (),
            principal: Callable[[str, dt.date], str] | None = None, outlet_sides: Mapping[str, str] | None = None,
            stated_pairs: Collection[Pair] = (), as_of: dt.date | None = None) -> "FractureDetector":
        """Detect fractures in ``scores`` (undirected dyad scores over windows, usually rolled up).

        ``coalitions``: declared coalitions; ``principal(actor, day)`` maps their members to the
        ids used in the scores (the roll-up). ``outlet_sides``: outlet id -> the actor it is
        affiliated with, for the partisan flag. ``stated_pairs``: pairs the texts present as
        partners. ``as_of``: only windows starting on or before this day (for backtests).
        """
        p = self.params
        data = _data(scores, as_of, p.scale)
        self.windows_, self.scale_ = data.windows, data.scale
        self._cells = data.cells
        self.standing_ = _standing(data, p.memory_days, p.min_tie)
        self._adjacent = [_adjacency(flow) for flow in data.flows]
        self.frustrated_ = _frustrated(self.standing_, p)
        self.groups_ = _inferred(self.standing_, p) if p.coalitions in ("inferred", "all") else [()] * len(data.windows)
        exclude = {c.id for c in coalitions}
        declared = _declared(coalitions, data.windows, principal, exclude) if p.coalitions in ("declared", "all") else [{}] * len(data.windows)
        stated = {_pair(*s) for s in stated_pairs} if p.coalitions in ("stated", "all") else set()
        found = []
        for pair in sorted(self._candidates(declared, stated)):
            fracture = self._examine(pair, data, declared, stated, outlet_sides or {})
            if fracture is not None:
                found.append(fracture)
        self.fractures_ = sorted(found, key=lambda f: (-f.score, f.onset, f.pair))
        return self

    def claims_behind(self, a: str, b: str, t: int = -1) -> tuple[str, ...]:
        """Ids of the claims behind the standing tie of ``a`` and ``b`` in window ``t`` (default: the
        last): those of the windows still remembered then (two half-lives back)."""
        t = t % len(self.windows_)
        horizon = self.windows_[t][0] - dt.timedelta(days=2 * self.params.memory_days)
        pair = _pair(a, b)
        return tuple(dict.fromkeys(i for u in range(t + 1) if self.windows_[u][0] >= horizon and (pair, u) in self._cells
                                   for i in self._cells[(pair, u)].claim_ids))

    def _partners(self, pair: Pair, t: int, declared, stated) -> str | None:
        if pair in declared[t]:
            return declared[t][pair]
        u = t - 1 if t else 0
        G = self.standing_[u]
        if G.has_edge(*pair) and G[pair[0]][pair[1]]["weight"] > 0 and any(pair[0] in g and pair[1] in g for g in self.groups_[u]):
            return "inferred"
        return "stated" if pair in stated else None

    def _candidates(self, declared, stated) -> set[Pair]:
        seen = {p for G in self.standing_ for p in (_pair(u, v) for u, v in G.edges)}
        actors = {n for G in self.standing_ for n in G}
        pairs = {p for d in declared for p in d if p[0] in actors and p[1] in actors}
        pairs |= {_pair(a, b) for G, groups in zip(self.standing_, self.groups_) for g in groups
                  for a, b in G.subgraph(g).edges if G[a][b]["weight"] > 0}
        pairs |= stated
        # a pair with neither a tie nor a shared third party over the whole period cannot sour
        return {p for p in pairs if p in seen or any(_pressure(f, G, *p) for f, G in zip(self._adjacent, self.standing_))}

    def _examine(self, pair: Pair, data: _Data, declared, stated, outlet_sides) -> Fracture | None:
        p, n = self.params, len(data.windows)
        pressures = [_pressure(f, G, *pair) for f, G in zip(self._adjacent, self.standing_)]
        push = [sum(entry[1] for entry in found) for found in pressures]
        series = [(data.flows[t].get(pair, 0.0) - p.pressure * push[t]) / data.scale for t in range(n)]
        cusum = _change_point(series, p)
        if cusum.alarm is None:
            return None
        coalition = next((c for t in range(cusum.alarm, -1, -1) if (c := self._partners(pair, t, declared, stated))), None)
        if coalition is None:
            return None
        since = range(cusum.onset, n)
        direct = [data.cells[(pair, t)] for t in since if (pair, t) in data.cells]
        third, third_cells = self._third_parties(pair, pressures, data, cusum.onset)
        sources = sorted({s for cell in direct + third_cells for s in cell.sources})
        side = _partisan_side(pair, {s for cell in direct for s in cell.sources}, outlet_sides)
        ties = [t for t in since if self.standing_[t].has_edge(*pair)]
        n_happenings = sum(c.n_happenings for c in direct + third_cells)
        peak = max(cusum.stats[cusum.onset:])
        parts = {
            "trend": math.tanh(peak / (2 * p.threshold)),
            "level": math.tanh(max(0.0, -float(np.mean(series[cusum.onset:]))) / 2),
            "strain": sum(pair in self.frustrated_[t] for t in ties) / len(ties) if ties else 0.0,
            "volume": 1.0 - math.exp(-n_happenings / 8.0),
            "independence": (1.0 - math.exp(-len(sources) / 3.0)) * (0.5 if side else 1.0),
            "stated": 1.0 if pair in stated else 0.0,
        }
        weights = dict(p.weights)
        score = sum(weights[k] * v for k, v in parts.items()) / sum(weights.values())
        return Fracture(
            *pair, coalition=coalition, score=round(min(1.0, max(0.0, score)), 6),
            status=_status(cusum, series, n, p.recent_windows), onset=data.windows[cusum.onset][0],
            alarm=data.windows[cusum.alarm][0], parts={k: round(v, 6) for k, v in parts.items()},
            n_claims=sum(c.n_claims for c in direct), n_happenings=sum(c.n_happenings for c in direct),
            sources=tuple(sources), partisan_side=side,
            claim_ids=tuple(dict.fromkeys(i for c in direct for i in c.claim_ids)), third_parties=tuple(third),
            series=tuple((data.windows[t][0], round(data.flows[t].get(pair, 0.0), 6), round(push[t], 6)) for t in range(n)))

    def _third_parties(self, pair: Pair, pressures, data: _Data, onset: int) -> tuple[list[ThirdParty], list[DyadScore]]:
        """The actors pushing the pair apart since the onset, strongest first, each at its strongest
        window, with the claims of both ties (the acting partner's in that window, the other's
        still remembered then: two half-lives back) and those windows' scores."""
        best: dict[str, tuple[int, tuple]] = {}
        for t in range(onset, len(data.windows)):
            for entry in pressures[t]:
                if entry[0] not in best or entry[1] > best[entry[0]][1][1]:
                    best[entry[0]] = (t, entry)
        result, cells = [], []
        for c in sorted(best, key=lambda c: (-best[c][1][1], c))[:MAX_THIRD_PARTIES]:
            t, (_, _, x, flow, y, standing) = best[c]
            horizon = data.windows[t][0] - dt.timedelta(days=2 * self.params.memory_days)
            used = [data.cells[(_pair(x, c), t)]] if (_pair(x, c), t) in data.cells else []
            used += [data.cells[(_pair(y, c), u)] for u in range(t + 1)
                     if data.windows[u][0] >= horizon and (_pair(y, c), u) in data.cells]
            result.append(ThirdParty(c, data.windows[t][0], x, round(flow, 6), y, round(standing, 6),
                                     tuple(dict.fromkeys(i for u in used for i in u.claim_ids))))
            cells += used
        return result, cells


def _change_point(series: list[float], p: FractureParams) -> Cusum:
    """CUSUM over the series; with fewer than ``min_windows`` windows there is no trend to test, so
    the first window in which the pair sours raises the alarm (and is the onset)."""
    if len(series) >= p.min_windows:
        return cusum_down(series, drift=p.drift, threshold=p.threshold)
    first = next((t for t, y in enumerate(series) if y < 0), None)
    stats, level = [], 0.0
    for y in series:
        level = max(0.0, level - y)
        stats.append(level)
    return Cusum(tuple(stats), first, first)


def _partisan_side(pair: Pair, sources: set[str], outlet_sides: Mapping[str, str]) -> str | None:
    """The partner every direct source is affiliated with, if there is one."""
    sides = {outlet_sides.get(s) for s in sources}
    if len(sides) == 1 and (side := sides.pop()) in pair:
        return side
    return None


def _status(cusum, series: list[float], n: int, recent: int) -> str:
    if cusum.alarm >= n - recent:
        return "emerging"
    peak = max(cusum.stats[cusum.onset:])
    if cusum.stats[-1] < 0.5 * peak or float(np.mean(series[-recent:])) > 0:
        return "easing"
    return "deepening"


def detect_fractures(scores: Iterable[DyadScore], *, coalitions: Sequence[Coalition] = (),
                     principal: Callable[[str, dt.date], str] | None = None,
                     outlet_sides: Mapping[str, str] | None = None, stated_pairs: Collection[Pair] = (),
                     as_of: dt.date | None = None, **params) -> list[Fracture]:
    """The function form of :class:`FractureDetector`: ranked fractures, best first."""
    return FractureDetector(**params).fit(scores, coalitions=coalitions, principal=principal,
                                          outlet_sides=outlet_sides, stated_pairs=stated_pairs,
                                          as_of=as_of).fractures_
