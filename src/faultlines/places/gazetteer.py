"""Place resolution: curated conflict gazetteers first, then GeoNames, never a silent guess.

Tiers, first hit wins: a place id; an exact curated name or alias (case, accents, quote marks,
"the" folded); the curated transliteration skeleton ("Dayr az Zawr" meets "Deir ez-Zor"); a
country name; a GeoNames city name or Latin alternate name. When a tier finds several places,
the document's country and the places named near the name (their parents) may choose one;
otherwise the result is ambiguous and lists the candidates, and the later tiers are not asked, so
a GeoNames town abroad never wins over a curated Syrian place.

>>> gaz = Gazetteer.bundled()
>>> gaz.resolve("Dayr az Zawr").place_id, gaz.resolve("Kobane").place_id
('deir-ez-zor', 'kobani')
>>> r = gaz.resolve("Damascus", country="US")
>>> r.place_id, r.method
('damascus', 'curated')
"""

from __future__ import annotations

import math
from functools import cached_property
from pathlib import Path

import numpy as np

from faultlines.catalogue.normalize import normalize, skeleton
from faultlines.errors import GazetteerError
from faultlines.places.geonames import geonames_places
from faultlines.places.loader import load_places
from faultlines.places.model import Place, PlaceResolution

EARTH_KM = 6371.0088
_COMPASS_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
_ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ad"}


