"""Model objects to and from store rows. Pure functions; the SQL lives in :mod:`store.store`."""

from __future__ import annotations

import json

from faultlines.model import Mention, content_id
from faultlines.model.quotes import Quote
from faultlines.model import Actor, Affiliation, Claim, Coalition, CoalitionMember, Document, RowRef, Source, TextSpan

ACTOR_COLUMNS = ("id", "name", "kind", "country", "aliases", "acronyms", "demonyms", "capitals", "codes",
                 "valid_from", "valid_to", "reliability", "language", "collective_offices", "notes",
                 "provisional", "catalogue")
CLAIM_COLUMNS = ("id", "source_actor", "target_actor", "relation", "polarity", "intensity", "occurred_at",
                 "occurred_precision", "modality", "speaker", "attributed_to", "extractor", "mapping",
                 "confidence", "reliability", "notes")
SOURCE_COLUMNS = ("id", "name", "kind", "country", "language", "actor_id", "reliability", "credibility")
DOCUMENT_COLUMNS = ("id", "url", "title", "published_at", "source_id", "language", "text")
AFFILIATION_COLUMNS = ("id", "child", "relation", "parent", "valid_from", "valid_to", "role", "acting",
                       "evidence", "notes")


def actor_row(a: Actor) -> tuple:
    return (a.id, a.name, a.kind, a.country, list(a.aliases), list(a.acronyms), list(a.demonyms),
            list(a.capitals), json.dumps(dict(a.codes), sort_keys=True), a.valid_from, a.valid_to,
            a.reliability, a.language, list(a.collective_offices), a.notes, a.provisional, a.catalogue)


def actor_from(row: tuple) -> Actor:
    r = dict(zip(ACTOR_COLUMNS, row))
    for key in ("aliases", "acronyms", "demonyms", "capitals", "collective_offices"):
        r[key] = tuple(r[key] or ())
    r["codes"] = tuple(sorted(json.loads(r["codes"] or "{}").items()))
    return Actor(**r)


def affiliation_row(a: Affiliation) -> tuple:
    return (a.id, a.child, a.relation, a.parent, a.valid_from, a.valid_to, a.role, a.acting, a.evidence, a.notes)


def affiliation_from(row: tuple) -> Affiliation:
    r = dict(zip(AFFILIATION_COLUMNS, row))
    r.pop("id")
    return Affiliation(**r)


def coalition_rows(c: Coalition) -> tuple[tuple, list[tuple]]:
    head = (c.id, c.name, c.kind, c.leader, list(c.against), list(c.aliases), c.valid_from, c.valid_to, c.notes)
    members = [(c.id, i, m.actor_id, m.valid_from, m.valid_to, m.role) for i, m in enumerate(c.members)]
    return head, members


def coalition_from(head: tuple, members: list[tuple]) -> Coalition:
    cid, name, kind, leader, against, aliases, start, stop, notes = head
    return Coalition(cid, name, kind, leader, tuple(against or ()), tuple(aliases or ()), start, stop,
                     tuple(CoalitionMember(a, f, t, r) for _, _, a, f, t, r in sorted(members, key=lambda m: m[1])),
                     notes)


def source_row(s: Source) -> tuple:
    return (s.id, s.name, s.kind, s.country, s.language, s.actor_id, s.reliability, s.credibility)


def source_from(row: tuple) -> Source:
    return Source(**dict(zip(SOURCE_COLUMNS, row)))


def document_row(d: Document) -> tuple:
    return (d.id, d.url, d.title, d.published_at, d.source_id, d.language, d.text)


def document_from(row: tuple) -> Document:
    r = dict(zip(DOCUMENT_COLUMNS, row))
    r.pop("id")
    return Document(**r)


def claim_row(c: Claim) -> tuple:
    return (c.id, c.source_actor, c.target_actor, c.relation, c.polarity, c.intensity, c.occurred_at,
            c.occurred_precision, c.modality, c.speaker, c.attributed_to, c.extractor, c.mapping, c.confidence,
            c.reliability, c.notes)


def evidence_rows(c: Claim) -> list[tuple]:
    rows = []
    for i, ev in enumerate(c.evidence):
        if isinstance(ev, TextSpan):
            rows.append((c.id, i, "span", ev.doc_id, ev.start, ev.end, None, None, None))
        else:
            rows.append((c.id, i, "row", None, None, None, ev.dataset, ev.row_id, ev.line))
    return rows


def claim_from(row: tuple, evidence: list[tuple]) -> Claim:
    r = dict(zip(CLAIM_COLUMNS, row))
    claim_id = r.pop("id")
    refs = []
    for _, _, kind, doc_id, start, end, dataset, row_id, line in sorted(evidence, key=lambda e: e[1]):
        refs.append(TextSpan(doc_id, start, end) if kind == "span" else RowRef(dataset, row_id, line))
    claim = Claim(evidence=tuple(refs), **r)
    assert claim.id == claim_id, f"stored claim {claim_id} rebuilds as {claim.id}: the id scheme changed"
    return claim


def mention_row(m: Mention) -> tuple:
    span = m.span
    return (content_id("men", [span.doc_id, span.start, span.end, m.actor_id]), span.doc_id, span.start, span.end,
            m.actor_id, m.method, m.confidence)


def quote_row(q: Quote) -> tuple:
    who = q.speaker_span
    return (content_id("quo", [q.span.doc_id, q.span.start, q.span.end, q.speaker]), q.span.doc_id, q.span.start,
            q.span.end, q.speaker, who.start if who else None, who.end if who else None, q.kind)
