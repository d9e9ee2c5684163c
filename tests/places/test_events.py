"""Event rows with coordinates placed on the gazetteer: the real UCDP GED and ICEWS samples."""

from __future__ import annotations

import csv

import pytest

from faultlines.places import Gazetteer
from faultlines.places.events import place_for_event


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.bundled()


def test_ucdp_syrian_events_are_placed_within_their_coordinates(gaz, shared):
    with open(shared / "data" / "events" / "ucdp_ged_sample.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["country"] == "Syria"]
    assert len(rows) == 265  # the README's count: the sample is what we think it is
    placed = []
    for r in rows:
        lat, lon = float(r["latitude"]), float(r["longitude"])
        found = place_for_event(gaz, lat, lon, admin=(r["adm_1"],), dataset="ucdp", row=r["id"])
        if found.place_id is None:
            continue
        place = gaz[found.place_id]
        assert found.km <= 15.0 and place.country == "SY"
        assert abs(place.lat - lat) < 0.2 and abs(place.lon - lon) < 0.2  # within the stated coordinates
        placed.append(found)
    # Exact town points (where_prec 1-2) are nearly all within reach of a gazetteer or GeoNames place.
    assert len(placed) >= 200
    agree = sum(1 for f in placed if f.admin_ok)
    assert agree / len(placed) > 0.9
    assert all(f.warning.code == "W901" for f in placed if f.admin_ok is False)


def test_icews_syrian_events_and_their_provinces(gaz, shared):
    with open(shared / "data" / "events" / "icews_events.2018.sample.tab", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["Country"] == "Syria"]
    found = {}
    for r in rows:
        place = place_for_event(gaz, float(r["Latitude"]), float(r["Longitude"]),
                                admin=(r["Province"], r["District"]), dataset="icews", row=r["Event ID"])
        found.setdefault(r["City"], set()).add((place.place_id, place.admin_ok))
    assert found["Manbij"] == {("manbij", True)}  # "Muhafazat Halab" is Aleppo governorate, Manbij's parent
    assert found["Damascus"] == {("damascus", True)}  # province "Dimashq"
    assert found["Afrin"] == {("afrin", True)}
    assert {p for p, _ in found["Daraa"]} == {"daraa"}


def test_a_point_far_from_everything_and_a_wrong_admin_name(gaz):
    assert place_for_event(gaz, 0.0, -30.0).place_id is None  # mid-Atlantic
    wrong = place_for_event(gaz, 36.5281, 37.9549, admin=("Daraa governorate",), dataset="x", row="7")
    assert wrong.place_id == "manbij" and wrong.admin_ok is False and wrong.warning.code == "W901"
    assert "Daraa governorate" in wrong.warning.text
