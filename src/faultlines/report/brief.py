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
from faultlines.detect import FractureDetector, common_enemy_test
from faultlines.errors import AnalysisError
from faultlines.model.dyads import DyadParams
from faultlines.network import frustration_index
from faultlines.network.snapshots import snapshots
from faultlines.report import sentences as say
from faultlines.report.fractures import Evidence, evidence_item, find_fractures, fracture_record, load_evidence
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
    from faultlines.catalogue.rollup import principal
    found = []
    for q in store.quotes(list(docs)):
        text = texts[q.span.doc_id].text[q.span.start:q.span.end].strip()
        if q.speaker is None or not 20 <= len(text) <= 400:
            continue
        day = texts[q.span.doc_id].published_at or dt.date.today()
        own = principal(catalogue, q.speaker, day) in pair
        found.append((not own, -len(text), q, text))
    found.sort(key=lambda f: f[:2])
    claims = [it["claim_id"] for it in items]
    return [{"text": text, "speaker": actor_ref(q.speaker, catalogue), "kind": q.kind, "doc_id": q.span.doc_id,
             "cite": citations.cite(docs[q.span.doc_id]),
             "claim_ids": [c for c in claims if docs.get(q.span.doc_id) and any(
                 it["claim_id"] == c and it["doc_id"] == q.span.doc_id for it in items)]}
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


def _common_enemy(store: Store, catalogue: Catalogue, enemy: str | None) -> dict | None:
    graphs = snapshots(store.dyad_scores(DyadParams(window="all", rollup=True)), keep_neutral=False)
    if not graphs or graphs[0].number_of_edges() == 0:
        return None
    G = graphs[0]
    enemy_id = catalogue.resolve_id(enemy) if enemy else _declared_enemy(catalogue, G)
    try:
        result = common_enemy_test(G, enemy_id)
    except AnalysisError as e:
        if e.code != "E520":
            raise
        return None
    claim_ids = [i for v in G[result.enemy] for i in G[result.enemy][v]["claim_ids"]]
    sc = result.scenario
    return {"enemy": actor_ref(result.enemy, catalogue),
            "held_together": [[actor_ref(u, catalogue), actor_ref(v, catalogue)] for u, v in result.held_together],
            "shared_enemy_pairs": [{"pair": [actor_ref(u, catalogue), actor_ref(v, catalogue)], "tie": w}
                                   for u, v, w in result.shared_enemy_pairs],
            "before": {"groups": [[actor_ref(n, catalogue) for n in sorted(g)] for g in sc.before.coalitions.groups],
                       "frustration": sc.before.frustration.value, "optimal": sc.before.frustration.is_optimal},
            "after": {"groups": [[actor_ref(n, catalogue) for n in sorted(g)] for g in sc.after.coalitions.groups],
                      "frustration": sc.after.frustration.value, "optimal": sc.after.frustration.is_optimal},
            "chosen_by": "named" if enemy else "declared" if enemy_id else "structure",
            "candidates": [{"actor": actor_ref(a, catalogue), "rivalry": r, "hostile_weight": w}
                           for a, r, w in result.candidates[:5]],
            "claim_ids": sorted(set(claim_ids)),
            "main_actors_after": [[actor_ref(n, catalogue) for n in sorted(g, key=lambda n: (-G.degree(n, weight=None), n))[:4]]
                                  for g in sc.after.coalitions.groups]}


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


def _plots(detector: FractureDetector, records: list[dict], catalogue: Catalogue) -> dict[str, str]:
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
            "membership": membership_svg(labels, groups, names=names)}


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
    common = _common_enemy(store, catalogue, enemy) if summary["counts"]["claims"] else None
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
    data["plots"] = _plots(detector, records, catalogue) if plots else {}
    return data


def _headlines(data: dict) -> list[dict]:
    if data["empty"]:
        return [_sentence("The store holds no claims yet: ingest a claims file, texts or an event dataset first.", [])]
    lines = []
    fractures = data["fractures"]
    if fractures:
        top = "; ".join(f"{f['pair'][0]['name']}–{f['pair'][1]['name']} ({f['status']}, since "
                        f"{say.human_date(f['onset'][:7])})" for f in fractures[:3])
        first, last = (say.human_date(data["period"][k]) for k in ("first", "last"))
        when = f"on {first}" if first == last else f"between {first} and {last}"
        lines.append(_sentence(f"{data['n_fractures']} relations inside coalitions are souring {when}. "
                               f"The strongest: {top}.", [i for f in fractures[:3] for i in f["claim_ids"]]))
    else:
        lines.append(_sentence("No relation inside a coalition sours enough to be called a fracture in this period.", []))
    common = data["common_enemy"]
    if common and common["held_together"]:
        camps = " and ".join("(" + ", ".join(m["name"] for m in g) + ")" for g in common["main_actors_after"] if g)
        lines.append(_sentence(
            f"Remove the common enemy, {common['enemy']['name']}, and the camps it held together come apart: the best "
            f"split becomes {camps}; {len(common['held_together'])} pairs that were on one side are no longer, and "
            f"the frustration index goes from {common['before']['frustration']:.1f} to {common['after']['frustration']:.1f}.",
            common["claim_ids"]))
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
        if doc and doc.source_id:
            cited[doc.source_id] = cited.get(doc.source_id, 0) + 1
    return [{"id": s.id, "name": s.name, "reliability": s.reliability,
             "affiliation": actor_ref(s.actor_id, catalogue), "n_cited": cited[s.id]}
            for s in sorted(evidence.sources.values(), key=lambda s: s.name) if s.id in cited]
