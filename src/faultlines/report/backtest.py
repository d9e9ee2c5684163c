"""Backtests: replay the past window by window and see what Faultlines would have said then.

:func:`replay_store` reruns fracture detection at the end of each month with only the claims known
by then, and for each milestone (the day a fracture became public knowledge) reports when it was
first flagged and the lead in days (positive: flagged before it was public). :func:`replay_graphs`
follows a series of signed snapshots (the Correlates-of-War windows): the frustration index with
its proof, the two camps of the optimal bipartition, and who changed camp from one window to the next.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

import networkx as nx

from faultlines.detect import FractureParams
from faultlines.ingest.milestones import Milestone
from faultlines.model import period_end
from faultlines.network import frustration_index
from faultlines.report.fractures import find_fractures
from faultlines.report.records import actor_ref
from faultlines.scenario.whatif import match_groups
from faultlines.store import Store


def _month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    ends, day = [], first.replace(day=1)
    while day <= last:
        end = period_end(day, "month")
        ends.append(end - dt.timedelta(days=1))
        day = end
    return ends


def replay_store(store: Store, milestones: Sequence[Milestone] = (), *, window: str = "month", top: int | None = None,
                 **params) -> dict[str, object]:
    """Month by month, the fractures known at each month's end; and each milestone's lead time.

    The replay starts at the end of the ``min_windows``-th month: with fewer windows there is no
    trend to test and the detector flags every souring pair, which would flatter the lead times.

    ``top`` counts a pair as flagged only while it ranks among the top N (None: anywhere in the list).
    """
    summary = store.summary()
    catalogue = store.catalogue()
    if not summary["counts"]["claims"]:
        return {"steps": [], "milestones": [_milestone(m, None, catalogue) for m in milestones]}
    steps, first_flagged = [], {}
    # a replay starts once there are enough windows to test a trend (before that every souring pair is flagged)
    warm_up = params.get("min_windows", FractureParams().min_windows) - 1
    for as_of in _month_ends(summary["first"], summary["last"])[warm_up:]:
        found = find_fractures(store, window=window, until=as_of, **params).fractures_
        ranked = found[:top] if top else found
        for f in ranked:
            first_flagged.setdefault(f.pair, (as_of, f))
        steps.append({"as_of": as_of.isoformat(), "flagged": [
            {"pair": [actor_ref(f.a, catalogue), actor_ref(f.b, catalogue)], "score": f.score, "status": f.status,
             "onset": f.onset.isoformat()} for f in ranked]})
    return {"steps": steps, "milestones": [_milestone(m, first_flagged.get((m.a, m.b)), catalogue) for m in milestones]}


def _milestone(m: Milestone, flagged, catalogue) -> dict[str, object]:
    as_of, f = flagged if flagged else (None, None)
    return {"pair": [actor_ref(m.a, catalogue), actor_ref(m.b, catalogue)], "public": m.public.isoformat(),
            "what": m.what, "first_flagged": as_of.isoformat() if as_of else None,
            "onset": f.onset.isoformat() if f else None,
            "lead_days": (m.public - as_of).days if as_of else None}


def replay_graphs(graphs: Sequence[tuple[str | None, nx.Graph]], *, time_limit: float | None = 30.0) -> list[dict]:
    """Per snapshot: frustration index (proof status), the two camps, who moved camp since the last one."""
    steps, previous = [], None
    for label, G in graphs:
        result = frustration_index(G, time_limit=time_limit, seed=0)
        camps = tuple(frozenset(side) for side in result.partition)
        moved = []
        if previous is not None:
            mapping = match_groups(previous, camps)
            before = {n: i for i, g in enumerate(previous) for n in g}
            moved = sorted(str(n) for j, g in enumerate(camps) for n in g if n in before and mapping.get(j) != before[n])
        steps.append({"window": label, "n_nodes": G.number_of_nodes(), "n_edges": G.number_of_edges(),
                      "frustration_index": result.value, "optimal": result.is_optimal, "gap": result.gap,
                      "normalised": round(result.value / G.number_of_edges(), 6) if G.number_of_edges() else 0.0,
                      "camps": [sorted(map(str, c)) for c in camps], "moved": moved})
        previous = camps
    return steps
