"""GeoJSON (RFC 7946) of places, control claims and located claims: coordinates are [lon, lat].

:func:`geojson` builds one ``FeatureCollection`` (the web map layer takes it as is);
``window`` keeps only claims dated inside [start, end). Feature ``properties.layer`` is
``place``, ``control`` or ``claim``; rivers and borders are LineStrings, a country with an
outline a Polygon, everything else a Point.

>>> from faultlines.places.model import Place
>>> fc = geojson([Place("manbij", "Manbij", "town", 36.5281, 37.9549)])
>>> fc["features"][0]["geometry"]
{'type': 'Point', 'coordinates': [37.9549, 36.5281]}
"""

from __future__ import annotations

import datetime as dt

from faultlines.places.model import ControlClaim, Place


def geojson(places: list[Place], control: list[ControlClaim] = (), located: dict[str, dict] | None = None, *,
            window: tuple[dt.date, dt.date] | None = None) -> dict:
    """A FeatureCollection of ``places``, ``control`` claims at their place, and ``located`` claims.

    ``located`` maps a claim id to ``{"place_id", "occurred_at", ...properties}`` (as
    :func:`faultlines.report.records` style dicts); claims and control outside ``window`` are left out.
    """
    by_id = {p.id: p for p in places}
    inside = (lambda d: window[0] <= d < window[1]) if window else (lambda d: True)
    features = [_feature(_geometry(p), {"layer": "place", "id": p.id, "name": p.name, "kind": p.kind,
                                        "country": p.country, "parent": p.parent, "notes": p.notes}) for p in places]
    for c in control:
        if c.place_id in by_id and inside(c.occurred_at):
            features.append(_feature(_point(by_id[c.place_id]), {
                "layer": "control", "id": c.id, "actor": c.actor_id, "status": c.status, "place": c.place_id,
                "occurred_at": c.occurred_at.isoformat(), "modality": c.modality, "source": c.attributed_to,
                "doc_id": c.evidence.doc_id, "start": c.evidence.start, "end": c.evidence.end}))
    for claim_id, props in (located or {}).items():
        place = by_id.get(props["place_id"])
        if place is not None and inside(props["occurred_at"]):
            features.append(_feature(_point(place), {"layer": "claim", "id": claim_id, **{
                k: v.isoformat() if isinstance(v, dt.date) else v for k, v in props.items()}}))
    return {"type": "FeatureCollection", "features": features}


def _feature(geometry: dict, properties: dict) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _point(p: Place) -> dict:
    return {"type": "Point", "coordinates": [p.lon, p.lat]}


def _geometry(p: Place) -> dict:
    if p.outline:
        return {"type": "Polygon", "coordinates": [[list(v) for v in p.outline]]}
    if p.line:
        return {"type": "LineString", "coordinates": [list(v) for v in p.line]}
    return _point(p)


def store_geojson(store, *, window: tuple[dt.date, dt.date] | None = None, gazetteer=None) -> dict:
    """The GeoJSON of a store: its places, control claims and located claims (endpoint-ready JSON).

    For the web app's map layer: ``return store_geojson(store, window=(start, end))``. The store
    keeps places as points; their lines and outlines come from ``gazetteer`` (default: bundled).
    """
    from faultlines.places.gazetteer import Gazetteer
    from faultlines.store.places import read_claim_places

    gazetteer = gazetteer or Gazetteer.bundled()
    places = [gazetteer.curated.get(p.id, p) for p in store.places()]

    where = read_claim_places(store.con)
    located = {c.id: {"place_id": where[c.id], "occurred_at": c.occurred_at, "source": c.source_actor,
                      "target": c.target_actor, "relation": c.relation, "weight": c.weight,
                      "outlet": c.attributed_to} for c in store.claims() if c.id in where}
    return geojson(places, store.control(), located, window=window)
