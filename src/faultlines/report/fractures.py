"""Fractures from a store: gather what the detector needs, run it, and describe each finding.

:func:`find_fractures` reads the rolled-up dyad scores, the declared coalitions, the outlets'
affiliations and the partnerships the texts state, and runs
:class:`~faultlines.detect.FractureDetector`. :func:`fracture_record` turns one fracture into the
JSON-ready record of ``faultlines fractures --json`` (and of the brief and the web app).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from faultlines.catalogue import Catalogue
from faultlines.catalogue.rollup import principal
from faultlines.detect import FractureDetector
from faultlines.model import Claim, Document, RowRef, Source, TextSpan, format_date
from faultlines.model.dyads import DyadParams
from faultlines.model.fractures import Fracture
from faultlines.report.records import actor_ref
from faultlines.store import Store

TENSION_NOTE = "alliance-tension"


@dataclass(frozen=True)
class Evidence:
    """Everything a fracture's description needs from the store: claims, documents, outlets."""

    claims: dict[str, Claim]
    documents: dict[str, Document]
    sources: dict[str, Source]
    rows: dict[str, dict] = field(default_factory=dict)  # claim id -> its dataset row's codes and mentions


def find_fractures(store: Store, *, window: str = "month", as_of: dt.date | None = None,
                   until: dt.date | None = None, **params) -> FractureDetector:
    """Run the detector on the store's claims (rolled up to principals), fitted and returned.

    ``until`` limits the claims used (a backtest replays the past with it); ``as_of`` limits the
    windows; ``params`` are :class:`~faultlines.detect.FractureParams`.
    """
    catalogue = store.catalogue()
    scores = store.dyad_scores(DyadParams(window=window, rollup=True, until=until))
    day = scores[-1].start if scores else dt.date.today()
    sides = {s.id: principal(catalogue, s.actor_id, day) for s in store.sources().values() if s.actor_id}
    stated = {tuple(sorted((principal(catalogue, c.source_actor, c.occurred_at),
                            principal(catalogue, c.target_actor, c.occurred_at))))
              for c in store.claims(until=until) if c.notes and c.notes.startswith(TENSION_NOTE)}
    return FractureDetector(**params).fit(
        scores, coalitions=list(catalogue.coalitions.values()), principal=lambda a, d: principal(catalogue, a, d),
        outlet_sides=sides, stated_pairs={p for p in stated if p[0] != p[1]}, as_of=as_of)


def load_evidence(store: Store, fractures: list[Fracture]) -> Evidence:
    """The claims behind ``fractures`` (direct and through third parties), their documents and outlets."""
    wanted = {i for f in fractures for i in f.claim_ids} | {i for f in fractures for t in f.third_parties for i in t.claim_ids}
    claims = {c.id: c for c in store.claims() if c.id in wanted}
    doc_ids = sorted({e.doc_id for c in claims.values() for e in c.evidence if isinstance(e, TextSpan)})
    from_rows = [c.id for c in claims.values() if not any(isinstance(e, TextSpan) for e in c.evidence)]
    return Evidence(claims, store.documents(doc_ids), store.sources(), store.dataset_rows(from_rows))


def evidence_item(claim: Claim, evidence: Evidence, catalogue: Catalogue) -> dict[str, object]:
    """One claim as cited evidence: its exact text, outlet, URL and date.

    A claim read from an event dataset has no text: its dataset row is cited instead (see
    :func:`_row_cited`).
    """
    span = next((e for e in claim.evidence if isinstance(e, TextSpan)), None)
    row = next((e for e in claim.evidence if isinstance(e, RowRef)), None)
    doc = evidence.documents.get(span.doc_id) if span else None
    source = evidence.sources.get(doc.source_id) if doc and doc.source_id else None
    cited = _row_cited(claim, row, evidence) if span is None and row is not None else {
        "text": span.text(doc) if span and doc else None, "outlet": source.name if source else None,
        "outlet_id": source.id if source else None, "url": doc.url if doc else None,
        "doc_id": doc.id if doc else None, "title": doc.title if doc else None}
    return {"claim_id": claim.id, **cited,
            "date": format_date(claim.occurred_at, claim.occurred_precision),  # type: ignore[arg-type]
            "published": doc.published_at.isoformat() if doc and doc.published_at else None,
            "source": actor_ref(claim.source_actor, catalogue), "target": actor_ref(claim.target_actor, catalogue),
            "relation": claim.relation, "polarity": claim.polarity, "modality": claim.modality,
            "speaker": actor_ref(claim.speaker, catalogue), "attributed_to": actor_ref(claim.attributed_to, catalogue)}


