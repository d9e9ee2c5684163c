"""What the web app shows, as JSON-ready data, built from the report functions the brief uses.

An :class:`Explorer` wraps a read-only store. It runs the fracture detector once
(:func:`~faultlines.report.fractures.find_fractures`, the same run the brief makes) and the brief's
data (:func:`~faultlines.report.brief.brief_data`), and answers from them: the standing network of
each window with its inferred coalitions and frustrated ties (the network the brief plots), the
evidence behind a tie (:func:`~faultlines.report.records.claim_record`), an actor's profile
(:func:`~faultlines.report.records.actor_record` and its dyad timelines,
:func:`~faultlines.report.records.dyad_record`), the ranked fractures and the what-if scenario
(:func:`~faultlines.report.analysis.scenario_record`). Results are computed on first use and kept:
the store is opened read-only, so they cannot go stale while the server runs.

Every method is safe to call from several threads (one lock guards the store and the caches).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from functools import cached_property

from faultlines.catalogue.rollup import principal
from faultlines.errors import UsageError
from faultlines.model import Claim, TextSpan
from faultlines.model.dyads import DyadParams, DyadScore
from faultlines.report.analysis import scenario_record
from faultlines.report.brief import brief_data
from faultlines.report.fractures import find_fractures
from faultlines.report.records import actor_record, actor_ref, claim_record, dyad_record
from faultlines.scenario import Change, what_if
from faultlines.store import Store
from faultlines.web.places import country_places

MAX_CLAIMS = 60  # claims shown for one tie; the rest are counted
MAX_QUOTES = 6


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


class Explorer:
    """The web app's view of one store: windows, graphs, evidence, actors, fractures, what-if, places.

    Parameters
    ----------
    store : a store (opened with ``read_only=True`` by the server).
    window : the time step of the series (``month`` by default, as the brief).
    time_limit : seconds per exact solve in a what-if scenario.
    """

    def __init__(self, store: Store, *, window: str = "month", time_limit: float = 10.0) -> None:
        self.store, self.window, self.time_limit = store, window, time_limit
        self.lock = threading.RLock()
        self._graphs: dict[int, dict] = {}
        self._scenarios: dict[tuple[int, tuple[str, ...]], dict] = {}

    # -- what is computed once -------------------------------------------------------------------

    @cached_property
    def catalogue(self):
        return self.store.catalogue()

    @cached_property
    def detector(self):
        """The fitted fracture detector: windows, standing networks, coalitions, frustrated ties."""
        return find_fractures(self.store, window=self.window)

    @cached_property
    def brief(self) -> dict:
        """The brief's data, without its plots."""
        return brief_data(self.store, window=self.window, plots=False)

    @cached_property
    def scores(self) -> dict[tuple[str, str], list[DyadScore]]:
        """Rolled-up dyad scores per pair, in window order (the series behind the standing network)."""
        by_pair: dict[tuple[str, str], list[DyadScore]] = defaultdict(list)
        for s in self.store.dyad_scores(DyadParams(window=self.window, rollup=True)):
            if s.a != s.b:
                by_pair[_pair(s.a, s.b)].append(s)
        return dict(by_pair)

    @cached_property
    def claims(self) -> dict[str, Claim]:
        return {c.id: c for c in self.store.claims()}

    @cached_property
    def sources(self):
        return self.store.sources()

    # -- windows and graphs ----------------------------------------------------------------------

    def windows(self) -> list[dict]:
        """Each window ``[start, end)`` with the size of its standing network."""
        with self.lock:
            d = self.detector
            return [{"index": t, "start": s.isoformat(), "end": e.isoformat(), "n_actors": G.number_of_nodes(),
                     "n_ties": G.number_of_edges(), "n_frustrated": len(d.frustrated_[t])}
                    for t, ((s, e), G) in enumerate(zip(d.windows_, d.standing_))]

    def window_index(self, start: str | None) -> int:
        """The index of the window starting on ``start`` (ISO date); the last window if None."""
        with self.lock:
            starts = [s.isoformat() for s, _ in self.detector.windows_]
        if start is None and starts:
            return len(starts) - 1
        if start not in starts:
            raise UsageError("E800", value=start, first=starts[0] if starts else "-", last=starts[-1] if starts else "-")
        return starts.index(start)

    def graph(self, start: str | None = None) -> dict:
        """The standing network of a window: actors in their coalitions, signed ties, frustrated ties marked."""
        with self.lock:
            if not self.detector.windows_:
                return {"window": None, "nodes": [], "groups": [], "edges": []}
            t = self.window_index(start)
            if t not in self._graphs:
                self._graphs[t] = self._graph(t)
            return self._graphs[t]

    def _graph(self, t: int) -> dict:
        d, cat = self.detector, self.catalogue
        G, (start, end) = d.standing_[t], d.windows_[t]
        group_of = {n: i for i, g in enumerate(d.groups_[t]) for n in g}
        flow = {_pair(s.a, s.b): s for ss in self.scores.values() for s in ss if s.start == start}
        groups = [sorted(g, key=lambda n: (-G.degree(n, weight=None), n)) for g in d.groups_[t]]
        return {
            "window": {"index": t, "start": start.isoformat(), "end": end.isoformat()},
            "nodes": [{**actor_ref(n, cat), "kind": getattr(cat.actors.get(n), "kind", "unknown"),
                       "country": getattr(cat.actors.get(n), "country", None), "degree": G.degree(n, weight=None),
                       "group": f"camp-{group_of[n] + 1}" if n in group_of else None} for n in sorted(G)],
            "groups": [{"id": f"camp-{i + 1}", "label": f"Camp {i + 1}: " + ", ".join(actor_ref(n, cat)["name"] for n in g[:2]),
                        "members": sorted(g)} for i, g in enumerate(groups)],
            "edges": [self._edge_item(u, v, w, t, flow) for u, v, w in sorted(G.edges(data="weight"))],
        }

    def _edge_item(self, u: str, v: str, weight: float, t: int, flow: dict) -> dict:
        a, b = _pair(u, v)
        this = flow.get((a, b))
        return {"id": f"{a}|{b}", "source": a, "target": b, "weight": round(weight, 3), "sign": 1 if weight > 0 else -1,
                "frustrated": (a, b) in self.detector.frustrated_[t],
                "flow": round(this.score, 3) if this else None, "n_claims_window": this.n_claims if this else 0}

    # -- evidence --------------------------------------------------------------------------------

    def edge(self, a: str, b: str, start: str | None = None) -> dict:
        """A tie of a window's standing network with its history and the claims behind it, newest first."""
        a, b = _pair(a, b)
        with self.lock:
            t = self.window_index(start)
            G, (first, _) = self.detector.standing_[t], self.detector.windows_[t]
            if not G.has_edge(a, b):
                raise UsageError("E801", a=a, b=b, window=first.isoformat())
            history = [s for s in self.scores.get((a, b), []) if s.start <= first]
            ids = list(dict.fromkeys(i for s in reversed(history) for i in s.claim_ids))
            chosen = sorted((self.claims[i] for i in ids[:MAX_CLAIMS] if i in self.claims),
                            key=lambda c: (c.occurred_at, c.id), reverse=True)
            docs = self.store.documents(sorted({e.doc_id for c in chosen for e in c.evidence if isinstance(e, TextSpan)}))
            quotes = self.store.quotes(sorted(docs))
            rows = self.store.dataset_rows([c.id for c in chosen])
            cat = self.catalogue
            return {"pair": [actor_ref(a, cat), actor_ref(b, cat)], "window": {"start": first.isoformat()},
                    "weight": round(G[a][b]["weight"], 3), "frustrated": (a, b) in self.detector.frustrated_[t],
                    "history": [dyad_record(s, cat) for s in history], "n_claims": len(ids),
                    "claims": [claim_record(c, cat, docs, self.sources, rows) for c in chosen],
                    "quotes": [{"text": docs[q.span.doc_id].text[q.span.start:q.span.end], "kind": q.kind,
                                "speaker": actor_ref(q.speaker, cat), "doc_id": q.span.doc_id,
                                "url": docs[q.span.doc_id].url} for q in quotes[:MAX_QUOTES]]}

    # -- actors ----------------------------------------------------------------------------------

    def actors(self) -> list[dict]:
        """The actors on record in any window, with the number of claims naming each directly."""
        with self.lock:
            counts: dict[str, int] = defaultdict(int)
            for c in self.claims.values():
                counts[c.source_actor] += 1
                counts[c.target_actor] += 1
            cat = self.catalogue
            present = {n for G in self.detector.standing_ for n in G} | set(counts)
            return [{**actor_ref(n, cat), "kind": getattr(cat.actors.get(n), "kind", "unknown"),
                     "n_claims": counts.get(n, 0), "in_graph": any(n in G for G in self.detector.standing_)}
                    for n in sorted(present)]

    def actor(self, name: str) -> dict:
        """An actor's profile: names, codes, dated affiliations, coalitions and its dyad timelines."""
        with self.lock:
            cat = self.catalogue
            actor_id = name if name in cat.actors else cat.resolve_id(name)
            day = self.detector.windows_[-1][0] if self.detector.windows_ else dt.date.today()
            head = principal(cat, actor_id, day)
            timelines = [{"other": actor_ref(b if a == head else a, cat), "total": round(sum(s.score for s in ss), 3),
                          "series": [dyad_record(s, cat) for s in ss]}
                         for (a, b), ss in self.scores.items() if head in (a, b)]
            timelines.sort(key=lambda x: (-abs(x["total"]), x["other"]["id"]))
            return {**actor_record(cat.actors[actor_id], cat), "principal": actor_ref(head, cat), "timelines": timelines}

    # -- findings --------------------------------------------------------------------------------

    def fractures(self) -> dict:
        """The brief's ranked fractures (with sentences, evidence and quotes) and its headlines."""
        with self.lock:
            b = self.brief
            return {"fractures": b["fractures"], "n_fractures": b["n_fractures"], "headlines": b["headlines"],
                    "period": b["period"], "citations": b["citations"]}

    def summary(self) -> dict:
        """The store's period, counts, headlines, coalitions and common-enemy test, as the brief has them."""
        with self.lock:
            b = self.brief
            return {k: b[k] for k in ("title", "version", "empty", "period", "counts", "headlines", "coalitions",
                                      "balance", "common_enemy", "n_fractures")}

    def whatif(self, remove: list[str], start: str | None = None) -> dict:
        """Remove actors from a window's standing network and see who changes coalition."""
        with self.lock:
            t = self.window_index(start)
            cat = self.catalogue
            key = (t, tuple(sorted({a if a in cat.actors else cat.resolve_id(a) for a in remove})))
            if key not in self._scenarios:
                G = self.detector.standing_[t]
                result = what_if(G, [Change("remove_actor", a) for a in key[1]], time_limit=self.time_limit)
                self._scenarios[key] = self._named(scenario_record(result), t)
            return self._scenarios[key]

    def _named(self, record: dict, t: int) -> dict:
        cat = self.catalogue

        def names(ids):
            return [actor_ref(i, cat) for i in ids]
        for side in ("before", "after"):
            record[side]["groups"] = [names(g) for g in record[side]["groups"]]
        record["moved"] = [{"actor": actor_ref(m["actor"], cat), "from": names(m["from"]), "to": names(m["to"])}
                           for m in record["moved"]]
        record["removed"] = names(record["removed"])
        record["window"] = {"start": self.detector.windows_[t][0].isoformat()}
        return record

    def places(self) -> dict:
        """Where the actors on record are: their country, placed at its capital (``web/places.py``)."""
        with self.lock:
            cat = self.catalogue
            ids = sorted({n for G in self.detector.standing_ for n in G})
            countries = {n: getattr(cat.actors.get(n), "country", None) for n in ids}
            where = country_places({c for c in countries.values() if c})
            return {"actors": [{**actor_ref(n, cat), "country": countries[n], **where.get(countries[n] or "", {})}
                               for n in ids],
                    "basemap": "/static/vendor/countries-50m.json"}

