"""Places and control in the store: rows, writes and queries (SQL lives only in the store package).

Tables of migration ``0004_places``. Control claims are read back one per row, never merged, so
two outlets that disagree about who holds a town stay side by side.
"""

from __future__ import annotations

import datetime as dt

from faultlines.model import TextSpan
from faultlines.places import ControlClaim, Place

CONTROL_COLUMNS = ("id", "actor_id", "status", "place_id", "zone_id", "occurred_at", "occurred_precision", "modality",
                   "attributed_to", "doc_id", "start_char", "end_char", "place_start", "place_end", "qualifier",
                   "extractor", "confidence")
PLACE_COLUMNS = ("id", "name", "kind", "country", "parent", "lat", "lon", "source", "notes")
TABLES = ("places", "place_mentions", "claim_places", "zones", "control_claims", "amounts", "claim_amounts")


def geo_rows(geo) -> dict[str, list[tuple]]:
    """Rows per table for one document's places pass (``faultlines.extract.geo.Geo``)."""
    return {
        "places": [(p.id, p.name, p.kind, p.country, p.parent, p.lat, p.lon, p.source, p.notes)
                   for p in geo.places.values()],
        "place_mentions": [(m.id, m.span.doc_id, m.span.start, m.span.end, m.sentence.start, m.sentence.end,
                            m.place_id, m.method, list(m.candidates), m.qualifier) for m in geo.mentions],
        "claim_places": [(cid, m.place_id, m.id) for cid, m in geo.locations.items()],
        "zones": [(z.id, z.span.doc_id, z.span.start, z.span.end, z.text, z.kind, z.reference, z.distance_km,
                   z.direction) for z in geo.zones],
        "control_claims": [control_row(c) for c in geo.control],
        "amounts": [(a.id, a.span.doc_id, a.span.start, a.span.end, a.kind, a.value, a.unit, a.text)
                    for a in geo.amounts],
        "claim_amounts": [(cid, a.id) for cid, found in geo.claim_amounts.items() for a in found],
    }


def control_row(c: ControlClaim) -> tuple:
    return (c.id, c.actor_id, c.status, c.place_id, c.zone_id, c.occurred_at, c.occurred_precision, c.modality,
            c.attributed_to, c.evidence.doc_id, c.evidence.start, c.evidence.end, c.place_span.start,
            c.place_span.end, c.qualifier, c.extractor, c.confidence)


def control_from(row: tuple) -> ControlClaim:
    r = dict(zip(CONTROL_COLUMNS, row))
    claim = ControlClaim(r["actor_id"], r["status"], r["place_id"], r["occurred_at"],
                         TextSpan(r["doc_id"], r["start_char"], r["end_char"]),
                         TextSpan(r["doc_id"], r["place_start"], r["place_end"]), r["occurred_precision"],
                         r["modality"], r["attributed_to"], r["zone_id"], r["qualifier"], r["extractor"],
                         r["confidence"])
    assert claim.id == r["id"], f"stored control claim {r['id']} rebuilds as {claim.id}: the id scheme changed"
    return claim


def read_control(con, *, place_ids: list[str] | None = None, until: dt.date | None = None) -> list[ControlClaim]:
    """Stored control claims by date, optionally about ``place_ids`` and up to ``until`` (inclusive)."""
    sql = f"SELECT {', '.join(CONTROL_COLUMNS)} FROM control_claims WHERE 1=1"
    params: list[object] = []
    if place_ids is not None:
        sql += " AND place_id IN (SELECT unnest(?))"
        params.append(place_ids)
    if until is not None:
        sql += " AND occurred_at <= ?"
        params.append(until)
    return [control_from(r) for r in con.execute(sql + " ORDER BY occurred_at, id", params).fetchall()]


def read_places(con) -> list[Place]:
    """The places the store's documents refer to, by id."""
    rows = con.execute(f"SELECT {', '.join(PLACE_COLUMNS)} FROM places ORDER BY id").fetchall()
    return [Place(i, n, k, lat, lon, country=c, parent=par, source=s, notes=no)
            for i, n, k, c, par, lat, lon, s, no in rows]


def read_claim_places(con) -> dict[str, str]:
    """claim id -> the place id that locates it."""
    return dict(con.execute("SELECT claim_id, place_id FROM claim_places").fetchall())