class Gazetteer:
    """Curated places (``places``) over GeoNames countries and cities (loaded on first need)."""

    def __init__(self, places: dict[str, Place], *, geonames: bool = True) -> None:
        self.curated = dict(places)
        self.use_geonames = geonames
        self._exact: dict[str, set[str]] = {}
        self._skeleton: dict[str, set[str]] = {}
        for place in self.curated.values():
            for name in (place.name, *place.aliases):
                key = normalize(name)
                for form in {key, _bare(key)}:
                    self._exact.setdefault(form, set()).add(place.id)
                if (skel := skeleton(key)) and not _COMPASS_WORDS & set(key.split()):
                    self._skeleton.setdefault(skel, set()).add(place.id)

    @classmethod
    def bundled(cls, *names: str | Path) -> "Gazetteer":
        """The bundled curated gazetteers (default: all of them) over GeoNames."""
        from faultlines.places.loader import bundled_gazetteers
        return cls(load_places(*(names or bundled_gazetteers())))

    @cached_property
    def _geonames(self) -> dict[str, Place]:
        if not self.use_geonames:
            return {}
        curated_countries = {p.country for p in self.curated.values() if p.kind == "country"}
        return {i: p for i, p in geonames_places().items() if not (p.kind == "country" and p.country in curated_countries)}

    @cached_property
    def _geonames_index(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        for place in self._geonames.values():
            for name in (place.name, *place.aliases):
                index.setdefault(normalize(name), set()).add(place.id)
        return index

    def get(self, place_id: str) -> Place | None:
        """The place with this id, curated or GeoNames."""
        return self.curated.get(place_id) or self._geonames.get(place_id)

    def __getitem__(self, place_id: str) -> Place:
        place = self.get(place_id)
        if place is None:
            raise GazetteerError("E910", name=place_id)
        return place

    def ancestors(self, place_id: str) -> list[str]:
        """Parent, grandparent ... of a place (its country last for curated places).

        >>> Gazetteer.bundled().ancestors("nasib-crossing")
        ['daraa-governorate', 'syria']
        """
        chain: list[str] = []
        place = self.get(place_id)
        while place is not None and place.parent and place.parent not in chain:
            chain.append(place.parent)
            place = self.get(place.parent)
        return chain

    def governorate_of(self, place_id: str) -> str | None:
        """The first-level region a place lies in (itself if it is one)."""
        for pid in (place_id, *self.ancestors(place_id)):
            place = self.get(pid)
            if place is not None and place.kind == "governorate":
                return pid
        return None

    def country_of(self, place_id: str) -> str | None:
        place = self.get(place_id)
        return place.country if place else None

    def by_compass(self, country: str, compass: str) -> Place | None:
        """The curated region of ``country`` (ISO2) named by a compass point ("north-west").

        >>> Gazetteer.bundled().by_compass("SY", "south-west").id
        'south-west-syria'
        """
        return next((p for p in self.curated.values() if p.country == country and p.compass == compass), None)

    def resolve(self, name: str, *, country: str | None = None, near: tuple[str, ...] = ()) -> PlaceResolution:
        """Which place ``name`` is, given the document's ``country`` (ISO2) and places named ``near`` it."""
        name = name.strip()
        if self.get(name) is not None:
            return PlaceResolution(name, name, "id")
        key = normalize(name)
        # Compass words fold together in the skeleton ("north east" ~ "north west"): exact names only.
        skel = skeleton(key) if not _COMPASS_WORDS & set(key.split()) else ""
        tiers = (("curated", self._exact.get(key) or self._exact.get(_bare(key))), ("skeleton", self._skeleton.get(skel) if skel else None),
                 ("geonames", self._geonames_index.get(key) if self.use_geonames else None))
        for method, found in tiers:
            if found:
                return self._choose(name, method, found, country, near)
        return PlaceResolution(name, None)

    def _choose(self, name: str, method: str, found: set[str], country: str | None,
                near: tuple[str, ...]) -> PlaceResolution:
        ids = sorted(found)
        if method == "geonames":
            countries = [i for i in ids if self[i].kind == "country"]
            ids = countries or ids  # "Jordan" the country, not a town called Jordan
            method = "country" if countries else method
        if len(ids) == 1:
            return PlaceResolution(name, ids[0], method)
        for narrow in (lambda i: bool(set(near) & {i, *self.ancestors(i)}), lambda i: self[i].country == country):
            kept = [i for i in ids if narrow(i)]
            if len(kept) == 1:
                return PlaceResolution(name, kept[0], method + "+context")
            ids = kept or ids
        return PlaceResolution(name, None, method, tuple(ids))

    def resolve_id(self, name: str, *, country: str | None = None) -> str:
        """The id ``name`` resolves to; raise ``E910`` (unknown) or ``E911`` (ambiguous, with candidates)."""
        found = self.resolve(name, country=country)
        if found.ok:
            return found.place_id  # type: ignore[return-value]
        if found.ambiguous:
            raise GazetteerError("E911", name=name, candidates=", ".join(self.describe(i) for i in found.candidates))
        raise GazetteerError("E910", name=name)

    def describe(self, place_id: str) -> str:
        """``id (name, kind, country)``, for messages listing candidates."""
        place = self[place_id]
        return f"{place.id} ({place.name}, {place.kind}, {place.country})"

    def nearest(self, lat: float, lon: float, *, max_km: float, kinds: tuple[str, ...] | None = None,
                curated: bool = True) -> list[tuple[Place, float]]:
        """Places within ``max_km`` of a point, nearest first, as (place, km).

        >>> [p.id for p, km in Gazetteer.bundled().nearest(36.53, 37.95, max_km=5, kinds=("town",))]
        ['manbij']
        """
        pool = [p for p in (self.curated.values() if curated else self._geonames.values())
                if kinds is None or p.kind in kinds]
        if not pool:
            return []
        km = haversine_km(lat, lon, np.array([p.lat for p in pool]), np.array([p.lon for p in pool]))
        order = np.argsort(km, kind="stable")
        return [(pool[i], round(float(km[i]), 2)) for i in order if km[i] <= max_km]


def _bare(key: str) -> str:
    """A normalised name without its Arabic article: "al hasaka" -> "hasaka"."""
    head, _, rest = key.partition(" ")
    return rest if rest and head in _ARTICLES else key


def haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distances in km from one point to many.

    >>> round(float(haversine_km(33.5138, 36.2765, np.array([36.2021]), np.array([37.1343]))[0]))
    309
    """
    p1, p2 = math.radians(lat), np.radians(lats)
    dphi, dlmb = p2 - p1, np.radians(lons) - math.radians(lon)
    a = np.sin(dphi / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
