"""Records for the balance, coalitions and scenario commands (and, later, the brief and web app).

Each function takes a snapshot graph and returns a JSON-ready dict with the stable field names
documented in docs/cli.md; :func:`windowed_graphs` gets the graphs from a store or an edge list.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx

from faultlines.errors import Problem
from faultlines.ingest.edges import read_edge_list
from faultlines.model.dyads import DyadParams
from faultlines.network import coalitions_exact, frustration_index, triangle_balance
from faultlines.network.snapshots import snapshots
from faultlines.scenario import ScenarioResult
from faultlines.store import Store


def windowed_graphs(*, edges: Path | None = None, store: Store | None = None, params: DyadParams | None = None,
                    at: dt.date | None = None, min_happenings: int = 1,
                    min_abs_score: float = 0.0) -> tuple[list[tuple[str | None, nx.Graph]], list[Problem]]:
    """``[(window label or None, graph)]`` from an edge list file or from the store's dyad scores.

    From the store, each window is labelled ``start/end`` (end exclusive) and ``at`` keeps the
    window that contains that day. An edge list without a window column gives one unlabelled graph.
    """
    if edges is not None:
        found = read_edge_list(edges)
        return [(label or None, G) for label, G in found.graphs.items()], found.problems
    assert store is not None, "give an edge list or a store"
    graphs = snapshots(store.dyad_scores(params or DyadParams()), min_happenings=min_happenings,
                       min_abs_score=min_abs_score, keep_neutral=False)
    chosen = [G for G in graphs if at is None or G.graph["window"][0] <= at < G.graph["window"][1]]
    return [(f"{G.graph['window'][0]}/{G.graph['window'][1]}", G) for G in chosen], []


def _pairs(edges) -> list[list[str]]:
    return [sorted((str(u), str(v))) for u, v in edges]


def _groups(groups) -> list[list[str]]:
    return [sorted(str(n) for n in g) for g in groups]


def balance_record(G: nx.Graph, *, weighted: bool = False, time_limit: float | None = None,
                   seed: int = 0) -> dict[str, object]:
    """Frustration index with its proof status, the optimal bipartition, frustrated ties, triangle balance."""
    result = frustration_index(G, weighted=weighted, time_limit=time_limit, seed=seed)
    return {"frustration_index": result.value, "optimal": result.is_optimal, "lower_bound": result.lower_bound,
            "gap": result.gap, "partition": _groups(result.partition), "frustrated_edges": _pairs(result.frustrated_edges),
            "triangle_balance": triangle_balance(G, weighted=weighted) if G.number_of_edges() else None,
            "n_nodes": G.number_of_nodes(), "n_edges": G.number_of_edges(), "weighted": weighted,
            "seconds": round(result.seconds, 4)}


def coalitions_record(G: nx.Graph, *, k: int | None = None, alpha: float = 0.5, weighted: bool = True,
                      time_limit: float | None = None, seed: int = 0) -> dict[str, object]:
    """The best partition into coalitions (Doreian–Mrvar), with its disagreements and proof status."""
    result = coalitions_exact(G, k, alpha=alpha, weighted=weighted, time_limit=time_limit, seed=seed)
    return {"k": result.k, "groups": _groups(result.groups), "criterion": result.criterion,
            "disagreements": result.negative_within + result.positive_between,
            "negative_within": result.negative_within, "positive_between": result.positive_between,
            "alpha": alpha, "optimal": result.is_optimal, "lower_bound": result.lower_bound,
            "seconds": round(result.seconds, 4)}


def scenario_record(result: ScenarioResult) -> dict[str, object]:
    """Before, after, who moved between coalitions, and the deltas."""
    def side(o) -> dict[str, object]:
        return {"frustration_index": o.frustration.value, "optimal": o.frustration.is_optimal and o.coalitions.is_optimal,
                "groups": _groups(o.coalitions.groups), "criterion": o.coalitions.criterion,
                "n_nodes": o.n_nodes, "n_edges": o.n_edges}
    before_groups, after_groups = result.before.coalitions.groups, result.after.coalitions.groups
    return {"changes": [{"kind": c.kind, "u": c.u, "v": c.v, "weight": c.weight} for c in result.changes],
            "before": side(result.before), "after": side(result.after),
            "moved": [{"actor": str(m.actor), "from": sorted(map(str, before_groups[m.before])),
                       "to": sorted(map(str, after_groups[m.after]))} for m in result.moved],
            "removed": [str(n) for n in result.removed], "delta_frustration": result.delta_frustration,
            "delta_criterion": result.delta_criterion}


def actor_attributes(catalogue, ids, day: dt.date | None = None) -> dict[str, dict[str, object]]:
    """Scalar node attributes for exports: name, kind, country, provisional, declared coalitions on ``day``."""
    result = {}
    for actor_id in ids:
        actor = catalogue.actors.get(actor_id)
        coalitions = sorted(c.id for c in catalogue.coalitions.values() if day and actor_id in c.members_on(day))
        result[actor_id] = {"name": actor.name if actor else actor_id, "kind": actor.kind if actor else "unknown",
                            "country": (actor.country or "") if actor else "", "provisional": bool(actor and actor.provisional),
                            "coalitions": " ".join(coalitions)}
    return result


def export_store(store: Store, path: Path, fmt: str, *, params: DyadParams | None = None,
                 min_happenings: int = 1) -> list[Path]:
    """Export the store's snapshots (one per window of ``params``) with named actors; the files written."""
    from faultlines.report.exports import export_snapshots

    graphs = snapshots(store.dyad_scores(params or DyadParams(rollup=True)), min_happenings=min_happenings)
    catalogue = store.catalogue()
    last = graphs[-1].graph["window"][0] if graphs else None
    actors = actor_attributes(catalogue, sorted({n for G in graphs for n in G}), last)
    return export_snapshots(graphs, path, fmt, actors=actors)
