"""JSON-ready records of actors and claims, with stable field names (the `--json` contract).

The CLI's ``--json`` output and later the web API are built from these, so a field is named once.
"""

from __future__ import annotations

import datetime as dt

from faultlines.catalogue import Catalogue
from faultlines.model import Actor, Affiliation, Claim, Document, Source, TextSpan, format_date
from faultlines.model.dyads import DyadScore


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def actor_ref(actor_id: str | None, catalogue: Catalogue) -> dict[str, str | None] | None:
    """``{"id", "name"}`` of an actor (name falls back to the id for unknown ids)."""
    if actor_id is None:
        return None
    actor = catalogue.actors.get(actor_id)
    return {"id": actor_id, "name": actor.name if actor else actor_id}


def affiliation_record(aff: Affiliation, catalogue: Catalogue, *, other: str) -> dict[str, object]:
    return {"relation": aff.relation, other: actor_ref(aff.parent if other == "parent" else aff.child, catalogue),
            "role": aff.role, "from": _date(aff.valid_from), "to": _date(aff.valid_to), "acting": aff.acting}


def actor_record(actor: Actor, catalogue: Catalogue) -> dict[str, object]:
    """An actor with its names, codes, and dated links both ways."""
    return {
        "id": actor.id, "name": actor.name, "kind": actor.kind, "country": actor.country,
        "aliases": list(actor.aliases), "acronyms": list(actor.acronyms), "demonyms": list(actor.demonyms),
        "capitals": list(actor.capitals), "codes": dict(actor.codes), "valid_from": _date(actor.valid_from),
        "valid_to": _date(actor.valid_to), "reliability": actor.reliability, "language": actor.language,
        "provisional": actor.provisional, "catalogue": actor.catalogue, "notes": actor.notes,
        "affiliations": [affiliation_record(a, catalogue, other="parent") for a in catalogue.affiliations_of(actor.id)],
        "dependents": [affiliation_record(a, catalogue, other="child") for a in catalogue.dependents_of(actor.id)],
        "coalitions": [{"id": c.id, "name": c.name, "role": m.role, "from": _date(m.valid_from), "to": _date(m.valid_to)}
                       for c in catalogue.coalitions.values() for m in c.members if m.actor_id == actor.id],
    }


def claim_record(claim: Claim, catalogue: Catalogue, documents: dict[str, Document],
                 sources: dict[str, Source], rows: dict[str, dict] | None = None) -> dict[str, object]:
    """A claim with its actors named and each piece of evidence resolved to its text and outlet;
    a dataset row with its raw codes and the articles mentioning its event when ``rows`` (from
    :meth:`~faultlines.store.Store.dataset_rows`) has them."""
    return {
        "id": claim.id, "source": actor_ref(claim.source_actor, catalogue),
        "target": actor_ref(claim.target_actor, catalogue), "relation": claim.relation,
        "polarity": claim.polarity, "intensity": claim.intensity, "weight": claim.weight,
        "occurred_at": format_date(claim.occurred_at, claim.occurred_precision),  # type: ignore[arg-type]
        "modality": claim.modality, "speaker": actor_ref(claim.speaker, catalogue),
        "attributed_to": actor_ref(claim.attributed_to, catalogue), "confidence": claim.confidence,
        "reliability": claim.reliability, "extractor": claim.extractor, "mapping": claim.mapping,
        "notes": claim.notes,
        "evidence": [_evidence(e, documents, sources, (rows or {}).get(claim.id)) for e in claim.evidence],
    }


def _evidence(ev, documents: dict[str, Document], sources: dict[str, Source], row: dict | None) -> dict[str, object]:
    if not isinstance(ev, TextSpan):
        return {"kind": "row", "dataset": ev.dataset, "row_id": ev.row_id, "line": ev.line,
                "codes": (row or {}).get("codes", {}), "mentions": (row or {}).get("mentions", [])}
    doc = documents.get(ev.doc_id)
    source = sources.get(doc.source_id) if doc and doc.source_id else None
    return {"kind": "span", "doc_id": ev.doc_id, "start": ev.start, "end": ev.end,
            "text": ev.text(doc) if doc else None, "url": doc.url if doc else None,
            "published_at": _date(doc.published_at) if doc else None,
            "outlet": {"id": source.id, "name": source.name, "reliability": source.reliability} if source else None}


def dyad_record(score: DyadScore, catalogue: Catalogue) -> dict[str, object]:
    """A dyad score with its pair named and the claims and outlets behind it."""
    return {"start": _date(score.start), "end": _date(score.end), "a": actor_ref(score.a, catalogue),
            "b": actor_ref(score.b, catalogue), "score": score.score, "n_claims": score.n_claims,
            "n_happenings": score.n_happenings, "n_independent_sources": score.n_independent_sources,
            "claim_ids": list(score.claim_ids), "sources": list(score.sources)}


def extraction_record(extraction, catalogue: Catalogue) -> dict[str, object]:
    """What one document yielded: the document, its mentions, claims and quotes, every span with its text."""
    doc = extraction.doc
    names = {**{a.id: a.name for a in extraction.new_actors}}

    def ref(actor_id):
        if actor_id is None:
            return None
        actor = catalogue.actors.get(actor_id)
        return {"id": actor_id, "name": actor.name if actor else names.get(actor_id, actor_id)}

    def span(s):
        return None if s is None else {"start": s.start, "end": s.end, "text": doc.text[s.start:s.end]}

    return {
        "document": {"id": doc.id, "url": doc.url, "title": doc.title, "published_at": _date(doc.published_at),
                     "language": doc.language, "source_id": doc.source_id, "n_chars": len(doc.text)},
        "mentions": [{**span(m.span), "actor_id": m.actor_id, "actor_name": (ref(m.actor_id) or {})["name"],
                      "method": m.method, "confidence": m.confidence} for m in extraction.mentions],
        "claims": [{"id": c.id, "source": ref(c.source_actor), "target": ref(c.target_actor), "relation": c.relation,
                    "polarity": c.polarity, "intensity": c.intensity, "modality": c.modality,
                    "speaker": ref(c.speaker), "attributed_to": ref(c.attributed_to),
                    "occurred_at": format_date(c.occurred_at, c.occurred_precision),  # type: ignore[arg-type]
                    "confidence": c.confidence, "mapping": c.mapping, "notes": c.notes,
                    "evidence": span(next(e for e in c.evidence if isinstance(e, TextSpan)))}
                   for c in extraction.claims],
        "quotes": [{**span(q.span), "kind": q.kind, "speaker": ref(q.speaker), "speaker_span": span(q.speaker_span)}
                   for q in extraction.quotes],
        "new_actors": [{"id": a.id, "name": a.name, "kind": a.kind, "aliases": list(a.aliases)}
                       for a in extraction.new_actors],
    }
