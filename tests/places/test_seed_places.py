"""The founding article's territory: each place resolved, located, linked to its actor and sentence.

The article is read from ../shared/seed; expectations are ids, statuses and rough coordinates only.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from faultlines.extract import Extractor
from faultlines.ingest import ingest
from faultlines.model import Document
from faultlines.places import Gazetteer
from faultlines.places.control import control_at, timeline
from faultlines.places.geojson import store_geojson
from faultlines.places.mapplot import latest_holders, map_svg
from faultlines.store import Store

SEED_NAME = "fractures-post-isis-syria-2018.txt"


@pytest.fixture(scope="module")
def extractor(syria) -> Extractor:
    return Extractor(syria)


@pytest.fixture(scope="module")
def seed_doc(shared) -> Document:
    path = shared / "seed" / SEED_NAME
    if not path.is_file():
        pytest.fail(f"the founding article is missing: expected it at {path}")
    return Document(path.read_text(encoding="utf-8"), published_at=dt.date(2018, 5, 22))


@pytest.fixture(scope="module")
def seed(extractor, seed_doc):
    return extractor.extract(seed_doc)


@pytest.fixture(scope="module")
def geo(seed):
    return seed.geo


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.bundled()


def _control(geo, actor, status, place):
    return [c for c in geo.control if (c.actor_id, c.status, c.place_id) == (actor, status, place)]


def test_isis_held_areas_the_article_lists(geo, seed_doc, gaz):
    for place in ("hasakah", "hajin", "syrian-desert", "yarmouk-basin"):
        found = _control(geo, "isis", "holds", place)
        assert found, place
        claim = found[0]
        named = seed_doc.text[claim.place_span.start:claim.place_span.end]
        assert gaz.resolve(named).place_id == place  # the span names the place it is linked to
        assert claim.evidence.start <= claim.place_span.start < claim.place_span.end <= claim.evidence.end
    assert _control(geo, "isis", "holds", "hasakah")[0].qualifier == "outskirts of"
    # Hajin lies on the Euphrates in Deir ez-Zor: about 34.7N, 40.8E.
    hajin = gaz["hajin"]
    assert abs(hajin.lat - 34.69) < 0.1 and abs(hajin.lon - 40.83) < 0.1
    # ISIS ceded two south Damascus suburbs to the government: both sides of the handover are kept.
    assert _control(geo, "isis", "loses", "yarmouk-camp") and _control(geo, "syrian-government", "captures", "yarmouk-camp")


def test_turkey_and_the_north_west(geo, seed_doc):
    found = _control(geo, "turkey", "holds", "north-west-syria")
    assert found and found[0].modality == "hypothetical" and found[0].attributed_to == "cbs-news"
    assert "consolidate" in seed_doc.text[found[0].evidence.start:found[0].evidence.end]


def test_sdf_manbij_and_turkey_seeking_it(geo, seed, seed_doc):
    seeks = _control(geo, "turkey", "seeks", "manbij")
    assert seeks and seed_doc.text[seeks[0].place_span.start:seeks[0].place_span.end] == "town"
    meeting = [c for c in seed.claims if {c.source_actor, c.target_actor} == {"us-armed-forces", "manbij-military-council"}]
    assert meeting and geo.locations[meeting[0].id].place_id == "manbij"
    inside_name = [m for m in geo.mentions if m.place_id == "manbij" and m.method == "in-actor-name"]
    assert inside_name  # "the SDF's Manbij Military Council" names the town too


def test_iran_south_west_and_the_southern_border_zone(geo, gaz):
    assert _control(geo, "iran", "seeks", "south-west-syria")
    zone = next(z for z in geo.zones if z.reference == "southern-border")
    assert zone.distance_km == 25.0 and zone.kind == "distance-from"
    withdrawals = [c for c in geo.control if c.zone_id == zone.id and c.status == "withdraws"]
    assert {c.actor_id for c in withdrawals} >= {"hezbollah", "iran"}
    assert all(c.modality == "future" for c in withdrawals)  # part of a proposed arrangement
    assert gaz["southern-border"].line[0][1] < 33.0  # lon, lat pairs: the border runs at ~32.3-33.4N


def test_nasib_crossing(geo, seed_doc, gaz):
    mention = next(m for m in geo.mentions if m.place_id == "nasib-crossing")
    assert seed_doc.text[mention.span.start:mention.span.end] == "Nasib border crossing"
    assert "Jordan" in seed_doc.text[mention.sentence.start:mention.sentence.end]
    assert gaz["nasib-crossing"].kind == "crossing" and gaz.ancestors("nasib-crossing")[0] == "daraa-governorate"


def test_amounts_are_typed(geo, seed_doc):
    money = [a for a in geo.amounts if a.kind == "money"]
    assert money and all(a.value == 200e6 and a.unit == "USD" for a in money)
    assert seed_doc.text[money[0].span.start:money[0].span.end] == money[0].text


def test_claim_amounts_and_location_on_a_sentence_of_our_own(extractor):
    doc = Document("In Raqqa, the United States funded the SDF with $200 million on 3 May 2018.",
                   published_at=dt.date(2018, 5, 4))
    got = extractor.extract(doc)
    claim = next(c for c in got.claims if c.source_actor == "united-states")
    assert got.geo.locations[claim.id].place_id == "raqqa"
    assert [(a.kind, a.value) for a in got.geo.claim_amounts[claim.id]] == [("money", 200e6)]


def test_control_claims_in_the_store_answer_who_held_a_place(tmp_path, shared):
    text = tmp_path / "seed.txt"
    shutil.copy(shared / "seed" / SEED_NAME, text)
    own = tmp_path / "own.txt"  # two sources of our own that disagree about Manbij in May 2018
    own.write_text("Manbij, 30 May 2018 — The SDF holds Manbij, according to Hawar News.\n\n"
                   "Turkey captured Manbij on 20 May 2018, according to Anadolu.\n", encoding="utf-8")
    with Store(tmp_path / "x.duckdb") as store:
        ingest(store, [text, own])
        claims = store.control(place_ids=["manbij"])
        answer = control_at(claims, "manbij", dt.date(2018, 5, 31))
        collection = store_geojson(store)
        places = store.places()
        control = store.control()
    by = {(a["actor"], a["source"]): a for a in answer["answers"]}
    assert by[("sdf", "hawar-news")]["holding"] and by[("turkey", "anadolu")]["holding"]
    assert answer["contested"] and answer["holders"] == ["sdf", "turkey"]
    assert ("turkey", None) in by and not by[("turkey", None)]["holding"]  # the article: seeks, not holds
    assert [c.occurred_at for c in timeline(claims, "manbij")] == sorted(c.occurred_at for c in claims)
    before = control_at(claims, "manbij", dt.date(2018, 5, 1))
    assert not before["holders"]
    _check_geojson(json.loads(json.dumps(collection)), {p.id: p for p in places})
    svg = map_svg(places, holders=latest_holders(control))
    assert svg.lstrip().startswith("<?xml") and "Manbij" in svg


def _check_geojson(fc, places):
    assert fc["type"] == "FeatureCollection" and fc["features"]
    kinds = {f["geometry"]["type"] for f in fc["features"]}
    assert kinds >= {"Point", "Polygon", "LineString"}
    for f in fc["features"]:
        assert f["type"] == "Feature" and f["properties"]["layer"] in ("place", "control", "claim")
        geom = f["geometry"]
        coords = [geom["coordinates"]] if geom["type"] == "Point" else (
            geom["coordinates"][0] if geom["type"] == "Polygon" else geom["coordinates"])
        for lon, lat in coords:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        if geom["type"] == "Polygon":
            assert coords[0] == coords[-1]  # a closed ring
    manbij = next(f for f in fc["features"] if f["properties"].get("id") == "manbij")
    assert manbij["geometry"]["coordinates"] == [places["manbij"].lon, places["manbij"].lat]
    assert manbij["geometry"]["coordinates"][0] > manbij["geometry"]["coordinates"][1]  # lon 37.95 first, lat 36.5
