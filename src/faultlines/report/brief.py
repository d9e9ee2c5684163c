"""The brief as data: every finding, sentence, quote, citation and plot, before any rendering.

:func:`brief_data` gathers what the Markdown and HTML renderers (``report/render.py``) and the web
app show. Every sentence is ``{"text", "claim_ids", "cites"}``: its text is built by a template
from stored claims (``report/sentences.py``), its claim ids say which claims it rests on, and its
citations number the documents those claims come from, in the order first cited.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import networkx as nx

from faultlines import __version__
from faultlines.catalogue import Catalogue
from faultlines.catalogue.rollup import principal
from faultlines.detect import FractureDetector, common_enemy_test
from faultlines.errors import AnalysisError
from faultlines.model.dyads import DyadParams
from faultlines.network import frustration_index
from faultlines.network.snapshots import snapshots
from faultlines.report import sentences as say
from faultlines.report.fractures import Evidence, find_fractures, fracture_record, load_evidence
from faultlines.report.plots import Timeline, membership_svg, network_svg, timelines_svg
from faultlines.report.records import actor_ref
from faultlines.store import Store

MAX_QUOTES = 3


class Citations:
    """Numbers documents in the order they are first cited."""

    def __init__(self) -> None:
        self.entries: list[dict[str, object]] = []
        self._index: dict[str, int] = {}

    def cite(self, item: dict) -> int | None:
        key = item.get("doc_id")
        if key is None:
            return None
        if key not in self._index:
            self.entries.append({"n": len(self.entries) + 1, "doc_id": key, "outlet": item.get("outlet"),
                                 "outlet_id": item.get("outlet_id"),
                                 "date": item.get("published") or item.get("date"), "url": item.get("url"),
                                 "title": item.get("title")})
            self._index[key] = len(self.entries)
        return self._index[key]


def _sentence(text: str | None, claim_ids: Iterable[str], cites: Iterable[int | None] = ()) -> dict | None:
    if text is None:
        return None
    return {"text": text, "claim_ids": sorted(set(claim_ids)), "cites": sorted({c for c in cites if c})}


def _fracture_section(record: dict, evidence: Evidence, store: Store, catalogue: Catalogue,
                      citations: Citations) -> dict:
    third_ids = [i for t in record["third_parties"] for i in t["claim_ids"]]
    items = record["evidence"]
    cites = {it["claim_id"]: citations.cite(it) for it in items}
    direct = [it["claim_id"] for it in items if it["claim_id"] in set(record["claim_ids"])]
    paragraph = [
        _sentence(say.fracture_opening(record), record["claim_ids"] or third_ids, (cites.get(i) for i in direct[:3])),
        _sentence(say.trajectory_sentence(record), record["claim_ids"]),
        *(_sentence(say.third_party_sentence(t), t["claim_ids"],
                    (cites.get(i) for i in t["claim_ids"])) for t in record["third_parties"]),
        _sentence(say.strain_sentence(record), record["claim_ids"]),
        _sentence(say.evidence_sentence(record), record["claim_ids"] + third_ids),
    ]
    return {**record, "sentences": [s for s in paragraph if s],
            "evidence_items": [{**it, "sentence": say.claim_sentence(it), "cite": cites[it["claim_id"]]} for it in items],
            "quotes": _quotes(record, items, store, catalogue, citations)}


def _quotes(record: dict, items: list[dict], store: Store, catalogue: Catalogue, citations: Citations) -> list[dict]:
    """The best quotes in the fracture's documents: the pair's own speakers first, then the longest."""
    docs = {it["doc_id"]: it for it in items if it.get("doc_id")}
    if not docs:
        return []
    texts = store.documents(list(docs))
    pair = {p["id"] for p in record["pair"]}
    found = []
    for q in store.quotes(list(docs)):
        text = texts[q.span.doc_id].text[q.span.start:q.span.end].strip()
        if q.speaker is None or not 20 <= len(text) <= 400:
            continue
        day = texts[q.span.doc_id].published_at or dt.date.today()
        own = principal(catalogue, q.speaker, day) in pair
        found.append((not own, -len(text), q, text))
    found.sort(key=lambda f: f[:2])
    return [{"text": text, "speaker": actor_ref(q.speaker, catalogue), "kind": q.kind, "doc_id": q.span.doc_id,
             "cite": citations.cite(docs[q.span.doc_id]),
             "claim_ids": [it["claim_id"] for it in items if it["doc_id"] == q.span.doc_id]}
            for _, _, q, text in found[:MAX_QUOTES]]


def _coalitions(catalogue: Catalogue, present: set[str], first: dt.date, last: dt.date) -> list[dict]:
    """Declared coalitions active in the period with at least two members on record, and their proxies."""
    result = []
    for c in sorted(catalogue.coalitions.values(), key=lambda c: c.id):
        members = sorted({m for day in (first, last) for m in c.members_on(day)})
        on_record = [m for m in members if m in present]
        if len(on_record) < 2:
            continue
        proxies = [{"actor": actor_ref(a.child, catalogue), "patron": actor_ref(m, catalogue)}
                   for m in on_record for a in catalogue.dependents_of(m, relation="backed_by", on=last)
                   if a.child in present]
        result.append({"id": c.id, "name": c.name, "leader": actor_ref(c.leader, catalogue),
                       "against": [actor_ref(x, catalogue) for x in c.against],
                       "members": [actor_ref(m, catalogue) for m in on_record],
                       "n_members_without_claims": len(members) - len(on_record), "proxies": proxies})
    return result


MAX_HELD_PAIRS = 12


def _common_enemy(store: Store, catalogue: Catalogue, detector: FractureDetector, enemy: str | None) -> dict | None:
    """The common-enemy test on the standing network of the window where the enemy was fought hardest.

    The enemy is the one named, else the one the coalitions on record are declared against, else
    the structural candidate (``detect.enemy_candidates``) of the whole period's network.
    """
    graphs = snapshots(store.dyad_scores(DyadParams(window="all", rollup=True)), keep_neutral=False)
    if not graphs or graphs[0].number_of_edges() == 0 or not detector.windows_:
        return None
    whole = graphs[0]
    enemy_id = catalogue.resolve_id(enemy) if enemy else _declared_enemy(catalogue, whole)
    how = "named" if enemy else "declared" if enemy_id else "structure"
    if enemy_id is None:
        try:
            enemy_id = common_enemy_test(whole).enemy
        except AnalysisError as e:
            if e.code != "E520":
                raise
            return None
    fought = [sum(-w for _, _, w in G.edges(enemy_id, data="weight") if w < 0) if enemy_id in G else 0.0
              for G in detector.standing_]
    t = max(range(len(fought)), key=lambda i: (fought[i], -i))
    if fought[t] <= 0:
        return None
    G = detector.standing_[t]
    result = common_enemy_test(G, enemy_id)
    sc = result.scenario
    degree = {n: G.degree(n, weight=None) for n in G}
    held = sorted(result.held_together, key=lambda p: (-min(degree[p[0]], degree[p[1]]), str(p)))
    claim_ids = {i for v in G[enemy_id] for i in detector.claims_behind(enemy_id, v, t)}

    def groups(partition):
        return [[actor_ref(n, catalogue) for n in sorted(g, key=lambda n: (-degree[n], str(n)))] for g in partition]

    return {"enemy": actor_ref(result.enemy, catalogue), "window": detector.windows_[t][0].isoformat(),
            "chosen_by": how,
            "n_held_together": len(held),
            "held_together": [[actor_ref(u, catalogue), actor_ref(v, catalogue)] for u, v in held[:MAX_HELD_PAIRS]],
            "rival_foes": [{"pair": [actor_ref(u, catalogue), actor_ref(v, catalogue)], "tie": round(w, 6)}
                           for u, v, w in sorted(result.shared_enemy_pairs, key=lambda p: (p[2], str(p[:2]))) if w < 0],
            "before": {"groups": groups(sc.before.coalitions.groups), "frustration": round(sc.before.frustration.value, 6),
                       "optimal": sc.before.frustration.is_optimal},
            "after": {"groups": groups(sc.after.coalitions.groups), "frustration": round(sc.after.frustration.value, 6),
                      "optimal": sc.after.frustration.is_optimal},
            "candidates": [{"actor": actor_ref(a, catalogue), "rivalry": r, "hostile_weight": w}
                           for a, r, w in result.candidates[:5]],
            "claim_ids": sorted(claim_ids),
            "main_actors_after": [g[:4] for g in groups(sc.after.coalitions.groups)]}


def _declared_enemy(catalogue: Catalogue, G: nx.Graph) -> str | None:
    """The adversary most often named in the ``against`` lists of the coalitions on record in ``G``."""
    counts: dict[str, int] = {}
    for c in catalogue.coalitions.values():
        if sum(m.actor_id in G for m in c.members) >= 2:
            for foe in c.against:
                if foe in G:
                    counts[foe] = counts.get(foe, 0) + 1
    return min(counts, key=lambda f: (-counts[f], f)) if counts else None


def _names(graph_nodes: Iterable[str], catalogue: Catalogue) -> dict[str, str]:
    return {n: (catalogue.actors[n].name if n in catalogue.actors else n) for n in graph_nodes}


def _place_map(store: Store) -> str | None:
    """The static map of the places the documents name, with their latest asserted holders."""
    from faultlines.places import Gazetteer
    from faultlines.places.mapplot import latest_holders, map_svg

    found = store.places()
    if not found:
        return None
    gaz = Gazetteer.bundled()  # the store keeps points; outlines and rivers come from the gazetteer
    svg = map_svg([gaz.curated.get(p.id, p) for p in found], holders=latest_holders(store.control()))
    return svg[svg.index("<svg"):]  # inline: no XML prolog or DOCTYPE


def _plots(detector: FractureDetector, records: list[dict], catalogue: Catalogue, store: Store) -> dict[str, str]:
    if not detector.windows_:
        return {}
    G = detector.standing_[-1]
    frustrated = sorted(detector.frustrated_[-1])
    names = _names({n for H in detector.standing_ for n in H}, catalogue)
    title = f"Standing network at {detector.windows_[-1][0]:%B %Y}"
    timelines = [Timeline(f"{r['pair'][0]['name']} – {r['pair'][1]['name']}",
                          tuple((dt.date.fromisoformat(p["start"]), p["score"]) for p in r["series"]),
                          dt.date.fromisoformat(r["onset"]), r["status"]) for r in records[:5]]
    labels = [f"{start:%Y-%m}" for start, _ in detector.windows_]
    groups = [[sorted(g) for g in window_groups] for window_groups in detector.groups_]
    return {"network": network_svg(G, [sorted(g) for g in detector.groups_[-1]], names=names,
                                   frustrated=frustrated, title=title),
            "timelines": timelines_svg(timelines),
            "membership": membership_svg(labels, groups, names=names),
            **({"map": place_map} if (place_map := _place_map(store)) else {})}


def _balance(detector: FractureDetector) -> dict | None:
    if not detector.windows_ or detector.standing_[-1].number_of_edges() == 0:
        return None
    G: nx.Graph = detector.standing_[-1]
    result = frustration_index(G, weighted=True, time_limit=detector.params.time_limit, seed=0)
    return {"frustration": round(result.value, 6), "optimal": result.is_optimal, "gap": result.gap,
            "n_actors": G.number_of_nodes(), "n_ties": G.number_of_edges(),
            "n_frustrated": len(result.frustrated_edges),
            "frustrated": [sorted((str(u), str(v))) for u, v in result.frustrated_edges],
            "claim_ids": sorted({i for u, v in result.frustrated_edges for i in detector.claims_behind(u, v)})}


def brief_data(store: Store, *, window: str = "month", enemy: str | None = None, top: int = 8,
               plots: bool = True, **params) -> dict[str, object]:
    """Everything the brief shows, as JSON-ready data (``params``: fracture parameters)."""
    catalogue = store.catalogue()
    summary = store.summary()
    detector = find_fractures(store, window=window, **params)
    found = detector.fractures_[:top]
    evidence = load_evidence(store, found)
    citations = Citations()
    records = [fracture_record(f, catalogue, evidence) for f in found]
    sections = [_fracture_section(r, evidence, store, catalogue, citations) for r in records]
    present = {n for G in detector.standing_ for n in G}
    first, last = summary["first"], summary["last"]
    common = _common_enemy(store, catalogue, detector, enemy) if summary["counts"]["claims"] else None
    data = {
        "title": "Where the alliances crack",
        "version": __version__,
        "empty": not summary["counts"]["claims"],
        "period": {"first": first.isoformat() if first else None, "last": last.isoformat() if last else None,
                   "window": window, "n_windows": len(detector.windows_)},
        "counts": {"claims": summary["counts"]["claims"], "documents": summary["counts"]["documents"],
                   "actors": summary["n_actors_involved"], "outlets": summary["n_outlets"]},
        "fractures": sections,
        "n_fractures": len(detector.fractures_),
        "coalitions": _coalitions(catalogue, present, first, last) if first else [],
        "inferred": [[actor_ref(n, catalogue) for n in sorted(g)] for g in detector.groups_[-1]] if detector.windows_ else [],
        "balance": _balance(detector),
        "common_enemy": common,
        "method": {"window": window, "rollup": True, "fracture_params": detector.get_params(),
                   "dyad_params": {"window": window, "rollup": True, "tolerance_days": DyadParams().tolerance_days}},
    }
    data["headlines"] = _headlines(data)
    data["sources"] = _sources(evidence, citations, catalogue)
    data["citations"] = citations.entries
    data["plots"] = _plots(detector, records, catalogue, store) if plots else {}
    return data


def _headlines(data: dict) -> list[dict]:
    if data["empty"]:
        return [_sentence("The store holds no claims yet: ingest a claims file, texts or an event dataset first.", [])]
    lines = []
    fractures = data["fractures"]
    if fractures:
        # the onset is when the souring began; the status is where it stands at the end
        top = "; ".join(f"{f['pair'][0]['name']}–{f['pair'][1]['name']} (from "
                        f"{say.human_date(f['onset'][:7])}, now {f['status']})" for f in fractures[:3])
        first, last = (say.human_date(data["period"][k]) for k in ("first", "last"))
        when = f"on {first}" if first == last else f"between {first} and {last}"
        lines.append(_sentence(f"{data['n_fractures']} relations inside coalitions are souring {when}. "
                               f"The strongest: {top}.", [i for f in fractures[:3] for i in f["claim_ids"]]))
    else:
        lines.append(_sentence("No relation inside a coalition sours enough to be called a fracture in this period.", []))
    common = data["common_enemy"]
    if common:
        before, after = common["before"]["frustration"], common["after"]["frustration"]
        rivals = ", ".join(f"{p['pair'][0]['name']}–{p['pair'][1]['name']}" for p in common["rival_foes"][:4])
        text = (f"{common['enemy']['name']} is the common enemy: in {say.human_date(common['window'][:7])}, when it was "
                f"fought hardest, {len(common['rival_foes'])} pairs of its foes were hostile to each other"
                + (f" (such as {rivals})" if rivals else "")
                + (f"; without it the network's frustration falls by {1 - after / before:.0%} ({before:.1f} to "
                   f"{after:.1f})" if before > 0 else "")
                + (f"; without it {common['n_held_together']} pairs that shared a camp split apart" if common["n_held_together"] else "")
                + ".")
        lines.append(_sentence(text, common["claim_ids"]))
    balance = data["balance"]
    if balance:
        lines.append(_sentence(
            f"At the end of the period {balance['n_frustrated']} of {balance['n_ties']} standing ties contradict "
            f"the best two-camp split (weighted frustration {balance['frustration']:.1f}"
            f"{', proven optimal' if balance['optimal'] else ''}).", balance["claim_ids"]))
    return [line for line in lines if line]


def _sources(evidence: Evidence, citations: Citations, catalogue: Catalogue) -> list[dict]:
    cited = {}
    for entry in citations.entries:
        doc = evidence.documents.get(entry["doc_id"])
        outlet = doc.source_id if doc else entry.get("outlet_id")  # a dataset row: its dataset
        if outlet:
            cited[outlet] = cited.get(outlet, 0) + 1
    return [{"id": s.id, "name": s.name, "reliability": s.reliability,
             "affiliation": actor_ref(s.actor_id, catalogue), "n_cited": cited[s.id]}
            for s in sorted(evidence.sources.values(), key=lambda s: s.name) if s.id in cited]