def _row_cited(claim: Claim, row: RowRef, evidence: Evidence) -> dict[str, object]:
    """A dataset row as a citation: ``doc_id`` ``dataset:row id``, the dataset as outlet, the row's
    own URL (GDELT's ``SOURCEURL``) or else the first article mentioning its event, and the row's
    raw ``codes`` and ``mentions``."""
    source = evidence.sources.get(row.dataset)
    name = source.name if source else row.dataset
    found = evidence.rows.get(claim.id, {"codes": {}, "mentions": []})
    return {"text": None, "outlet": name, "outlet_id": source.id if source else None,
            "url": found["codes"].get("url") or next(iter(found["mentions"]), None),
            "doc_id": f"{row.dataset}:{row.row_id}",
            "title": f"{name} row {row.row_id}" + (f", line {row.line}" if row.line else ""),
            "codes": found["codes"], "mentions": found["mentions"]}


def _ranked(ids, evidence: Evidence) -> list[Claim]:
    """Hostile claims first (strongest, then latest), then the rest by date."""
    claims = [evidence.claims[i] for i in ids if i in evidence.claims]
    return sorted(claims, key=lambda c: (c.weight >= 0, c.weight, -c.occurred_at.toordinal(), c.id))


def fracture_record(f: Fracture, catalogue: Catalogue, evidence: Evidence, *, max_evidence: int = 8) -> dict[str, object]:
    """The ``fractures --json`` record: the pair named, coalition, score, status, onset, claim ids and
    the evidence (direct claims, hostile first, then those of the third parties)."""
    coalition = catalogue.coalitions.get(f.coalition)
    direct = _ranked(f.claim_ids, evidence)
    third = [c for t in f.third_parties for c in _ranked(t.claim_ids, evidence)]
    chosen = list(dict.fromkeys(direct[:max_evidence] + third[:max_evidence // 2]))
    return {
        "pair": [actor_ref(f.a, catalogue), actor_ref(f.b, catalogue)],
        "coalition": {"id": f.coalition, "name": coalition.name if coalition else f.coalition,
                      "kind": "declared" if coalition else f.coalition},
        "score": f.score, "status": f.status, "onset": f.onset.isoformat(),
        "alarm": f.alarm.isoformat() if f.alarm else None, "parts": dict(f.parts),
        "n_claims": f.n_claims, "n_happenings": f.n_happenings, "sources": list(f.sources),
        "partisan_side": actor_ref(f.partisan_side, catalogue),
        "claim_ids": list(f.claim_ids),
        "third_parties": [{"actor": actor_ref(t.actor, catalogue), "when": t.when.isoformat(),
                           "acting": actor_ref(t.actor_a, catalogue), "flow": t.flow,
                           "other": actor_ref(t.actor_b, catalogue), "standing": t.standing,
                           "claim_ids": list(t.claim_ids)} for t in f.third_parties],
        "series": [{"start": start.isoformat(), "score": score, "pressure": push} for start, score, push in f.series],
        "evidence": [evidence_item(c, evidence, catalogue) for c in chosen],
    }


def fractures_records(store: Store, *, window: str = "month", as_of: dt.date | None = None, limit: int | None = None,
                      max_evidence: int = 8, **params) -> list[dict[str, object]]:
    """Ranked fracture records of the store (``faultlines fractures --json``); [] for an empty store."""
    detector = find_fractures(store, window=window, as_of=as_of, **params)
    found = detector.fractures_[:limit] if limit else detector.fractures_
    evidence = load_evidence(store, found)
    catalogue = store.catalogue()
    return [fracture_record(f, catalogue, evidence, max_evidence=max_evidence) for f in found]
