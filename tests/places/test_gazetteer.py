"""The gazetteer: curated Syrian places with their variants, GeoNames underneath, ambiguity reported."""

from __future__ import annotations


import pytest

from faultlines.errors import GazetteerError
from faultlines.places import Gazetteer, check_gazetteer, load_places


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.bundled()


@pytest.mark.parametrize("variants, place_id", [
    (["Der Ez Zor", "Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour", "Deir Ezzor"], "deir-ez-zor"),
    (["Hassaka", "Al-Hasakah", "Hasakah", "al Hasaka"], "hasakah"),
    (["Kobani", "Kobane", "Ayn al-Arab", "Ain al-Arab"], "kobani"),
    (["Nasib border crossing", "Nasib crossing", "Nassib crossing"], "nasib-crossing"),
    (["Bab al-Hawa", "Bab al Hawa crossing"], "bab-al-hawa"),
    (["al-Tanf", "Tanf garrison"], "tanf-garrison"),
    (["T-4", "Tiyas air base"], "t4"),
    (["Hmeimim", "Khmeimim air base"], "hmeimim"),
    (["the Yarmouk Basin", "Yarmouk Valley"], "yarmouk-basin"),
    (["East of the Euphrates"], "east-of-euphrates"),
    (["north-west Syria", "northwest Syria", "North West Syria"], "north-west-syria"),
])
def test_variants_resolve_to_one_curated_place(gaz, variants, place_id):
    assert {gaz.resolve(v).place_id for v in variants} == {place_id}


def test_curated_places_carry_coordinates_and_parents(gaz):
    nasib = gaz["nasib-crossing"]
    # The crossing lies on the Syria-Jordan border south of Daraa: roughly 32.5N, 36.2E.
    assert 32.3 < nasib.lat < 32.7 and 36.0 < nasib.lon < 36.4
    assert gaz.ancestors("nasib-crossing") == ["daraa-governorate", "syria"]
    assert gaz.governorate_of("hajin") == "deir-ez-zor-governorate"
    # Every curated point lies inside Syria's rough bounding box (32.3-37.4N, 35.6-42.4E).
    for place in gaz.curated.values():
        assert 32.3 <= place.lat <= 37.4 and 35.5 <= place.lon <= 42.4, place.id


@pytest.mark.parametrize("name, homonym_country", [
    ("Damascus", "US"), ("Kobani", "TZ"), ("Homs", "LY"), ("Ras al-Ayn", "IL")])
def test_a_homonym_abroad_never_wins_over_the_curated_place(gaz, name, homonym_country):
    # GeoNames really holds a place abroad under this name (checked first, so the test means something).
    abroad = [i for i in gaz._geonames_index.get(gaz_key(name), ()) if gaz[i].country == homonym_country]
    assert abroad
    for country in (None, "SY", homonym_country):
        found = gaz.resolve(name, country=country)
        assert found.ok and gaz[found.place_id].country == "SY" and found.method == "curated"


def gaz_key(name: str) -> str:
    from faultlines.catalogue.normalize import normalize
    return normalize(name)


def test_geonames_names_abroad_are_found_and_ambiguity_is_reported(gaz):
    assert gaz[gaz.resolve("Sochi").place_id].country == "RU"
    assert gaz.resolve("Jordan").place_id == "country-jo"
    tripoli = gaz.resolve("Tripoli")
    assert tripoli.ambiguous and {gaz[c].country for c in tripoli.candidates} >= {"LY", "LB"}
    assert gaz[gaz.resolve("Tripoli", country="LB").place_id].country == "LB"
    with pytest.raises(GazetteerError) as e:
        gaz.resolve_id("Tripoli")
    assert e.value.code == "E911" and "LB" in str(e.value) and "LY" in str(e.value)
    with pytest.raises(GazetteerError) as e:
        gaz.resolve_id("Nowhereville al-Nothing")
    assert e.value.code == "E910"


def test_curated_ambiguity_is_narrowed_only_by_context(tmp_path):
    path = tmp_path / "twins.yaml"
    path.write_text("gazetteer: twins\ncountry: SY\nplaces:\n"
                    "  - {id: a-gov, name: A Governorate, kind: governorate, lat: 33, lon: 36}\n"
                    "  - {id: b-gov, name: B Governorate, kind: governorate, lat: 35, lon: 38}\n"
                    "  - {id: qarya-a, name: Qarya, kind: village, parent: a-gov, lat: 33.1, lon: 36.1}\n"
                    "  - {id: qarya-b, name: Qarya, kind: village, parent: b-gov, lat: 35.1, lon: 38.1}\n",
                    encoding="utf-8")
    gaz = Gazetteer(load_places(path), geonames=False)
    found = gaz.resolve("Qarya")
    assert found.ambiguous and found.candidates == ("qarya-a", "qarya-b")
    assert gaz.resolve("Qarya", near=("b-gov",)).place_id == "qarya-b"


def test_nearest_places(gaz):
    found = gaz.nearest(36.85, 40.07, max_km=10)
    assert found[0][0].id == "ras-al-ayn" and found[0][1] < 1.0
    assert gaz.nearest(0.0, 0.0, max_km=100) == []


def test_loader_reports_every_problem_with_file_and_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("gazetteer: bad\ncountry: SY\nplaces:\n"
                    "  - {id: x, name: X, kind: town, lat: 95, lon: 36}\n"            # line 4: lat out of range
                    "  - {id: y, name: Y, kind: hamlet, lat: 33, lon: 36}\n"          # line 5: unknown kind
                    "  - {id: z, name: Z, kind: town, lat: 33, lon: 36, colour: red}\n"  # line 6: unknown key
                    "  - {id: w, name: W, kind: town, lat: 33, lon: 36, parent: nowhere}\n"  # line 7
                    "  - {id: w, name: W2, kind: town, lat: 33, lon: 36}\n",          # line 8: duplicate id
                    encoding="utf-8")
    problems = check_gazetteer(path)
    assert sorted((p.code, p.line) for p in problems) == [("E901", 6), ("E902", 5), ("E903", 8), ("E904", 7),
                                                           ("E905", 4)]
    assert all(p.path == str(path) for p in problems)
    with pytest.raises(GazetteerError) as e:
        load_places(path)
    assert e.value.code == "E905" and "4 more problem(s)" in str(e.value)
    broken = tmp_path / "broken.yaml"
    broken.write_text("places: [\n", encoding="utf-8")
    assert [p.code for p in check_gazetteer(broken)] == ["E900"]


def test_bundled_gazetteer_is_clean():
    assert check_gazetteer("syria") == []
